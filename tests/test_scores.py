"""Scores on a geography: as published, and re-expressed on today's 34 provinces."""

import polars as pl
import pytest

from cchc.reexpress import ReexpressError
from cchc.scores import index_scores, period_geographies


@pytest.fixture(scope="module")
def papi_vn34(observations, definitions, units, crosswalk):
    return index_scores(observations, definitions["papi"], units, crosswalk, level="province", geography="vn34")


def pick(scores, unit_id, period, indicator):
    return scores.filter((pl.col("unit_id") == unit_id) & (pl.col("period") == period)
                         & (pl.col("indicator_id") == indicator)).row(0, named=True)


def test_every_period_is_on_vn34_and_flagged(papi_vn34):
    assert papi_vn34["geography"].unique().to_list() == ["vn34"]
    flags = papi_vn34.group_by("period").agg(pl.col("reexpressed").all()).sort("period")
    assert dict(flags.rows()) == {**{str(y): True for y in range(2018, 2025)}, "2025": False}
    assert papi_vn34.filter(pl.col("period") == "2023")["unit_id"].n_unique() == 34


def test_new_phu_tho_is_the_sample_weighted_mean_of_its_three_old_provinces(
        papi_vn34, observations, province_id):
    olds = [province_id(n) for n in ("Vĩnh Phúc", "Hòa Bình", "Phú Thọ")]
    leaves = observations.filter(pl.col("unit_id").is_in(olds) & (pl.col("period") == "2022")
                                 & (pl.col("indicator_id") == "papi.6.1"))
    expected = (leaves["value"] * leaves["n"]).sum() / leaves["n"].sum()
    row = pick(papi_vn34, province_id("Phú Thọ", "vn34"), "2022", "papi.6.1")
    assert row["value"] == pytest.approx(expected, abs=5e-5)
    assert (row["n_sources"], row["n_used"]) == (3, 3)


def test_reexpressed_total_is_the_sum_of_reexpressed_dimensions(papi_vn34, province_id):
    uid = province_id("Ninh Bình", "vn34")
    dims = [pick(papi_vn34, uid, "2021", f"papi.{d}")["value"] for d in range(1, 9)]
    assert pick(papi_vn34, uid, "2021", "papi")["value"] == pytest.approx(sum(dims), abs=1e-9)


def test_unchanged_province_keeps_its_values(papi_vn34, observations, definitions, units, crosswalk, province_id):
    published = index_scores(observations, definitions["papi"], units, crosswalk, level="province")
    old = pick(published, province_id("Hà Nội"), "2023", "papi")["value"]
    assert pick(papi_vn34, province_id("Hà Nội", "vn34"), "2023", "papi")["value"] == pytest.approx(old)


def test_vn63_view_has_no_2025(observations, definitions, units, crosswalk):
    s = index_scores(observations, definitions["papi"], units, crosswalk, level="province", geography="vn63")
    assert "2025" not in s["period"].to_list() and s["geography"].unique().to_list() == ["vn63"]


def test_districts_cannot_be_reexpressed(observations, definitions, units, crosswalk):
    with pytest.raises(ReexpressError, match="no successor"):
        index_scores(observations, definitions["hy_par_xa"], units, crosswalk, level="district", geography="vn34")


def test_department_index_has_no_rule(observations, definitions, units, crosswalk):
    with pytest.raises(ReexpressError):
        index_scores(observations, definitions["hy_par_so"], units, crosswalk, level="department", geography="vn34")


def test_commune_counts_are_summed_onto_new_communes(observations, definitions, units, crosswalk):
    s = index_scores(observations, definitions["svc766"], units, crosswalk, level="commune", geography="vn34")
    june = s.filter((pl.col("period") == "2025-06") & (pl.col("indicator_id") == "svc766"))
    assert june.height > 0 and june["reexpressed"].all() and june["geography"].unique().to_list() == ["vn34"]
    hy_new = units.filter((pl.col("province_id") == "vn34:province:33") & (pl.col("level") == "commune"))
    assert set(june["unit_id"]) <= set(hy_new["unit_id"])


def test_bad_geography_is_refused(observations, definitions, units, crosswalk):
    with pytest.raises(ValueError, match="vn63 or vn34"):
        index_scores(observations, definitions["papi"], units, crosswalk, level="province", geography="vn99")


def test_period_geographies(observations, units):
    pg = period_geographies(observations.filter(pl.col("dataset") == "papi"), units)
    assert pg.filter(pl.col("period") == "2025")["geography"].to_list() == ["vn34"]
    assert pg.filter(pl.col("period") == "2024")["geography"].to_list() == ["vn63"]
