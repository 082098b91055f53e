"""The parts of the Profile page: the unit's heading, its scorecard among its peers
(with strengths and weaknesses), its improvement priorities, its history, the old units
it came from (or the new one it became), and the league of the units below it."""

from __future__ import annotations

import polars as pl
import streamlit as st

from cchc import captions
from cchc.events import event_positions
from cchc.figures.scorecard import scorecard_bars
from cchc.figures.trends import trend_lines
from cchc.league import league_table
from cchc.numbers import format_change, format_number
from cchc.periods import period_label
from cchc.priorities import improvement_table, next_steps, standing, step_sentences
from cchc.profile import child_sources, last_scores, predecessors, scorecard, strengths_weaknesses, successors
from cchc.reexpress import rule_text
from cchc.selection import Scope
from cchc.series import absent_spans, display_names, periods_of, reference_series, span_label, unit_series
from cchc.uncertainty import league_uncertainty, rank_range_text
from cchc.units import get_unit, region_label, regions_frame
from cchc.safety import plain
from cchc.captions import in_sentence
from ui import controls, data, display, pickers, state
from ui.text import t


def _mean_label(scope: Scope) -> str:
    return t("mean_national") if scope.level in ("province", "ministry") else t("mean_level")


def heading(scope: Scope, unit_id: str, names: dict[str, str]) -> str:
    """The unit's full name, level, region and boundaries; returns its display name."""
    lang = scope.lang
    row = get_unit(data.units(), unit_id) or {}
    name = names.get(unit_id, unit_id)
    region = region_label(regions_frame(data.regions()), row.get("region"), lang) if row.get("region") else None
    st.header(row.get("name_en" if lang == "en" else "name_vi") or name)
    st.caption(captions.caption_parts(controls.level_label(scope.level), region,
                                      captions.geography_label(unit_id.split(":", 1)[0], lang)))
    return name


def scorecard_section(scope: Scope, unit_id: str, name: str) -> str:
    """Metrics, the scorecard chart and table, strengths and weaknesses; returns the total's status."""
    d, lang = scope.definition, scope.lang
    card = scorecard(scope.scores, d, unit_id, scope.period)
    total = card.row(0, named=True)
    if total["status"] == "absent":
        st.warning(t("unit_absent").format(unit=name, period=in_sentence(period_label(scope.period, lang), lang),
                                           geo=captions.geography_label(scope.period_geography, lang)),
                   icon=":material/info:")
        pickers.offer_reexpressed(scope, key="reexpress_card")
        return "absent"
    if total["status"] == "not_scored":
        st.warning(t("profile_not_scored").format(unit=name, period=in_sentence(period_label(scope.period, lang), lang))
                   + (f" {total['reason']}" if total["reason"] else ""), icon=":material/info:")
    prev = period_label(total["prev_period"], lang) if total["prev_period"] else None
    _metrics(scope, total, prev)
    if total["status"] == "scored":
        how_sure(scope, unit_id)
    labels = {n.indicator_id: n.label(lang) for n in d.children()}
    if total["status"] == "scored":
        fig = scorecard_bars(card, labels=labels, unit_name=name, mean_label=_mean_label(scope), lang=lang,
                             decimals=d.decimals, unit=d.unit(lang), title=f"{d.short(lang)} — {t('scorecard')}: {name}",
                             subtitle=scope.subtitle([name]), source_note=scope.source_note())
        controls.plot(fig, key="card")
    shown = card.with_columns(pl.col("indicator_id").replace_strict(
        {n.indicator_id: n.label(lang) for n in d.nodes()}, default=None).alias("component"))
    display.table(shown, {
        "component": (t("component"), None), "value": (t("score"), display.number(d.decimals)),
        "max_points": (t("max_points"), display.number(0)), "rank": (t("rank"), display.integer),
        "n_ranked": (t("of_n"), display.integer), "percentile": (t("percentile"), display.percent(0)),
        "peer_mean": (_mean_label(scope), display.number(d.decimals)),
        "change": (t("change_vs_prev"), display.signed(d.decimals)), "rank_change": (t("rank_change"), display.rank_move),
    }, key="card_table")
    st.caption(t("card_note").format(prev=prev or t("no_prev_period")))
    strong, weak = strengths_weaknesses(card)
    if strong.height or weak.height:
        for col, frame, key in zip(st.columns(2), (strong, weak), ("strengths", "weaknesses")):
            col.subheader(t(key))
            col.markdown("\n".join(
                f"- **{labels.get(r['indicator_id'], r['indicator_id'])}** — {t('rank').lower()} {r['rank']}/"
                f"{r['n_ranked']}, {t('better_than').format(p=format_number(r['percentile'], 0, lang))}"
                for r in frame.iter_rows(named=True)) or t("none_" + key))
        st.caption(t("sw_note"))
    return total["status"]


def priorities(scope: Scope, unit_id: str, name: str, names: dict[str, str]) -> None:
    """What would lift the unit: each component's gaps to the peer median and the best peer with the total and
    rank it would give, and the smallest single-component gain to the next group, the top 10 and the next unit."""
    d, lang = scope.definition, scope.lang
    period = in_sentence(period_label(scope.period, lang), lang)
    st.subheader(t("prio.title"))
    now = standing(scope.scores, d, unit_id, scope.period)
    if not now.scored:
        st.info(step_sentences(next_steps(now), d, name, period=period, lang=lang)[0], icon=":material/info:")
        return
    table = improvement_table(now)
    labels = {n.indicator_id: n.label(lang) for n in d.nodes()}
    shown = table.with_columns(pl.col("indicator_id").replace_strict(labels, default=None).alias("component"))
    total = display.number(d.decimals)
    display.table(shown, {
        "component": (t("component"), None), "value": (t("score"), display.number(d.decimals)),
        "max_points": (t("max_points"), display.number(0)), "to_median": (t("prio.to_median"), display.number(d.decimals)),
        "to_best": (t("prio.to_best"), display.number(d.decimals)),
        "total_at_median": (t("prio.total_at_median"), total), "rank_at_median": (t("prio.rank_at_median"), display.integer),
        "total_at_best": (t("prio.total_at_best"), total), "rank_at_best": (t("prio.rank_at_best"), display.integer),
    }, key="priorities_table")
    sentences = step_sentences(next_steps(now), d, name, names=names, period=period, lang=lang)
    st.markdown(f"**{t('prio.to_move_up')}**\n\n" + "\n".join(f"- {plain(s)}" for s in sentences))
    st.caption(t("prio.intro"))


def how_sure(scope: Scope, unit_id: str) -> None:
    """For an index with standard errors (survey indices): the score's 95% interval, the ranks the unit
    could take (seeded simulation) and the units it cannot be told apart from; nothing otherwise."""
    store = data.store()
    league = data.league(store, scope)
    sure = league_uncertainty(store, league)
    if sure is None:
        return
    row = sure.table.filter(pl.col("unit_id") == unit_id)
    if row.is_empty() or row["lower"][0] is None:
        return
    r, d, lang = row.row(0, named=True), scope.definition, scope.lang
    ranks = rank_range_text(r["rank_low"], r["rank_high"], lang) or "–"
    line = t("uncertainty.profile_line", lower=format_number(r["lower"], d.decimals, lang),
             upper=format_number(r["upper"], d.decimals, lang), ranks=ranks)
    apart = sure.focus_sentence(league.scoped, unit_id, lang)
    st.caption(plain(line + (" " + apart if apart else "")), help=t("uncertainty.toggle_help"))


def _metrics(scope: Scope, total: dict, prev: str | None) -> None:
    d, lang = scope.definition, scope.lang
    c1, c2, c3, c4 = st.columns(4)
    change = format_change(total["change"], d.decimals, lang).replace("−", "-")  # st.metric reads the delta's sign
    c1.metric(t("score"), format_number(total["value"], d.decimals, lang),
              delta=change + (f" ({t('vs')} {prev})" if prev else "") if total["change"] is not None else None,
              delta_color="normal" if d.direction == "higher" else "inverse")
    c2.metric(t("rank"), f"{total['rank']}/{total['n_ranked']}" if total["rank"] else "–",
              delta=(f"{total['rank_change']:+d} " + t("places")) if total["rank_change"] is not None else None)
    c3.metric(t("percentile"), f"{format_number(total['percentile'], 0, lang)}%" if total["percentile"] is not None
              else "–", help=t("percentile_help"))
    c4.metric(t("peer_mean"), format_number(total["peer_mean"], d.decimals, lang))


def history(scope: Scope, unit_id: str, name: str, names: dict[str, str], *, absent: bool) -> None:
    """The unit's total over every period, against the mean and the best unit."""
    d, lang = scope.definition, scope.lang
    st.subheader(t("profile_history"))
    hist = unit_series(scope.scores, [unit_id], d.id)
    periods = periods_of(scope.scores)
    refs = reference_series(scope.scores, d.id, direction=d.direction, decimals=d.decimals)
    names = {**names, **display_names(data.units(), refs["unit_id"].drop_nulls().unique().to_list(), lang)}
    sub = captions.caption_parts(span_label(periods, lang), controls.level_label(scope.level), name, d.unit(lang))
    fig = trend_lines(hist, names=names, references=refs,
                      reference_labels={"mean": t("mean_level") if absent else _mean_label(scope), "best": t("best_unit")},
                      events=event_positions(periods), lang=lang, decimals=d.decimals, unit=d.unit(lang),
                      title=f"{d.title(lang=lang)}: {name}", subtitle=sub, source_note=scope.source_note(),
                      plot_height=280)
    controls.plot(fig, key="history")
    note = pickers.geography_break_note(scope, absent_spans(hist), names)
    if note:
        st.info(note, icon=":material/info:")
        if not absent:
            pickers.offer_reexpressed(scope, key="reexpress_history")


def lineage(scope: Scope, unit_id: str, name: str) -> None:
    """A new unit's predecessors with their last published scores, or an old unit's successor."""
    if scope.level not in ("province", "commune"):
        return
    d, lang, store = scope.definition, scope.lang, data.store()
    units = store.units
    if unit_id.startswith("vn34:"):
        pre = predecessors(store.crosswalk, units, unit_id, lang)
        if not pre.height:
            return
        st.subheader(t("predecessors"))
        published = store.scores(scope.index, scope.level, None)
        last = last_scores(published.filter(pl.col("geography") == "vn63"), pre["unit_id"].to_list(), d.id,
                           direction=d.direction, decimals=d.decimals)
        frame = pre.join(last, on="unit_id", how="left").with_columns(
            pl.col("period").map_elements(lambda p: period_label(p, lang), return_dtype=pl.String), pl.col("share") * 100)
        display.table(frame, {"name": (t("old_unit"), None), "share": (t("share"), display.percent(0)),
                              "period": (t("last_period"), None), "value": (t("score"), display.number(d.decimals)),
                              "rank": (t("rank"), display.integer), "n_ranked": (t("of_n"), display.integer)},
                      key="predecessors")
        rule = rule_text({"rule": d.reexpress.rule, "weight": d.reexpress.weight}, lang, scope.level)
        st.caption(t("predecessors_note").format(rule=rule[0].lower() + rule[1:]))
        return
    succ = successors(store.crosswalk, units, unit_id, lang)
    if succ.height:
        new = display_names(units, [unit_id, *succ["unit_id"].to_list()], lang)
        st.info(t("successor").format(unit=name, new=", ".join(new[u] for u in succ["unit_id"])),
                icon=":material/merge:")


def units_below(scope: Scope, unit_id: str, name: str) -> None:
    """The league of the units below this one, by any index that scores them."""
    lang, store = scope.lang, data.store()
    defs, geo = store.definitions, unit_id.split(":", 1)[0]
    sources = child_sources(store.index_units(), store.units, unit_id)
    keys = [f"{i}:{lv}" for i, lv in sources.select("index", "level").iter_rows() if i in defs and lv in defs[i].levels]
    st.subheader(t("children"))
    if not keys:
        st.info(t("no_children").format(unit=name))
        return
    pickers.quiet_reset("tab", keys, kind="tab")
    choice = state.select("tab", t("children_source"), keys, format_func=lambda k: (
        f"{defs[k.split(':')[0]].short(lang)} — {controls.level_label(k.split(':')[1])}"))
    idx, level = choice.split(":")
    cd = defs[idx]
    child_scores = store.scores(idx, level, None).filter(pl.col("geography") == geo)
    child_periods = periods_of(child_scores)
    if not child_periods:
        st.info(t("children_other_geo").format(unit=name))
        return
    cp = scope.period if scope.period in child_periods else child_periods[-1]
    league = league_table(child_scores, store.units, cd, period=cp, level=level, parent_id=unit_id, lang=lang)
    st.markdown(f"**{cd.title(lang=lang)} — {controls.level_label(level)}: {name}**")
    st.caption(plain(captions.subtitle(cd, period=cp, level=level, geography=geo, filters=[name], lang=lang)))
    display.table(league, {
        "rank": (t("rank"), display.integer), "unit": (t("unit"), None),
        "score": (t("score"), display.number(cd.decimals)), "change": (t("change"), display.signed(cd.decimals)),
        "rank_change": (t("rank_change"), display.rank_move), "group_label": (t("group"), None),
        "reason": (t("note"), None)}, key="children", height=min(38 + 35 * league.height, 560))
    st.caption(plain(captions.source_note(cd, demo=store.is_demo(idx), lang=lang)))
