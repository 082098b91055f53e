"""Rankings: the league table of one index, component, period and level — ranked
bars and the table of the same units, with changes, groups, components, recent
history and mean rows. Filters: the common ones plus region, parent unit,
group/band, search, my unit and top/bottom N (all persistent, all in the URL); for survey
indices, 95% intervals and rank ranges on request (``ci=1``)."""

from __future__ import annotations

import streamlit as st

from cchc.figures.bars import ranked_bars
from cchc.selection import references
from cchc.safety import plain
from cchc.uncertainty import league_uncertainty
from ui import controls, data, device, downloads, filters, notices, ranking_table, summary_box
from ui.page import page
from ui.text import t

with page("page_rankings", url=[*filters.URL_NAMES, "ci"]) as scope:
    league = filters.league(scope)
    notices.period_fallback(league)
    notices.unit_state(league)
    notices.my_unit(league)
    if not notices.nothing_to_rank(league):
        notices.no_previous(league)
        refs = references(league, data.store())
        meta, node = league.meta, scope.node
        chart_means = [r[1:] for r in refs if not r[0].startswith("region:") or league.selection.unit]
        sure = league_uncertainty(data.store(), league)
        sure = sure if ranking_table.interval_toggle(sure) else None
        if league.table.height <= filters.CHART_MAX_ROWS:
            fig = ranked_bars(league.table, decimals=meta.decimals, lang=meta.lang, highlight=list(league.highlight),
                              mean=chart_means, group_colours=league.palette, title=meta.title,
                              subtitle=meta.subtitle, source_note=meta.source_note, x_min=meta.scale_min,
                              gap_after=league.gap, narrow=device.narrow(),
                              intervals=sure.table if sure is not None else None)
            controls.plot(fig, key="rank_bars")
        else:
            st.info(t("chart_too_many").format(n=league.table.height))
        st.markdown(f"**{plain(meta.title)}**")
        st.caption(plain(meta.subtitle))
        ranking_table.show(league, refs, uncertainty=sure)
        ranking_table.indistinct_note(sure, league)
        downloads.league_downloads(league)
        summary_box.show_league(league)
        st.caption(plain(meta.source_note))
