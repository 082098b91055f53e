"""Rankings: the league table of one index, component, period and level — ranked
bars and the table of the same units, with changes, groups, components, recent
history and mean rows. Filters: the common ones plus region, parent unit,
group/band, search, my unit and top/bottom N (all persistent, all in the URL)."""

from __future__ import annotations

import streamlit as st

from cchc.figures.bars import ranked_bars
from ui import controls, device, downloads, league_table, notices, state
from ui import league as lg
from ui.text import t

st.title(t("page_rankings"))
asked = state.get("period")  # before the sidebar falls back to a period with data
view = controls.sidebar()
if view is None:
    state.write_url(lg.URL_NAMES)
    st.stop()
controls.demo_banner(view)
league = lg.refine(lg.scope(view))
notices.period_fallback(asked, league)
notices.unit_state(league)
if not notices.nothing_to_rank(league):
    notices.no_previous(league)
    refs = lg.references(league)
    subtitle = view.subtitle(league.filters)
    node = view.definition.node(view.indicator)
    chart_means = [r[1:] for r in refs if not r[0].startswith("region:") or league.unit]
    if league.shown.height <= lg.CHART_MAX_ROWS:
        scale = node.scale
        fig = ranked_bars(league.shown, decimals=node.decimals, lang=view.lang, highlight=league.highlight,
                          mean=chart_means, group_colours=league.palette, title=view.title(), subtitle=subtitle,
                          source_note=view.source_note(), x_min=scale.min if scale and scale.min else 0.0,
                          gap_after=league.gap, narrow=device.narrow())
        controls.plot(fig, key="rank_bars")
    else:
        st.info(t("chart_too_many").format(n=league.shown.height))
    st.markdown(f"**{view.title()}**")
    st.caption(subtitle)
    league_table.show(league, refs)
    downloads.league_downloads(league)
    st.caption(view.source_note())
state.write_url(lg.URL_NAMES)
