import polars as pl
import pytest

from cchc import loading
from cchc.loading import DataFileError


def test_bad_cell_names_row_and_column(tmp_path):
    frame = pl.DataFrame({"unit_id": ["a", "b"], "period": ["2023", "2023"], "indicator_id": ["x", "x"],
                          "value": ["1.5", "abc"]})
    (tmp_path / "observations").mkdir()
    frame.write_parquet(tmp_path / "observations" / "bad.parquet")
    with pytest.raises(DataFileError, match=r"column 'value'.*row 2.*'abc'"):
        loading.load_observations("observations/bad.parquet", tmp_path)


def test_missing_column_is_named(tmp_path):
    (tmp_path / "observations").mkdir()
    pl.DataFrame({"unit_id": ["a"], "period": ["2023"]}).write_parquet(tmp_path / "observations" / "x.parquet")
    with pytest.raises(DataFileError, match="missing column.*indicator_id"):
        loading.load_observations("observations/x.parquet", tmp_path)


def test_optional_columns_are_added_as_nulls(tmp_path):
    (tmp_path / "observations").mkdir()
    pl.DataFrame({"unit_id": ["a"], "period": ["2023"], "indicator_id": ["x"], "value": [None]},
                 schema={"unit_id": pl.String, "period": pl.String, "indicator_id": pl.String,
                         "value": pl.Float64}).write_parquet(tmp_path / "observations" / "x.parquet")
    out = loading.load_observations("observations/x.parquet", tmp_path)
    assert out.columns == list(loading.OBSERVATIONS_SCHEMA)
    assert out["value"][0] is None  # a null stays null, never 0


def test_not_parquet_and_not_found(tmp_path):
    (tmp_path / "units.parquet").write_text("not parquet")
    with pytest.raises(DataFileError, match="not a readable Parquet"):
        loading.load_units(tmp_path)
    with pytest.raises(DataFileError, match="file not found"):
        loading.load_crosswalk(tmp_path)


def test_invalid_yaml_names_line(tmp_path):
    (tmp_path / "indices").mkdir()
    (tmp_path / "indices" / "x.yaml").write_text("id: x\nname: {vi: a, en: [b\n")
    with pytest.raises(DataFileError, match=r"x\.yaml: line \d+"):
        loading.load_index_dicts(tmp_path)


def test_catalogue_entries_need_keys(tmp_path):
    (tmp_path / "datasets.yaml").write_text("- id: a\n  file: observations/a.parquet\n")
    with pytest.raises(DataFileError, match="dataset #1 lacks 'title'"):
        loading.load_catalogue(tmp_path)


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "x.parquet"
    loading.write_parquet(pl.DataFrame({"a": [1]}), target)

    class Broken(pl.DataFrame):
        def write_parquet(self, *args, **kwargs):
            raise OSError("disk full")

    with pytest.raises(OSError):
        loading.write_parquet(Broken({"a": [2]}), target)
    assert pl.read_parquet(target)["a"].to_list() == [1]


def test_bundled_index_definitions_are_all_readable():
    dicts = loading.load_index_dicts()
    assert {"papi", "par", "sipas", "svc766", "hy_par_so", "hy_par_xa"} <= set(dicts)


@pytest.mark.parametrize("file, periods", [("observations/papi.parquet", ["2023"]),
                                           ("observations/hy_onestop.parquet", ["2025-06", "2025-07"]),
                                           ("observations/sipas.parquet", [])])
def test_a_scan_filtered_by_period_reads_the_rows_of_those_periods(file, periods):
    eager = loading.load_observations(file)
    scanned = loading.scan_observations(file).filter(pl.col("period").is_in(periods)).collect()
    assert scanned.equals(eager.filter(pl.col("period").is_in(periods)))
    assert loading.scan_observations(file, columns=["unit_id", "period"]).collect().columns == ["unit_id", "period"]


def test_a_scan_adds_optional_columns_and_refuses_what_reading_refuses(tmp_path):
    (tmp_path / "observations").mkdir()
    pl.DataFrame({"unit_id": ["a"], "period": [2023], "indicator_id": ["x"], "value": [1]}).write_parquet(
        tmp_path / "observations" / "x.parquet")
    out = loading.scan_observations("observations/x.parquet", tmp_path).collect()
    assert out.schema == pl.Schema(loading.OBSERVATIONS_SCHEMA) and out["period"].to_list() == ["2023"]
    assert out.equals(loading.load_observations("observations/x.parquet", tmp_path))
    pl.DataFrame({"unit_id": ["a"], "period": ["2023"]}).write_parquet(tmp_path / "observations" / "y.parquet")
    with pytest.raises(DataFileError, match="missing column"):
        loading.scan_observations("observations/y.parquet", tmp_path)
    with pytest.raises(DataFileError, match="not found"):
        loading.scan_observations("observations/z.parquet", tmp_path)
    (tmp_path / "observations" / "w.parquet").write_text("not parquet")
    with pytest.raises(DataFileError, match="not a readable Parquet"):
        loading.scan_observations("observations/w.parquet", tmp_path)
