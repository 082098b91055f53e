"""A workbook measured before it is read: a sheet whose cells span too much is refused with a clear
sentence instead of letting the reader try to allocate it.

fastexcel/calamine allocates a sheet's whole rectangle up front. A valid XLSX with one value in A1 and one
in XFD1048576 (or an XLS whose DIMENSIONS record is damaged) makes it allocate hundreds of gigabytes and the
allocation failure aborts the process — no exception to catch, the dashboard's server would die with one
upload. So :mod:`cchc.intake.reading` first measures each sheet here: for XLSX, the cell area used in the
sheet XML and the shared strings' declared count; for XLS, the BIFF records walked the way calamine walks
them (its 32-bit wrap-around of DIMENSIONS included) inside a small OLE2 container reader. A sheet over
:data:`MAX_ROWS` rows or :data:`MAX_CELLS` cells is refused.

This covers the allocation points of calamine 0.36; reading workbooks in a child process would protect
against any future ones (not done: see the closing note of the session that added this).
"""

from __future__ import annotations

import re
import struct
import sys
import zipfile
from array import array
from collections.abc import Iterator

from cchc.intake.model import IntakeError

MAX_ROWS = 200_000             # rows of one sheet (or CSV records); more is refused
MAX_CELLS = 10_000_000         # cells of the rectangle a sheet's values span; more is refused
_FREE = 0xFFFFFFFF
_BIFF_CELLS = {0x0006, 0x00BD, 0x00FD, 0x0203, 0x0204, 0x0205, 0x027E}  # FORMULA, MULRK, LABELSST, NUMBER, …
_XLSX_CELL = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"[^>]*?(/?)>')
_XLSX_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s")
_XLSX_FULL_CELL = re.compile(rb"<(?:\w+:)?c\s([^>]*?)(?<!/)>(.*?)</(?:\w+:)?c>", re.S)  # a cell with content
_XLSX_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
_XLSX_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_XLSX_VALUE = re.compile(rb"<(?:\w+:)?v(?:\s[^>]*)?>[^<]")   # a saved value that is not empty
_XLSX_STR = re.compile(rb'\bt="str"')

# calamine allocates a sheet's whole rectangle at once, and an allocation that fails aborts
# the process (no exception): the extent of the cells is measured before calamine reads them.
def check_extent(rows: int, cells: int, name: str) -> None:
    if rows > MAX_ROWS:
        raise IntakeError(f'A sheet of "{name}" reaches row {rows:,}, over the limit of {MAX_ROWS:,} rows '
                          f'(or a stray value far below the table).')
    if cells > MAX_CELLS:
        raise IntakeError(f'A sheet of "{name}" spans {cells:,} cells, over the limit of {MAX_CELLS:,} (values '
                          f'far apart, or a damaged file): copy the table alone to a new workbook.')


class _Extent:
    """The rectangle spanned by cell positions (0-based), grown one cell at a time."""

    def __init__(self) -> None:
        self.top = self.left = 1 << 62
        self.bottom = self.right = -1

    def add(self, row: int, col: int) -> None:
        self.top, self.bottom = min(self.top, row), max(self.bottom, row)
        self.left, self.right = min(self.left, col), max(self.right, col)

    @property
    def size(self) -> tuple[int, int]:
        """``(rows from row 1 to the last, cells of the rectangle)``."""
        if self.bottom < 0:
            return 0, 0
        return self.bottom + 1, (self.bottom - self.top + 1) * (self.right - self.left + 1)


def xlsx_extent(archive: zipfile.ZipFile, part: str) -> tuple[int, int, bool, list[tuple[int, int]]]:
    """The extent of the cells holding something in one worksheet part, whether it has merges, and
    where its formulas without a saved value are: ``(row, col)``, Excel row (1-based) and 0-based
    column, in file order.

    A formula cell keeps the value of its last calculation in ``<v>``; a workbook written by a
    program (openpyxl, a web export) and never opened in Excel has ``<f>`` with an empty or no
    ``<v>``, which every reader sees as an empty cell. A formula whose saved result is the empty
    text (``t="str"``, ``<v></v>``) has a value. The XML is read by whole rows (cut after a row's
    end tag), so no cell is split between two pieces; formula cells are looked for only in the
    pieces that contain a formula at all (the cost of a file without formulas is unchanged).
    """
    extent, merges, pending, buffer = _Extent(), False, [], b""

    def scan(text: bytes) -> None:
        nonlocal merges
        merges = merges or _XLSX_MERGE.search(text) is not None
        for letters, number, closed in _XLSX_CELL.findall(text):
            if not closed:
                extent.add(int(number) - 1, _column(letters))
        if _XLSX_FORMULA.search(text):
            for attributes, body in _XLSX_FULL_CELL.findall(text):
                at = _XLSX_REF.search(attributes)
                if at and _XLSX_FORMULA.search(body) and not _XLSX_VALUE.search(body) \
                        and not _XLSX_STR.search(attributes):
                    pending.append((int(at.group(2)), _column(at.group(1)) - 1))

    with archive.open(part) as stream:
        while chunk := stream.read(1 << 20):
            buffer += chunk
            cut = buffer.rfind(b"row>")
            if cut < 0 and len(buffer) < 1 << 26:     # no row ends in 64 MB: a damaged part, scanned as it is
                continue
            end = cut + 4 if cut >= 0 else len(buffer)
            scan(buffer[:end])
            buffer = buffer[end:]
        scan(buffer)
    return (*extent.size, merges, pending)


def _column(letters: bytes) -> int:
    """``b"A"`` → 1, ``b"AA"`` → 27."""
    col = 0
    for letter in letters:
        col = col * 26 + letter - 64
    return col


def _biff_records(stream: bytes, pos: int) -> Iterator[tuple[int, bytes]]:
    """``(type, body)`` of the BIFF records from ``pos`` up to an EOF record, as calamine walks them."""
    while pos + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, pos)
        yield kind, stream[pos + 4: pos + 4 + length]
        if kind == 0x000A:
            return
        pos += 4 + length


def biff_extent(stream: bytes) -> tuple[int, int]:
    """The most rows and cells calamine would allocate for a sheet of a BIFF ``Workbook`` stream:
    from each sheet's DIMENSIONS record (as calamine computes it, in wrapping 32-bit arithmetic)
    and from its cells."""
    rows = cells = 0
    starts = [struct.unpack_from("<I", body)[0] for kind, body in _biff_records(stream, 0)
              if kind == 0x0085 and len(body) >= 4]                          # BOUNDSHEET: where a sheet starts
    for start in starts:
        extent = _Extent()
        for kind, body in _biff_records(stream, start):
            if kind == 0x0200 and len(body) in (10, 14):                     # DIMENSIONS
                r0, r1, c0, c1 = struct.unpack_from("<IIHH" if len(body) == 14 else "<HHHH", body)
                rows = max(rows, r1)
                cells = max(cells, ((r1 - r0) % 2**32) * ((c1 - c0) % 2**32) if r1 and c1 else 1)
            elif kind in _BIFF_CELLS and len(body) >= 4:
                row, col = struct.unpack_from("<HH", body)
                extent.add(row, col)
                if kind == 0x00BD:                                            # MULRK: … last column
                    extent.add(row, struct.unpack_from("<H", body, len(body) - 2)[0])
        rows, cells = max(rows, extent.size[0]), max(cells, extent.size[1])
    return rows, cells


def ole_stream(data: bytes, names: tuple[str, ...]) -> bytes | None:
    """The first stream of an OLE2 compound file named one of ``names`` (``None`` if none is).

    Chains are followed at most as many steps as the file has sectors, so a looping or
    damaged allocation table cannot make this run away.
    """
    shift, n_fat, dir_start, cutoff, minifat_start, difat_start, n_difat = (
        struct.unpack_from("<H", data, 30)[0], *struct.unpack_from("<II4xII4xII", data, 44))
    if shift not in (9, 12):
        raise ValueError("bad sector size")
    size = 1 << shift
    steps = len(data) // size + 1
    quirk = struct.unpack_from("<I", data, 62)[0]   # calamine reserves this many DIFAT entries (sic)
    if n_fat > steps or quirk > 1 << 26:
        raise ValueError("allocation table larger than the file")

    def sector(i: int) -> bytes:
        return data[(i + 1) * size: (i + 2) * size]

    def chain(start: int, table: array, read: Callable[[int], bytes], limit: int) -> bytes:
        out = []
        for _ in range(limit):
            if start >= len(table):
                break
            out.append(read(start))
            start = table[start]
        return b"".join(out)

    difat, at = _u32(data[76:512]), difat_start
    for _ in range(min(n_difat, steps)):
        if at >= len(data) // size or len(difat) >= n_fat:
            break
        ids = _u32(sector(at))
        difat.extend(ids[:-1])
        at = ids[-1]
    fat = _u32(b"".join(sector(sid) for sid in difat[:n_fat]))
    directory = chain(dir_start, fat, sector, steps)
    entries = [(directory[k: k + 64].decode("utf-16-le", "replace").split("\x00")[0],
                *struct.unpack_from("<II", directory, k + 116)) for k in range(0, len(directory) - 127, 128)]
    for entry, start, length in entries:
        if entry in names:
            if length >= cutoff:
                return chain(start, fat, sector, steps)[:length]
            mini = chain(entries[0][1], fat, sector, steps)
            minifat = _u32(chain(minifat_start, fat, sector, steps))
            return chain(start, minifat, lambda i: mini[i * 64: i * 64 + 64], len(mini) // 64 + 1)[:length]
    return None


def _u32(blob: bytes) -> array:
    """Little-endian unsigned 32-bit integers (4 bytes each, not Python objects)."""
    out = array("I", blob[: len(blob) // 4 * 4])
    if sys.byteorder == "big":
        out.byteswap()
    return out
