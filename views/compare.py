"""Compare: two to five units side by side across components (grouped bars or a
radar, each component as a share of its maximum), and who moved between a base
period and the current one (dumbbell with arrows)."""

from __future__ import annotations

import polars as pl
import streamlit as st

from cchc import captions
from cchc.comparison import component_matrix, movement
from cchc.figures.compare import component_bars, dumbbell, radar
from cchc.periods import period_label, previous_available
from cchc.series import periods_of
from ui import controls, data, display, pickers, state
from ui.text import t

URL = ["index", "level", "geo", "period", "component", "units", "tab", "base"]
MAX_UNITS = 5
view = controls.sidebar(components=True, period=True)
st.title(t("page_compare"))
if view is None:
    state.write_url(URL)
    st.stop()
controls.demo_banner(view)
lang, d = view.lang, view.definition
node = d.node(view.indicator)
unit_word = d.unit(lang, view.indicator)
options, names = pickers.unit_options(view, period=view.period)
if not options:
    st.info(t("no_data"))
    state.write_url(URL)
    st.stop()
chosen = pickers.choose_units(view, options, names, max_selections=MAX_UNITS)
if len(chosen) < 2:
    st.info(t("compare_need_two").format(n=MAX_UNITS))
    state.write_url(URL)
    st.stop()

chosen_names = {u: names.get(u, u) for u in chosen}
filters = [", ".join(chosen_names.values())]
# ------------------------------------------------------------------ components side by side
parts_of = view.indicator if d.children(view.indicator) else d.id
comps = d.children(parts_of)
st.subheader(t("compare_components"))
matrix = component_matrix(view.scores, d, chosen, view.period, indicator=parts_of)
not_scored = [chosen_names[u] for u in chosen
              if matrix.filter((pl.col("unit_id") == u) & (pl.col("status") == "scored")).is_empty()]
if not_scored:
    st.warning(t("compare_not_scored").format(units=", ".join(not_scored), period=period_label(view.period, lang)),
               icon="ℹ️")
pickers.quiet_reset("tab", ["bars", "radar"], kind="tab")
tab = state.select("tab", t("chart"), ["bars", "radar"], widget="radio", horizontal=True,
                   format_func=lambda k: t("tab_" + k))
labels = {c.indicator_id: c.label(lang) for c in comps}
title = f"{d.short(lang)} — {t('compare_components')}" + (f": {node.label(lang)}" if parts_of != d.id else "")
draw = component_bars if tab == "bars" else radar
fig = draw(matrix, names=chosen_names, labels=labels, title=title, subtitle=view.subtitle(filters=filters),
           source_note=view.source_note(), lang=lang, decimals=node.decimals, unit=unit_word)
controls.plot(fig, key="compare_" + tab)
st.caption(t("compare_pct_note"))

wide = matrix.pivot(on="unit_id", index="indicator_id", values="value").with_columns(
    pl.col("indicator_id").replace_strict(labels, default=None).alias("component"))
maxima = {c.indicator_id: c.max_points for c in comps}
wide = wide.with_columns(pl.col("indicator_id").replace_strict(maxima, default=None, return_dtype=pl.Float64)
                         .alias("max_points"))
display.table(wide, {"component": (t("component"), None), "max_points": (t("max_points"), display.number(0)),
                     **{u: (chosen_names[u], display.number(node.decimals)) for u in chosen}}, key="compare_table")

# ------------------------------------------------------------------ who moved
st.subheader(t("movement"))
series_periods = periods_of(view.scores.filter(pl.col("indicator_id") == view.indicator), until=view.period)
bases = [p for p in pickers.same_grain(series_periods, view.period) if p != view.period]
if not bases:
    st.info(t("no_base_period").format(period=period_label(view.period, lang)))
    state.write_url(URL)
    st.stop()
base = pickers.choose_base(bases[::-1], default=previous_available(view.period, bases) or bases[-1], label=t("base"))
moves = movement(view.scores, chosen, view.indicator, base, view.period, direction=node.direction,
                 decimals=node.decimals)
base_geo = view.scores.filter(pl.col("period") == base)["geography"].unique().to_list()
if base_geo and base_geo[0] != view.period_geography:
    st.info(t("base_other_geography").format(base=period_label(base, lang),
                                              geo=captions.GEOGRAPHY_TEXT[base_geo[0]][lang]), icon="ℹ️")
    pickers.offer_reexpressed(view, key="reexpress_moves")
if moves.filter(pl.col("status") == "both").is_empty():
    st.info(t("no_moves").format(base=period_label(base, lang), period=period_label(view.period, lang)))
else:
    b_label, c_label = period_label(base, lang), period_label(view.period, lang)
    short_title = view.title() if view.indicator != d.id else d.short(lang)
    mtitle = f"{short_title} — {t('movement')}: {b_label} → {c_label}"
    msub = captions.caption_parts(f"{b_label} → {c_label}", view.subtitle(filters=filters).split(" · ", 1)[1])
    fig = dumbbell(moves, names=chosen_names, base_label=b_label, current_label=c_label, title=mtitle,
                   subtitle=msub, source_note=view.source_note(), lang=lang, decimals=node.decimals,
                   unit=unit_word)
    controls.plot(fig, key="dumbbell")
    st.caption(t("movement_note"))

state.write_url(URL)
