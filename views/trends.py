"""Trends: units over years or months against the national (and regional) mean and the
best unit of each period; one unit's components over time; values or change since
a base period; the 2025 merger marked on the time axis."""

from __future__ import annotations

import polars as pl
import streamlit as st

from cchc import captions
from cchc.events import event_positions
from cchc.figures.trends import component_panels, component_stack, trend_lines
from cchc.periods import period_label
from cchc.series import (absent_spans, change_since, component_means, display_names, periods_of, reference_series, span_label,
                         unit_series)
from cchc.units import get_unit, region_label, regions_frame
from ui import controls, data, pickers, state
from ui.text import t

view = controls.sidebar(components=True, period=True)
st.title(t("page_trends"))
if view is None:
    state.write_url(["index", "level", "geo", "period", "component"])
    st.stop()
controls.demo_banner(view)
lang, d = view.lang, view.definition
node = d.node(view.indicator)
units = data.units()
unit_word = d.unit(lang, view.indicator)

options, names = pickers.unit_options(view)
chosen = pickers.choose_units(view, options, names)
left, right = st.columns([2, 3])
mode = state.select("view", t("view_mode"), ["abs", "change"], widget="radio", horizontal=True, where=left,
                    format_func=lambda v: t("view_abs") if v == "abs" else t("view_change"))
periods = periods_of(view.scores.filter(pl.col("indicator_id") == view.indicator))
base = None
if mode == "change" and periods:
    base = pickers.choose_base(pickers.same_grain(periods, periods[-1]), default=periods[0], label=t("base"),
                               where=right)

if not chosen:
    st.info(t("choose_units_hint"))
    state.write_url(["index", "level", "geo", "period", "component", "units", "view", "base", "unit"])
    st.stop()

series = unit_series(view.scores, chosen, view.indicator)
first = get_unit(units, chosen[0]) or {}
region = first.get("region") if view.level == "province" else None
refs = reference_series(view.scores, view.indicator, direction=node.direction, decimals=node.decimals,
                        units=units, region=region)
names = {**names, **display_names(units, refs["unit_id"].drop_nulls().unique().to_list(), lang)}
region_name = region_label(regions_frame(data.regions()), region, lang) if region else None
mean_label = t("mean_national") if view.level in ("province", "ministry") else t("mean_level")
ref_labels = {"mean": mean_label, "best": t("best_unit")}
if region_name:
    ref_labels = {"mean": mean_label, "region_mean": f"{t('mean_region')} {region_name}", "best": t("best_unit")}
events = event_positions(periods)

geo_set = set(view.scores["geography"].unique().to_list())
geo_text = (captions.GEOGRAPHY_TEXT[geo_set.pop()][lang] if len(geo_set) == 1 else t("both_geographies"))
if view.geography == "vn34":
    geo_text += ", " + t("reexpressed_short")
chosen_names = ", ".join(names.get(u, u) for u in chosen[:4]) + (" …" if len(chosen) > 4 else "")
subtitle = captions.caption_parts(span_label(periods, lang), controls.level_label(view.level), geo_text,
                                  chosen_names, f"{unit_word}, {t('higher_better') if node.direction == 'higher' else t('lower_better')}")
title = view.title()
if base:
    title += f" — {t('change_since')} {period_label(base, lang)}"
    series = change_since(series, base)
    refs = change_since(refs, base, by="series")
fig = trend_lines(series, names=names, references=refs, reference_labels=ref_labels, events=events, lang=lang,
                  decimals=node.decimals, unit=unit_word, base=base, title=title, subtitle=subtitle,
                  source_note=view.source_note())
controls.plot(fig, key="trend")

note = pickers.geography_break_note(view, absent_spans(series), names)
if note:
    st.info(note, icon="ℹ️")
    pickers.offer_reexpressed(view, key="reexpress_trend")
gaps = series.filter(pl.col("status") == "not_scored")
if gaps.height:
    lines = [f"**{names.get(u, u)}** — {period_label(p, lang)}" + (f": {r}" if r else "")
             for u, p, r in gaps.select("unit_id", "period", "reason").iter_rows()]
    st.caption(t("gaps_note") + " " + "; ".join(lines))
if base and series.filter(pl.col("base_value").is_null()).height:
    missing = [names.get(u, u) for u in series.filter(pl.col("base_value").is_null())["unit_id"].unique(maintain_order=True)]
    st.caption(t("no_base_note").format(base=period_label(base, lang)) + " " + ", ".join(missing) + ".")

# -------------------------------------------------------------------- components of one unit over time
parts_of = view.indicator if d.children(view.indicator) else d.id
components = d.children(parts_of)
st.subheader(t("breakdown"))
if not components:
    st.info(t("no_components"))
else:
    pickers.quiet_reset("unit", chosen, kind="unit")
    one = pickers.choose_unit(view, chosen, names, default=chosen[0], label=t("breakdown_unit"))
    parent = d.node(parts_of)
    stackable = parent.aggregate == "sum" or (parent.aggregate == "pct_of_max" and parent.max_points == sum(
        c.max_points or 0 for c in components))
    kinds = ["stack", "panels"] if stackable else ["panels"]
    pickers.quiet_reset("tab", kinds, kind="tab")
    kind = state.select("tab", t("breakdown_kind"), kinds, widget="radio", horizontal=True,
                        format_func=lambda k: t("kind_" + k))
    ids = [c.indicator_id for c in components]
    labels = {c.indicator_id: c.label(lang) for c in components}
    parts = unit_series(view.scores, [one], ids)
    btitle = f"{d.short(lang)} — {t('breakdown')}: {names.get(one, one)}"
    bsub = captions.caption_parts(span_label(periods, lang), controls.level_label(view.level), geo_text,
                                  d.node(parts_of).label(lang) if parts_of != d.id else None, unit_word)
    if parts.filter(pl.col("status") == "scored").is_empty():
        st.info(t("unit_never_scored").format(unit=names.get(one, one)))
    elif kind == "stack":
        total = unit_series(view.scores, [one], parts_of)
        fig = component_stack(parts, labels=labels, total=total, total_label=d.node(parts_of).label(lang)
                              if parts_of != d.id else t("total"), events=events, lang=lang,
                              decimals=node.decimals, unit=unit_word, title=btitle, subtitle=bsub,
                              source_note=view.source_note())
        controls.plot(fig, key="stack")
    else:
        means = component_means(view.scores, ids)
        fig = component_panels(parts, labels=labels, means=means, unit_name=names.get(one, one),
                               mean_label=mean_label, events=events, lang=lang, decimals=node.decimals,
                               unit=unit_word, maxima={c.indicator_id: c.max_points for c in components
                                                       if c.max_points}, title=btitle, subtitle=bsub,
                               source_note=view.source_note())
        controls.plot(fig, key="panels")

state.write_url(["index", "level", "geo", "period", "component", "units", "view", "base", "unit", "tab"])
