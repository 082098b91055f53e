"""AppTest smoke tests of the one-stop statistics page (views/onestop.py): the view a link asks for, its
KPI cards, chart and table agreeing, the choices written back to the URL, and bad links."""

from __future__ import annotations

import pytest

from cchc.numbers import format_number
from tests.pages_helpers import charts, open_page, param

PAGE = "views/onestop.py"


@pytest.fixture(scope="module")
def tien_lu():
    return open_page(PAGE, strict=True, level="commune", parent="vn63:district:332", period="2025-Q2",
                     by="on_time_share")


def test_the_communes_of_one_district_for_a_quarter(tien_lu):
    at = tien_lu
    assert at.title[0].value == "Thống kê một cửa"
    assert [m.label for m in at.metric] == ["Tiếp nhận", "Đã giải quyết", "Đang giải quyết", "Số hóa", "Hài lòng"]
    assert "." in at.metric[0].value and at.metric[3].value.endswith("%")
    table = at.dataframe[0].value
    assert list(table.columns[:3]) == ["Hạng", "Đơn vị", "Tỷ lệ trước và đúng hạn"]
    assert len(table) == 12 and table["Đơn vị"].iloc[-1] == "Tổng cộng"
    assert format_number(table["Hồ sơ tiếp nhận"].iloc[-1], 0, "vi") == at.metric[0].value  # the cards: the total row
    assert table["Hồ sơ tiếp nhận"].dtype.kind in "if"    # numbers, shown "14.958": a header click sorts by value
    assert table["Tỷ lệ trước và đúng hạn"].dtype.kind == "f"
    (fig,) = charts(at)
    bars = [tr for tr in fig["data"] if tr["type"] == "bar"]
    labels = [y for tr in bars for y in tr["y"]]
    assert fig["layout"]["yaxis"]["categoryarray"][0] == table["Đơn vị"].iloc[0]   # top bar = first row
    assert sorted(labels) == sorted(table["Đơn vị"].iloc[:-1])
    assert "Quý II/2025 · Cấp xã thuộc Tiên Lữ" in fig["layout"]["title"]["text"] or any(
        "Quý II/2025 · Cấp xã thuộc Tiên Lữ" in c.value for c in at.caption)
    assert {k: param(at, k) for k in ("level", "parent", "period", "by")} == {
        "level": "commune", "parent": "vn63:district:332", "period": "2025-Q2", "by": "on_time_share"}
    assert at.selectbox(key="w:parent").value == "vn63:district:332"


def test_choosing_the_district_level_and_a_share_updates_the_url(tien_lu):
    at = tien_lu
    at.selectbox(key="w:level").select("district").run()
    assert not at.exception and param(at, "level") == "district" and param(at, "parent") is None
    assert len(at.dataframe[0].value) == 11                                  # 10 districts and the total
    at.selectbox(key="w:by").select("late_share").run()
    assert param(at, "by") == "late_share"
    assert at.dataframe[0].value.columns[2] == "Tỷ lệ quá hạn"


def test_a_custom_range_from_two_months(tien_lu):
    at = tien_lu
    at.selectbox(key="w:period_kind").select("custom").run()   # the period pickers of every monthly index
    assert not at.exception and ".." in param(at, "period")
    at.selectbox(key="w:range_from").select("2025-01").run()
    at.selectbox(key="w:range_to").select("2025-03").run()
    assert param(at, "period") == "2025-01..2025-03"
    assert any("Tháng 1/2025 – Tháng 3/2025" in c.value for c in at.caption)


def test_english_year_to_date_for_the_province():
    at = open_page(PAGE, strict=True, level="province", period="2025-YTD", lang="en")
    assert at.title[0].value == "One-stop statistics"
    assert at.metric[0].label == "Received"
    names = list(at.dataframe[0].value["Unit"])
    assert names[-1] == "Total" and len(names) == 3 and "Hung Yen (before 1 July 2025)" in names


@pytest.mark.parametrize("params", [
    {"period": "2025-13", "by": "[x](http://evil.example)"},
    {"period": "2099-Q1", "level": "ministry", "parent": "nowhere"},
    {"period": "2025-09..2025-07"},
])
def test_bad_links_fall_back_and_say_so(params):
    at = open_page(PAGE, strict=True, **params)
    assert at.dataframe and param(at, "by") == "on_time_share"
    assert any("period=" in w.value for w in at.warning)
