"""The league-view filters shared by the overview and rankings pages — region,
parent unit, group/band, search, "my unit", top/bottom N — all persistent and in
the URL. They only choose: :func:`cchc.selection.league_for` builds the league
(tables, metadata, filter words) that both the chart and the table show, kept
for recent views by :func:`ui.data.league`.
"""

from __future__ import annotations

import streamlit as st

from cchc.placement import PARENT_LEVELS, parent_options, unit_choices
from cchc.selection import League, Scope
from ui import data, state
from ui.text import t

TOP_OPTIONS = ["", "10", "20", "50", "all"]
CHART_MAX_ROWS = 400   # more rows than this: no bar chart (the table still shows them all)
URL_NAMES = ["index", "dataset", "level", "geo", "period", "component", "region", "parent", "band", "q", "unit",
             "top"]


def league(scope: Scope, *, band: bool = True, search: bool = True, top: bool = True) -> League:
    """Draw the filters in the sidebar (each only where it has choices) and return the league they select."""
    bar, store, lang = st.sidebar, data.store(), scope.lang
    sel = scope.selection
    full = data.league(store, scope).full
    regions = store.region_names(lang)
    present = [c for c in regions if c in set(full["region"].drop_nulls().to_list())]
    region = parent = ""
    if len(present) > 1:
        region = state.select("region", t("region"), ["", *present], where=bar,
                              format_func=lambda c: regions.get(c, c) if c else t("all_regions")) or ""
    if sel.level in PARENT_LEVELS:
        at = scope.source.rows([scope.period], [scope.indicator])
        opts = parent_options(store.units, at, level=sel.level, geography=scope.period_geography)
        names = dict(zip(opts["unit_id"], opts["name_en" if lang == "en" else "name_vi"]))
        if names:
            parent = state.select("parent", t("parent"), ["", *names], where=bar,
                                  format_func=lambda u: names.get(u, u) if u else t("no_parent")) or ""
    scope = scope.narrowed(region=region or None, parent=parent or None)
    group = query = ""
    if band:
        scoped = data.league(store, scope)
        labels = dict(zip(scoped.scoped["group"].to_list(), scoped.scoped["group_label"].to_list()))
        palette = scoped.palette
        codes = [c for c in palette if c in labels] + sorted(c for c in labels if c and c not in palette)
        if codes:
            group = state.select("band", t("band"), ["", *codes], where=bar,
                                 format_func=lambda c: labels.get(c) or c if c else t("all_bands")) or ""
    if search:
        query = state.text_input("q", t("search"), where=bar, placeholder=t("search_hint")).strip()
    options, names = unit_choices(full, store.units, state.get("unit") or "", lang)
    unit = state.select("unit", t("my_unit"), options, where=bar,
                        format_func=lambda u: names.get(u, u) if u else t("none")) or ""
    shown_top: int | str | None = None
    if top:
        choice = state.select("top", t("show"), TOP_OPTIONS, where=bar, format_func=_top_label)
        shown_top = int(choice) if choice.isdigit() else (None if choice == "all" else "auto")
    return data.league(store, scope.narrowed(group=group or None, query=query or None, unit=unit or None,
                                             top=shown_top))


def _top_label(choice: str) -> str:
    if not choice:
        return t("show_auto")
    if choice == "all":
        return t("show_all")
    return t("show_top").format(n=choice)
