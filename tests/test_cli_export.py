"""python -m cchc export: the extension picks the format; files are opened and checked; one-line errors."""

import io
import os

import pytest
from openpyxl import load_workbook
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

from cchc import loading
from cchc.cli import main
from tests.export_support import TITLE


def export(capsys, tmp_path, name, *args):
    out = tmp_path / name
    code = main(["export", "--index", "papi", "--period", "2023", *args, "--out", str(out)])
    captured = capsys.readouterr()
    return code, out, captured.out, captured.err


def _needs(*modules):
    for m in modules:
        pytest.importorskip(m, reason=f"{m} (another engineer's figure module) is not in this checkout yet")


def test_csv_and_xlsx_of_the_league_table(capsys, tmp_path):
    code, out, stdout, err = export(capsys, tmp_path, "papi.csv", "--chart", "league")
    assert code == 0 and err == "" and str(out) in stdout
    data = out.read_bytes()
    text = data.decode("utf-8-sig")
    assert data.startswith(b"\xef\xbb\xbf") and text.startswith("Hạng,Đơn vị,Mã đơn vị,Vùng,Điểm")
    assert "1,Thừa Thiên Huế,vn63:province:46,Bắc Trung Bộ và duyên hải miền Trung,46.0415,2.5155" in text
    code, out, _, _ = export(capsys, tmp_path, "papi 2023.xlsx", "--chart", "league", "--component", "6")
    assert code == 0
    ws = load_workbook(out).active
    assert ws["A1"].value == "PAPI — 6. Cung ứng dịch vụ công"
    hanoi = next(r for r in ws.iter_rows(min_row=6, values_only=True) if r[1] == "Hà Nội")
    assert hanoi[4] == pytest.approx(7.8486)


def test_png_of_the_ranked_bars(capsys, tmp_path):
    _needs("cchc.figures.bars")
    code, out, _, err = export(capsys, tmp_path, "bars.png", "--chart", "bar", "--units", "Hà Nội", "--size", "square")
    assert code == 0 and err == ""
    im = Image.open(out).convert("RGB")
    assert im.size == (2160, 2160) and im.getpixel((2, 2)) == (255, 255, 255)
    assert len(im.resize((100, 100)).getcolors(10000)) > 20


def test_svg_pdf_html_of_the_ranked_bars(capsys, tmp_path):
    _needs("cchc.figures.bars")
    code, out, _, _ = export(capsys, tmp_path, "bars.svg", "--chart", "bar")
    assert code == 0 and TITLE in out.read_text(encoding="utf-8")
    code, out, _, _ = export(capsys, tmp_path, "bars.pdf", "--chart", "bar")
    assert code == 0 and TITLE in " ".join(PdfReader(out).pages[0].extract_text().split())
    code, out, _, _ = export(capsys, tmp_path, "bars.html", "--chart", "bar")
    assert code == 0 and "<script src=" not in out.read_text(encoding="utf-8")


def test_map_and_trend_pictures(capsys, tmp_path):
    _needs("cchc.figures.maps", "cchc.figures.trends", "cchc.series")
    code, out, _, err = export(capsys, tmp_path, "map.png", "--chart", "map")
    assert code == 0 and err == "" and Image.open(out).size == (3840, 2160)
    code, out, _, err = export(capsys, tmp_path, "trend.svg", "--chart", "trend", "--units", "Hà Nội",
                               "vn63:province:46")
    assert code == 0 and "Hà Nội" in out.read_text(encoding="utf-8")


@pytest.mark.browser  # ~11 s: 14 renders through kaleido
def test_the_whole_deck_and_its_handout(capsys, tmp_path):
    _needs("cchc.figures.bars", "cchc.figures.maps", "cchc.figures.trends", "cchc.figures.side_by_side", "cchc.profile",
           "cchc.comparison", "cchc.series")
    code, out, _, err = export(capsys, tmp_path, "papi.pptx", "--chart", "league", "--units", "Hà Nội", "Huế")
    assert code == 0 and err == ""
    prs = Presentation(str(out))
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)
    titles = [s.shapes.title.text for s in prs.slides]
    # title, 4 table slides, bars, map, trend, 2 profiles each followed by its improvement priorities
    assert len(titles) == 12 and titles[0] == TITLE
    assert titles[5] == "PAPI — Xếp hạng" and titles[6] == "PAPI — Bản đồ" and titles[-4:] == [
        "Hồ sơ: Hà Nội", "Ưu tiên cải thiện: Hà Nội", "Hồ sơ: Thừa Thiên Huế", "Ưu tiên cải thiện: Thừa Thiên Huế"]
    assert all("Nguồn: UNDP" in s.notes_slide.notes_text_frame.text for s in prs.slides)
    code, out, _, _ = export(capsys, tmp_path, "papi.pdf", "--chart", "league", "--units", "Hà Nội")
    pdf = PdfReader(out)
    # title, 4 table pages, the report summary, 3 charts, the profile and its improvement priorities
    assert code == 0 and len(pdf.pages) == 1 + 4 + 1 + 3 + 1 + 1
    assert "Ưu tiên cải thiện: Hà Nội" in pdf.pages[-1].extract_text()
    assert "Thừa Thiên Huế" in pdf.pages[1].extract_text()


@pytest.mark.parametrize("args, name, message", [
    (["--chart", "bar"], "x.docx", "unknown extension '.docx'"),
    (["--chart", "bar"], "noext", "unknown extension '(none)'"),
    (["--chart", "league"], "x.png", "the league table exports as .csv, .xlsx, .pptx or .pdf"),
    (["--chart", "map"], "x.csv", "--chart map has no .csv export"),
    (["--chart", "trend"], "x.png", "--chart trend needs --units"),
    (["--chart", "league", "--region", "atlantis"], "x.csv", "no units match these filters"),
    (["--chart", "league", "--component", "42"], "x.xlsx", "no component '42'"),
    (["--chart", "profile", "--units", "Atlantis"], "x.png", "unit 'Atlantis' is not_found"),
])
def test_errors_are_one_line_and_write_nothing(capsys, tmp_path, args, name, message):
    code, out, stdout, err = export(capsys, tmp_path, name, *args)
    assert code == 1 and stdout == ""
    assert err.count("\n") == 1 and err.startswith("error: ") and message in err
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_unknown_index_and_period(capsys, tmp_path):
    code = main(["export", "--index", "nope", "--period", "2023", "--chart", "league", "--out", str(tmp_path / "a.csv")])
    assert code == 1 and "unknown index 'nope'" in capsys.readouterr().err
    code = main(["export", "--index", "papi", "--period", "2030", "--chart", "league", "--out", str(tmp_path / "a.csv")])
    assert code == 1 and "no papi data" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:  # a malformed command line: argparse, exit 2
        main(["export", "--index", "papi", "--period", "2023", "--chart", "pie", "--out", "a.png"])
    assert exc.value.code == 2


def test_write_bytes_is_atomic(tmp_path):
    target = tmp_path / "sub" / "a.bin"
    assert loading.write_bytes(target, b"one") == target and target.read_bytes() == b"one"
    loading.write_bytes(target, b"two")
    assert target.read_bytes() == b"two" and os.listdir(target.parent) == ["a.bin"]
    with pytest.raises(TypeError):
        loading.write_bytes(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"two" and os.listdir(target.parent) == ["a.bin"]
    assert io.BytesIO(target.read_bytes()).read() == b"two"
