"""The slides of the presentation view: the charts of the current selection, one per screen.

Built with the figure builders the pages and the deck use — ranked bars
(:mod:`cchc.export.report`, in columns on a wide screen), the map, the
distribution of scores, trends of the selected units and the biggest movers —
for the league view the rankings page shows (the same filters). Each slide
carries its title, subtitle and source note as text; :func:`for_screen`
turns its figures into projector figures (large text, the height of a screen).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from cchc.export import report
from cchc.export.projector import SCALE, projector_figure
from cchc.figures.distribution import score_distribution
from cchc.figures.movers import movers_bars
from cchc.kpis import movers
from cchc.periods import period_label
from cchc.safety import plain as safe_plain
from cchc.selection import League, Scope, references
from ui import data, state
from ui.text import t

# Static CSS only (no data): hide the sidebar and its toggle, and the app header; larger slide text.
CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
header[data-testid="stHeader"] { display: none !important; }
.stMainBlockContainer { padding-top: 1rem !important; padding-bottom: 1rem !important; max-width: 100% !important; }
.st-key-slide_head h1 { line-height: 1.2; padding: 0 0 0.35rem 0; }
.st-key-slide_head p { color: #4b5563; margin: 0; }
.st-key-slide_foot p { color: #6b7280; }
.st-key-slide_count p { font-weight: 600; min-width: 3.5rem; text-align: center; margin: 0; line-height: 2.5rem; }
.st-key-slide_foot .stMarkdownBadge { font-size: 1rem !important; }
@media (min-width: 900px) {
  .st-key-slide_head h1 { font-size: 2.6rem; }
  .st-key-slide_head p { font-size: 1.45rem; }
  .st-key-slide_foot p { font-size: 1.1rem; }
  .st-key-slide_count p { font-size: 1.6rem; }
}
@media (max-width: 899px) {
  .st-key-slide_head h1 { font-size: 1.6rem; }
  .st-key-slide_keys { display: none; }
}
</style>
"""
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


def trend_units(scope: Scope, table: pl.DataFrame, chosen: list[str], highlight: list[str]) -> tuple[list[str], bool]:
    """Units of the trend slide: those chosen (Trends page) with data in the view, else the highlighted
    unit(s), else the top :data:`N_TREND` of the table. Second value: whether they were chosen by the user."""
    known = set(scope.scores["unit_id"].unique().to_list())
    picked = [u for u in chosen if u in known]
    if picked:
        return picked[:8], True
    marked = [u for u in highlight if u in known]
    if marked:
        return marked, True
    top = table.filter(pl.col("score").is_not_null()).sort("rank")["unit_id"].head(N_TREND).to_list()
    return top, False


def build(league: League, *, narrow: bool = False) -> list[Slide]:
    """The slides of the selection (none when nothing is scored)."""
    store, scope = data.store(), league.scope
    table, meta = league.table, league.meta
    lang = scope.lang
    node = scope.node
    short = scope.definition.short(lang) + ("" if scope.indicator == scope.definition.id else f" — {node.label(lang)}")
    subtitle = meta.subtitle
    note = meta.source_note
    highlight = list(league.highlight) or None
    if table.filter(pl.col("score").is_not_null()).is_empty():
        return []
    slides: list[Slide] = []

    bars = [report.bar_chart(table, meta, highlight=highlight)] if narrow else \
        report.bar_columns(table, meta, highlight=highlight)
    slides.append(Slide("bars", f"{short} — {t('present_ranking')}",
                        " · ".join(x for x in (subtitle, report.mean_text(meta)) if x), bars, note))

    if scope.level in ("province", "commune"):
        fig = report.map_chart(table, meta, geojson=report.boundaries(store, league), units=store.units,
                               highlight=highlight)
        slides.append(Slide("map", f"{short} — {t('present_map')}", subtitle, [fig], note))

    means = [(label, mean) for key, label, mean in references(league, store) if key in ("all", "selection")]
    fig = score_distribution(table, decimals=node.decimals, highlight=highlight, mean=means,
                             group_colours=league.palette, title=t("dist_title").format(index=short),
                             subtitle=subtitle, source_note=note, lang=lang, narrow=narrow)
    slides.append(Slide("distribution", t("dist_title").format(index=short), subtitle, [fig], note))

    unit_ids, _ = trend_units(scope, table, list(state.get("units") or []), list(league.highlight))
    if unit_ids:
        fig = report.trend_chart(scope.scores, store.units, unit_ids, meta, scope.definition)
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
                                                               period=period_label(scope.period, lang)),
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


def plain(text: str) -> str:
    """Text from data shown as Markdown: Plotly line breaks as spaces, then escaped (:func:`cchc.safety.plain`)."""
    return safe_plain(re.sub(r"<br\s*/?>", " ", text or ""))


def _go(k: int) -> None:
    state.put("slide", str(k))


def navigation(n: int) -> int:
    """The row of buttons above a slide (Previous, k/n, Next, keys, Leave); returns the slide shown (1-based)."""
    with st.container(horizontal=True, vertical_alignment="center", key="slide_nav"):
        raw = state.get("slide")
        i, valid = slide_number(raw, n)
        if not valid:
            state.warn_invalid("slide", raw)
            state.put("slide", str(i) if n else "")
        st.button(t("present_prev"), icon=":material/arrow_back:", shortcut="Left", disabled=i <= 1,
                  on_click=partial(_go, i - 1), key="present_prev")
        with st.container(width="content", key="slide_count"):
            st.markdown(f"{i}/{n}" if n else "0/0")
        st.button(t("present_next"), icon=":material/arrow_forward:", icon_position="right", shortcut="Right",
                  disabled=i >= n, on_click=partial(_go, i + 1), key="present_next")
        with st.container(width="content", key="slide_keys"):
            st.caption(t("present_keys"))
        st.space("stretch")
        if st.button(t("present_exit"), icon=":material/close:", shortcut="Esc", key="present_exit", type="tertiary"):
            st.switch_page("views/rankings.py")
    return i
