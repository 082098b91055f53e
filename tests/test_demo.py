"""The bundled demo data: calibrated to published figures, and in sync with the generator."""

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from cchc import loading
from cchc.demo import build_demo
from cchc.indices import compute_scores
from cchc.league import league_table
from cchc.scores import index_scores


@pytest.fixture(scope="module")
def papi_scores(observations, definitions, units, crosswalk):
    return index_scores(observations, definitions["papi"], units, crosswalk, level="province")


def value(scores, unit_id, period, indicator):
    row = scores.filter((pl.col("unit_id") == unit_id) & (pl.col("period") == period)
                        & (pl.col("indicator_id") == indicator))
    assert row.height == 1
    return row["value"][0]


def test_bundled_data_equal_a_fresh_generation(units, crosswalk):
    frames, catalogue = build_demo(units, crosswalk, loading.load_index_dicts())
    assert catalogue == loading.load_catalogue()
    for entry in catalogue:
        assert_frame_equal(frames[entry["id"]], loading.load_observations(entry["file"]))


def test_every_dataset_is_marked_demo():
    assert all(e["demo"] and "minh họa" in e["title"]["vi"] for e in loading.load_catalogue())


def test_papi_2023_hanoi_dimension_6_from_published_subdimensions(papi_scores, province_id):
    hn = province_id("Hà Nội")
    subs = [value(papi_scores, hn, "2023", f"papi.6.{k}") for k in range(1, 5)]
    assert subs == [1.7029, 1.9570, 2.2548, 1.9339]
    assert value(papi_scores, hn, "2023", "papi.6") == pytest.approx(7.8486, abs=1e-9)


def test_papi_2023_league_matches_published_order(papi_scores, units, definitions, province_id):
    t = league_table(papi_scores, units, definitions["papi"], period="2023", level="province")
    top = t.head(5).select("unit", "score").rows()
    assert top == [("Thừa Thiên Huế", 46.0415), ("Thái Nguyên", 45.78), ("Bắc Ninh", 45.70),
                   ("Sóc Trăng", 45.61), ("Bạc Liêu", 45.57)]
    assert t.filter(pl.col("unit") == "Hà Nội").select("rank", "score").row(0) == (15, 43.96)
    bottom5 = t.filter(pl.col("rank").is_not_null())["score"].tail(5)
    assert bottom5.min() == pytest.approx(38.97) and bottom5.max() == pytest.approx(39.95)
    not_scored = t.filter(pl.col("rank").is_null())
    assert sorted(not_scored["unit"]) == ["Bình Dương", "Quảng Ninh"]
    assert not_scored["score"].null_count() == 2  # not scored is null, never 0


def test_papi_2024_quang_ninh_and_mean(papi_scores, province_id):
    scored = papi_scores.filter((pl.col("period") == "2024") & (pl.col("indicator_id") == "papi"))
    assert scored["value"].mean() == pytest.approx(41.43, abs=5e-5)
    assert value(papi_scores, province_id("Quảng Ninh"), "2024", "papi") == 47.82


def test_par_2023_published_top_five_bottom_three_and_mean(observations, definitions, units, crosswalk):
    s = index_scores(observations, definitions["par"], units, crosswalk, level="province")
    t = league_table(s, units, definitions["par"], period="2023", level="province")
    assert t.head(5).select("unit", "score").rows() == [
        ("Quảng Ninh", 92.18), ("Hải Phòng", 91.87), ("Hà Nội", 91.43), ("Bắc Giang", 91.16),
        ("Bà Rịa - Vũng Tàu", 91.03)]
    assert t.tail(3).select("rank", "unit", "score").rows() == [
        (61, "Bình Thuận", 81.87), (62, "Sóc Trăng", 81.70), (63, "An Giang", 81.32)]
    assert t["score"].mean() == pytest.approx(86.98, abs=5e-3)
    t24 = league_table(s, units, definitions["par"], period="2024", level="province")
    assert t24.row(0, named=True)["unit"] == "Hải Phòng" and t24["score"][0] == 96.17
    assert t24["score"].mean() == pytest.approx(88.37, abs=5e-3)


@pytest.mark.parametrize("year, national", [(2018, 82.99), (2019, 84.45), (2020, 85.48), (2022, 80.08),
                                            (2023, 82.66), (2024, 83.94)])
def test_sipas_national_means(observations, definitions, units, crosswalk, year, national):
    s = index_scores(observations, definitions["sipas"], units, crosswalk, level="province")
    totals = s.filter((pl.col("period") == str(year)) & (pl.col("indicator_id") == "sipas"))
    assert totals.height == 63
    assert totals["value"].mean() == pytest.approx(national, abs=6e-3)


def test_sipas_2023_range_and_no_2021(observations, definitions, units, crosswalk):
    s = index_scores(observations, definitions["sipas"], units, crosswalk, level="province")
    t = s.filter((pl.col("period") == "2023") & (pl.col("indicator_id") == "sipas"))["value"]
    assert (t.min(), t.max()) == pytest.approx((75.03, 90.61), abs=6e-3)
    assert "2021" not in s["period"].to_list()


def test_766_quang_tri_july_2025_is_77_65_and_second(observations, definitions, units, crosswalk, province_id):
    s = index_scores(observations, definitions["svc766"], units, crosswalk, level="province")
    qt = province_id("Quảng Trị", "vn34")
    assert value(s, qt, "2025-07", "svc766") == pytest.approx(77.65, abs=1e-9)
    t = league_table(s, units, definitions["svc766"], period="2025-07", level="province")
    assert t.filter(pl.col("unit_id") == qt)["rank"][0] == 2 and t["n_ranked"][0] == 34


def test_local_indices_cover_the_demo_province(observations, definitions, units, crosswalk):
    s = index_scores(observations, definitions["hy_par_xa"], units, crosswalk, level="district")
    t = league_table(s, units, definitions["hy_par_xa"], period="2024", level="district")
    assert t.height == 10 and "Tiên Lữ" in t["unit"].to_list()
    communes = index_scores(observations, definitions["hy_par_xa"], units, crosswalk, level="commune")
    t25 = league_table(communes, units, definitions["hy_par_xa"], period="2025", level="commune")
    assert t25.height == units.filter((pl.col("province_id") == "vn34:province:33")
                                      & (pl.col("level") == "commune")).height
    assert t25["rank"].null_count() == 1  # one commune not scored in 2025, shown as such


def test_tien_lu_leads_district_sipas_2021(observations, definitions, units, crosswalk):
    s = index_scores(observations, definitions["sipas"], units, crosswalk, level="district")
    t = league_table(s, units, definitions["sipas"], period="2021", level="district")
    assert t["unit"][0] == "Tiên Lữ"


def test_onestop_counts_are_consistent(observations):
    obs = observations.filter(pl.col("dataset") == "hy_onestop")
    wide = obs.pivot(on="indicator_id", index=["unit_id", "period"], values="value")
    parts = wide["onestop.resolved_early"] + wide["onestop.resolved_on_time"] + wide["onestop.resolved_late"]
    assert (parts == wide["onestop.resolved"]).all()
    assert (wide["onestop.resolved"] <= wide["onestop.received"]).all()
    assert (wide["onestop.apology_letters"] <= wide["onestop.resolved_late"]).all()
    assert obs["value"].min() >= 0


def test_766_communes_are_computed_from_counts(observations, definitions):
    obs = observations.filter(pl.col("dataset") == "hy_onestop")
    s = compute_scores(obs, definitions["svc766"]).filter(pl.col("indicator_id") == "svc766")
    assert s["status"].unique().to_list() == ["computed"]
    assert 60 < s["value"].mean() < 95
