"""Page furniture of a figure that Plotly does not do by itself: wrapping long
titles, subtitles and source notes onto several lines, a legend above the plot
in a fixed number of columns (so the number of legend rows — and the room they
need — is known whatever the screen width; entries too long for a column are
wrapped onto a second line, never cut), and margins that make room for all
of it, so nothing runs off the canvas or overlaps the plot — on a wide screen
and (``narrow=True``) on a phone.

Every figure builder of :mod:`cchc.figures` frames its figure with
:func:`framed`, built on :func:`cchc.figures.captioned`. A builder's
``narrow=None`` means "as the device says": :func:`use_device` registers the
check the dashboard makes (``ui.device``); without one (command line, exports)
figures are drawn for a wide screen.

>>> wrap("Nguồn: Bộ Nội vụ — Báo cáo Chỉ số cải cách hành chính", 24)
'Nguồn: Bộ Nội vụ — Báo<br>cáo Chỉ số cải cách hành<br>chính'
>>> short("2. Công khai, minh bạch trong việc ra quyết định ở địa phương", 28)
'2. Công khai, minh bạch…'
>>> lines("Năm 2023<br>Cấp tỉnh"), lines("")
(2, 0)
"""

from __future__ import annotations

import textwrap
from typing import Callable

import plotly.graph_objects as go

from cchc.figures import captioned

WIDE_PX, NARROW_PX = 900, 360   # widths a full-width chart has at least: a 1366-px laptop with the sidebar open; a phone
# Texts of charts drawn without a known width (trends, side by side, scorecard) are wrapped as for this width,
# so they fit the page beside the sidebar and a square export.
MEDIUM_PX = 768
ROW_PX = 22   # one legend row above the plot
ROW_V_PX = 20   # one entry of a legend listed one per row (phone)
LINE_PX = 16  # each further line of a wrapped legend entry
LEGEND_GAP = 6   # pixels between the legend and the plot
LEGEND_MAX_PX = 900  # legend entries are fitted to at most this width: a wide chart on a 1366-px laptop
GLYPH_PX = 6.6   # average width of a 12-px legend character (Noto Sans, Vietnamese)
SYMBOL_PX = 44   # a legend entry's symbol and the gap before its text
# Zoom and selection tools make no sense on a ranking and cover the title on a phone: keep "download as PNG".
MODEBAR_REMOVE = ["zoom", "pan", "select", "lasso", "zoomIn", "zoomOut", "autoScale", "resetScale"]
MODEBAR_PX = 30   # on a phone the title starts below the chart's toolbar (Plotly's and Streamlit's buttons)

_device: Callable[[], bool] | None = None


def use_device(check: Callable[[], bool] | None) -> None:
    """Register the check that says whether figures are being drawn for a phone (``None``: never)."""
    global _device
    _device = check


def is_narrow(narrow: bool | None = None) -> bool:
    """``narrow`` when given, else what the registered device check says (False without one).

    >>> is_narrow(True), is_narrow(None)
    (True, False)
    """
    if narrow is not None:
        return bool(narrow)
    try:
        return bool(_device()) if _device else False
    except Exception:  # a device check must never break a figure
        return False


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


def plain(text: str) -> str:
    """A wrapped text on one line again.

    >>> plain("Trung bình Bắc Trung Bộ<br>và duyên hải miền Trung")
    'Trung bình Bắc Trung Bộ và duyên hải miền Trung'
    """
    return (text or "").replace("<br>", " ")


def fold(text: str, width: int, most: int = 3) -> str:
    """``text`` wrapped at ``width`` characters on at most ``most`` lines (the last one cut with "…").

    >>> fold("Trung bình Bắc Trung Bộ và duyên hải miền Trung", 24)
    'Trung bình Bắc Trung Bộ<br>và duyên hải miền Trung'
    >>> fold("một hai ba bốn năm sáu", 8, most=2)
    'một hai<br>ba bốn…'
    """
    parts = textwrap.wrap(plain(text), width=max(width, 4), break_long_words=False, break_on_hyphens=False)
    if len(parts) > most:
        parts = parts[: most - 1] + [short(" ".join(parts[most - 1:]), width)]
    return "<br>".join(parts)


def legend_entries(fig: go.Figure) -> list:
    """The traces that have an entry in the legend, in legend order (trace order)."""
    return [tr for tr in fig.data if tr.showlegend is not False and tr.name]


def fit_legend(fig: go.Figure, *, columns: int, px: float) -> tuple[int, list[int]]:
    """Wrap legend entries too long for their column (full text, two lines where it fits) and say
    how the legend is laid out: the number of columns (fewer when a column cannot hold an entry on
    two lines) and the number of lines of each legend row."""
    entries = legend_entries(fig)
    if not entries:
        return columns, []
    names = [plain(tr.name) for tr in entries]
    for c in range(max(columns, 1), 0, -1):
        chars = max(int((px / c - SYMBOL_PX) / GLYPH_PX), 8)
        wrapped = [fold(n, chars) for n in names]
        if c == 1 or max(lines(w) for w in wrapped) <= 2:
            break
    for tr, w in zip(entries, wrapped):
        tr.name = w
    heights = [max(lines(w) for w in wrapped[i:i + c]) for i in range(0, len(wrapped), c)]
    return c, heights


def framed(fig: go.Figure, *, title: str, subtitle: str, source_note: str, lang: str, height: int,
           legend_items: int = 0, legend_columns: int = 3, bottom: int = 40, above: int = 0,
           narrow: bool | None = None, left: int | None = None, width: int | None = None) -> go.Figure:
    """:func:`cchc.figures.captioned` with wrapped texts and margins sized for them.

    ``height`` is the height of the plot area in pixels. Above it: the title,
    the subtitle, a legend of ``legend_items`` entries in ``legend_columns``
    columns (one per row when ``narrow``), so the room it takes is known
    whatever the screen width, and ``above`` more pixels between the legend and
    the plot (for subplot titles or a radar's top label). Legend entries too
    long for their column are wrapped (:func:`fit_legend`), and the rows get
    the room of their lines. Below the plot: ``bottom`` pixels for the x-axis,
    then the source note.

    ``left``: the left margin in pixels — room for category labels, see
    :func:`label_width`. Then the margins are exact (nothing may push them) and
    the title, legend and source note start at the figure's left edge. Without
    it Plotly sizes the side margins for the axes' tick labels and titles
    (side margins a builder set on the figure are kept), and the texts start
    at the plot's left edge — except the title on a phone, which starts at the
    figure's edge, below the toolbar. ``width``: the expected
    width of the figure in pixels (a chart in a column is narrower), from
    which the text lines are wrapped; default: a full-width chart. On a phone
    (``narrow``; ``None``: :func:`is_narrow`) the phone's width is used.
    """
    narrow = is_narrow(narrow)
    px = NARROW_PX if narrow else (width or WIDE_PX)
    exact = left is not None
    tw, sw, nw = text_widths(px)
    if narrow and not exact:  # the source note starts at the plot's edge, after the y axis' labels
        nw = text_widths(px - 56)[2]
    t, s, n = wrap(title, tw), wrap(subtitle, sw), wrap(source_note, nw)
    columns = 1 if narrow else max(legend_columns, 1)
    # Plotly sizes a column of the legend as a fraction of the plot's width (the figure less its margins)
    legend_px = min(px, LEGEND_MAX_PX) - ((left or 0) + 16 if exact else 60)
    heights: list[int] = []
    if legend_items:
        entries = legend_entries(fig)
        if len(entries) == legend_items:
            columns, heights = fit_legend(fig, columns=columns, px=legend_px)
        else:
            heights = [1] * -(-legend_items // columns)
    row = ROW_V_PX if narrow else ROW_PX
    legend_px_high = sum(row + LINE_PX * (k - 1) for k in heights)
    strip = MODEBAR_PX if narrow else 0
    top = 36 + strip + 26 * lines(t) + 18 * lines(s) + legend_px_high + 14 + above
    below = bottom + 15 * lines(n) + 12
    total = height + top + below
    captioned(fig, title=t, subtitle=s, source_note=n, lang=lang, height=total)
    side = 8 if narrow else 16
    if exact:
        fig.update_layout(margin=dict(l=left, r=side, autoexpand=False))
        fig.update_yaxes(automargin=False)
        fig.update_annotations(selector=dict(text=n), x=0, xref="paper", xshift=4 - left)
    else:
        set_by_builder = fig.layout.margin
        fig.update_layout(margin=dict(l=side if set_by_builder.l is None else set_by_builder.l,
                                      r=side if set_by_builder.r is None else set_by_builder.r))
    at_edge = exact or narrow
    edge = dict(x=0.005 if exact else 0.02, xref="container") if at_edge else dict(x=0, xref="paper")
    fig.update_layout(margin=dict(t=top, b=below),
                      title=dict(y=1 - (30 + strip) / total, yanchor="top", xanchor="left",
                                 font=dict(size=17 if narrow else 20), **edge),
                      modebar=dict(remove=MODEBAR_REMOVE))
    fig.update_annotations(selector=dict(text=n), yshift=-bottom)
    if heights:  # exact margins: from the figure's edge; else on the plot's edge (one on the page's edge would
        # make Plotly push the plot aside)
        legend = dict(orientation="v", x=edge["x"] if exact else 0, xanchor="left", xref="container" if exact else "paper",
                      y=1 + (LEGEND_GAP + above) / height, yanchor="bottom", yref="paper", traceorder="normal",
                      font=dict(size=12))
        if not narrow:
            legend.update(orientation="h", entrywidth=1 / columns, entrywidthmode="fraction")
        fig.update_layout(showlegend=True, legend=legend)
    else:
        fig.update_layout(showlegend=False)
    return fig


def label_chars(narrow: bool) -> int:
    """Characters per line of a 12-px label written across a chart's plot (a component above its bars):
    about 650 px on a wide screen, a phone's width on a phone.

    >>> label_chars(False), label_chars(True)
    (90, 44)
    """
    return 44 if narrow else 90


def label_width(labels: list[str], font_px: int = 12) -> int:
    """Pixels needed for the longest category label (average glyph ≈ 0.6 em), plus padding."""
    longest = max((len(x) for x in labels), default=4)
    return int(longest * font_px * 0.6) + 14
