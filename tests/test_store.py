"""cchc.store: one data folder read once, shared read-only, by every caller."""

import shutil
import threading

import pytest

from cchc import loading
from cchc.store import Store, UnknownIndexError


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
