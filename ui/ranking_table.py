"""Draw a league table with ``st.dataframe``: numbers stay numbers (so a click on
a column header sorts correctly) and are *displayed* in Vietnamese style through
a pandas Styler (1.234,5; +1,25; ▲3), changes and groups coloured, a sparkline
of recent periods on the index's scale, first-level components as columns, and
mean rows labelled and shaded, never ranked. Not-scored cells show "–".
"""

from __future__ import annotations

import textwrap
from typing import Any

import pandas as pd
import polars as pl
import streamlit as st

from cchc.conventions import rank_move
from cchc.numbers import MISSING, format_change, format_number
from cchc.safety import plain
from cchc.selection import League
from cchc.tables import HISTORY_PERIODS, display_rows
from cchc.theme import HIGHLIGHT, MOVE_COLOURS
from cchc.uncertainty import Uncertainty, rank_span
from ui import device, state
from ui.text import t

COMPONENT_PX = 140   # "2. Cải cách thể chế"; longer names are cut, the header's tooltip has them whole
LABEL_PX = 240, 380   # the unit column: at least, at most (as wide as its longest name, e.g.
#                       "Trung bình Bắc Trung Bộ và duyên hải miền Trung", within these)
LABEL_PX_PHONE = 140   # leaves room for the score on a 390-px screen
VISIBLE_ROWS = 25   # rows the grid shows before it scrolls
RANK_PX_PHONE, MOVE_PX_PHONE = 48, 64   # with the unit and the score: 4 columns within 358 px
REFERENCE_STYLE = "font-style: italic; font-weight: 600; background-color: #eef2f7"
MARKED_STYLE = f"font-weight: 700; color: {HIGHLIGHT}"
DARK = {"#0072B2", "#D55E00", "#009E73"}  # fills that need white text


def show(league: League, references: list[tuple[str, str, float | None]], *, key: str = "league",
         uncertainty: Uncertainty | None = None) -> pl.DataFrame:
    """Draw the table; returns the frame drawn (for tests and downloads). With ``uncertainty``
    (:func:`cchc.uncertainty.league_uncertainty`) a "rank range" column follows the rank."""
    scope = league.scope
    lang = scope.lang
    node = scope.node
    dec = node.decimals
    rows = display_rows(league.table, scope.source, scope.definition, indicator=scope.indicator, period=scope.period,
                        references=references, full=league.full if league.is_scoped else None,
                        lang=lang, reference_note=t("reference_note"))
    comps = [c for c in scope.definition.children() if c.indicator_id in rows.columns]
    ranged = uncertainty is not None and uncertainty.table["rank_low"].count() > 0
    if ranged:
        spans = uncertainty.table.select("unit_id", pl.struct("rank_low", "rank_high").map_elements(
            lambda r: rank_span(r["rank_low"], r["rank_high"]), return_dtype=pl.String).alias("rank_range"))
        rows = rows.join(spans, on="unit_id", how="left", maintain_order="left")
    cols = ["rank", *(["overall_rank"] if league.is_scoped else []), *(["rank_range"] if ranged else []),
            "label", "score", "change", "rank_change",
            "group_label", "history", *[c.indicator_id for c in comps], "note"]
    narrow = device.narrow()
    if narrow:  # a phone shows what fits 390 px: rank, unit, score, ± rank (the rest scrolls in on a desktop)
        cols = ["rank", "label", "score", "rank_change"]
    elif not any(h is not None and len(h) > 1 for h in rows["history"].to_list()):
        cols.remove("history")  # one period only: a sparkline would be a flat dot
    rounded = [pl.col(c).round(d) for c, d in [("score", dec), ("change", dec), *[(c.indicator_id, c.decimals)
                                                                                  for c in comps]]]
    # numbers rounded to their published precision: sorting is unchanged, and the grid's accessible
    # text (read by screen readers, and the raw value in a copy) says 92.18, not 92.17999999
    extra = [c for c in ("kind", "moved", "group", "unit_id", "group_label", "change") if c not in cols]
    pdf = rows.with_columns(rounded).select(*cols, *extra).to_pandas()
    if "history" in pdf.columns:
        pdf["history"] = [list(h) if h is not None else None for h in pdf["history"]]
    lower = node.direction == "lower"
    marked = set(league.highlight)

    def num(d: int):
        return lambda v: MISSING if v is None or pd.isna(v) else format_number(v, d, lang)

    def style(frame: pd.DataFrame) -> Any:
        """The rows of ``frame`` (``pdf`` or a slice of it) formatted and coloured."""
        formats = {"rank": num(0), "overall_rank": num(0), "score": num(dec),
                   "change": lambda v: format_change(None if pd.isna(v) else v, dec, lang),
                   "rank_change": lambda v: rank_move(None if pd.isna(v) else v, lang=lang, missing=MISSING),
                   **{c.indicator_id: num(c.decimals) for c in comps}}
        styler = frame.style.format({k: f for k, f in formats.items() if k in frame.columns}, na_rep=MISSING)
        new_rows = frame.index[frame["moved"] == "new"]
        if len(new_rows):
            styler = styler.format(lambda v: rank_move(v, "new", lang),
                                   subset=pd.IndexSlice[new_rows, ["rank_change"]])

        def signed(v: float | None, good_when_negative: bool = False) -> str:
            if v is None or pd.isna(v) or v == 0:
                return ""
            good = (v < 0) if good_when_negative else (v > 0)
            return f"color: {MOVE_COLOURS['up' if good else 'down']}; font-weight: 600"

        styler = styler.map(lambda v: signed(v, lower), subset=["change"]).map(signed, subset=["rank_change"])
        palette = league.palette
        styler = styler.apply(lambda col: [
            f"background-color: {palette[g]}; color: {'white' if palette[g] in DARK else '#1f2933'}"
            if isinstance(g, str) and g in palette else ""
            for g in frame.loc[col.index, "group"]], subset=["group_label"])
        styler = styler.apply(lambda r: [REFERENCE_STYLE if r["kind"] == "reference"
                                         else MARKED_STYLE if r["unit_id"] in marked and c == "label" else ""
                                         for c in r.index], axis=1)
        return styler

    styler = style(pdf)
    scale = node.scale
    lo = scale.min if scale and scale.min is not None else 0
    hi = scale.max if scale else node.max_points
    config = {
        "rank": st.column_config.NumberColumn(t("rank"), width=RANK_PX_PHONE if narrow else "small",
                                              help=t("rank_help")),
        "overall_rank": st.column_config.NumberColumn(t("overall_rank"), width="small", help=t("overall_rank_help")),
        "rank_range": st.column_config.TextColumn(t("uncertainty.column"), width="small",
                                                  help=t("uncertainty.column_help")),
        "label": st.column_config.TextColumn(t("unit"),
                                             width=LABEL_PX_PHONE if narrow else text_px(pdf["label"], *LABEL_PX)),
        "score": st.column_config.NumberColumn(t("score"), width="small",
                                               help=f"{node.label(lang)} ({scope.definition.unit(lang)})"),
        "change": st.column_config.NumberColumn(t("change"), width="small", help=t("change_help")),
        "rank_change": st.column_config.NumberColumn(t("rank_change"), width=MOVE_PX_PHONE if narrow else "small",
                                                     help=t("rank_change_help")),
        "group_label": st.column_config.TextColumn(t("group"), width=text_px(pdf["group_label"], 80, 220)),
        "history": st.column_config.LineChartColumn(
            t("spark_history").format(n=HISTORY_PERIODS), y_min=lo, y_max=hi, width="small",
            help=t("history_help").format(lo=format_number(lo, 0, lang), hi=format_number(hi, 0, lang))),
        "note": st.column_config.TextColumn(t("note"), width="medium"),
        **{c.indicator_id: st.column_config.NumberColumn(
            textwrap.shorten(c.label(lang), 24, placeholder="…"), width=COMPONENT_PX,
            help=f"{c.label(lang)} ({format_number(c.scale.min if c.scale and c.scale.min is not None else 0, 0, lang)}"
                 f"–{format_number(c.max_points, 0, lang)})") for c in comps},
    }
    pinned = [i for i in pdf.index[pdf["unit_id"].isin(marked) & (pdf["kind"] != "reference") & pdf["rank"].notna()]
              if i >= VISIBLE_ROWS]
    if pinned:  # my unit ranks further down than the grid shows: its row, pinned above the table
        st.caption(t("pinned_rows"))
        st.dataframe(style(pdf.loc[pinned]), hide_index=True, width="stretch", height=38 + 35 * len(pinned),
                     column_order=cols, column_config=config, placeholder=MISSING, key=f"{key}_pinned")
    height = min(38 + 35 * len(pdf), 38 + 35 * VISIBLE_ROWS)
    st.dataframe(styler, hide_index=True, width="stretch", height=height, column_order=cols,
                 column_config=config, placeholder=MISSING, key=key)
    return rows


def text_px(values: pd.Series, low: int, high: int) -> int:
    """A column width (px) fitting the longest text of ``values`` (about 7.5 px a letter, plus padding),
    within ``low``–``high``: "Nhóm trung bình thấp" is shown whole, never "Nhóm cao n…"."""
    longest = max((len(v) for v in values if isinstance(v, str)), default=0)
    return int(min(max(low, 7.5 * longest + 24), high))


def interval_toggle(uncertainty: Uncertainty | None) -> bool:
    """The "show intervals" toggle (URL key ``ci=1``), whether it is on. Without ``uncertainty`` (an index
    with no standard errors) the toggle is disabled, off, with a short note saying why."""
    wkey = "w:ci"
    if uncertainty is None:
        st.toggle(t("uncertainty.toggle"), value=False, disabled=True, key="w:ci_off")
        st.caption(t("uncertainty.unavailable"))
        return False
    st.session_state[wkey] = state.get("ci") == "1"

    def changed() -> None:
        state.user_changed()
        state.put("ci", "1" if st.session_state[wkey] else "")

    st.toggle(t("uncertainty.toggle"), key=wkey, help=t("uncertainty.toggle_help"), on_change=changed)
    return state.get("ci") == "1"


def indistinct_note(uncertainty: Uncertainty | None, league: League) -> None:
    """Under the table, when intervals are shown: which units "my unit" (or the first) cannot be told apart
    from, and how many neighbouring pairs cannot be."""
    if uncertainty is None:
        return
    lang = league.scope.lang
    focus = league.highlight[0] if league.highlight else None
    sentence = uncertainty.focus_sentence(league.table, focus, lang)
    total = max(int(uncertainty.table["lower"].count()) - 1, 0)
    pairs = t("uncertainty.pairs", n=format_number(len(uncertainty.pairs), 0, lang),
              total=format_number(total, 0, lang))
    st.caption(plain(" ".join(x for x in (t("uncertainty.note"), sentence, pairs if total else None) if x)))
