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

MISSING = "–"


def format_number(value: float | int | None, decimals: int = 0, lang: str = "vi") -> str:
    """``value`` rounded to ``decimals`` with thousands and decimal separators of ``lang``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    text = f"{value:,.{decimals}f}"
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
    rounded = round(value, decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    text = format_number(rounded, decimals, lang)
    return f"+{text}" if rounded > 0 else text
