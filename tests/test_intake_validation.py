"""cchc/intake/validation.py: every problem with its file row and column, the published-total
rule at the file's precision, not-scored cells, and the observations built."""

from __future__ import annotations

from dataclasses import replace

import polars as pl
import pytest

from cchc.intake.model import Mapping, Table
from cchc.intake.validation import decimals_of, tolerance, validate
from cchc.loading import OBSERVATIONS_SCHEMA
from cchc.store import Store
from tests.intake_files import make_table


@pytest.fixture(scope="module")
def store() -> Store:
    return Store()


def problems(report, *codes):
    return [(p.severity, p.code, p.row, p.column) for p in report.problems if not codes or p.code in codes]


# ---------------------------------------------------------------- every problem code, with its row and column
PAR = Mapping(index="par", layout="wide", unit_column=1, period="2023", indicators={2: "par.1", 3: "par.2"})
PAR_HEADERS = ["STT", "Tỉnh", "Lĩnh vực 1", "Lĩnh vực 2"]
PAR_ROWS = [["1", "Quảng Ninh", "8.50", "8.21"], ["2", "TP. Hải Phòng", "8.40", "8.10"],
            ["3", "Hà Nội", "8.31", "8.00"]]
ONESTOP = Mapping(index="svc766", layout="wide", unit_column=1, period="2024-05", parent="vn63:district:332",
                  indicators={2: "onestop.received", 3: "onestop.resolved_late"})
ONESTOP_HEADERS = ["STT", "Tên đơn vị", "Số hồ sơ tiếp nhận", "Quá hạn"]
ONESTOP_ROWS = [["1", "TT. Vương", "120", "0"], ["2", "X. Hưng Đạo", "130", "1"], ["3", "Xã Nhật Tân", "99", "2"]]


def _edit(rows, i, j, text):
    rows = [list(r) for r in rows]
    rows[i][j] = text
    return rows


CASES = [
    # name, headers, rows, mapping, extra table args, expected (severity, code, row, column)
    ("unknown unit", PAR_HEADERS, _edit(PAR_ROWS, 1, 1, "Atlantis"), PAR, {},
     ("error", "unknown_unit", 4, "Tỉnh")),
    ("ambiguous unit", ["STT", "Tên", "Hài lòng", "Trả lời"], [["1", "Tiên Lữ", "10", "12"]],
     Mapping(index="sipas", layout="wide", unit_column=1, period="2023",
             indicators={2: "sipas.1.satisfied", 3: "sipas.1.answers"}), {},
     ("error", "ambiguous_unit", 3, "Tên")),
    ("not numeric", PAR_HEADERS, _edit(PAR_ROWS, 2, 3, "tám"), PAR, {}, ("error", "not_numeric", 5, "Lĩnh vực 2")),
    ("above the scale", PAR_HEADERS, _edit(PAR_ROWS, 0, 2, "9.50"), PAR, {},
     ("error", "out_of_scale", 3, "Lĩnh vực 1")),
    ("below the scale", PAR_HEADERS, _edit(PAR_ROWS, 0, 2, "-0.5"), PAR, {},
     ("error", "out_of_scale", 3, "Lĩnh vực 1")),
    ("a negative count", ONESTOP_HEADERS, _edit(ONESTOP_ROWS, 1, 2, "-3"), ONESTOP, {},
     ("error", "out_of_scale", 4, "Số hồ sơ tiếp nhận")),
    ("a fractional count", ONESTOP_HEADERS, _edit(ONESTOP_ROWS, 2, 3, "1.5"), ONESTOP, {},
     ("error", "out_of_scale", 5, "Quá hạn")),
    ("duplicate", PAR_HEADERS, _edit(PAR_ROWS, 2, 1, "Tỉnh Quảng Ninh"), PAR, {},
     ("error", "duplicate", 5, "Tỉnh")),
    ("a province of the old geography", PAR_HEADERS, _edit(PAR_ROWS, 1, 1, "Bà Rịa - Vũng Tàu"),
     replace(PAR, period="2025"), {}, ("error", "wrong_geography", 4, "Tỉnh")),
    ("an id of the old geography", PAR_HEADERS, _edit(PAR_ROWS, 0, 1, "vn63:province:24"),
     replace(PAR, period="2025"), {}, ("error", "wrong_geography", 3, "Tỉnh")),
    ("an id of the new geography", PAR_HEADERS, _edit(PAR_ROWS, 0, 1, "vn34:province:24"), PAR, {},
     ("error", "wrong_geography", 3, "Tỉnh")),
    ("a parent of the old geography", ONESTOP_HEADERS, ONESTOP_ROWS, replace(ONESTOP, period="2025-08"), {},
     ("error", "wrong_geography", None, None)),
    ("an unknown parent", ONESTOP_HEADERS, ONESTOP_ROWS, replace(ONESTOP, parent="vn63:district:9999"), {},
     ("error", "unknown_unit", None, None)),
    ("an indicator of another index", PAR_HEADERS, PAR_ROWS, replace(PAR, indicators={2: "par.1", 3: "papi.6"}), {},
     ("error", "unknown_indicator", None, "Lĩnh vực 2")),
    ("an unknown indicator in a long table", ["Đơn vị", "Chỉ tiêu", "Giá trị"],
     [["Hà Nội", "par.1", "8.3"], ["Hà Nội", "Xếp loại", "A"]],
     Mapping(index="par", layout="long", unit_column=0, period="2023", indicator_column=1, value_column=2), {},
     ("error", "unknown_indicator", 4, "Chỉ tiêu")),
    ("no indicator", PAR_HEADERS, PAR_ROWS, replace(PAR, indicators={}), {}, ("error", "no_indicators", None, None)),
    ("a column beyond the table", PAR_HEADERS, PAR_ROWS, replace(PAR, indicators={2: "par.1", 7: "par.2"}), {},
     ("error", "bad_column", None, None)),
    ("an unknown index", PAR_HEADERS, PAR_ROWS, replace(PAR, index="parx"), {}, ("error", "unknown_index", None, None)),
    ("no period", PAR_HEADERS, PAR_ROWS, replace(PAR, period=None), {}, ("error", "no_period", None, None)),
    ("a period that is not one", PAR_HEADERS, PAR_ROWS, replace(PAR, period="2023-13"), {},
     ("error", "bad_period", None, None)),
    ("a period cell that is not one", ["Năm", *PAR_HEADERS], [["2023", *PAR_ROWS[0]], ["sau", *PAR_ROWS[1]]],
     Mapping(index="par", layout="wide", unit_column=2, period_column=0, indicators={3: "par.1", 4: "par.2"}), {},
     ("error", "bad_period", 4, "Năm")),
    ("a total that disagrees", ["Tỉnh", "6.1", "6.2", "6.3", "6.4", "D6"],
     [["Hà Nội", "1.7029", "1.9570", "2.2548", "1.9339", "7.8586"]],
     Mapping(index="papi", layout="wide", unit_column=0, period="2023",
             indicators={1: "papi.6.1", 2: "papi.6.2", 3: "papi.6.3", 4: "papi.6.4", 5: "papi.6"}), {},
     ("error", "total_mismatch", 3, "D6")),
    ("a total row that disagrees", ONESTOP_HEADERS, ONESTOP_ROWS, ONESTOP, {"total": [None, "Tổng cộng", "350", "3"]},
     ("warning", "sum_mismatch", 6, "Số hồ sơ tiếp nhận")),
    ("a composite without its parts", ["Tỉnh", "D6"], [["Hà Nội", "7.8486"]],
     Mapping(index="papi", layout="wide", unit_column=0, period="2023", indicators={1: "papi.6"}), {},
     ("warning", "composite_without_parts", None, "D6")),
    ("parts without their composite", PAR_HEADERS, PAR_ROWS, PAR, {},
     ("warning", "parts_without_composite", None, None)),
]


@pytest.mark.parametrize("name, headers, rows, mapping, extra, expected", CASES, ids=[c[0] for c in CASES])
def test_every_problem_has_its_code_row_and_column(store, name, headers, rows, mapping, extra, expected):
    report = validate(make_table(headers, rows, **extra), mapping, store)
    assert expected in problems(report)
    assert report.ok is (expected[0] == "warning" and not report.errors)
    others = [p for p in problems(report) if p[0] == "error" and p != expected]
    assert others == [], others


def test_the_unchanged_tables_are_clean(store):
    """The base tables of the cases above have no error (so each case's error is its own)."""
    for headers, rows, mapping in ((PAR_HEADERS, PAR_ROWS, PAR), (ONESTOP_HEADERS, ONESTOP_ROWS, ONESTOP)):
        report = validate(make_table(headers, rows), mapping, store)
        assert report.errors == [] and report.observations.height == len(rows) * 2


@pytest.mark.parametrize("name, code, suggestions, message", [
    ("Hà Nộii", "unknown_unit", ("vn63:province:01",), "Không tìm thấy đơn vị “Hà Nộii”"),
    ("Atlantis", "unknown_unit", (), "Không tìm thấy đơn vị “Atlantis”"),
    ("vn34:province:24", "wrong_geography", ("vn63:province:24", "vn63:province:27"),   # new Bắc Ninh
     "“vn34:province:24” thuộc địa giới mới (34 tỉnh, từ 1/7/2025), nhưng kỳ Năm 2023 dùng địa giới cũ "
     "(63 tỉnh, đến 30/6/2025)"),
])
def test_suggestions_and_messages(store, name, code, suggestions, message):
    report = validate(make_table(PAR_HEADERS, _edit(PAR_ROWS, 0, 1, name)), PAR, store)
    found = [p for p in report.problems if p.code == code][0]
    assert (found.suggestions, found.message) == (suggestions, message)


def test_ambiguous_units_list_the_candidates(store):
    """Without the parent, "Nhật Tân" is a ward of Hà Nội and a commune of Tiên Lữ; "Xã Nhật Tân" only the latter."""
    rows = [["1", "Nhật Tân", "99", "2"], ["2", "X. Hưng Đạo", "130", "1"], ["3", "Xã Nhật Tân", "99", "2"]]
    report = validate(make_table(ONESTOP_HEADERS, rows), replace(ONESTOP, parent=None), store)
    ambiguous = {p.row: p.suggestions for p in report.problems if p.code == "ambiguous_unit"}
    assert ambiguous[3] == ("vn63:commune:00094", "vn63:commune:12346")
    assert "vn63:commune:12340" in ambiguous[4] and len(ambiguous[4]) > 2
    assert sorted(ambiguous) == [3, 4] and report.observations["unit_id"].unique().to_list() == ["vn63:commune:12346"]
    message = [p.message for p in report.problems if p.row == 3][0]
    assert message.startswith("“Nhật Tân” khớp với nhiều đơn vị: ") and "(vn63:commune:00094)" in message


def test_messages_in_english(store):
    report = validate(make_table(PAR_HEADERS, _edit(PAR_ROWS, 1, 1, "Atlantis")), PAR, store, lang="en")
    assert [p.message for p in report.errors] == ["Unit “Atlantis” not found"]


def test_a_wrong_geography_suggests_the_counterpart(store):
    report = validate(make_table(PAR_HEADERS, _edit(PAR_ROWS, 1, 1, "Bà Rịa - Vũng Tàu")), replace(PAR, period="2025"),
                      store)
    assert [p.suggestions for p in report.errors] == [("vn34:province:79",)]


def test_each_row_is_resolved_on_its_periods_geography(store):
    """Bà Rịa - Vũng Tàu exists until 2024; in 2025 it is part of Hồ Chí Minh City."""
    rows = [["2024", "Bà Rịa - Vũng Tàu", "8.1"], ["2025", "Bà Rịa - Vũng Tàu", "8.2"], ["2025", "TP.HCM", "8.3"]]
    mapping = Mapping(index="par", layout="wide", unit_column=1, period_column=0, indicators={2: "par.1"})
    report = validate(make_table(["Năm", "Tỉnh", "Lĩnh vực 1"], rows), mapping, store)
    assert problems(report, "wrong_geography") == [("error", "wrong_geography", 4, "Tỉnh")]
    assert report.errors[0].suggestions == ("vn34:province:79",)
    assert report.observations.select("unit_id", "period").rows() == [
        ("vn63:province:77", "2024"), ("vn34:province:79", "2025")]


# ---------------------------------------------------------------- units: scope, prefixes, types, corrections
@pytest.mark.parametrize("name, parent, expected", [
    ("TT. Vương", "vn63:district:332", "vn63:commune:12337"),
    ("TT Vương", "vn63:district:332", "vn63:commune:12337"),
    ("X.Hưng Đạo", "vn63:district:332", "vn63:commune:12340"),     # ambiguous without the parent
    ("Hưng Đạo", "vn63:province:33", "vn63:commune:12340"),        # any ancestor scopes
    ("Xã Tam Hồng", "vn63:district:251", "vn63:commune:09043"),    # a "Thị trấn" until 2025
])
def test_names_as_reports_write_them(store, name, parent, expected):
    report = validate(make_table(ONESTOP_HEADERS, [["1", name, "10", "0"]]), replace(ONESTOP, parent=parent), store)
    assert report.errors == []
    assert report.observations["unit_id"].unique().to_list() == [expected]


def test_corrections_of_the_user_win(store):
    rows = _edit(ONESTOP_ROWS, 1, 1, "UBND xã Hưng Đạo (cũ)")
    assert problems(validate(make_table(ONESTOP_HEADERS, rows), ONESTOP, store), "unknown_unit") == [
        ("error", "unknown_unit", 4, "Tên đơn vị")]
    mapping = replace(ONESTOP, units={"UBND xã Hưng Đạo (cũ)": "vn63:commune:12340"})
    report = validate(make_table(ONESTOP_HEADERS, rows), mapping, store)
    assert report.ok and "vn63:commune:12340" in report.observations["unit_id"].to_list()
    wrong = replace(ONESTOP, units={"UBND xã Hưng Đạo (cũ)": "vn34:commune:11980"})
    assert problems(validate(make_table(ONESTOP_HEADERS, rows), wrong, store), "wrong_geography") == [
        ("error", "wrong_geography", 4, "Tên đơn vị")]


# ---------------------------------------------------------------- values
@pytest.mark.parametrize("text", ["-", "x", "X", "", None, "–"])
def test_not_scored_cells_are_null_observations_with_a_note(store, text):
    report = validate(make_table(PAR_HEADERS, _edit(PAR_ROWS, 0, 2, text)), PAR, store)
    assert report.errors == []
    row = report.observations.filter((pl.col("unit_id") == "vn63:province:22") & (pl.col("indicator_id") == "par.1"))
    assert row.select("value", "note").rows() == [(None, "không được chấm điểm")]


def test_observations_in_the_long_schema(store):
    table = make_table(["STT", "Tỉnh", "Lĩnh vực 1", "Lĩnh vực 2"], [["1", "Quảng Ninh", "8,50", "8,21"]], decimal=",")
    report = validate(table, PAR, store)
    assert report.observations.schema == pl.Schema(OBSERVATIONS_SCHEMA)
    assert report.observations.rows() == [("vn63:province:22", "2023", "par.1", 8.5, None, None, None),
                                          ("vn63:province:22", "2023", "par.2", 8.21, None, None, None)]
    assert report.n_rows == 1


def test_a_long_table_with_sample_sizes(store):
    rows = [["Hà Nội", "2023", "papi.6.1", "1.7029", "1181"], ["Hà Nội", "2023", "6.2", "1.9570", "1181"],
            ["Hà Nội", "2023", "6.2", "1.9570", "1181"]]
    mapping = Mapping(index="papi", layout="long", unit_column=0, period_column=1, indicator_column=2, value_column=3,
                      n_column=4)
    report = validate(make_table(["Đơn vị", "Năm", "Chỉ tiêu", "Giá trị", "Cỡ mẫu"], rows), mapping, store)
    assert problems(report, "duplicate") == [("error", "duplicate", 5, "Đơn vị")]
    assert report.observations.select("indicator_id", "value", "n").rows()[:2] == [
        ("papi.6.1", 1.7029, 1181), ("papi.6.2", 1.957, 1181)]


def test_blank_rows_are_not_units(store):
    report = validate(make_table(PAR_HEADERS, [*PAR_ROWS, [None, None, None, None], ["", " ", "", ""]]), PAR, store)
    assert report.errors == [] and report.n_rows == 3


# ---------------------------------------------------------------- the published-total rule
HA_NOI_D6 = ("1.7029", "1.9570", "2.2548", "1.9339", "7.8486")   # PAPI 2023, as published
PROVINCES = [("vn63:province:01", "Thành phố Hà Nội"), ("vn63:province:46", "Thừa Thiên Huế"),
             ("vn63:province:19", "Thái Nguyên"), ("vn63:province:27", "Bắc Ninh"), ("vn63:province:33", "Hưng Yên")]
DIMENSIONS = ("1", "6")
PAPI = Mapping(index="papi", layout="wide", unit_column=1, period="2023", indicators={
    j: ident for j, ident in enumerate(
        (f"papi.{d}.{k}" if k else f"papi.{d}" for d in DIMENSIONS for k in (1, 2, 3, 4, None)), start=2)})
PAPI_HEADERS = ["STT", "Tỉnh", *(f"{d}.{k}" if k else f"D{d}" for d in DIMENSIONS for k in (1, 2, 3, 4, None))]


def papi_table(period: str, decimals: int, nudges: dict[tuple[int, str], float] | None = None) -> Table:
    """Sub-dimensions of dimensions 1 and 6 (bundled values) at ``decimals``, and each dimension's
    published total: the sum of the unrounded parts rounded, plus ``nudges[(row, dimension)]``."""
    obs = Store().observations("papi").filter(pl.col("period") == period)
    value = {(u, i): v for u, i, v in obs.select("unit_id", "indicator_id", "value").iter_rows()}
    rows = []
    for r, (uid, name) in enumerate(PROVINCES):
        row = [str(r + 1), name]
        for d in DIMENSIONS:
            parts = [value[(uid, f"papi.{d}.{k}")] for k in (1, 2, 3, 4)]
            total = round(sum(parts), decimals) + (nudges or {}).get((r, d), 0.0)
            row += [f"{p:.{decimals}f}" for p in parts] + [f"{total:.{decimals}f}"]
        rows.append(row)
    return make_table(PAPI_HEADERS, rows, title=f"PAPI {period}")


def test_the_real_2023_values_of_ha_noi(store):
    obs = store.observations("papi").filter((pl.col("unit_id") == "vn63:province:01") & (pl.col("period") == "2023"))
    parts = dict(obs.select("indicator_id", "value").iter_rows())
    assert tuple(f"{parts[f'papi.6.{k}']:.4f}" for k in (1, 2, 3, 4)) == HA_NOI_D6[:4]
    assert papi_table("2023", 4).rows[0][7:12] == list(HA_NOI_D6)


def test_published_totals_that_agree_are_kept_exactly_as_published(store):
    """Totals a unit or two of the last decimal away from their parts' sum (as published totals
    computed from unrounded parts are) import unchanged, never recomputed."""
    table = papi_table("2023", 4, {(1, "6"): 0.0001, (2, "1"): -0.0002, (3, "6"): 0.0002})
    report = validate(table, PAPI, store)
    assert report.ok and problems(report, "total_mismatch") == []
    published = {(uid, f"papi.{d}"): float(table.rows[r][2 + 5 * DIMENSIONS.index(d) + 4])
                 for r, (uid, _) in enumerate(PROVINCES) for d in DIMENSIONS}
    got = {(u, i): v for u, i, v in report.observations.select("unit_id", "indicator_id", "value").iter_rows()
           if (u, i) in published}
    assert got == published
    assert got[("vn63:province:01", "papi.6")] == 7.8486
    parts = report.observations.filter((pl.col("unit_id") == "vn63:province:46")
                                       & pl.col("indicator_id").str.starts_with("papi.6."))["value"].sum()
    assert got[("vn63:province:46", "papi.6")] != round(parts, 4)   # the nudged total, as published


def test_a_total_off_by_half_a_point_is_refused_with_its_row(store):
    report = validate(papi_table("2023", 4, {(2, "6"): 0.5}), PAPI, store)
    assert not report.ok
    assert problems(report, "total_mismatch") == [("error", "total_mismatch", 5, "D6")]
    assert "6. Cung ứng dịch vụ công" in report.errors[0].message


@pytest.mark.parametrize("period, decimals, gap, accepted", [
    ("2019", 2, 0.015, True),    # 4 parts × 0.005 = 0.02 allowed at 2 decimals
    ("2019", 2, 0.02, True),
    ("2019", 2, 0.03, False),
    ("2023", 4, 0.0002, True),   # 4 parts × 0.00005 = 0.0002 at 4 decimals
    ("2023", 4, 0.0003, False),
    ("2023", 4, 0.015, False),   # what a 2-decimal file may do, a 4-decimal file may not
])
def test_the_tolerance_follows_the_files_precision(store, period, decimals, gap, accepted):
    table = papi_table(period, decimals)
    row = table.rows[0]
    parts = sum(float(x) for x in row[7:11])
    row[11] = f"{parts + gap:.{decimals}f}"
    report = validate(table, replace(PAPI, period=period), store)
    assert (problems(report, "total_mismatch") == []) is accepted


def test_a_total_at_fewer_decimals_than_its_parts_gets_the_coarser_tolerance(store):
    """Parts at 4 decimals, the total at 2: the total's own rounding (±0.005 per part) is allowed."""
    table = papi_table("2023", 4)
    for row in table.rows:
        row[11] = f"{float(row[11]):.2f}"
    assert problems(validate(table, PAPI, store), "total_mismatch") == []


def test_a_total_with_a_part_not_scored_is_not_checked(store):
    table = papi_table("2023", 4, {(0, "6"): 0.5})
    table.rows[0][8] = "-"
    report = validate(table, PAPI, store)
    assert problems(report, "total_mismatch") == []


@pytest.mark.parametrize("gap, expected", [(0.0, []), (0.0002, []), (0.5, [("error", "total_mismatch", 7, "Giá trị")])])
def test_totals_of_a_long_table(store, gap, expected):
    """In a long table a composite and its parts are rows of one unit and period."""
    rows = [["Hà Nội", f"6.{k}", v] for k, v in zip((1, 2, 3, 4), HA_NOI_D6)]
    rows += [["Hà Nội", "D6", f"{7.8486 + gap:.4f}"], ["Huế", "D6", "9.0000"]]
    mapping = Mapping(index="papi", layout="long", unit_column=0, period="2023", indicator_column=1, value_column=2)
    report = validate(make_table(["Tỉnh", "Chỉ tiêu", "Giá trị"], rows), mapping, store)
    assert problems(report, "total_mismatch") == expected
    assert report.observations.filter(pl.col("indicator_id") == "papi.6")["value"].to_list() == [
        float(f"{7.8486 + gap:.4f}"), 9.0]


@pytest.mark.parametrize("parts, places, expected", [(4, 4, 0.0002), (4, 2, 0.02), (8, 4, 0.0004), (3, 0, 1.5)])
def test_tolerance(parts, places, expected):
    assert tolerance(parts, places) == expected


@pytest.mark.parametrize("text, decimal, expected", [
    ("7.8486", ".", 4), ("7,8486", ",", 4), ("1.70", ".", 2), ("1.234,5", ",", 1), ("1.234", ",", 0),
    ("12%", ".", 0), ("7.848600000000001", ".", 4), ("42", ".", 0),
])
def test_decimals_of(text, decimal, expected):
    assert decimals_of(text, decimal) == expected


# ---------------------------------------------------------------- the "Tổng cộng" row
@pytest.mark.parametrize("total, expected", [
    ([None, "Tổng cộng", "349", "3"], []),
    ([None, "Tổng cộng", "350", "3"], [("warning", "sum_mismatch", 6, "Số hồ sơ tiếp nhận")]),
    ([None, "Tổng cộng", "349", "4"], [("warning", "sum_mismatch", 6, "Quá hạn")]),
    ([None, "Tổng cộng", "", None], []),
    ([None, "Tổng cộng", "ba trăm", "3"], [("error", "not_numeric", 6, "Số hồ sơ tiếp nhận")]),
])
def test_the_total_row_is_checked_not_imported(store, total, expected):
    report = validate(make_table(ONESTOP_HEADERS, ONESTOP_ROWS, total=total), ONESTOP, store)
    assert problems(report, "sum_mismatch", "not_numeric") == expected
    assert report.observations.height == 6 and report.observations["unit_id"].n_unique() == 3


def test_the_total_row_of_scores_is_not_summed(store):
    """Only counts add up: a total row of scores (a mean) is not checked."""
    table = make_table(PAR_HEADERS, PAR_ROWS, total=[None, "Cả nước", "8.40", "8.10"])
    assert validate(table, PAR, store).problems == validate(make_table(PAR_HEADERS, PAR_ROWS), PAR, store).problems
