"""Page furniture of a figure that Plotly does not do by itself: wrapping long
titles, subtitles and source notes onto several lines, a legend above the plot
in a fixed number of columns (so the number of legend rows — and the room they
need — is known whatever the screen width), and margins that make room for all
of it, so nothing runs off the canvas or overlaps the plot — on a wide screen
and (``narrow=True``) on a phone.

Every figure builder of :mod:`cchc.figures` frames its figure with
:func:`framed`, built on :func:`cchc.figures.captioned`.

>>> wrap("Nguồn: Bộ Nội vụ — Báo cáo Chỉ số cải cách hành chính", 24)
'Nguồn: Bộ Nội vụ — Báo<br>cáo Chỉ số cải cách hành<br>chính'
>>> short("2. Công khai, minh bạch trong việc ra quyết định ở địa phương", 28)
'2. Công khai, minh bạch…'
>>> lines("Năm 2023<br>Cấp tỉnh"), lines("")
(2, 0)
"""

from __future__ import annotations

import textwrap

import plotly.graph_objects as go

from cchc.figures import captioned

WIDE_PX, NARROW_PX = 1300, 360   # typical widths of a full-width chart on a wide screen and on a phone
# Texts of charts drawn without a known width (trends, side by side, scorecard) are wrapped as for this width,
# so they fit the page beside the sidebar and a square export.
MEDIUM_PX = 768
ROW_PX = 22   # one legend row above the plot
LEGEND_GAP = 6   # pixels between the legend and the plot
# Zoom and selection tools make no sense on a ranking and cover the title on a phone: keep "download as PNG".
MODEBAR_REMOVE = ["zoom", "pan", "select", "lasso", "zoomIn", "zoomOut", "autoScale", "resetScale"]


def text_widths(px: int) -> tuple[int, int, int]:
    """Characters per line of the title (20 px), subtitle (13 px) and source note (11 px) in ``px`` pixels.

    >>> text_widths(360)
    (30, 48, 57)
    """
    return max(px * 10 // 120, 20), max(px * 10 // 75, 30), max(px * 10 // 63, 36)


def wrap(text: str, width: int) -> str:
    """``text`` broken at spaces into lines of at most ``width`` characters, joined by ``<br>``."""
    return "<br>".join(textwrap.wrap(text or "", width=width, break_long_words=False, break_on_hyphens=False))


def short(text: str, width: int) -> str:
    """``text`` cut at a word boundary to at most ``width`` characters, with "…" when cut."""
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0].rstrip(",;:—-– ")
    return cut + "…"


def lines(text: str) -> int:
    """How many lines a text wrapped by :func:`wrap` takes (0 when empty)."""
    return text.count("<br>") + 1 if text else 0


def framed(fig: go.Figure, *, title: str, subtitle: str, source_note: str, lang: str, height: int,
           legend_items: int = 0, legend_columns: int = 3, bottom: int = 40, above: int = 0, narrow: bool = False,
           left: int | None = None, width: int | None = None) -> go.Figure:
    """:func:`cchc.figures.captioned` with wrapped texts and margins sized for them.

    ``height`` is the height of the plot area in pixels. Above it: the title,
    the subtitle, a legend of ``legend_items`` entries in ``legend_columns``
    columns (one per row when ``narrow``), so the room it takes is known
    whatever the screen width, and ``above`` more pixels between the legend and
    the plot (for subplot titles or a radar's top label). Below it: ``bottom``
    pixels for the x-axis, then the source note.

    ``left``: the left margin in pixels — room for category labels, see
    :func:`label_width`. Then the margins are exact (nothing may push them) and
    the title, legend and source note start at the figure's left edge. Without
    it Plotly sizes the side margins for the axes' tick labels and titles
    (side margins a builder set on the figure are kept), and the texts start
    at the plot's left edge. ``width``: the expected width of the figure in
    pixels (a chart in a column is narrower), from which the text lines are
    wrapped; default: a full-width chart, or a phone when ``narrow``.
    """
    tw, sw, nw = text_widths(width or (NARROW_PX if narrow else WIDE_PX))
    t, s, n = wrap(title, tw), wrap(subtitle, sw), wrap(source_note, nw)
    columns = 1 if narrow else max(legend_columns, 1)
    legend_rows = -(-legend_items // columns) if legend_items else 0
    top = 36 + 26 * lines(t) + 18 * lines(s) + ROW_PX * legend_rows + 14 + above
    below = bottom + 15 * lines(n) + 12
    total = height + top + below
    captioned(fig, title=t, subtitle=s, source_note=n, lang=lang, height=total)
    side = 8 if narrow else 16
    exact = left is not None
    if exact:
        fig.update_layout(margin=dict(l=left, r=side, autoexpand=False))
        fig.update_yaxes(automargin=False)
        fig.update_annotations(selector=dict(text=n), x=0, xref="paper", xshift=4 - left)
    else:
        set_by_builder = fig.layout.margin
        fig.update_layout(margin=dict(l=side if set_by_builder.l is None else set_by_builder.l,
                                      r=side if set_by_builder.r is None else set_by_builder.r))
    edge = dict(x=0.005, xref="container") if exact else dict(x=0, xref="paper")
    fig.update_layout(margin=dict(t=top, b=below),
                      title=dict(y=1 - 30 / total, yanchor="top", xanchor="left", font=dict(size=17 if narrow else 20),
                                 **edge),
                      modebar=dict(remove=MODEBAR_REMOVE))
    fig.update_annotations(selector=dict(text=n), yshift=-bottom)
    if legend_rows:
        legend = dict(orientation="v", x=0, xanchor="left", xref="container" if exact else "paper",
                      y=1 + (LEGEND_GAP + above) / height, yanchor="bottom", yref="paper", traceorder="normal",
                      font=dict(size=12))
        if not narrow:
            legend.update(orientation="h", entrywidth=1 / columns, entrywidthmode="fraction")
        fig.update_layout(showlegend=True, legend=legend)
    else:
        fig.update_layout(showlegend=False)
    return fig


def label_width(labels: list[str], font_px: int = 12) -> int:
    """Pixels needed for the longest category label (average glyph ≈ 0.6 em), plus padding."""
    longest = max((len(x) for x in labels), default=4)
    return int(longest * font_px * 0.6) + 14
