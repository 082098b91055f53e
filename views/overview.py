"""Overview: one index, period and level at a glance — KPI cards, the map, the
distribution of scores and the biggest movers. Filters: the common ones plus
region, parent unit and my unit (persistent, in the URL)."""

from __future__ import annotations

import streamlit as st

from cchc import maps
from cchc.figures.distribution import score_distribution
from cchc.figures.layout import NARROW_PX, text_widths, wrap
from cchc.figures.movers import movers_bars
from cchc.kpis import headline, movers
from cchc.numbers import format_change, format_number
from cchc.periods import period_label
from ui import controls, data, device, kpi_cards, notices, state
from ui import league as lg
from ui.text import t

URL_NAMES = [n for n in lg.URL_NAMES if n not in ("band", "q", "top")]
N_MOVERS = 5
COLUMN_PX = 560  # a chart in the narrower of two columns on a wide screen


def _room_for_note(fig, note: str):
    """The map leaves room for a one-line source note; give a wrapped one the lines it needs."""
    extra = 15 * note.count("<br>")
    if extra:
        fig.update_layout(margin_b=(fig.layout.margin.b or 72) + extra, height=(fig.layout.height or 640) + extra)
    return fig


st.title(t("page_overview"))
asked = state.get("period")  # before the sidebar falls back to a period with data
view = controls.sidebar()
if view is None:
    state.write_url(URL_NAMES)
    st.stop()
controls.demo_banner(view)
league = lg.refine(lg.scope(view), band=False, search=False, top=False)
notices.period_fallback(asked, league)
notices.unit_state(league)
if not notices.nothing_to_rank(league):
    notices.no_previous(league)
    lang, narrow = view.lang, device.narrow()
    node = view.definition.node(view.indicator)
    table = league.shown
    prev = table["prev_period"].drop_nulls().first() if table["prev_period"].drop_nulls().len() else None
    head = headline(table, league.table(prev) if prev else None)
    subtitle = view.subtitle(league.filters)
    short = view.definition.short(lang) + ("" if view.indicator == view.definition.id else f" — {node.label(lang)}")
    st.subheader(view.title())
    st.caption(subtitle)
    kpi_cards.cards(league, head)
    means = [(label, mean) for key, label, mean in lg.references(league) if key in ("all", "selection")]
    words = dict(subtitle=subtitle, source_note=view.source_note(), lang=lang)
    tw, sw, nw = text_widths(NARROW_PX if narrow else int(1.4 * COLUMN_PX))
    map_words = {**words, "subtitle": wrap(subtitle, sw), "source_note": wrap(view.source_note(), nw)}
    left, right = st.columns([3, 2], gap="medium")
    with left:
        geo = view.period_geography
        if view.level == "province":
            fig = maps.province_map(table, data.geojson(f"provinces_{geo}"), group="group" if league.palette else None,
                                    title=wrap(t("map_title").format(index=short), tw),
                                    decimals=node.decimals, highlight=league.highlight, **map_words)
            controls.plot(_room_for_note(fig, map_words["source_note"]), key="overview_map")
        elif view.level == "commune":
            fig = maps.point_map(table, data.units(), group="group" if league.palette else None,
                                 title=wrap(t("map_title").format(index=short), tw),
                                 decimals=node.decimals, highlight=league.highlight,
                                 geojson=data.geojson(f"provinces_{geo}"), **map_words)
            controls.plot(_room_for_note(fig, map_words["source_note"]), key="overview_map")
        else:
            st.info(t("no_map").format(level=controls.level_label(view.level).lower()))
    with right:
        fig = score_distribution(table, decimals=node.decimals, highlight=league.highlight, mean=means,
                                 group_colours=league.palette, title=t("dist_title").format(index=short),
                                 narrow=narrow, width=None if narrow else COLUMN_PX, **words)
        controls.plot(fig, key="overview_distribution")
    up, down = movers(table, N_MOVERS)
    if prev:
        st.subheader(t("movers_title").format(prev=period_label(prev, lang), period=period_label(view.period, lang)))
        chart, lists = st.columns([3, 2], gap="medium")
        with chart:
            fig = movers_bars(up, down, decimals=node.decimals, highlight=league.highlight, narrow=narrow,
                              width=None if narrow else 2 * COLUMN_PX,
                              title=t("movers_chart").format(n=N_MOVERS, index=short), **words)
            controls.plot(fig, key="overview_movers")
        with lists:
            for key, part in (("movers_up", up), ("movers_down", down)):
                st.markdown(f"**{t(key)}**")
                lines = [f"**{r['label']}** {'▲' if r['rank_change'] > 0 else '▼'}"
                         f"{format_number(abs(r['rank_change']), 0, lang)} "
                         f"({format_number(r['prev_rank'], 0, lang)} → {format_number(r['rank'], 0, lang)}; "
                         f"{format_change(r['change'], node.decimals, lang)})" for r in part.to_dicts()]
                st.markdown("\n".join(f"- {x}" for x in lines) if lines else t("movers_none"))
    st.caption(view.source_note())
state.write_url(URL_NAMES)
