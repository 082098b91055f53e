import polars as pl

from cchc import loading
from cchc.catalogue import dataset_overview, text


def test_text_falls_back_to_vietnamese():
    assert text({"vi": "Chỉ số", "en": "Index"}, "en") == "Index"
    assert text({"vi": "Chỉ số"}, "en") == "Chỉ số"
    assert text(None) == ""


def test_overview_of_the_bundled_datasets(units, observations):
    overview = dataset_overview(loading.load_catalogue(), observations, units)
    rows = {r["dataset"]: r for r in overview.iter_rows(named=True)}
    assert rows["papi"]["first_period"] == "2018" and rows["papi"]["last_period"] == "2025"
    assert rows["papi"]["geographies"] == "vn34, vn63" and rows["papi"]["n_units"] == 63 + 34
    assert rows["hy_onestop"]["first_period"] == "2024-01" and rows["hy_onestop"]["levels"] == "commune"
    assert overview["demo"].all()


def test_overview_of_an_empty_dataset_has_no_invented_values(units):
    catalogue = [{"id": "x", "file": "observations/x.parquet", "title": {"vi": "X"}, "indices": ["papi"]}]
    empty = pl.DataFrame(schema={**loading.OBSERVATIONS_SCHEMA, "dataset": pl.String})
    row = dataset_overview(catalogue, empty, units).row(0, named=True)
    assert row["first_period"] is None and row["n_units"] == 0 and row["demo"] is False
