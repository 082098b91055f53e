"""The frame around a plot with a legend above it: wrapped title, subtitle and
source note, the legend in a fixed number of columns (so the number of legend
rows — and the room they need — is known whatever the screen width), and
margins sized for all of it, so nothing overlaps.

Used by the trends, compare and profile figures; built on
:func:`cchc.figures.captioned`.

>>> wrap("Nguồn: Bộ Nội vụ — Báo cáo Chỉ số cải cách hành chính", 24)
'Nguồn: Bộ Nội vụ — Báo<br>cáo Chỉ số cải cách hành<br>chính'
>>> short("2. Công khai, minh bạch trong việc ra quyết định ở địa phương", 28)
'2. Công khai, minh bạch…'
"""

from __future__ import annotations

import math
import textwrap

import plotly.graph_objects as go

from cchc.figures import captioned

TITLE_WIDTH, SUBTITLE_WIDTH, SOURCE_WIDTH = 64, 100, 140


def wrap(text: str, width: int) -> str:
    """``text`` broken at spaces into lines of at most ``width`` characters, joined by ``<br>``."""
    return "<br>".join(textwrap.wrap(text or "", width=width, break_long_words=False, break_on_hyphens=False))


def short(text: str, width: int) -> str:
    """``text`` cut at a word boundary to at most ``width`` characters, with "…" when cut."""
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0].rstrip(",;:—-– ")
    return cut + "…"


def _lines(text: str) -> int:
    return text.count("<br>") + 1 if text else 0


def framed(fig: go.Figure, *, title: str, subtitle: str, source_note: str, lang: str, plot_height: int,
           legend_items: int = 0, legend_columns: int = 3, bottom: int = 40, above: int = 0) -> go.Figure:
    """Caption ``fig`` (:func:`cchc.figures.captioned`) with wrapped texts; put a
    horizontal legend of ``legend_items`` entries in ``legend_columns`` columns
    above the plot; size the figure as ``plot_height`` + the room above (title,
    subtitle, legend, and ``above`` pixels between legend and plot — for subplot
    titles) and below (``bottom`` pixels of axis, then the source note)."""
    t, s, n = wrap(title, TITLE_WIDTH), wrap(subtitle, SUBTITLE_WIDTH), wrap(source_note, SOURCE_WIDTH)
    rows = math.ceil(legend_items / legend_columns) if legend_items else 0
    top = 18 + 26 * _lines(t) + 24 * (_lines(t) - 1) + 18 * _lines(s) + 22 * rows + 16 + above
    below = bottom + 15 * _lines(n) + 14
    total = plot_height + top + below
    captioned(fig, title=t, subtitle=s, source_note=n, lang=lang, height=total)
    # Plotly anchors a multi-line title by its first line: move it down by the extra lines
    fig.update_layout(margin=dict(t=top, b=below), title=dict(y=1 - (12 + 26 * (_lines(t) - 1)) / total, yanchor="top"))
    fig.update_annotations(selector=dict(text=n), yshift=-bottom)
    if rows:
        fig.update_layout(legend=dict(orientation="h", x=0, xanchor="left", y=1.0 + above / plot_height, yanchor="bottom",
                                      entrywidth=1 / legend_columns, entrywidthmode="fraction",
                                      traceorder="normal", font=dict(size=12)))
    else:
        fig.update_layout(showlegend=False)
    return fig
