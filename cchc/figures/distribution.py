"""Where the units' scores lie: a dot plot (one dot per scored unit, stacked
where scores are close), coloured by group/band, with the chosen unit marked
and named and the mean drawn as a line. Units not scored get no dot; how many
there are is written on the chart.

>>> import polars as pl
>>> table = pl.DataFrame({"unit_id": ["a", "b", "c"], "unit": ["Huế", "Đà Nẵng", "Hà Nội"],
...                       "score": [46.0415, 45.78, None], "rank": [1, 2, None]})
>>> fig = score_distribution(table, decimals=4, title="PAPI", subtitle="Năm 2023", source_note="Nguồn: …")
>>> list(fig.data[0].x), fig.layout.annotations[0].text
([45.78, 46.0415], '1 đơn vị không được chấm điểm: Hà Nội')
"""

from __future__ import annotations

from typing import Mapping, Sequence

import plotly.graph_objects as go
import polars as pl

from cchc.figures.bars import Means, add_means, group_batches, hover_text, league_order, mean_lines
from cchc.figures.layout import NARROW_PX, WIDE_PX, framed, is_narrow, lines, text_widths, wrap
from cchc.numbers import format_number
from cchc.theme import HIGHLIGHT, MUTED, PRIMARY
from cchc.words import word

BINS = 60
PLOT_PX = 300


def stack_offsets(scores: Sequence[float], lo: float, hi: float, bins: int = BINS) -> list[float]:
    """Vertical offsets that stack dots of close scores (same bin of ``(hi-lo)/bins``)
    around 0: 0, +1, −1, +2, −2 … in score order within a bin (deterministic).

    >>> stack_offsets([1.0, 1.0, 1.0, 5.0], 0, 10, bins=10)
    [0.0, 1.0, -1.0, 0.0]
    """
    width = (hi - lo) / bins if hi > lo else 1.0
    seen: dict[int, int] = {}
    out = []
    for v in scores:
        b = int((v - lo) // width)
        k = seen.get(b, 0)
        seen[b] = k + 1
        out.append(float((k + 1) // 2 * (1 if k % 2 else -1)))
    return out


def score_distribution(table: pl.DataFrame, *, decimals: int, title: str, subtitle: str, source_note: str,
                       lang: str = "vi", highlight: str | Sequence[str] | None = None, mean: Means = None,
                       group_colours: Mapping[str, str] | None = None,
                       x_range: tuple[float, float] | None = None, narrow: bool | None = None,
                       width: int | None = None) -> go.Figure:
    """Dot plot of the scores of ``table`` (a league table; reference rows dropped).

    * One dot per scored unit at its score; ``group_colours`` (code → colour,
      best first) colours them with a legend of ``group_label``.
    * ``highlight``: unit id(s) drawn larger, outlined and named with the score.
    * ``mean``: a number or ``(label, value)`` pairs drawn as dashed lines, named in the legend.
    * Not-scored units: no dot (never 0); "n đơn vị không được chấm điểm: …" is written under the plot.
    * ``x_range``: the value axis (e.g. the index scale); default: the scores' range.
    * ``narrow``: phone layout (shorter text lines, one legend item per row); ``width``:
      expected width in pixels when the chart sits in a column (texts are wrapped to it);
      ``narrow=None``: as the device says.
    * Hover and labels in ``lang``'s number style (1.234,5).
    """
    narrow = is_narrow(narrow)
    rows = league_order(table)
    label_col = "label" if "label" in rows.columns else "unit"
    rows = rows.with_columns(pl.col(label_col).alias("_label"))
    ranked = rows.filter(pl.col("score").is_not_null()).sort("score")
    missing = rows.filter(pl.col("score").is_null())
    marked = {highlight} if isinstance(highlight, str) else set(highlight or ())
    if ranked.height:
        s_lo, s_hi = float(ranked["score"].min()), float(ranked["score"].max())
    else:
        s_lo, s_hi = 0.0, 1.0
    span = max(s_hi - s_lo, 1e-9)
    lo, hi = x_range or (s_lo - span * 0.05, s_hi + span * 0.05)
    ranked = ranked.with_columns(pl.Series("_y", stack_offsets(ranked["score"].to_list(), s_lo, s_hi + span * 1e-6)))
    n = ranked.height
    fig = go.Figure()
    colours = dict(group_colours or {})
    groups, batches = group_batches(ranked, colours)
    size = 10 if n <= 150 else 7 if n <= 1000 else 5
    for code, part in batches:
        recs = part.to_dicts()
        fig.add_scatter(
            x=[r["score"] for r in recs], y=[r["_y"] for r in recs], mode="markers",
            name=(recs[0].get("group_label") or "") if code else "", showlegend=code is not None,
            marker=dict(color=colours.get(code, PRIMARY) if code else PRIMARY, size=size,
                        line=dict(color="white", width=0.5)),
            hovertext=[hover_text(r, decimals, lang, int(r.get("n_ranked") or n)) for r in recs],
            hovertemplate="%{hovertext}<extra></extra>", customdata=[r["unit_id"] for r in recs],
        )
    chosen = ranked.filter(pl.col("unit_id").is_in(sorted(marked)))
    if chosen.height:
        fig.add_scatter(x=chosen["score"].to_list(), y=chosen["_y"].to_list(), mode="markers", showlegend=False,
                        name="highlight", hoverinfo="skip",
                        marker=dict(size=size + 8, color="rgba(0,0,0,0)", line=dict(color=HIGHLIGHT, width=3)))
        for r in chosen.to_dicts():
            label = f"<b>{r['_label']}</b>: {format_number(r['score'], decimals, lang)}"
            fig.add_annotation(x=r["score"], y=r["_y"], text=label, showarrow=True, arrowcolor=HIGHLIGHT, ax=0, ay=-36, font=dict(color=HIGHLIGHT, size=13),
                               bgcolor="rgba(255,255,255,0.85)")
    means = add_means(fig, mean_lines(mean, lang), decimals, lang)
    note = ""
    if missing.height:
        names = missing["_label"].to_list()
        listed = ", ".join(names[:5]) + (" …" if len(names) > 5 else "")
        text = word("chart.units_not_scored", lang, n=format_number(len(names), 0, lang),
                    not_scored=word("not_scored", lang).lower(), units=listed)
        note = wrap(text, text_widths(NARROW_PX if narrow else width or WIDE_PX)[2])
        fig.add_annotation(text=note, xref="paper", yref="paper", x=0, y=0, yshift=-34, xanchor="left",
                           yanchor="top", showarrow=False, font=dict(size=12, color=MUTED, style="italic"))
    spread = max([abs(v) for v in ranked["_y"].to_list()] or [1.0]) + 1.5
    fig.update_yaxes(visible=False, range=[-spread, spread + 1.5])
    fig.update_xaxes(range=[lo, hi], title=None, showgrid=True)
    fig.update_layout(hovermode="closest")
    framed(fig, title=title, subtitle=subtitle, source_note=source_note, lang=lang, height=PLOT_PX,
           legend_items=len(groups) + len(means), legend_columns=2,
           bottom=40 + 17 * lines(note) + (6 if note else 0), narrow=narrow, width=width)
    return fig
