"""Empty and edge states of a league view, explained in words: nothing to rank,
"my unit" not scored / filtered out / on the other boundary set, and a period
with no earlier period on the same boundaries — with a button to the
re-expressed view where that view answers the question."""

from __future__ import annotations

from datetime import date

import polars as pl
import streamlit as st

from cchc.captions import in_sentence
from cchc.conventions import rank_move
from cchc.numbers import format_change, format_number
from cchc.periods import grain_of, parse_period, period_label, sort_key
from cchc.safety import plain
from cchc.selection import League
from ui import data, state
from ui.page import asked_period
from ui.text import t


def _can_reexpress(league: League) -> bool:
    scope = league.scope
    return scope.geography is None and scope.definition.reexpress.rule != "none" and scope.level in ("province", "commune")


def _switch_button(league: League, key: str) -> None:
    if _can_reexpress(league):
        st.button(t("geo_switch"), key=key, on_click=lambda: state.put("geo", "vn34"), icon=":material/sync_alt:")


def period_fallback(league: League) -> None:
    """The period asked for (link, or kept from another index) has no data: say which one is shown."""
    scope, asked = league.scope, asked_period()
    lang = scope.lang
    if not asked or asked == scope.period:
        return
    try:
        wanted = period_label(asked, lang)
        future = parse_period(asked).start > date.today()
    except ValueError:
        return  # not a period at all: the sidebar already warned about the link
    if future and state.from_link("period", asked):
        return  # ``period=9999`` is a bad link, not a year without data: the link warning said so
    st.info(t("period_no_data").format(index=scope.definition.short(lang), asked=in_sentence(wanted, lang),
                                       shown=in_sentence(period_label(scope.period, lang), lang)),
            icon=":material/event_busy:")


def nothing_to_rank(league: League) -> bool:
    """Say so and return True when the view has no ranked unit."""
    lang = league.scope.lang
    period = in_sentence(period_label(league.scope.period, lang), lang)
    if league.scoped.is_empty():
        st.info(t("no_units").format(period=period))
        return True
    if league.scoped["rank"].count() == 0:
        st.info(t("none_scored").format(period=period, n=league.scoped.height))
        return True
    if league.table.is_empty():
        st.info(t("no_match"))
        return True
    return False


def unit_state(league: League) -> None:
    """Explain where "my unit" is when it is not an ordinary ranked row."""
    lang, unit = league.scope.lang, league.selection.unit
    if not unit:
        return
    store = data.store()
    name = store.unit_name(unit, lang)
    period = in_sentence(period_label(league.scope.period, lang), lang)
    others = ", ".join(store.unit_name(u, lang) for u in league.highlight if u != unit)
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
        row = league.table.filter(pl.col("unit_id") == unit).row(0, named=True)
        if row["score"] is None:
            st.warning(t("my_unit_not_scored").format(unit=name, period=period, reason=plain(row["reason"] or "–")))


def no_previous(league: League) -> None:
    """A period whose earlier periods are on the other boundary set: changes need re-expression."""
    scope = league.scope
    if league.scoped["prev_period"].drop_nulls().len() or not _can_reexpress(league):
        return
    periods = scope.source.periods()  # which periods exist where: no score is computed for this
    other = periods.filter(pl.col("geography") != scope.period_geography)["period"].unique().to_list()
    earlier = [p for p in other if grain_of(p) == grain_of(scope.period) and sort_key(p) < sort_key(scope.period)]
    if earlier:
        st.info(t("no_prev_geo").format(period=in_sentence(period_label(scope.period, scope.lang), scope.lang)))
        _switch_button(league, "geo_switch_prev")


def my_unit(league: League) -> None:
    """Where "my unit" stands, at the top of the page: rank of n, score, change and group (when it is a
    ranked row of the table shown)."""
    unit = league.selection.unit
    if not unit or league.presence != "listed":
        return
    row = league.table.filter(pl.col("unit_id") == unit).row(0, named=True)
    if row["rank"] is None:
        return
    lang, dec = league.scope.lang, league.meta.decimals
    with st.container(border=True, key="my_unit_card"):
        st.markdown(t("my_unit_title", unit=plain(row["label"] or row["unit"])))
        c1, c2, c3, c4 = st.columns(4)
        c1.metric(t("rank"), f"{format_number(row['rank'], 0, lang)}/{format_number(row['n_ranked'], 0, lang)}",
                  delta=rank_move(row["rank_change"], row["moved"], lang) or None, delta_arrow="off",
                  delta_color="gray")
        c2.metric(t("score"), format_number(row["score"], dec, lang))
        c3.metric(t("change"), format_change(row["change"], dec, lang))
        c4.metric(t("group"), row["group_label"] or "–")
