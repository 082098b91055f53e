"""Files an import meets, built in memory (bytes), deterministic: the PAPI report table,
a PAR INDEX annex in the Vietnamese CSV style, a district's monthly one-stop report in
XLSX, and small helpers to write any grid as XLSX or as a genuine Excel 97–2003 (BIFF8)
``.xls`` — no xlwt needed.

Values of the PAPI and PAR tables are the bundled 2023 (demo) figures, so a table's
total equals the sum of its parts at the published precision.
"""

from __future__ import annotations

import csv
import io
import re
import struct
import unicodedata
import zipfile
from collections.abc import Sequence
from functools import lru_cache
from xml.sax.saxutils import escape as xml_escape

import openpyxl
import polars as pl

from cchc.intake.model import Table
from cchc.store import Store

PAPI_PROVINCES = ("Ha Noi", "Thua Thien Hue", "Ho Chi Minh City", "Quang Ninh", "Bac Ninh", "Ba Ria - Vung Tau",
                  "Can Tho", "Lang Son")
PAPI_NOT_SCORED = "Quang Ninh"
PAR_PROVINCES = {"Quảng Ninh": "Tỉnh Quảng Ninh", "Hải Phòng": "TP. Hải Phòng", "Hà Nội": "TP. Hà Nội",
                 "Hồ Chí Minh": "TP. Hồ Chí Minh", "Thừa Thiên Huế": "Tỉnh Thừa Thiên Huế",
                 "Hưng Yên": "Tỉnh Hưng Yên", "An Giang": "Tỉnh An Giang"}
PAR_TITLE = "KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023 CỦA CÁC TỈNH, THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG"
ONESTOP_TITLES = ("UBND HUYỆN TIÊN LỮ", "BÁO CÁO KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH THÁNG 5/2024")
ONESTOP_GROUPS = (("Số hồ sơ tiếp nhận", ("Tổng số", "Trực tuyến")),
                  ("Số hồ sơ đã giải quyết", ("Trước hạn", "Đúng hạn", "Quá hạn")))
TIEN_LU = "vn63:district:332"
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


@lru_cache(maxsize=1)
def _store() -> Store:
    return Store()


def _wide_2023(index: str) -> pl.DataFrame:
    """The 2023 province scores of ``index`` (vn63), one row per province, one column per indicator."""
    store = _store()
    scores = store.scores(index, "province").filter(
        (pl.col("period") == "2023") & (pl.col("indicator_id").str.count_matches(r"\.") <= 1))
    names = store.units.select("unit_id", "short_vi", "short_en")
    return scores.pivot(on="indicator_id", index="unit_id", values="value").join(names, on="unit_id")


def _csv_text(rows: Sequence[Sequence[object]], delimiter: str) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def papi_wide_csv(provinces: Sequence[str] = PAPI_PROVINCES) -> bytes:
    """A PAPI report table (UTF-8, comma, decimal point, 4 decimals), English names without
    diacritics: ``Province``, ``D1 Participation at local levels`` … ``D8 E-governance``,
    ``Total``. Quang Ninh (not scored in 2023) has empty dimensions and ``-`` as its total."""
    definition = _store().definition("papi")
    dims = [node for node in definition.root.components]
    table = _wide_2023("papi")
    rows: list[list[object]] = [["Province", *[f"D{node.code} {node.name.en}" for node in dims], "Total"]]
    for name in provinces:
        row = table.filter(pl.col("short_en") == name).row(0, named=True)
        if row["papi"] is None:
            rows.append([name, *[""] * len(dims), "-"])
        else:
            rows.append([name, *[f"{row[node.indicator_id]:.4f}" for node in dims], f"{row['papi']:.4f}"])
    return _csv_text(rows, ",").encode("utf-8")


def par_semicolon_csv(encoding: str = "utf-8", *, bom: bool = False, title: bool = True) -> bytes:
    """A PAR INDEX 2023 annex the Vietnamese way: ``;``-separated, decimal comma
    ("91,43"), names with prefixes ("TP. Hà Nội", "Tỉnh Quảng Ninh"), the 8 areas and the
    index, a title line above the header. ``encoding`` ``"utf-8"`` (``bom`` adds the
    UTF-8 BOM) or ``"cp1258"`` (Windows-1258, tone marks as combining characters)."""
    if encoding not in ("utf-8", "cp1258") or (bom and encoding != "utf-8"):
        raise ValueError(f"unsupported encoding {encoding!r} (bom={bom})")
    definition = _store().definition("par")
    areas = list(definition.root.components)
    table = _wide_2023("par")
    rows: list[list[object]] = [[PAR_TITLE, *[""] * (len(areas) + 2)]] if title else []
    rows.append(["STT", "Tỉnh, thành phố", *[f"Lĩnh vực {n.code}: {n.name.vi}" for n in areas], "Chỉ số CCHC (%)"])
    for number, (short, written) in enumerate(PAR_PROVINCES.items(), start=1):
        row = table.filter(pl.col("short_vi") == short).row(0, named=True)
        values = [row[n.indicator_id] for n in areas] + [row["par"]]
        rows.append([number, written, *[f"{v:.2f}".replace(".", ",") for v in values]])
    text = _csv_text(rows, ";")
    if encoding == "cp1258":
        return encode_cp1258(text)
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def encode_cp1258(text: str) -> bytes:
    """``text`` in Windows-1258: letters the code page lacks are written as a base letter
    and a combining tone mark ("ế" → "ê" + U+0301), as Vietnamese Windows does."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
            out += base.encode("cp1258") + "".join(c for c in parts if c in _TONES).encode("cp1258")
    return bytes(out)


def tien_lu_communes() -> list[tuple[str, str]]:
    """``(unit_id, name as written in the report)`` of the communes of old Tiên Lữ, with the
    abbreviations reports use: "TT. Vương", then "X. …" and "Xã …" in turn."""
    units = _store().units.filter(pl.col("parent_id") == TIEN_LU).sort("unit_id")
    out = []
    for i, (unit_id, short, kind) in enumerate(units.select("unit_id", "short_vi", "type_vi").iter_rows()):
        prefix = "TT." if kind == "thị trấn" else ("X." if i % 2 else "Xã")
        out.append((unit_id, f"{prefix} {short}"))
    return out


def onestop_counts() -> list[tuple[str, list[int]]]:
    """Per commune of the report: received (total, online), resolved (early, on time,
    late), pending — deterministic, consistent (resolved + pending = received)."""
    out = []
    for i, (_, name) in enumerate(tien_lu_communes()):
        received = 120 + 37 * i + (i * i) % 11
        online = received * (60 + 3 * i) // 100
        late = i % 3
        early = received * (12 + i) // 100
        pending = 5 + i % 4
        out.append((name, [received, online, early, received - early - late - pending, late, pending]))
    return out


def onestop_report_xlsx(total_off_by: int = 0) -> bytes:
    """Tiên Lữ's one-stop report for May 2024 on its communes, as districts send it: two
    merged title rows, a two-row header (groups "Số hồ sơ tiếp nhận" over "Tổng số /
    Trực tuyến" and "Số hồ sơ đã giải quyết" over "Trước hạn / Đúng hạn / Quá hạn"), a
    numbering row "(1) … (8)", the communes, a "Tổng cộng" row (its received total off by
    ``total_off_by``), a note and a signature line below."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Tháng 5"
    width = 2 + sum(len(subs) for _, subs in ONESTOP_GROUPS) + 1
    for r, text in enumerate(ONESTOP_TITLES, start=1):
        ws.cell(r, 1, text)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
    top, sub = 4, 5
    for col, text in ((1, "STT"), (2, "Tên đơn vị"), (width, "Đang giải quyết")):
        ws.cell(top, col, text)
        ws.merge_cells(start_row=top, start_column=col, end_row=sub, end_column=col)
    col = 3
    for group, subs in ONESTOP_GROUPS:
        ws.cell(top, col, group)
        ws.merge_cells(start_row=top, start_column=col, end_row=top, end_column=col + len(subs) - 1)
        for offset, text in enumerate(subs):
            ws.cell(sub, col + offset, text)
        col += len(subs)
    for c in range(1, width + 1):
        ws.cell(6, c, f"({c})")
    counts = onestop_counts()
    for i, (name, values) in enumerate(counts):
        ws.append([i + 1, name, *values])
    totals = [sum(v[k] for _, v in counts) for k in range(width - 2)]
    totals[0] += total_off_by
    ws.append([None, "Tổng cộng", *totals])
    end = ws.max_row
    ws.cell(end + 2, 1, "Ghi chú: số liệu trích xuất từ Hệ thống thông tin giải quyết TTHC của tỉnh.")
    ws.cell(end + 4, 2, "Người lập biểu")
    ws.cell(end + 4, width - 1, "KT. CHỦ TỊCH")
    return _saved(book)


def xlsx_bytes(sheets: dict[str, Sequence[Sequence[object]]],
               merged: dict[str, Sequence[str]] | None = None) -> bytes:
    """A workbook with one sheet per item (rows from A1; ``None`` leaves a cell empty) and
    the merged ranges given per sheet ("A1:F1")."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(r, c, value)
        for ref in (merged or {}).get(name, ()):
            ws.merge_cells(ref)
    return _saved(book)


def _saved(book: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- Excel 97–2003 (BIFF8 in an OLE2 file)
def _record(kind: int, payload: bytes) -> bytes:
    return struct.pack("<HH", kind, len(payload)) + payload


def _biff_sheet(rows: Sequence[Sequence[object]]) -> bytes:
    cells = []
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                cells.append(_record(0x0203, struct.pack("<HHHd", r, c, 0, float(value))))   # NUMBER
            elif value is not None:
                text = str(value).encode("utf-16-le")
                cells.append(_record(0x0204, struct.pack("<HHHHB", r, c, 0, len(text) // 2, 1) + text))  # LABEL
    width = max((len(row) for row in rows), default=0)
    return b"".join([_record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0, 0, 0, 0)),       # BOF, worksheet
                     _record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0)),          # DIMENSIONS
                     *cells, _record(0x000A, b"")])


def xls_bytes(sheets: dict[str, Sequence[Sequence[object]]]) -> bytes:
    """A genuine Excel 97–2003 workbook: a BIFF8 ``Workbook`` stream (BOUNDSHEET, LABEL in
    UTF-16, NUMBER) in a minimal OLE2 compound file (512-byte sectors, one FAT sector)."""
    names = [name.encode("utf-16-le") for name in sheets]
    bodies = [_biff_sheet(rows) for rows in sheets.values()]
    bof = _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0, 0, 0, 0))
    bound = [lambda pos, n=n: _record(0x0085, struct.pack("<IBBBB", pos, 0, 0, len(n) // 2, 1) + n) for n in names]
    globals_size = len(bof) + sum(len(b(0)) for b in bound) + 4
    positions, pos = [], globals_size
    for body in bodies:
        positions.append(pos)
        pos += len(body)
    stream = bof + b"".join(b(p) for b, p in zip(bound, positions)) + _record(0x000A, b"") + b"".join(bodies)
    stream += b"\x00" * (max(4096, -(-len(stream) // 512) * 512) - len(stream))   # no mini stream: ≥ 4096 bytes
    n_stream = len(stream) // 512
    if n_stream + 2 > 128:
        raise ValueError("workbook too large for this minimal writer (one FAT sector)")
    end, free = 0xFFFFFFFE, 0xFFFFFFFF
    fat = [0xFFFFFFFD, end] + [3 + i for i in range(n_stream - 1)] + [end]
    fat_sector = struct.pack("<128I", *(fat + [free] * (128 - len(fat))))
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16
              + struct.pack("<HHHHH6xIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<109I", 0, *[free] * 108))

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        raw = (name + "\x00").encode("utf-16-le") if name else b""
        return (raw.ljust(64, b"\x00") + struct.pack("<HBB3I", len(raw), kind, 1, free, free, child)
                + b"\x00" * 36 + struct.pack("<IQ", start, size))

    directory = (entry("Root Entry", 5, 1, end, 0) + entry("Workbook", 2, free, 2, len(stream))
                 + entry("", 0, free, 0, 0) * 2)
    return header + fat_sector + directory + stream


def make_table(headers, rows, *, title="", total=None, decimal=".") -> Table:
    """A table as layout.find_table gives it: header on file row 2, data from row 3."""
    return Table(sheet="t", title=title, headers=list(headers), header_row_numbers=[2],
                 rows=[list(r) for r in rows], row_numbers=list(range(3, 3 + len(rows))), total=total,
                 total_row_number=3 + len(rows) if total else None, decimal=decimal)


def xlsx_with_formulas(rows: Sequence[Sequence[object]], cached: dict[str, object] | None = None) -> bytes:
    """One sheet "Bảng" of ``rows`` where a text starting with "=" is a formula, written as
    openpyxl writes it (no saved value, as a workbook never opened in Excel), except the cells
    named in ``cached`` ("B3": 2, "A4": "Hà Nội"), which keep that value as Excel saves it (a text
    result with ``t="str"``)."""
    data = xlsx_bytes({"Bảng": rows})
    part = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        files = {name: book.read(name) for name in book.namelist()}
    xml = files[part]
    for ref, value in (cached or {}).items():
        pattern = re.compile(rb'<c r="' + ref.encode() + rb'"([^>]*)>(<f>.*?</f>)<v\s*/?>(?:</v>)?</c>', re.S)
        kind = b' t="str"' if isinstance(value, str) else b""
        text = xml_escape(str(value)).encode("utf-8")
        xml, n = pattern.subn(lambda m: b'<c r="' + ref.encode() + b'"' + m.group(1) + kind + b">" + m.group(2)
                              + b"<v>" + text + b"</v></c>", xml)
        if n != 1:
            raise ValueError(f"no formula cell {ref} to give a value")
    files[part] = xml
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for name, body in files.items():
            book.writestr(name, body)
    return out.getvalue()
