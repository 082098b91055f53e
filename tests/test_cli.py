"""python -m cchc: league tables on the bundled data, listings, and one-line errors."""

import json
import subprocess
import sys

import polars as pl
import pytest

from cchc.archive import Archive
from cchc.cli import main


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_rank_papi_2023_prints_the_63_province_league_table(capsys):
    code, out, err = run(capsys, "rank", "--index", "papi", "--period", "2023", "--level", "province")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Chỉ số Hiệu quả Quản trị và Hành chính công cấp tỉnh"
    assert lines[1].startswith("Năm 2023 · Cấp tỉnh · địa giới cũ (63 tỉnh")
    first = lines[5].split()
    assert first[:4] == ["1", "Thừa", "Thiên", "Huế"] and first[4] == "46,0415"
    body = [line for line in lines[5:] if line and not line.startswith(("61/63", "Nguồn"))]
    assert len(body) == 63
    assert "Quảng Ninh" in body[-1] or "Quảng Ninh" in body[-2]
    assert "61/63 đơn vị được xếp hạng" in out and "DỮ LIỆU MINH HỌA" in out


def test_rank_on_vn34_is_reexpressed_with_the_rule_stated(capsys):
    code, out, _ = run(capsys, "rank", "--index", "papi", "--period", "2023", "--geography", "vn34", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["meta"]["reexpressed"] and data["meta"]["geography"] == "vn34"
    assert "trọng số theo cỡ mẫu khảo sát" in data["meta"]["subtitle"]
    rows = data["rows"]
    assert len(rows) == 34
    hcm = next(r for r in rows if r["unit"] == "Hồ Chí Minh")
    assert hcm["coverage"] == "2/3" and hcm["score"] is not None  # Bình Dương was not scored in 2023
    qn = next(r for r in rows if r["unit"] == "Quảng Ninh")
    assert qn["rank"] is None and qn["score"] is None


def test_rank_csv_component_matches_engine(capsys):
    code, out, _ = run(capsys, "rank", "--index", "papi", "--period", "2023", "--component", "6", "--format", "csv")
    assert code == 0
    table = pl.read_csv(out.encode())
    hn = table.filter(pl.col("unit") == "Hà Nội")
    assert hn["score"][0] == pytest.approx(7.8486)
    assert table.height == 63 and table["rank"].min() == 1


def test_rank_english(capsys):
    code, out, _ = run(capsys, "rank", "--index", "par", "--period", "2023", "--lang", "en")
    assert code == 0
    assert "Rank" in out and "92.18" in out and "Group A" in out and "DEMO DATA" in out


def test_rank_within_a_parent_by_name(capsys):
    code, out, _ = run(capsys, "rank", "--index", "hy_par_xa", "--period", "2024", "--level", "commune",
                       "--parent", "Huyện Tiên Lữ")
    assert code == 0 and "Tiên Lữ" in out.splitlines()[1] and "Nhật Tân" in out


@pytest.mark.parametrize(
    "args, message",
    [
        (["rank", "--index", "nope", "--period", "2023"], "unknown index 'nope'"),
        (["rank", "--index", "papi", "--period", "2023-13"], "2023-13"),
        (["rank", "--index", "papi", "--period", "2030"], "no papi data at province level for period 2030"),
        (["rank", "--index", "papi", "--period", "2023", "--level", "commune"], "scores province, not 'commune'"),
        (["rank", "--index", "papi", "--period", "2023", "--component", "9"], "no component '9'"),
        (["rank", "--index", "papi", "--period", "2025", "--geography", "vn63"], "no papi data"),
        (["rank", "--index", "hy_par_xa", "--period", "2024", "--level", "commune", "--parent", "Châu Thành"],
         "ambiguous"),
        (["rank", "--index", "hy_par_xa", "--period", "2020", "--level", "district", "--geography", "vn34"],
         "no successor"),
        (["units", "--search", "zzzz"], "no unit matches"),
    ],
)
def test_errors_are_one_line_and_non_zero(capsys, args, message):
    code, out, err = run(capsys, *args)
    assert code == 1 and out == ""
    assert err.startswith("error: ") and message in err and err.count("\n") == 1


def test_indices_lists_every_definition(capsys):
    code, out, _ = run(capsys, "indices")
    assert code == 0
    for index in ("papi", "par", "sipas", "svc766", "hy_par_so", "hy_par_xa"):
        assert f"\n{index} " in "\n" + out


def test_units_search_without_diacritics(capsys):
    code, out, _ = run(capsys, "units", "--search", "tien lu")
    assert code == 0 and "vn63:district:" in out and "Tiên Lữ" in out


def test_resolve_reports_each_name(capsys):
    code, out, _ = run(capsys, "resolve", "TT-Huế", "HCMC", "Atlantis", "--geography", "vn63")
    assert code == 0
    lines = out.splitlines()
    assert "vn63:province:46" in lines[0] and "vn63:province:79" in lines[1] and "not_found" in lines[2]


def test_bad_command_line_exits_2():
    proc = subprocess.run([sys.executable, "-m", "cchc", "rank", "--period", "2023"], capture_output=True, text=True)
    assert proc.returncode == 2 and "--index" in proc.stderr


def test_module_entry_point_runs():
    proc = subprocess.run([sys.executable, "-m", "cchc", "rank", "--index", "svc766", "--period", "2025-07"],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and "Quảng Trị" in proc.stdout and "77,65" in proc.stdout


# ------------------------------------------------------------------ imported data: --import-dir and --dataset
@pytest.fixture()
def import_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("CCHC_IMPORT_DIR", raising=False)
    rows = pl.DataFrame({"unit_id": ["vn63:province:01", "vn63:province:46"], "period": ["2023", "2023"],
                         "indicator_id": ["papi", "papi"], "value": [45.5, 47.25]})
    Archive(tmp_path / "imported").write("real-papi", rows, index="papi", user="lan", file_name="papi.csv",
                                         data=b"x", mapping={})
    return str(tmp_path / "imported")


def test_rank_reads_the_import_folder_beside_the_bundled_data(capsys, import_dir):
    code, out, err = run(capsys, "rank", "--index", "papi", "--period", "2023", "--import-dir", import_dir)
    assert code == 0 and err == ""
    body = out.splitlines()[5:7]
    assert body[0].split()[:5] == ["1", "Thừa", "Thiên", "Huế", "47,2500"] and "Hà Nội" in body[1]
    assert "2/63 đơn vị được xếp hạng" in out and "DỮ LIỆU MINH HỌA" in out  # changes read demo 2022
    code, out, _ = run(capsys, "rank", "--index", "papi", "--period", "2023", "--dataset", "real-papi",
                       "--import-dir", import_dir)
    assert code == 0 and "2/63 đơn vị được xếp hạng" in out and "DỮ LIỆU MINH HỌA" not in out  # only real rows
    code, out, _ = run(capsys, "--import-dir", import_dir, "rank", "--index", "papi", "--period", "2022")
    assert code == 0 and "DỮ LIỆU MINH HỌA" in out  # the years not imported are still demo data


def test_rank_and_export_of_one_dataset(capsys, import_dir, tmp_path):
    code, out, _ = run(capsys, "rank", "--index", "papi", "--period", "2023", "--dataset", "papi",
                       "--import-dir", import_dir, "--format", "csv")
    assert code == 0 and pl.read_csv(out.encode()).height == 63
    out_file = tmp_path / "real.csv"
    code, _, err = run(capsys, "export", "--index", "papi", "--period", "2023", "--dataset", "real-papi",
                       "--chart", "league", "--out", str(out_file), "--import-dir", import_dir)
    assert code == 0 and err == ""
    table = pl.read_csv(out_file.read_bytes())
    assert table.height == 63 and table.drop_nulls(table.columns[0]).height == 2  # 2 ranked, 61 without data


def test_an_unknown_dataset_is_one_line_naming_the_known_ones(capsys, import_dir):
    code, out, err = run(capsys, "rank", "--index", "papi", "--period", "2023", "--dataset", "nope",
                         "--import-dir", import_dir)
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "no dataset 'nope' holds index 'papi'; datasets of papi: papi, real-papi" in err


def test_rank_csv_and_json_neutralise_formula_like_names(tmp_path, capsys, monkeypatch):
    """Unit names from data that a spreadsheet would run are written as text (one rule: cchc.safety)."""
    import shutil

    import polars as pl

    from cchc import loading
    from cchc.cli import main

    data = tmp_path / "data"
    shutil.copytree(loading.data_dir(), data)
    units = pl.read_parquet(data / "units.parquet")
    nasty = {"vn63:province:01": "=HYPERLINK(\"http://x\")", "vn63:province:79": "+cmd|' /C calc'!A0",
             "vn63:province:46": "@SUM(1)", "vn63:province:31": "-2+3"}
    units = units.with_columns(pl.col("unit_id").replace_strict(nasty, default=pl.col("short_vi"),
                                                               return_dtype=pl.String).alias("short_vi"))
    units.write_parquet(data / "units.parquet")
    assert main(["--data-dir", str(data), "rank", "--index", "papi", "--period", "2023", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    for name in nasty.values():
        assert f",{name}," not in out and ("'" + name.replace('"', '""')) in out
    assert main(["--data-dir", str(data), "rank", "--index", "papi", "--period", "2023", "--format", "json"]) == 0
    rows = __import__("json").loads(capsys.readouterr().out)["rows"]
    assert {r["unit"] for r in rows} >= {"'" + n for n in nasty.values()}
