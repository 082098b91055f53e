"""cchc/intake/pipeline.py end to end: bytes of real-looking files → reading → layout → mapping →
validation, sheet choice, and a saved mapping reused on next month's file."""

from __future__ import annotations

import io
from dataclasses import replace

import openpyxl
import polars as pl
import pytest
import yaml

from cchc.intake.mapping import mapping_from_dict, mapping_to_dict
from cchc.intake.model import IntakeError
from cchc.intake.pipeline import Options, choose_table, plan_import
from cchc.intake.reading import read_file
from cchc.store import Store
from tests import intake_files as files


@pytest.fixture(scope="module")
def store() -> Store:
    return Store()


def bundled(store: Store, index: str, period: str) -> dict[tuple[str, str], float | None]:
    obs = store.observations(index).filter(pl.col("period") == period)
    return {(u, i): v for u, i, v in obs.select("unit_id", "indicator_id", "value").iter_rows()}


# ---------------------------------------------------------------- published tables
def test_a_papi_report_table(store):
    plan = plan_import(files.papi_wide_csv(), "papi-2023.csv", store, Options(period="2023"))
    report = plan.report
    assert (plan.mapping.index, plan.mapping.period, report.ok) == ("papi", "2023", True)
    assert {p.code for p in report.problems} == {"composite_without_parts"}   # dimensions without parts
    values = bundled(store, "papi", "2023")
    got = {(u, i): v for u, i, v in report.observations.select("unit_id", "indicator_id", "value").iter_rows()}
    assert len(got) == 8 * 9
    assert got[("vn63:province:46", "papi")] == 46.0415
    assert all(got[k] == round(values[k], 4) for k in got if values.get(k) is not None and k[1] != "papi")
    not_scored = report.observations.filter(pl.col("unit_id") == "vn63:province:22")   # Quảng Ninh
    assert not_scored["value"].null_count() == 9 and set(not_scored["note"]) == {"không được chấm điểm"}


def test_without_a_period_the_import_is_refused(store):
    plan = plan_import(files.papi_wide_csv(), "papi.csv", store)
    assert [p.code for p in plan.report.errors] == ["no_period"]
    assert "Chưa xác định được kỳ số liệu: hãy chọn kỳ" in plan.notes


@pytest.mark.parametrize("encoding, bom", [("utf-8", False), ("utf-8", True), ("cp1258", False)])
def test_a_par_index_annex(store, encoding, bom):
    plan = plan_import(files.par_semicolon_csv(encoding, bom=bom), "par.csv", store)
    assert (plan.mapping.index, plan.mapping.period, plan.report.problems) == ("par", "2023", [])
    values = bundled(store, "par", "2023")
    obs = plan.report.observations
    assert obs.height == 7 * 9
    assert all(abs(v - values[(u, i)]) < 0.005 for u, i, v in obs.select("unit_id", "indicator_id", "value").iter_rows()
               if i != "par")
    ha_noi = obs.filter((pl.col("unit_id") == "vn63:province:01") & (pl.col("indicator_id") == "par"))
    assert ha_noi["value"].to_list() == [91.43]


# ---------------------------------------------------------------- a district's monthly one-stop report
def test_a_one_stop_report(store):
    plan = plan_import(files.onestop_report_xlsx(), "tien-lu-t5.xlsx", store)
    m = plan.mapping
    assert (m.index, m.period, m.parent, m.unit_column) == ("svc766", "2024-05", "vn63:district:332", 1)
    assert "Đơn vị cấp trên: Huyện Tiên Lữ (suy ra từ tiêu đề)" in plan.notes
    assert list(m.indicators.values()) == ["onestop.received", "onestop.received_online", "onestop.resolved_early",
                                           "onestop.resolved_on_time", "onestop.resolved_late", "onestop.pending"]
    assert plan.report.problems == []
    obs = plan.report.observations
    communes = zip(files.tien_lu_communes(), files.onestop_counts())
    expected = {(uid, ident): float(v) for (uid, _), (_, values) in communes
                for ident, v in zip(m.indicators.values(), values)}
    assert {(u, i): v for u, i, v in obs.select("unit_id", "indicator_id", "value").iter_rows()} == expected
    assert obs["unit_id"].n_unique() == 11                  # the communes; the "Tổng cộng" row is not a unit


def test_the_total_row_is_checked(store):
    plan = plan_import(files.onestop_report_xlsx(total_off_by=3), "t5.xlsx", store)
    assert [(p.severity, p.code, p.row, p.column) for p in plan.report.problems] == [
        ("warning", "sum_mismatch", plan.table.total_row_number, "Số hồ sơ tiếp nhận / Tổng số")]
    assert plan.report.ok and plan.report.observations["unit_id"].n_unique() == 11


def _edited(data: bytes, title: str | None = None, rename: dict[str, str] | None = None, add: int = 0,
            swap: bool = False) -> bytes:
    """The one-stop report with another title line, renamed communes, counts increased by ``add``
    (the total row too) or its first two count columns swapped."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    ws = book.active
    if title is not None:
        ws.cell(2, 1).value = title
    units = len(files.tien_lu_communes())
    for row in ws.iter_rows(min_row=7):
        name = row[1].value
        if isinstance(name, str) and name in (rename or {}):
            row[1].value = rename[name]
        if isinstance(name, str) and isinstance(row[2].value, int):
            step = add * units if name == "Tổng cộng" else add
            for cell in row[2:]:
                cell.value = cell.value + step if isinstance(cell.value, int) else cell.value
            if swap:
                row[2].value, row[3].value = row[3].value, row[2].value
    if swap:
        ws.cell(5, 3).value, ws.cell(5, 4).value = ws.cell(5, 4).value, ws.cell(5, 3).value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


HAI_THANG = "UBND xã Hải Thắng"


def test_a_saved_mapping_is_reused_for_next_months_file(store):
    name = next(n for _, n in files.tien_lu_communes() if n.endswith("Hải Thắng"))
    may = _edited(files.onestop_report_xlsx(), rename={name: HAI_THANG})
    first = plan_import(may, "t5.xlsx", store)
    problem = first.report.errors[0]
    assert (problem.code, problem.suggestions) == ("unknown_unit", ("vn63:commune:12364",))
    corrected = replace(first.mapping, units={HAI_THANG: problem.suggestions[0]})
    saved = yaml.safe_dump(mapping_to_dict(corrected), allow_unicode=True)       # what the archive keeps

    june = _edited(may, title="BÁO CÁO KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH THÁNG 6/2024", add=5)
    plan = plan_import(june, "t6.xlsx", store, Options(mapping=mapping_from_dict(yaml.safe_load(saved))))
    assert plan.notes[:2] == ["Dùng lại cách ghép cột đã lưu", "Kỳ số liệu: Tháng 6/2024 (suy ra từ tiêu đề)"]
    assert (plan.mapping.period, plan.mapping.parent, plan.mapping.units) == (
        "2024-06", "vn63:district:332", {HAI_THANG: "vn63:commune:12364"})
    assert plan.report.problems == []
    obs = plan.report.observations
    assert set(obs["period"]) == {"2024-06"} and "vn63:commune:12364" in set(obs["unit_id"])
    received = dict(obs.filter(pl.col("indicator_id") == "onestop.received").select("unit_id", "value").iter_rows())
    communes = zip(files.tien_lu_communes(), files.onestop_counts())
    assert received == {uid: float(values[0] + 5) for (uid, _), (_, values) in communes}


def test_a_saved_mapping_never_carries_last_months_period(store):
    saved = plan_import(files.onestop_report_xlsx(), "t5.xlsx", store).mapping
    untitled = _edited(files.onestop_report_xlsx(), title="BÁO CÁO KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH")
    plan = plan_import(untitled, "t.xlsx", store, Options(mapping=saved))
    assert plan.mapping.period is None and [p.code for p in plan.report.errors] == ["no_period"]
    chosen = plan_import(untitled, "t.xlsx", store, Options(mapping=saved, period="2024-07"))
    assert chosen.mapping.period == "2024-07" and chosen.report.ok


def test_a_file_of_another_shape_gets_a_new_proposal(store):
    saved = plan_import(files.onestop_report_xlsx(), "t5.xlsx", store).mapping
    plan = plan_import(_edited(files.onestop_report_xlsx(), swap=True), "t.xlsx", store, Options(mapping=saved))
    assert "Dùng lại cách ghép cột đã lưu" not in plan.notes
    assert plan.mapping.indicators[2] == "onestop.received_online" and plan.mapping.indicators[3] == "onestop.received"
    assert plan.report.ok


def test_options_override_the_proposal(store):
    plan = plan_import(files.onestop_report_xlsx(), "t5.xlsx", store,
                       Options(period="2024-04", parent="vn63:province:33", lang="en"))
    assert (plan.mapping.period, plan.mapping.parent) == ("2024-04", "vn63:province:33")
    assert plan.report.ok and set(plan.report.observations["period"]) == {"2024-04"}
    assert plan.notes[0] == "Unit column: “Tên đơn vị” (11/11 names found)"


# ---------------------------------------------------------------- sheets
TWO_SHEETS = {"Hướng dẫn": [["Điền số liệu vào trang “Số liệu”."]],
              "Số liệu": [["CHỈ SỐ PAR INDEX NĂM 2023"], ["Tỉnh", "Lĩnh vực 1", "Lĩnh vực 2"],
                          ["Quảng Ninh", 8.5, 8.21], ["Hà Nội", 8.31, 8.0]]}


@pytest.mark.parametrize("sheet, expected", [(None, "Số liệu"), ("Số liệu", "Số liệu"), (1, "Số liệu")])
def test_the_sheet_with_the_table(store, sheet, expected):
    plan = plan_import(files.xlsx_bytes(TWO_SHEETS), "par.xlsx", store, Options(sheet=sheet, index="par"))
    assert plan.table.sheet == expected
    assert plan.report.ok and plan.report.observations.height == 4


@pytest.mark.parametrize("sheet, message", [("Trang 3", "Tệp không có trang tính “Trang 3”"),
                                            (5, "Tệp không có trang tính “5”")])
def test_an_unknown_sheet(store, sheet, message):
    with pytest.raises(IntakeError, match=message):
        plan_import(files.xlsx_bytes(TWO_SHEETS), "par.xlsx", store, Options(sheet=sheet))


def test_unreadable_files_raise_one_sentence(store):
    with pytest.raises(IntakeError, match="empty"):
        plan_import(b"", "empty.csv", store)


def test_choose_table_prefers_a_sheet_with_rows():
    raw = read_file(files.xlsx_bytes(TWO_SHEETS), "par.xlsx")
    assert choose_table(raw).headers == ["Tỉnh", "Lĩnh vực 1", "Lĩnh vực 2"]
