"""cchc/intake/templates.py: the templates' columns and units, the guide sheet, and a filled
template importing cleanly through reading, layout, mapping and validation."""

from __future__ import annotations

import csv
import io

import openpyxl
import polars as pl
import pytest

from cchc.intake.mapping import Vocabulary
from cchc.intake.pipeline import Options, plan_import
from cchc.intake.templates import BOM, template_columns, template_csv, template_units, template_xlsx
from cchc.store import Store


@pytest.fixture(scope="module")
def store() -> Store:
    return Store()


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data[len(BOM):].decode("utf-8"))))


@pytest.mark.parametrize("index", ["papi", "par", "sipas", "svc766", "hy_par_so", "hy_par_xa"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_input_column_maps_back_to_its_indicator(store, index, lang):
    definition = store.definition(index)
    columns = template_columns(definition, lang)
    assert [ident for ident, _ in columns] == list(definition.leaf_inputs())
    vocab = Vocabulary(definition)
    assert [vocab(header) for _, header in columns] == [ident for ident, _ in columns]


@pytest.mark.parametrize("index, lang, expected", [
    ("papi", "vi", ["Mã đơn vị", "Tên đơn vị", "1.1. Tri thức công dân"]),
    ("papi", "en", ["Unit code", "Unit name", "1.1. Civic knowledge"]),
    ("svc766", "vi", ["Mã đơn vị", "Tên đơn vị", "Số TTHC công khai đầy đủ (onestop.procedures_published)"]),
    ("sipas", "vi", ["Mã đơn vị", "Tên đơn vị", "1. Tiếp cận dịch vụ — tử số (sipas.1.satisfied)"]),
])
def test_csv_headers(store, index, lang, expected):
    rows = csv_rows(template_csv(index, store, period="2023", lang=lang))
    assert rows[0][:3] == expected
    assert len(rows[0]) == 2 + len(store.definition(index).leaf_inputs())


@pytest.mark.parametrize("index, options, count, first", [
    ("papi", {"period": "2023"}, 63, ["vn63:province:01", "Thành phố Hà Nội"]),
    ("papi", {"period": "2025"}, 34, ["vn34:province:01", "Thành phố Hà Nội"]),
    ("papi", {}, 34, ["vn34:province:01", "Thành phố Hà Nội"]),                       # today's provinces
    ("svc766", {"level": "commune", "period": "2024-05", "parent": "vn63:district:332"}, 11,
     ["vn63:commune:12337", "Thị trấn Vương"]),
    ("hy_par_xa", {"level": "district", "period": "2024", "parent": "vn63:province:33"}, 10,
     ["vn63:district:323", "Thành phố Hưng Yên"]),
    ("hy_par_xa", {"level": "district", "period": "2025-07"}, 0, None),               # no districts any more
    ("hy_par_xa", {"level": "commune", "period": "2024", "parent": "vn63:district:332"}, 11,   # Tiên Lữ's communes
     ["vn63:commune:12337", "Thị trấn Vương"]),
    ("hy_par_xa", {"level": "commune", "period": "2024", "parent": "vn63:province:33"}, 139,  # all of Hưng Yên's
     ["vn63:commune:11950", "Phường Lam Sơn"]),
    ("hy_par_xa", {"level": "commune", "period": "2025", "parent": "vn34:province:33"}, 104,  # after the merger
     ["vn34:commune:11953", "Phường Phố Hiến"]),
    ("hy_par_xa", {"level": "commune", "period": "2024", "parent": "vn63:district:332", "lang": "en"}, 11,
     ["vn63:commune:12337", "Vuong Township"]),
    ("papi", {"period": "2023", "lang": "en"}, 63, ["vn63:province:01", "Ha Noi City"]),
])
def test_the_units_are_prefilled(store, index, options, count, first):
    rows = csv_rows(template_csv(index, store, **options))[1:]
    assert len(rows) == count
    assert rows[0][:2] == first if first else rows == []
    assert all(cell == "" for row in rows for cell in row[2:])


def test_template_units(store):
    units = template_units(store.definition("hy_par_so"), store, period="2025")
    assert units.columns == ["unit_id", "name_vi", "name_en"]
    assert units.height == 14 and units["unit_id"].str.starts_with("vn34:department:33.").all()


def test_the_workbook_has_a_title_row_and_a_guide(store):
    data = template_xlsx("papi", store, period="2023")
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Số liệu", "Hướng dẫn"]
    sheet, guide = book["Số liệu"], book["Hướng dẫn"]
    assert sheet["A1"].value == "PAPI — Năm 2023 — Cấp tỉnh"
    assert [c.value for c in sheet[3]][:3] == ["Mã đơn vị", "Tên đơn vị", "1.1. Tri thức công dân"]
    assert sheet["A4"].value == "vn63:province:01" and sheet.max_row == 3 + 63
    lines = [[c.value for c in row] for row in guide.iter_rows()]
    assert lines[1] == ["Cột", "Nội dung", "Giá trị hợp lệ"]
    assert ["1.1. Tri thức công dân", "papi.1.1", "Số từ 0,25 đến 2,5, 4 chữ số thập phân"] in lines
    assert "không ghi 0" in lines[-1][0]


def test_a_count_is_explained_as_a_count(store):
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx("svc766", store, level="commune", period="2024-05",
                                                           parent="vn63:district:332", lang="en")))
    assert book["Data"]["A1"].value == "766 index — May 2024 — Communes — Tien Lu District"
    lines = [[c.value for c in row] for row in book["Guide"].iter_rows()]
    assert ["Dossiers received (onestop.received)", "onestop.received", "A whole number, not negative"] in lines


# ---------------------------------------------------------------- a template filled in imports cleanly
FILLED = [
    ("papi", {"period": "2023"}),
    ("sipas", {"period": "2023"}),
    ("svc766", {"level": "commune", "period": "2024-05", "parent": "vn63:district:332"}),
    ("svc766", {"level": "commune", "period": "2025-09", "parent": "vn34:province:33"}),
    ("hy_par_xa", {"level": "commune", "period": "2024", "parent": "vn63:district:332"}),
    ("hy_par_so", {"level": "department", "period": "2025"}),
]


def _filled_xlsx(data: bytes, values: dict, columns: list[str]) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    for r in range(4, sheet.max_row + 1):
        for j, ident in enumerate(columns, start=3):
            value = values.get((sheet.cell(r, 1).value, ident))
            sheet.cell(r, j, "-" if value is None else value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _filled_csv(data: bytes, values: dict, columns: list[str]) -> bytes:
    rows = csv_rows(data)
    for row in rows[1:]:
        row[2:] = ["-" if values.get((row[0], i)) is None else repr(values[(row[0], i)]) for i in columns]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return BOM + out.getvalue().encode("utf-8")


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
@pytest.mark.parametrize("index, options", FILLED, ids=[f"{i}-{o['period']}" for i, o in FILLED])
def test_a_filled_template_imports_cleanly(store, kind, index, options):
    definition = store.definition(index)
    columns = list(definition.leaf_inputs())
    units = template_units(definition, store, level=options.get("level"), period=options["period"],
                           parent=options.get("parent"))["unit_id"].to_list()
    obs = store.observations(index).filter((pl.col("period") == options["period"]) & pl.col("unit_id").is_in(units))
    values = {(u, i): v for u, i, v in obs.select("unit_id", "indicator_id", "value").iter_rows()}
    assert values, "the bundled data have values for these units"
    if kind == "xlsx":
        data = _filled_xlsx(template_xlsx(index, store, **options), values, columns)
        plan = plan_import(data, "mau.xlsx", store)      # the title says the index's period and parent
    else:
        data = _filled_csv(template_csv(index, store, **options), values, columns)
        plan = plan_import(data, "mau.csv", store, Options(period=options["period"]))
    assert (plan.mapping.index, plan.mapping.period) == (index, options["period"])
    assert plan.report.errors == []
    assert {p.code for p in plan.report.warnings} <= {"parts_without_composite"}
    got = {(u, i): v for u, i, v in plan.report.observations.select("unit_id", "indicator_id", "value").iter_rows()}
    assert got == {(u, i): values.get((u, i)) for u in units for i in columns}
