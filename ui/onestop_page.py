"""The sections of the one-stop statistics page (views/onestop.py): the choices in the sidebar (level,
parent, period or range, the share to rank by — all in the URL), the KPI cards of the totals, the ranked
bars of the chosen share, the table, and its CSV/XLSX downloads built on click from the choice."""

from __future__ import annotations

from functools import partial
from typing import Callable

import pandas as pd
import polars as pl
import streamlit as st

from cchc.export import MIME
from cchc.export.spreadsheets import csv_bytes, xlsx_bytes
from cchc.figures.bars import ranked_bars
from cchc.numbers import MISSING, format_number, format_percent, round_half_up
from cchc.onestop import (INDEX, INDICATORS, SHARE_BY, SHOWN_COUNTS, OnestopChoice, OnestopView,
                          export_frame, shown_columns, levels_present, onestop_for, parent_choices, share_of,
                          share_text)
from cchc.periods import period_label
from cchc.ranges import resolve_range
from cchc.safety import plain
from ui import controls, data, kpi_cards, state
from ui.downloads import file_name
from ui.text import t

DEFAULT_BY = "on_time_share"
ROW_PX, MAX_ROWS = 35, 25  # the table shows up to 25 rows (and the total row with them) without scrolling


def choose(lang: str) -> OnestopChoice | None:
    """Level, parent, period and the share to rank by, from the sidebar (seeded from the URL); None, after
    saying so, when there are no one-stop figures at all."""
    store = data.store()
    months = [m for m in store.periods_with_data(INDEX) if controls.period_kind(m) == "month"]
    if not months:
        st.info(t("onestop.no_rows"))
        return None
    bar = st.sidebar
    period = controls.period_choice(months, lang, default_kind="quarter")  # the pickers of every monthly index
    rows = store.period_rows(INDEX, [period] if controls.period_kind(period) == "month" else
                             list(resolve_range(period, months).months))
    ids = rows.filter(pl.col("indicator_id").is_in(list(INDICATORS)))["unit_id"].unique().to_list()
    levels = levels_present(store.units, ids)
    if not levels:
        st.info(t("onestop.no_rows"))
        return None
    level = state.select("level", t("onestop.level"), levels, where=bar, format_func=controls.level_label)
    parents = parent_choices(store.units, ids, level)
    parent = state.select("parent", t("onestop.parent"), ["", *parents], where=bar,
                          format_func=lambda u: store.unit_name(u, lang) if u else t("onestop.all_parents"))
    if st.session_state.get("f:by") is None:  # the share to rank by is this page's own filter: seeded here
        state.put("by", st.query_params.get("by", DEFAULT_BY))
    by = state.select("by", t("onestop.by"), list(SHARE_BY), default=DEFAULT_BY, where=bar,
                      format_func=lambda k: share_of(k).title(lang))
    controls.show_warnings()
    return OnestopChoice(period, level, parent or None, by, lang)


def cards(view: OnestopView) -> None:
    """Five cards of the totals of the units shown: received (online), resolved (early or on time),
    pending (overdue), digitised, satisfied (ratings)."""
    lang = view.choice.lang
    total = view.total.row(0, named=True)

    def n(value: float | None) -> str:
        return format_number(value, 0, lang)

    style = dict(border=True, height="stretch", delta_arrow="off", delta_color="gray")
    with st.container(key="kpi_cards"):  # the cards' text wraps, as on the overview (ui/kpi_cards.py)
        st.html(kpi_cards.WRAP_CSS)
        _cards(total, style, n, lang)


def _cards(total: dict, style: dict, n: Callable[[float | None], str], lang: str) -> None:
    c = st.columns(5)
    c[0].metric(t("onestop.kpi_received"), n(total["received"]),
                delta=t("onestop.kpi_received_detail", online=n(total["received_online"])), **style)
    c[1].metric(t("onestop.kpi_resolved"), n(total["resolved"]),
                delta=t("onestop.kpi_on_time_detail", share=share_text(total, "on_time_share", lang)), **style)
    c[2].metric(t("onestop.kpi_pending"), n(total["pending"]),
                delta=t("onestop.kpi_overdue_detail", n=n(total["pending_overdue"])), **style)
    c[3].metric(t("onestop.kpi_digitised"), share_text(total, "digitised_share", lang),
                delta=t("onestop.kpi_digitised_detail", n=n(total["digitised"])), **style)
    c[4].metric(t("onestop.kpi_satisfied"), share_text(total, "satisfied_share", lang),
                delta=t("onestop.kpi_of_rated", n=n(total["rated"])), **style)


def bars(view: OnestopView) -> None:
    """The ranked bars of the share ranked by (units where it applies; the others are named below)."""
    lang, by = view.choice.lang, view.choice.by
    s = share_of(by)
    shown = view.table.filter(pl.col(by).is_not_null())
    if shown.is_empty():
        st.info(t("onestop.chart_none", share=s.title(lang).lower() if lang == "vi" else s.title(lang)))
        return
    frame = shown.select("unit_id", "unit", "label", "rank", "n_ranked", pl.col(by).alias("score"))
    fig = ranked_bars(frame, decimals=s.decimals, title=f"{view.title} — {s.title(lang)}", subtitle=view.subtitle,
                      source_note=view.source, lang=lang)
    recs = {r["label"]: r for r in shown.to_dicts()}
    for trace in fig.data:
        if trace.type == "bar":
            trace.hovertext = [f"<b>{y}</b><br>{t('onestop.rank')} {recs[y]['rank']}/{recs[y]['n_ranked']}<br>"
                               f"{s.title(lang)}: {share_text(recs[y], by, lang)}<br>{s.formula(lang)}: "
                               f"{format_number(sum(recs[y][k] for k in s.numerator), 0, lang)} / "
                               f"{format_number(recs[y][s.denominator], 0, lang)}" for y in trace.y]
    fig.update_xaxes(ticksuffix="%")
    controls.plot(fig, key="onestop_bars", demo=view.demo, name=t("onestop.file"), lang=lang)


def table(view: OnestopView) -> None:
    """The table with the total row last. Numbers stay numbers, so a click on a header sorts by value; a
    pandas Styler shows them as "1.800" and "97,5%", a share with nothing to divide as "không phát sinh" and
    a count not reported as "–" (as :func:`cchc.onestop.display_frame` writes them). Then notes: months without
    data, units with fewer months, units where the ranked share does not apply."""
    lang = view.choice.lang
    columns = shown_columns(view)
    recs = [*view.table.to_dicts(), *view.total.to_dicts()]
    shares = [k for k, _ in columns if k in SHARE_BY]
    titles = dict(columns)

    def cell(r: dict, k: str) -> object:  # shares at their shown precision: a copied cell says 97.8
        v = r.get(k)
        return round_half_up(v, share_of(k).decimals) if k in SHARE_BY and v is not None else v

    frame = pd.DataFrame({title: [cell(r, k) for r in recs] for k, title in columns})
    styler = frame.style.format({titles[k]: partial(_count_text, lang=lang) for k in titles
                                 if k in (*SHOWN_COUNTS, "months", "rank")}, na_rep=MISSING)
    for k in shares:
        styler = styler.format(partial(format_percent, decimals=share_of(k).decimals, lang=lang), subset=[titles[k]],
                               na_rep=MISSING)
        idle = [i for i, r in enumerate(recs) if r.get(k) is None and r.get(share_of(k).denominator) == 0]
        if idle:  # nothing to divide: "không phát sinh", never 0% or 100%
            styler = styler.format(lambda v: t("onestop.not_applicable"), subset=pd.IndexSlice[idle, [titles[k]]])
    unit = titles["label"]
    config = {c: st.column_config.TextColumn(c) if c == unit else st.column_config.NumberColumn(c)
              for c in frame.columns}  # not pinned: Streamlit greys pinned columns, and names must read well
    rows = len(frame) + 1  # the header
    st.dataframe(styler, hide_index=True, width="stretch", column_config=config, placeholder="",
                 height=rows * ROW_PX + 3 if len(frame) <= MAX_ROWS else MAX_ROWS * ROW_PX)
    notes = []
    if view.missing:
        notes.append(t("onestop.missing_months", months=", ".join(period_label(m, lang) for m in view.missing)))
    partial_units = view.table.filter(pl.col("months") < len(view.months) - len(view.missing)).height
    if partial_units:
        notes.append(t("onestop.partial_units", n=partial_units, months=len(view.months) - len(view.missing)))
    by = view.choice.by
    if by:
        na = view.table.filter(pl.col(by).is_null() & (pl.col(share_of(by).denominator) == 0))
        if na.height:
            notes.append(t("onestop.na_units", share=share_of(by).title(lang), names=", ".join(na["label"].to_list())))
    for note in notes:
        st.caption(plain(note))
    st.caption(plain(view.source))


def _count_text(value: float | None, lang: str) -> str:
    """A count as shown: "1.800"; "–" when not reported."""
    return MISSING if value is None or pd.isna(value) else format_number(value, 0, lang)


# ------------------------------------------------------------------ downloads built on click (no session state)
def onestop_csv(folder: str, choice: OnestopChoice, restricted: bool = False) -> bytes:
    """Every count and share of the choice's units and the total row, as CSV (UTF-8 with BOM)."""
    return csv_bytes(export_frame(onestop_for(data.store(folder, restricted=restricted), choice)))


def onestop_xlsx(folder: str, choice: OnestopChoice, restricted: bool = False) -> bytes:
    """The same as XLSX."""
    return xlsx_bytes(export_frame(onestop_for(data.store(folder, restricted=restricted), choice)))


def downloads(choice: OnestopChoice) -> None:
    """A "Tải bảng số liệu" popover: CSV and XLSX of the choice, built when clicked."""
    folder, seen, lang = data.folder(), data.sees_restricted(), choice.lang
    stem = [t("onestop.file"), choice.period, data.store().unit_name(choice.parent, lang) or ""]
    with st.popover(t("onestop.dl_table"), icon=":material/table_view:", key="dlmenu_onestop"):
        st.caption(t("onestop.dl_hint"))
        st.download_button(t("onestop.dl_csv"), data=partial(onestop_csv, folder, choice, seen),
                           file_name=file_name(*stem, ext="csv"), mime=MIME["csv"], key="dl_onestop_csv",
                           icon=":material/csv:", on_click="ignore", width="stretch")
        st.download_button(t("onestop.dl_xlsx"), data=partial(onestop_xlsx, folder, choice, seen),
                           file_name=file_name(*stem, ext="xlsx"), mime=MIME["xlsx"], key="dl_onestop_xlsx",
                           icon=":material/grid_on:", on_click="ignore", width="stretch")


def draw() -> None:
    """The whole page below its title."""
    choice = choose(state.lang())
    if choice is None:
        return
    try:
        view = onestop_for(data.store(), choice)
    except ValueError as exc:
        st.info(plain(controls.dataset_words(exc)))
        return
    if view.demo:
        st.warning(t("demo_banner"), icon=":material/warning:")
    if view.table.is_empty():
        st.info(t("onestop.no_rows"))
        return
    st.caption(plain(view.subtitle))
    cards(view)
    bars(view)
    table(view)
    downloads(choice)
