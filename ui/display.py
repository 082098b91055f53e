"""Tables on the Trends, Profile and Compare pages: numbers stay numbers (a click on
a header sorts them correctly) and are *displayed* in Vietnamese style through a
pandas Styler (1.234,5; +1,25; ▲3). A missing value shows "–", never 0.
"""

from __future__ import annotations

from typing import Callable, Mapping

import polars as pl
import streamlit as st

from cchc import conventions
from cchc.numbers import MISSING, format_change, format_number
from ui import state

Formatter = Callable[[object], str]


def number(decimals: int) -> Formatter:
    return lambda v: format_number(_f(v), decimals, state.lang())


def signed(decimals: int) -> Formatter:
    return lambda v: format_change(_f(v), decimals, state.lang())


def percent(decimals: int = 1) -> Formatter:
    return lambda v: MISSING if _f(v) is None else f"{format_number(_f(v), decimals, state.lang())}%"


def rank_move(v: object) -> str:
    """``▲3`` (moved up 3 places), ``▼2``, ``=``; "–" when unknown (:func:`cchc.conventions.rank_move`)."""
    return conventions.rank_move(_f(v), lang=state.lang(), missing=MISSING)


def integer(v: object) -> str:
    x = _f(v)
    return MISSING if x is None else format_number(int(x), 0, state.lang())


def _f(v: object) -> float | None:
    if v is None:
        return None
    try:
        x = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if x != x else x


def table(frame: pl.DataFrame, columns: Mapping[str, tuple[str, Formatter | None]], *, key: str,
          height: int | None = None) -> None:
    """Show ``frame``'s ``columns`` (name -> (header, formatter or None for text))."""
    shown = frame.select(list(columns)).to_pandas()
    formats = {c: f for c, (_, f) in columns.items() if f is not None}
    texts = {c: (lambda v: MISSING if v is None or v != v else str(v)) for c, (_, f) in columns.items() if f is None}
    styler = shown.style.format({**formats, **texts}, na_rep=MISSING).hide(axis="index")
    config = {c: st.column_config.Column(label) for c, (label, _) in columns.items()}
    kwargs = {"height": height} if height else {}
    st.dataframe(styler, column_config=config, hide_index=True, width="stretch", key=key, placeholder=MISSING,
                 **kwargs)
