"""cchc.export.tables: CSV with BOM and formatted XLSX equal the league table; formula-like text is inert."""

import dataclasses
import io
from datetime import datetime

import polars as pl
import pytest
from openpyxl import load_workbook
from polars.testing import assert_frame_equal

from cchc.export.spreadsheets import BOM, csv_bytes, xlsx_bytes
from cchc.safety import neutralise
from tests.export_support import TITLE, papi_view  # noqa: F401

NASTY = ["=HYPERLINK(\"http://x\",\"y\")", "+1+2", "-3+4", "@SUM(A1)", "\tcmd", "\rcmd"]


@pytest.fixture()
def nasty_table(papi_view):
    table, _ = papi_view
    # ranks 7-12: some changes there are negative
    return table.slice(6, len(NASTY)).with_columns(pl.Series("unit", NASTY), pl.Series("reason", NASTY))


def test_csv_has_a_bom_and_round_trips(papi_view):
    table, _ = papi_view
    data = csv_bytes(table)
    assert data.startswith(BOM) and not data[3:].startswith(BOM)
    back = pl.read_csv(io.BytesIO(data[3:]), schema_overrides=table.schema)
    assert_frame_equal(back, table)
    assert "Thừa Thiên Huế" in data.decode("utf-8-sig")


def test_csv_in_vietnamese_rounds_to_the_published_decimals(papi_view):
    table, meta = papi_view
    text = csv_bytes(table, decimals=meta.decimals, lang="vi", region_names=meta.region_names).decode("utf-8-sig")
    header, first = text.splitlines()[:2]
    assert header.startswith("Hạng,Đơn vị,Mã đơn vị,Vùng,Điểm,Thay đổi")
    assert first.startswith("1,Thừa Thiên Huế,vn63:province:46,Bắc Trung Bộ") and ",46.0415,2.5155," in first
    assert text.count("\n") == 64  # header + 63 provinces


def test_csv_neutralises_formula_like_text_but_not_numbers(nasty_table):
    back = pl.read_csv(io.BytesIO(csv_bytes(nasty_table)[3:]), schema_overrides=nasty_table.schema)
    assert back["unit"].to_list() == ["'" + v for v in NASTY]
    assert back["reason"].to_list() == ["'" + v for v in NASTY]
    assert back["change"].to_list() == pytest.approx(nasty_table["change"].to_list())  # negative numbers stay numbers
    assert any(v < 0 for v in back["change"].to_list())
    assert neutralise("Hà Nội") == "Hà Nội" and neutralise(-1.5) == -1.5


def test_xlsx_league_sheet_equals_the_table(papi_view):
    table, meta = papi_view
    wb = load_workbook(io.BytesIO(xlsx_bytes(table, meta, now=datetime(2026, 3, 5, 9, 30))))
    assert wb.sheetnames == ["Bảng xếp hạng", "Thông tin"]
    ws = wb["Bảng xếp hạng"]
    assert ws["A1"].value == TITLE and ws["A1"].font.b and ws["A2"].value == meta.subtitle
    assert "DỮ LIỆU MINH HỌA" in ws["A3"].value
    header = [c.value for c in ws[5]]
    assert header[:6] == ["Hạng", "Đơn vị", "Mã đơn vị", "Vùng", "Điểm", "Thay đổi"]
    assert ws.freeze_panes == "C6"
    rows = list(ws.iter_rows(min_row=6, values_only=True))
    assert len(rows) == table.height == 63
    col = {h: i for i, h in enumerate(header)}
    for got, want in zip(rows, table.iter_rows(named=True)):
        assert got[col["Hạng"]] == want["rank"] and got[col["Đơn vị"]] == want["unit"]
        assert got[col["Mã đơn vị"]] == want["unit_id"] and got[col["Nhóm"]] == want["group_label"]
        assert got[col["Điểm"]] == (pytest.approx(want["score"]) if want["score"] is not None else None)
        assert got[col["Thay đổi"]] == (pytest.approx(want["change"]) if want["change"] is not None else None)
    assert rows[-1][col["Điểm"]] is None and rows[-1][col["Ghi chú"]]  # not scored: empty, never 0, with the reason
    score, change = ws.cell(6, col["Điểm"] + 1), ws.cell(6, col["Thay đổi"] + 1)
    assert score.number_format == "#,##0.0000" and change.number_format.startswith("+#,##0.0000")
    assert isinstance(score.value, float)
    group = ws.cell(6, col["Nhóm"] + 1)
    assert group.fill.fgColor.rgb.endswith("0072B2") and group.font.color.rgb.endswith("FFFFFF")
    assert ws.cell(6, col["Vùng"] + 1).value == "Bắc Trung Bộ và duyên hải miền Trung"
    assert ws.column_dimensions["B"].width >= len("Bà Rịa - Vũng Tàu")


def test_xlsx_information_sheet(papi_view):
    table, meta = papi_view
    wb = load_workbook(io.BytesIO(xlsx_bytes(table, meta, now=datetime(2026, 3, 5, 9, 30))))
    info = {r[0]: r[1] for r in wb["Thông tin"].iter_rows(min_row=2, values_only=True)}
    assert info["Chỉ số"] == TITLE and info["Kỳ"] == "Năm 2023" and info["Cấp"] == "Cấp tỉnh"
    assert info["Nguồn"].startswith("UNDP") and info["Phương pháp"] != "—"
    assert info["Thời điểm xuất"] == "05/03/2026 09:30" and info["Dữ liệu minh họa"].startswith("Có")
    assert info["Bộ lọc"] == "Không" and info["Tóm tắt"] == "61/63 đơn vị được xếp hạng; 2 không có số liệu"


def test_xlsx_writes_formula_like_text_as_inert_strings(nasty_table, papi_view):
    _, meta = papi_view
    wb = load_workbook(io.BytesIO(xlsx_bytes(nasty_table, dataclasses.replace(meta, title="=1+1"))))
    ws = wb.active
    assert ws["A1"].value == "=1+1" and ws["A1"].data_type == "s" and ws["A1"].quotePrefix
    header = [c.value for c in ws[5]]
    units = [ws.cell(r, header.index("Đơn vị") + 1) for r in range(6, 6 + len(NASTY))]
    assert [c.value for c in units] == NASTY  # the exact text, shown as text
    assert all(c.data_type == "s" and c.quotePrefix for c in units)
    changes = [ws.cell(r, header.index("Thay đổi") + 1) for r in range(6, 6 + len(NASTY))]
    assert all(c.data_type == "n" for c in changes if c.value is not None)


def test_xlsx_of_any_frame_and_english(papi_view):
    _, meta = papi_view
    frame = pl.DataFrame({"period": ["2023", "2024"], "value": [1.5, None], "note": ["ok", "-x"]})
    wb = load_workbook(io.BytesIO(xlsx_bytes(frame, dataclasses.replace(meta, lang="en"))))
    assert wb.sheetnames == ["League table", "About"]
    ws = wb.active
    assert [c.value for c in ws[5]] == ["period", "value", "note"]
    assert [c.value for c in ws[7]] == ["2024", None, "-x"] and ws["C7"].quotePrefix


def test_xlsx_stores_scores_and_changes_at_the_published_precision(papi_view):
    table, meta = papi_view
    ws = load_workbook(io.BytesIO(xlsx_bytes(table, meta))).active
    header = [c.value for c in ws[5]]
    changes = [ws.cell(r, header.index("Thay đổi") + 1).value for r in range(6, 6 + table.height)]
    scores = [ws.cell(r, header.index("Điểm") + 1).value for r in range(6, 6 + table.height)]
    assert changes[0] == 2.5155 and all(v is None or round(v, 4) == v for v in changes + scores)
