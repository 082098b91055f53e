"""cchc.store: one data folder read once, shared read-only, by every caller."""

import shutil
import threading

import polars as pl
import pytest

from cchc import loading
from cchc.archive import Archive
from cchc.export import report
from cchc.periods import sort_periods
from cchc.selection import Selection, SelectionError, league_for
from cchc.memo import Bounded
from cchc.store import Store, UnknownDatasetError, UnknownIndexError


@pytest.fixture(scope="module")
def store():
    return Store()


def test_tables_are_read_once_and_shared(store):
    assert store.units is store.units
    assert store.observations("papi") is store.observations("papi")
    assert store.scores("papi", "province") is store.scores("papi", "province")


def test_definitions_and_the_catalogue(store):
    assert store.definition("papi").short("vi") == "PAPI"
    assert [e["id"] for e in store.entries("papi")] == ["papi"]
    assert store.is_demo("papi")
    with pytest.raises(UnknownIndexError, match="unknown index 'nope'; known: .*papi"):
        store.definition("nope")


def test_observations_of_an_index_without_a_dataset_are_empty(store):
    assert store.entries("missing") == [] and not store.is_demo("missing")


def test_levels_names_regions_and_boundaries(store):
    assert store.levels_with_data("hy_par_xa") == ["district", "commune"]
    assert store.unit_name("vn34:province:33", "vi") == "Hưng Yên"
    assert store.unit_name("vn34:province:33", "en") == "Hung Yen"
    assert store.unit_name("no:such:unit") == "no:such:unit" and store.unit_name(None) is None
    assert store.region_names("en")["red_river_delta"] == "Red River Delta"
    assert store.geojson("vn34")["type"] == "FeatureCollection"
    assert {"papi", "svc766"} <= set(store.index_units()["index"].unique())


def test_threads_share_one_copy(store):
    fresh = Store(store.folder)
    seen = []
    threads = [threading.Thread(target=lambda: seen.append(id(fresh.scores("par", "province")))) for _ in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len(set(seen)) == 1


def test_a_folder_without_regions_has_no_region_names(tmp_path):
    shutil.copytree(loading.data_dir(), tmp_path / "data")
    (tmp_path / "data" / "regions.yaml").unlink()
    assert Store(tmp_path / "data").region_names("vi") == {}


# ------------------------------------------------------------------ imported data beside the bundled data
HN, HUE, HCM = "vn63:province:01", "vn63:province:46", "vn63:province:79"


def _rows(period, values, indicator="papi"):
    return pl.DataFrame({"unit_id": list(values), "period": [period] * len(values),
                         "indicator_id": [indicator] * len(values), "value": list(values.values())})


def _import(archive, dataset, frame, index="papi", **kw):
    return archive.write(dataset, frame, index=index, user="lan", file_name=f"{dataset}.csv", data=b"x",
                         mapping={}, **kw)


@pytest.fixture()
def imported(tmp_path, monkeypatch):
    monkeypatch.delenv("CCHC_IMPORT_DIR", raising=False)
    archive = Archive(tmp_path / "imported")
    _import(archive, "real-papi", _rows("2023", {HN: 45.5, HUE: 47.0, HCM: 44.0}))
    _import(archive, "secret-par", _rows("2023", {HN: 99.0}, "par"), index="par", restricted=True)
    return archive


def test_imported_rows_replace_the_demo_rows_of_their_period_only(imported):
    demo, store = Store(), Store(imported=imported.folder)
    shown = store.observations("papi")
    assert sorted(shown.filter(pl.col("period") == "2023")["unit_id"].to_list()) == [HN, HUE, HCM]
    for period in ("2022", "2024", "2025"):
        same = pl.col("period") == period
        assert shown.filter(same).equals(demo.observations("papi").filter(same))
    scores = store.scores("papi", "province").filter((pl.col("period") == "2023") & (pl.col("indicator_id") == "papi"))
    assert dict(zip(scores["unit_id"], scores["value"])) == {HN: 45.5, HUE: 47.0, HCM: 44.0}
    assert store.scores("papi", "province") is not demo.scores("papi", "province")


def test_is_demo_is_per_period(imported):
    store = Store(imported=imported.folder)
    assert not store.is_demo("papi", "2023")
    assert store.is_demo("papi", "2022") and store.is_demo("papi")  # other years are still demo data
    assert store.is_demo("papi", dataset="papi") and not store.is_demo("papi", dataset="real-papi")
    assert Store().is_demo("papi", "2023")


def test_a_dataset_filter_shows_only_that_dataset(imported):
    store = Store(imported=imported.folder)
    assert store.observations("papi", dataset="real-papi").height == 3
    assert store.observations("papi", dataset="papi").equals(Store().observations("papi"))
    assert store.scores("papi", "province", dataset="real-papi")["period"].unique().to_list() == ["2023"]
    assert store.levels_with_data("papi", dataset="real-papi") == ["province"]
    known = "datasets of papi: papi, real-papi$"
    with pytest.raises(UnknownDatasetError, match=f"no dataset 'nope' holds index 'papi'; {known}"):
        store.observations("papi", dataset="nope")
    with pytest.raises(UnknownDatasetError, match="no dataset 'real-papi' holds index 'par'"):
        store.observations("par", dataset="real-papi")


def test_restricted_datasets_are_hidden_unless_asked_for(imported):
    public, insider = Store(imported=imported.folder), Store(imported=imported.folder, restricted=True)
    assert [e["id"] for e in public.catalogue if e.get("imported")] == ["real-papi"]
    assert [e["id"] for e in insider.catalogue if e.get("imported")] == ["real-papi", "secret-par"]
    assert public.is_demo("par", "2023") and not insider.is_demo("par", "2023")
    assert HN in public.observations("par").filter(pl.col("period") == "2023")["unit_id"].to_list()
    assert insider.observations("par").filter(pl.col("period") == "2023")["unit_id"].to_list() == [HN]
    with pytest.raises(UnknownDatasetError, match="datasets of par: par$"):
        public.observations("par", dataset="secret-par")
    assert "secret-par" not in public.all_observations()["dataset"].unique().to_list()
    assert insider.all_observations().filter(pl.col("dataset") == "secret-par").height == 1


def test_a_store_notices_a_new_import_and_a_rollback(imported):
    store = Store(imported=imported.folder)
    before, rows = store.version(), store.observations("papi")
    assert before == (("real-papi", 1), ("secret-par", 1)) and store.observations("papi") is rows
    _import(imported, "real-papi", _rows("2024", {HN: 40.0}))
    assert store.version() == (("real-papi", 2), ("secret-par", 1))
    assert store.observations("papi").filter(pl.col("period") == "2024")["unit_id"].to_list() == [HN]
    assert not store.is_demo("papi", "2024")
    imported.rollback("real-papi@1", user="admin")
    assert store.version()[0] == ("real-papi", 3) and store.is_demo("papi", "2024")
    assert store.observations("papi").filter(pl.col("period") == "2024").height == rows.filter(
        pl.col("period") == "2024").height


def test_the_later_import_wins_where_two_datasets_hold_the_same_rows(imported):
    _import(imported, "papi-2023-fix", _rows("2023", {HN: 46.0}))
    shown = Store(imported=imported.folder).observations("papi").filter(pl.col("period") == "2023")
    assert dict(zip(shown["unit_id"], shown["value"])) == {HN: 46.0, HUE: 47.0, HCM: 44.0}


def test_the_import_folder_defaults_to_the_environment(imported, monkeypatch):
    assert Store().version() == () and Store().archive is None
    monkeypatch.setenv("CCHC_IMPORT_DIR", str(imported.folder))
    assert Store().archive.folder == imported.folder and not Store().is_demo("papi", "2023")
    assert Store(imported=imported.folder.parent / "none").version() == ()  # a folder not made yet: nothing imported


def test_a_league_of_real_data_is_not_marked_demo(imported):
    store = Store(imported=imported.folder)
    league = league_for(store, Selection(index="papi", period="2023", dataset="real-papi"))
    assert not league.meta.demo and league.meta.n_ranked == 3 and league.table["unit_id"][0] == HUE
    assert league_for(store, Selection(index="papi", period="2022")).meta.demo


def test_a_real_period_whose_changes_and_sparklines_read_demo_periods_is_marked_demo(imported):
    store = Store(imported=imported.folder)
    league = league_for(store, Selection(index="papi", period="2023"))
    assert league.meta.n_ranked == 3 and set(league.table["prev_period"].drop_nulls()) == {"2022"}
    assert league.meta.demo and league.scope.demo_history      # the ▲▼ and changes compare with demo 2022
    for period in store.periods_with_data("papi"):            # every period real: no mark anywhere
        _import(imported, f"real-{period}", _rows(period, {HN: 40.0, HUE: 41.0, HCM: 42.0}))
    store = Store(imported=imported.folder)
    league = league_for(store, Selection(index="papi", period="2023"))
    assert not league.meta.demo and not league.scope.demo_history
    assert league.table["change"].drop_nulls().to_list() == [0.0, 0.0, 0.0]
    assert league_for(store, Selection(index="papi", period="2023", dataset="papi")).meta.n_ranked == 61
    with pytest.raises(SelectionError, match="no dataset 'nope'"):
        league_for(store, Selection(index="papi", dataset="nope"))


# ------------------------------------------------------------------ reading only what a view needs, in a bounded memo
def _frame(n):
    return pl.DataFrame({"x": list(range(n))})


@pytest.mark.parametrize("entries, limit, sizes, kept", [
    (2, 10**9, [1, 1, 1], ["b", "c"]),                  # at most 2 entries
    (9, 1700, [100, 100, 100], ["b", "c"]),             # at most 1700 bytes (100 rows of i64 = 800 bytes)
    (9, 10, [100, 100, 100], ["c"]),                    # the last one stays, whatever its size
])
def test_the_bounded_memo_drops_the_least_recently_used(entries, limit, sizes, kept):
    memo = Bounded(entries, limit)
    for key, n in zip("abc", sizes):
        memo.put(key, _frame(n))
    assert memo.keys() == kept and memo.nbytes() <= max(limit, 800)


def test_a_lookup_makes_an_entry_recent():
    memo = Bounded(2, 10**9)
    memo.put("a", _frame(1))
    memo.put("b", _frame(1))
    assert memo.get("a") is not None and memo.put("c", _frame(1)) is not None
    assert memo.keys() == ["a", "c"]
    memo.drop(lambda k: k == "a")
    assert memo.keys() == ["c"]


def test_the_store_keeps_a_bounded_number_of_score_sources():
    small = Store(imported=None, memo_entries=2)
    first = small.source("papi", "province")
    small.source("par", "province")
    small.source("sipas", "province")
    assert [k[1:] for k in small.large.keys()] == [("source", "par", "province", None, None),
                                                     ("source", "sipas", "province", None, None)]
    again = small.source("papi", "province")
    assert again is not first and again.frame().equals(first.frame())


def test_the_store_memo_is_bounded_in_bytes():
    tiny = Store(imported=None, memo_mb=0.05)
    tiny.scores("papi", "province")
    tiny.scores("par", "province")
    assert len(tiny.large.keys()) == 1 and tiny.large.keys()[0][1:3] == ("source", "par")


def test_a_league_scores_only_the_periods_it_needs():
    store = Store(imported=None)
    league = league_for(store, Selection(index="svc766", level="commune", period="2026-03"))
    assert league.table["prev_period"].drop_nulls().unique().to_list() == ["2026-02"]
    assert store.source("svc766", "commune").computed() == ["2026-02", "2026-03"]


@pytest.mark.parametrize("index, periods", [("papi", ["2023", "2024"]), ("svc766", ["2025-06", "2025-07"]),
                                            ("hy_par_xa", ["2022"]), ("sipas", [])])
def test_the_rows_of_some_periods_are_the_rows_shown_of_those_periods(store, index, periods):
    d = store.definition(index)
    wanted = set(d.indicator_ids()) | set(d.leaf_inputs())
    expected = store.observations(index).filter(pl.col("period").is_in(periods) & pl.col("indicator_id").is_in(wanted))
    assert store.period_rows(index, periods).equals(expected)


def test_where_an_index_has_data_comes_from_three_columns(store):
    found = store.presence("svc766")
    assert found.levels == {"province", "commune"} and found.demo["2025-07"]
    assert set(found.by_level["level"]) == {"province", "commune"}
    assert found.units.filter(pl.col("level") == "commune").height == found.units["unit_id"].str.contains(
        ":commune:").sum()


def test_the_rows_of_some_periods_follow_imports(imported):
    store = Store(imported=imported.folder)
    rows = store.period_rows("papi", ["2023", "2022"])
    assert sorted(rows.filter(pl.col("period") == "2023")["unit_id"].to_list()) == sorted([HCM, HN, HUE])
    assert rows.filter(pl.col("period") == "2022").equals(
        Store().period_rows("papi", ["2022"]))
    assert store.period_rows("papi", ["2023"], dataset="real-papi").height == 3
    assert store.period_rows("papi", ["2023"], dataset="papi").equals(Store().period_rows("papi", ["2023"]))


def test_a_new_import_drops_the_stale_score_sources(imported):
    store = Store(imported=imported.folder)
    before = store.source("papi", "province")
    assert before.rows(["2024"])["unit_id"].n_unique() > 1
    _import(imported, "real-papi", _rows("2024", {HN: 40.0}))
    after = store.source("papi", "province")
    assert after is not before and after.rows(["2024"], ["papi"])["unit_id"].to_list() == [HN]
    assert all(k[0] == store.version() for k in store.large.keys() if k[0] is not None)


def test_a_bad_file_is_reported_where_reading_it_whole_reported_it(tmp_path):
    shutil.copytree(loading.data_dir(), tmp_path / "data")
    rows = loading.load_observations("observations/par.parquet").with_columns(pl.col("value").cast(pl.String))
    rows.with_columns(pl.when(pl.int_range(pl.len()) == 3).then(pl.lit("n/a")).otherwise("value").alias("value")
                      ).write_parquet(tmp_path / "data" / "observations" / "par.parquet")
    with pytest.raises(loading.DataFileError, match="column 'value' must be Float64; row 4 has 'n/a'"):
        Store(tmp_path / "data", imported=None).levels_with_data("par")
    assert Store(tmp_path / "data", imported=None).levels_with_data("papi") == ["province"]


@pytest.mark.parametrize("index", ["papi", "sipas", "hy_par_xa", "hy_par_so", "svc766"])
def test_levels_from_the_unit_column_are_the_levels_of_where_the_data_are(index):
    fresh, known = Store(imported=None), Store(imported=None)
    known.presence(index)
    assert fresh.levels_with_data(index) == known.levels_with_data(index)
    assert ("presence", index, None) not in fresh._live[1]  # the unit column was enough


def test_a_warm_store_scores_the_rest_in_the_background_within_its_bound():
    store = Store(imported=None, warm=True)
    store.warm_delay = 3.0
    league_for(store, Selection(index="svc766", level="commune", period="2026-03"))
    assert store.source("svc766", "commune").computed() == ["2026-02", "2026-03"]  # not yet
    assert store.warmed(timeout=60)
    source = store.source("svc766", "commune")
    assert source.computed() == source.period_list()
    assert source.frame().equals(Store(imported=None).scores("svc766", "commune"))
    tight = Store(imported=None, warm=True, memo_mb=0.5)
    tight.warm_delay = 0
    tight.source("svc766", "commune").rows(["2026-03"])
    assert tight.warmed(timeout=60)
    assert 1 <= len(tight.source("svc766", "commune").computed()) < len(source.period_list())


@pytest.mark.parametrize("index", ["papi", "svc766", "hy_par_xa", "missing"])
def test_the_periods_with_data_are_the_periods_of_the_rows_shown(store, index):
    rows = store.observations(index)["period"].unique().to_list() if store.entries(index) else []
    assert store.periods_with_data(index) == sort_periods(rows)


def test_the_periods_with_data_follow_imports(imported):
    store = Store(imported=imported.folder)
    assert store.periods_with_data("papi", dataset="real-papi") == ["2023"]
    assert store.periods_with_data("papi") == Store().periods_with_data("papi")


def test_a_deck_whose_profiles_read_demo_periods_is_marked_demo_while_the_league_is_not(imported):
    from_2018 = ("2018", "2019", "2020", "2021", "2022", "2023")  # 2024 and 2025 stay demo
    for period in from_2018:
        _import(imported, f"real-{period}", _rows(period, {HN: 40.0, HUE: 41.0, HCM: 42.0}))
    store = Store(imported=imported.folder)
    league = league_for(store, Selection(index="papi", period="2023"))
    assert not league.meta.demo and league.scope.demo_history
    assert report.deck_for(store, league, unit_ids=[HN], charts=("bar", "trend")).meta.demo
    assert not report.deck_for(store, league, charts=("bar",)).meta.demo          # the league alone: all real
    assert "MINH HỌA" in league.meta.marked_demo().source_note and league.meta.marked_demo().demo_text.startswith("Có")


@pytest.mark.parametrize("periods, demo", [
    (["2023"], False), (["2022", "2023"], True), (["1990"], True), (["1990", "2023"], False)])
def test_demo_in_reads_only_periods_with_rows(imported, periods, demo):
    assert Store(imported=imported.folder).demo_in("papi", periods) is demo
