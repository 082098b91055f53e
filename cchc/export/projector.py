"""A chart for the projector: the figure a page draws, with large text and the height of a screen.

The presentation view shows the slide's title, subtitle and source note as
page text (as a slide of the deck does), so :func:`projector_figure` takes
them off the figure (:func:`cchc.export.content.bare`), multiplies every font
size — set on the figure or inherited from the ``cchc`` template — by
``scale``, lets the margins grow for the larger labels and sets the height.
Legend entries wrapped for a page's column are put back on one line (a slide
is wide; Plotly wraps the legend's rows and makes room for them). Maps keep
their view: their zoom follows the plot height they must fit (``map_height``:
the smallest screen's, when the slide's height follows the screen). Pure: the
caller's figure is not changed.

>>> big = projector_figure(fig, scale=1.5, height=680, width=1800)   # doctest: +SKIP
"""

from __future__ import annotations

import math
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

from cchc.export.content import bare, legend_rows
from cchc.figures.layout import plain
from cchc.theme import TEMPLATE, register_template

SCALE = 1.5  # projector text: 12 px tick labels become 18 px
LEGEND_ROW_PX = 28  # one legend row above the plot at the template's 12 px (as content.bare)


def _template_sizes() -> dict[str, float]:
    register_template()
    lay = pio.templates[TEMPLATE].layout
    return {
        "font": lay.font.size or 14,
        "tick": lay.xaxis.tickfont.size or 12,
        "axis_title": lay.xaxis.title.font.size or 13,
        "legend": lay.legend.font.size or 12,
        "legend_title": lay.legend.title.font.size or 12,
        "hover": lay.hoverlabel.font.size or 13,
    }


def _times(size: Any, default: float, factor: float) -> Any:
    """``size`` (a number, a list of numbers or None = ``default``) multiplied by ``factor``."""
    if size is None:
        return round(default * factor, 1)
    if isinstance(size, (list, tuple)):
        return [None if s is None else round(s * factor, 1) for s in size]
    return round(size * factor, 1)


def _axes(fig: go.Figure) -> list[Any]:
    lay = fig.layout
    return [lay[k] for k in lay if k.startswith(("xaxis", "yaxis"))] or [lay.xaxis, lay.yaxis]


def scale_fonts(fig: go.Figure, factor: float) -> go.Figure:
    """Multiply every font size of ``fig`` (in place) by ``factor``; returns ``fig``.

    Sizes left to the template are set to the template's size × ``factor``:
    the base font, axis tick labels and titles, legend, annotations, hover
    labels, trace texts and colour bars. Axes get ``automargin`` so longer
    labels find room.
    """
    sizes = _template_sizes()
    lay = fig.layout
    base = lay.font.size or sizes["font"]
    lay.font.size = _times(lay.font.size, sizes["font"], factor)
    for ax in _axes(fig):
        ax.tickfont.size = _times(ax.tickfont.size, sizes["tick"], factor)
        ax.title.font.size = _times(ax.title.font.size, sizes["axis_title"], factor)
        ax.automargin = True
    lay.legend.font.size = _times(lay.legend.font.size, sizes["legend"], factor)
    lay.legend.title.font.size = _times(lay.legend.title.font.size, sizes["legend_title"], factor)
    lay.hoverlabel.font.size = _times(lay.hoverlabel.font.size, sizes["hover"], factor)
    for a in lay.annotations:
        a.font.size = _times(a.font.size, base, factor)
    if lay.uniformtext.minsize:
        lay.uniformtext.minsize = _times(lay.uniformtext.minsize, 0, factor)
    for tr in fig.data:
        if "textfont" in tr:
            tr.textfont.size = _times(tr.textfont.size, base, factor)
        if "colorbar" in tr and tr.showscale is not False:
            tr.colorbar.tickfont.size = _times(tr.colorbar.tickfont.size, sizes["tick"], factor)
            tr.colorbar.title.font.size = _times(tr.colorbar.title.font.size, sizes["axis_title"], factor)
    return fig


def _fit_maps(fig: go.Figure, before: float, after: float) -> None:
    """Zoom maps in or out with the plot height, so they show the same area (larger or smaller)."""
    if before <= 50 or after <= 50:
        return
    step = max(-3.0, min(3.0, math.log2(after / before)))
    for key in list(fig.layout):
        sub = fig.layout[key]
        if key.startswith("map") and getattr(sub, "zoom", None) is not None:
            sub.zoom = round(sub.zoom + step, 2)


def _plot_height(fig: go.Figure) -> float:
    """Height of the plot area of ``fig`` in px (margins left to the template count as the template's)."""
    register_template()
    tmargin = pio.templates[TEMPLATE].layout.margin
    m = fig.layout.margin
    top = m.t if m.t is not None else (tmargin.t or 0)
    bottom = m.b if m.b is not None else (tmargin.b or 0)
    return (fig.layout.height or 0) - top - bottom


def projector_figure(fig: go.Figure, *, scale: float = SCALE, height: int | None = None,
                     width: float | None = None, map_height: float | None = None) -> go.Figure:
    """A copy of ``fig`` for a slide: no title, subtitle or source note; text × ``scale``; ``height`` px high.

    ``width``: the expected width in px (sizes the room of a wrapped legend above the plot).
    ``map_height``: the plot height (px) a map's view is zoomed to fit (default: this figure's).
    """
    plot_before = _plot_height(fig)
    out = bare(fig, width=width)
    for tr in out.data:  # one line per legend entry again: the slide is wide
        if tr.name and "<br>" in tr.name:
            tr.name = plain(tr.name)
    scale_fonts(out, scale)
    for tr in out.data:  # dots and line markers grow with the text (not bars: their size is the data)
        if tr.type in ("scatter", "scattergl") and "markers" in (tr.mode or ""):
            tr.marker.size = _times(tr.marker.size, 6, scale)
    margin = out.layout.margin
    is_map = any(tr.type.endswith(("map", "mapbox")) for tr in out.data)
    has_legend = out.layout.showlegend is not False and any(t.showlegend is not False and t.name for t in out.data)
    if has_legend and not is_map:
        # the legend sits above the plot: room for its rows at the larger size; placed on the plot's edge
        # ("paper"), as a legend placed on the page's edge makes Plotly push the left margin out
        sides = (margin.l or 0) * scale + (margin.r or 0) * scale
        horizontal = out.layout.legend.orientation == "h"
        rows = legend_rows(out, max(100.0, (width or 1200) - sides)) if horizontal else \
            max(1, ((margin.t or 40) - 12) // LEGEND_ROW_PX)
        out.update_layout(margin=dict(t=12 + math.ceil(LEGEND_ROW_PX * scale) * rows),
                          legend=dict(xref="paper", x=0, xanchor="left"))
    out.update_layout(margin=dict(b=max(margin.b or 0, int(16 * scale)), l=(margin.l or 0) * scale,
                                  r=(margin.r or 0) * scale, autoexpand=True))
    if height:
        margin = out.layout.margin
        if is_map and plot_before > 0:
            _fit_maps(out, plot_before, map_height or height - (margin.t or 0) - (margin.b or 0))
        out.update_layout(height=height)
    return out
