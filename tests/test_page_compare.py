"""AppTest smoke tests of the Compare page: 2–5 units, bars/radar tab, who moved, edge states, URL."""

import pytest

from tests.pages_helpers import charts, ok, open_page, param, texts

PAGE = "views/compare.py"
HN, HCM, QN, HUE = "vn63:province:01", "vn63:province:79", "vn63:province:22", "vn63:province:46"


def test_deep_link_restores_the_view():
    at = open_page(PAGE, index="papi", period="2023", units=f"{HN},{HCM}", tab="radar", base="2020")
    ok(at)
    assert at.title[0].value == "So sánh" and "Dữ liệu minh họa" in at.warning[0].value
    assert at.multiselect(key="w:units").value == [HN, HCM]
    assert at.radio(key="w:tab").value == "radar" and at.selectbox(key="w:base").value == "2020"
    radar, moves = charts(at)
    assert radar["data"][0]["type"] == "scatterpolar" and radar["layout"]["polar"]["radialaxis"]["range"] == [0, 100]
    assert "Năm 2020 → Năm 2023" in moves["layout"]["title"]["text"]
    table = at.dataframe[0].value
    assert len(table) == 8 and table.iloc[5][HN] == pytest.approx(7.8486)  # Hà Nội, dimension 6
    assert {param(at, k) for k in ("units", "tab", "base", "period")} == {f"{HN},{HCM}", "radar", "2020", "2023"}


def test_tabs_units_and_base_change():
    at = open_page(PAGE, index="papi", period="2024", units=f"{HN},{HCM}")
    ok(at)
    assert charts(at)[0]["data"][0]["type"] == "bar" and at.selectbox(key="w:base").value == "2023"
    at.multiselect(key="w:units").select(HUE).run()
    ok(at)
    assert [d["name"] for d in charts(at)[0]["data"]] == ["Hà Nội", "Hồ Chí Minh", "Thừa Thiên Huế"]
    at.radio(key="w:tab").set_value("radar").run()
    ok(at)
    at.selectbox(key="w:base").select("2018").run()
    ok(at)
    assert "Năm 2018 → Năm 2024" in charts(at)[1]["layout"]["title"]["text"]
    assert param(at, "units") == f"{HN},{HCM},{HUE}"


def test_fewer_than_two_units():
    at = open_page(PAGE, index="papi", period="2023", units=HN)
    ok(at)
    assert "Chọn từ 2 đến 5 đơn vị" in texts(at) and not charts(at)


def test_at_most_five_units_are_kept():
    six = ",".join(f"vn63:province:{c}" for c in ("01", "79", "22", "46", "48", "31"))
    at = open_page(PAGE, index="papi", period="2023", units=six)
    ok(at)
    assert len(at.multiselect(key="w:units").value) == 5


def test_a_unit_not_scored_is_said_not_drawn():
    at = open_page(PAGE, index="papi", period="2023", units=f"{HN},{QN}")
    ok(at)
    assert "Không được chấm điểm ở năm 2023: Quảng Ninh" in texts(at)
    bars = charts(at)[0]["data"]
    assert bars[1]["name"] == "Quảng Ninh (không được chấm điểm)" and set(bars[1]["x"]) == {None}


def test_base_on_the_old_boundaries_is_explained():
    at = open_page(PAGE, index="papi", period="2025", units="vn34:province:25,vn34:province:01", base="2024")
    ok(at)
    assert "được công bố theo địa giới cũ" in texts(at) and "Không có đơn vị nào được chấm điểm ở cả" in texts(at)
    assert any("Xem lịch sử quy đổi" in b.label for b in at.button)
    at.selectbox(key="w:geo").select("vn34").run()
    ok(at)
    assert len(charts(at)) == 2  # re-expressed: 2024 exists on the 34 provinces


@pytest.mark.parametrize("params", [dict(index="svc766", level="commune"), dict(index="par", component="par.3"),
                                    dict(index="papi", component="papi.6", period="2023", lang="en")])
def test_other_views(params):
    at = open_page(PAGE, **params)
    ok(at)
    assert len(at.multiselect(key="w:units").value) >= 2 and charts(at)
