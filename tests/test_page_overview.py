"""AppTest smoke tests of the overview page: KPI cards, map, distribution and movers follow the filters."""

import json

from streamlit.testing.v1 import AppTest

from tests import pages_helpers

PAGE = "views/overview.py"


def open_page(**params) -> AppTest:
    return pages_helpers.open_page(PAGE, strict=True, **params)


def cards(at):
    return {m.label: (m.value, m.proto.delta) for m in at.metric}


def charts(at):
    return {key: json.loads(c.proto.spec) for key, c in zip(range(99), at.get("plotly_chart"))}


def test_par_2023_cards():
    at = open_page()
    at.selectbox(key="w:index").select("par").run()
    at.selectbox(key="w:period").select("2023").run()
    assert not at.exception
    c = cards(at)
    assert c["Trung bình cả nước"][0] == "86,98"                 # published mean, Vietnamese style
    assert c["Cao nhất"] == ("Quảng Ninh", "92,18%")
    assert c["Thấp nhất"] == ("An Giang", "81,32%")
    assert c["Số đơn vị được chấm điểm"][0] == "63/63"
    up, down = c["Tăng hạng · giảm hạng"][0].split(" · ")
    assert up.startswith("▲") and down.startswith("▼")


def test_papi_2023_not_scored_and_three_charts():
    at = open_page(index="papi", period="2023")
    c = cards(at)
    assert c["Số đơn vị được chấm điểm"] == ("61/63", "2 không được chấm điểm")
    assert c["Cao nhất"][0] == "Thừa Thiên Huế"
    figs = list(charts(at).values())
    assert len(figs) == 3                                            # map, distribution, movers
    kinds = [{tr["type"] for tr in f["data"]} for f in figs]
    assert "choroplethmap" in kinds[0]
    dots = [x for tr in figs[1]["data"] if tr.get("mode") == "markers" and tr.get("name") != "highlight"
            for x in tr["x"]]
    assert len(dots) == 61                                           # one dot per scored province
    assert any("2 đơn vị không được chấm điểm" in a["text"] for a in figs[1]["layout"]["annotations"])


def test_mean_change_goes_with_the_period():
    at = open_page(index="papi", period="2024")
    value, delta = cards(at)["Trung bình cả nước"]
    assert value.startswith("41,") and delta.startswith(("+", "−"))
    at.selectbox(key="w:period").select("2018").run()
    assert not at.exception
    assert cards(at)["Tăng hạng · giảm hạng"][0] == "–"             # no earlier period on 2018+ scale


def test_region_filter_changes_the_cards():
    at = open_page(index="par", period="2023")
    at.selectbox(key="w:region").select("mekong_delta").run()
    assert not at.exception
    c = cards(at)
    assert "Trung bình cả nước" not in c and c["Số đơn vị được chấm điểm"][0] == "13/13"


def test_communes_point_map_and_no_map_for_departments():
    at = open_page(index="svc766", level="commune")
    assert cards(at)["Số đơn vị được chấm điểm"][0] == "104/104"
    assert "scattermap" in {tr["type"] for tr in list(charts(at).values())[0]["data"]}
    at = open_page(index="hy_par_so", level="department")
    assert any("Không có bản đồ" in i.value for i in at.info)


def test_vn34_period_without_earlier_period_explains_and_switches():
    at = open_page(index="par", period="2025")
    assert any("63 tỉnh cũ" in i.value for i in at.info)
    at.button(key="geo_switch_prev").click().run()
    assert not at.exception and cards(at)["Tăng hạng · giảm hạng"][0] != "–"


def test_english_labels():
    at = open_page(index="papi", period="2023", lang="en")
    assert at.title[0].value == "Overview"
    c = cards(at)
    assert c["National mean"][0] == "42.3605" and c["Units scored"] == ("61/63", "2 not scored")


def test_a_period_without_data_says_which_period_is_shown():
    at = open_page(index="sipas", period="2021", lang="en")
    assert any("SIPAS has no data for 2021" in i.value for i in at.info)
    assert cards(at)["National mean"][0] != "–"
