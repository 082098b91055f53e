"""Plotly figure builders. Each takes a Polars frame plus its words (title,
subtitle, source note — from :mod:`cchc.captions`) and returns a figure that
carries them, so what is on screen and what is exported say the same thing.

Modules, named by what they draw: ``bars`` (ranked bars), ``distribution``
(dot plot of the scores), ``movers`` (places gained and lost), ``trends`` (units
over time), ``side_by_side`` (a few units across components: grouped bars,
radar, two-period dumbbell), ``scorecard`` (one unit's components among its
peers) and ``maps`` (provinces as polygons, communes as points). ``layout``
frames the charts (wrapped texts, legend rows, margins); the maps are
:func:`captioned` directly. Their words come from the text catalogue
(:mod:`cchc.words`).
"""

from __future__ import annotations

import plotly.graph_objects as go

from cchc.theme import MUTED, TEMPLATE, register_template, separators


def captioned(fig: go.Figure, *, title: str, subtitle: str, source_note: str, lang: str = "vi",
              height: int | None = None) -> go.Figure:
    """Apply the project template, the title and subtitle, and the source note under the plot.

    The source note (with the demo-data mark when relevant) is an annotation
    anchored to the bottom-left of the paper, so it is part of every export.
    """
    register_template()
    fig.update_layout(
        template=TEMPLATE,
        separators=separators(lang),
        title=dict(text=title, subtitle=dict(text=subtitle, font=dict(size=13, color=MUTED))),
    )
    fig.add_annotation(text=source_note, xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
                       yshift=-48, showarrow=False, align="left", font=dict(size=11, color=MUTED))
    if height:
        fig.update_layout(height=height)
    return fig
