"""The parts of the Trends page: the chosen units over time against the means and
the best unit, and one unit's components over time (stacked or in panels)."""

from __future__ import annotations

import polars as pl
import streamlit as st

from cchc.captions import caption_parts, direction_text, geography_label
from cchc.events import event_positions
from cchc.figures.trends import component_panels, component_stack, trend_lines
from cchc.periods import period_label
from cchc.selection import Scope
from cchc.series import (absent_spans, change_since, component_means, display_names, reference_series, span_label,
                         stackable, unit_series)
from cchc.units import get_unit, region_label, regions_frame
from cchc.captions import in_sentence
from ui import controls, data, pickers, state
from ui.text import t


def _geo_text(scope: Scope, scores: pl.DataFrame) -> str:
    geos = set(scores["geography"].unique().to_list())
    text = geography_label(geos.pop(), scope.lang) if len(geos) == 1 else t("both_geographies")
    return text + (", " + t("reexpressed_short") if scope.geography == "vn34" else "")


def grain_choice(scope: Scope, where: object) -> str:
    """For a monthly index of counts: "Theo tháng / quý / năm" (URL key ``grain``), a quarter or a year scored
    from its months' summed counts; ``"month"`` for any other index."""
    sel = scope.selection
    if not scope.store.sums_months(sel.index, sel.level, sel.geography, sel.dataset):
        return "month"
    return state.select("grain", t("trend_grain"), ["month", "quarter", "year"], widget="radio", horizontal=True,
                        where=where, format_func=lambda g: t(f"period_kind.{g}"))


def _mean_label(scope: Scope) -> str:
    return t("mean_national") if scope.level in ("province", "ministry") else t("mean_level")


def lines(scope: Scope, chosen: list[str], names: dict[str, str], periods: list[str], base: str | None,
          scores: pl.DataFrame) -> None:
    """The chosen units' values (or change since ``base``) with the means and the best unit; notes on gaps.
    ``scores``: the scope's scores by month, quarter or year (:meth:`cchc.selection.Scope.scores_by`)."""
    lang, node, units = scope.lang, scope.node, data.units()
    series = unit_series(scores, chosen, scope.indicator)
    region = (get_unit(units, chosen[0]) or {}).get("region") if scope.level == "province" else None
    refs = reference_series(scores, scope.indicator, direction=node.direction, decimals=node.decimals,
                            units=units, region=region)
    names.update(display_names(units, refs["unit_id"].drop_nulls().unique().to_list(), lang))
    ref_labels = {"mean": _mean_label(scope), "best": t("best_unit")}
    if region:
        ref_labels["region_mean"] = f"{t('mean_region')} {region_label(regions_frame(data.regions()), region, lang)}"
    unit_word = scope.definition.unit(lang, scope.indicator)
    shown = ", ".join(names.get(u, u) for u in chosen[:4]) + (" …" if len(chosen) > 4 else "")
    subtitle = caption_parts(span_label(periods, lang), controls.level_label(scope.level), _geo_text(scope, scores),
                             shown, f"{unit_word}, {direction_text(node.direction, lang)}")
    title = scope.title()
    if base:
        title += f" — {t('change_since')} {in_sentence(period_label(base, lang), lang)}"
        series, refs = change_since(series, base), change_since(refs, base, by="series")
    fig = trend_lines(series, names=names, references=refs, reference_labels=ref_labels, events=event_positions(periods),
                      lang=lang, decimals=node.decimals, unit=unit_word, base=base, title=title, subtitle=subtitle,
                      source_note=scope.source_note())
    controls.plot(fig, key="trend")
    note = pickers.geography_break_note(scope, absent_spans(series), names)
    if note:
        st.info(note, icon=":material/info:")
        pickers.offer_reexpressed(scope, key="reexpress_trend")
    gaps = series.filter(pl.col("status") == "not_scored")
    if gaps.height:
        said = [f"**{names.get(u, u)}** — {period_label(p, lang)}" + (f": {r}" if r else "")
                for u, p, r in gaps.select("unit_id", "period", "reason").iter_rows()]
        st.caption(t("gaps_note") + " " + "; ".join(said))
    if base and series.filter(pl.col("base_value").is_null()).height:
        missing = series.filter(pl.col("base_value").is_null())["unit_id"].unique(maintain_order=True)
        st.caption(t("no_base_note").format(base=in_sentence(period_label(base, lang), lang)) + " "
                   + ", ".join(names.get(u, u) for u in missing) + ".")


def breakdown(scope: Scope, chosen: list[str], names: dict[str, str], periods: list[str],
              scores: pl.DataFrame) -> None:
    """One chosen unit's components over time: stacked points (when they add up to the total) or panels."""
    d, lang, node = scope.definition, scope.lang, scope.node
    parts_of = scope.indicator if d.children(scope.indicator) else d.id
    components = d.children(parts_of)
    st.subheader(t("breakdown"))
    if not components:
        st.info(t("no_components"))
        return
    pickers.quiet_reset("unit", chosen, kind="unit")
    one = pickers.choose_unit(scope, chosen, names, default=chosen[0], label=t("breakdown_unit"))
    kinds = ["stack", "panels"] if stackable(d.node(parts_of), components) else ["panels"]
    pickers.quiet_reset("tab", kinds, kind="tab")
    kind = state.select("tab", t("breakdown_kind"), kinds, widget="radio", horizontal=True,
                        format_func=lambda k: t("kind_" + k))
    ids = [c.indicator_id for c in components]
    labels = {c.indicator_id: c.label(lang) for c in components}
    parts = unit_series(scores, [one], ids)
    unit_word = d.unit(lang, scope.indicator)
    words = dict(title=f"{d.short(lang)} — {t('breakdown')}: {names.get(one, one)}", lang=lang,
                 subtitle=caption_parts(span_label(periods, lang), controls.level_label(scope.level),
                                        _geo_text(scope, scores),
                                        d.node(parts_of).label(lang) if parts_of != d.id else None, unit_word),
                 source_note=scope.source_note(), events=event_positions(periods), decimals=node.decimals,
                 unit=unit_word)
    if parts.filter(pl.col("status") == "scored").is_empty():
        st.info(t("unit_never_scored").format(unit=names.get(one, one)))
    elif kind == "stack":
        total = unit_series(scores, [one], parts_of)
        fig = component_stack(parts, labels=labels, total=total, total_label=d.node(parts_of).label(lang)
                              if parts_of != d.id else t("total"), **words)
        controls.plot(fig, key="stack")
    else:
        fig = component_panels(parts, labels=labels, means=component_means(scores, ids),
                               unit_name=names.get(one, one), mean_label=_mean_label(scope),
                               maxima={c.indicator_id: c.max_points for c in components if c.max_points}, **words)
        controls.plot(fig, key="panels")
