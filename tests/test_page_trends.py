"""AppTest smoke tests of the Trends page: defaults, main filters, change view, geography break, URL."""

import pytest

from tests.pages_helpers import charts, ok, open_page, param, texts, titles

PAGE = "views/trends.py"
HCM, HN, QN = "vn63:province:79", "vn63:province:01", "vn63:province:22"


def test_defaults_best_median_worst_with_demo_mark():
    at = open_page(PAGE, index="papi", period="2024")
    ok(at)
    assert at.title[0].value == "Xu hướng" and "Dữ liệu minh họa" in at.warning[0].value
    chosen = at.multiselect(key="w:units").value
    assert len(chosen) == 3 and all(u.startswith("vn63:province:") for u in chosen)
    fig = charts(at)[0]
    names = [d["name"] for d in fig["data"]]
    assert {"Trung bình cả nước", "Đơn vị dẫn đầu"} <= set(names)
    assert any(a.get("text") == "Sáp nhập tỉnh 1/7/2025" for a in fig["layout"]["annotations"])
    assert "DỮ LIỆU MINH HỌA" in str(fig["layout"]["annotations"])
    assert param(at, "units") == ",".join(chosen)


def test_my_unit_is_the_default():
    at = open_page(PAGE, index="papi", period="2024", unit=HN)
    ok(at)
    assert at.multiselect(key="w:units").value == [HN]


def test_changing_units_component_and_view():
    at = open_page(PAGE, index="papi", period="2023", units=f"{HN},{QN}")
    ok(at)
    assert at.multiselect(key="w:units").value == [HN, QN]
    assert "Năm 2023" in texts(at) and "Quảng Ninh" in texts(at)  # not scored in 2023: said, not drawn as 0
    at.multiselect(key="w:units").select(HCM).run()
    ok(at)
    assert param(at, "units") == f"{HN},{QN},{HCM}"
    at.selectbox(key="w:component").select("papi.6").run()
    ok(at)
    assert titles(at)[0].startswith("PAPI — 6. Cung ứng dịch vụ công")
    at.radio(key="w:view").set_value("change").run()
    ok(at)
    at.selectbox(key="w:base").select("2020").run()
    ok(at)
    assert "thay đổi so với năm 2020" in titles(at)[0]
    assert param(at, "view") == "change" and param(at, "base") == "2020" and param(at, "component") == "papi.6"


def test_breakdown_stack_and_panels():
    at = open_page(PAGE, index="papi", period="2024", units=HN)
    ok(at)
    assert any("Các thành phần qua các kỳ: Hà Nội" in t for t in titles(at))
    at.radio(key="w:tab").set_value("panels").run()
    ok(at)
    assert len(charts(at)[1]["data"]) == 16  # 8 components × (unit + mean)
    assert param(at, "tab") == "panels"


def test_new_province_before_the_merger_is_explained_and_reexpressed_view_offered():
    at = open_page(PAGE, index="papi", period="2025", units="vn34:province:25")
    ok(at)
    assert "chưa hình thành hoặc đã sáp nhập" in texts(at) and "Năm 2018–2024" in texts(at)
    assert any("Xem lịch sử quy đổi" in b.label for b in at.button)
    next(b for b in at.button if "Xem lịch sử quy đổi" in b.label).click().run()
    ok(at)
    assert at.selectbox(key="w:geo").value == "vn34"
    assert at.multiselect(key="w:units").value == ["vn34:province:25"]
    series = next(d for d in charts(at)[0]["data"] if d["name"] == "Phú Thọ")
    assert None not in series["y"] and len(series["y"]) == 8  # 2018–2025, re-expressed


def test_old_units_carry_over_to_the_reexpressed_view():
    at = open_page(PAGE, index="papi", period="2024", units="vn63:province:26,vn63:province:17", geo="vn34")
    ok(at)
    assert at.multiselect(key="w:units").value == ["vn34:province:25"]  # Vĩnh Phúc, Hòa Bình -> Phú Thọ


@pytest.mark.parametrize("params", [
    dict(index="svc766", level="commune"),
    dict(index="svc766", level="commune", geo="vn34"),
    dict(index="hy_par_xa", level="district"),
    dict(index="sipas", period="2022"),
])
def test_other_indices_and_levels(params):
    at = open_page(PAGE, **params)
    ok(at)
    assert charts(at) and at.multiselect(key="w:units").value


def test_monthly_communes_show_month_labels_and_the_merger():
    at = open_page(PAGE, index="svc766", level="commune")
    ok(at)
    fig = charts(at)[0]
    assert any(t.startswith("T") and "/202" in t for t in fig["layout"]["xaxis"]["ticktext"])
    assert any(s.get("name") == "merger_2025" and str(s["x0"]).startswith("2025-07-01") for s in fig["layout"]["shapes"])
    assert "Tháng " in fig["data"][0]["text"][-1]


def test_english_and_bad_link():
    at = open_page(PAGE, index="papi", period="2024", lang="en", units="vn63:province:xx")
    ok(at)
    assert at.title[0].value == "Trends"
    assert any("units=vn63:province:xx" in w.value.replace("\\", "") for w in at.warning)  # shown escaped
    assert "DEMO DATA" in str(charts(at)[0]["layout"]["annotations"])


def test_too_many_units_are_capped_with_a_message(province_id):
    ids = [f"vn63:province:{c:02d}" for c in (1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25)]
    at = open_page(PAGE, index="papi", units=",".join(ids))
    ok(at)
    assert any("tối đa 10" in i.value for i in at.info)
    assert len(at.multiselect(key="w:units").value) == 10


def test_removing_the_last_unit_does_not_bring_it_back():
    at = open_page(PAGE, index="papi")
    assert at.multiselect(key="w:units").value   # defaults: best, median, worst
    at.multiselect(key="w:units").set_value([]).run()
    assert at.multiselect(key="w:units").value == [] and any("Chọn ít nhất một đơn vị" in i.value for i in at.info)


def test_the_first_view_shows_units_with_a_long_history():
    """Issue 11: not three new provinces with one 2025 point each — the old provinces over all years."""
    at = open_page(PAGE, index="papi")
    chosen = at.multiselect(key="w:units").value
    assert chosen and all(u.startswith("vn63:") for u in chosen)


def test_a_monthly_index_of_counts_by_quarter_is_scored_from_summed_months():
    """`grain=quarter` on the 766 index's communes: one point a quarter, each the quarter's score from its
    months' summed counts (the Rankings of that quarter say the same), never a mean of monthly scores."""
    from cchc.selection import Selection, league_for, scope_for
    from cchc.store import Store

    store = Store(imported=None)
    league = league_for(store, Selection(index="svc766", period="2025-Q3", level="commune"))
    first = league.full.row(0, named=True)
    at = open_page("views/trends.py", index="svc766", level="commune", grain="quarter", units=first["unit_id"])
    ok(at)
    assert at.radio(key="w:grain").value == "quarter" and param(at, "grain") == "quarter"
    (fig, *_) = charts(at)
    unit = fig["data"][0]
    assert unit["name"].replace("<br>", " ").startswith(first["unit"])
    assert all(x[5:7] in ("01", "04", "07", "10") for x in unit["x"])  # one point a quarter, at its start
    i = [x[:7] for x in unit["x"]].index("2025-07")
    assert abs(unit["y"][i] - first["score"]) < 1e-9                     # the quarter's score, as ranked
    scope = scope_for(store, Selection(index="svc766", period="2025-07", level="commune"))
    assert scope.scores_by("quarter")["period"].unique().sort().to_list()[0].endswith("-Q1")
    at = open_page("views/trends.py", index="papi")  # a yearly index: no choice of grain
    assert not [r for r in at.radio if r.key == "w:grain"]
