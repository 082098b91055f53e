"""The league-view filters shared by the overview and rankings pages (region,
parent unit, group/band, search, "my unit", top/bottom N), all persistent and in
the URL, and the tables they select — computed by :mod:`cchc` from the View.

Phase 1 (:func:`scope`) draws region and parent and builds the league tables;
phase 2 (:func:`refine`) draws group, search, my unit and top/bottom N and
applies them. What is returned is what both the chart and the table show.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl
import streamlit as st

from cchc import selection
from cchc.league import league_table
from cchc.numbers import format_number
from cchc.tables import group_palette, unique_labels
from ui import data, state
from ui.controls import View, level_label
from ui.text import t

TOP_OPTIONS = ["", "10", "20", "50", "all"]
AUTO_ALL = 80          # "auto" shows every unit up to this many ranked units, else top/bottom 20
CHART_MAX_ROWS = 400   # more rows than this: no bar chart (the table still shows them all)
URL_NAMES = ["index", "level", "geo", "period", "component", "region", "parent", "band", "q", "unit", "top"]


@dataclass
class League:
    """The league tables of one view: ``full`` (every unit of the level, ranks
    among all), ``scoped`` (region/parent applied, ranks within them), ``shown``
    (scoped + group, search and top/bottom N: exactly what the chart and table show)."""

    view: View
    full: pl.DataFrame
    scoped: pl.DataFrame
    shown: pl.DataFrame = field(default_factory=pl.DataFrame)
    region: str = ""
    parent: str = ""
    band: str = ""
    query: str = ""
    unit: str = ""
    top: int | None = None
    gap: int | None = None      # rows of the top block when only the top/bottom N are shown
    filters: list[str] = field(default_factory=list)   # words for the subtitle
    presence: str | None = None
    highlight: list[str] = field(default_factory=list)

    @property
    def is_scoped(self) -> bool:
        return bool(self.region or self.parent)

    @property
    def palette(self) -> dict[str, str]:
        return group_palette(self.view.definition)

    def table(self, period: str) -> pl.DataFrame:
        """The scoped league table of another period (same filters), for comparisons."""
        return _league(self.view, period, self.region, self.parent)


def _league(view: View, period: str, region: str = "", parent: str = "") -> pl.DataFrame:
    return league_table(view.scores, data.units(), view.definition, period=period, level=view.level,
                        indicator_id=view.indicator, parent_id=parent or None, region=region or None,
                        lang=view.lang)


def _region_names() -> dict[str, str]:
    return {r["code"]: r["en" if state.lang() == "en" else "vi"] for r in data.regions()}


def scope(view: View) -> League:
    """Draw region and parent in the sidebar; build the full and scoped tables."""
    bar = st.sidebar
    units = data.units()
    full = _league(view, view.period)
    region = parent = ""
    regions = _region_names()
    present = [c for c in regions if c in set(full["region"].drop_nulls().to_list())]
    if len(present) > 1:
        region = state.select("region", t("region"), [""] + present, where=bar,
                              format_func=lambda c: regions.get(c, c) if c else t("all_regions")) or ""
    if view.level in selection.PARENT_LEVELS:
        at = view.scores.filter(pl.col("period") == view.period)
        opts = selection.parent_options(units, at, level=view.level, geography=view.period_geography)
        names = dict(zip(opts["unit_id"], opts["name_en" if view.lang == "en" else "name_vi"]))
        if names:
            parent = state.select("parent", t("parent"), ["", *names], where=bar,
                                  format_func=lambda u: names.get(u, u) if u else t("no_parent")) or ""
    scoped = _league(view, view.period, region, parent) if (region or parent) else full
    league = League(view=view, full=full, scoped=scoped, region=region, parent=parent)
    if region:
        league.filters.append(f"{t('region')}: {regions[region]}")
    if parent:
        league.filters.append(names[parent])
    return league


def _unit_options(league: League) -> tuple[list[str], dict[str, str]]:
    """My-unit choices: every unit of the full table, plus the stored one if it is a
    real unit elsewhere (another boundary set or level), so it is never forgotten."""
    units = data.units()
    col = "short_en" if league.view.lang == "en" else "short_vi"
    ids = league.full["unit_id"].to_list()
    names = dict(zip(ids, league.full["unit"].to_list()))
    stored = state.get("unit") or ""
    if stored and stored not in names:
        row = units.filter(pl.col("unit_id") == stored)
        if row.height:
            geo = row["geography"][0]
            where = t("geo_old") if geo == "vn63" else t("geo_new")
            names[stored] = f"{row[col][0]} ({level_label(row['level'][0]).lower()}, {where})"
            ids = [stored, *ids]
    return ["", *ids], names


def refine(league: League, *, band: bool = True, search: bool = True, top: bool = True) -> League:
    """Draw group, search, my unit and top/bottom N; set ``league.shown`` and the highlight."""
    bar = st.sidebar
    view = league.view
    scoped = league.scoped
    if band:
        labels = dict(zip(scoped["group"].to_list(), scoped["group_label"].to_list()))
        codes = [c for c in league.palette if c in labels] + sorted(c for c in labels if c and c not in league.palette)
        if codes:
            league.band = state.select("band", t("band"), ["", *codes], where=bar,
                                       format_func=lambda c: labels.get(c) or c if c else t("all_bands")) or ""
            if league.band:
                league.filters.append(labels[league.band])
    if search:
        league.query = state.text_input("q", t("search"), where=bar, placeholder=t("search_hint")).strip()
        if league.query:
            league.filters.append(f"{t('search_short')}: “{league.query}”")
    options, names = _unit_options(league)
    league.unit = state.select("unit", t("my_unit"), options, where=bar,
                               format_func=lambda u: names.get(u, u) if u else t("none")) or ""
    shown = selection.filter_league(scoped, group=league.band or None, query=league.query or None)
    if top:
        choice = state.select("top", t("show"), TOP_OPTIONS, where=bar, format_func=_top_label)
        n_ranked = int(shown["rank"].count())
        league.top = int(choice) if choice.isdigit() else (None if choice == "all" or n_ranked <= AUTO_ALL else 20)
        limited = selection.top_bottom(shown, league.top)
        if limited.height < shown.height:
            cut = limited.sort("rank")["rank"][league.top - 1]
            league.gap = int((limited["rank"] <= cut).sum())
            n_missing = shown.height - n_ranked
            text = t("top_bottom_note").format(n=league.top, total=format_number(n_ranked, 0, view.lang))
            if n_missing:
                text += t("not_scored_hidden").format(n=format_number(n_missing, 0, view.lang))
            league.filters.append(text)
        shown = limited
    league.shown = unique_labels(shown, data.units(), view.lang)
    geography = view.period_geography
    league.presence = selection.unit_presence(league.shown, data.units(), league.unit or None, level=view.level,
                                              geography=geography)
    if league.presence in ("not_yet", "no_longer"):
        league.highlight = selection.counterparts(data.crosswalk(), league.unit, geography)
    elif league.unit:
        league.highlight = [league.unit]
    return league


def references(league: League) -> list[tuple[str, str, float | None]]:
    """Mean rows: overall (national at province level), the selection when scoped,
    and regional means — the chosen unit's region, or all regions when no unit is chosen
    (none while searching or filtering by group without a chosen unit)."""
    from cchc.league import regional_means

    view = league.view
    overall = t("mean_national") if view.level in ("province", "ministry") else t("mean_all")
    refs: list[tuple[str, str, float | None]] = [("all", overall, _mean(league.full))]
    if league.is_scoped:
        refs.append(("selection", t("mean_of").format(name=", ".join(league.filters[:2])), _mean(league.scoped)))
        return refs
    means = regional_means(league.full)
    if means.height < 2 or ((league.query or league.band) and not league.highlight):
        return refs  # one region only, or a search / group filter: the regional rows would only clutter
    names = _region_names()
    mine = league.full.filter(pl.col("unit_id").is_in(league.highlight))["region"].drop_nulls().unique().to_list()
    for code, mean in zip(means["region"].to_list(), means["mean"].to_list()):
        if not mine or code in mine:
            refs.append((f"region:{code}", t("mean_of").format(name=names.get(code, code)), mean))
    return refs


def _mean(table: pl.DataFrame) -> float | None:
    return table["score"].mean() if table.height else None  # type: ignore[return-value]


def _top_label(choice: str) -> str:
    if not choice:
        return t("show_auto")
    if choice == "all":
        return t("show_all")
    return t("show_top").format(n=choice)


def in_sentence(label: str) -> str:
    """A period label inside a sentence: "năm 2023", "tháng 7/2025" (labels start with a capital)."""
    return label[:1].lower() + label[1:] if label and state.lang() == "vi" else label


def unit_name(unit_id: str) -> str:
    row = data.units().filter(pl.col("unit_id") == unit_id)
    if row.is_empty():
        return unit_id
    return row["short_en" if state.lang() == "en" else "short_vi"][0]
