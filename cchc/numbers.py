"""Number formatting in Vietnamese (1.234,5 and 82,4%) or English (1,234.5) style.

Missing values are shown as "–" (not scored), never as 0.

>>> format_number(1234.5, 1)
'1.234,5'
>>> format_number(1234.5, 1, "en")
'1,234.5'
>>> format_number(None, 2)
'–'
>>> format_change(-0.25, 2)
'−0,25'
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import polars as pl

MISSING = "–"
_NUDGE = 1e-9  # absorbs binary noise: 5.575 is stored as 5.57499999…


def round_half_up(value: float, decimals: int) -> float:
    """Round half away from zero: 5.575 → 5.58, 2.135 → 2.14, −2.135 → −2.14.

    This is how published figures (and spreadsheet ROUND) round; Python's
    ``round`` on binary floats would give 5.57. A tiny nudge (1e-9) absorbs
    binary noise such as 0.15 / 0.8 × 6 = 1.1249999…, exactly as
    :func:`round_half_up_expr` does, so Python and Polars agree.
    """
    quantum = Decimal(1).scaleb(-decimals)
    nudged = float(value) + math.copysign(_NUDGE, value) if value else 0.0
    return float(Decimal(repr(nudged)).quantize(quantum, rounding=ROUND_HALF_UP))


def round_half_up_expr(expr: pl.Expr, decimals: int) -> pl.Expr:
    """The Polars counterpart of :func:`round_half_up` (nulls stay null)."""
    return (expr + expr.sign() * _NUDGE).round(decimals, mode="half_away_from_zero")


def format_number(value: float | int | None, decimals: int = 0, lang: str = "vi") -> str:
    """``value`` rounded to ``decimals`` with thousands and decimal separators of ``lang``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    text = f"{round_half_up(value, decimals):,.{decimals}f}"
    if lang == "vi":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text.replace("-", "−") if text.startswith("-") else text


def format_percent(value: float | None, decimals: int = 1, lang: str = "vi") -> str:
    """A value already in percent (82.4) as ``82,4%``."""
    text = format_number(value, decimals, lang)
    return text if text == MISSING else f"{text}%"


def format_change(value: float | int | None, decimals: int = 0, lang: str = "vi") -> str:
    """A signed change: ``+1,25``, ``−0,50``, ``0``; missing as "–"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    rounded = round_half_up(value, decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    text = format_number(rounded, decimals, lang)
    return f"+{text}" if rounded > 0 else text
