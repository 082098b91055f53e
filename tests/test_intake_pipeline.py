"""cchc/intake/pipeline.py end to end: bytes of real-looking files → reading → layout → mapping →
validation, sheet choice, and a saved mapping reused on next month's file."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import openpyxl
import polars as pl
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc.archive import KEY, Archive
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


@pytest.mark.parametrize("parent", ["Tiên Lữ", "Huyện Tiên Lữ", "tien lu", "vn63:district:332"])
def test_a_parent_given_by_name_with_a_saved_mapping_is_resolved(store, parent):
    saved = replace(plan_import(files.onestop_report_xlsx(), "t5.xlsx", store).mapping, parent=None)
    plan = plan_import(files.onestop_report_xlsx(), "t6.xlsx", store, Options(mapping=saved, parent=parent))
    assert "Dùng lại cách ghép cột đã lưu" in plan.notes
    assert (plan.mapping.parent, plan.report.problems) == ("vn63:district:332", [])


def test_a_parent_name_of_no_unit_with_a_saved_mapping_is_reported(store):
    saved = plan_import(files.onestop_report_xlsx(), "t5.xlsx", store).mapping
    plan = plan_import(files.onestop_report_xlsx(), "t6.xlsx", store, Options(mapping=saved, parent="Tiên Lữu Lữ"))
    assert [(p.code, p.message) for p in plan.report.errors] == [
        ("unknown_unit", "Không tìm thấy đơn vị cấp trên “Tiên Lữu Lữ”")]


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


# ---------------------------------------------------------------- formulas
FORMULAS = [["KẾT QUẢ CHỈ SỐ CCHC NĂM 2023"], ["Tỉnh", "Chỉ số CCHC"], ["TP. Hà Nội", "=1+1"],
            ['=HYPERLINK("http://x","Hà Nội")', 85.5], ["=cmd|' /C calc'!A0", 80], ["Tỉnh Hưng Yên", "=B4-4"]]


@pytest.mark.parametrize("lang, message", [
    ("vi", "Công thức chưa có giá trị: mở tệp trong Excel và lưu lại"),
    ("en", "Formula without a saved value: open the file in Excel and save it again")])
def test_formulas_without_a_saved_value_are_errors_naming_row_and_column(store, lang, message):
    plan = plan_import(files.xlsx_with_formulas(FORMULAS), "f.xlsx", store, Options(index="par", lang=lang))
    assert [(p.code, p.row, p.column, p.message) for p in plan.report.errors] == [
        ("formula_without_value", 3, "Chỉ số CCHC", message), ("formula_without_value", 4, "Tỉnh", message),
        ("formula_without_value", 5, "Tỉnh", message), ("formula_without_value", 6, "Chỉ số CCHC", message)]
    assert not plan.report.ok and "“”" not in str(plan.report.problems)       # no unit "" looked for
    assert plan.report.observations["note"].null_count() == plan.report.observations.height   # none "not scored"


def test_formulas_with_a_saved_value_import_that_value(store):
    cached = {"B3": 88.25, "A4": "Tỉnh Quảng Ninh", "A5": "TP. Hải Phòng", "B6": 81.5}
    plan = plan_import(files.xlsx_with_formulas(FORMULAS, cached), "f.xlsx", store, Options(index="par"))
    assert plan.report.ok and plan.table.formulas == []
    values = dict(plan.report.observations.select("unit_id", "value").iter_rows())
    assert values == {"vn63:province:01": 88.25, "vn63:province:22": 85.5, "vn63:province:31": 80.0,
                      "vn63:province:33": 81.5}


def test_a_formula_below_the_table_is_no_problem(store):
    rows = [*FORMULAS[:3], ["Tỉnh Quảng Ninh", 85.5], [None], ["Người lập biểu", "=TODAY()"]]
    plan = plan_import(files.xlsx_with_formulas(rows, {"B3": 88.25}), "f.xlsx", store, Options(index="par"))
    assert plan.raw.sheets[0].formulas == [(5, 1)] and plan.table.formulas == [] and plan.report.ok


# ---------------------------------------------------------------- file names are labels
@pytest.mark.parametrize("name, label", [
    ("../../etc/passwd.csv", "passwd.csv"), ("a/b.csv", "b.csv"), ("C:\\x.csv", "x.csv"),
    ("bao\x00cao.csv", "baocao.csv"), ("x" * 300 + ".csv", "x" * 116 + ".csv")])
def test_a_path_in_the_file_name_is_only_a_label(store, name, label):
    plan = plan_import(files.par_semicolon_csv(), name, store)
    assert (plan.raw.name, plan.report.ok) == (label, True)
    with pytest.raises(IntakeError) as caught:
        plan_import(b"", name, store)
    assert str(caught.value) == f'The file "{label}" is empty.'


# ---------------------------------------------------------------- malformed files, the whole way
CELLS = st.one_of(
    st.sampled_from(["TP. Hà Nội", "Tỉnh Quảng Ninh", "Hưng Yên", "Ha Noi", "TT. Vương", "Tổng cộng", "STT", "-", "x",
                     "", " ", "NaN", "nan", "inf", "-inf", "Infinity", "1e308", "1e-308", "9" * 40, "-0", "91,43",
                     "91.43", "1.234,5", "1,234.5", "8,27", "7.5", "(1)", "=1+1", "<script>alert(1)</script>",
                     "2023", "Tháng 5/2024", "papi.1", "\u00a0"]),
    st.text(max_size=10),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.integers(-10**30, 10**30).map(str))
HEADERS = st.sampled_from(["Tỉnh", "Tỉnh, thành phố", "Chỉ số CCHC", "Lĩnh vực 1", "Lĩnh vực 2", "D1", "D2",
                           "Total", "Tên đơn vị", "Số hồ sơ tiếp nhận", "Quá hạn", "Năm", "Chỉ tiêu", "Giá trị",
                           "Chỉ số hài lòng", "", "STT"])
TITLES = st.sampled_from(["", "KẾT QUẢ CHỈ SỐ CCHC NĂM 2023", "BÁO CÁO THÁNG 5/2024", "PAPI 2019", "NĂM 2025"])


def _encoded(text: str, encoding: str) -> bytes:
    if encoding == "cp1258":
        try:
            return files.encode_cp1258(text)
        except UnicodeEncodeError:
            return text.encode("utf-8")
    return text.encode(encoding, errors="replace")


@st.composite
def text_tables(draw) -> tuple[bytes, str]:
    width = draw(st.integers(1, 6))
    rows = [[draw(TITLES)]] if draw(st.booleans()) else []
    rows.append(draw(st.lists(HEADERS, min_size=width, max_size=width)))
    rows += draw(st.lists(st.lists(CELLS, min_size=0, max_size=width + 1), max_size=10))
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))).writerows(rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1258", "utf-16", "latin-1"]))
    return _encoded(out.getvalue(), encoding), draw(st.sampled_from(["t.csv", "t.txt", "t", "t.xlsx"]))


def _workbook() -> bytes:
    areas = [f"Lĩnh vực {k}" for k in range(1, 9)]
    return files.xlsx_bytes({"Bảng": [["KẾT QUẢ CHỈ SỐ CCHC NĂM 2023"], ["STT", "Tỉnh", *areas, "Chỉ số CCHC"],
                                      [1, "TP. Hà Nội", 8.27, 8.1, 12.05, 8.61, 12.44, 8.5, 12.22, 21.24, 91.43],
                                      [2, "Tỉnh Hưng Yên", 7.12, 7.6, 11.2, 7.9, 11.36, 8.02, 10.1, 19.3, 82.6]]})


WORKBOOK = _workbook()
BROKEN_WORKBOOKS = st.one_of(
    st.integers(0, len(WORKBOOK) - 1).map(lambda n: WORKBOOK[:n]),                               # cut short
    st.tuples(st.integers(0, len(WORKBOOK) - 1), st.binary(min_size=1, max_size=8)).map(        # bytes overwritten
        lambda c: WORKBOOK[:c[0]] + c[1] + WORKBOOK[c[0] + len(c[1]):]))
MALFORMED = st.one_of(
    st.tuples(st.binary(max_size=2000), st.sampled_from(["r.csv", "r.xlsx", "r.xls", "r"])),
    st.tuples(BROKEN_WORKBOOKS, st.just("t.xlsx")),
    text_tables())


def _snapshot(folder) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """An import folder holding one version of PAR INDEX 2023, as real imports would have left it."""
    folder = tmp_path_factory.mktemp("imported")
    Archive(folder).write("real-par", pl.DataFrame({"unit_id": ["vn63:province:01"], "period": ["2023"],
                                                   "indicator_id": ["par"], "value": [91.43]}),
                          index="par", user="lan", file_name="par.csv", data=b"x", mapping={})
    return folder


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(MALFORMED)
def test_a_malformed_file_is_reported_and_changes_nothing_or_is_a_valid_import(store, seeded, case):
    """Plan (and write when clean) any malformed file: either an IntakeError sentence or a report whose errors
    stop the import — the folder's files and the versions unchanged — or a valid new version holding the rows."""
    data, name = case
    archive = Archive(seeded)
    before, versions = _snapshot(seeded), archive.history()
    try:
        plan = plan_import(data, name, store)
    except IntakeError as error:
        assert str(error) and "\n" not in str(error) and "Traceback" not in str(error)
        assert (_snapshot(seeded), archive.history()) == (before, versions)
        return
    report = plan.report
    assert all(p.severity in ("error", "warning") and p.message and (p.row is None or p.row >= 1)
               for p in report.problems)
    obs = report.observations
    if not report.ok or obs.is_empty():
        assert (_snapshot(seeded), archive.history()) == (before, versions)
        return
    assert obs.filter(pl.col("value").is_nan() | pl.col("value").is_infinite()).is_empty()
    dataset = f"real-{plan.mapping.index}"
    version = archive.write(dataset, obs, index=plan.mapping.index, user="lan", file_name=name, data=data,
                            mapping=mapping_to_dict(plan.mapping))
    stored = archive.observations(dataset)
    assert archive.history(dataset)[0] == replace(version, current=True)  # versions of one second: ordered per dataset
    assert obs.select(KEY).join(stored, on=KEY, how="anti").is_empty()
