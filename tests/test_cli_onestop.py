"""python -m cchc onestop: the one-stop figures of a period's units, as a table, CSV or JSON, and one-line errors."""

from __future__ import annotations

import csv
import io
import json
import shutil

import polars as pl
import pytest

from cchc import loading
from cchc.cli import main
from cchc.commands import ALL, onestop


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_command_is_registered():
    assert onestop in ALL and onestop.NAME == "onestop"


def test_table_of_the_communes_of_one_district_for_a_quarter(capsys):
    code, out, err = run(capsys, "onestop", "--period", "2025-Q2", "--parent", "Tiên Lữ")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Thống kê hồ sơ một cửa"
    assert lines[1] == ("Quý II/2025 · Cấp xã thuộc Tiên Lữ · Xếp theo tỷ lệ trước và đúng hạn "
                        "(tỷ lệ cao hơn là tốt hơn)")
    assert lines[3].split()[:3] == ["Hạng", "Đơn", "vị"] and "Tỷ lệ trước và đúng hạn" in lines[3]
    body = lines[5:5 + 11]
    assert [int(line.split()[0]) for line in body] == sorted(int(line.split()[0]) for line in body)
    assert lines[17].split()[0] == "Tổng" and lines[-1].startswith("Nguồn:") and "DỮ LIỆU MINH HỌA" in out
    assert any("." in cell and cell.replace(".", "").isdigit() for cell in lines[17].split())   # "14.958"
    assert "%" in lines[5] and "," in lines[5].split("%")[0]                                    # "100,0%"


def test_json_sums_match_the_csv_and_the_parent_level(capsys):
    code, out, _ = run(capsys, "onestop", "--period", "2025-Q2", "--parent", "vn63:district:332", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["meta"]["months"] == ["2025-04", "2025-05", "2025-06"]
    assert data["meta"]["parent"] == "vn63:district:332" and len(data["rows"]) == 11
    total = data["total"]
    assert total["received"] == sum(r["received"] for r in data["rows"])
    assert total["on_time_share"] == pytest.approx(
        (total["resolved_early"] + total["resolved_on_time"]) / total["resolved"] * 100)
    code, out, _ = run(capsys, "onestop", "--period", "2025-Q2", "--level", "district", "--format", "json")
    district = next(r for r in json.loads(out)["rows"] if r["unit_id"] == "vn63:district:332")
    assert district["received"] == total["received"] and district["unit"] == "Tiên Lữ"


def test_csv_in_english_ranked_by_the_late_rate(capsys):
    code, out, _ = run(capsys, "onestop", "--period", "2025-07..2025-09", "--by", "late_share", "--lang", "en",
                       "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and rows[-1]["Unit"] == "Total" and rows[-1]["Rank"] == ""
    late = [float(r["Late rate (%)"]) for r in rows[:-1] if r["Late rate (%)"]]
    assert late == sorted(late) and len(rows) - 1 == 104
    first = rows[0]
    assert int(first["Received in person or by post"]) == int(first["Dossiers received"]) - int(first["Received online"])


@pytest.mark.parametrize("args, message", [
    (["--period", "2025-13"], "invalid period '2025-13'"),
    (["--period", "2025-Q3", "--level", "district"], "no one-stop figures at level 'district'"),
    (["--period", "2025-Q3", "--parent", "Tien Lu"], "parent 'Tien Lu' is not a district or province"),
])
def test_errors_are_one_line(capsys, args, message):
    code, out, err = run(capsys, "onestop", *args)
    assert code == 1 and out == "" and err.count("\n") == 1 and message in err


def test_bad_share_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["onestop", "--period", "2025-Q3", "--by", "score"])
    assert exc.value.code == 2


def test_csv_and_json_neutralise_formula_like_names(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(loading.data_dir(), data)
    units = pl.read_parquet(data / "units.parquet")
    first = sorted(pl.read_parquet(data / "observations" / "hy_onestop.parquet")
                   .filter(pl.col("period") == "2025-07")["unit_id"].unique().to_list())[0]
    nasty = "=HYPERLINK(\"http://x\")"
    units.with_columns(pl.when(pl.col("unit_id") == first).then(pl.lit(nasty)).otherwise(pl.col("short_vi"))
                       .alias("short_vi")).write_parquet(data / "units.parquet")
    assert main(["--data-dir", str(data), "onestop", "--period", "2025-07", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert f",{nasty}," not in out and "'" + nasty.replace('"', '""') in out
    assert main(["--data-dir", str(data), "onestop", "--period", "2025-07", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert "'" + nasty in {r["unit"] for r in rows}
