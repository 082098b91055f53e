"""Tables as CSV (UTF-8 with BOM, for Excel) and XLSX (formatted league table + metadata sheet).

Text from data that a spreadsheet would execute — starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return — is neutralised: in CSV it gets a
leading apostrophe; in XLSX it is written as a string cell with Excel's
"quote prefix" (shown and kept as text, never a formula). Numbers stay numbers;
missing values stay empty (never 0).

>>> csv_bytes(pl.DataFrame({"unit": ["Hà Nội", "=1+1"]}))[:3] == BOM
True
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from typing import Any

import polars as pl

from cchc.export.meta import INFO_ROWS, exported_at

BOM = b"\xef\xbb\xbf"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_RE = r"^[=+\-@\t\r]"

# League-table columns as exported: (column, Vietnamese header, English header, kind).
# kind: int | score (the index's decimals) | change (signed) | pct | text | group | region
LEAGUE_EXPORT_COLUMNS: list[tuple[str, str, str, str]] = [
    ("rank", "Hạng", "Rank", "int"),
    ("unit", "Đơn vị", "Unit", "text"),
    ("unit_id", "Mã đơn vị", "Unit id", "text"),
    ("region", "Vùng", "Region", "region"),
    ("score", "Điểm", "Score", "score"),
    ("change", "Thay đổi", "Change", "change"),
    ("prev_period", "Kỳ so sánh", "Compared with", "text"),
    ("prev_score", "Điểm kỳ so sánh", "Previous score", "score"),
    ("prev_rank", "Hạng kỳ so sánh", "Previous rank", "int"),
    ("rank_change", "Thay đổi hạng", "Rank change", "int_change"),
    ("group_label", "Nhóm", "Group", "group"),
    ("percentile", "Phân vị", "Percentile", "pct"),
    ("reason", "Ghi chú", "Note", "text"),
    ("coverage", "Độ phủ (đơn vị cũ)", "Coverage (old units)", "text"),
]

HEADER_FILL = "1F2933"
HEADER_FONT = "FFFFFF"
FONT = "Noto Sans"


def neutralise(value: Any) -> Any:
    """``"'=1+1"`` for formula-like text (CSV); anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def _neutralise_frame(table: pl.DataFrame) -> pl.DataFrame:
    exprs = [
        pl.when(pl.col(c).str.contains(_FORMULA_RE)).then(pl.lit("'") + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c, t in table.schema.items() if t == pl.String
    ]
    return table.with_columns(exprs) if exprs else table


def is_league_table(table: pl.DataFrame) -> bool:
    return {"rank", "unit", "score"} <= set(table.columns)


def export_columns(table: pl.DataFrame) -> list[tuple[str, str, str, str]]:
    """The columns of ``table`` to export with their headers and kinds (league tables: the curated set)."""
    if is_league_table(table):
        return [c for c in LEAGUE_EXPORT_COLUMNS if c[0] in table.columns]
    kinds = {pl.Int64: "int", pl.Int32: "int", pl.Float64: "score", pl.Float32: "score"}
    return [(c, c, c, kinds.get(t, "text")) for c, t in table.schema.items()]


def csv_bytes(table: pl.DataFrame, *, decimals: int | None = None, lang: str | None = None,
              region_names: dict[str, str] | None = None) -> bytes:
    """``table`` as CSV in UTF-8 with a BOM (Excel then shows Vietnamese letters).

    By default every column with its own name (a faithful, machine-readable
    copy); with ``lang`` a league table is written with the exported columns
    and their Vietnamese/English headers, as in the XLSX. Floats are rounded
    to ``decimals`` when given. Formula-like text is neutralised.
    """
    out = table
    if lang is not None:
        cols = export_columns(table)
        out = table.select([pl.col(c).alias(vi if lang == "vi" else en) for c, vi, en, _ in cols])
        if region_names and "region" in table.columns:
            header = next(vi if lang == "vi" else en for c, vi, en, _ in cols if c == "region")
            out = out.with_columns(pl.col(header).replace(region_names))
    if decimals is not None:
        out = out.with_columns(pl.col(pl.Float64, pl.Float32).round(decimals))
    out = _neutralise_frame(out)
    nested = [c for c, t in out.schema.items() if t.is_nested()]
    if nested:
        out = out.with_columns(pl.col(nested).cast(pl.String, strict=False))
    return BOM + out.write_csv(null_value="").encode("utf-8")


# ------------------------------------------------------------------ XLSX
def _number_format(kind: str, decimals: int) -> str | None:
    frac = "." + "0" * decimals if decimals > 0 else ""
    return {
        "int": "0",
        "int_change": '+0;"−"0;0',
        "score": f"#,##0{frac}",
        "change": f'+#,##0{frac};"−"#,##0{frac};0',
        "pct": "0.0",
    }.get(kind)


def _text_colour(fill: str) -> str:
    """Black or white, whichever reads better on ``fill`` (hex ``#rrggbb``)."""
    r, g, b = (int(fill.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    return "000000" if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "FFFFFF"


def _put(ws: Any, row: int, col: int, value: Any, **style: Any) -> Any:
    """Write one cell; formula-like text becomes a quote-prefixed string cell."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, float) and value != value:  # NaN: missing, never a number
        value = None
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
        if is_formula_like(value):
            cell.quotePrefix = True
    for key, val in style.items():
        setattr(cell, key, val)
    return cell


def _clean_sheet_title(text: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", " ", text)[:31]


def xlsx_bytes(table: pl.DataFrame, meta: dict[str, Any] | None = None, *, now: datetime | None = None) -> bytes:
    """A workbook: the league table, formatted, and a "Thông tin" (About) metadata sheet.

    ``meta`` is :func:`cchc.export.meta.league_meta` (title, subtitle,
    source_note, decimals, group_colours, region_names, and the facts listed on
    the metadata sheet); any missing key is simply left out.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    meta = exported_at(dict(meta or {}), now)
    lang = meta.get("lang", "vi")
    vi = lang == "vi"
    decimals = int(meta.get("decimals", 2))
    colours = meta.get("group_colours") or {}
    regions = meta.get("region_names") or {}
    cols = export_columns(table)

    wb = Workbook()
    ws = wb.active
    ws.title = _clean_sheet_title("Bảng xếp hạng" if vi else "League table")
    base = Font(name=FONT, size=11)
    row = 1
    for key, size, bold, colour in (("title", 14, True, "1F2933"), ("subtitle", 11, False, "4B5563"),
                                    ("source_note", 9, False, "6B7280")):
        if meta.get(key):
            _put(ws, row, 1, meta[key], font=Font(name=FONT, size=size, bold=bold, color=colour, italic=key == "source_note"))
            row += 1
    header_row = row + 1 if row > 1 else 1
    thin = Side(style="thin", color="D1D5DB")
    for j, (_, head_vi, head_en, _) in enumerate(cols, start=1):
        _put(ws, header_row, j, head_vi if vi else head_en,
             font=Font(name=FONT, size=11, bold=True, color=HEADER_FONT),
             fill=PatternFill("solid", fgColor=HEADER_FILL),
             alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
             border=Border(bottom=thin))
    widths = [len(head_vi if vi else head_en) for _, head_vi, head_en, _ in cols]
    group_codes = table["group"].to_list() if "group" in table.columns else [None] * table.height
    for i, rec in enumerate(table.iter_rows(named=True)):
        r = header_row + 1 + i
        for j, (name, _, _, kind) in enumerate(cols, start=1):
            value = rec[name]
            if kind == "region" and value is not None:
                value = regions.get(value, value)
            cell = _put(ws, r, j, value, font=base, border=Border(bottom=thin))
            fmt = _number_format(kind, decimals)
            if fmt and isinstance(value, (int, float)):
                cell.number_format = fmt
            if kind == "group" and group_codes[i] in colours:
                fill = colours[group_codes[i]]
                cell.fill = PatternFill("solid", fgColor=fill.lstrip("#").upper())
                cell.font = Font(name=FONT, size=11, color=_text_colour(fill))
            shown = f"{value:.{decimals}f}" if isinstance(value, float) else ("" if value is None else str(value))
            widths[j - 1] = max(widths[j - 1], len(shown))
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = min(max(w + 2, 6), 60)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=3 if len(cols) > 2 else 1)
    if table.height:
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(cols))}{header_row + table.height}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    info = wb.create_sheet("Thông tin" if vi else "About")
    _put(info, 1, 1, "Mục" if vi else "Item", font=Font(name=FONT, bold=True, color=HEADER_FONT),
         fill=PatternFill("solid", fgColor=HEADER_FILL))
    _put(info, 1, 2, "Nội dung" if vi else "Value", font=Font(name=FONT, bold=True, color=HEADER_FONT),
         fill=PatternFill("solid", fgColor=HEADER_FILL))
    r = 2
    for key, label_vi, label_en in INFO_ROWS:
        if meta.get(key) in (None, ""):
            continue
        _put(info, r, 1, label_vi if vi else label_en, font=Font(name=FONT, bold=True))
        _put(info, r, 2, str(meta[key]), font=base, alignment=Alignment(wrap_text=True, vertical="top"))
        r += 1
    info.column_dimensions["A"].width = 22
    info.column_dimensions["B"].width = 100
    info.freeze_panes = "A2"

    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
