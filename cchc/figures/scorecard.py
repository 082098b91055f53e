"""A unit's scorecard as a figure: one horizontal bar per component (share of the
component's maximum, 0–100), coloured by where the unit stands among its peers
(percentile quarter), with the peers' mean as a black diamond on each bar.

Input is :func:`cchc.profile.scorecard`. A component not scored has no bar
and says so at the axis, never a bar of 0.

>>> import polars as pl
>>> card = pl.DataFrame({"indicator_id": ["t.1", "t.2"], "value": [40.0, None], "max_points": [50.0, 50.0],
...                      "pct_of_max": [80.0, None], "percentile": [90.0, None], "rank": [1, None],
...                      "n_ranked": [4, 4], "peer_mean": [30.0, None]})
>>> fig = scorecard_bars(card, labels={"t.1": "1. Một", "t.2": "2. Hai"}, unit_name="Hà Nội", title="PAPI",
...                      subtitle="Năm 2023", source_note="Nguồn: UNDP", mean_label="Trung bình")
>>> fig.data[0].text[0].split("<br>")[1:3], fig.data[0].text[1]
(['1. Một: 40,00 / 50', 'Hạng 1/4'], '<b>Hà Nội</b><br>2. Hai: không được chấm điểm')
"""

from __future__ import annotations

from typing import Mapping

import plotly.graph_objects as go
import polars as pl

from cchc.figures.layout import MEDIUM_PX, fold, framed, is_narrow, label_chars
from cchc.numbers import format_number
from cchc.theme import INK, MUTED, QUARTILE_COLOURS
from cchc.words import word

QUARTERS = (1, 2, 3, 4)  # where a unit stands among its peers, best first: words standing.1 … standing.4


def standing(percentile: float | None) -> int | None:
    """Quarter of the peers a percentile falls in: 1 (≥ 75) … 4 (< 25); None when not scored.

    >>> [standing(p) for p in (98.4, 75.0, 50.0, 24.9, None)]
    [1, 1, 2, 4, None]
    """
    if percentile is None:
        return None
    return 1 if percentile >= 75 else 2 if percentile >= 50 else 3 if percentile >= 25 else 4


def scorecard_bars(card: pl.DataFrame, *, labels: Mapping[str, str], unit_name: str, title: str, subtitle: str,
                   source_note: str, mean_label: str = "", lang: str = "vi", decimals: int = 2, unit: str = "",
                   narrow: bool | None = None) -> go.Figure:
    """Bars for the components in ``labels`` (id -> label, top to bottom). Each label
    is written above its bar rather than beside it, so the bars keep the figure's
    width on a narrow screen (wrapped onto a second line when long; full in the hover).
    ``narrow``: phone layout (``None``: as the device says)."""
    narrow = is_narrow(narrow)
    rows = {r["indicator_id"]: r for r in card.iter_rows(named=True)}
    ids = [i for i in labels if i in rows]
    y = [labels[i] for i in ids]
    not_scored = word("not_scored", lang)
    fig = go.Figure()
    texts, colours, xs, means = [], [], [], []
    for i in ids:
        r = rows[i]
        q = standing(r["percentile"])
        colours.append(QUARTILE_COLOURS[str(q)] if q else MUTED)
        pct = r["pct_of_max"]
        xs.append(pct)
        means.append(r["peer_mean"] * 100 / r["max_points"] if r["peer_mean"] is not None and r["max_points"] else None)
        if r["value"] is None:
            texts.append(f"<b>{unit_name}</b><br>{labels[i]}: {not_scored.lower()}")
            continue
        mx = r["max_points"]
        text = (f"<b>{unit_name}</b><br>{labels[i]}: {format_number(r['value'], decimals, lang)}"
                + (f" / {format_number(mx, 0 if float(mx).is_integer() else 2, lang)}" if mx else "")
                + f" {unit}".rstrip())
        if r["rank"] is not None:
            text += f"<br>{word('rank', lang)} {r['rank']}/{r['n_ranked']}"
        if r["peer_mean"] is not None:
            text += f"<br>{mean_label}: {format_number(r['peer_mean'], decimals, lang)}"
        texts.append(text)
    fig.add_trace(go.Bar(x=xs, y=y, orientation="h", marker_color=colours, name=unit_name, showlegend=False, width=0.5,
                         hovertemplate="%{text}<extra></extra>", text=texts, textposition="none"))
    fig.add_trace(go.Scatter(x=means, y=y, mode="markers", name=mean_label,
                             marker=dict(symbol="diamond", size=11, color=INK, line=dict(color="white", width=1)),
                             hovertemplate=f"{mean_label}: " + "%{x:.1f}%<extra></extra>"))
    for q in QUARTERS:  # legend of the colours
        fig.add_trace(go.Bar(x=[None], y=[None], orientation="h", marker_color=QUARTILE_COLOURS[str(q)],
                             name=word(f"standing.{q}", lang), hoverinfo="skip"))
    shown = [fold(label, label_chars(narrow), most=2) for label in y]
    row_px = 72 if any("<br>" in x for x in shown) else 56  # per component: the bar and its label's lines
    for i, label, text in zip(ids, y, shown):
        fig.add_annotation(x=0, y=label, xref="x", yref="y", text=text, showarrow=False, xanchor="left",
                           align="left", yanchor="bottom", yshift=row_px // 4 - 2, font=dict(size=12, color=INK), name="label")
        if rows[i]["value"] is None:
            fig.add_annotation(x=0, y=label, xref="x", yref="y", text=not_scored, showarrow=False,
                               xanchor="left", font=dict(size=12, color=MUTED), name="not_scored")
    fig.update_xaxes(range=[0, 100], ticksuffix="%")
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=y, showticklabels=False)
    fig.update_layout(barmode="overlay", hovermode="closest")
    return framed(fig, title=title, subtitle=subtitle, source_note=source_note, lang=lang, width=MEDIUM_PX,
                  height=max(160, row_px * len(ids)), legend_items=5, legend_columns=2, above=18 + row_px - 56,
                  narrow=narrow)
