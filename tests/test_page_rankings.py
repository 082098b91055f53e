"""AppTest smoke tests of the rankings page: filters change the chart and the table together."""

import json
from pathlib import Path

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from tests import pages_helpers

PAGE = "views/rankings.py"


def open_page(**params) -> AppTest:
    return pages_helpers.open_page(PAGE, strict=True, **params)


def table(at):
    """The league table (the largest grid: a selected unit's row may be pinned in a small one above it)."""
    return max((d.value for d in at.dataframe), key=len)


def units(at):
    t = table(at)
    return t[t["kind"] == "unit"]


def shown(at):
    """The table as displayed (Vietnamese number strings), from the Styler's display values."""
    raw = at.dataframe[0].proto.arrow_data.styler.display_values
    return pa.ipc.open_stream(raw).read_all().to_pandas()


def bars(at):
    """(label, score) of the ranked bars, top to bottom, from the Plotly spec."""
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    order = spec["layout"]["yaxis"]["categoryarray"]
    rows = [(y, x) for tr in spec["data"] if tr["type"] == "bar" for y, x in zip(tr["y"], tr["x"])]
    return sorted(rows, key=lambda r: order.index(r[0])), order


def assert_chart_matches_table(at):
    rows, order = bars(at)
    t = units(at)
    assert order == list(t["label"])                                     # same units, same order
    scored = t[t["score"].notna()]
    assert rows == list(zip(scored["label"], scored["score"]))           # same values


def test_par_2023_first_row_is_quang_ninh_92_18():
    at = open_page()
    at.selectbox(key="w:index").select("par").run()
    at.selectbox(key="w:period").select("2023").run()
    assert not at.exception
    first = units(at).iloc[0]
    assert (first["rank"], first["label"], first["score"]) == (1, "Quảng Ninh", 92.18)
    disp = shown(at)
    assert disp.loc[units(at).index[0], "score"] == "92,18"               # Vietnamese number style
    assert_chart_matches_table(at)
    assert at.query_params["index"] in ("par", ["par"]) and at.query_params["period"] in ("2023", ["2023"])


def test_default_view_and_papi_2023_not_scored_units():
    at = open_page(index="papi", period="2023")
    t = units(at)
    assert len(t) == 63 and t.iloc[0]["label"] == "Thừa Thiên Huế" and t.iloc[0]["score"] == 46.0415
    missing = t[t["score"].isna()]
    assert set(missing["label"]) == {"Quảng Ninh", "Bình Dương"}
    assert all(n.startswith("Không được chấm điểm") for n in missing["note"])
    refs = table(at)[table(at)["kind"] == "reference"]
    assert "Trung bình cả nước" in list(refs["label"]) and refs["rank"].isna().all()
    assert_chart_matches_table(at)


def test_changing_the_period_changes_chart_and_table_together():
    at = open_page(index="papi", period="2023")
    at.selectbox(key="w:period").select("2024").run()
    assert not at.exception
    t = units(at)
    assert t[t["label"] == "Quảng Ninh"]["score"].iloc[0] == 47.82
    assert_chart_matches_table(at)


@pytest.mark.parametrize("region", ["mekong_delta", "red_river_delta"])
def test_region_filter_ranks_within_the_region_and_keeps_the_overall_rank(region):
    at = open_page(index="par", period="2023")
    at.selectbox(key="w:region").select(region).run()
    assert not at.exception
    t = units(at)
    assert 5 < len(t) < 20 and list(t["rank"].dropna().astype(int))[0] == 1
    assert (t["overall_rank"] >= t["rank"]).all()
    assert any(label.startswith("Trung bình") and label != "Trung bình cả nước"
               for label in table(at)[table(at)["kind"] == "reference"]["label"])
    assert_chart_matches_table(at)
    assert at.query_params["region"] in (region, [region])


def test_search_and_band_filters():
    at = open_page(index="par", period="2023")
    at.text_input(key="w:q").input("ha noi").run()
    assert list(units(at)["label"]) == ["Hà Nội"] and units(at)["rank"].iloc[0] == 3
    at.text_input(key="w:q").input("").run()
    at.selectbox(key="w:band").select("A").run()
    assert not at.exception and set(units(at)["group"]) == {"A"} and len(units(at)) >= 5
    assert_chart_matches_table(at)


def test_reexpressed_par_2024_on_34_provinces():
    at = open_page(index="par", period="2024", geo="vn34")
    t = units(at)
    assert len(t) == 34 and t["label"].is_unique
    assert_chart_matches_table(at)


def test_communes_with_a_parent_and_top_bottom():
    at = open_page(index="hy_par_xa", level="commune", period="2024")
    assert len(units(at)) == 40          # 139 ranked communes: top 20 and bottom 20 by default
    assert any("20 đơn vị đầu và 20 đơn vị cuối" in c.value for c in at.caption)
    at.selectbox(key="w:top").select("all").run()
    assert len(units(at)) == 139
    parent = [o for o in at.selectbox(key="w:parent").options if "Tiên Lữ" in o]
    at.selectbox(key="w:parent").select_index(at.selectbox(key="w:parent").options.index(parent[0])).run()
    assert not at.exception and 5 < len(units(at)) < 20
    assert_chart_matches_table(at)


def test_svc766_communes_monthly():
    at = open_page(index="svc766", level="commune")
    assert not at.exception and len(units(at)) == 40
    assert_chart_matches_table(at)


def test_my_unit_before_it_existed_offers_the_reexpressed_view():
    at = open_page(index="papi", period="2023", unit="vn34:province:33")
    assert any("chưa tồn tại" in i.value for i in at.info)
    highlighted = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["yaxis"]["ticktext"]
    assert sum("<b>" in x for x in highlighted) == 2        # old Hưng Yên and Thái Bình are marked
    at.button(key="geo_switch_unit").click().run()
    assert not at.exception and len(units(at)) == 34
    assert at.query_params["geo"] in ("vn34", ["vn34"])


def test_not_scored_unit_and_english():
    at = open_page(index="papi", period="2023", unit="vn63:province:22", lang="en")
    assert at.title[0].value == "Rankings"
    assert any("was not scored" in w.value for w in at.warning)
    t = units(at)
    assert t.iloc[0]["label"] == "Thua Thien Hue"
    assert shown(at).loc[t.index[0], "score"] == "46.0415"
    assert "National mean" in list(table(at)["label"])


def test_interface_words_are_not_defined_twice():
    """ui/text.py is shared by several pages: a key defined twice silently replaces the first meaning."""
    import re
    from collections import Counter

    source = (Path(pages_helpers.APP).parent / "ui" / "text.py").read_text(encoding="utf-8")
    keys = Counter(re.findall(r'^\s+"([a-z_0-9]+)": \(', source, re.M))
    assert [k for k, n in keys.items() if n > 1] == []


def test_my_unit_far_down_the_table_is_pinned_above_it():
    at = open_page(index="svc766", level="commune")
    last = units(at).dropna(subset=["rank"]).iloc[-1]
    at = open_page(index="svc766", level="commune", unit=last["unit_id"])
    pinned = [d.value for d in at.dataframe if len(d.value) == 1]
    assert len(pinned) == 1 and pinned[0].iloc[0]["unit_id"] == last["unit_id"]
    assert pinned[0].iloc[0]["rank"] == last["rank"]
    assert any("ghim" in c.value for c in at.caption)
    at = open_page(index="svc766", level="commune", unit=units(at).iloc[0]["unit_id"])  # in view: nothing pinned
    assert not [d for d in at.dataframe if len(d.value) == 1]


def test_a_period_that_has_not_begun_is_a_bad_link_not_a_year_without_data():
    at = open_page(index="papi", period="9999")
    assert any("period=9999" in w.value for w in at.warning)
    assert not any("9999" in i.value for i in at.info)  # never "năm 9999" as if it were a year
    assert len(units(at)) > 0


def test_a_period_without_data_says_which_period_is_shown():
    at = open_page(index="sipas", period="2021")      # SIPAS was not surveyed in 2021
    assert any("SIPAS không có số liệu năm 2021" in i.value and "năm 2025" in i.value for i in at.info)
    assert len(units(at)) > 0
    at.selectbox(key="w:index").select("svc766").run()  # a monthly index has no year 2025
    assert not at.exception and any("tháng 10/2026" in i.value for i in at.info)


def test_no_flat_sparkline_when_only_one_period_exists():
    """2025 is the only year on today's 34 provinces (as published): no history column to draw."""
    at = open_page(index="papi", period="2025")
    assert not at.exception and "history" not in at.dataframe[0].value.columns
    at = open_page(index="papi", period="2023")
    assert "history" in at.dataframe[0].value.columns


def test_the_users_own_changes_are_never_blamed_on_the_link():
    """Issue 11: values left by the user's own earlier choices (Tiên Lữ as parent, year 2024) that no longer
    apply after switching to the monthly 766 index are adjusted silently — no "invalid link", no raw id."""
    at = open_page()
    for name, value in {"index": "svc766", "level": "commune", "period": "2024", "parent": "vn63:district:332"}.items():
        at.session_state[f"f:{name}"] = value   # as the widgets' callbacks leave them
    at.run()
    assert not at.exception
    assert not [w.value for w in at.warning if "Liên kết" in w.value or "vn63" in w.value]


def test_the_same_values_in_a_link_are_reported():
    # (a year of the monthly 766 index is a period range: 2024 exists; 2019 has no month of data)
    at = open_page(index="svc766", level="commune", period="2019", parent="vn63:district:332")
    warned = " ".join(w.value for w in at.warning if "Liên kết" in w.value)
    assert "period=2019" in warned


def test_a_bad_value_in_the_link_is_still_reported_once():
    at = open_page(index="nope")
    assert [w.value for w in at.warning if "index=nope" in w.value]
    at.selectbox(key="w:index").select("par").run()
    assert not [w.value for w in at.warning if "Liên kết" in w.value]


def test_my_unit_stands_at_the_top():
    at = open_page(period="2023", unit="vn63:province:33")
    metrics = {m.label: m.value for m in at.metric}
    assert any("Hưng Yên" in m.value for m in at.markdown) and metrics["Hạng"].endswith("/61")
    assert metrics["Điểm"].count(",") == 1   # 4 decimals, Vietnamese style


def test_a_link_with_ci_1_shows_intervals_rank_ranges_and_who_cannot_be_told_apart():
    """Issue 12: ``ci=1`` turns the intervals on — error bars on the chart, a rank-range column, a sentence."""
    at = open_page(period="2023", ci="1")
    assert not at.exception and at.toggle(key="w:ci").value
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert any(tr.get("error_x", {}).get("array") for tr in spec["data"] if tr["type"] == "bar")
    first = units(at).iloc[0]
    assert (first["label"], first["rank"], first["rank_range"]) == ("Thừa Thiên Huế", 1, "1–5")
    assert [c.value for c in at.caption if "không phân biệt được" in c.value and "Thừa Thiên Huế" in c.value]
    at.toggle(key="w:ci").set_value(False).run()
    assert "rank_range" not in table(at).columns and "ci" not in at.query_params


def test_intervals_are_off_by_default_and_disabled_for_the_766_index():
    at = open_page(period="2023")
    assert "rank_range" not in table(at).columns and not at.toggle(key="w:ci").value
    at.toggle(key="w:ci").set_value(True).run()
    assert "rank_range" in table(at).columns and at.query_params["ci"] in ("1", ["1"])
    at = open_page(index="svc766", ci="1")
    assert not at.exception and "rank_range" not in table(at).columns
    assert at.toggle(key="w:ci_off").disabled
    assert any("không công bố sai số" in c.value for c in at.caption)


def summary_text(at) -> str:
    """The paragraph of the "Tóm tắt cho báo cáo" box, Markdown escapes removed."""
    import re

    box = next(e for e in at.expander if e.label in ("Tóm tắt cho báo cáo", "Summary for the report"))
    return re.sub(r"\\(.)", r"\1", box.markdown[0].value)


def test_report_summary_states_the_tables_numbers():
    at = open_page(index="papi", period="2023")
    text = summary_text(at)
    assert text.startswith("Năm 2023, Chỉ số PAPI xếp hạng 61/63 đơn vị (2 đơn vị không có số liệu). "
                           "Dẫn đầu là Thừa Thiên Huế (46,0415 điểm)")
    first = units(at).iloc[0]
    assert f"{first['label']} ({first['score']:.4f}".replace(".", ",") in text
    at = open_page(index="papi", period="2023", region="red_river_delta", lang="en")
    assert summary_text(at).startswith("In 2023, PAPI ranked 10 of 11 units (1 not scored).")


@pytest.mark.parametrize("values, low, high, want", [
    (["Nhóm cao nhất", "Nhóm trung bình thấp"], 80, 220, 174),          # 20 letters × 7,5 + 24
    (["Trung bình Bắc Trung Bộ và duyên hải miền Trung", "Hà Nội"], 240, 380, 376),
    (["An"], 240, 380, 240),                                            # never narrower than the least
    (["x" * 200], 80, 220, 220),                                        # never wider than the most
    ([None, float("nan")], 80, 220, 80),                                # no text at all
])
def test_a_text_column_is_as_wide_as_its_longest_text(values, low, high, want):
    import pandas as pd

    from ui.ranking_table import text_px

    assert text_px(pd.Series(values, dtype=object), low, high) == want
