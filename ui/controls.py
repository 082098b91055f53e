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

from cchc.captions import level_label as _level_label
from cchc.loading import DataFileError
from cchc.periods import period_label
from cchc.reexpress import ReexpressError
from cchc.selection import Scope, Selection, scope_for
from cchc.safety import plain, shorten
from cchc.words import word
from ui import data, downloads, state
from ui.text import t

SCOPE_KEY = "_scope"


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


def sidebar(*, components: bool = True, period: bool = True) -> Scope | None:
    """Language, index, level, boundaries, period and component, in the sidebar.

    Returns None (after explaining why on the page) when the selection has no data.
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
    level = state.select("level", t("level"), store.levels_with_data(index), where=bar, format_func=level_label)
    geo_options = ["published"]
    if d.reexpress.rule != "none" and level in ("province", "commune"):
        geo_options.append("vn34")
    geo = state.select("geo", t("geography"), geo_options, where=bar,
                       format_func=lambda g: t("geo_published") if g == "published" else t("geo_vn34"))
    geography = None if geo == "published" else "vn34"
    try:
        source = store.source(index, level, geography)
    except (ReexpressError, DataFileError) as exc:  # e.g. no crosswalk: the data as published still work
        st.warning(plain(dataset_words(exc)), icon=":material/sync_problem:")
        geography = None
        source = store.source(index, level, None)
    periods = source.period_list()
    if not periods:
        st.info(t("no_data_selection"))
        return None
    chosen = periods[-1]
    if period:
        chosen = state.select("period", t("period"), periods[::-1], default=periods[-1], where=bar,
                              format_func=lambda p: period_label(p, lang))
    indicator = None
    if components:
        nodes = [n.indicator_id for n in d.nodes() if n.depth <= 2]
        indicator = state.select("component", t("component"), [""] + nodes[1:], where=bar,
                                 format_func=lambda i: t("total") if not i else d.node(i).label(lang)) or None
    show_warnings()
    scope = scope_for(store, Selection(index=index, period=chosen, level=level, indicator=indicator,
                                       geography=geography, lang=lang))
    st.session_state[SCOPE_KEY] = scope.selection
    return scope


def forget() -> None:
    """Called by app.py before each run of a page: a page without the common filters has no selection."""
    st.session_state.pop(SCOPE_KEY, None)


def current() -> Selection | None:
    """The selection :func:`sidebar` resolved in this run of the page (None on a page without it)."""
    return st.session_state.get(SCOPE_KEY)


def show_warnings() -> None:
    bad = state.take_warnings()
    if bad:
        # values from the URL: shortened, and escaped so that no link or image can be injected
        st.warning(t("bad_link") + ", ".join(f"{plain(k)}={plain(shorten(v))}" for k, v in bad))


def demo_banner(scope: Scope) -> None:
    if scope.demo:
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
    if demo is None:
        demo = bool(chosen and data.store().is_demo(chosen.index))
    menu_key = key or "chart_" + hashlib.sha1(str(fig.layout.title.text).encode()).hexdigest()[:10]
    downloads.chart_menu(fig, key=menu_key, name=name, lang=lang, demo=demo, selection=chosen)
