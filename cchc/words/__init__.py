"""The one text catalogue: every user-facing word of the core and the interface,
in Vietnamese and English.

Words live in the submodules as ``key: (Vietnamese, English)`` — :mod:`.common`
(what tables, captions and the command line say), :mod:`.interface` (pages,
sidebar, downloads), :mod:`.figures` (chart labels and legends), :mod:`.reports`
(exports: sheets, slides, handouts) and :mod:`.methodology` (definitions
explained). A key is defined once across all of them (checked on import).
Families of words share a dotted prefix: ``level.province``, ``geography.vn34``.
Index and indicator names are not here: they come from the index definitions.

>>> word("rank", "en")
'Rank'
>>> word("show_top", "vi", n=10)
'10 đơn vị đầu và 10 đơn vị cuối bảng'
>>> word("level.commune", "vi")
'Cấp xã'
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

from cchc.words import (common, figures, intake, interface, methodology, onestop, priorities, reports, summaries,
                        uncertainty)

LANGS = ("vi", "en")


def _merge(*parts: Mapping[str, tuple[str, str]]) -> Mapping[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for part in parts:
        for key, pair in part.items():
            if key in merged:
                raise ValueError(f"word {key!r} is defined twice in the text catalogue")
            merged[key] = pair
    return MappingProxyType(merged)


WORDS = _merge(common.WORDS, interface.WORDS, figures.WORDS, reports.WORDS, methodology.WORDS, intake.WORDS,
               priorities.WORDS, onestop.WORDS, summaries.WORDS, uncertainty.WORDS)


def word(key: str, lang: str = "vi", /, **fields: object) -> str:
    """The text ``key`` in ``lang`` (``"vi"`` or ``"en"``), with ``{fields}`` filled in when given.

    An unknown key raises ``KeyError`` (a typo must fail in tests, not show a
    key to a leader); an unknown language falls back to Vietnamese.
    """
    vi, en = WORDS[key]
    text = en if lang == "en" else vi
    return text.format(**fields) if fields else text


def pair(key: str) -> dict[str, str]:
    """``{"vi": …, "en": …}`` of ``key`` (for code that takes bilingual fields).

    >>> pair("level.province")
    {'vi': 'Cấp tỉnh', 'en': 'Provinces'}
    """
    vi, en = WORDS[key]
    return {"vi": vi, "en": en}


def family(prefix: str, lang: str = "vi") -> dict[str, str]:
    """The words of a family without its prefix: ``family("level")["district"] == "Cấp huyện"``.

    >>> family("move", "en")["new"]
    'new'
    """
    start = prefix + "."
    return {k[len(start):]: word(k, lang) for k in WORDS if k.startswith(start)}
