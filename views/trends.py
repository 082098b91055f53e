"""Trends: units over years or months against the national (and regional) mean and the
best unit of each period; one unit's components over time; values or change since
a base period; the 2025 merger marked on the time axis."""

from __future__ import annotations

import polars as pl
import streamlit as st

from cchc.series import periods_of
from ui import pickers, state, trends_page
from ui.page import COMMON, page, stop_with
from ui.text import t

URL = [*COMMON, "units", "view", "base", "unit", "tab", "grain"]

with page("page_trends", url=URL, history=True) as scope:
    options, names = pickers.unit_options(scope)
    chosen = pickers.choose_units(scope, options, names, history=True)  # first view: units with a long history
    left, middle, right = st.columns([2, 2, 3])
    mode = state.select("view", t("view_mode"), ["abs", "change"], widget="radio", horizontal=True, where=left,
                        format_func=lambda v: t("view_abs") if v == "abs" else t("view_change"))
    scores = scope.scores_by(trends_page.grain_choice(scope, middle))  # a monthly index of counts: by quarter, year
    periods = periods_of(scores.filter(pl.col("indicator_id") == scope.indicator))
    base = None
    if mode == "change" and periods:
        base = pickers.choose_base(pickers.same_grain(periods, periods[-1]), default=periods[0], label=t("base"),
                                   where=right)
    if not chosen:
        stop_with(t("choose_units_hint"))
    trends_page.lines(scope, chosen, names, periods, base, scores)
    trends_page.breakdown(scope, chosen, names, periods, scores)
