"""Bytes → :class:`~cchc.intake.model.RawFile`: every sheet of a file as cell texts.

What is detected, and how:

- **Kind**, by content first: a ZIP archive with ``xl/`` parts is XLSX; the OLE2
  signature ``D0 CF 11 E0`` is XLS (or a password-protected XLSX, refused); then by
  the extension (``.xlsx`` that is not a ZIP is corrupt); anything else is CSV/TXT
  if its bytes decode as text (no NUL, almost no control characters).
- **Encoding** (CSV): a BOM (UTF-8, UTF-16) wins; then UTF-8 when the bytes are
  valid UTF-8; otherwise ``charset-normalizer`` decides, with Windows-1258 preferred
  among equally clean candidates. Windows-1258 writes tone marks as combining
  characters, so every cell is normalised to NFC ("Thừa Thiên Huế" as typed).
- **Delimiter** (CSV): comma, semicolon or tab — the one that splits the first
  records (by :mod:`csv` itself, quotes kept whole) into the most consistent number
  of fields (≥ 2); ties go to tab, then semicolon, then comma, so a semicolon file
  with decimal commas ("86,98") is read as semicolon-separated.
- **Spreadsheets**: every sheet read by ``fastexcel`` (calamine) as text, no header
  row (numbers as their shortest text: ``46.0415``, ``1800``); merged ranges of XLSX
  read with ``openpyxl`` (only when a sheet has any). ``rows[i][j]`` is Excel row
  ``row_numbers[i]``, column ``j`` (0 = A). Sheets with no non-empty cell are left out.

- **Limits**: :data:`MAX_BYTES` per file, :data:`MAX_ROWS` rows per sheet or CSV,
  :data:`MAX_CELLS` cells in the rectangle a sheet's values span. A workbook's extent
  is measured from its XML (XLSX) or its BIFF records (XLS) *before* calamine reads
  it: calamine allocates that rectangle at once, and a failed allocation aborts the
  whole process instead of raising.

Cells are kept as written (``""`` or blanks → ``None``); trailing empty rows and
columns are dropped. A file that cannot be read raises :class:`IntakeError` with one
sentence naming it — never a library's traceback.

>>> raw = read_file("Tỉnh;Điểm\\nTP. Hà Nội;91,43\\n".encode("utf-8"), "par.csv")
>>> raw.kind, raw.encoding, raw.delimiter, raw.sheets[0].rows
('csv', 'utf-8', ';', [['Tỉnh', 'Điểm'], ['TP. Hà Nội', '91,43']])
>>> read_file(b"", "empty.csv")
Traceback (most recent call last):
...
cchc.intake.model.IntakeError: The file "empty.csv" is empty.
"""

from __future__ import annotations

import codecs
import csv
import html
import io
import re
import struct
import sys
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import PurePath

import fastexcel
import openpyxl
from charset_normalizer import from_bytes

from cchc.intake import guard
from cchc.intake.guard import MAX_CELLS, MAX_ROWS  # noqa: F401  (limits of a read, named here too)
from cchc.intake.model import IntakeError, RawFile, Sheet

MAX_BYTES = 50 * 1024 * 1024  # a larger file is refused before anything is read
DELIMITERS = ("\t", ";", ",")  # in order of preference when equally consistent
SNIFF_CHARS = 65_536           # text looked at to choose the delimiter
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x19\x1b-\x1f]")  # control characters no text file has
_CONTROL_ALL = re.compile(r"[\x00-\x1f\x7f-\x9f]")         # control characters, none of them in a file name
NAME_LIMIT = 120  # characters of a file name kept (shown in messages, recorded in the audit)

Cell = str | None


def file_label(name: object) -> str:
    """The name of an uploaded file as it may be shown and recorded: its last path part (after
    ``/`` or ``\\``; a drive ``C:`` dropped), without control characters (NUL …) or leading dots,
    at most :data:`NAME_LIMIT` characters with its extension kept; ``"file"`` when nothing is left.

    >>> file_label("../../etc/passwd.csv"), file_label("C:\\\\x.csv"), file_label("a\\x00b.csv"), file_label("..")
    ('passwd.csv', 'x.csv', 'ab.csv', 'file')
    >>> len(file_label("x" * 300 + ".xlsx")), file_label("x" * 300 + ".xlsx")[-6:], file_label("Báo cáo: T5.xlsx")
    (120, 'x.xlsx', 'Báo cáo: T5.xlsx')
    """
    text = _CONTROL_ALL.sub("", unicodedata.normalize("NFC", str(name)))
    last = re.sub(r"^[A-Za-z]:", "", re.split(r"[/\\]", text)[-1]).strip().lstrip(".").strip()
    if len(last) > NAME_LIMIT:
        suffix = PurePath(last).suffix[:10]
        last = last[: NAME_LIMIT - len(suffix)] + suffix
    return last or "file"


def read_file(data: bytes, name: str) -> RawFile:
    """Read ``data`` (the bytes of a file named ``name``) into a :class:`RawFile`.

    Raises :class:`IntakeError` for an empty or too large file, bytes that are no
    table (binary, HTML, another Office document), an encrypted or corrupt workbook,
    a sheet over :data:`MAX_ROWS` rows, and a file with no non-empty cell. ``name``
    is only a label (:func:`file_label`: a path in it is dropped), never opened.
    """
    name = file_label(name)
    if not data:
        raise IntakeError(f'The file "{name}" is empty.')
    if len(data) > MAX_BYTES:
        raise IntakeError(f'The file "{name}" is {len(data) / 2**20:.0f} MB, over the limit of '
                          f'{MAX_BYTES // 2**20} MB.')
    suffix = PurePath(name).suffix.lower()
    if data.startswith(_ZIP):
        return _read_zip(data, name)
    if data.startswith(_OLE2):
        return _read_ole2(data, name)
    if suffix in (".xlsx", ".xlsm"):
        raise IntakeError(f'The file "{name}" is named like an Excel workbook but is not one (corrupt or renamed).')
    return _read_text(data, name)


# ---------------------------------------------------------------- spreadsheets
def _read_zip(data: bytes, name: str) -> RawFile:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.namelist()
            if "xl/workbook.bin" in parts:
                raise IntakeError(f'The file "{name}" is an XLSB workbook: save it as XLSX (or CSV) and import that.')
            if not any(part.startswith("xl/") for part in parts):
                kind = "an OpenDocument file" if "mimetype" in parts else "a ZIP archive"
                raise IntakeError(f'The file "{name}" is {kind}, not an Excel workbook: save it as XLSX or CSV.')
            if "xl/sharedStrings.xml" in parts:
                with archive.open("xl/sharedStrings.xml") as strings:   # calamine reserves uniqueCount strings
                    declared = re.search(rb'uniqueCount="(\d{1,20})"', strings.read(4096))
                if declared and int(declared.group(1)) > MAX_CELLS:
                    raise IntakeError(f'The workbook "{name}" declares {int(declared.group(1)):,} distinct texts, '
                                      f'over the limit of {MAX_CELLS:,} (a damaged file?).')
            has_merges, formulas = False, {}
            for part in parts:
                if part.startswith("xl/worksheets/") and part.endswith(".xml"):
                    rows, cells, merges, pending = guard.xlsx_extent(archive, part)
                    guard.check_extent(rows, cells, name)
                    has_merges = has_merges or merges
                    formulas[part] = pending
            if any(formulas.values()):
                formulas = {sheet: formulas.get(part, []) for sheet, part in _sheet_parts(archive).items()}
    except IntakeError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError,
            zlib.error) as exc:   # a part whose compressed bytes are damaged
        raise IntakeError(f'The file "{name}" is a damaged ZIP archive, not a readable workbook.') from exc
    sheets = _read_workbook(data, name)
    sheets = [_with_formulas(sheet, formulas.get(sheet.name, [])) for sheet in sheets]
    return RawFile(name=name, kind="xlsx", sheets=_with_merges(data, sheets) if has_merges else sheets)


_SHEET = re.compile(rb"<(?:\w+:)?sheet\s[^>]*>")
_RELATION = re.compile(rb"<(?:\w+:)?Relationship\s[^>]*>")


def _attribute(element: bytes, name: bytes) -> str | None:
    found = re.search(rb"\s" + name + rb'="([^"]*)"', element)
    return html.unescape(found.group(1).decode("utf-8", "replace")) if found else None


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its worksheet part (``xl/worksheets/sheet1.xml``), from the workbook and its relations."""
    try:
        book, rels = archive.read("xl/workbook.xml"), archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {_attribute(r, b"Id"): _attribute(r, b"Target") or "" for r in _RELATION.findall(rels)}
    out = {}
    for element in _SHEET.findall(book):
        sheet, target = _attribute(element, b"name"), targets.get(_attribute(element, b"r:id"))
        if sheet is not None and target:
            out[unicodedata.normalize("NFC", sheet)] = target[1:] if target.startswith("/") else "xl/" + target
    return out


def _with_formulas(sheet: Sheet, pending: list[tuple[int, int]]) -> Sheet:
    """``sheet`` with the positions of its formulas without a saved value (0-based into ``rows``)."""
    height, width = len(sheet.rows), len(sheet.rows[0])
    found = sorted({(row - 1, col) for row, col in pending if row - 1 < height and col < width})
    return replace(sheet, formulas=found) if found else sheet


def _read_ole2(data: bytes, name: str) -> RawFile:
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise IntakeError(f'The file "{name}" is password-protected: remove the password in Excel and import it again.')
    try:
        stream = guard.ole_stream(data, ("Workbook", "Book"))
    except (struct.error, IndexError, ValueError) as exc:
        raise IntakeError(f'The file "{name}" is a damaged Office file, not a readable workbook.') from exc
    if stream is None:
        raise IntakeError(f'The file "{name}" is an Office file but not an Excel workbook (a Word document?).')
    guard.check_extent(*guard.biff_extent(stream), name)
    return RawFile(name=name, kind="xls", sheets=_read_workbook(data, name))


def _read_workbook(data: bytes, name: str) -> list[Sheet]:
    """Every non-empty sheet read by fastexcel as text, no header row, leading empty rows kept."""
    try:
        reader = fastexcel.read_excel(data)
        sheets = []
        for index, sheet_name in enumerate(reader.sheet_names):
            sheet = reader.load_sheet(index, header_row=None, skip_rows=0, dtypes="string")
            guard.check_extent(sheet.height, 0, name)
            columns = sheet.available_columns()
            offset = columns[0].absolute_index if columns else 0
            rows = [[None] * offset + [_cell(value) for value in row] for row in sheet.to_polars().rows()]
            found = _trimmed(sheet_name, rows, list(range(1, len(rows) + 1)))
            if found is not None:
                sheets.append(found)
    except IntakeError:
        raise
    except BaseException as exc:  # a Rust panic in calamine is a BaseException; let Ctrl-C through
        if isinstance(exc, (KeyboardInterrupt, SystemExit, MemoryError)):
            raise
        raise IntakeError(f'The file "{name}" is not a readable Excel workbook (corrupt, encrypted or '
                          f'another kind of file).') from exc
    if not sheets:
        raise IntakeError(f'The workbook "{name}" has no non-empty cell.')
    return sheets


def _with_merges(data: bytes, sheets: list[Sheet]) -> list[Sheet]:
    """``sheets`` with the merged ranges openpyxl finds (0-based, clipped to the rows and columns kept).

    A workbook openpyxl cannot open keeps its values and goes without merges: the
    layout step then falls back on a group cell followed by empty cells.
    """
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        ranges = {ws.title: [(r.min_row - 1, r.min_col - 1, r.max_row - 1, r.max_col - 1)
                             for r in ws.merged_cells.ranges] for ws in book.worksheets}
    except Exception:  # noqa: BLE001 — values already read; merges are a hint
        return sheets
    out = []
    for sheet in sheets:
        height, width = len(sheet.rows), len(sheet.rows[0])
        merged = sorted((r0, c0, min(r1, height - 1), min(c1, width - 1))
                        for r0, c0, r1, c1 in ranges.get(sheet.name, []) if r0 < height and c0 < width)
        out.append(replace(sheet, merged=merged))
    return out


# ---------------------------------------------------------------- text (CSV, TXT)
def _read_text(data: bytes, name: str) -> RawFile:
    text, encoding = _decode(data, name)
    head = text[:2048].lower()
    if "<html" in head or "<table" in head or "<!doctype" in head:
        raise IntakeError(f'The file "{name}" is a web page (HTML), not a table file: open it in Excel '
                          f'and save it as XLSX or CSV.')
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[Cell]] = []
    numbers: list[int] = []
    line = 1
    try:
        for record in reader:
            if len(rows) == MAX_ROWS:
                raise IntakeError(f'The file "{name}" has more than {MAX_ROWS:,} rows, over the limit.')
            rows.append([_cell(value) for value in record])
            numbers.append(line)
            line = reader.line_num + 1
    except csv.Error as exc:
        raise IntakeError(f'The file "{name}" cannot be split into cells ({exc}).') from exc
    sheet = _trimmed(PurePath(name).stem or name, rows, numbers)
    if sheet is None:
        raise IntakeError(f'The file "{name}" has no non-empty cell.')
    return RawFile(name=name, kind="csv", sheets=[sheet], encoding=encoding, delimiter=delimiter)


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """The text of ``data`` and its encoding, or :class:`IntakeError` if it is not text."""
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = _guess_encoding(data)
    if encoding is None:
        raise IntakeError(f'The file "{name}" is not a table: neither a spreadsheet nor readable text.')
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise IntakeError(f'The file "{name}" is not readable text in any known encoding.') from exc
    text = text.removeprefix("\ufeff")
    controls = sum(1 for _ in _CONTROL.finditer(text))
    if "\x00" in text or controls > max(2, len(text) // 100):
        raise IntakeError(f'The file "{name}" is not a table: neither a spreadsheet nor readable text.')
    return text, encoding


def _guess_encoding(data: bytes) -> str | None:
    """UTF-8 when valid; else charset-normalizer's best, Windows-1258 first among the cleanest."""
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    matches = list(from_bytes(data))
    if not matches:
        return None
    cleanest = min(match.chaos for match in matches)
    for match in matches:
        if codecs.lookup(match.encoding).name == "cp1258" and match.chaos <= cleanest + 0.01:
            return "cp1258"
    return codecs.lookup(matches[0].encoding).name


def sniff_delimiter(text: str) -> str:
    """The delimiter (tab, ``;`` or ``,``) that splits the first records most consistently.

    For each candidate the first records are split by :mod:`csv`; a candidate under
    which the quoting breaks (a closing quote not followed by it) ranks below those
    under which it holds. Its score is the share of records having the most common
    field count, which must be at least 2. Ties go to tab, then semicolon, then comma;
    a text with no candidate at all is read with a comma (one column).

    >>> sniff_delimiter('Tỉnh;A;B\\nTP. Hà Nội;8,27;7,82\\nTỉnh Quảng Ninh;7,98;7,62\\n')
    ';'
    >>> sniff_delimiter('"Tỉnh; thành phố",Điểm\\n')
    ','
    """
    sample, complete = text[:SNIFF_CHARS], len(text) <= SNIFF_CHARS
    best, best_key = ",", (False, 0.0)
    for delimiter in DELIMITERS:
        records, clean = _first_records(sample, delimiter, complete)
        counts = [len(r) for r in records if r][:200]
        if not counts:
            continue
        mode = max(set(counts), key=lambda n: (counts.count(n), n))
        key = (clean, counts.count(mode) / len(counts))
        if mode >= 2 and key > best_key:
            best, best_key = delimiter, key
    return best


def _first_records(sample: str, delimiter: str, complete: bool) -> tuple[list[list[str]], bool]:
    """The records of ``sample`` split by ``delimiter``, and whether its quoting held (strict csv)."""
    records: list[list[str]] = []
    try:
        for record in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter, strict=True):
            records.append(record)
    except csv.Error as exc:
        if complete or "unexpected end of data" not in str(exc):   # not just the sample's cut
            try:
                return list(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)), False
            except csv.Error:
                return [], False
        return records, True
    return (records if complete else records[:-1]), True        # the sample may end inside a record


# ---------------------------------------------------------------- cells
def _cell(value: object) -> Cell:
    """A cell's text in NFC, ``None`` when empty or blank."""
    if value is None:
        return None
    text = unicodedata.normalize("NFC", str(value))
    return text if text.strip() else None


def _trimmed(name: str, rows: list[list[Cell]], numbers: list[int]) -> Sheet | None:
    """A rectangular :class:`Sheet` without trailing empty rows and columns (``None`` if all empty)."""
    last_row = max((i for i, row in enumerate(rows) if any(c is not None for c in row)), default=-1)
    if last_row < 0:
        return None
    rows = rows[: last_row + 1]
    width = 1 + max(max((j for j, c in enumerate(row) if c is not None), default=-1) for row in rows)
    square = [(row + [None] * width)[:width] for row in rows]
    return Sheet(name=name, rows=square, row_numbers=numbers[: last_row + 1])
