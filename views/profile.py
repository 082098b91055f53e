"""Unit profile: one unit's scorecard among its peers (value, rank, change for every
component), strengths and weaknesses, its history, the league table of the units
below it, and — for a merged province or commune — the old units it came from."""

from __future__ import annotations

import polars as pl
import streamlit as st

from cchc import captions
from cchc.events import event_positions
from cchc.figures.profile import scorecard_bars
from cchc.figures.trends import trend_lines
from cchc.league import league_table
from cchc.numbers import format_change, format_number
from cchc.periods import period_label
from cchc.reexpress import rule_text
from cchc.profile import child_sources, last_scores, predecessors, scorecard, strengths_weaknesses, successors
from cchc.series import absent_spans, display_names, periods_of, reference_series, span_label, unit_series
from cchc.units import get_unit, region_label, regions_frame
from ui import controls, data, display, pickers, state
from ui.text import t

URL = ["index", "level", "geo", "period", "unit", "tab"]
view = controls.sidebar(components=False, period=True)
st.title(t("page_profile"))
if view is None:
    state.write_url(URL)
    st.stop()
controls.demo_banner(view)
lang, d = view.lang, view.definition
units = data.units()
unit_word = d.unit(lang)
options, names = pickers.unit_options(view)
firsts = [u for u in (state.get("units") or []) if u in options]
best = pickers.default_units(view, options)[:1]
unit_id = pickers.choose_unit(view, options, names, default=(firsts or best or options[:1] or [None])[0])
if not unit_id:
    st.info(t("no_data"))
    state.write_url(URL)
    st.stop()

row = get_unit(units, unit_id) or {}
name = names.get(unit_id, unit_id)
region = region_label(regions_frame(data.regions()), row.get("region"), lang) if row.get("region") else None
geo = unit_id.split(":", 1)[0]
st.header(row.get("name_en" if lang == "en" else "name_vi") or name)
st.caption(captions.caption_parts(controls.level_label(view.level), region, captions.GEOGRAPHY_TEXT[geo][lang]))

# ------------------------------------------------------------------ scorecard of the period
card = scorecard(view.scores, d, unit_id, view.period)
total = card.row(0, named=True)
if total["status"] == "absent":
    other = view.period_geography
    st.warning(t("unit_absent").format(unit=name, period=period_label(view.period, lang),
                                       geo=captions.GEOGRAPHY_TEXT[other][lang]), icon="ℹ️")
    pickers.offer_reexpressed(view, key="reexpress_card")
elif total["status"] == "not_scored":
    st.warning(t("profile_not_scored").format(unit=name, period=period_label(view.period, lang))
               + (f" {total['reason']}" if total["reason"] else ""), icon="ℹ️")

if total["status"] != "absent":
    prev = period_label(total["prev_period"], lang) if total["prev_period"] else None
    c1, c2, c3, c4 = st.columns(4)
    ascii_minus = lambda s: s.replace("−", "-")  # noqa: E731 — st.metric reads the sign of the delta
    c1.metric(t("score"), format_number(total["value"], d.decimals, lang),
              delta=ascii_minus(format_change(total["change"], d.decimals, lang)) + (f" ({t('vs')} {prev})" if prev else "")
              if total["change"] is not None else None,
              delta_color="normal" if d.direction == "higher" else "inverse")
    c2.metric(t("rank"), f"{total['rank']}/{total['n_ranked']}" if total["rank"] else "–",
              delta=(f"{total['rank_change']:+d} " + t("places")) if total["rank_change"] is not None else None)
    c3.metric(t("percentile"), f"{format_number(total['percentile'], 0, lang)}%" if total["percentile"] is not None
              else "–", help=t("percentile_help"))
    c4.metric(t("peer_mean"), format_number(total["peer_mean"], d.decimals, lang))

    labels = {n.indicator_id: n.label(lang) for n in d.children()}
    sub = view.subtitle(filters=[name])
    mean_label = t("mean_national") if view.level in ("province", "ministry") else t("mean_level")
    if total["status"] == "scored":
        fig = scorecard_bars(card, labels=labels, unit_name=name, mean_label=mean_label, lang=lang,
                             decimals=d.decimals, unit=unit_word, title=f"{d.short(lang)} — {t('scorecard')}: {name}",
                             subtitle=sub, source_note=view.source_note())
        controls.plot(fig, key="card")
    shown = card.with_columns(pl.col("indicator_id").replace_strict(
        {n.indicator_id: n.label(lang) for n in d.nodes()}, default=None).alias("component"))
    display.table(shown, {
        "component": (t("component"), None), "value": (t("score"), display.number(d.decimals)),
        "max_points": (t("max_points"), display.number(0)), "rank": (t("rank"), display.integer),
        "n_ranked": (t("of_n"), display.integer), "percentile": (t("percentile"), display.percent(0)),
        "peer_mean": (mean_label, display.number(d.decimals)),
        "change": (t("change_vs_prev"), display.signed(d.decimals)), "rank_change": (t("rank_change"), display.rank_move),
    }, key="card_table")
    st.caption(t("card_note").format(prev=prev or t("no_prev_period")))

    strong, weak = strengths_weaknesses(card)
    if strong.height or weak.height:
        left, right = st.columns(2)
        for col, frame, key in ((left, strong, "strengths"), (right, weak, "weaknesses")):
            col.subheader(t(key))
            col.markdown("\n".join(
                f"- **{labels.get(r['indicator_id'], r['indicator_id'])}** — {t('rank').lower()} {r['rank']}/"
                f"{r['n_ranked']}, {t('better_than').format(p=format_number(r['percentile'], 0, lang))}"
                for r in frame.iter_rows(named=True)) or t("none_" + key))
        st.caption(t("sw_note"))

# ------------------------------------------------------------------ history
st.subheader(t("profile_history"))
hist = unit_series(view.scores, [unit_id], d.id)
periods = periods_of(view.scores)
refs = reference_series(view.scores, d.id, direction=d.direction, decimals=d.decimals)
names = {**names, **display_names(units, refs["unit_id"].drop_nulls().unique().to_list(), lang)}
hist_sub = captions.caption_parts(span_label(periods, lang), controls.level_label(view.level), name, unit_word)
fig = trend_lines(hist, names=names, references=refs, reference_labels={"mean": mean_label if total["status"] != "absent"
                  else t("mean_level"), "best": t("best_unit")}, events=event_positions(periods), lang=lang,
                  decimals=d.decimals, unit=unit_word, title=f"{d.title(lang=lang)}: {name}", subtitle=hist_sub,
                  source_note=view.source_note(), plot_height=280)
controls.plot(fig, key="history")
note = pickers.geography_break_note(view, absent_spans(hist), names)
if note:
    st.info(note, icon="ℹ️")
    if total["status"] != "absent":
        pickers.offer_reexpressed(view, key="reexpress_history")

# ------------------------------------------------------------------ old units / new unit
if view.level in ("province", "commune"):
    cw = data.crosswalk()
    if geo == "vn34":
        pre = predecessors(cw, units, unit_id, lang)
        if pre.height:
            st.subheader(t("predecessors"))
            published = data.scores(view.index, view.level, None)
            last = last_scores(published.filter(pl.col("geography") == "vn63"), pre["unit_id"].to_list(), d.id,
                               direction=d.direction, decimals=d.decimals)
            frame = pre.join(last, on="unit_id", how="left").with_columns(
                pl.col("period").map_elements(lambda p: period_label(p, lang), return_dtype=pl.String),
                pl.col("share") * 100)
            display.table(frame, {"name": (t("old_unit"), None), "share": (t("share"), display.percent(0)),
                                  "period": (t("last_period"), None), "value": (t("score"), display.number(d.decimals)),
                                  "rank": (t("rank"), display.integer), "n_ranked": (t("of_n"), display.integer)},
                          key="predecessors")
            rule = rule_text({"rule": d.reexpress.rule, "weight": d.reexpress.weight}, lang, view.level)
            st.caption(t("predecessors_note").format(rule=rule[0].lower() + rule[1:]))
    else:
        succ = successors(cw, units, unit_id, lang)
        if succ.height:
            new = display_names(units, [unit_id, *succ["unit_id"].to_list()], lang)
            st.info(t("successor").format(unit=name, new=", ".join(new[u] for u in succ["unit_id"])), icon="🔀")

# ------------------------------------------------------------------ units below
sources = child_sources(data.index_units(), units, unit_id)
defs = data.definitions()
keys = [f"{i}:{lv}" for i, lv in sources.select("index", "level").iter_rows() if i in defs and lv in defs[i].levels]
st.subheader(t("children"))
if not keys:
    st.info(t("no_children").format(unit=name))
else:
    pickers.quiet_reset("tab", keys, kind="tab")
    choice = state.select("tab", t("children_source"), keys, format_func=lambda k: (
        f"{defs[k.split(':')[0]].short(lang)} — {controls.level_label(k.split(':')[1])}"))
    idx, level = choice.split(":")
    cd = defs[idx]
    child_scores = data.scores(idx, level, None).filter(pl.col("geography") == geo)
    child_periods = periods_of(child_scores)
    if not child_periods:
        st.info(t("children_other_geo").format(unit=name))
    else:
        cp = view.period if view.period in child_periods else child_periods[-1]
        league = league_table(child_scores, units, cd, period=cp, level=level, parent_id=unit_id, lang=lang)
        st.markdown(f"**{cd.title(lang=lang)} — {controls.level_label(level)}: {name}**")
        st.caption(captions.subtitle(cd, period=cp, level=level, geography=geo, filters=[name], lang=lang))
        display.table(league, {
            "rank": (t("rank"), display.integer), "unit": (t("unit"), None),
            "score": (t("score"), display.number(cd.decimals)), "change": (t("change"), display.signed(cd.decimals)),
            "rank_change": (t("rank_change"), display.rank_move), "group_label": (t("group"), None),
            "reason": (t("note"), None)}, key="children", height=min(38 + 35 * league.height, 560))
        st.caption(captions.source_note(cd, demo=data.is_demo(idx), lang=lang))

state.write_url(URL)
