"""cchc.store: one data folder read once, shared read-only, by every caller."""

import shutil
import threading

import polars as pl
import pytest

from cchc import loading
from cchc.archive import Archive
from cchc.selection import Selection, SelectionError, league_for
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
    league = league_for(store, Selection(index="papi", period="2023"))
    assert not league.meta.demo and league.meta.n_ranked == 3 and league.table["unit_id"][0] == HUE
    assert league_for(store, Selection(index="papi", period="2022")).meta.demo
    assert league_for(store, Selection(index="papi", period="2023", dataset="papi")).meta.n_ranked == 61
    with pytest.raises(SelectionError, match="no dataset 'nope'"):
        league_for(store, Selection(index="papi", dataset="nope"))
