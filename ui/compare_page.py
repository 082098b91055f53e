"""The parts of the Compare page: components side by side (grouped bars or radar,
with the table of raw values) and who moved between a base period and the current one."""

from __future__ import annotations

import polars as pl
import streamlit as st

from cchc.captions import geography_label
from cchc.comparison import component_matrix, movement as movement_of
from cchc.figures.side_by_side import component_bars, dumbbell, radar
from cchc.periods import period_label, previous_available
from cchc.selection import Scope
from cchc.series import periods_of
from cchc.captions import in_sentence
from ui import controls, display, pickers, state
from ui.text import t


def components(scope: Scope, names: dict[str, str]) -> None:
    """The chosen units across the components of the index (or of the chosen component)."""
    d, lang, node = scope.definition, scope.lang, scope.node
    parts_of = scope.indicator if d.children(scope.indicator) else d.id
    comps = d.children(parts_of)
    st.subheader(t("compare_components"))
    matrix = component_matrix(scope.scores, d, list(names), scope.period, indicator=parts_of)
    not_scored = [names[u] for u in names
                  if matrix.filter((pl.col("unit_id") == u) & (pl.col("status") == "scored")).is_empty()]
    if not_scored:
        st.warning(t("compare_not_scored").format(units=", ".join(not_scored), period=in_sentence(period_label(scope.period, lang), lang)),
                   icon=":material/info:")
    pickers.quiet_reset("tab", ["bars", "radar"], kind="tab")
    tab = state.select("tab", t("chart"), ["bars", "radar"], widget="radio", horizontal=True,
                       format_func=lambda k: t("tab_" + k))
    labels = {c.indicator_id: c.label(lang) for c in comps}
    title = f"{d.short(lang)} — {t('compare_components')}" + (f": {node.label(lang)}" if parts_of != d.id else "")
    draw = component_bars if tab == "bars" else radar
    fig = draw(matrix, names=names, labels=labels, title=title, subtitle=scope.subtitle([", ".join(names.values())]),
               source_note=scope.source_note(), lang=lang, decimals=node.decimals, unit=d.unit(lang, scope.indicator))
    controls.plot(fig, key="compare_" + tab)
    st.caption(t("compare_pct_note"))
    wide = matrix.pivot(on="unit_id", index="indicator_id", values="value").with_columns(
        pl.col("indicator_id").replace_strict(labels, default=None).alias("component"),
        pl.col("indicator_id").replace_strict({c.indicator_id: c.max_points for c in comps}, default=None,
                                              return_dtype=pl.Float64).alias("max_points"))
    display.table(wide, {"component": (t("component"), None), "max_points": (t("max_points"), display.number(0)),
                         **{u: (names[u], display.number(node.decimals)) for u in names}}, key="compare_table")


def movement(scope: Scope, names: dict[str, str]) -> None:
    """Who moved between a base period (same grain, chosen) and the current one."""
    d, lang, node = scope.definition, scope.lang, scope.node
    st.subheader(t("movement"))
    series_periods = periods_of(scope.scores.filter(pl.col("indicator_id") == scope.indicator), until=scope.period)
    bases = [p for p in pickers.same_grain(series_periods, scope.period) if p != scope.period]
    if not bases:
        st.info(t("no_base_period").format(period=in_sentence(period_label(scope.period, lang), lang)))
        return
    base = pickers.choose_base(bases[::-1], default=previous_available(scope.period, bases) or bases[-1],
                               label=t("base"))
    moves = movement_of(scope.scores, list(names), scope.indicator, base, scope.period, direction=node.direction,
                        decimals=node.decimals)
    base_geo = scope.scores.filter(pl.col("period") == base)["geography"].unique().to_list()
    if base_geo and base_geo[0] != scope.period_geography:
        st.info(t("base_other_geography").format(base=in_sentence(period_label(base, lang), lang), geo=geography_label(base_geo[0], lang)),
                icon=":material/info:")
        pickers.offer_reexpressed(scope, key="reexpress_moves")
    if moves.filter(pl.col("status") == "both").is_empty():
        st.info(t("no_moves").format(base=in_sentence(period_label(base, lang), lang),
                                     period=in_sentence(period_label(scope.period, lang), lang)))
        return
    b_label, c_label = period_label(base, lang), period_label(scope.period, lang)
    short_title = scope.title() if scope.indicator != d.id else d.short(lang)
    fig = dumbbell(moves, names=names, base_label=b_label, current_label=c_label,
                   title=f"{short_title} — {t('movement')}: {b_label} → {c_label}",
                   subtitle=scope.subtitle([", ".join(names.values())], period_text=f"{b_label} → {c_label}"),
                   source_note=scope.source_note(), lang=lang, decimals=node.decimals,
                   unit=d.unit(lang, scope.indicator))
    controls.plot(fig, key="dumbbell")
    st.caption(t("movement_note"))
