"""Scores on a geography: as published, and re-expressed on today's 34 provinces."""

import polars as pl
import pytest

from cchc.reexpress import ReexpressError
from cchc.definitions import define_index
from cchc.scores import (FrameScores, LazyScores, as_source, check_geography, index_scores, period_geographies,
                          scored_periods)
from cchc.store import Store


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


# ------------------------------------------------------------------ scores read by period: the same as the full run
VIEWS = [("papi", "province", None), ("papi", "province", "vn34"), ("papi", "province", "vn63"),
         ("sipas", "district", None), ("hy_par_xa", "commune", "vn34"), ("hy_par_so", "department", None),
         ("svc766", "commune", None), ("svc766", "commune", "vn34"), ("svc766", "province", "vn34")]


@pytest.fixture(scope="module")
def store():
    return Store(imported=None)


def _eager(store, index, level, geography):
    return index_scores(store.observations(index), store.definition(index), store.units, store.crosswalk,
                        level=level, geography=geography)


@pytest.mark.parametrize("index, level, geography", VIEWS)
def test_lazy_scores_are_the_full_run(store, index, level, geography):
    eager = _eager(store, index, level, geography)
    source = store.source(index, level, geography)
    assert sorted(source.periods()["period"].unique()) == sorted(eager["period"].unique())
    assert set(source.unit_ids()) == set(eager["unit_id"])
    assert source.frame().equals(eager)


@pytest.mark.parametrize("index, level, geography", VIEWS)
def test_periods_scored_alone_equal_the_full_run_filtered(store, index, level, geography):
    eager = _eager(store, index, level, geography)
    every = store.source(index, level, geography).period_list()
    some = every[-2:] + every[:1]
    fresh = Store(imported=None).source(index, level, geography)
    rows = fresh.rows(some, [store.definition(index).id])
    assert sorted(fresh.computed()) == sorted(some)  # nothing else was scored
    expected = eager.filter(pl.col("period").is_in(some) & (pl.col("indicator_id") == store.definition(index).id))
    assert rows.equals(expected)
    geos = eager.filter(pl.col("period") == every[-1])["geography"]
    assert fresh.geography(every[-1]) == geos[0] and fresh.reexpressed(every[-1]) == bool(
        eager.filter(pl.col("period") == every[-1])["reexpressed"].any())


@pytest.mark.parametrize("index, level, geography", VIEWS[:4])
def test_a_frame_source_reads_the_same_rows(store, index, level, geography):
    eager = _eager(store, index, level, geography)
    frame, lazy = FrameScores(eager), store.source(index, level, geography)
    period = lazy.period_list()[-1]
    assert frame.rows([period]).equals(lazy.rows([period]))
    assert frame.period_list() == lazy.period_list() and frame.geography(period) == lazy.geography(period)
    assert as_source(eager).frame() is eager and as_source(lazy) is lazy


@pytest.mark.parametrize("index, level, geography, error", [
    ("hy_par_xa", "district", "vn34", "no successor"), ("hy_par_so", "department", "vn34", "no successor"),
    ("papi", "province", "vn99", "vn63 or vn34")])
def test_the_store_refuses_what_the_engine_refuses(store, index, level, geography, error):
    with pytest.raises((ReexpressError, ValueError), match=error):
        _eager(store, index, level, geography)
    with pytest.raises((ReexpressError, ValueError), match=error):
        store.source(index, level, geography)


def test_an_index_without_data_on_a_geography_has_no_periods(store):
    source = store.source("svc766", "province", "vn63")
    assert source.period_list() == [] and source.frame().is_empty() and source.geography("2025-07") is None
    assert source.frame().columns == _eager(store, "svc766", "province", "vn63").columns


def test_scored_periods_from_where_the_data_are():
    presence = pl.DataFrame({"level": ["province"] * 3, "geography": ["vn63", "vn63", "vn34"],
                             "period": ["2023", "2024", "2025"], "in_crosswalk": [True, False, False]})
    assert scored_periods(presence, level="province", geography=None)["period"].to_list() == ["2023", "2024", "2025"]
    vn34 = scored_periods(presence, level="province", geography="vn34")
    assert vn34.rows() == [("2023", "vn34", True), ("2025", "vn34", False)]
    assert scored_periods(presence, level="commune", geography=None).is_empty()


def test_lazy_scores_compute_in_batches_and_report_growth():
    calls, grown = [], []
    periods = pl.DataFrame({"period": ["2021", "2022", "2023"], "geography": ["vn63"] * 3, "reexpressed": [False] * 3})

    def compute(ps):
        calls.append(list(ps))
        return pl.DataFrame({"unit_id": ["a"] * len(ps), "period": list(ps), "indicator_id": ["x"] * len(ps),
                             "value": [1.0] * len(ps), "geography": ["vn63"] * len(ps)},
                            schema_overrides={"period": pl.String, "unit_id": pl.String, "indicator_id": pl.String})

    source = LazyScores(periods, pl.Series(["a"]), compute, batch=2, grew=lambda: grown.append(1))
    assert source.rows(["2023", "2099"])["period"].to_list() == ["2023"] and calls == [["2023"]]
    assert source.frame()["period"].to_list() == ["2021", "2022", "2023"] and calls[1:] == [["2021", "2022"]]
    assert source.nbytes > 0 and len(grown) == 2 and source.frame() is source.frame()


def test_an_index_that_cannot_be_reexpressed_is_refused_before_any_scoring(crosswalk):
    d = define_index({"id": "x", "name": "X", "levels": ["province"], "grain": "year", "reexpress": {"rule": "none"},
                      "components": [{"code": "1", "name": "A"}]})
    check_geography(d, crosswalk, level="province", geography="vn34", reexpressing=False)  # nothing published on vn63
    with pytest.raises(ReexpressError, match="'none' cannot map"):
        check_geography(d, crosswalk, level="province", geography="vn34", reexpressing=True)
