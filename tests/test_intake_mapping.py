"""cchc/intake/mapping.py: headers → indicators, periods in titles, the proposed mapping (unit
column, index, period, layout, parent) and saved mappings."""

from __future__ import annotations

import polars as pl
import pytest
import yaml

from cchc.intake.mapping import (Vocabulary, find_period, geography_of, mapping_from_dict, mapping_to_dict,
                                 propose_mapping, same_shape, used_columns)
from cchc.intake.model import Mapping
from cchc.loading import load_observations
from cchc.store import Store
from tests.intake_files import make_table


@pytest.fixture(scope="module")
def store() -> Store:
    return Store()


# ---------------------------------------------------------------- headers → indicators
HEADERS = [
    # index, header, expected indicator id
    ("papi", "papi.6", "papi.6"),
    ("papi", "PAPI.6.1", "papi.6.1"),
    ("papi", "6.1", "papi.6.1"),
    ("papi", "D6", "papi.6"),
    ("papi", "Dimension 6", "papi.6"),
    ("papi", "Chỉ số thành phần 6", "papi.6"),
    ("papi", "Chỉ số nội dung 8: Quản trị điện tử", "papi.8"),
    ("papi", "TP6", "papi.6"),
    ("papi", "6. Cung ứng dịch vụ công", "papi.6"),
    ("papi", "D6 Public service delivery", "papi.6"),
    ("papi", "Cung ung dich vu cong", "papi.6"),
    ("papi", "Public service delivery", "papi.6"),
    ("papi", "Y tế công lập", "papi.6.1"),
    ("papi", "Y tế công lập (6.1)", "papi.6.1"),
    ("papi", "Cung ứng dịch vụ công / Y tế công lập", "papi.6.1"),
    ("papi", "Cung ứng dịch vụ công / Tổng", "papi.6"),
    ("papi", "Total", "papi"),
    ("papi", "Tổng", "papi"),
    ("papi", "Điểm tổng hợp", "papi"),
    ("papi", "Điểm tổng hợp 2023", "papi"),
    ("papi", "Chỉ số", "papi"),
    ("papi", "Chỉ số PAPI", "papi"),
    ("papi", "STT", None),
    ("papi", "Tỉnh/thành phố", None),
    ("papi", "Năm", None),
    ("papi", "2023", None),
    ("papi", "Ghi chú", None),
    ("papi", "", None),
    ("par", "Lĩnh vực 3", "par.3"),
    ("par", "Lĩnh vực 1: Công tác chỉ đạo, điều hành cải cách hành chính", "par.1"),
    ("par", "Chỉ số CCHC (%)", "par"),
    ("hy_par_xa", "LV3", "hy_par_xa.3"),
    ("hy_par_xa", "Lĩnh vực / 3", "hy_par_xa.3"),
    ("hy_par_xa", "Cải cách thể chế", "hy_par_xa.2"),
    ("sipas", "sipas.1.satisfied", "sipas.1.satisfied"),
    ("svc766", "Số hồ sơ tiếp nhận / Tổng số", "onestop.received"),
    ("svc766", "Số hồ sơ tiếp nhận / Trực tuyến", "onestop.received_online"),
    ("svc766", "Số hồ sơ tiếp nhận / Trực tiếp", None),
    ("svc766", "Số hồ sơ tiếp nhận / Kỳ trước chuyển sang", None),
    ("svc766", "Số hồ sơ đã giải quyết / Tổng số", "onestop.resolved"),
    ("svc766", "Số hồ sơ đã giải quyết / Trước hạn", "onestop.resolved_early"),
    ("svc766", "Số hồ sơ đã giải quyết / Đúng hạn", "onestop.resolved_on_time"),
    ("svc766", "Số hồ sơ đã giải quyết / Quá hạn", "onestop.resolved_late"),
    ("svc766", "Số hồ sơ đang giải quyết / Tổng số", "onestop.pending"),
    ("svc766", "Số hồ sơ đang giải quyết / Trong hạn", "onestop.pending_in_time"),
    ("svc766", "Số hồ sơ đang giải quyết / Quá hạn", None),
    ("svc766", "Trước hạn", "onestop.resolved_early"),
    ("svc766", "Đúng hạn", "onestop.resolved_on_time"),
    ("svc766", "Quá hạn", "onestop.resolved_late"),
    ("svc766", "Trễ hạn", "onestop.resolved_late"),
    ("svc766", "Đang giải quyết", "onestop.pending"),
    ("svc766", "1. Số hồ sơ tiếp nhận", "onestop.received"),          # a name after a number wins
    ("svc766", "Số thư xin lỗi hồ sơ quá hạn", "onestop.apology_letters"),
    ("svc766", "Số hồ sơ được số hóa", "onestop.digitised"),
    ("svc766", "Số giao dịch thanh toán trực tuyến", "onestop.paid_online"),
    ("svc766", "Số lượt đánh giá hài lòng", "onestop.rated_satisfied"),
    ("svc766", "Số hồ sơ tiếp nhận (onestop.received)", "onestop.received"),
    ("svc766", "Tỷ lệ trước hạn (%)", None),                          # a rate is not a count
    ("svc766", "Tỷ lệ hồ sơ nộp trực tuyến", "svc766.4.2"),           # the ratio leaf by its name
    ("svc766", "Tổng điểm", "svc766"),
    ("svc766", "Tên đơn vị", None),
]


@pytest.mark.parametrize("index, header, expected", HEADERS, ids=[f"{c[0]}|{c[1]}" for c in HEADERS])
def test_headers_name_indicators(store, index, header, expected):
    assert Vocabulary(store.definition(index))(header) == expected


def test_one_stop_words_name_the_raw_inputs_of_the_766_index_and_its_data(store):
    """Every one-stop id the words give is a raw input of svc766 and occurs in the bundled data."""
    inputs = set(store.definition("svc766").leaf_inputs())
    in_data = set(load_observations("observations/hy_onestop.parquet")["indicator_id"].unique())
    vocab = Vocabulary(store.definition("svc766"))
    named = {ident for ident, _, _ in vocab.onestop}
    assert named == inputs == in_data


def test_a_bare_code_is_weaker_than_a_name(store):
    par, papi = Vocabulary(store.definition("par")), Vocabulary(store.definition("papi"))
    header = "Lĩnh vực 1: Công tác chỉ đạo, điều hành cải cách hành chính"
    assert par.match(header) == ("par.1", True)
    assert papi.match(header) == ("papi.1", False)
    assert papi.match("Tổng") == ("papi", False)


# ---------------------------------------------------------------- periods
@pytest.mark.parametrize("text, expected", [
    ("BÁO CÁO KẾT QUẢ GIẢI QUYẾT TTHC THÁNG 5/2024", "2024-05"),
    ("Tháng 05-2024", "2024-05"),
    ("tháng 12 năm 2025", "2025-12"),
    ("5/2024", "2024-05"),
    ("2025-07", "2025-07"),
    ("QUÝ III/2025", "2025-Q3"),
    ("Quý 3 năm 2025", "2025-Q3"),
    ("Q3/2025", "2025-Q3"),
    ("Q3 2025", "2025-Q3"),
    ("Quý IV năm 2024", "2024-Q4"),
    ("UBND Q.1 NĂM 2024", "2024"),                                      # Quận 1, not a quarter
    ("2025-Q3", "2025-Q3"),
    ("Chỉ số PAPI năm 2023", "2023"),
    ("2023", "2023"),
    ("KẾT QUẢ CHỈ SỐ CCHC NĂM 2019 CỦA CÁC TỈNH", "2019"),
    ("Hưng Yên, ngày 05 tháng 6 năm 2024\nChỉ số năm 2023", "2023"),   # a date is not the period
    ("(Từ ngày 15/4/2024 đến ngày 14/5/2024)", None),
    ("So sánh 2022 và 2023", None),                                     # two years: not guessed
    ("Bảng 1", None),
    ("", None),
    (None, None),
])
def test_find_period(text, expected):
    assert find_period(text) == expected


@pytest.mark.parametrize("period, expected", [
    ("2024", "vn63"), ("2025-06", "vn63"), ("2025-Q2", "vn63"), ("2025-07", "vn34"), ("2025-Q3", "vn34"),
    ("2025", "vn34"), ("2026-01", "vn34"),
])
def test_geography_of(period, expected):
    assert geography_of(period) == expected


# ---------------------------------------------------------------- the proposal
def papi_rows(period: str = "2023") -> list[list[str]]:
    """STT, province, D6 parts and D6 of a few provinces, bundled values (4 decimals)."""
    obs = Store().observations("papi").filter(pl.col("period") == period)
    value = {(u, i): v for u, i, v in obs.select("unit_id", "indicator_id", "value").iter_rows()}
    rows = []
    for k, (uid, name) in enumerate([("vn63:province:01", "TP. Hà Nội"), ("vn63:province:46", "Thừa Thiên Huế"),
                                     ("vn63:province:33", "Tỉnh Hưng Yên")], start=1):
        parts = [value[(uid, f"papi.6.{j}")] for j in range(1, 5)]
        rows.append([str(k), name, *[f"{p:.4f}" for p in parts], f"{sum(parts):.4f}"])
    return rows


def test_proposal_of_a_papi_table(store):
    table = make_table(["STT", "Tỉnh/thành phố", "6.1", "6.2", "6.3", "6.4", "D6"], papi_rows(),
                       title="CHỈ SỐ PAPI NĂM 2023")
    mapping, notes = propose_mapping(table, store)
    assert mapping == Mapping(index="papi", layout="wide", unit_column=1, period="2023",
                              indicators={2: "papi.6.1", 3: "papi.6.2", 4: "papi.6.3", 5: "papi.6.4", 6: "papi.6"},
                              headers=tuple(table.headers))
    assert notes[:3] == ["Kỳ số liệu: Năm 2023 (suy ra từ tiêu đề)", "Cột đơn vị: “Tỉnh/thành phố” (3/3 tên tìm thấy)",
                         "Chỉ số: PAPI (5/7 cột khớp)"]


def test_stt_is_never_the_unit_column(store):
    """Numbering and codes that look like GSO codes ("01", "33") stay out of the unit column."""
    rows = [["01", "Hà Nội", "7,85"], ["46", "Huế", "8,01"], ["33", "Hưng Yên", "7,12"]]
    mapping, _ = propose_mapping(make_table(["STT", "Đơn vị", "D6"], rows, decimal=","), store, index="papi")
    assert mapping.unit_column == 1


def test_the_unit_column_is_found_by_its_values(store):
    rows = [["a", "Hà Nội", "x1", "7.85"], ["b", "Thừa Thiên Huế", "x2", "8.01"], ["c", "Hưng Yên", "x3", "7.12"]]
    mapping, _ = propose_mapping(make_table(["Mã", "Địa bàn", "Ghi chú", "D6"], rows), store, index="papi",
                                 period="2023")
    assert mapping.unit_column == 1


@pytest.mark.parametrize("headers, index", [
    (["Tỉnh", "Lĩnh vực 1: Công tác chỉ đạo, điều hành cải cách hành chính", "Lĩnh vực 2: Cải cách thể chế",
      "Chỉ số CCHC"], "par"),
    (["Province", "D1 Participation at local levels", "D2 Transparency in local decision-making", "Total"], "papi"),
    (["Tỉnh", "sipas.1.satisfied", "sipas.1.answers"], "sipas"),
    (["Tên đơn vị", "Số hồ sơ tiếp nhận / Tổng số", "Số hồ sơ đã giải quyết / Trước hạn", "Quá hạn"], "svc766"),
])
def test_the_index_is_the_one_whose_indicators_match(store, headers, index):
    rows = [["Hà Nội", *["1"] * (len(headers) - 1)], ["Hưng Yên", *["2"] * (len(headers) - 1)]]
    assert propose_mapping(make_table(headers, rows), store)[0].index == index


def test_a_tie_goes_to_the_index_of_the_units_level(store):
    """hy_par_so (departments) and hy_par_xa (districts, communes) share area names."""
    rows = [["Huyện Tiên Lữ", "10"], ["Huyện Kim Động", "11"], ["Thị xã Mỹ Hào", "9"]]
    mapping, notes = propose_mapping(make_table(["Đơn vị", "Cải cách thể chế"], rows, title="Năm 2023"), store)
    assert mapping.index == "hy_par_xa"


@pytest.mark.parametrize("title, given, column_values, expected_period, expected_column", [
    ("BÁO CÁO THÁNG 5/2024", None, None, "2024-05", None),
    ("BÁO CÁO THÁNG 5/2024", "2024-06", None, "2024-06", None),   # given wins over the title
    ("BÁO CÁO", None, ["2023", "2023", "2023"], None, 0),           # a period column
    ("BÁO CÁO", None, None, None, None),                            # none: validation says no_period
])
def test_the_period(store, title, given, column_values, expected_period, expected_column):
    headers = (["Năm"] if column_values else []) + ["Tỉnh", "D6"]
    base = [["Hà Nội", "7.85"], ["Thừa Thiên Huế", "8.01"], ["Hưng Yên", "7.12"]]
    rows = [[y, *r] for y, r in zip(column_values, base)] if column_values else base
    mapping, notes = propose_mapping(make_table(headers, rows, title=title), store, index="papi", period=given)
    assert (mapping.period, mapping.period_column) == (expected_period, expected_column)
    assert mapping.unit_column == (1 if column_values else 0)


def test_long_layout(store):
    headers = ["Đơn vị", "Năm", "Chỉ tiêu", "Giá trị", "Cỡ mẫu"]
    rows = [["Hà Nội", "2023", "papi.6.1", "1.7029", "1181"], ["Hà Nội", "2023", "6.2", "1.9570", "1181"],
            ["Huế", "2023", "Cơ sở hạ tầng căn bản", "2.1", "1200"]]
    mapping, notes = propose_mapping(make_table(headers, rows), store)
    assert mapping == Mapping(index="papi", layout="long", unit_column=0, period_column=1, indicator_column=2,
                              value_column=3, n_column=4, headers=tuple(headers))
    assert "Bảng dạng dọc: mỗi dòng một đơn vị, một chỉ tiêu" in notes


TIEN_LU_ROWS = [["1", "TT. Vương", "120"], ["2", "X. Hưng Đạo", "130"], ["3", "Xã Nhật Tân", "99"],
                ["4", "X. Hải Thắng", "101"]]


@pytest.mark.parametrize("title, given, expected, note", [
    ("UBND HUYỆN TIÊN LỮ\nBÁO CÁO KẾT QUẢ GIẢI QUYẾT TTHC THÁNG 5/2024", None, "vn63:district:332",
     "Đơn vị cấp trên: Huyện Tiên Lữ (suy ra từ tiêu đề)"),
    ("UBND TỈNH HƯNG YÊN\nCÁC XÃ, THỊ TRẤN HUYỆN TIÊN LỮ\nTHÁNG 5/2024", None, "vn63:district:332",
     "Đơn vị cấp trên: Huyện Tiên Lữ (suy ra từ tiêu đề)"),          # the deepest of the two
    ("BÁO CÁO THÁNG 5/2024", None, "vn63:district:332",
     "Đơn vị cấp trên: Huyện Tiên Lữ (suy ra từ tên các đơn vị)"),    # the unique names' common parent
    ("BÁO CÁO THÁNG 5/2024", "Huyện Tiên Lữ", "vn63:district:332", None),   # given as a name
    ("BÁO CÁO THÁNG 5/2024", "vn63:district:332", "vn63:district:332", None),
])
def test_the_parent(store, title, given, expected, note):
    table = make_table(["STT", "Tên đơn vị", "Số hồ sơ tiếp nhận"], TIEN_LU_ROWS, title=title)
    mapping, notes = propose_mapping(table, store, parent=given)
    assert (mapping.index, mapping.period, mapping.parent) == ("svc766", "2024-05", expected)
    assert note is None or note in notes


def test_no_parent_for_provinces(store):
    table = make_table(["Tỉnh", "D6"], [["Hà Nội", "7"], ["Hưng Yên", "8"]], title="UBND TỈNH HƯNG YÊN — PAPI 2023")
    assert propose_mapping(table, store, index="papi")[0].parent is None


def test_unmapped_columns_are_noted(store):
    table = make_table(["STT", "Tỉnh", "D6", "Xếp hạng"], [["1", "Hà Nội", "7", "3"], ["2", "Hưng Yên", "8", "1"]],
                       title="2023")
    mapping, notes = propose_mapping(table, store, index="papi")
    assert 3 not in mapping.indicators and "Các cột không được nhập: “Xếp hạng”" in notes


def test_notes_in_english(store):
    table = make_table(["Province", "D6"], [["Ha Noi", "7"], ["Hung Yen", "8"]], title="PAPI 2023")
    notes = propose_mapping(table, store, lang="en")[1]
    assert notes[0] == "Period: 2023 (from the title)"


# ---------------------------------------------------------------- saved mappings
SAVED = Mapping(index="svc766", layout="wide", unit_column=1, period="2024-05",
                indicators={2: "onestop.received", 3: "onestop.resolved_late"}, parent="vn63:district:332",
                units={"UBND xã Hải Thắng": "vn63:commune:12364"},
                headers=("STT", "Tên đơn vị", "Số hồ sơ tiếp nhận / Tổng số", "Quá hạn"))


def test_saved_mappings_survive_yaml():
    text = yaml.safe_dump(mapping_to_dict(SAVED), allow_unicode=True)
    assert mapping_from_dict(yaml.safe_load(text)) == SAVED


@pytest.mark.parametrize("data", [
    {"index": "papi"},                                                     # no layout, no unit column
    {"index": "papi", "layout": "diagonal", "unit_column": 0},
    {"index": "papi", "layout": "wide", "unit_column": "B"},
    {"index": "papi", "layout": "wide", "unit_column": 0, "indicators": {"x": "papi.6"}},
    {"index": "papi", "layout": "wide", "unit_column": 0, "colour": "red"},
])
def test_a_malformed_saved_mapping_is_refused(data):
    with pytest.raises(ValueError, match="not a saved mapping"):
        mapping_from_dict(data)


@pytest.mark.parametrize("headers, expected", [
    (["STT", "Tên đơn vị", "Số hồ sơ tiếp nhận / Tổng số", "Quá hạn"], True),
    (["stt", "TÊN ĐƠN VỊ", "So ho so tiep nhan / Tong so", "Quá  hạn", "Ghi chú"], True),   # folded; extra column
    (["STT", "Tên đơn vị", "Quá hạn", "Số hồ sơ tiếp nhận / Tổng số"], False),               # swapped
    (["STT", "Tên đơn vị", "Số hồ sơ tiếp nhận / Tổng số"], False),                          # a column fewer
])
def test_same_shape(headers, expected):
    table = make_table(headers, [])
    assert same_shape(SAVED, table) is expected
    assert same_shape(mapping_to_dict(SAVED), table) is expected


def test_used_columns():
    long = Mapping(index="papi", layout="long", unit_column=0, period_column=1, indicator_column=2, value_column=3,
                   se_column=5)
    assert used_columns(SAVED) == {1, 2, 3} and used_columns(long) == {0, 1, 2, 3, 5}
