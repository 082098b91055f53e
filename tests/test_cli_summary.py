"""``python -m cchc summary``: the paragraph of a league or of one unit, the same as :mod:`cchc.summaries` gives."""

import pytest

from cchc.cli import main
from cchc.selection import Selection, league_for
from cchc.store import Store
from cchc.summaries import league_summary, unit_summary


def run(capsys, *args):
    code = main(["summary", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_league_summary_is_printed(capsys):
    code, out, err = run(capsys, "--index", "papi", "--period", "2023")
    assert code == 0 and err == ""
    assert out.startswith("Năm 2023, Chỉ số PAPI xếp hạng 61/63 đơn vị (2 đơn vị không có số liệu).")
    assert out.strip() == league_summary(league_for(Store(), Selection(index="papi", period="2023")))


@pytest.mark.parametrize("unit, lang, start", [
    ("Hà Nội", "vi", "Năm 2023, Chỉ số PAPI của Hà Nội đạt 43,9600 điểm, xếp thứ 15/61"),
    ("vn63:province:01", "en", "In 2023, Ha Noi scored 43.9600 points on PAPI, ranking 15 of 61"),
    ("TT-Huế", "vi", "Năm 2023, Chỉ số PAPI của Thừa Thiên Huế đạt 46,0415 điểm, xếp thứ 1/61"),
    ("Quảng Ninh", "vi", "Năm 2023, Quảng Ninh không được xếp hạng Chỉ số PAPI"),
])
def test_unit_summary_by_name_or_id(capsys, unit, lang, start):
    code, out, err = run(capsys, "--index", "papi", "--period", "2023", "--unit", unit, "--lang", lang)
    assert code == 0 and err == "" and out.startswith(start)


def test_unit_summary_equals_the_core(capsys):
    code, out, _ = run(capsys, "--index", "par", "--period", "2023", "--unit", "vn63:province:92")
    league = league_for(Store(), Selection(index="par", period="2023"))
    assert code == 0 and out.strip() == unit_summary(league, "vn63:province:92")
    assert "đồng hạng với Hải Dương và Yên Bái" in out


def test_region_filter_ranks_within_it(capsys):
    code, out, _ = run(capsys, "--index", "papi", "--period", "2023", "--region", "red_river_delta", "--unit", "Hà Nội")
    assert code == 0 and "xếp thứ 3/10" in out


@pytest.mark.parametrize("args, message", [
    (["--index", "papi", "--period", "2023", "--unit", "Narnia"], "unit 'Narnia' is not_found"),
    (["--index", "papi", "--period", "1999"], "no papi data at province level for period 1999"),
    (["--index", "nope", "--period", "2023"], "nope"),
])
def test_errors_are_one_line_exit_1(capsys, args, message):
    code, out, err = run(capsys, *args)
    assert code == 1 and out == "" and err.startswith("error: ") and message in err and err.count("\n") == 1
