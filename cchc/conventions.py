"""The display conventions leaders expect, each written once: how a rank move is
shown (▲ up, ▼ down, = same, "mới" new), how partial coverage of a re-expressed
score is said, how a missing value is worded, and which colour each group or
band takes.

Every table, chart, slide and command-line output calls these, so a unit's
move reads the same in the browser, the PPTX and the terminal.

>>> rank_move(3), rank_move(-2), rank_move(0), rank_move(None)
('▲3', '▼2', '=', '')
>>> rank_move(None, "new", "en")
'new'
>>> coverage_note(2, 3, "vi")
'Quy đổi từ 2/3 đơn vị cũ có điểm'
>>> coverage_note(3, 3, "vi") is None
True
"""

from __future__ import annotations

from cchc.definitions import IndexDef
from cchc.indices import MISSING_PREFIX
from cchc.numbers import format_number
from cchc.theme import QUARTILE_COLOURS, band_colours
from cchc.words import word

UP, DOWN, SAME = "▲", "▼", "="


def rank_move(rank_change: float | int | None, moved: str | None = None, lang: str = "vi", *,
              missing: str = "") -> str:
    """A rank change as shown: ``▲3`` (up 3 places — a smaller rank number),
    ``▼2`` (down 2), ``=`` (same rank), ``"mới"``/``"new"`` when ``moved`` is
    ``"new"`` (not ranked in the previous period), ``missing`` when unknown
    (no previous period, not scored now). Places use the language's digit
    grouping (``▲1.234``).
    """
    if moved == "new":
        return word("move.new", lang)
    if rank_change is None or rank_change != rank_change:  # None or NaN
        return missing
    n = int(rank_change)
    if n == 0:
        return SAME
    return f"{UP if n > 0 else DOWN}{format_number(abs(n), 0, lang)}"


def coverage_text(n_used: int | None, n_sources: int | None) -> str | None:
    """``"2/3"``: of the old units that fed a re-expressed score, how many were scored (None when not re-expressed)."""
    if n_used is None or n_sources is None:
        return None
    return f"{n_used}/{n_sources}"


def is_partial(n_used: int | None, n_sources: int | None) -> bool:
    """A re-expressed score built from fewer old units than fed the new one (some were not scored)."""
    return n_used is not None and n_sources is not None and n_used != n_sources


def coverage_note(n_used: int | None, n_sources: int | None, lang: str = "vi") -> str | None:
    """The note beside a partially covered score, or None when complete (or not re-expressed)."""
    if not is_partial(n_used, n_sources):
        return None
    return word("coverage_note", lang, used=n_used, total=n_sources)


def missing_reason(status: str | None, reason: str | None, lang: str = "vi") -> str | None:
    """Why a unit has no score, in words: ``"Không có số liệu"`` (no row at all),
    ``"Thiếu thành phần: papi.6.2"`` (a composite missing a component), or the
    observation's own note (``"không được khảo sát năm 2023"``).

    >>> missing_reason("missing", "missing: papi.6.2", "vi")
    'Thiếu thành phần: papi.6.2'
    >>> missing_reason(None, None, "en")
    'No data'
    """
    if status is None:
        return word("no_data", lang)
    if reason and reason.startswith(MISSING_PREFIX):
        return f"{word('missing_part', lang)}: {reason[len(MISSING_PREFIX):].strip()}"
    return reason


def not_scored_note(reason: str | None, lang: str = "vi") -> str:
    """The note of a unit that was not scored: ``"Không được chấm điểm — <reason>"``.

    >>> not_scored_note(None, "en")
    'Not scored'
    """
    head = word("not_scored", lang)
    return f"{head} — {reason}" if reason else head


def group_colours(definition: IndexDef) -> dict[str, str]:
    """Colour of each group code of the index, best first: PAPI's four quartile
    groups ``"1"``–``"4"`` or the definition's bands; empty when it has no groups."""
    if definition.groups == "quartile":
        return dict(QUARTILE_COLOURS)
    if definition.groups == "bands" and definition.bands:
        return band_colours([b.code for b in definition.bands])
    return {}
