"""Finding the table in a sheet (title, header rows, numbering, total, end, decimal mark) and
reading its numbers."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.intake.layout import detect_decimal, find_table, parse_number
from cchc.intake.model import IntakeError, Sheet
from cchc.intake.reading import read_file
from tests.intake_files import (ONESTOP_TITLES, PAR_PROVINCES, PAR_TITLE, PAPI_PROVINCES, onestop_counts,
                                onestop_report_xlsx, papi_wide_csv, par_semicolon_csv, xls_bytes, xlsx_bytes)

FAST = settings(max_examples=100, deadline=None, database=None)


def sheet_of(rows, merged=()):
    return Sheet("S", [list(r) for r in rows], list(range(1, len(rows) + 1)), list(merged))


def table_of(data: bytes, name: str, sheet: int = 0):
    return find_table(read_file(data, name).sheets[sheet])


# ---------------------------------------------------------------- the three files of the issue
@pytest.mark.parametrize("off_by", [0, 7])
def test_onestop_report(off_by):
    table = table_of(onestop_report_xlsx(total_off_by=off_by), "tien_lu.xlsx")
    assert table.sheet == "Tháng 5"
    assert table.title == "\n".join(ONESTOP_TITLES)
    assert table.headers == ["STT", "Tên đơn vị", "Số hồ sơ tiếp nhận / Tổng số", "Số hồ sơ tiếp nhận / Trực tuyến",
                             "Số hồ sơ đã giải quyết / Trước hạn", "Số hồ sơ đã giải quyết / Đúng hạn",
                             "Số hồ sơ đã giải quyết / Quá hạn", "Đang giải quyết"]
    assert table.header_row_numbers == [4, 5]
    counts = onestop_counts()
    assert [row[1] for row in table.rows] == [name for name, _ in counts]       # no numbering, total, note, signature
    assert table.row_numbers == list(range(7, 7 + len(counts)))
    assert table.total_row_number == 7 + len(counts)
    assert table.total[1] == "Tổng cộng"
    assert table.decimal == "."
    sums = [sum(parse_number(row[c], table.decimal) for row in table.rows) for c in range(2, 8)]
    published = [parse_number(t, table.decimal) for t in table.total[2:]]
    assert published[0] - sums[0] == off_by and published[1:] == sums[1:]


@pytest.mark.parametrize(("encoding", "bom"), [("utf-8", False), ("utf-8", True), ("cp1258", False)])
def test_par_annex_with_a_title_line_and_decimal_commas(encoding, bom):
    table = table_of(par_semicolon_csv(encoding, bom=bom), "par.csv")
    assert table.title == PAR_TITLE
    assert table.header_row_numbers == [2]
    assert table.headers[:2] == ["STT", "Tỉnh, thành phố"] and table.headers[-1] == "Chỉ số CCHC (%)"
    assert table.headers[2].startswith("Lĩnh vực 1: ")
    assert [row[1] for row in table.rows] == list(PAR_PROVINCES.values())
    assert table.decimal == ","
    assert table.total is None
    for row in table.rows:
        areas = [parse_number(v, ",") for v in row[2:-1]]
        assert abs(sum(areas) - parse_number(row[-1], ",")) <= 8 * 0.005 + 1e-9     # parts × half a unit


def test_papi_table_keeps_the_unscored_province_and_its_totals_add_up():
    table = table_of(papi_wide_csv(), "papi.csv")
    assert (table.title, table.header_row_numbers, table.decimal) == ("", [1], ".")
    assert len(table.headers) == 10 and table.headers[0] == "Province" and table.headers[-1] == "Total"
    assert [row[0] for row in table.rows] == list(PAPI_PROVINCES)
    quang_ninh = table.rows[PAPI_PROVINCES.index("Quang Ninh")]
    assert [parse_number(v, ".") for v in quang_ninh[1:]] == [None] * 9
    for row in table.rows:
        if row[0] != "Quang Ninh":
            assert round(sum(parse_number(v, ".") for v in row[1:-1]), 4) == parse_number(row[-1], ".")


# ---------------------------------------------------------------- header
def test_header_below_title_lines_and_blank_rows():
    table = find_table(sheet_of([
        ["BÁO CÁO KẾT QUẢ GIẢI QUYẾT TTHC THÁNG 7/2025 — HUYỆN TIÊN LỮ", None, None],
        [None, None, None],
        ["(Kèm theo Báo cáo số 12/BC-UBND)", None, None],
        [None, None, None],
        ["Tên đơn vị", "Tiếp nhận", "Quá hạn"],
        ["Xã Hải Thắng", "12", "0"],
    ]))
    assert table.title == "BÁO CÁO KẾT QUẢ GIẢI QUYẾT TTHC THÁNG 7/2025 — HUYỆN TIÊN LỮ\n(Kèm theo Báo cáo số 12/BC-UBND)"
    assert table.header_row_numbers == [5] and table.row_numbers == [6]


def test_an_issuer_and_motto_row_with_two_texts_is_title_not_header():
    table = find_table(sheet_of([
        ["UBND HUYỆN TIÊN LỮ", None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", None],
        ["Số: 12/BC-UBND", None, "Độc lập - Tự do - Hạnh phúc", None],
        ["BÁO CÁO THÁNG 5/2024", None, None, None],
        ["STT", "Tên đơn vị", "Tiếp nhận", "Quá hạn"],
        ["1", "TT. Vương", "120", "0"],
        ["2", "X. Hưng Đạo", "158", "1"],
    ], merged=[(0, 0, 0, 1), (0, 2, 0, 3), (1, 0, 1, 1), (1, 2, 1, 3), (2, 0, 2, 3)]))
    assert table.header_row_numbers == [4]
    assert table.title.splitlines() == ["UBND HUYỆN TIÊN LỮ — CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                        "Số: 12/BC-UBND — Độc lập - Tự do - Hạnh phúc", "BÁO CÁO THÁNG 5/2024"]


def test_a_header_of_years_has_one_text_cell():
    table = find_table(sheet_of([["Chỉ số PAPI theo năm", None, None], ["Tỉnh", "2022", "2023"],
                                 ["Hà Nội", "43,12", "43,96"]]))
    assert table.headers == ["Tỉnh", "2022", "2023"] and table.decimal == ","


def test_two_header_rows_in_csv_without_merges():
    csv_text = ("STT;Tên đơn vị;Số hồ sơ tiếp nhận;;Số hồ sơ đã giải quyết;;;Ghi chú\n"
                ";;Tổng số;Trực tuyến;Trước hạn;Đúng hạn;Quá hạn;\n"
                "1;X. Lệ Xá;1.240;865;36;1.196;0;\n2;Xã An Viên;273;196;43;224;1;\n")
    table = table_of(csv_text.encode("utf-8"), "t.csv")
    assert table.headers == ["STT", "Tên đơn vị", "Số hồ sơ tiếp nhận / Tổng số", "Số hồ sơ tiếp nhận / Trực tuyến",
                             "Số hồ sơ đã giải quyết / Trước hạn", "Số hồ sơ đã giải quyết / Đúng hạn",
                             "Số hồ sơ đã giải quyết / Quá hạn", "Ghi chú"]
    assert table.header_row_numbers == [1, 2] and table.decimal == ","
    assert parse_number(table.rows[0][2], table.decimal) == 1240


def test_a_text_first_row_is_data_not_a_second_header_without_a_group_above():
    table = find_table(sheet_of([["Tên", "Xếp loại", "Điểm"], ["Xã A", "Tốt", "86,5"], ["Xã B", "Khá", "75"]]))
    assert table.headers == ["Tên", "Xếp loại", "Điểm"] and len(table.rows) == 2


def test_header_text_is_put_on_one_line():
    table = find_table(sheet_of([["Tên\nđơn vị", "Số hồ sơ   tiếp nhận"], ["Xã A", "3"]]))
    assert table.headers == ["Tên đơn vị", "Số hồ sơ tiếp nhận"]


# ---------------------------------------------------------------- numbering, total, end
@pytest.mark.parametrize("numbering", [["(1)", "(2)", "(3)", "(4)"], ["1", "2", "3", "4"], ["A", "B", "1", "2"],
                                       ["(1)", "(2)", "(3)", "(4)=(3)-(2)"], ["A", "B", "(1)", "(2)"]])
def test_numbering_row_under_the_header_is_dropped(numbering):
    table = find_table(sheet_of([["STT", "Tên", "Tiếp nhận", "Tồn"], numbering, ["1", "Xã A", "5", "1"]]))
    assert table.row_numbers == [3]


@pytest.mark.parametrize("label", ["Tổng cộng", "TỔNG CỘNG", "Tong cong", "Tổng", "Cộng:", "Total", "Toàn huyện",
                                   "TOÀN TỈNH"])
def test_total_row_is_kept_apart_wherever_it_is(label):
    for where in (1, 3):
        rows = [["STT", "Tên", "Số"], ["1", "Xã A", "5"], ["2", "Xã B", "7"]]
        rows.insert(where, [None, label, "12"])
        table = find_table(sheet_of(rows))
        assert [r[1] for r in table.rows] == ["Xã A", "Xã B"]
        assert table.total == [None, label, "12"] and table.total_row_number == where + 1


def test_a_grand_total_wins_over_subtotals_and_neither_is_a_unit():
    table = find_table(sheet_of([["Tên", "Số"], ["Xã A", "5"], ["Cộng", "5"], ["Phường B", "7"], ["Cộng", "7"],
                                 ["Tổng cộng", "12"]]))
    assert [r[0] for r in table.rows] == ["Xã A", "Phường B"]
    assert table.total == ["Tổng cộng", "12"] and table.total_row_number == 6


def test_a_unit_whose_name_starts_like_a_total_stays_a_unit():
    table = find_table(sheet_of([["Tên", "Số"], ["Tổng công ty Điện lực", "5"], ["Xã Cộng Hòa", "7"]]))
    assert [r[0] for r in table.rows] == ["Tổng công ty Điện lực", "Xã Cộng Hòa"] and table.total is None


@pytest.mark.parametrize("tail", [
    [["Ghi chú: số liệu đến ngày 31/5", None, None]],
    [[None, "Nguồn: Hệ thống một cửa", None]],
    [[None, "Tiên Lữ, ngày 05 tháng 6 năm 2024", None]],
    [[None, "Người lập biểu", "KT. CHỦ TỊCH"]],
    [[None, None, "Chủ tịch"]],
    [["Số liệu được tổng hợp từ báo cáo của các xã, thị trấn gửi về Phòng Nội vụ huyện trước ngày 5", None, None]],
])
def test_rows_after_the_table_are_dropped(tail):
    rows = [["Tên", "Loại", "Số"], ["Xã A", "xã", "5"], ["Xã B", "xã", "7"], [None, None, None], *tail,
            ["Xã C", "xã", "9"]]
    table = find_table(sheet_of(rows))
    assert [r[0] for r in table.rows] == ["Xã A", "Xã B"]


def test_a_unit_not_scored_with_empty_cells_stays_a_data_row():
    table = find_table(sheet_of([["Province", "D1", "Total"], ["Ha Noi", "5.2357", "43.9600"],
                                 ["Quang Ninh", None, None], ["Lang Son", "4.6759", "38.9700"]]))
    assert [r[0] for r in table.rows] == ["Ha Noi", "Quang Ninh", "Lang Son"]


def test_a_unit_with_a_remark_instead_of_numbers_stays_a_data_row():
    table = find_table(sheet_of([["Tên", "Điểm", "Xếp loại"], ["Xã A", "86,5", "Tốt"], ["Xã B", "Chưa đánh giá", None],
                                 ["Xã C", "75", "Khá"]]))
    assert [r[0] for r in table.rows] == ["Xã A", "Xã B", "Xã C"]


def test_a_merged_note_ends_the_table():
    rows = [["Tên", "Số", None], ["Xã A", "5", None], ["Lưu ý khác", None, None], ["Xã C", "9", None]]
    table = find_table(sheet_of(rows, merged=[(2, 0, 2, 2)]))
    assert [r[0] for r in table.rows] == ["Xã A"]


def test_empty_columns_are_dropped_and_empty_rows_skipped():
    table = find_table(sheet_of([[None, "Tên", None, "Số"], [None, None, None, None], [None, "Xã A", None, "5"],
                                 [None, None, None, None], [None, "Xã B", None, "6"]]))
    assert table.headers == ["Tên", "Số"] and table.rows == [["Xã A", "5"], ["Xã B", "6"]]
    assert table.row_numbers == [3, 5]


def test_cells_are_stripped():
    table = find_table(sheet_of([[" Tên ", "Số "], ["  Xã A ", " 5 "]]))
    assert table.headers == ["Tên", "Số"] and table.rows == [["Xã A", "5"]]


def test_an_empty_sheet_has_no_table():
    with pytest.raises(IntakeError, match='"S" has no table'):
        find_table(sheet_of([[None, "  "], [None, None]]))


# ---------------------------------------------------------------- sheets of a workbook
def test_each_sheet_of_a_workbook_has_its_own_table():
    data = xlsx_bytes({"Hướng dẫn": [["Điền số liệu vào sheet thứ hai"]],
                       "Số liệu": [["Báo cáo tháng 6", None], ["Tên đơn vị", "Tổng số"], ["Xã Thủ Sỹ", 384],
                                   ["Tổng cộng", 384]]},
                      merged={"Số liệu": ["A1:B1"]})
    raw = read_file(data, "two.xlsx")
    table = find_table(raw.sheets[1])
    assert (table.sheet, table.title, table.headers) == ("Số liệu", "Báo cáo tháng 6", ["Tên đơn vị", "Tổng số"])
    assert table.rows == [["Xã Thủ Sỹ", "384"]] and table.total == ["Tổng cộng", "384"]
    first = find_table(raw.sheets[0])
    assert first.rows == [] and first.headers == ["Điền số liệu vào sheet thứ hai"]


def test_table_of_an_xls_workbook():
    data = xls_bytes({"Biểu": [["BÁO CÁO", None, None], ["STT", "Tên đơn vị", "Điểm"], ["(1)", "(2)", "(3)"],
                               [1, "X. Hải Thắng", 86.5], [2, "Xã Thủ Sỹ", 91.25]]})
    table = table_of(data, "b.xls")
    assert table.title == "BÁO CÁO" and table.header_row_numbers == [2] and table.row_numbers == [4, 5]
    assert table.rows[1] == ["2", "Xã Thủ Sỹ", "91.25"] and table.decimal == "."


# ---------------------------------------------------------------- decimal mark and numbers
@pytest.mark.parametrize(("cells", "mark"), [
    (["1.234,5", "42,30"], ","), (["86,98", "92,18"], ","), (["0,5"], ","), (["1.234.567"], ","),
    (["1,234.5", "42.30"], "."), (["46.0415"], "."), (["1,234,567"], "."), (["0.123"], "."),
    (["1.234", "56"], ","),            # thousands next to plain integers in a column
    (["1.234", "5.678"], "."), (["1,234"], "."), (["12", "7"], "."), ([], "."),
    (["1.234", "42,5", "7,25"], ","),  # decisive votes win over an ambiguous one
    (["12%", "-3,5"], ","),
])
def test_decimal_mark_detection(cells, mark):
    assert detect_decimal([[c] for c in cells]) == mark


@pytest.mark.parametrize(("text", "decimal", "value"), [
    ("1.234,5", ",", 1234.5), ("42,3015", ",", 42.3015), ("86,98", ",", 86.98), ("1.234", ",", 1234.0),
    ("1.234.567,25", ",", 1234567.25), ("1 234,5", ",", 1234.5), ("-3,5", ",", -3.5), ("−3,5", ",", -3.5),
    ("1,234.5", ".", 1234.5), ("46.0415", ".", 46.0415), ("1,234", ".", 1234.0), ("1800", ".", 1800.0),
    ("+7", ".", 7.0), (".5", ".", 0.5), (",5", ",", 0.5), (" 12 ", ".", 12.0),
    ("12%", ".", 12.0), ("99,46%", ",", 99.46), ("82,4 %", ",", 82.4),
    ("", ",", None), (None, ".", None), ("   ", ",", None), ("-", ",", None), ("–", ".", None), ("—", ",", None),
    ("x", ",", None), ("X", ".", None),
])
def test_parse_number(text, decimal, value):
    assert parse_number(text, decimal) == value


@pytest.mark.parametrize(("text", "decimal"), [
    ("1.23", ","), ("1.2345", ","), ("1,234.5", ","), ("12.34,5", ","), ("1.234,5", "."), ("42,3015", "."),
    ("1,23", "."), ("abc", "."), ("Xã A", ","), ("(1)", ","), ("1/2", "."), ("5,", ","), ("1e5", "."),
    ("n/a", "."), ("1.234.56", ","), ("12 34", "."), ("--1", "."), ("%", "."),
])
def test_parse_number_refuses_what_is_not_a_number_or_is_ambiguous(text, decimal):
    with pytest.raises(ValueError):
        parse_number(text, decimal)


def test_parse_number_needs_a_known_decimal_mark():
    with pytest.raises(ValueError, match="decimal mark"):
        parse_number("1", ";")


@FAST
@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), st.integers(0, 4))
def test_numbers_written_in_either_style_read_back(value, decimals):
    english = f"{value:,.{decimals}f}"
    vietnamese = english.replace(",", " ").replace(".", ",").replace(" ", ".")
    expected = float(f"{value:.{decimals}f}")
    assert math.isclose(parse_number(english, "."), expected, abs_tol=1e-9)
    assert math.isclose(parse_number(vietnamese, ","), expected, abs_tol=1e-9)


CELLS = st.one_of(st.none(), st.sampled_from(["STT", "Tên", "Tổng cộng", "Cộng", "(1)", "(2)", "A", "-", "x", "Ghi chú:",
                                              "Xã A", "12", "1.234,5", "46.0415", "", "  ", "Người lập biểu"]),
                  st.text(max_size=8))


@FAST
@given(st.integers(1, 6).flatmap(lambda w: st.lists(st.lists(CELLS, min_size=w, max_size=w), min_size=1, max_size=12)),
       st.lists(st.tuples(st.integers(0, 11), st.integers(0, 5), st.integers(0, 2), st.integers(0, 3)), max_size=3))
def test_any_grid_gives_a_consistent_table_or_says_it_is_empty(rows, spans):
    merged = [(r, c, r + dr, c + dc) for r, c, dr, dc in spans]
    try:
        table = find_table(sheet_of(rows, merged))
    except IntakeError:
        assert all(not (c or "").strip() for row in rows for c in row)
        return
    assert len(table.rows) == len(table.row_numbers)
    assert all(len(row) == len(table.headers) for row in table.rows)
    assert table.total is None or len(table.total) == len(table.headers)
    used = table.header_row_numbers + table.row_numbers + ([table.total_row_number] if table.total else [])
    assert len(used) == len(set(used)) and table.decimal in (",", ".")
