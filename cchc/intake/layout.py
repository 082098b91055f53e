"""A sheet → the :class:`~cchc.intake.model.Table` in it, and the numbers in its cells.

What :func:`find_table` detects, and how (cells are compared stripped, blanks = empty):

- **Header**: the first row with ≥ 2 text cells (not numbers, not marks like "-"; a
  header of years "Tỉnh | 2022 | 2023" may have one) whose table has data below:
  after its header rows (and a numbering row), the next non-empty row has a number
  or a mark, or is a single name (a unit not scored) right above such a row. Rows
  above the header are the ``title`` (one line per row, cells of a row joined by " — ").
- **Two header rows**: when the next row holds only text and, under a group cell of
  the header spanning ≥ 2 columns — a merged range, or (CSV) a cell followed by empty
  ones — it has ≥ 2 sub-headers, columns are flattened to "Group / Sub"; a column
  with text only in the first row keeps it ("STT", "Tên đơn vị").
- **Numbering row** right under the header: every cell "(1)", "2", "A", "(3)=(1)+(2)"…,
  numbers (or letters) in sequence from 1 (or A): dropped.
- **Total row**: first text cell "Tổng cộng", "Tổng", "Cộng", "Total", "Toàn huyện",
  "Toàn tỉnh", "Toàn thành phố" (any case, accents optional): kept apart as ``total``
  ("Tổng cộng"-like words win over "Cộng" subtotals), never a data row.
- **End of the table**: after the first data row, a row with no number nor mark whose
  text is a note or a signature ("Ghi chú: …", "Người lập biểu", "…, ngày 5 tháng 6
  năm 2024"), is merged across columns, is long (> 60 characters), or stands in a
  numeric column with no name beside it ("Chủ tịch") — that row and all below are
  dropped. A unit not scored ("Quang Ninh" and empty cells, "Xã A | Chưa đánh giá")
  stays a data row. Empty rows are skipped;
  columns empty in the header and every row are dropped.
- **Decimal mark** (``Table.decimal``) from the numeric-looking cells: "1.234,5",
  "42,30", "0,5" vote for ","; "1,234.5", "46.0415" for "."; "1.234" or "1,234" alone
  are ambiguous. The majority of votes wins (a tie: "."); with no vote, "1.234" next
  to plain integers in a column means thousands (decimal ","); otherwise ".".

>>> from cchc.intake.model import Sheet
>>> sheet = Sheet("t", [["BÁO CÁO THÁNG 5/2024", None, None], ["STT", "Tên đơn vị", "Số hồ sơ"],
...                     ["(1)", "(2)", "(3)"], ["1", "X. Hải Thắng", "1.234"], ["2", "Xã Thủ Sỹ", "56"],
...                     [None, "Tổng cộng", "1.290"]], [1, 2, 3, 4, 5, 6])
>>> table = find_table(sheet)
>>> table.title, table.headers, table.rows, table.total, table.decimal
('BÁO CÁO THÁNG 5/2024', ['STT', 'Tên đơn vị', 'Số hồ sơ'], [['1', 'X. Hải Thắng', '1.234'], ['2', 'Xã Thủ Sỹ', '56']], [None, 'Tổng cộng', '1.290'], ',')
>>> parse_number(table.rows[0][2], table.decimal)
1234.0
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from functools import lru_cache
from typing import Literal

from cchc.folding import fold
from cchc.intake.model import IntakeError, Sheet, Table

Row = list[str | None]
MISSING_MARKS = frozenset({"-", "–", "—", "x", "X"})  # "not scored": no number, not an error
GRAND_TOTAL_WORDS = frozenset({"tongcong", "total", "grandtotal", "toanhuyen", "toantinh", "toanthanhpho"})
TOTAL_WORDS = GRAND_TOTAL_WORDS | {"tong", "cong"}
NOTE_PREFIXES = ("ghichu", "luuy", "nguon", "source", "note", "nguoilap", "thutruong", "xacnhan", "noinhan",
                 "tm", "kt", "chutich", "giamdoc", "truongphong")
_NUMERIC = re.compile(r"[+\-\u2212]?(?:\d|[.,]\d)[\d.,\s]*%?")
_DATE_LINE = re.compile(r"ngay\d*thang\d*nam")
_NUMBERING = re.compile(r"\(?(\d{1,3}|[A-Za-z])\)?(?:\s*[=+\-*/x×:]\s*\(?(?:\d{1,3}|[A-Za-z])\)?)*")
_NUMBER = {mark: re.compile(rf"([+-]?)\s*(\d{{1,3}}(?:[{other}\s]\d{{3}})+|\d+)?(?:\{mark}(\d+))?\s*%?")
           for mark, other in ((",", "."), (".", ","))}
_NOT_DIGITS = str.maketrans("", "", " \u00a0\u202f\t%+-\u2212")


def parse_number(text: str | None, decimal: str) -> float | None:
    """The number written in ``text`` with the decimal mark ``decimal`` ("," or ".").

    The other mark is a thousands separator, only in groups of three (spaces too);
    a trailing "%" is dropped (``"12%"`` → 12.0). Empty cells and the not-scored marks
    "-", "–", "x" give ``None``. Anything else raises :class:`ValueError` — in
    particular "1.23" with decimal ",": never a silent guess between the two marks.

    >>> parse_number("1.234,5", ","), parse_number("42,3015", ","), parse_number("1,234.5", ".")
    (1234.5, 42.3015, 1234.5)
    >>> parse_number("-", ","), parse_number("12%", ".")
    (None, 12.0)
    >>> parse_number("1.23", ",")
    Traceback (most recent call last):
    ...
    ValueError: not a number with decimal ',': '1.23'
    """
    if decimal not in _NUMBER:
        raise ValueError(f"decimal mark must be ',' or '.', not {decimal!r}")
    if text is None or not text.strip() or text.strip() in MISSING_MARKS:
        return None
    match = _NUMBER[decimal].fullmatch(text.strip().replace("\u2212", "-"))
    if not match or not (match.group(2) or match.group(3)):
        raise ValueError(f"not a number with decimal {decimal!r}: {text!r}")
    sign, whole, fraction = match.groups()
    digits = "".join(ch for ch in whole or "0" if ch.isdigit())
    return float(f"{sign}{digits}.{fraction or 0}")


def find_table(sheet: Sheet) -> Table:
    """The table of ``sheet``: title, flattened headers, data rows, total row, decimal mark.

    Raises :class:`~cchc.intake.model.IntakeError` when the sheet has no non-empty cell.
    """
    width = max((len(row) for row in sheet.rows), default=0)
    cells = [[_clean(c) for c in row] + [None] * (width - len(row)) for row in sheet.rows]
    kinds = ["".join(_kind(c) for c in row) for row in cells]
    filled = [i for i, k in enumerate(kinds) if k.strip()]
    if not filled:
        raise IntakeError(f'The sheet "{sheet.name}" has no table: every cell is empty.')
    head, sub, numbering = _find_header(cells, kinds, filled, sheet.merged)
    headers = _headers(cells, head, sub, sheet.merged)
    below = filled[bisect_right(filled, max(head, sub or head, numbering or head)):]
    data, total = _body(cells, kinds, below, sheet.merged)
    used = {c for i in data + ([total] if total is not None else []) for c, k in enumerate(kinds[i]) if k != " "}
    keep = [c for c in range(width) if headers[c] or c in used]
    title = "\n".join(" — ".join(_collapse(c) for c in cells[i] if c) for i in filled if i < head)
    last = max(data + [total if total is not None else head, sub or head, numbering or head])
    formulas = [(sheet.row_numbers[i], keep.index(c) if c in keep else None,
                 headers[c] if c in keep and headers[c] else column_letter(c))
                for i, c in sheet.formulas if head <= i <= last]
    return Table(sheet=sheet.name, title=title, headers=[headers[c] for c in keep],
                 header_row_numbers=[sheet.row_numbers[i] for i in (head, sub) if i is not None],
                 rows=[[cells[i][c] for c in keep] for i in data],
                 row_numbers=[sheet.row_numbers[i] for i in data],
                 total=None if total is None else [cells[total][c] for c in keep],
                 total_row_number=None if total is None else sheet.row_numbers[total],
                 decimal=detect_decimal([[cells[i][c] for c in keep] for i in data + [total] if i is not None]),
                 formulas=formulas)


def column_letter(col: int) -> str:
    """The spreadsheet letter of a 0-based column.

    >>> column_letter(0), column_letter(25), column_letter(27)
    ('A', 'Z', 'AB')
    """
    out = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        out = chr(65 + rest) + out
    return out


def detect_decimal(rows: list[Row]) -> Literal[",", "."]:
    """The decimal mark of the numeric-looking cells of ``rows`` (see the module's rules).

    >>> detect_decimal([["86,98"], ["1.234,5"]]), detect_decimal([["46.0415"]]), detect_decimal([["1.234"], ["56"]])
    (',', '.', ',')
    """
    votes: Counter[str] = Counter()
    ambiguous_columns: set[int] = set()
    integer_columns: set[int] = set()
    for row in rows:
        for c, text in enumerate(row):
            text = (text or "").strip()
            if ("." in text or "," in text) and _kind(text) == "n":
                vote = _vote(text.translate(_NOT_DIGITS))
                if vote in (",", "."):
                    votes[vote] += 1
                elif vote == "?.":
                    ambiguous_columns.add(c)
            elif text.isdigit():
                integer_columns.add(c)
    if votes:
        return "," if votes[","] > votes["."] else "."
    return "," if ambiguous_columns & integer_columns else "."


def _vote(s: str) -> str:
    """"," / "." (a decisive decimal mark) or "?." / "?," (one separator before 3 digits) for a number
    written with a separator."""
    marks = [ch for ch in s if ch in ".,"]
    if len(set(marks)) == 2:
        return marks[-1]                          # 1.234,5 / 1,234.5: the last mark is the decimal one
    mark, parts = marks[0], s.split(marks[0])
    if len(parts) > 2:
        return "," if mark == "." else "."        # 1.234.567: repeated marks are thousands
    whole, fraction = parts
    if len(fraction) != 3 or whole in ("", "0") or len(whole) > 3:
        return mark
    return "?" + mark


# ---------------------------------------------------------------- header
# ``kinds[i]`` describes row i, one character per cell: "t" text, "n" number, "m" not-scored mark, " " empty.
def _find_header(cells: list[Row], kinds: list[str], filled: list[int], merged) -> tuple[int, int | None, int | None]:
    """``(header row, second header row or None, numbering row or None)`` as indexes of ``cells``."""
    for head in filled:
        k = kinds[head]
        # ≥ 2 texts; a header of years ("Tỉnh | 2022 | 2023") has one text among ≥ 2 cells
        if "t" not in k or len(k) - k.count(" ") < 2:
            continue
        block = _block(cells, kinds, filled, head, merged)
        after = filled[bisect_right(filled, max(x for x in block if x is not None)):]
        if after and (_data_like(kinds[after[0]]) or (kinds[after[0]].count("t") == 1
                                                      and any(_data_like(kinds[i]) for i in after[1:2]))):
            return block
    texts = [i for i in filled if kinds[i].count("t") >= 2]
    return _block(cells, kinds, filled, (texts or filled)[0], merged)


def _block(cells: list[Row], kinds: list[str], filled: list[int], head: int,
           merged) -> tuple[int, int | None, int | None]:
    nxt = filled[bisect_right(filled, head):]
    sub = nxt[0] if nxt and nxt[0] == head + 1 and _is_subheader(cells, kinds, head, nxt[0], merged) else None
    rest = filled[bisect_right(filled, sub or head):]
    numbering = rest[0] if rest and _is_numbering(cells[rest[0]]) else None
    return head, sub, numbering


def _spans(row: Row, below: Row | None, r: int, merged) -> dict[int, int]:
    """For each text cell of ``row`` (row index ``r``): the last column it covers — its merged
    range, else the empty cells after it that have text in ``below``."""
    spans = {}
    for c, text in enumerate(row):
        if not text:
            continue
        end = min(next((m[3] for m in merged if m[0] == r and m[1] == c and m[2] == r), c), len(row) - 1)
        if end == c and below is not None:
            while end + 1 < len(row) and not row[end + 1] and below[end + 1]:
                end += 1
        spans[c] = end
    return spans


def _is_subheader(cells: list[Row], kinds: list[str], head: int, nxt: int, merged) -> bool:
    if _data_like(kinds[nxt]):
        return False
    second = cells[nxt]
    return any(end > c and sum(1 for k in range(c, end + 1) if second[k]) >= 2
               for c, end in _spans(cells[head], second, head, merged).items())


def _headers(cells: list[Row], head: int, sub: int | None, merged) -> list[str]:
    top = cells[head]
    if sub is None:
        return [_collapse(c) if c else "" for c in top]
    second = cells[sub]
    group = [""] * len(top)
    for c, end in _spans(top, second, head, merged).items():
        for k in range(c, end + 1):
            group[k] = _collapse(top[c])
    return [" / ".join(p for p in (group[k], _collapse(second[k]) if second[k] else "") if p)
            for k in range(len(top))]


def _is_numbering(row: Row) -> bool:
    tokens = [_NUMBERING.fullmatch(c) for c in row if c]
    if len(tokens) < 2 or not all(tokens):
        return False
    firsts = [m.group(1) for m in tokens]
    numbers = [int(t) for t in firsts if t.isdigit()]
    letters = [ord(t.upper()) for t in firsts if not t.isdigit()]
    return all(seq == list(range(start, start + len(seq))) for seq, start in ((numbers, 1), (letters, ord("A"))) if seq)


# ---------------------------------------------------------------- body
def _body(cells: list[Row], kinds: list[str], below: list[int], merged) -> tuple[list[int], int | None]:
    """Data row indexes and the total row index, up to the end of the table."""
    data: list[int] = []
    total, total_grand = None, False
    numeric = [0] * len(kinds[0])   # per column: data rows with a number there
    labels = [0] * len(kinds[0])    # per column: data rows with a text there (names)
    for i in below:
        k = kinds[i]
        label = cells[i][k.find("t")] if "t" in k else ""
        folded = fold(label) if len(label) <= 16 and label[:1].lower() in ("t", "c", "g") else ""
        if folded in TOTAL_WORDS:
            if total is None or (folded in GRAND_TOTAL_WORDS and not total_grand):
                total, total_grand = i, folded in GRAND_TOTAL_WORDS
            continue
        if data and _ends_table(cells[i], k, i, numeric, labels, len(data), merged):
            break
        data.append(i)
        for c, kind in enumerate(k):
            if kind == "n":
                numeric[c] += 1
            elif kind == "t":
                labels[c] += 1
    return data, total


def _ends_table(row: Row, k: str, r: int, numeric: list[int], labels: list[int], n_data: int, merged) -> bool:
    """Whether ``row`` (no number, no mark) is below the table: a note, a signature, a date line,
    a merged or long text, or a text in a numeric column with no name beside it ("Chủ tịch")."""
    if _data_like(k):
        return False
    texts = [c for c, kind in enumerate(k) if kind == "t"]
    first = fold(row[texts[0]])
    return (first.startswith(NOTE_PREFIXES) or bool(_DATE_LINE.search(first))
            or any(m[0] <= r <= m[2] and m[3] > m[1] for m in merged if m[1] == texts[0])
            or (len(texts) == 1 and len(row[texts[0]]) > 60)
            or (any(numeric[c] * 2 > n_data for c in texts) and not any(labels[c] * 2 > n_data for c in texts)))


# ---------------------------------------------------------------- cells
@lru_cache(maxsize=65_536)
def _kind(text: str | None) -> str:
    """"t" text, "n" number-like, "m" a not-scored mark, " " empty."""
    if not text:
        return " "
    if text in MISSING_MARKS:
        return "m"
    return "n" if _NUMERIC.fullmatch(text) else "t"


def _data_like(kinds: str) -> bool:
    """A row with a number or a not-scored mark."""
    return "n" in kinds or "m" in kinds


def _clean(cell: str | None) -> str | None:
    text = cell.strip() if cell else ""
    return text or None


def _collapse(text: str) -> str:
    """A header's text on one line, single spaces ("Số hồ sơ\\ntiếp nhận" → "Số hồ sơ tiếp nhận")."""
    return " ".join(text.split())
