"""Overview: one index, period and level at a glance — KPI cards, the map, the
distribution of scores and the biggest movers. Filters: the common ones plus
region, parent unit and my unit (persistent, in the URL)."""

from __future__ import annotations

import streamlit as st

from cchc.kpis import headline, movers
from cchc.periods import period_label
from cchc.selection import references, scoped_table
from cchc.safety import plain
from ui import data, device, filters, kpi_cards, notices, overview_charts
from ui.page import page
from ui.text import t

URL_NAMES = [n for n in filters.URL_NAMES if n not in ("band", "q", "top")]
N_MOVERS = 5

with page("page_overview", url=URL_NAMES) as scope:
    league = filters.league(scope, band=False, search=False, top=False)
    notices.period_fallback(league)
    notices.unit_state(league)
    notices.my_unit(league)
    if not notices.nothing_to_rank(league):
        notices.no_previous(league)
        store, table, meta, narrow = data.store(), league.table, league.meta, device.narrow()
        prevs = table["prev_period"].drop_nulls()
        prev = prevs.first() if prevs.len() else None
        head = headline(table, scoped_table(store, scope, prev) if prev else None)
        st.subheader(plain(meta.title))
        st.caption(plain(meta.subtitle))
        kpi_cards.cards(league, head)
        means = [(label, mean) for key, label, mean in references(league, store) if key in ("all", "selection")]
        left, right = st.columns([3, 2], gap="medium")
        with left:
            overview_charts.group_map(league, narrow=narrow)
        with right:
            overview_charts.distribution(league, means, narrow=narrow)
        up, down = movers(table, N_MOVERS)
        if prev:
            st.subheader(t("movers_title").format(prev=period_label(prev, scope.lang),
                                                  period=period_label(scope.period, scope.lang)))
            chart, lists = st.columns([3, 2], gap="medium")
            with chart:
                overview_charts.movers_chart(league, up, down, N_MOVERS, narrow=narrow)
            with lists:
                overview_charts.movers_lists(league, up, down)
        st.caption(plain(meta.source_note))
