"""AppTest smoke tests of the Profile page: scorecard, strengths, history, old units, units below."""

import pytest

from tests.pages_helpers import charts, ok, open_page, param, texts, titles

PAGE = "views/profile.py"


def test_scorecard_of_a_province():
    at = open_page(PAGE, index="papi", period="2023", unit="vn63:province:01")
    ok(at)
    assert at.title[0].value == "Hồ sơ đơn vị" and at.header[0].value == "Thành phố Hà Nội"
    assert "Dữ liệu minh họa" in at.warning[0].value
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Điểm"] == "43,9600" and metrics["Hạng"] == "15/61"
    card = at.dataframe[0].value
    assert len(card) == 9 and card.iloc[0]["value"] == pytest.approx(43.96)
    heads = [s.value for s in at.subheader]
    assert {"Điểm mạnh", "Điểm yếu", "Diễn biến điểm tổng hợp"} <= set(heads)
    assert any(t.startswith("PAPI — điểm các thành phần: Hà Nội") for t in titles(at))
    assert "Từ 1/7/2025, Hà Nội (cũ) thuộc: Hà Nội (mới)." in texts(at)
    assert param(at, "unit") == "vn63:province:01"


def test_unit_not_scored_says_so():
    at = open_page(PAGE, index="papi", period="2023", unit="vn63:province:22")
    ok(at)
    assert "Quảng Ninh (cũ) không được chấm điểm ở năm 2023" in texts(at)
    assert {m.label: m.value for m in at.metric}["Điểm"] == "–"


def test_merged_province_lists_its_old_provinces_with_their_last_scores():
    at = open_page(PAGE, index="papi", period="2025", unit="vn34:province:25")
    ok(at)
    assert at.header[0].value == "Tỉnh Phú Thọ"
    old = next(df.value for df in at.dataframe if "share" in df.value.columns)
    assert sorted(old["name"]) == ["Hòa Bình", "Phú Thọ", "Vĩnh Phúc"] and set(old["period"]) == {"Năm 2024"}
    assert "Năm 2018–2024" in texts(at)  # history before the merger: explained


def test_period_before_the_unit_existed():
    at = open_page(PAGE, index="papi", period="2023", unit="vn34:province:25")
    ok(at)
    # the period list holds only the published periods: vn34 Phú Thọ is kept, 2023 is before it existed
    assert "chưa hình thành hoặc đã sáp nhập ở năm 2023" in texts(at)
    assert any("Xem lịch sử quy đổi" in b.label for b in at.button)


def test_reexpressed_history_of_a_merged_province():
    at = open_page(PAGE, index="papi", period="2023", unit="vn34:province:25", geo="vn34")
    ok(at)
    assert {m.label: m.value for m in at.metric}["Hạng"].endswith("/33")  # new Quảng Ninh: not scored in 2023
    hist = next(c for c in charts(at) if c["layout"]["title"]["text"].endswith("Phú Thọ") and "Chỉ số" in c["layout"]["title"]["text"])
    assert None not in hist["data"][0]["y"]


def test_units_below_a_province_and_switching_source():
    at = open_page(PAGE, index="papi", period="2024", unit="vn63:province:33")
    ok(at)
    source = at.selectbox(key="w:tab")
    assert source.options == ["CCHC sở, ngành (Hưng Yên) — Sở, ban, ngành", "CCHC huyện, xã (Hưng Yên) — Cấp huyện",
                              "CCHC huyện, xã (Hưng Yên) — Cấp xã", "SIPAS — Cấp huyện", "Chỉ số 766 — Cấp xã"]
    source.select("hy_par_xa:district").run()
    ok(at)
    table = at.dataframe[-1].value
    assert len(table) == 10 and list(table["rank"])[:1] == [1]
    assert param(at, "tab") == "hy_par_xa:district"


def test_changing_unit_period_and_language():
    at = open_page(PAGE, index="par", period="2023")
    ok(at)
    at.selectbox(key="w:unit").select("vn63:province:22").run()
    ok(at)
    assert at.header[0].value == "Tỉnh Quảng Ninh"
    at.selectbox(key="w:period").select("2022").run()
    ok(at)
    at.radio(key="w:lang").set_value("en").run()
    ok(at)
    assert at.title[0].value == "Unit profile" and at.header[0].value == "Quang Ninh Province"


@pytest.mark.parametrize("params", [dict(index="svc766", level="commune"), dict(index="hy_par_so", level="department"),
                                    dict(index="sipas", level="district")])
def test_other_levels(params):
    at = open_page(PAGE, **params)
    ok(at)
    assert at.metric and charts(at)


@pytest.mark.parametrize("unit, start", [
    ("vn63:province:01", "Năm 2023, Chỉ số PAPI của Hà Nội đạt 43,9600 điểm, xếp thứ 15/61, "),
    ("vn63:province:22", "Năm 2023, Quảng Ninh không được xếp hạng Chỉ số PAPI"),
])
def test_report_summary_of_the_unit(unit, start):
    import re

    at = open_page(PAGE, index="papi", period="2023", unit=unit)
    ok(at)
    box = next(e for e in at.expander if e.label == "Tóm tắt cho báo cáo")
    text = re.sub(r"\\(.)", r"\1", box.markdown[0].value)
    assert text.startswith(start)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Điểm"] in text or metrics["Điểm"] == "–"   # the metric and the paragraph agree


def test_improvement_priorities_of_a_province():
    at = open_page(PAGE, index="papi", period="2023", unit="vn63:province:33")
    ok(at)
    assert "Ưu tiên cải thiện" in [s.value for s in at.subheader]
    table = next(df.value for df in at.dataframe if "to_median" in df.value.columns)
    assert len(table) == 8 and (table["value"] + table["to_best"] <= table["max_points"] + 1e-9).all()
    row = table.iloc[4]  # dimension 5: 6,8620 against a peer median of 7,3777 -> +0,5157, total 42,6074
    assert row["to_median"] == pytest.approx(0.5157) and row["total_at_median"] == pytest.approx(42.6074)
    steps = next(m.value for m in at.markdown if "Để lên hạng" in m.value)
    assert "tăng 1,7824 điểm, Hưng Yên \\(cũ\\) lên Nhóm cao nhất \\(hạng 16\\)" in steps
    assert "Mỗi dòng thay đổi riêng một chỉ số thành phần" in texts(at)


def test_improvement_priorities_of_a_unit_not_scored():
    at = open_page(PAGE, index="papi", period="2023", unit="vn63:province:22", lang="en")
    ok(at)
    assert "Quang Ninh (old) was not scored in 2023: no improvement is proposed." in texts(at)
    assert not any("to_median" in df.value.columns for df in at.dataframe)


def test_a_survey_index_profile_says_how_sure_the_score_and_rank_are():
    """PAPI carries standard errors: the profile gives the score's 95% interval, the ranks the unit could
    take (which contain its rank) and whom it cannot be told apart from; the 766 index has none."""
    import re

    at = open_page("views/profile.py", index="papi", period="2023", unit="vn63:province:33")
    line = next(c.value for c in at.caption if "Khoảng tin cậy 95% của điểm" in c.value).replace("\\", "")
    low, high = (float(x.replace(",", ".")) for x in re.search(r"điểm: ([\d,]+) – ([\d,]+)", line).groups())
    rank = int(next(m.value for m in at.metric if m.label == "Hạng").split("/")[0])
    score = float(next(m.value for m in at.metric if m.label == "Điểm").replace(",", "."))
    assert low < score < high
    ranks = re.search(r"hạng (\d+)(?:–(\d+))?", line).groups()
    assert int(ranks[0]) <= rank <= int(ranks[1] or ranks[0])
    assert "phân biệt" in line or "chồng lấn" in line
    at = open_page("views/profile.py", index="svc766", level="province")
    assert not any("Khoảng tin cậy 95% của điểm" in c.value for c in at.caption)
