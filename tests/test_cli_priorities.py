"""python -m cchc priorities: the table and sentences of one unit, by id or name, as text or JSON."""

import json

import pytest

from cchc.cli import main
from cchc.selection import Selection, league_for
from cchc.store import Store


def run(capsys, *args):
    code = main(["priorities", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(scope="module")
def papi_2023():
    return league_for(Store(), Selection(index="papi", period="2023")).full


def test_table_and_sentences_of_a_province_named(capsys, papi_2023):
    code, out, err = run(capsys, "--index", "papi", "--period", "2023", "--unit", "Hưng Yên")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "PAPI — Ưu tiên cải thiện: Hưng Yên"
    assert lines[2] == "Điểm: 42,0917 · Hạng: 29/61"
    assert lines[4].startswith("Chỉ số thành phần") and "Cách trung vị" in lines[4]
    assert sum(line[:2] in {f"{i}." for i in range(1, 9)} for line in lines) == 8
    # the next unit above is the one ranked 28th: one more 0,0001 than the gap passes it
    above = papi_2023.filter(papi_2023["rank"] == 28).row(0, named=True)
    gap = round(above["score"] - 42.0917 + 0.0001, 4)
    assert f"tăng {gap:.4f}".replace(".", ",") + f" điểm, Hưng Yên vượt {above['unit']} (lên hạng 28)." in out
    assert "DỮ LIỆU MINH HỌA" in out


def test_json_gives_the_steps_in_numbers(capsys, papi_2023):
    code, out, _ = run(capsys, "--index", "papi", "--period", "2023", "--unit", "vn63:province:33", "--format",
                       "json", "--top", "5")
    assert code == 0
    data = json.loads(out)
    assert (data["unit"], data["rank"], data["n_ranked"]) == ("Hưng Yên", 29, 61)
    steps = {s["goal"]: s for s in data["steps"]}
    # PAPI groups by quartile: the best group holds ranks 1–16 of 61, so equal the 16th best total
    sixteenth = papi_2023.filter(papi_2023["rank"] == 16)["score"][0]
    assert steps["group"]["target"] == "1" and steps["group"]["new_rank"] == 16
    assert steps["group"]["gain"] == pytest.approx(sixteenth - 42.0917, abs=1e-9)
    fifth = papi_2023.filter(papi_2023["rank"] == 5)["score"][0]
    assert steps["top"]["target"] == "5" and steps["top"]["new_total"] == pytest.approx(fifth)
    comps = {c["indicator_id"]: c for c in data["components"]}
    assert len(comps) == 8 and all(c["value"] + c["to_best"] <= c["max_points"] for c in comps.values())


def test_english_and_a_unit_already_first(capsys):
    code, out, _ = run(capsys, "--index", "papi", "--period", "2023", "--unit", "vn63:province:46", "--lang", "en")
    assert code == 0
    assert "Thua Thien Hue is first: no unit is above it." in out
    assert "Thua Thien Hue is already in the top group, “Best performers”." in out


def test_a_unit_not_scored_gets_no_proposal(capsys):
    code, out, _ = run(capsys, "--index", "papi", "--period", "2023", "--unit", "vn63:province:22")
    assert code == 0
    assert "Quảng Ninh không được chấm điểm ở năm 2023: không có đề xuất cải thiện." in out
    assert "Hạng: –" in out


@pytest.mark.parametrize("args, message", [
    (["--unit", "Atlantis"], "unit 'Atlantis'"),
    (["--unit", "vn34:province:33"], "is not among the province units of papi 2023"),
    (["--unit", "Hưng Yên", "--top", "0"], "--top must be at least 1"),
])
def test_errors_are_one_line(capsys, args, message):
    code, out, err = run(capsys, "--index", "papi", "--period", "2023", *args)
    assert code == 1 and out == "" and message in err and err.count("\n") == 1
