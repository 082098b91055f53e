"""Empty templates to fill in, per index: the units of a level prefilled, one column per input.

Rules: the columns are "Mã đơn vị" (the unit id, which resolves whatever the name's spelling),
"Tên đơn vị", then each input of the index (:meth:`~cchc.definitions.IndexDef.leaf_inputs`) by
its code and name ("6.1. Y tế công lập") or, for a raw count, its name and id ("Số hồ sơ tiếp
nhận (onestop.received)"), so a filled template maps by itself. The units are those of ``level``
(default: the index's first) on the period's geography (no period: today's, vn34), below
``parent`` when given. CSV: UTF-8 with a BOM, the header on the first line (choose the period
when importing). XLSX: a title row naming the index, the period, the level (and the parent),
then the header; a "Hướng dẫn" sheet explains each column, its valid values and how to mark a
unit not scored ("-" or an empty cell, never 0).

>>> from cchc.store import Store
>>> rows = list(csv.reader(template_csv("par", Store(), period="2023").decode("utf-8-sig").splitlines()))
>>> rows[0][:3]
['Mã đơn vị', 'Tên đơn vị', '1. Công tác chỉ đạo, điều hành cải cách hành chính']
>>> rows[1][:3], len(rows) - 1     # the 63 provinces of 2023, values left empty
(['vn63:province:01', 'Thành phố Hà Nội', ''], 63)
"""

from __future__ import annotations

import csv
import io

import polars as pl
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from cchc.definitions import IndexDef
from cchc.intake.mapping import geography_of
from cchc.periods import period_label
from cchc.store import Store
from cchc.units import descendant_ids, restrict, unit_label
from cchc.words import WORDS, word

BOM = b"\xef\xbb\xbf"


def template_columns(definition: IndexDef, lang: str = "vi") -> list[tuple[str, str]]:
    """``(indicator id, header)`` of every input column of ``definition``."""
    out = []
    for ident in definition.leaf_inputs():
        if ident in definition:
            out.append((ident, definition.node(ident).label(lang)))
            continue
        if f"input.{ident}" in WORDS:
            name = word(f"input.{ident}", lang)
        else:  # the numerator or denominator of a ratio leaf
            node = next(n for n in definition.nodes() if ident in n.numerator + n.denominator)
            name = word("template.numerator" if ident in node.numerator else "template.denominator", lang,
                        name=node.label(lang))
        out.append((ident, f"{name} ({ident})"))
    return out


def template_units(definition: IndexDef, store: Store, *, level: str | None = None, period: str | None = None,
                   parent: str | None = None) -> pl.DataFrame:
    """The units a template lists: ``unit_id``, ``name_vi``, ``name_en``, sorted by id."""
    units = restrict(store.units, level=level or definition.levels[0],
                     geography=geography_of(period) if period else "vn34")
    if parent is not None:
        units = units.filter(pl.col("unit_id").is_in(sorted(descendant_ids(store.units, parent))))
    return units.select("unit_id", "name_vi", "name_en").sort("unit_id")


def _grid(index: str, store: Store, level, period, parent, lang) -> tuple[IndexDef, list[str], list[list[str]]]:
    definition = store.definition(index)
    headers = [word("template.unit_code", lang), word("template.unit_name", lang),
               *(h for _, h in template_columns(definition, lang))]
    units = template_units(definition, store, level=level, period=period, parent=parent)
    rows = [[uid, name] + [""] * (len(headers) - 2)
            for uid, name in units.select("unit_id", "name_en" if lang == "en" else "name_vi").iter_rows()]
    return definition, headers, rows


def template_csv(index: str, store: Store, *, level: str | None = None, period: str | None = None,
                 parent: str | None = None, lang: str = "vi") -> bytes:
    """The template as CSV (UTF-8 with BOM, comma-separated): header, then one row per unit."""
    _, headers, rows = _grid(index, store, level, period, parent, lang)
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([headers, *rows])
    return BOM + out.getvalue().encode("utf-8")


def template_xlsx(index: str, store: Store, *, level: str | None = None, period: str | None = None,
                  parent: str | None = None, lang: str = "vi") -> bytes:
    """The template as a workbook: a title row, the header and the units; a guide sheet."""
    definition, headers, rows = _grid(index, store, level, period, parent, lang)
    level = level or definition.levels[0]
    title = word("template.title", lang, index=definition.short(lang),
                 period=period_label(period, lang) if period else "…", level=word(f"level.{level}", lang))
    if parent is not None:
        title += " — " + (unit_label(store.units, parent, lang, full=True) or parent)
    book = Workbook()
    sheet = book.active
    sheet.title = word("template.data_sheet", lang)
    sheet.cell(1, 1, title).font = Font(bold=True, size=13)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    for j, text in enumerate(headers, start=1):
        cell = sheet.cell(3, j, text)
        cell.font, cell.alignment = Font(bold=True), Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(j)].width = 22 if j > 2 else 28
    for i, row in enumerate(rows, start=4):
        for j, text in enumerate(row[:2], start=1):
            sheet.cell(i, j, text).data_type = "s"
    sheet.freeze_panes = sheet.cell(4, 3)

    guide = book.create_sheet(word("template.guide_sheet", lang))
    guide.append([title])
    guide.append([word(f"template.guide.{k}", lang) for k in ("column", "meaning", "values")])
    guide.append([headers[0], word("template.guide.code", lang), ""])
    guide.append([headers[1], word("template.guide.name", lang), ""])
    for (ident, header) in template_columns(definition, lang):
        guide.append([header, ident, _valid(definition, ident, lang)])
    guide.append([word("template.guide.not_scored", lang)])
    for j, width in enumerate((40, 40, 50), start=1):
        guide.column_dimensions[get_column_letter(j)].width = width
    for cell in guide[2]:
        cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _valid(definition: IndexDef, ident: str, lang: str) -> str:
    """What may be written in an input's column: its scale and decimals, or a count."""
    if ident not in definition:
        return word("template.guide.count", lang)
    node = definition.node(ident)
    low, high = (node.scale.min, node.scale.max) if node.scale else (0, node.max_points)

    def shown(x: float | None) -> str:
        text = f"{x:g}" if x is not None else "…"
        return text.replace(".", ",") if lang == "vi" else text
    return word("template.guide.scale", lang, low=shown(low), high=shown(high), decimals=node.decimals)
