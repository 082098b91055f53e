"""Empty and edge states of a league view, explained in words: nothing to rank,
"my unit" not scored / filtered out / on the other boundary set, and a period
with no earlier period on the same boundaries — with a button to the
re-expressed view where that view answers the question."""

from __future__ import annotations

import polars as pl
import streamlit as st

from cchc.periods import grain_of, period_label, sort_key
from ui import state
from ui.league import League, in_sentence, unit_name
from ui.text import t


def _can_reexpress(league: League) -> bool:
    view = league.view
    return view.geography is None and view.definition.reexpress.rule != "none" and view.level in ("province", "commune")


def _switch_button(league: League, key: str) -> None:
    if _can_reexpress(league):
        st.button(t("geo_switch"), key=key, on_click=lambda: state.put("geo", "vn34"), icon=":material/sync_alt:")


def period_fallback(asked: str, league: League) -> None:
    """The period asked for (link, or kept from another index) has no data: say which one is shown."""
    view = league.view
    if not asked or asked == view.period:
        return
    try:
        wanted = period_label(asked, view.lang)
    except ValueError:
        return  # not a period at all: the sidebar already warned about the link
    st.info(t("period_no_data").format(index=view.definition.short(view.lang), asked=in_sentence(wanted),
                                       shown=in_sentence(period_label(view.period, view.lang))), icon=":material/event_busy:")


def nothing_to_rank(league: League) -> bool:
    """Say so and return True when the view has no ranked unit."""
    view = league.view
    period = in_sentence(period_label(view.period, view.lang))
    if league.scoped.is_empty():
        st.info(t("no_units").format(period=period))
        return True
    if league.scoped["rank"].count() == 0:
        st.info(t("none_scored").format(period=period, n=league.scoped.height))
        return True
    if league.shown.is_empty():
        st.info(t("no_match"))
        return True
    return False


def unit_state(league: League) -> None:
    """Explain where "my unit" is when it is not an ordinary ranked row."""
    view = league.view
    if not league.unit:
        return
    name = unit_name(league.unit)
    period = in_sentence(period_label(view.period, view.lang))
    others = ", ".join(unit_name(u) for u in league.highlight if u != league.unit)
    if league.presence == "not_yet":
        st.info(t("unit_not_yet").format(unit=name, period=period, olds=others or "–"), icon=":material/history:")
        _switch_button(league, "geo_switch_unit")
    elif league.presence == "no_longer":
        st.info(t("unit_no_longer").format(unit=name, news=others or "–"), icon=":material/history:")
    elif league.presence == "other_level":
        st.info(t("unit_other_level").format(unit=name))
    elif league.presence == "outside":
        st.info(t("unit_outside").format(unit=name))
    elif league.presence == "listed":
        row = league.shown.filter(pl.col("unit_id") == league.unit).row(0, named=True)
        if row["score"] is None:
            st.warning(t("my_unit_not_scored").format(unit=name, period=period, reason=row["reason"] or "–"))


def no_previous(league: League) -> None:
    """A period whose earlier periods are on the other boundary set: changes need re-expression."""
    view = league.view
    if league.scoped["prev_period"].drop_nulls().len() or not _can_reexpress(league):
        return
    other = view.scores.filter(pl.col("geography") != view.period_geography)["period"].unique().to_list()
    earlier = [p for p in other if grain_of(p) == grain_of(view.period) and sort_key(p) < sort_key(view.period)]
    if earlier:
        st.info(t("no_prev_geo").format(period=in_sentence(period_label(view.period, view.lang))))
        _switch_button(league, "geo_switch_prev")
