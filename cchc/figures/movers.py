"""The biggest movers: places gained (green, to the right) and lost (orange, to
the left) since the previous period, one bar per unit, labelled
"old rank → new rank".

>>> import polars as pl
>>> up = pl.DataFrame({"unit_id": ["a"], "unit": ["Huế"], "score": [46.04], "rank": [1], "prev_rank": [4],
...                    "rank_change": [3], "n_ranked": [61]})
>>> fig = movers_bars(up, up.clear(), decimals=2, title="…", subtitle="…", source_note="…")
>>> fig.data[0].name, fig.data[0].text[0]
('Tăng hạng', '4 → 1')
"""

from __future__ import annotations

from typing import Sequence

import plotly.graph_objects as go
import polars as pl

from cchc.figures.bars import hover_text
from cchc.figures.layout import framed, is_narrow, label_width
from cchc.numbers import format_number
from cchc.theme import HIGHLIGHT, INK, MOVE_COLOURS
from cchc.words import family

ROW_PX = 28


def movers_bars(up: pl.DataFrame, down: pl.DataFrame, *, decimals: int, title: str, subtitle: str,
                source_note: str, lang: str = "vi", highlight: str | Sequence[str] | None = None,
                narrow: bool | None = None, width: int | None = None) -> go.Figure:
    """Diverging bars of ``rank_change`` for ``up`` then ``down`` (as returned by
    :func:`cchc.kpis.movers`, each in its order). Each bar is labelled
    ``prev_rank → rank``; hover gives scores in ``lang``'s number style.
    Units without a previous rank are never here (they are "new", not movers).
    ``narrow``: phone layout (``None``: as the device says).
    """
    narrow = is_narrow(narrow)
    w = family("movers", lang)
    marked = {highlight} if isinstance(highlight, str) else set(highlight or ())
    label_col = "label" if "label" in up.columns else "unit"
    categories: list[str] = []
    fig = go.Figure()
    for key, part in (("up", up), ("down", down)):
        if part.is_empty():
            continue
        recs = part.to_dicts()
        labels = [r[label_col] for r in recs]
        categories += labels
        for r in recs:
            r["_label"] = r[label_col]
        fig.add_bar(
            y=labels, x=[r["rank_change"] for r in recs], orientation="h", name=w[key],
            marker=dict(color=MOVE_COLOURS[key],
                        line=dict(color=[HIGHLIGHT if r["unit_id"] in marked else "rgba(0,0,0,0)" for r in recs],
                                  width=[3 if r["unit_id"] in marked else 0 for r in recs])),
            text=[f"{format_number(r['prev_rank'], 0, lang)} → {format_number(r['rank'], 0, lang)}" for r in recs],
            textposition="outside", cliponaxis=False, textfont=dict(size=12, color=INK),
            hovertext=[hover_text(r, decimals, lang, int(r.get("n_ranked") or 0)) for r in recs],
            hovertemplate="%{hovertext}<extra></extra>", customdata=[r["unit_id"] for r in recs],
        )
    if not categories:
        fig.add_annotation(text=w["none"], xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False,
                           font=dict(size=14, color=INK))
        fig.update_xaxes(visible=False)
        fig.update_yaxes(visible=False)
    else:
        biggest = max(abs(v) for v in pl.concat([up["rank_change"], down["rank_change"]]).to_list())
        pad = biggest * (0.8 if narrow else 0.35) + 1  # room for "12 → 9" beyond the longest bars
        ticks = [f"<b><span style='color:{HIGHLIGHT}'>{c}</span></b>" if uid in marked else c
                 for c, uid in zip(categories, up["unit_id"].to_list() + down["unit_id"].to_list())]
        fig.update_yaxes(type="category", categoryorder="array", categoryarray=categories, autorange="reversed",
                         tickmode="array", tickvals=categories, ticktext=ticks, showgrid=False, title=None)
        fig.update_xaxes(range=[-biggest - pad, biggest + pad], zeroline=True, zerolinecolor=INK, title=w["axis"],
                         tickformat="d")
    fig.update_layout(barmode="relative", bargap=0.3)
    framed(fig, title=title, subtitle=subtitle, source_note=source_note, lang=lang,
           height=max(len(categories), 4) * ROW_PX + 20, legend_items=int(up.height > 0) + int(down.height > 0),
           legend_columns=2, bottom=56, narrow=narrow, left=label_width(categories) if categories else None,
           width=width)
    return fig
