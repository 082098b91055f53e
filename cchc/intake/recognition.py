"""Which index a table is: each candidate index is weighed by its vocabulary in the table and by
how well its scales fit the table's values; the proposal takes the best, or says it cannot tell.

Indices are compared in two steps, each a tuple (larger is better).
:func:`vocabulary_key` — the index matches at least one column (or, in a long table, one
indicator cell); then its **vocabulary**: its *marks* found in the title and headers (each counted
once: its short name — "PAPI", "PAR INDEX", "SIPAS" — and the words of its family, :data:`MARKS`:
"Chỉ số CCHC", "Lĩnh vực" for PAR INDEX, "hài lòng" for SIPAS, "hồ sơ", "một cửa" for the 766
index …), plus the columns whose indicator its names or ids confirm (not a bare code such as
"Lĩnh vực 3" or "D3", which every index with a component 3 matches).
Among the best, :func:`fit_key` — the index scores the **level** of the units found in the
table; then its **scale fit**: fewer numeric cells outside the scale of the column's indicator (a
raw count must be a whole number ≥ 0; at most :data:`SAMPLE_ROWS` rows are looked at); then more
columns matched. Indices still equal make the proposal ambiguous (``ambiguous_index``): the user
must choose the index.

>>> from cchc.store import Store
>>> sorted(marks_of(Store().definition("par")))
['caicachhanhchinh', 'cchc', 'linhvuc', 'parindex']
>>> family_of("hy_par_xa"), family_of("papi"), family_of("other")
('par', 'papi', None)
"""

from __future__ import annotations

from cchc.definitions import IndexDef
from cchc.folding import fold
from cchc.intake.layout import parse_number
from cchc.intake.model import Table

SAMPLE_ROWS = 200
# words (folded) that name an index family in a title or a header; a family is an index id or a part of one
MARKS: dict[str, tuple[str, ...]] = {
    "par": ("cchc", "parindex", "caicachhanhchinh", "linhvuc"),
    "papi": ("papi", "quantrivahanhchinhcong", "governance", "noidung", "dimension"),
    "sipas": ("sipas", "hailong", "satisfaction"),
    "svc766": ("766", "hoso", "motcua", "tiepnhan"),
}
# headers (folded) that name the root of a family's index, besides the generic "Tổng", "Chỉ số" …
ROOT_WORDS: dict[str, tuple[str, ...]] = {
    "par": ("chisocchc", "diemcchc", "chisocaicachhanhchinh", "parindex"),
    "sipas": ("chisohailong", "chisosipas", "tylehailong"),
}


def family_of(index: str) -> str | None:
    """The family of an index id: the id itself, or a part of it between underscores (``hy_par_xa`` → ``par``)."""
    parts = index.split("_")
    return next((f for f in MARKS if f == index or f in parts), None)


def marks_of(definition: IndexDef) -> frozenset[str]:
    """The folded words whose presence in a title or header points to ``definition``'s index."""
    shorts = {fold(definition.short(lang)) for lang in ("vi", "en")}
    return frozenset({s for s in shorts if len(s) >= 4 and not s.startswith("chiso")}
                     | set(MARKS.get(family_of(definition.id) or "", ())))


def root_words(definition: IndexDef) -> tuple[str, ...]:
    """Folded headers that name the index itself (its total) in its family."""
    return ROOT_WORDS.get(family_of(definition.id) or "", ())


def mark_count(definition: IndexDef, table: Table) -> int:
    """How many of the index's marks the title and headers contain."""
    text = fold(" ".join([table.title or "", *(h or "" for h in table.headers)]))
    return sum(mark in text for mark in marks_of(definition))


def misfits(table: Table, definition: IndexDef, columns: dict[int, str]) -> int:
    """Numeric cells of the first rows, in ``columns`` (column → indicator id), outside the
    indicator's scale (or, for a raw count, not a whole number ≥ 0). Texts that are no number
    are not counted: they do not tell one index from another."""
    out = 0
    for row in table.rows[:SAMPLE_ROWS]:
        for j, ident in columns.items():
            try:
                value = parse_number(row[j] if j < len(row) else None, table.decimal)
            except ValueError:
                continue
            if value is None:
                continue
            if ident in definition:
                node = definition.node(ident)
                low = node.scale.min if node.scale else None
                high = node.scale.max if node.scale else node.max_points
                out += (low is not None and value < low - 1e-9) or (high is not None and value > high + 1e-9)
            else:
                out += value < 0 or value != int(value)
    return out


def vocabulary_key(table: Table, definition: IndexDef, matched: int, confirmed: int) -> tuple[bool, int]:
    """The first weight of an index for ``table``: whether it matches anything (``matched``
    columns or cells), then its vocabulary — marks found plus the ``confirmed`` matches (by name or id)."""
    return matched > 0, mark_count(definition, table) + confirmed


def fit_key(table: Table, definition: IndexDef, columns: dict[int, str], matched: int, level: str | None,
            long: bool = False) -> tuple[bool, int, int]:
    """The second weight, among indices of equal vocabulary: whether it scores units of the table's
    ``level`` (None: unknown, no index preferred), then its scale fit on ``columns`` (column →
    indicator id; not measured in a long table), then how many columns or cells it matches."""
    fit = 0 if long else misfits(table, definition, columns)
    return level is None or level in definition.levels, -fit, matched
