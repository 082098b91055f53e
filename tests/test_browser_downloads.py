"""Browser test of the download buttons (Debian chromium against `streamlit run`): one load of the
rankings page, every button clicked, every file received and opened."""

import io
import zipfile

import pytest
from PIL import Image, ImageStat

from tests.browser import wait_idle

pytestmark = pytest.mark.browser

TITLE = "Chỉ số cải cách hành chính cấp tỉnh"
WAIT = 120_000  # ms: the first chart export starts the server's Chromium; the deck takes ~10–20 s


def download(page, menu: str, label: str, tmp_path):
    """Open the popover ``menu`` (if closed), click its download button ``label``; the file's name and bytes."""
    body = page.get_by_test_id("stPopoverBody").filter(has_text=label)
    if not body.count() or not body.first.is_visible():
        page.get_by_test_id("stPopover").filter(has_text=menu).get_by_role("button").first.click()
        body.first.wait_for(timeout=10000)
    button = page.get_by_test_id("stDownloadButton").filter(has_text=label).first
    with page.expect_download(timeout=WAIT) as info:
        button.click()
    got = info.value
    path = tmp_path / got.suggested_filename
    got.save_as(path)
    assert got.failure() is None
    return got.suggested_filename, path.read_bytes()


def close_menu(page) -> None:
    page.keyboard.press("Escape")
    page.get_by_test_id("stPopoverBody").first.wait_for(state="hidden", timeout=10000)


def test_each_download_button_delivers_its_file(served, page, tmp_path):
    page.goto(served + "/rankings?index=par&period=2023")
    page.locator("[data-testid=stDataFrame]").first.wait_for(timeout=60000)
    page.wait_for_function("() => document.querySelector('.js-plotly-plot')?.data?.[0]?.y?.includes('Quảng Ninh')",
                           timeout=60000)
    wait_idle(page)

    # the ranked bars: PNG 16:9 (high resolution), SVG, PDF, offline HTML
    name, png = download(page, "Tải xuống", "Ảnh PNG 16:9", tmp_path)
    assert name == "par-2023-xep-hang.png" and png[:8] == b"\x89PNG\r\n\x1a\n"
    im = Image.open(io.BytesIO(png)).convert("L")
    assert im.size == (3840, 2160) and im.getpixel((3, 3)) == 255
    assert 100 < ImageStat.Stat(im).mean[0] < 250                          # white paper with ink, not blank or black
    name, svg = download(page, "Tải xuống", "SVG (vector)", tmp_path)
    text = svg.decode("utf-8")
    assert name == "par-2023-xep-hang.svg" and text.lstrip().startswith("<svg")
    assert "Quảng Ninh" in text and TITLE in text and "DỮ LIỆU MINH HỌA" in text
    name, pdf = download(page, "Tải xuống", "PDF", tmp_path)
    assert name == "par-2023-xep-hang.pdf" and pdf[:5] == b"%PDF-"
    name, html = download(page, "Tải xuống", "HTML tương tác", tmp_path)
    page_text = html.decode("utf-8")
    assert name == "par-2023-xep-hang.html" and f"<title>{TITLE}" in page_text
    assert "Quảng Ninh" in page_text or "Qu\\u1ea3ng Ninh" in page_text            # the data (JSON may escape it)
    assert "<script src=\"http" not in page_text and "plotly" in page_text.lower()   # plotly.js inlined: offline
    close_menu(page)

    # the league table: CSV (BOM, 63 provinces) and XLSX (table + metadata sheet)
    name, data = download(page, "Tải bảng số liệu", "CSV (mở bằng Excel)", tmp_path)
    lines = data[3:].decode("utf-8").splitlines()
    assert name == "par-2023-bang-xep-hang.csv" and data[:3] == b"\xef\xbb\xbf"
    assert lines[0].startswith("Hạng,Đơn vị,") and len(lines) - 1 == 63 and lines[1].startswith("1,Quảng Ninh,")
    name, data = download(page, "Tải bảng số liệu", "Excel (XLSX)", tmp_path)
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    assert name == "par-2023-bang-xep-hang.xlsx" and wb.sheetnames == ["Bảng xếp hạng", "Thông tin"]
    assert any(c.value == "Quảng Ninh" for row in wb.worksheets[0].iter_rows() for c in row)
    close_menu(page)

    # the presentation of the selection: a 16:9 PowerPoint deck, built on click
    name, data = download(page, "Tạo bài trình chiếu", "PowerPoint (PPTX, 16:9)", tmp_path)
    assert name == "par-2023-trinh-chieu.pptx"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        slides = [n for n in z.namelist() if n.startswith("ppt/slides/slide") and n.endswith(".xml")]
    assert len(slides) >= 6                                                # title, 4 table slides, bars, map
    close_menu(page)
    assert page.locator("[data-testid='stException']").count() == 0
