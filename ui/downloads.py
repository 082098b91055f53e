"""Download menus: a chart as PNG/SVG/PDF/HTML, a league table as CSV/XLSX, a selection as a deck.

Every button gives Streamlit a callable (``data=functools.partial(...)``)
that builds the file only when clicked, on another thread and without session
state — so everything it needs is bound into the partial: a copy of the
figure, the format, size, language and demo flag; the table and its meta.
While the file is being built the button shows a spinner; a failure is shown
under the button. ``on_click="ignore"``: a click does not rerun the page.

- :func:`chart_menu` — drawn under every chart by :func:`ui.controls.plot`.
- :func:`league_export` — the table and meta of a league view (what the page shows).
- :func:`data_downloads` and :func:`deck_downloads` — next to a league table.

File names are ASCII, lower case, from the index, component, period and
what is shown: ``par-2023-xep-hang.png``, ``papi-2023-bang-xep-hang.xlsx``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import partial
from typing import Any, Sequence

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from cchc.export import MIME
from cchc.export.images import chart_bytes
from cchc.export.tables import csv_bytes, xlsx_bytes
from ui import state
from ui.text import t

MAX_STEM = 80
# file-name words of the charts the pages draw (by their plot key), Vietnamese and English
CHART_NAMES: dict[str, tuple[str, str]] = {
    "rank_bars": ("xep-hang", "ranking"),
    "overview_map": ("ban-do", "map"),
    "overview_distribution": ("phan-bo-diem", "distribution"),
    "overview_movers": ("thay-doi-thu-hang", "movers"),
    "trend": ("xu-huong", "trend"),
    "stack": ("thanh-phan-qua-cac-ky", "components-over-time"),
    "panels": ("thanh-phan-qua-cac-ky", "components-over-time"),
    "card": ("ho-so-thanh-phan", "profile-components"),
    "history": ("ho-so-dien-bien", "profile-history"),
    "compare_bars": ("so-sanh-thanh-phan", "comparison"),
    "compare_radar": ("so-sanh-radar", "comparison-radar"),
    "dumbbell": ("tien-lui", "who-moved"),
}
FILE_WORDS = {
    "square": ("vuong", "square"), "league": ("bang-xep-hang", "league-table"), "full": ("du-lieu-day-du", "full-data"),
    "deck": ("trinh-chieu", "presentation"), "handout": ("tai-lieu-in", "handout"), "chart": ("bieu-do", "chart"),
}
# (option, format, size preset, label key, icon)
CHART_OPTIONS: list[tuple[str, str, str, str, str]] = [
    ("png", "png", "16x9", "dl_png", ":material/image:"),
    ("png_square", "png", "square", "dl_png_square", ":material/crop_square:"),
    ("svg", "svg", "16x9", "dl_svg", ":material/draw:"),
    ("pdf", "pdf", "16x9", "dl_pdf", ":material/picture_as_pdf:"),
    ("html", "html", "16x9", "dl_html", ":material/language:"),
]


# ------------------------------------------------------------------ file names (pure)
def slug(text: Any) -> str:
    """ASCII, lower case, words joined by ``-``: ``"Quảng Ninh 2023"`` → ``"quang-ninh-2023"``.

    >>> slug("Đắk Lắk — Quý 3/2025")
    'dak-lak-quy-3-2025'
    """
    folded = unicodedata.normalize("NFKD", str(text or "").replace("đ", "d").replace("Đ", "D"))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def file_name(*parts: Any, ext: str) -> str:
    """``parts`` slugged and joined by ``-`` (empty parts dropped, repeats of the previous part too), ``.ext``.

    >>> file_name("par", "2023", "xep-hang", ext="png")
    'par-2023-xep-hang.png'
    >>> file_name("papi.6", "", "2024", ext="csv")
    'papi-6-2024.csv'
    """
    words: list[str] = []
    for part in parts:
        s = slug(part)
        if s and (not words or words[-1] != s):
            words.append(s)
    stem = "-".join(words)[:MAX_STEM].strip("-") or "cchc"
    return f"{stem}.{ext.lstrip('.').lower()}"


def word(name: str, lang: str) -> str:
    vi, en = FILE_WORDS[name]
    return en if lang == "en" else vi


def chart_name(key: str | None, fig: go.Figure | None = None, lang: str = "vi") -> str:
    """The file-name word of a chart: known plot keys have one; else its title's first words; else "bieu-do"."""
    if key in CHART_NAMES:
        vi, en = CHART_NAMES[key]
        return en if lang == "en" else vi
    title = ""
    if fig is not None and fig.layout.title.text:
        title = re.sub(r"<[^>]+>", " ", fig.layout.title.text)
    words = slug(title).split("-")[:6]
    return "-".join(w for w in words if w) or word("chart", lang)


def selection_parts(context: dict[str, Any] | None) -> list[str]:
    """``[index or component id, period]`` of the page's view (what every file name starts with)."""
    if not context:
        return []
    return [context.get("indicator") or context.get("index") or "", context.get("period") or ""]


# ------------------------------------------------------------------ builders run on click (no session state)
def presentation_bytes(fmt: str, table: pl.DataFrame, meta: dict[str, Any], *, definition: Any,
                       scores: pl.DataFrame | None, units: pl.DataFrame | None, geojson: dict[str, Any] | None,
                       unit_ids: Sequence[str] = ()) -> bytes:
    """The deck of a selection as ``pptx``, or its ``pdf`` handout (built when the button is clicked)."""
    from cchc.export import report
    from cchc.export.deck import deck_bytes, handout_pdf

    deck = report.build_deck(table, meta, definition=definition, scores=scores, units=units, geojson=geojson,
                             unit_ids=list(unit_ids))
    return deck_bytes(deck) if fmt == "pptx" else handout_pdf(deck)


def league_csv(table: pl.DataFrame, meta: dict[str, Any]) -> bytes:
    """The league table as shown, with the export headers, rounded to the index's decimals (UTF-8 with BOM)."""
    return csv_bytes(table, decimals=int(meta.get("decimals", 2)), lang=meta.get("lang", "vi"),
                     region_names=meta.get("region_names") or None)


# ------------------------------------------------------------------ menus
def chart_menu(fig: go.Figure, *, key: str, name: str | None = None, lang: str | None = None,
               demo: bool = False, context: dict[str, Any] | None = None) -> None:
    """A right-aligned "Tải xuống" popover under a chart: PNG 16:9, PNG square, SVG, PDF, interactive HTML."""
    lang = lang or state.lang()
    snapshot = go.Figure(fig)  # the page may change its figure afterwards: the file is what is on screen now
    stem = [*selection_parts(context), name or chart_name(key, fig, lang)]
    with st.container(horizontal=True, horizontal_alignment="right", key=f"dlrow_{key}"):
        with st.popover(t("download"), icon=":material/download:", key=f"dlmenu_{key}"):
            st.caption(t("dl_chart_hint"))
            for option, fmt, preset, label, icon in CHART_OPTIONS:
                extra = [word("square", lang)] if preset == "square" else []
                st.download_button(
                    t(label), data=partial(chart_bytes, snapshot, fmt, preset=preset, lang=lang, demo=demo),
                    file_name=file_name(*stem, *extra, ext=fmt), mime=MIME[fmt], key=f"dl_{key}_{option}",
                    help=t(label + "_help"), icon=icon, on_click="ignore", width="stretch")


def league_export(league: Any) -> tuple[pl.DataFrame, dict[str, Any]]:
    """The rows a league page shows (``league.shown``) and their :func:`~cchc.export.meta.league_meta`."""
    from cchc.export.meta import league_meta
    from ui import data

    view = league.view
    regions = {r["code"]: r["en" if view.lang == "en" else "vi"] for r in data.regions()}
    table = league.shown
    meta = league_meta(view.definition, table=table, indicator=view.indicator, period=view.period, level=view.level,
                       geography=view.period_geography, reexpressed=view.reexpressed, filters=list(league.filters),
                       demo=view.demo, lang=view.lang, region_names=regions)
    return table, meta


def _stem(meta: dict[str, Any]) -> list[str]:
    return [meta.get("indicator") or meta.get("index") or "", meta.get("period") or ""]


def data_downloads(table: pl.DataFrame, meta: dict[str, Any], *, full: pl.DataFrame | None = None,
                   key: str = "league") -> None:
    """A "Tải bảng số liệu" popover: the table shown as CSV (BOM) and XLSX (+ metadata sheet); optionally
    ``full`` (the index's whole dataset) as CSV."""
    lang = meta.get("lang", "vi")
    with st.popover(t("dl_table"), icon=":material/table_view:", key=f"dlmenu_{key}"):
        st.caption(t("dl_table_hint"))
        st.download_button(t("dl_csv"), data=partial(league_csv, table, dict(meta)),
                           file_name=file_name(*_stem(meta), word("league", lang), ext="csv"), mime=MIME["csv"],
                           key=f"dl_{key}_csv", help=t("dl_csv_help"), icon=":material/csv:", on_click="ignore",
                           width="stretch")
        st.download_button(t("dl_xlsx"), data=partial(xlsx_bytes, table, dict(meta)),
                           file_name=file_name(*_stem(meta), word("league", lang), ext="xlsx"), mime=MIME["xlsx"],
                           key=f"dl_{key}_xlsx", help=t("dl_xlsx_help"), icon=":material/grid_on:",
                           on_click="ignore", width="stretch")
        if full is not None:
            st.download_button(t("dl_full"), data=partial(csv_bytes, full),
                               file_name=file_name(meta.get("index"), word("full", lang), ext="csv"),
                               mime=MIME["csv"], key=f"dl_{key}_full", help=t("dl_full_help"),
                               icon=":material/dataset:", on_click="ignore", width="stretch")


def deck_downloads(table: pl.DataFrame, meta: dict[str, Any], *, definition: Any, scores: pl.DataFrame | None = None,
                   units: pl.DataFrame | None = None, geojson: dict[str, Any] | None = None,
                   unit_ids: Sequence[str] = (), unit_names: Sequence[str] = (), key: str = "deck") -> None:
    """A "Tạo bài trình chiếu" popover: the selection as a 16:9 PPTX deck and as a PDF handout, built on click."""
    lang = meta.get("lang", "vi")
    common = dict(definition=definition, scores=scores, units=units, geojson=geojson, unit_ids=tuple(unit_ids))
    names = ", ".join(unit_names)
    with st.popover(t("deck"), icon=":material/slideshow:", key=f"dlmenu_{key}"):
        st.caption(t("deck_hint").format(units=t("deck_units").format(names=names) if names else ""))
        st.download_button(t("deck_pptx"), data=partial(presentation_bytes, "pptx", table, dict(meta), **common),
                           file_name=file_name(*_stem(meta), word("deck", lang), ext="pptx"), mime=MIME["pptx"],
                           key=f"dl_{key}_pptx", icon=":material/co_present:", on_click="ignore", width="stretch")
        st.download_button(t("deck_pdf"), data=partial(presentation_bytes, "pdf", table, dict(meta), **common),
                           file_name=file_name(*_stem(meta), word("handout", lang), ext="pdf"), mime=MIME["pdf"],
                           key=f"dl_{key}_pdf", icon=":material/print:", on_click="ignore", width="stretch")


def league_downloads(league: Any, *, key: str = "league") -> None:
    """The row under a league table: the table (CSV, XLSX, the whole dataset), a presentation of the
    selection (PPTX, PDF) and a link to the presentation mode. Highlighted units get trend and profile slides."""
    from ui import data

    view = league.view
    table, meta = league_export(league)
    geojson = data.geojson(f"provinces_{view.period_geography}") if view.level in ("province", "commune") else None
    shown = table.filter(pl.col("unit_id").is_in(list(league.highlight)))
    with st.container(horizontal=True, vertical_alignment="center", key=f"dlbar_{key}"):
        data_downloads(table, meta, full=data.index_observations(view.index), key=key)
        deck_downloads(table, meta, definition=view.definition, scores=view.scores, units=data.units(),
                       geojson=geojson, unit_ids=shown["unit_id"].to_list(), unit_names=shown["unit"].to_list(),
                       key=f"{key}_deck")
        st.page_link("views/present.py", label=t("present_open"), icon=":material/slideshow:")
