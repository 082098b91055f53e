"""Download menus: a chart as PNG/SVG/PDF/HTML, a league table as CSV/XLSX, a selection as a deck.

Every button gives Streamlit a callable (``data=functools.partial(...)``)
that builds the file only when clicked, on another thread and without session
state — so everything it needs is bound into the partial: a copy of the
figure, the format, size, language and demo flag; for tables and decks only
the data folder and the frozen selection (the league is rebuilt from the
shared store: a button never holds a frame).
While the file is being built the button shows a spinner; a failure is shown
under the button. ``on_click="ignore"``: a click does not rerun the page.

- :func:`chart_menu` — drawn under every chart by :func:`ui.controls.plot`.
- :func:`data_downloads` and :func:`deck_downloads` — next to a league table.

File names are ASCII, lower case, from the index, component, period and
what is shown: ``par-2023-xep-hang.png``, ``papi-2023-bang-xep-hang.xlsx``.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Any, Sequence

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from cchc.export import MIME, report
from cchc.export.deck import deck_bytes
from cchc.export.handout import handout_pdf
from cchc.export.images import browser_path, chart_bytes
from cchc.export.spreadsheets import csv_bytes, xlsx_bytes
from cchc.folding import slug
from cchc.metadata import LeagueMeta
from cchc.selection import League, Selection, league_for
from cchc.words import WORDS, word
from ui import data, state
from ui.text import t

MAX_STEM = 80
# (option, format, size preset, label key, icon)
CHART_OPTIONS: list[tuple[str, str, str, str, str]] = [
    ("png", "png", "16x9", "dl_png", ":material/image:"),
    ("png_square", "png", "square", "dl_png_square", ":material/crop_square:"),
    ("svg", "svg", "16x9", "dl_svg", ":material/draw:"),
    ("pdf", "pdf", "16x9", "dl_pdf", ":material/picture_as_pdf:"),
    ("html", "html", "16x9", "dl_html", ":material/language:"),
]


# ------------------------------------------------------------------ file names (pure)
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


def chart_name(key: str | None, fig: go.Figure | None = None, lang: str = "vi") -> str:
    """The file-name word of a chart: known plot keys have one (catalogue ``file.<key>``);
    else its title's first words; else "bieu-do"."""
    if key and f"file.{key}" in WORDS:
        return word(f"file.{key}", lang)
    title = ""
    if fig is not None and fig.layout.title.text:
        title = re.sub(r"<[^>]+>", " ", fig.layout.title.text)
    words = slug(title).split("-")[:6]
    return "-".join(w for w in words if w) or word("file.chart", lang)


def selection_parts(selection: Selection | None) -> list[str]:
    """``[index or component id, period]`` of the page's selection (what every file name starts with)."""
    if selection is None:
        return []
    ind = selection.indicator if selection.indicator and selection.indicator != selection.index else selection.index
    return [ind, selection.period or ""]


# ------------------------------------------------------------------ builders run on click (no session state)
# Each gets the data folder and the (small, frozen) selection, and re-reads the shared store: a button
# holds no frame, so a session's memory does not grow with the data.
def league_csv(folder: str, selection: Selection, restricted: bool = False) -> bytes:
    """The league table as shown, with the export headers, rounded to the index's decimals (UTF-8 with BOM)."""
    league = league_for(data.store(folder, restricted=restricted), selection)
    return csv_bytes(league.table, decimals=league.meta.decimals, lang=league.meta.lang,
                     region_names=league.meta.region_names)


def league_xlsx(folder: str, selection: Selection, restricted: bool = False) -> bytes:
    """The league table as shown, formatted, with its "Thông tin" sheet."""
    league = league_for(data.store(folder, restricted=restricted), selection)
    return xlsx_bytes(league.table, league.meta)


def dataset_csv(folder: str, index: str, restricted: bool = False) -> bytes:
    """Every observation of ``index`` (no filter), as CSV."""
    return csv_bytes(data.store(folder, restricted=restricted).observations(index))


def presentation_bytes(fmt: str, folder: str, selection: Selection, unit_ids: Sequence[str] = (),
                       restricted: bool = False) -> bytes:
    """The deck of a selection as ``pptx``, or its ``pdf`` handout (built when the button is clicked, or
    taken as prepared by :func:`deck_preparer`)."""
    store, ids = data.store(folder, restricted=restricted), tuple(unit_ids)
    return data.presentation(store, selection, ids, fmt, partial(build_presentation, fmt, store, selection, ids))


def build_presentation(fmt: str, store: Any, selection: Selection, unit_ids: Sequence[str] = (),
                       step: Any = None) -> bytes:
    """Build the deck or handout; ``step(kind, done, total)`` is told of each step: ``"figures"`` (the
    table, charts and map), ``"slides"`` (one call per slide or page drawn) and ``"file"``."""
    report_step = step or (lambda kind, done, total: None)
    report_step("figures", 0, 0)
    deck = report.deck_for(store, league_for(store, selection), unit_ids=list(unit_ids))
    slides_done = partial(report_step, "slides")
    out = deck_bytes(deck, progress=slides_done) if fmt == "pptx" else handout_pdf(deck, progress=slides_done)
    report_step("file", 1, 1)
    return out


PREPARE_SHARES = {"figures": 0.05, "slides": 0.25, "file": 1.0}  # where each step starts on the bar


@st.fragment
def deck_preparer(fmt: str, folder: str, selection: Selection, unit_ids: tuple[str, ...], restricted: bool,
                  *, key: str) -> None:
    """A "Chuẩn bị" button that builds the file here with a progress bar step by step (figures, slides k/n,
    file) — a fragment: only it reruns, the rest of the page stays usable — and keeps the file for the
    download button beside it, which then hands it over at once."""
    store = data.store(folder, restricted=restricted)
    if data.presentation_ready(store, selection, unit_ids, fmt):
        st.caption(t("deck_ready"))
        return
    if not st.button(t(f"deck_prepare_{fmt}"), key=f"prep_{key}_{fmt}", icon=":material/hourglass_top:",
                     width="stretch"):
        return
    bar = st.progress(0.0, text=t("deck_step_figures"))

    def step(kind: str, done: int, total: int) -> None:
        start = PREPARE_SHARES[kind]
        share = start + (PREPARE_SHARES["file"] - 0.05 - start) * done / total if kind == "slides" and total else start
        bar.progress(min(share, 1.0), text=t(f"deck_step_{kind}").format(done=done, total=total))

    data.presentation(store, selection, unit_ids, fmt, partial(build_presentation, fmt, store, selection, unit_ids,
                                                               step))
    bar.progress(1.0, text=t("deck_ready"))


# ------------------------------------------------------------------ menus
def chart_menu(fig: go.Figure, *, key: str, name: str | None = None, lang: str | None = None,
               demo: bool = False, selection: Selection | None = None) -> None:
    """A right-aligned "Tải xuống" popover under a chart: PNG 16:9, PNG square, SVG, PDF, interactive HTML."""
    lang = lang or state.lang()
    snapshot = go.Figure(fig)  # the page may change its figure afterwards: the file is what is on screen now
    stem = [*selection_parts(selection), name or chart_name(key, fig, lang)]
    pictures = browser_path() is not None  # PNG, SVG and PDF are drawn by Chromium; HTML needs nothing
    if not pictures and not st.session_state.get("_said_no_export"):
        st.session_state["_said_no_export"] = True
        st.info(t("dl_no_browser"), icon=":material/info:")
    with st.container(horizontal=True, horizontal_alignment="right", key=f"dlrow_{key}"):
        with st.popover(t("download"), icon=":material/download:", key=f"dlmenu_{key}"):
            st.caption(t("dl_chart_hint"))
            for option, fmt, preset, label, icon in CHART_OPTIONS:
                if fmt != "html" and not pictures:
                    continue
                extra = [word("file.square", lang)] if preset == "square" else []
                st.download_button(
                    t(label), data=partial(chart_bytes, snapshot, fmt, preset=preset, lang=lang, demo=demo),
                    file_name=file_name(*stem, *extra, ext=fmt), mime=MIME[fmt], key=f"dl_{key}_{option}",
                    help=t(label + "_help"), icon=icon, on_click="ignore", width="stretch")


def _stem(meta: LeagueMeta) -> list[str]:
    return [meta.indicator or meta.index, meta.period]


def data_downloads(league: League, *, key: str = "league") -> None:
    """A "Tải bảng số liệu" popover: the rows shown as CSV (BOM) and XLSX (+ metadata sheet), and the
    index's whole dataset as CSV."""
    meta, lang, folder, seen = league.meta, league.meta.lang, data.folder(), data.sees_restricted()
    sel = league.selection
    with st.popover(t("dl_table"), icon=":material/table_view:", key=f"dlmenu_{key}"):
        st.caption(t("dl_table_hint"))
        st.download_button(t("dl_csv"), data=partial(league_csv, folder, sel, seen),
                           file_name=file_name(*_stem(meta), word("file.league", lang), ext="csv"), mime=MIME["csv"],
                           key=f"dl_{key}_csv", help=t("dl_csv_help"), icon=":material/csv:", on_click="ignore",
                           width="stretch")
        st.download_button(t("dl_xlsx"), data=partial(league_xlsx, folder, sel, seen),
                           file_name=file_name(*_stem(meta), word("file.league", lang), ext="xlsx"), mime=MIME["xlsx"],
                           key=f"dl_{key}_xlsx", help=t("dl_xlsx_help"), icon=":material/grid_on:",
                           on_click="ignore", width="stretch")
        st.download_button(t("dl_full"), data=partial(dataset_csv, folder, meta.index, seen),
                           file_name=file_name(meta.index, word("file.full", lang), ext="csv"),
                           mime=MIME["csv"], key=f"dl_{key}_full", help=t("dl_full_help"),
                           icon=":material/dataset:", on_click="ignore", width="stretch")


def deck_downloads(league: League, *, key: str = "deck") -> None:
    """A "Tạo bài trình chiếu" popover: the selection as a 16:9 PPTX deck and as a PDF handout, built on click.
    Highlighted units get trend and profile slides."""
    meta, lang, folder, seen = league.meta, league.meta.lang, data.folder(), data.sees_restricted()
    marked = league.table.filter(pl.col("unit_id").is_in(list(league.highlight)))
    ids, names = tuple(marked["unit_id"].to_list()), ", ".join(marked["unit"].to_list())
    with st.popover(t("deck"), icon=":material/slideshow:", key=f"dlmenu_{key}"):
        st.caption(t("deck_hint").format(units=t("deck_units").format(names=names) if names else ""))
        for fmt, label, word_key, icon in (("pptx", "deck_pptx", "file.deck", ":material/co_present:"),
                                           ("pdf", "deck_pdf", "file.handout", ":material/print:")):
            deck_preparer(fmt, folder, league.selection, ids, seen, key=key)
            st.download_button(t(label), data=partial(presentation_bytes, fmt, folder, league.selection, ids, seen),
                               file_name=file_name(*_stem(meta), word(word_key, lang), ext=fmt), mime=MIME[fmt],
                               key=f"dl_{key}_{fmt}", icon=icon, on_click="ignore", width="stretch")


def league_downloads(league: League, *, key: str = "league") -> None:
    """The row under a league table: the table (CSV, XLSX, the whole dataset), a presentation of the
    selection (PPTX, PDF) and a link to the presentation mode."""
    with st.container(horizontal=True, vertical_alignment="center", key=f"dlbar_{key}"):
        data_downloads(league, key=key)
        deck_downloads(league, key=f"{key}_deck")
        st.page_link("views/present.py", label=t("present_open"), icon=":material/slideshow:")
