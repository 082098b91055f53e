"""cchc.selection: one pipeline from a frozen Selection to a League (tables + LeagueMeta)."""

import dataclasses

import polars as pl
import pytest

from cchc.metadata import LeagueMeta
from cchc.periods import sort_periods
from cchc.reexpress import ReexpressError
from cchc.selection import AUTO_TOP, Selection, SelectionError, league_for, references, scope_for
from cchc.store import Store


@pytest.fixture(scope="module")
def store():
    return Store()


def test_a_selection_is_frozen_and_hashable():
    sel = Selection(index="papi", period="2023")
    with pytest.raises(dataclasses.FrozenInstanceError):
        sel.period = "2024"  # type: ignore[misc]
    assert hash(sel) == hash(Selection(index="papi", period="2023"))
    assert sel.replace(region="red_river_delta").region == "red_river_delta" and sel.region is None


def test_defaults_are_resolved(store):
    scope = scope_for(store, Selection(index="papi"))
    assert (scope.level, scope.indicator, scope.period) == ("province", "papi", "2025")
    assert scope_for(store, Selection(index="papi", indicator="6")).indicator == "papi.6"
    assert scope_for(store, Selection(index="hy_par_xa")).level == "district"


@pytest.mark.parametrize("selection, message", [
    (Selection(index="nope"), "unknown index 'nope'"),
    (Selection(index="papi", level="commune"), "scores province, not 'commune'"),
    (Selection(index="papi", indicator="99"), "no component '99'"),
    (Selection(index="papi", period="2029"), "for period 2029; available: 2018"),
    (Selection(index="papi", period="2023-13"), "2023-13"),
])
def test_bad_selections_say_what_exists(store, selection, message):
    with pytest.raises((SelectionError, ValueError), match=message):
        scope_for(store, selection)


def test_reexpression_that_cannot_be_done_is_an_error(store):
    with pytest.raises(ReexpressError):
        scope_for(store, Selection(index="hy_par_xa", level="district", geography="vn34"))


def test_the_league_and_its_metadata(store):
    league = league_for(store, Selection(index="papi", period="2023"))
    assert isinstance(league.meta, LeagueMeta)
    assert league.table["unit"][0] == "Thừa Thiên Huế" and league.table["score"][0] == 46.0415
    assert (league.meta.n_units, league.meta.n_ranked, league.meta.n_not_scored) == (63, 61, 2)
    assert league.meta.geography == "vn63" and not league.meta.reexpressed and league.meta.demo
    assert league.full.height == league.scoped.height == league.table.height == 63
    assert "label" in league.table.columns and league.gap is None and league.filters == ()


def test_filters_never_rerank_and_are_worded(store):
    whole = league_for(store, Selection(index="papi", period="2023"))
    ranks = dict(zip(whole.table["unit_id"], whole.table["rank"]))
    region = league_for(store, Selection(index="papi", period="2023", region="red_river_delta"))
    assert region.filters == ("Vùng: Đồng bằng sông Hồng",) and region.is_scoped
    assert region.meta.subtitle.count("Đồng bằng sông Hồng") == 1
    found = league_for(store, Selection(index="papi", period="2023", query="ha noi"))
    assert found.table["unit"].to_list() == ["Hà Nội"] and found.filters == ("Tìm: “ha noi”",)
    assert found.table["rank"][0] == ranks["vn63:province:01"]  # searching keeps the rank in the league
    group = league_for(store, Selection(index="papi", period="2023", group="1"))
    assert set(group.table["group"]) == {"1"} and group.filters[0] == "Nhóm cao nhất"


@pytest.mark.parametrize("top, rows, gap", [(5, 10, 5), (None, 63, None), ("auto", 63, None), (40, 63, None)])
def test_top_and_bottom(store, top, rows, gap):
    league = league_for(store, Selection(index="papi", period="2023", top=top))
    assert league.table.height == rows and league.gap == gap
    assert (league.meta.n_units == rows) and (bool(league.filters) == (gap is not None))


def test_auto_top_cuts_long_tables(store):
    league = league_for(store, Selection(index="svc766", level="commune", period="2025-07", top="auto"))
    assert league.top == AUTO_TOP or league.table.height <= 80


def test_parent_scope_and_my_unit_on_the_other_geography(store):
    tien_lu = league_for(store, Selection(index="hy_par_xa", level="commune", period="2024",
                                          parent="vn63:district:332"))
    assert tien_lu.filters == ("Huyện Tiên Lữ",) and tien_lu.table.height > 0
    old = league_for(store, Selection(index="papi", period="2025", unit="vn63:province:33"))
    assert old.presence == "no_longer" and old.highlight == ("vn34:province:33",)


def test_references(store):
    league = league_for(store, Selection(index="papi", period="2023"))
    refs = references(league, store)
    assert refs[0][:2] == ("all", "Trung bình cả nước") and len(refs) == 1 + 6
    assert refs[0][2] == pytest.approx(league.full["score"].mean())
    scoped = league_for(store, Selection(index="papi", period="2023", region="red_river_delta"))
    keys = [k for k, _, _ in references(scoped, store)]
    assert keys == ["all", "selection"]


def test_english(store):
    league = league_for(store, Selection(index="papi", period="2023", region="red_river_delta", lang="en"))
    assert league.filters == ("Region: Red River Delta",) and league.meta.level_label == "Provinces"
    assert league.meta.to_dict()["filters"] == ["Region: Red River Delta"]


def test_every_caller_gets_the_same_league(store):
    """The command line, the exports and the dashboard call the one pipeline: same rows, same words."""
    from cchc.commands.options import league_of
    import argparse

    args = argparse.Namespace(index="papi", period="2023", level=None, component=None, geography="vn34",
                              region=None, parent=None, lang="vi", data_dir=None)
    cli = league_of(args, store)
    direct = league_for(store, Selection(index="papi", period="2023", geography="vn34"))
    assert cli.meta == direct.meta and cli.table.equals(direct.table)
    assert isinstance(cli.table, pl.DataFrame) and cli.meta.reexpressed


# ------------------------------------------------------------------ a scope says where its scores are; it holds none
@pytest.mark.parametrize("selection", [
    Selection(index="papi", period="2023"), Selection(index="papi", period="2024", geography="vn34"),
    Selection(index="svc766", level="commune", period="2025-06", geography="vn34"),
    Selection(index="svc766", level="commune", period="2025-08"), Selection(index="sipas", level="district"),
])
def test_a_scope_reads_its_scores_through_the_store(store, selection):
    scope = scope_for(store, selection)
    frames = [f.name for f in dataclasses.fields(scope) if isinstance(getattr(scope, f.name), pl.DataFrame)]
    assert frames == []  # nothing large kept in a scope (a session may hold one)
    every = store.scores(scope.index, scope.level, scope.geography)
    assert scope.scores is every and scope.source is store.source(scope.index, scope.level, scope.geography)
    at = every.filter(pl.col("period") == scope.period)
    assert scope.period_geography == at["geography"][0] and scope.reexpressed == at["reexpressed"].any()
    assert scope.periods() == sort_periods(every["period"].unique().to_list())


def test_a_league_of_one_month_scores_that_month_and_the_one_before(store):
    fresh = Store(imported=None)
    league = league_for(fresh, Selection(index="svc766", level="commune", period="2026-05", region="red_river_delta"))
    assert fresh.source("svc766", "commune").computed() == ["2026-04", "2026-05"]
    assert league.full.equals(league_for(store, Selection(index="svc766", level="commune", period="2026-05")).full)


@pytest.mark.parametrize("change", [{"group": "A"}, {"query": "ha"}, {"top": 5}, {"unit": "vn63:province:01"}])
def test_filters_that_do_not_rerank_reuse_the_league_table(change):
    fresh = Store(imported=None)
    first = league_for(fresh, Selection(index="par", period="2023"))
    again = league_for(fresh, Selection(index="par", period="2023", **change))
    assert again.full is first.full
    assert league_for(fresh, Selection(index="par", period="2023", region="mekong_delta")).full is first.full
    assert len(fresh.tables.keys()) == 2  # the whole league, and the one ranked within the region


# ------------------------------------------------------------------ period ranges of a monthly index
@pytest.mark.parametrize("period, label_vi, first, months", [
    ("2025-Q3", "Quý III/2025", "2025-07", 3),
    ("2025-07..2025-12", "Tháng 7/2025 – Tháng 12/2025", "2025-07", 6),
    ("2026-YTD", "Từ đầu năm đến Tháng 10/2026", "2026-01", 10),
    ("2026", "Năm 2026", "2026-01", 10),                       # a year: only its months with data are summed
])
def test_a_range_of_svc766_is_ranked_from_the_sum_of_its_months(store, period, label_vi, first, months):
    league = league_for(store, Selection(index="svc766", period=period))
    meta = league.meta
    assert (league.selection.level, meta.period, meta.period_label) == ("commune", period, label_vi)
    assert meta.subtitle.startswith(label_vi + " · Cấp xã")
    assert "Cộng dồn số liệu các tháng" in meta.source_note and f"{months}/" in meta.source_note
    assert league.scope.covered[0] == first and len(league.scope.covered) == months
    assert meta.n_ranked == 104


def test_a_range_in_english_says_it_was_summed(store):
    meta = league_for(store, Selection(index="svc766", period="2025-07..2025-12", lang="en")).meta
    assert meta.period_label == "Jul 2025 – Dec 2025" and "Summed over the months" in meta.source_note


def test_a_range_compares_with_the_previous_range(store):
    table = league_for(store, Selection(index="svc766", period="2026-Q1")).table
    assert set(table["prev_period"].drop_nulls()) == {"2025-Q4"}
    first = table.row(0, named=True)
    before = league_for(store, Selection(index="svc766", period="2025-Q4")).full
    was = before.filter(pl.col("unit_id") == first["unit_id"]).row(0, named=True)
    assert (first["prev_score"], first["prev_rank"]) == (was["score"], was["rank"])
    assert first["rank_change"] == was["rank"] - first["rank"]


def test_a_unit_missing_months_of_a_range_is_not_scored_and_says_why(store):
    league = league_for(store, Selection(index="svc766", period="2025-05..2025-08", lang="en"))
    assert league.meta.reexpressed                        # across the merger: old communes summed into new ones
    gaps = league.full.filter(pl.col("score").is_null())
    assert gaps.height == 65 and league.meta.n_ranked == 39
    assert set(gaps["reason"]) == {"Data for 2 of 4 months; missing: May 2025, Jun 2025"}


@pytest.mark.parametrize("selection, message", [
    (Selection(index="papi", period="2023-Q3"), "PAPI được công bố theo năm, không phải số đếm theo tháng"),
    (Selection(index="papi", period="2023-YTD", lang="en"), "PAPI is published per year"),
    (Selection(index="svc766", period="2025-13..2025-14"), "Khoảng thời gian không hợp lệ “2025-13..2025-14”"),
    (Selection(index="svc766", period="2025-Q3", level="province", lang="en"),
     "data (provinces) are published scores, not monthly counts: the period range “2025-Q3”"),
    (Selection(index="svc766", period="2030-Q1"), "Không có số liệu Chỉ số 766 (cấp xã) trong các tháng của “2030-Q1”"),
])
def test_ranges_the_data_cannot_answer_are_refused_naming_the_value(store, selection, message):
    with pytest.raises(SelectionError, match=message.replace("(", r"\(").replace(")", r"\)").replace("..", r"\.\.")):
        scope_for(store, selection)


def test_a_year_of_a_yearly_index_is_still_an_ordinary_period(store):
    assert scope_for(store, Selection(index="papi", period="2023")).span is None
