"""Shared page furniture: the common sidebar filters (language, index, level,
boundaries, period, component) and how figures are drawn. The sidebar resolves
the choice into a :class:`cchc.selection.Scope` (definition, where its scores are, period)
through the shared store; pages draw with :func:`plot`.
"""

from __future__ import annotations

import hashlib
import re

import plotly.graph_objects as go
import streamlit as st

from cchc import catalogue
from cchc.captions import level_label as _level_label
from cchc.loading import DataFileError
from cchc.periods import period_label, sort_key
from cchc.range_scores import accepts_ranges, is_month
from cchc.ranges import MAX_MONTHS, is_range, parse_range, resolve_range, spans_of
from cchc.reexpress import ReexpressError
from cchc.selection import Scope, Selection, SelectionError, scope_for
from cchc.store import Store
from cchc.safety import plain, shorten
from cchc.words import word
from ui import data, downloads, state
from ui.text import t

SCOPE_KEY = "_scope"
DEMO_KEY = "_page_demo"  # whether the page's figures include demo data (its banner; its charts' export mark)
RANGE_PAGES = ("page_rankings", "page_overview", "page_present")  # leagues of a period range (monthly counts)
PERIOD_KINDS = ("month", "quarter", "year", "ytd", "custom")
CUSTOM_MONTHS = 6  # a new custom range: the last six months with data


def dataset_words(exc: Exception) -> str:
    """An error about a data file in words for a page: the file's name, not the server path it lives at."""
    return re.sub(r"(/[^\s:]+/)+", "", str(exc))


def level_label(level: str) -> str:
    return _level_label(level, state.lang())


def language() -> str:
    """The language switch (every page has it, at the top of the sidebar)."""
    state.select("lang", f"{word('language', 'vi')} / {word('language', 'en')}", ["vi", "en"], where=st.sidebar,
                 widget="radio", horizontal=True, format_func=lambda v: word("language_self", v))
    return state.lang()


def sidebar(*, components: bool = True, period: bool = True, ranges: bool = False) -> Scope | None:
    """Language, index, level, boundaries, period and component, in the sidebar.

    With ``ranges`` (the rankings and the overview), an index of monthly counts is also offered by quarter,
    year, year to date and any run of months (:func:`period_choice`); a link to a range without a level
    opens the first level whose data are counts. Returns None (after explaining why on the page) when the
    selection has no data.
    """
    state.init()
    bar = st.sidebar
    lang = language()
    store = data.store()
    try:
        defs = store.definitions
    except DataFileError as exc:
        st.error(t("data_error") + dataset_words(exc))
        return None
    indexed, broken = [], []
    for i in defs:  # a dataset that cannot be read disables its index only
        try:
            if store.levels_with_data(i):
                indexed.append(i)
        except DataFileError as exc:
            broken.append(t("index_unavailable", index=defs[i].short(lang), reason=dataset_words(exc)))
    for sentence in [*store.broken_definitions, *broken]:
        st.warning(plain(sentence), icon=":material/report:")
    if not indexed:
        st.info(t("no_data_selection"))
        return None
    index = state.select("index", t("index"), indexed, default="papi", where=bar,
                         format_func=lambda i: defs[i].short(lang))
    d = defs[index]
    dataset = dataset_choice(store, index, lang)
    levels, asked = store.levels_with_data(index, dataset), state.get("period") or ""
    default_level = None
    if ranges and accepts_ranges(d) and is_range(asked) and not is_month(asked):
        default_level = next((lv for lv in levels if store.sums_months(index, lv)), None)
    level = state.select("level", t("level"), levels, default=default_level, where=bar, format_func=level_label)
    geo_options = ["published"]
    if d.reexpress.rule != "none" and level in ("province", "commune"):
        geo_options.append("vn34")
    geo = state.select("geo", t("geography"), geo_options, where=bar,
                       format_func=lambda g: t("geo_published") if g == "published" else t("geo_vn34"))
    geography = None if geo == "published" else "vn34"
    try:
        source = store.source(index, level, geography, dataset)
    except (ReexpressError, DataFileError) as exc:  # e.g. no crosswalk: the data as published still work
        why = exc.message(lang) if isinstance(exc, ReexpressError) else dataset_words(exc)
        st.warning(plain(t("geo_unavailable", why=why)), icon=":material/sync_problem:")
        geography = None
        source = store.source(index, level, None, dataset)
    periods = source.period_list()
    if not periods:
        st.info(t("no_data_selection"))
        return None
    chosen = periods[-1]
    if period and ranges and store.sums_months(index, level, geography):
        chosen = period_choice(periods, lang)
    elif period:
        chosen = state.select("period", t("period"), periods[::-1], default=periods[-1], where=bar,
                              format_func=lambda p: period_label(p, lang))
    indicator = None
    if components:
        nodes = [n.indicator_id for n in d.nodes() if n.depth <= 2]
        indicator = state.select("component", t("component"), [""] + nodes[1:], where=bar,
                                 format_func=lambda i: t("total") if not i else d.node(i).label(lang)) or None
    show_warnings()
    chosen_sel = Selection(index=index, period=chosen, level=level, indicator=indicator, geography=geography,
                           dataset=dataset, lang=lang)
    try:
        scope = scope_for(store, chosen_sel)
    except SelectionError as exc:  # a range the data cannot answer: say why, show the latest month
        if is_month(chosen):
            raise
        st.warning(plain(str(exc)), icon=":material/event_busy:")
        scope = scope_for(store, chosen_sel.replace(period=periods[-1]))
    st.session_state[SCOPE_KEY] = scope.selection
    return scope


def dataset_choice(store: Store, index: str, lang: str) -> str | None:
    """The dataset picker, when more than one dataset holds ``index`` (an import beside the bundled data, or
    the bundled 766 data: province points and commune counts):
    by default the rows shown everywhere (imported rows where they exist, else bundled); or one dataset's
    rows only. None for the default."""
    entries = store.entries(index)
    if len(entries) < 2:
        return None
    titles = {e["id"]: catalogue.text(e.get("title"), lang) or e["id"] for e in entries}
    choice = state.select("dataset", t("dataset"), ["", *titles], where=st.sidebar,
                          format_func=lambda i: titles[i] if i else t("dataset_shown"), help=t("dataset_help"))
    return choice or None


def period_kind(text: str) -> str | None:
    """``"month"``, ``"quarter"``, ``"year"``, ``"ytd"`` or ``"custom"`` (:mod:`cchc.ranges`); None if invalid.

    >>> period_kind("2025-07"), period_kind("2025-07..2025-12"), period_kind("2025-13")
    ('month', 'custom', None)
    """
    if is_month(text):
        return "month"
    try:
        return parse_range(text).kind
    except ValueError:
        return None


def range_options(months: list[str]) -> dict[str, list[str]]:
    """The periods offered for each kind, latest first, from the months with data (oldest first).

    >>> range_options(["2025-11", "2025-12", "2026-01"])["quarter"]
    ['2026-Q1', '2025-Q4']
    """
    years = spans_of(months, "year")[::-1]
    return {"month": months[::-1], "quarter": spans_of(months, "quarter")[::-1], "year": years,
            "ytd": [f"{y}-YTD" for y in years]}


def period_choice(months: list[str], lang: str, *, default_kind: str = "month") -> str:
    """The period of a monthly index of counts: "Xem theo" (a month, a quarter, a year, the year to date or
    a custom range), then the period of that kind, or two month pickers "Từ tháng"/"Đến tháng". The
    canonical text (``2025-Q3``, ``2025-07..2025-12``) is the ``period`` filter, so it is in the URL; with
    none, or one that is no valid range or whose months have no data (then with the link warning), the
    latest period of ``default_kind`` ("month"; the one-stop page: "quarter")."""
    bar, options = st.sidebar, range_options(months)
    value = state.get("period") or ""
    kind = period_kind(value) if value else None
    if kind == "custom" and not all(m in months for m in value.split("..")):
        kind = None
    if kind is None:
        state.warn_invalid("period", value)
        kind, value = default_kind, options[default_kind][0]
        state.put("period", value)
    st.session_state["w:period_kind"] = kind
    bar.selectbox(t("period_kind"), list(PERIOD_KINDS), key="w:period_kind",
                  format_func=lambda k: t(f"period_kind.{k}"), on_change=lambda: _kind_changed(months, options))
    if kind != "custom":
        return state.select("period", t("period"), options[kind], default=options[kind][0], where=bar,
                            format_func=lambda p: resolve_range(p, months).label(lang) if kind == "ytd"
                            else period_label(p, lang))
    first, last = value.split("..")
    st.session_state["w:range_from"], st.session_state["w:range_to"] = first, last
    for key, label in (("w:range_from", "range_from"), ("w:range_to", "range_to")):
        bar.selectbox(t(label), months[::-1], key=key, format_func=lambda p: period_label(p, lang),
                      on_change=_months_changed)
    return value


def _kind_changed(months: list[str], options: dict[str, list[str]]) -> None:
    kind = st.session_state["w:period_kind"]
    if kind == "custom":
        value = f"{months[-min(CUSTOM_MONTHS, len(months))]}..{months[-1]}"
    else:
        value = options[kind][0]
    state.user_changed()
    state.put("period", value)


def _months_changed() -> None:
    first, last = sorted((st.session_state["w:range_from"], st.session_state["w:range_to"]), key=sort_key)
    span = parse_range(f"{first}..{last}").months
    if len(span) > MAX_MONTHS:  # too long: keep the last months up to the limit
        first = span[-MAX_MONTHS]
    state.user_changed()
    state.put("period", f"{first}..{last}")


def forget() -> None:
    """Called by app.py before each run of a page: a page without the common filters has no selection."""
    st.session_state.pop(SCOPE_KEY, None)
    st.session_state.pop(DEMO_KEY, None)


def current() -> Selection | None:
    """The selection :func:`sidebar` resolved in this run of the page (None on a page without it)."""
    return st.session_state.get(SCOPE_KEY)


def show_warnings() -> None:
    bad = state.take_warnings()
    if bad:
        # values from the URL: shortened, and escaped so that no link or image can be injected
        st.warning(t("bad_link") + ", ".join(f"{plain(k)}={plain(shorten(v))}" for k, v in bad))


def demo_banner(scope: Scope, *, history: bool = False) -> None:
    """The demo warning when a figure the page shows is demo data: the league's periods (:attr:`Scope.demo`)
    or, on a page of the whole ``history``, any period. The page's charts are marked alike when exported."""
    demo = scope.demo_history if history else scope.demo
    st.session_state[DEMO_KEY] = demo
    if demo:
        st.warning(t("demo_banner"), icon=":material/warning:")


def plot(fig: go.Figure, *, key: str | None = None, demo: bool | None = None, name: str | None = None,
         lang: str | None = None, menu: bool = True) -> None:
    """Draw a figure with the project template (theme=None: Streamlit's theme would override it),
    and under it a "Tải xuống" menu (PNG 16:9 and square, SVG, PDF, offline HTML; see :mod:`ui.downloads`).

    ``demo`` (the demo mark on exports) and ``lang`` default to the page's selection and language;
    ``name`` is the file-name word of the chart (default: from ``key``, else the title).
    """
    lang = lang or state.lang()
    st.plotly_chart(fig, theme=None, width="stretch", key=key,
                    config={"displaylogo": False, "locale": "vi" if lang == "vi" else "en"})
    if not menu:
        return
    chosen = current()
    if demo is None:  # as the page's banner said; a page without one: any demo period of the index
        demo = st.session_state.get(DEMO_KEY, bool(chosen and data.store().is_demo(chosen.index)))
    menu_key = key or "chart_" + hashlib.sha1(str(fig.layout.title.text).encode()).hexdigest()[:10]
    downloads.chart_menu(fig, key=menu_key, name=name, lang=lang, demo=demo, selection=chosen)
