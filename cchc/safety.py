"""Text that leaves the program safely: into a spreadsheet (no formula runs), into
Markdown on a page (no link or image is injected), or echoed back shortened.

One function per danger, used everywhere that danger exists: the CSV and XLSX
exports and the command line's csv/json output call :func:`neutralise`; every
value from a URL or from data shown in Markdown goes through :func:`plain`.

>>> neutralise("=HYPERLINK(\\"http://x\\")"), neutralise("Hà Nội"), neutralise(-2.5)
('\\'=HYPERLINK("http://x")', 'Hà Nội', -2.5)
>>> plain("[Phiên đăng nhập đã hết hạn](http://evil.example/login)")
'\\\\[Phiên đăng nhập đã hết hạn\\\\]\\\\(http\\\\://evil\\\\.example/login\\\\)'
>>> shorten("x" * 100, 10)
'xxxxxxxxx…'
"""

from __future__ import annotations

import re
from typing import Any

import polars as pl

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what Excel, LibreOffice and Sheets read as a formula
FORMULA_RE = r"^[=+\-@\t\r]"
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$:])")
ECHO_LIMIT = 60  # characters of a bad value echoed back to the user


def is_formula_like(value: Any) -> bool:
    """Text a spreadsheet would execute: it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def neutralise(value: Any) -> Any:
    """``"'=1+1"`` for formula-like text (a leading apostrophe: shown and kept as text); anything else unchanged."""
    return "'" + value if is_formula_like(value) else value


def neutralise_frame(table: pl.DataFrame) -> pl.DataFrame:
    """Every string column of ``table`` with formula-like cells neutralised; numbers stay numbers.

    >>> neutralise_frame(pl.DataFrame({"u": ["=1+1", "An"], "v": [-1.0, 2.0]})).rows()
    [("'=1+1", -1.0), ('An', 2.0)]
    """
    exprs = [pl.when(pl.col(c).str.contains(FORMULA_RE)).then(pl.lit("'") + pl.col(c)).otherwise(pl.col(c)).alias(c)
             for c, t in table.schema.items() if t == pl.String]
    return table.with_columns(exprs) if exprs else table


def neutralise_json(value: Any) -> Any:
    """:func:`neutralise` applied to every string inside lists and dicts (the CLI's JSON output)."""
    if isinstance(value, dict):
        return {k: neutralise_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [neutralise_json(v) for v in value]
    return neutralise(value)


def shorten(text: Any, limit: int = ECHO_LIMIT) -> str:
    """``text`` cut to ``limit`` characters (an ellipsis marks the cut): a bad value is echoed, never pasted whole."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plain(text: Any) -> str:
    """``text`` safe inside Markdown: every character Markdown or HTML would act on is escaped, so a
    value from a URL or a data file shows as typed — never a link, an image, emphasis or HTML."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", str(text))
