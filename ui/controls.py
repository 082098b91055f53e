"""Shared page furniture: the common sidebar filters, the demo banner, and how
figures and captions are drawn. Pages stay thin: ``view = controls.sidebar()``,
then call ``cchc`` and draw with :func:`plot`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from cchc import captions
from cchc.definitions import IndexDef
from cchc.loading import DataFileError
from cchc.periods import period_label, sort_periods
from cchc.reexpress import ReexpressError
from ui import data, state
from ui.text import t

LEVEL_ORDER = ("province", "district", "commune", "department", "ministry")


@dataclass(frozen=True)
class View:
    """What the common filters selected."""

    definition: IndexDef
    index: str
    level: str
    geography: str | None  # None = as published; "vn34" = re-expressed
    period: str
    indicator: str
    lang: str
    demo: bool
    scores: pl.DataFrame

    @property
    def period_geography(self) -> str:
        at = self.scores.filter(pl.col("period") == self.period)
        return at["geography"][0] if at.height else (self.geography or "vn34")

    @property
    def reexpressed(self) -> bool:
        at = self.scores.filter(pl.col("period") == self.period)
        return bool(at["reexpressed"].any()) if at.height else False

    def subtitle(self, filters: list[str] | None = None, period: str | None = None) -> str:
        return captions.subtitle(self.definition, period=period or self.period, level=self.level,
                                 geography=self.period_geography, reexpressed=self.reexpressed,
                                 filters=filters, lang=self.lang)

    def title(self, indicator: str | None = None) -> str:
        return captions.title(self.definition, indicator or self.indicator, self.lang)

    def source_note(self) -> str:
        return captions.source_note(self.definition, demo=self.demo, lang=self.lang)

    def periods(self) -> list[str]:
        return sort_periods(self.scores["period"].unique().to_list())


def level_label(level: str) -> str:
    return captions.LEVEL_TEXT.get(level, {}).get(state.lang(), level)


def sidebar(*, components: bool = True, period: bool = True) -> View | None:
    """Language, index, level, boundaries, period and component, in the sidebar.

    Returns None (after explaining why on the page) when the data cannot be
    read or the selection has no data.
    """
    state.init()
    bar = st.sidebar
    state.select("lang", "Ngôn ngữ / Language", ["vi", "en"], where=bar, widget="radio", horizontal=True,
                 format_func=lambda v: "Tiếng Việt" if v == "vi" else "English")
    lang = state.lang()
    try:
        defs = data.definitions()
        indexed = [i for i in defs if data.levels_with_data(i)]
    except DataFileError as exc:
        st.error(t("data_error") + str(exc))
        return None
    index = state.select("index", t("index"), indexed, default="papi", where=bar,
                         format_func=lambda i: defs[i].short(lang))
    d = defs[index]
    levels = data.levels_with_data(index)
    level = state.select("level", t("level"), levels, where=bar, format_func=level_label)
    geo_options = ["published"]
    if d.reexpress.rule != "none" and level in ("province", "commune"):
        geo_options.append("vn34")
    geo = state.select("geo", t("geography"), geo_options, where=bar,
                       format_func=lambda g: t("geo_published") if g == "published" else t("geo_vn34"))
    geography = None if geo == "published" else "vn34"
    try:
        scores = data.scores(index, level, geography)
    except ReexpressError as exc:
        st.warning(str(exc))
        scores = data.scores(index, level, None)
        geography = None
    periods = sort_periods(scores["period"].unique().to_list())
    if not periods:
        st.info(t("no_data"))
        return None
    chosen = periods[-1]
    if period:
        chosen = state.select("period", t("period"), periods[::-1], default=periods[-1], where=bar,
                              format_func=lambda p: period_label(p, lang))
    indicator = index
    if components:
        nodes = [n.indicator_id for n in d.nodes() if n.depth <= 2]
        indicator = state.select("component", t("component"), [""] + nodes[1:], where=bar,
                                 format_func=lambda i: t("total") if not i else d.node(i).label(lang)) or index
    show_warnings()
    view = View(definition=d, index=index, level=level, geography=geography, period=chosen,
                indicator=indicator or index, lang=lang, demo=data.is_demo(index), scores=scores)
    remember(view)
    return view


VIEW_KEY = "_view"


def remember(view: View) -> None:
    """Note what this run's view is (index, component, period, demo) for the charts' download menus."""
    st.session_state[VIEW_KEY] = {"index": view.index, "indicator": view.indicator if view.indicator != view.index
                                  else "", "period": view.period, "demo": view.demo}


def forget() -> None:
    """Called by app.py before each run of a page: a page without the common filters has no view."""
    st.session_state.pop(VIEW_KEY, None)


def current() -> dict | None:
    """The view :func:`sidebar` chose in this run of the page (None on a page without the common filters)."""
    return st.session_state.get(VIEW_KEY)


def show_warnings() -> None:
    bad = state.take_warnings()
    if bad:
        st.warning(t("bad_link") + ", ".join(f"{k}={v}" for k, v in bad))


def demo_banner(view: View) -> None:
    if view.demo:
        st.warning(t("demo_banner"), icon="⚠️")


def plot(fig: go.Figure, *, key: str | None = None, demo: bool | None = None, name: str | None = None,
         lang: str | None = None, downloads: bool = True) -> None:
    """Draw a figure with the project template (theme=None: Streamlit's theme would override it),
    and under it a "Tải xuống" menu (PNG 16:9 and square, SVG, PDF, offline HTML; see :mod:`ui.downloads`).

    ``demo`` (the demo mark on exports) and ``lang`` default to the page's view and language;
    ``name`` is the file-name word of the chart (default: from ``key``, else the title).
    """
    lang = lang or state.lang()
    st.plotly_chart(fig, theme=None, width="stretch", key=key,
                    config={"displaylogo": False, "locale": "vi" if lang == "vi" else "en"})
    if not downloads:
        return
    from ui import downloads as dl

    context = current()
    if demo is None:
        demo = bool(context and context.get("demo"))
    menu_key = key or "chart_" + hashlib.sha1(str(fig.layout.title.text).encode()).hexdigest()[:10]
    dl.chart_menu(fig, key=menu_key, name=name, lang=lang, demo=demo, context=context)


def caption(text: str) -> None:
    st.caption(text)
