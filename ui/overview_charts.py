"""The overview page's charts: the map of groups, the distribution of scores and
the biggest movers (chart and lists), sized for two columns on a wide screen."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from cchc.conventions import rank_move
from cchc.loading import DataFileError
from cchc.figures import maps
from cchc.figures.distribution import score_distribution
from cchc.figures.layout import NARROW_PX, text_widths, wrap
from cchc.figures.movers import movers_bars
from cchc.numbers import format_change, format_number
from cchc.selection import League
from ui import controls, data
from ui.text import t

COLUMN_PX = 560  # a chart in the narrower of two columns on a wide screen


def _short(league: League) -> str:
    scope = league.scope
    d, lang = scope.definition, scope.lang
    return d.short(lang) + ("" if scope.indicator == d.id else f" — {scope.node.label(lang)}")


def _words(league: League) -> dict[str, str]:
    return dict(subtitle=league.meta.subtitle, source_note=league.meta.source_note, lang=league.meta.lang)


def _room_for_note(fig: go.Figure, note: str) -> go.Figure:
    """The map leaves room for a one-line source note; give a wrapped one the lines it needs."""
    extra = 15 * note.count("<br>")
    if extra:
        fig.update_layout(margin_b=(fig.layout.margin.b or 72) + extra, height=(fig.layout.height or 640) + extra)
    return fig


def group_map(league: League, *, narrow: bool) -> None:
    """Provinces coloured by group, or communes as points; a note for levels without a map."""
    scope, meta = league.scope, league.meta
    if scope.level not in ("province", "commune"):
        st.info(t("no_map").format(level=controls.level_label(scope.level).lower()))
        return
    tw, sw, nw = text_widths(NARROW_PX if narrow else int(1.4 * COLUMN_PX))
    words = {**_words(league), "subtitle": wrap(meta.subtitle, sw), "source_note": wrap(meta.source_note, nw)}
    common = dict(group="group" if league.palette else None, group_colours=league.palette or None, title=wrap(t("map_title").format(index=_short(league)), tw),
                  decimals=meta.decimals, highlight=list(league.highlight), **words)
    try:
        geojson = data.store().geojson(scope.period_geography)
    except DataFileError:
        if scope.level == "province":  # the map is the boundaries: say so, the rest of the page stays
            st.info(t("no_boundaries"), icon=":material/map:")
            return
        geojson = None  # communes are points; the province outlines are only context
    if scope.level == "province":
        fig = maps.province_map(league.table, geojson, **common)
    else:
        fig = maps.point_map(league.table, data.units(), geojson=geojson, **common)
    controls.plot(_room_for_note(fig, words["source_note"]), key="overview_map")


def distribution(league: League, means: list[tuple[str, float | None]], *, narrow: bool) -> None:
    fig = score_distribution(league.table, decimals=league.meta.decimals, highlight=list(league.highlight), mean=means,
                             group_colours=league.palette, title=t("dist_title").format(index=_short(league)),
                             narrow=narrow, width=None if narrow else COLUMN_PX, **_words(league))
    controls.plot(fig, key="overview_distribution")


def movers_chart(league: League, up: pl.DataFrame, down: pl.DataFrame, n: int, *, narrow: bool) -> None:
    fig = movers_bars(up, down, decimals=league.meta.decimals, highlight=list(league.highlight), narrow=narrow,
                      width=None if narrow else 2 * COLUMN_PX,
                      title=t("movers_chart").format(n=n, index=_short(league)), **_words(league))
    controls.plot(fig, key="overview_movers")


def movers_lists(league: League, up: pl.DataFrame, down: pl.DataFrame) -> None:
    """"Moved up most" and "moved down most" as lists: ▲3 (12 → 9; +1,25)."""
    lang, dec = league.meta.lang, league.meta.decimals
    for key, part in (("movers_up", up), ("movers_down", down)):
        st.markdown(f"**{t(key)}**")
        lines = [f"**{r['label']}** {rank_move(r['rank_change'], lang=lang)} "
                 f"({format_number(r['prev_rank'], 0, lang)} → {format_number(r['rank'], 0, lang)}; "
                 f"{format_change(r['change'], dec, lang)})" for r in part.to_dicts()]
        st.markdown("\n".join(f"- {x}" for x in lines) if lines else t("movers_none"))
