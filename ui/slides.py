"""The slides of the presentation view: the charts of the current selection, one per screen.

Built with the figure builders the pages and the deck use — ranked bars
(:mod:`cchc.export.report`, in columns on a wide screen, each bar with its
rank), the map, the distribution of scores, trends of the selected units and
the biggest movers — for the league view the rankings page shows (the same
filters). Each slide carries its title, subtitle and source note as text;
:func:`for_screen` turns its figures into projector figures (large text; the
ranking's columns share one legend).

:func:`deck` prepares every slide of a selection at once — figures ready for
the screen — and keeps recent decks for every session (a bounded LRU keyed on
the selection, not on the session), so moving to the next slide only draws
it, and on a wide screen every slide is drawn at once and only the current
one shows (:func:`show`), so the next one is on screen as soon as the presenter
moves. The slide fills the window whatever its resolution (1024×768 to
1920×1200): the CSS gives the chart the height left under the title and above
the source note, and the chart takes it (``height="stretch"``).
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Sequence

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from cchc.export import report
from cchc.export.projector import SCALE, projector_figure
from cchc.figures.distribution import score_distribution
from cchc.figures.layout import legend_entries, plain as one_line
from cchc.figures.maps import fit_latitudes
from cchc.figures.movers import movers_bars
from cchc.kpis import movers
from cchc.periods import period_label
from cchc.safety import plain as safe_plain
from cchc.selection import League, Scope, references
from ui import data, state
from ui.text import t

# Static CSS only (no data): hide the sidebar and its toggle, and the app header; slide text that
# follows the window's height (a 720-px projector gets smaller headings than a 1200-px one).
CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
header[data-testid="stHeader"] { display: none !important; }
.stMainBlockContainer { padding: 0.75rem 2rem 0.75rem 2rem !important; max-width: 100% !important; }
[class*="st-key-deck_head"] h1 { line-height: 1.15; padding: 0 0 0.2rem 0; }
[class*="st-key-deck_head"] p { color: #4b5563; margin: 0; }
[class*="st-key-deck_foot"] p { color: #6b7280; margin: 0; }
[class*="st-key-deck_foot"] .stMarkdownBadge { font-size: 1rem !important; }
[data-testid="stLayoutWrapper"]:has(> [class*="st-key-deck_body"]) { order: 1; }
[data-testid="stLayoutWrapper"]:has(> [class*="st-key-deck_foot"]) { order: 2; }
.st-key-slide_count p { font-weight: 600; min-width: 3.5rem; text-align: center; margin: 0; line-height: 2.5rem; }
.slide-legend { display: flex; flex-wrap: wrap; gap: 0.3rem 1.6rem; font-size: clamp(0.95rem, 2.2vh, 1.3rem); }
.slide-legend span { display: inline-flex; align-items: center; gap: 0.5rem; }
.slide-legend i { display: inline-block; width: 0.9em; height: 0.9em; background: #9ca3af; }
@media (min-width: 900px) {
  [class*="st-key-deck_head"] h1 { font-size: clamp(1.5rem, 4.6vh, 2.8rem); }
  [class*="st-key-deck_head"] p { font-size: clamp(1rem, 2.5vh, 1.5rem); }
  [class*="st-key-deck_foot"] p { font-size: clamp(0.8rem, 1.7vh, 1.1rem); }
  .st-key-slide_count p { font-size: clamp(1.1rem, 2.6vh, 1.6rem); }
}
@media (max-width: 899px) {
  [class*="st-key-deck_head"] h1 { font-size: 1.6rem; }
  .st-key-slide_keys { display: none; }
}
</style>
"""
# On a wide screen the page is exactly the window's height. Every slide of the deck is drawn, stacked in
# one place, and only the current one is visible (:func:`shown_css`): moving to another slide changes
# which one, so its charts are already drawn. Streamlit's containers are made flexible down to the
# charts, which take the height the title, subtitle, navigation and source note leave; a chart never
# gets less than 240 px (then the page scrolls rather than hide it).
FIT_CSS = """
<style>
.stMainBlockContainer { height: 100dvh; display: flex; flex-direction: column; box-sizing: border-box; }
.stMainBlockContainer > [data-testid="stVerticalBlock"] { flex: 1 1 0; min-height: 0; }
[data-testid="stLayoutWrapper"]:has(> .st-key-slides) { flex: 1 1 0; min-height: 0; }
.st-key-slides { display: grid !important; grid-template: minmax(0, 1fr) / minmax(0, 1fr); height: 100%; }
.st-key-slides > * { grid-area: 1 / 1; min-height: 0; height: 100%; visibility: hidden; opacity: 0; z-index: 0; }
.st-key-slides > * > [class*="st-key-deck_"] { height: 100%; min-height: 0; }
[data-testid="stLayoutWrapper"]:has(> [class*="st-key-deck_body"]), [class*="st-key-deck_body"] {
  flex: 1 1 0; min-height: 240px; }
[class*="st-key-deck_body"] [data-testid="stLayoutWrapper"], [class*="st-key-deck_body"] [data-testid="stHorizontalBlock"] {
  flex: 1 1 0; min-height: 0; }
[class*="st-key-deck_body"] [data-testid="stColumn"] { display: flex; flex-direction: column; min-height: 0; }
[class*="st-key-deck_body"] [data-testid="stVerticalBlock"] { flex: 1 1 0; min-height: 0; }
[class*="st-key-deck_body"] [data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]) {
  flex: 1 1 0; min-height: 0; }
</style>
"""
N_MOVERS = 5
N_TREND = 3  # units in the trend slide when none is chosen: the top of the ranking
SCREEN_PX = 1840  # width of the slide body on a 1920-px projector (page padding taken off)
BODY_PX = 660  # height of the charts when the window's height is not known (Streamlit's first layout)
# The smallest screen a slide must fit (1280×720) leaves about this many pixels for a chart's plot: a
# ranking's text is sized for its rows in it (labels need room around them), and a map of points is
# zoomed to fit MAP_FIT_PX (its zoom does not follow the window; a larger screen shows more around it).
FIT_PLOT_PX = 400
MAP_FIT_PX = 440
MAP_FIRST_PX = 240  # a provinces' map is first drawn this high, then grows to the slide (see for_screen)
ROW_LINE = 1.2  # a bar's row holds its label's line height: font × 1.2
DECKS_KEPT = 12      # decks kept for every session (a few MB each: the map carries its boundaries) …
DECKS_SECONDS = 600  # … and for at most this long
PHONE_PX = 360


@dataclass
class Slide:
    key: str
    title: str
    subtitle: str
    figures: list[go.Figure] = field(default_factory=list)  # side by side
    source_note: str = ""
    legend: list[tuple[str, str]] = field(default_factory=list)  # (name, colour) shown once above columns
    demo: bool = False  # a figure of the slide is demo data (its badge)


def slide_number(raw: Any, n: int) -> tuple[int, bool]:
    """The 1-based slide asked for by ``raw`` (the URL's ``slide``), within 1..``n``; and whether
    ``raw`` was usable (empty means the first slide).

    >>> slide_number("3", 5), slide_number("", 5), slide_number("9", 5), slide_number("x", 5)
    ((3, True), (1, True), (5, False), (1, False))
    """
    if n <= 0:
        return 0, raw in ("", None)
    if raw in ("", None):
        return 1, True
    try:
        k = int(str(raw))
    except ValueError:
        return 1, False
    return min(max(k, 1), n), 1 <= k <= n


def trend_units(scope: Scope, table: pl.DataFrame, chosen: list[str], highlight: list[str]) -> tuple[list[str], bool]:
    """Units of the trend slide: those chosen (Trends page) with data in the view, else the highlighted
    unit(s), else the top :data:`N_TREND` of the table. Second value: whether they were chosen by the user."""
    known = set(scope.scores["unit_id"].unique().to_list())
    picked = [u for u in chosen if u in known]
    if picked:
        return picked[:8], True
    marked = [u for u in highlight if u in known]
    if marked:
        return marked, True
    top = table.filter(pl.col("score").is_not_null()).sort("rank")["unit_id"].head(N_TREND).to_list()
    return top, False


def build(league: League, *, narrow: bool = False, chosen: Sequence[str] | None = None) -> list[Slide]:
    """The slides of the selection (none when nothing is scored), with the pages' figures.

    ``chosen``: the units picked on the Trends page (default: the session's ``units``)."""
    store, scope = data.store(), league.scope
    table, meta = league.table, league.meta
    lang = scope.lang
    node = scope.node
    short = scope.definition.short(lang) + ("" if scope.indicator == scope.definition.id else f" — {node.label(lang)}")
    subtitle = meta.subtitle
    note = meta.source_note
    highlight = list(league.highlight) or None
    if table.filter(pl.col("score").is_not_null()).is_empty():
        return []
    chosen = list(state.get("units") or []) if chosen is None else list(chosen)
    slides: list[Slide] = []

    bars = [report.bar_chart(table, meta, highlight=highlight)] if narrow else \
        report.bar_columns(table, meta, highlight=highlight)
    slides.append(Slide("bars", f"{short} — {t('present_ranking')}",
                        " · ".join(x for x in (subtitle, report.mean_text(meta)) if x), bars, note))

    if scope.level in ("province", "commune"):
        fig = report.map_chart(table, meta, geojson=report.boundaries(store, league), units=store.units,
                               highlight=highlight)
        slides.append(Slide("map", f"{short} — {t('present_map')}", subtitle, [fig], note))

    means = [(label, mean) for key, label, mean in references(league, store) if key in ("all", "selection")]
    fig = score_distribution(table, decimals=node.decimals, highlight=highlight, mean=means,
                             group_colours=league.palette, title=t("dist_title").format(index=short),
                             subtitle=subtitle, source_note=note, lang=lang, narrow=narrow)
    slides.append(Slide("distribution", t("dist_title").format(index=short), subtitle, [fig], note))

    unit_ids, _ = trend_units(scope, table, chosen, list(league.highlight))
    if unit_ids:  # every period is drawn: marked when any period is demo
        lines = report.history_meta(league)
        fig = report.trend_chart(scope.scores, store.units, unit_ids, lines, scope.definition)
        slides.append(Slide("trend", fig.layout.title.text.replace("<br>", " "),
                            (fig.layout.title.subtitle.text or "").replace("<br>", " "), [fig],
                            lines.source_note, demo=lines.demo))

    prevs = table["prev_period"].drop_nulls()
    prev = prevs[0] if prevs.len() else None
    up, down = movers(table, N_MOVERS)
    if prev and (up.height or down.height):
        fig = movers_bars(up, down, decimals=node.decimals, highlight=highlight, narrow=narrow,
                          title=t("movers_chart").format(n=N_MOVERS, index=short), subtitle=subtitle,
                          source_note=note, lang=lang)
        slides.append(Slide("movers", t("movers_title").format(prev=period_label(prev, lang),
                                                               period=period_label(scope.period, lang)),
                            subtitle, [fig], note))
    return slides


def shared_legend(figures: Sequence[go.Figure]) -> list[tuple[str, str]]:
    """The legend of side-by-side ``figures`` (a ranking in columns) as ``(name, colour)`` pairs, each
    entry once, in order of appearance (the columns are in rank order: best group first)."""
    seen: dict[str, str] = {}
    for f in figures:
        for tr in legend_entries(f):
            colour = tr.marker.color if "marker" in tr and isinstance(tr.marker.color, str) else ""
            seen.setdefault(one_line(tr.name), colour)
    return list(seen.items())


def ranking_scale(figures: Sequence[go.Figure]) -> float:
    """Text scale of a ranking slide: :data:`SCALE`, less when a column's bars need it (each row holds
    a label of 12 px × scale, :data:`ROW_LINE` high, in :data:`FIT_PLOT_PX`).

    >>> import plotly.graph_objects as go
    >>> ranking_scale([go.Figure(go.Bar(y=[str(i) for i in range(21)], x=[1] * 21))])
    1.3
    >>> ranking_scale([go.Figure(go.Bar(y=["a", "b"], x=[1, 2]))])
    1.5
    """
    rows = max((len(set(y for tr in f.data if tr.type == "bar" for y in (tr.y or []) if y is not None))
                for f in figures), default=1)
    fits = FIT_PLOT_PX / max(rows, 1) / ROW_LINE / 12
    return max(1.0, min(SCALE, math.floor(fits * 10) / 10))


def for_screen(slide: Slide, *, narrow: bool = False) -> list[go.Figure]:
    """The slide's figures for the projector: large text; the provinces' map follows the window's height
    (:func:`cchc.figures.maps.fit_latitudes`), a map of points is zoomed to fit the smallest screen.
    Columns line up (same margins, the labels' room measured at the projector's size) and draw no
    legend: the page shows theirs once (:func:`shared_legend`). On a phone: the figures as the pages
    draw them, without their titles."""
    if narrow:
        return [projector_figure(f, scale=1.0, width=PHONE_PX) for f in slide.figures]
    n = len(slide.figures)
    width = (SCREEN_PX - 16 * (n - 1)) / n
    scale = ranking_scale(slide.figures) if slide.key == "bars" else SCALE
    figs = [projector_figure(f, scale=scale, height=BODY_PX, width=width, map_height=MAP_FIT_PX)
            for f in slide.figures]
    for f in figs:  # the provinces' map fills the height the window leaves (communes' points keep their zoom):
        # drawn first at a small height, it only grows to the slide's, and each time the view zooms in to fit
        if any(tr.type == "choroplethmap" for tr in f.data):
            fit_latitudes(f).update_layout(height=MAP_FIRST_PX)
    if n > 1:  # the same plot area in every column: bars line up and the value axes get the same ticks
        left = max(_label_room(f) for f in figs)
        for f in figs:
            f.update_layout(showlegend=False, margin_t=12, margin_l=left)
    return figs


def _label_room(fig: go.Figure) -> int:
    """Pixels the longest category label of ``fig``'s y axis takes at its font size (≈ 0.56 em a character)."""
    ticks = fig.layout.yaxis.ticktext or fig.layout.yaxis.categoryarray or []
    longest = max((len(re.sub(r"<[^>]+>", "", str(x))) for x in ticks), default=4)
    size = fig.layout.yaxis.tickfont.size or 12
    return int(longest * size * 0.56) + 12


_DECKS = data.Recent(DECKS_KEPT, DECKS_SECONDS)


def deck(league: League, *, narrow: bool = False, chosen: Sequence[str] | None = None) -> list[Slide]:
    """Every slide of the selection with its figures ready for the screen (:func:`for_screen`), built
    once and kept for every session asking for the same selection (store and data version, filters,
    highlighted and chosen units, language, phone or not), so that moving between slides draws a
    prepared figure. The figures are shared: draw them, never change them."""
    store = data.store()
    chosen = tuple(state.get("units") or ()) if chosen is None else tuple(chosen)
    key = (store, store.version(), league.selection, league.highlight, league.top, chosen, narrow)

    def prepare() -> list[Slide]:
        return [Slide(s.key, s.title, s.subtitle, for_screen(s, narrow=narrow), s.source_note,
                      shared_legend(s.figures) if len(s.figures) > 1 else [], s.demo or league.meta.demo)
                for s in build(league, narrow=narrow, chosen=chosen)]

    return _DECKS.get(key, prepare)


def shown_css(i: int) -> str:
    """The CSS that makes slide ``i`` (1-based) the visible one of the stacked deck (a number only, no data).

    >>> shown_css(3)
    '<style>.st-key-slides > :has(> .st-key-deck_3) { visibility: visible; opacity: 1; z-index: 1; }</style>'
    """
    return f"<style>.st-key-slides > :has(> .st-key-deck_{int(i)}) {{ visibility: visible; opacity: 1; z-index: 1; }}</style>"


def show(slides: Sequence[Slide], i: int, *, narrow: bool = False, lang: str = "vi", badge: str = "") -> None:
    """Draw slide ``i`` (1-based) of ``slides``: title, subtitle, one legend for columns, the charts side by
    side, the demo ``badge`` (on slides showing demo data) and the source note. On a wide screen every slide is drawn and only slide
    ``i`` shows (:data:`FIT_CSS`): the others are ready when the presenter moves on. On a phone, only
    slide ``i`` (its charts scroll with the page)."""
    if not narrow:
        st.html(shown_css(i))
    with st.container(key="slides", gap=None):
        for k, slide in enumerate(slides, start=1):
            if narrow and k != i:
                continue
            with st.container(key=f"deck_{k}", gap="small"):
                _slide(slide, k, narrow=narrow, lang=lang, badge=badge if slide.demo else "")


def _slide(slide: Slide, k: int, *, narrow: bool, lang: str, badge: str) -> None:
    """One slide. The source note is sent before the charts and shown after them (CSS ``order``), so a
    chart is first measured with everything around it in place (it does not shrink afterwards)."""
    config = {"displaylogo": False, "displayModeBar": False, "locale": "vi" if lang == "vi" else "en"}
    with st.container(key=f"deck_head_{k}", gap="small"):
        st.title(slide.title, anchor=False)
        st.markdown(plain(slide.subtitle))
    if slide.legend:
        st.html(legend_html(slide.legend))
    with st.container(horizontal=True, vertical_alignment="center", key=f"deck_foot_{k}"):
        if badge:
            st.badge(badge, icon=":material/warning:", color="orange")
        st.markdown(plain(slide.source_note))
    with st.container(key=f"deck_body_{k}", gap="small"):
        figures = slide.figures
        columns = st.columns(len(figures), gap="small") if len(figures) > 1 else [st.container()]
        for n, (col, fig) in enumerate(zip(columns, figures)):
            with col:
                st.plotly_chart(fig, theme=None, width="stretch", height="content" if narrow else "stretch",
                                key=f"slide_{slide.key}_{n}", config=config)


def legend_html(entries: Sequence[tuple[str, str]]) -> str:
    """One legend for a slide's columns: a coloured square and the name of each entry (names escaped,
    colours only as ``#rrggbb``).

    >>> legend_html([("Nhóm A", "#0072B2"), ("<b>", "red")])
    '<div class="slide-legend"><span><i style="background:#0072B2"></i>Nhóm A</span><span><i></i>&lt;b&gt;</span></div>'
    """
    items = []
    for name, colour in entries:
        swatch = f'<i style="background:{colour}"></i>' if re.fullmatch(r"#[0-9A-Fa-f]{6}", colour or "") else "<i></i>"
        items.append(f"<span>{swatch}{html.escape(name)}</span>")
    return f'<div class="slide-legend">{"".join(items)}</div>'


def plain(text: str) -> str:
    """Text from data shown as Markdown: Plotly line breaks as spaces, then escaped (:func:`cchc.safety.plain`)."""
    return safe_plain(re.sub(r"<br\s*/?>", " ", text or ""))


def _go(k: int) -> None:
    state.put("slide", str(k))


def navigation(n: int) -> int:
    """The row of buttons above a slide (Previous, k/n, Next, keys, Leave); returns the slide shown (1-based)."""
    with st.container(horizontal=True, vertical_alignment="center", key="slide_nav"):
        raw = state.get("slide")
        i, valid = slide_number(raw, n)
        if not valid:
            state.warn_invalid("slide", raw)
            state.put("slide", str(i) if n else "")
        st.button(t("present_prev"), icon=":material/arrow_back:", shortcut="Left", disabled=i <= 1,
                  on_click=partial(_go, i - 1), key="present_prev")
        with st.container(width="content", key="slide_count"):
            st.markdown(f"{i}/{n}" if n else "0/0")
        st.button(t("present_next"), icon=":material/arrow_forward:", icon_position="right", shortcut="Right",
                  disabled=i >= n, on_click=partial(_go, i + 1), key="present_next")
        with st.container(width="content", key="slide_keys"):
            st.caption(t("present_keys"))
        st.space("stretch")
        if st.button(t("present_exit"), icon=":material/close:", shortcut="Esc", key="present_exit", type="tertiary"):
            st.switch_page("views/rankings.py")
    return i
