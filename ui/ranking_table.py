"""Draw a league table with ``st.dataframe``: numbers stay numbers (so a click on
a column header sorts correctly) and are *displayed* in Vietnamese style through
a pandas Styler (1.234,5; +1,25; ▲3), changes and groups coloured, a sparkline
of recent periods on the index's scale, first-level components as columns, and
mean rows labelled and shaded, never ranked. Not-scored cells show "–".
"""

from __future__ import annotations

import textwrap

import pandas as pd
import polars as pl
import streamlit as st

from cchc.conventions import rank_move
from cchc.numbers import MISSING, format_change, format_number
from cchc.selection import League
from cchc.tables import HISTORY_PERIODS, display_rows
from cchc.theme import HIGHLIGHT, MOVE_COLOURS
from ui import device
from ui.text import t

COMPONENT_PX = 140   # "2. Cải cách thể chế"; longer names are cut, the header's tooltip has them whole
LABEL_PX = 240   # wide enough for "Trung bình Đồng bằng sông Cửu Long"
LABEL_PX_PHONE = 140   # leaves room for the score on a 390-px screen
REFERENCE_STYLE = "font-style: italic; font-weight: 600; background-color: #eef2f7"
MARKED_STYLE = f"font-weight: 700; color: {HIGHLIGHT}"
DARK = {"#0072B2", "#D55E00", "#009E73"}  # fills that need white text


def show(league: League, references: list[tuple[str, str, float | None]], *, key: str = "league") -> pl.DataFrame:
    """Draw the table; returns the frame drawn (for tests and downloads)."""
    scope = league.scope
    lang = scope.lang
    node = scope.node
    dec = node.decimals
    rows = display_rows(league.table, scope.source, scope.definition, indicator=scope.indicator, period=scope.period,
                        references=references, full=league.full if league.is_scoped else None,
                        lang=lang, reference_note=t("reference_note"))
    comps = [c for c in scope.definition.children() if c.indicator_id in rows.columns]
    cols = ["rank", *(["overall_rank"] if league.is_scoped else []), "label", "score", "change", "rank_change",
            "group_label", "history", *[c.indicator_id for c in comps], "note"]
    if not any(h is not None and len(h) > 1 for h in rows["history"].to_list()):
        cols.remove("history")  # one period only: a sparkline would be a flat dot
    rounded = [pl.col(c).round(d) for c, d in [("score", dec), ("change", dec), *[(c.indicator_id, c.decimals)
                                                                                  for c in comps]]]
    # numbers rounded to their published precision: sorting is unchanged, and the grid's accessible
    # text (read by screen readers, and the raw value in a copy) says 92.18, not 92.17999999
    pdf = rows.with_columns(rounded).select(*cols, "kind", "moved", "group", "unit_id").to_pandas()
    if "history" in pdf.columns:
        pdf["history"] = [list(h) if h is not None else None for h in pdf["history"]]
    lower = node.direction == "lower"
    marked = set(league.highlight)

    def num(d: int):
        return lambda v: MISSING if v is None or pd.isna(v) else format_number(v, d, lang)

    formats = {"rank": num(0), "overall_rank": num(0), "score": num(dec),
               "change": lambda v: format_change(None if pd.isna(v) else v, dec, lang),
               "rank_change": lambda v: rank_move(None if pd.isna(v) else v, lang=lang, missing=MISSING),
               **{c.indicator_id: num(c.decimals) for c in comps}}
    styler = pdf.style.format({k: f for k, f in formats.items() if k in pdf.columns}, na_rep=MISSING)
    new_rows = pdf.index[pdf["moved"] == "new"]
    if len(new_rows):
        styler = styler.format(lambda v: rank_move(v, "new", lang), subset=pd.IndexSlice[new_rows, ["rank_change"]])

    def signed(v: float | None, good_when_negative: bool = False) -> str:
        if v is None or pd.isna(v) or v == 0:
            return ""
        good = (v < 0) if good_when_negative else (v > 0)
        return f"color: {MOVE_COLOURS['up' if good else 'down']}; font-weight: 600"

    styler = styler.map(lambda v: signed(v, lower), subset=["change"]).map(signed, subset=["rank_change"])
    palette = league.palette
    styler = styler.apply(lambda col: [
        f"background-color: {palette[g]}; color: {'white' if palette[g] in DARK else '#1f2933'}"
        if isinstance(g, str) and g in palette else "" for g in pdf.loc[col.index, "group"]], subset=["group_label"])
    styler = styler.apply(lambda r: [REFERENCE_STYLE if r["kind"] == "reference"
                                     else MARKED_STYLE if r["unit_id"] in marked and c == "label" else ""
                                     for c in r.index], axis=1)
    scale = node.scale
    lo = scale.min if scale and scale.min is not None else 0
    hi = scale.max if scale else node.max_points
    config = {
        "rank": st.column_config.NumberColumn(t("rank"), width="small", help=t("rank_help")),
        "overall_rank": st.column_config.NumberColumn(t("overall_rank"), width="small", help=t("overall_rank_help")),
        "label": st.column_config.TextColumn(t("unit"), width=LABEL_PX_PHONE if device.narrow() else LABEL_PX),
        "score": st.column_config.NumberColumn(t("score"), width="small",
                                               help=f"{node.label(lang)} ({scope.definition.unit(lang)})"),
        "change": st.column_config.NumberColumn(t("change"), width="small", help=t("change_help")),
        "rank_change": st.column_config.NumberColumn(t("rank_change"), width="small", help=t("rank_change_help")),
        "group_label": st.column_config.TextColumn(t("group"), width="small"),
        "history": st.column_config.LineChartColumn(
            t("spark_history").format(n=HISTORY_PERIODS), y_min=lo, y_max=hi, width="small",
            help=t("history_help").format(lo=format_number(lo, 0, lang), hi=format_number(hi, 0, lang))),
        "note": st.column_config.TextColumn(t("note"), width="medium"),
        **{c.indicator_id: st.column_config.NumberColumn(
            textwrap.shorten(c.label(lang), 24, placeholder="…"), width=COMPONENT_PX,
            help=f"{c.label(lang)} ({format_number(c.scale.min if c.scale and c.scale.min is not None else 0, 0, lang)}"
                 f"–{format_number(c.max_points, 0, lang)})") for c in comps},
    }
    height = min(38 + 35 * len(pdf), 38 + 35 * 25)
    st.dataframe(styler, hide_index=True, width="stretch", height=height, column_order=cols,
                 column_config=config, placeholder=MISSING, key=key)
    return rows
