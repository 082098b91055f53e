"""The slides of the presentation view: the charts of the current selection, one per screen.

Built with the figure builders the pages and the deck use — ranked bars
(:mod:`cchc.export.report`, in columns on a wide screen), the map, the
distribution of scores, trends of the selected units and the biggest movers —
for the league view the rankings page shows (the same filters). Each slide
carries its title, subtitle and source note as text; :func:`for_screen`
turns its figures into projector figures (large text, the height of a screen).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import plotly.graph_objects as go
import polars as pl

from cchc.export import report
from cchc.export.projector import SCALE, projector_figure
from cchc.periods import period_label
from ui import data, state
from ui.text import t

N_MOVERS = 5
N_TREND = 3  # units in the trend slide when none is chosen: the top of the ranking
SCREEN_PX = 1840  # width of the slide body on a 1920-px projector (page padding taken off)
BODY_PX = 660  # height of the charts: title, subtitle, navigation and footer fit a 1080-px screen


@dataclass
class Slide:
    key: str
    title: str
    subtitle: str
    figures: list[go.Figure] = field(default_factory=list)  # side by side
    source_note: str = ""


def slide_number(raw: Any, n: int) -> tuple[int, bool]:
    """The 1-based slide asked for by ``raw`` (the URL's ``slide``), within 1..``n``; and whether
    ``raw`` was usable (empty means the first slide).

    >>> slide_number("3", 5), slide_number("", 5), slide_number("9", 5), slide_number("x", 5)
    ((3, True), (1, True), (5, False), (1, False))
    """
    if n <= 0:
        return 0, raw in ("", None)
    if raw in ("", None):
        return 1, True
    try:
        k = int(str(raw))
    except ValueError:
        return 1, False
    return min(max(k, 1), n), 1 <= k <= n


def trend_units(view: Any, table: pl.DataFrame, chosen: list[str], highlight: list[str]) -> tuple[list[str], bool]:
    """Units of the trend slide: those chosen (Trends page) with data in the view, else the highlighted
    unit(s), else the top :data:`N_TREND` of the table. Second value: whether they were chosen by the user."""
    known = set(view.scores["unit_id"].unique().to_list())
    picked = [u for u in chosen if u in known]
    if picked:
        return picked[:8], True
    marked = [u for u in highlight if u in known]
    if marked:
        return marked, True
    top = table.filter(pl.col("score").is_not_null()).sort("rank")["unit_id"].head(N_TREND).to_list()
    return top, False


def build(view: Any, league: Any, *, narrow: bool = False) -> list[Slide]:
    """The slides of the selection (none when nothing is scored)."""
    from cchc.figures.distribution import score_distribution
    from cchc.figures.movers import movers_bars
    from cchc.kpis import movers
    from ui import league as lg
    from ui.downloads import league_export

    table, meta = league_export(league)
    lang = view.lang
    node = view.definition.node(view.indicator)
    short = view.definition.short(lang) + ("" if view.indicator == view.definition.id else f" — {node.label(lang)}")
    subtitle = meta["subtitle"]
    note = meta["source_note"]
    highlight = list(league.highlight) or None
    if table.filter(pl.col("score").is_not_null()).is_empty():
        return []
    slides: list[Slide] = []

    bars = [report.bar_chart(table, meta, highlight=highlight)] if narrow else \
        report.bar_columns(table, meta, highlight=highlight)
    slides.append(Slide("bars", f"{short} — {t('present_ranking')}",
                        " · ".join(x for x in (subtitle, report.mean_text(meta)) if x), bars, note))

    geo = view.period_geography
    if view.level in ("province", "commune"):
        geojson = data.geojson(f"provinces_{geo}")
        fig = report.map_chart(table, meta, geojson=geojson, units=data.units(), highlight=highlight)
        slides.append(Slide("map", f"{short} — {t('present_map')}", subtitle, [fig], note))

    means = [(label, mean) for key, label, mean in lg.references(league) if key in ("all", "selection")]
    fig = score_distribution(table, decimals=node.decimals, highlight=highlight, mean=means,
                             group_colours=league.palette, title=t("dist_title").format(index=short),
                             subtitle=subtitle, source_note=note, lang=lang, narrow=narrow)
    slides.append(Slide("distribution", t("dist_title").format(index=short), subtitle, [fig], note))

    unit_ids, _ = trend_units(view, table, list(state.get("units") or []), list(league.highlight))
    if unit_ids:
        fig = report.trend_chart(view.scores, data.units(), unit_ids, meta, view.definition)
        slides.append(Slide("trend", fig.layout.title.text.replace("<br>", " "),
                            (fig.layout.title.subtitle.text or "").replace("<br>", " "), [fig], note))

    prevs = table["prev_period"].drop_nulls()
    prev = prevs[0] if prevs.len() else None
    up, down = movers(table, N_MOVERS)
    if prev and (up.height or down.height):
        fig = movers_bars(up, down, decimals=node.decimals, highlight=highlight, narrow=narrow,
                          title=t("movers_chart").format(n=N_MOVERS, index=short), subtitle=subtitle,
                          source_note=note, lang=lang)
        slides.append(Slide("movers", t("movers_title").format(prev=period_label(prev, lang),
                                                               period=period_label(view.period, lang)),
                            subtitle, [fig], note))
    return slides


def for_screen(slide: Slide, *, narrow: bool = False) -> list[go.Figure]:
    """The slide's figures for the projector: large text, one height; columns line up (same margins).
    On a phone: the figures as the pages draw them, without their titles."""
    if narrow:
        return [projector_figure(f, scale=1.0, width=360) for f in slide.figures]
    n = len(slide.figures)
    width = (SCREEN_PX - 16 * (n - 1)) / n
    figs = [projector_figure(f, scale=SCALE, height=BODY_PX, width=width) for f in slide.figures]
    if n > 1:  # the same plot area in every column: bars line up and the value axes get the same ticks;
        # each column keeps the legend of its own groups (the top and bottom of a ranking differ)
        top = max(f.layout.margin.t or 0 for f in figs) + 4
        left = max(f.layout.margin.l or 0 for f in figs)
        for f in figs:
            f.update_layout(margin_t=top, margin_l=left)
    return figs
