"""Accent folding: the one rule by which names are compared and searched, and
by which file names are made ASCII.

Vietnamese letters lose their marks (``đ`` → ``d``), any Unicode normal form
gives the same result (NFC "Hưng Yên" and NFD "Hưng Yên" fold alike).

>>> fold("Tiên Lữ") == fold("tien-lu") == "tienlu"
True
>>> strip_marks("Đắk Lắk")
'Dak Lak'
>>> slug("Đắk Lắk — Quý 3/2025")
'dak-lak-quy-3-2025'
"""

from __future__ import annotations

import re
import unicodedata

import polars as pl


def strip_marks(text: str) -> str:
    """``text`` without accents (``đ``/``Đ`` → ``d``/``D``); case, spaces and punctuation kept."""
    decomposed = unicodedata.normalize("NFD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.replace("đ", "d").replace("Đ", "D")


def fold(text: str) -> str:
    """Search form of a text: lower case, no accents, no spaces or punctuation.

    >>> fold("Thừa Thiên - Huế")
    'thuathienhue'
    """
    return re.sub(r"[\W_]+", "", strip_marks(text.lower()))


def fold_expr(col: str) -> pl.Expr:
    """:func:`fold` as a Polars expression on the string column ``col`` (null folds to ``""``).

    >>> pl.DataFrame({"n": ["Tiên Lữ", None]}).select(fold_expr("n"))["n"].to_list()
    ['tienlu', '']
    """
    return (pl.col(col).fill_null("").str.to_lowercase().str.normalize("NFD")
            .str.replace_all(r"\p{M}", "").str.replace_all("đ", "d", literal=True)
            .str.replace_all(r"[^\p{L}\p{N}]+", ""))


def slug(text: object) -> str:
    """ASCII, lower case, words joined by ``-`` (file names): ``"Quảng Ninh 2023"`` → ``"quang-ninh-2023"``."""
    ascii_text = unicodedata.normalize("NFKD", strip_marks(str(text or ""))).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
