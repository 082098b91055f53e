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
from typing import Any, Mapping

import polars as pl
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from cchc.metadata import LeagueMeta, exported_at
from cchc.numbers import round_half_up
from cchc.safety import is_formula_like, neutralise_frame
from cchc.words import word

BOM = b"\xef\xbb\xbf"
# League-table columns as exported: (column, kind); headers are the catalogue's "sheet.col.<column>".
# kind: int | score (the index's decimals) | change (signed) | pct | text | group | region
LEAGUE_EXPORT_COLUMNS: list[tuple[str, str]] = [
    ("rank", "int"), ("unit", "text"), ("unit_id", "text"), ("region", "region"), ("score", "score"),
    ("change", "change"), ("prev_period", "text"), ("prev_score", "score"), ("prev_rank", "int"),
    ("rank_change", "int_change"), ("group_label", "group"), ("percentile", "pct"), ("reason", "text"),
    ("coverage", "text"),
]
# Rows of the metadata sheet: LeagueMeta fields, labelled by the catalogue's "sheet.info.<field>".
INFO_FIELDS = ("index_name", "indicator_name", "period_label", "level_label", "geography_label", "filters_text",
               "unit", "direction_text", "source", "method", "notes", "summary_text", "demo_text", "exported_text")

HEADER_FILL = "1F2933"
HEADER_FONT = "FFFFFF"
FONT = "Noto Sans"


def is_league_table(table: pl.DataFrame) -> bool:
    return {"rank", "unit", "score"} <= set(table.columns)


def export_columns(table: pl.DataFrame, lang: str = "vi") -> list[tuple[str, str, str]]:
    """``(column, header, kind)`` of the columns of ``table`` to export (league tables: the curated set)."""
    if is_league_table(table):
        return [(c, word(f"sheet.col.{c}", lang), kind) for c, kind in LEAGUE_EXPORT_COLUMNS if c in table.columns]
    kinds = {pl.Int64: "int", pl.Int32: "int", pl.Float64: "score", pl.Float32: "score"}
    return [(c, c, kinds.get(t, "text")) for c, t in table.schema.items()]


def csv_bytes(table: pl.DataFrame, *, decimals: int | None = None, lang: str | None = None,
              region_names: Mapping[str, str] | None = None) -> bytes:
    """``table`` as CSV in UTF-8 with a BOM (Excel then shows Vietnamese letters).

    By default every column with its own name (a faithful, machine-readable
    copy); with ``lang`` a league table is written with the exported columns
    and their Vietnamese/English headers, as in the XLSX. Floats are rounded
    to ``decimals`` when given. Formula-like text is neutralised.
    """
    out = table
    if lang is not None:
        cols = export_columns(table, lang)
        out = table.select([pl.col(c).alias(head) for c, head, _ in cols])
        if region_names and "region" in table.columns:
            header = next(head for c, head, _ in cols if c == "region")
            out = out.with_columns(pl.col(header).replace(dict(region_names)))
    if decimals is not None:
        out = out.with_columns(pl.col(pl.Float64, pl.Float32).round(decimals))
    out = neutralise_frame(out)
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


def xlsx_bytes(table: pl.DataFrame, meta: LeagueMeta | None = None, *, now: datetime | None = None) -> bytes:
    """A workbook: the league table, formatted, and a "Thông tin" (About) metadata sheet.

    ``meta`` (:class:`~cchc.metadata.LeagueMeta`) gives the title, subtitle,
    source note, decimals, group colours, region names and the facts listed on
    the metadata sheet; without it, a plain sheet in Vietnamese with 2 decimals.
    """

    meta = exported_at(meta, now) if meta is not None else None
    lang = meta.lang if meta else "vi"
    decimals = meta.decimals if meta else 2
    colours = dict(meta.group_colours) if meta else {}
    regions = dict(meta.region_names) if meta else {}
    cols = export_columns(table, lang)

    wb = Workbook()
    ws = wb.active
    ws.title = _clean_sheet_title(word("sheet.league", lang))
    base = Font(name=FONT, size=11)
    row = 1
    for key, size, bold, colour in (("title", 14, True, "1F2933"), ("subtitle", 11, False, "4B5563"),
                                    ("source_note", 9, False, "6B7280")):
        if meta is not None and getattr(meta, key):
            _put(ws, row, 1, getattr(meta, key), font=Font(name=FONT, size=size, bold=bold, color=colour, italic=key == "source_note"))
            row += 1
    header_row = row + 1 if row > 1 else 1
    thin = Side(style="thin", color="D1D5DB")
    for j, (_, head, _) in enumerate(cols, start=1):
        _put(ws, header_row, j, head,
             font=Font(name=FONT, size=11, bold=True, color=HEADER_FONT),
             fill=PatternFill("solid", fgColor=HEADER_FILL),
             alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
             border=Border(bottom=thin))
    widths = [len(head) for _, head, _ in cols]
    group_codes = table["group"].to_list() if "group" in table.columns else [None] * table.height
    for i, rec in enumerate(table.iter_rows(named=True)):
        r = header_row + 1 + i
        for j, (name, _, kind) in enumerate(cols, start=1):
            value = rec[name]
            if kind in ("score", "change") and isinstance(value, float):
                value = round_half_up(value, decimals)  # stored at the published precision, not 2.5154999…
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

    info = wb.create_sheet(word("sheet.info", lang))
    _put(info, 1, 1, word("sheet.item", lang), font=Font(name=FONT, bold=True, color=HEADER_FONT),
         fill=PatternFill("solid", fgColor=HEADER_FILL))
    _put(info, 1, 2, word("sheet.value", lang), font=Font(name=FONT, bold=True, color=HEADER_FONT),
         fill=PatternFill("solid", fgColor=HEADER_FILL))
    r = 2
    for key in INFO_FIELDS if meta is not None else ():
        if getattr(meta, key) in (None, ""):
            continue
        _put(info, r, 1, word(f"sheet.info.{key}", lang), font=Font(name=FONT, bold=True))
        _put(info, r, 2, str(getattr(meta, key)), font=base, alignment=Alignment(wrap_text=True, vertical="top"))
        r += 1
    info.column_dimensions["A"].width = 22
    info.column_dimensions["B"].width = 100
    info.freeze_panes = "A2"

    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
