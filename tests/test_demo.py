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


@pytest.mark.parametrize("dataset, indicator, lo, hi", [
    ("papi", "papi.6.1", 0.01, 0.12),              # a sub-dimension (0.25–2.5): a few hundredths
    ("sipas", "sipas.1", 0.5, 3.5),                # an element share (%) of ~800 answers: 1–3 points
    ("hy_sipas", "sipas.1.satisfied", 3.0, 12.0),  # a count of satisfied answers out of 180–420
])
def test_survey_observations_carry_standard_errors(observations, dataset, indicator, lo, hi):
    rows = observations.filter((pl.col("dataset") == dataset) & (pl.col("indicator_id") == indicator))
    scored = rows.filter(pl.col("value").is_not_null())
    assert scored["se"].null_count() == 0 and lo < scored["se"].min() and scored["se"].max() < hi
    assert rows.filter(pl.col("value").is_null())["se"].null_count() == rows["value"].null_count()  # none invented


@pytest.mark.parametrize("dataset", ["par", "svc766", "hy_par", "hy_onestop"])
def test_indices_that_are_not_surveys_have_no_standard_error(observations, dataset):
    assert observations.filter(pl.col("dataset") == dataset)["se"].null_count() == \
        observations.filter(pl.col("dataset") == dataset).height


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


# ---------------------------------------------------------------- national scale (python -m cchc demo --scale national)
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import pyarrow.parquet as pq  # noqa: E402

from cchc.demo import country  # noqa: E402
from cchc.selection import Selection, league_for  # noqa: E402
from cchc.store import Store  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def generate(out: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cchc", "demo", "--scale", "national", "--out", str(out), *options],
                          cwd=ROOT, capture_output=True, text=True)


@pytest.fixture(scope="module")
def national_small(tmp_path_factory):
    out = tmp_path_factory.mktemp("national") / "data"
    done = generate(out, "--communes", "60", "--months", "20")
    assert done.returncode == 0, done.stderr
    return out


def test_national_geography_and_months_cover_the_whole_country(units, crosswalk):
    geos = country.communes(units, crosswalk)
    assert len(geos["vn63"].kept) == 10061 and len(geos["vn34"].kept) == 3321
    months = country.months()
    assert (months[0], months[-1], len(months)) == ("2018-01", "2026-10", 106)
    old = [m for m in months if m <= country.LAST_OLD_MONTH]
    inputs = 21
    assert len(old) == 90
    # ~20 M rows: every old commune for 90 months, every new one for 16, 21 raw inputs each
    assert (10061 * len(old) + 3321 * (len(months) - len(old))) * inputs == 20_131_146


def test_national_small_set_is_the_new_communes_and_their_predecessors(units, crosswalk):
    geos = country.communes(units, crosswalk, keep=60)
    new = set(geos["vn34"].kept)
    assert len(new) == 60
    assert len({u[:-3] for u in new}) > 1  # spread over the country, not the first 60 ids
    sources = set(crosswalk.filter(pl.col("to_id").is_in(list(new)))["from_id"])
    assert set(geos["vn63"].kept) == sources


def test_a_smaller_set_holds_exactly_the_full_rows_of_its_communes(units, crosswalk):
    full, small = country.communes(units, crosswalk), country.communes(units, crosswalk, keep=40)
    for month, geo in (("2019-04", "vn63"), ("2025-07", "vn34")):
        whole = pl.from_arrow(country.month_table(month, full[geo]))
        part = pl.from_arrow(country.month_table(month, small[geo]))
        assert part.height == len(small[geo].kept) * 21
        assert_frame_equal(part, whole.filter(pl.col("unit_id").is_in(list(small[geo].kept))))


def test_national_generation_is_deterministic(national_small, tmp_path):
    again = tmp_path / "again"
    assert generate(again, "--communes", "60", "--months", "20").returncode == 0
    for file in sorted((national_small / "observations").glob("*.parquet")):
        assert_frame_equal(pl.read_parquet(file), pl.read_parquet(again / "observations" / file.name))
    assert (national_small / "datasets.yaml").read_text() == (again / "datasets.yaml").read_text()


def test_national_folder_has_the_data_layout(national_small):
    for name in country.STATIC:
        assert (national_small / name).exists(), name
    catalogue = loading.load_catalogue(national_small)
    ids = [e["id"] for e in catalogue]
    assert "onestop" in ids and "hy_onestop" not in ids
    assert all(e["demo"] and "minh họa" in e["title"]["vi"] for e in catalogue)
    bundled = {e["id"]: e for e in loading.load_catalogue()}
    for entry in catalogue:  # the yearly and provincial datasets are the bundled ones
        if entry["id"] != "onestop":
            assert entry == bundled[entry["id"]]
            assert_frame_equal(loading.load_observations(entry["file"], national_small),
                               loading.load_observations(entry["file"]))


def test_national_onestop_is_written_by_period_one_row_group_a_month(national_small):
    meta = pq.ParquetFile(national_small / "observations" / "onestop.parquet").metadata
    periods = [meta.row_group(i).column(1).statistics for i in range(meta.num_row_groups)]
    assert meta.num_row_groups == 20
    assert all(s.has_min_max and s.min == s.max for s in periods)  # a reader skips the other months
    assert [s.min for s in periods] == country.months(20)
    obs = loading.load_observations("observations/onestop.parquet", national_small)
    assert obs.equals(obs.sort("period", "unit_id", "indicator_id"))
    geo = obs.select(pl.col("unit_id").str.slice(0, 4).alias("geo"), "period").unique()
    assert geo.filter(pl.col("period") <= "2025-06")["geo"].unique().to_list() == ["vn63"]
    assert geo.filter(pl.col("period") >= "2025-07")["geo"].unique().to_list() == ["vn34"]


def test_national_onestop_counts_are_consistent_and_score_like_the_demo_province(national_small):
    obs = loading.load_observations("observations/onestop.parquet", national_small)
    wide = obs.pivot(on="indicator_id", index=["unit_id", "period"], values="value")
    parts = wide["onestop.resolved_early"] + wide["onestop.resolved_on_time"] + wide["onestop.resolved_late"]
    assert (parts == wide["onestop.resolved"]).all()
    assert (wide["onestop.resolved"] <= wide["onestop.received"]).all()
    assert (wide["onestop.apology_letters"] <= wide["onestop.resolved_late"]).all()
    assert obs["value"].min() >= 0 and obs["value"].null_count() == 0
    store = Store(national_small, imported=None)
    for period in ("2025-06", "2026-10"):
        league = league_for(store, Selection(index="svc766", level="commune", period=period))
        scored = league.full.filter(pl.col("score").is_not_null())
        assert scored.height == wide.filter(pl.col("period") == period).height
        assert 55 < scored["score"].mean() < 95


def test_national_scale_needs_its_own_folder(tmp_path):
    done = subprocess.run([sys.executable, "-m", "cchc", "demo", "--scale", "national"], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 1 and "--out" in done.stderr
    done = subprocess.run([sys.executable, "-m", "cchc", "demo", "--communes", "5", "--out", str(tmp_path)], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 1 and "--scale national" in done.stderr
    assert not list(tmp_path.iterdir())
