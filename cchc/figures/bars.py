"""Ranked horizontal bars of a league table: one bar per unit in league order,
coloured by group/band, the chosen unit highlighted, means as reference lines,
units not scored listed at the bottom with no bar.

>>> import polars as pl
>>> table = pl.DataFrame({"unit_id": ["a", "b", "c"], "unit": ["Quảng Ninh", "Hải Phòng", "Hà Nội"],
...                       "score": [92.18, 85.0, None], "rank": [1, 2, None]})
>>> fig = ranked_bars(table, decimals=2, title="PAR INDEX", subtitle="Năm 2023", source_note="Nguồn: …")
>>> fig.data[0].y[0], fig.data[0].text[0], fig.data[1].text[0]
('Quảng Ninh', '92,18', 'Không được chấm điểm')
>>> list(fig.layout.yaxis.ticktext)            # the rank before the name; a unit not scored has none
['1. Quảng Ninh', '2. Hải Phòng', 'Hà Nội']
"""

from __future__ import annotations

from typing import Mapping, Sequence

import plotly.graph_objects as go
import polars as pl

from cchc.conventions import rank_move
from cchc.figures.layout import framed, label_width
from cchc.numbers import format_change, format_number
from cchc.theme import HIGHLIGHT, INK, MUTED, PRIMARY
from cchc.words import word

ROW_PX = 22
LINE_COLOURS = [INK, "#6b7280", "#CC79A7"]
LINE_DASHES = ["dash", "dot", "dashdot"]
DARK_FILLS = {"#0072B2", "#D55E00", "#009E73", PRIMARY}  # bar fills that take white labels

Means = float | Sequence[tuple[str, float | None]] | None


def league_order(table: pl.DataFrame) -> pl.DataFrame:
    """Unit rows (reference rows dropped) in league order: by rank, ties and
    not-scored rows in the order given (the league table puts them by name)."""
    rows = table.filter(pl.col("kind") == "unit") if "kind" in table.columns else table
    return rows.with_columns(pl.int_range(pl.len()).alias("_i")).sort(
        [pl.col("rank").is_null(), "rank", "_i"]).drop("_i")


def group_batches(ranked: pl.DataFrame, group_colours: Mapping[str, str] | None,
                  ) -> tuple[list[str], list[tuple[str | None, pl.DataFrame]]]:
    """The groups of ``group_colours`` (code → colour, best first) present among the
    ``ranked`` rows, and the rows to draw as ``(code, rows)`` batches in that
    order, then ``(None, rows)`` for scored rows in none of them."""
    colours = dict(group_colours or {})
    present = set(ranked["group"].drop_nulls().to_list()) if "group" in ranked.columns else set()
    groups = [g for g in colours if g in present]
    batches: list[tuple[str | None, pl.DataFrame]] = [(g, ranked.filter(pl.col("group") == g)) for g in groups]
    rest = ranked.filter(~pl.col("group").is_in(groups)) if groups else ranked
    if rest.height:
        batches.append((None, rest))
    return groups, batches


def hover_text(r: dict, decimals: int, lang: str, n: int) -> str:
    """Hover text of a league row: name, rank of n, score, change since the previous period
    with the rank move (:func:`cchc.conventions.rank_move`), group."""
    parts = [f"<b>{r['_label']}</b>", f"{word('rank', lang)} {r['rank']}/{n}",
             f"{word('score', lang)}: {format_number(r['score'], decimals, lang)}"]
    if r.get("prev_period"):
        moved = rank_move(r.get("rank_change"), r.get("moved"), lang)
        change = format_change(r.get("change"), decimals, lang)
        parts.append(f"{word('chart.change_since', lang, period=r['prev_period'])}: {change} ({moved})")
    if r.get("group_label"):
        parts.append(f"{word('group', lang)}: {r['group_label']}")
    return "<br>".join(parts)


def mean_lines(mean: Means, lang: str) -> list[tuple[str, float]]:
    """``mean`` as ``(label, value)`` pairs; null values dropped."""
    if mean is None:
        return []
    if isinstance(mean, (int, float)):
        return [(word("chart.mean", lang), float(mean))]
    return [(label, float(v)) for label, v in mean if v is not None]


def add_means(fig: go.Figure, means: list[tuple[str, float]], decimals: int, lang: str) -> list[tuple[str, float]]:
    """Dashed vertical lines at the means, each named in the legend ("Trung bình cả nước: 42,3605")
    by a legend-only line trace (so labels never overlap bars or run off the canvas)."""
    for i, (label, value) in enumerate(means):
        colour = LINE_COLOURS[i % len(LINE_COLOURS)]
        fig.add_vline(x=value, line=dict(color=colour, dash=LINE_DASHES[i % len(LINE_DASHES)], width=1.5),
                      layer="below")
        fig.add_scatter(x=[None], y=[None], mode="lines", name=f"{label}: {format_number(value, decimals, lang)}",
                        line=dict(color=colour, dash=LINE_DASHES[i % len(LINE_DASHES)], width=1.5),
                        showlegend=True, hoverinfo="skip")
    return means


def ranked_bars(table: pl.DataFrame, *, decimals: int, title: str, subtitle: str, source_note: str,
                lang: str = "vi", highlight: str | Sequence[str] | None = None, mean: Means = None,
                group_colours: Mapping[str, str] | None = None, x_min: float = 0.0,
                gap_after: int | None = None, narrow: bool | None = None,
                intervals: pl.DataFrame | None = None) -> go.Figure:
    """Horizontal bars of ``table`` (a league table, optionally with ``label`` and
    reference rows, which are dropped — means are drawn as lines instead).

    * Order: league order, rank 1 at the top; the chart shows exactly the rows given. Each
      label starts with the unit's rank ("1. Quảng Ninh"; ties share it; no number when not scored),
      so a unit's place reads off the chart (the bars' ``y`` stay the plain labels).
    * Colours: ``group_colours`` maps group codes (best first) to colours; one
      legend entry per group present, named by ``group_label``. Rows without a
      group (no groups, or a component) are drawn in one colour with no legend.
    * ``highlight``: unit id(s) drawn with a thick outline and a bold, coloured label.
    * ``mean``: a number, or ``(label, value)`` pairs, drawn as dashed vertical lines
      named with their value in the legend.
    * Not scored (null score): listed below the ranked units, labelled
      "Không được chấm điểm" / "Not scored", with no bar (never a 0 bar).
    * ``x_min``: where the value axis starts (the scale's minimum: PAPI 8, else 0).
    * ``gap_after``: draw a dotted separator after this many ranked rows (top/bottom N views).
    * ``narrow``: phone layout (shorter text lines, one legend item per row); ``None``: as the
      device says (:func:`cchc.figures.layout.is_narrow`).
    * Hover text and bar labels use ``numbers.format_number`` in ``lang`` (1.234,5).
    * ``intervals``: ``unit_id, lower, upper`` (:func:`cchc.uncertainty.with_intervals`) drawn as error
      bars on the bars and named in the hover text, the bar labels then in the bars' middle (clear of
      the error bars); ``None`` (default) draws none. A unit without bounds gets no error bar.
    """
    rows = league_order(table)
    label_col = "label" if "label" in rows.columns else "unit"
    rows = rows.with_columns(pl.col(label_col).alias("_label"))
    if intervals is not None:
        rows = rows.join(intervals.select("unit_id", pl.col("lower").alias("_lower"), pl.col("upper").alias("_upper")),
                         on="unit_id", how="left", maintain_order="left")
    marked = {highlight} if isinstance(highlight, str) else set(highlight or ())
    ranked, missing = rows.filter(pl.col("score").is_not_null()), rows.filter(pl.col("score").is_null())
    n = int(ranked["n_ranked"].max() or ranked.height) if "n_ranked" in ranked.columns and ranked.height else ranked.height
    categories = rows["_label"].to_list()
    fig = go.Figure()
    colours = dict(group_colours or {})
    groups, batches = group_batches(ranked, colours)
    for code, part in batches:
        recs = part.to_dicts()
        is_marked = [r["unit_id"] in marked for r in recs]
        fig.add_bar(
            y=[r["_label"] for r in recs], x=[r["score"] for r in recs], orientation="h",
            name=recs[0].get("group_label") or "" if code else "", showlegend=code is not None,
            marker=dict(color=colours.get(code, PRIMARY) if code else PRIMARY,
                        line=dict(color=[HIGHLIGHT if m else "rgba(0,0,0,0)" for m in is_marked],
                                  width=[3 if m else 0 for m in is_marked])),
            text=[format_number(r["score"], decimals, lang) for r in recs], textposition="inside",
            insidetextanchor="middle" if intervals is not None else "end", textangle=0, constraintext="none",
            textfont=dict(size=12, color="white" if code and colours.get(code) in DARK_FILLS or not code else INK),
            hovertext=[hover_text(r, decimals, lang, n) + interval_hover(r, decimals, lang) for r in recs],
            hovertemplate="%{hovertext}<extra></extra>", customdata=[r["unit_id"] for r in recs],
            error_x=error_bars(recs) if intervals is not None else None,
        )
    lo = x_min
    hi = max(float(ranked["score"].max()), lo + 1.0) if ranked.height else lo + 1.0
    if intervals is not None and ranked["_upper"].count():
        hi = max(hi, float(ranked["_upper"].max()))
    if missing.height:
        not_scored = word("not_scored", lang)
        fig.add_scatter(
            y=missing["_label"].to_list(), x=[lo] * missing.height, mode="text", showlegend=False,
            name=not_scored, text=[not_scored] * missing.height, textposition="middle right",
            textfont=dict(size=12, color=MUTED, style="italic"), customdata=missing["unit_id"].to_list(),
            hovertext=[f"<b>{r['_label']}</b><br>{not_scored}" + (f"<br>{r['reason']}" if r.get("reason") else "")
                       for r in missing.to_dicts()],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    means = add_means(fig, mean_lines(mean, lang), decimals, lang)
    if gap_after and 0 < gap_after < ranked.height:
        fig.add_hline(y=gap_after - 0.5, line=dict(color=MUTED, dash="dot", width=1))
    ranked_labels = [rank_label(c, r) for c, r in zip(categories, rows["rank"].to_list())]
    ticks = [f"<b><span style='color:{HIGHLIGHT}'>{c}</span></b>" if uid in marked else c
             for c, uid in zip(ranked_labels, rows["unit_id"].to_list())]
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=categories, autorange="reversed",
                     tickmode="array", tickvals=categories, ticktext=ticks, showgrid=False, title=None,
                     tickfont=dict(size=12))
    hi = max([hi, *[v for _, v in means]])
    pad = (hi - lo) * 0.02
    fig.update_xaxes(range=[lo, hi + pad], title=None, showgrid=True)
    fig.update_layout(barmode="overlay", bargap=0.25, hovermode="closest", uniformtext=dict(minsize=9, mode="show"))
    framed(fig, title=title, subtitle=subtitle, source_note=source_note, lang=lang,
           height=max(len(categories), 3) * ROW_PX + 30, legend_items=len(groups) + len(means), legend_columns=3,
           bottom=30, narrow=narrow, left=label_width(ranked_labels))
    return fig


def rank_label(label: str, rank: int | None) -> str:
    """A bar's label with its rank in front: ``"1. Quảng Ninh"``; the label alone without a rank.

    >>> rank_label("Thừa Thiên Huế", 1), rank_label("Đà Nẵng", None)
    ('1. Thừa Thiên Huế', 'Đà Nẵng')
    """
    return label if rank is None else f"{rank}. {label}"


def error_bars(recs: list[dict]) -> dict:
    """Plotly ``error_x`` of bar rows with ``_lower``/``_upper`` bounds (asymmetric; 0 where unknown, so a
    unit without an interval shows no bar)."""
    def gap(a: float | None, b: float | None) -> float:
        return max(a - b, 0.0) if a is not None and b is not None else 0.0
    return dict(type="data", symmetric=False, array=[gap(r.get("_upper"), r["score"]) for r in recs],
                arrayminus=[gap(r["score"], r.get("_lower")) for r in recs], color=INK, thickness=1.5, width=3)


def interval_hover(r: dict, decimals: int, lang: str) -> str:
    """The hover line of a row's 95% interval (empty without one)."""
    if r.get("_lower") is None or r.get("_upper") is None:
        return ""
    return "<br>" + word("uncertainty.interval_hover", lang, lower=format_number(r["_lower"], decimals, lang),
                         upper=format_number(r["_upper"], decimals, lang))
