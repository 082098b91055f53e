"""python -m cchc rank/export with a period range of a monthly index (quarter, year, year to date, months)."""

import csv
import json

import pytest
from openpyxl import load_workbook

from cchc.cli import main


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("period, subtitle", [
    ("2025-Q3", "Quý III/2025 · Cấp xã"),
    ("2025-07..2025-12", "Tháng 7/2025 – Tháng 12/2025 · Cấp xã"),
    ("2026-YTD", "Từ đầu năm đến Tháng 10/2026 · Cấp xã"),
])
def test_rank_svc766_over_a_range(capsys, period, subtitle):
    code, out, err = run(capsys, "rank", "--index", "svc766", "--period", period)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[1].startswith(subtitle)
    assert "Cộng dồn số liệu các tháng" in out and "104/104 đơn vị được xếp hạng" in out


def test_rank_json_of_a_quarter_has_the_previous_quarter(capsys):
    code, out, _ = run(capsys, "rank", "--index", "svc766", "--period", "2026-Q1", "--format", "json", "--lang", "en")
    assert code == 0
    data = json.loads(out)
    assert (data["meta"]["period"], data["meta"]["period_label"]) == ("2026-Q1", "Q1 2026")
    assert "Summed over the months (Jan 2026 – Mar 2026, 3 of 3 months with data)" in data["meta"]["source_note"]
    assert {r["prev_period"] for r in data["rows"]} == {"2025-Q4"}
    assert all(r["rank_change"] is not None for r in data["rows"])


@pytest.mark.parametrize("args, message", [
    (["--index", "papi", "--period", "2023-Q3"], "PAPI được công bố theo năm"),
    (["--index", "papi", "--period", "2023-YTD", "--lang", "en"], "PAPI is published per year"),
    (["--index", "svc766", "--period", "2025-09..2025-07"], "“2025-09..2025-07”"),
    (["--index", "svc766", "--period", "2025-Q3", "--level", "province"], "là điểm đã công bố"),
])
def test_a_range_that_cannot_be_used_is_a_one_line_error(capsys, args, message):
    code, out, err = run(capsys, "rank", *args)
    assert code == 1 and out == ""
    assert err.startswith("error: ") and message in err and err.count("\n") == 1


def test_export_csv_and_xlsx_of_a_custom_range(capsys, tmp_path):
    path = tmp_path / "t7-12.csv"
    assert main(["export", "--index", "svc766", "--period", "2025-07..2025-12", "--chart", "league",
                 "--out", str(path)]) == 0
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][:3] == ["Hạng", "Đơn vị", "Mã đơn vị"] and len(rows) == 105
    book = tmp_path / "q3.xlsx"
    assert main(["export", "--index", "svc766", "--period", "2025-Q3", "--chart", "league", "--out", str(book)]) == 0
    capsys.readouterr()
    info = load_workbook(book)["Thông tin"]
    cells = " ".join(str(c.value) for row in info.iter_rows() for c in row if c.value is not None)
    assert "Quý III/2025" in cells and "Cộng dồn số liệu các tháng (Tháng 7/2025 – Tháng 9/2025" in cells


def test_the_period_option_says_ranges_are_accepted(capsys):
    with pytest.raises(SystemExit):
        main(["rank", "--help"])
    assert "2025-07..2025-12" in capsys.readouterr().out


def test_a_deck_of_a_quarter_profiles_its_units_on_the_quarter(capsys, tmp_path):
    """A highlighted unit's profile and priorities slides read the quarter's summed scores (not the months,
    where a quarter has no row and the unit would look not scored); the rank is the table's."""
    import re

    from pptx import Presentation

    code, out, err = run(capsys, "rank", "--index", "svc766", "--period", "2025-Q3", "--format", "json")
    first = json.loads(out)["rows"][0]
    out_file = tmp_path / "q3.pptx"
    code, _, err = run(capsys, "export", "--index", "svc766", "--period", "2025-Q3", "--chart", "league",
                       "--units", first["unit_id"], "--out", str(out_file))
    assert code == 0, err
    texts = [" ".join(sh.text_frame.text for sh in s.shapes if sh.has_text_frame)
             for s in Presentation(str(out_file)).slides]
    card = next(x for x in texts if x.startswith("Hồ sơ:"))
    assert "Quý III/2025" in card and re.search(r"Hạng: 1/\d+", card), card
    assert any(x.startswith("Ưu tiên cải thiện") and "không được chấm điểm" not in x for x in texts)
