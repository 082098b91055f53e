"""cchc.export.images: PNG/SVG/PDF through one kept-running Chromium, offline HTML, the export stamp."""

import io
import threading
from datetime import date

import plotly.graph_objects as go
import pytest
from PIL import Image, ImageStat
from pypdf import PdfReader

from cchc.captions import DEMO_MARK
from cchc.export import images
from tests.export_support import TITLE, papi_view, simple_figure  # noqa: F401

DAY = date(2026, 3, 5)


def _png(data: bytes) -> Image.Image:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return Image.open(io.BytesIO(data)).convert("RGB")


def _assert_drawn_on_white(im: Image.Image) -> None:
    """Not blank (bars drawn), not black (the Streamlit-template pitfall): a white page with ink on it."""
    assert im.getpixel((2, 2)) == (255, 255, 255)
    grey = im.convert("L")
    assert ImageStat.Stat(grey).mean[0] > 100  # light paper (a black background is ~0-40)
    small = im.resize((192, 108))
    colours = small.getcolors(192 * 108)
    assert len(colours) > 20  # text and bars, not an empty canvas
    inked = sum(n for n, c in colours if c != (255, 255, 255))
    assert inked > 0.02 * 192 * 108


@pytest.mark.parametrize("preset, size", [("16x9", (3840, 2160)), ("square", (2160, 2160))])
def test_png_presets_are_high_resolution_and_drawn(simple_figure, preset, size):
    im = _png(images.chart_bytes(simple_figure, "png", preset=preset, demo=True, exported=DAY))
    assert im.size == size
    _assert_drawn_on_white(im)


def test_streamlit_template_does_not_blacken_exports():
    import plotly.io as pio
    import streamlit  # noqa: F401 - makes its own template the process default

    assert pio.templates.default != "cchc"
    fig = go.Figure(go.Bar(x=["Hà Nội", "Huế"], y=[43.96, 46.04]))  # no template named: Streamlit's default
    im = _png(images.figure_bytes(fig, "png", width=400, height=300, scale=1))
    assert im.size == (400, 300)
    _assert_drawn_on_white(im)


def test_svg_and_pdf_carry_the_vietnamese_title_as_text(simple_figure):
    svg = images.chart_bytes(simple_figure, "svg", demo=True, exported=DAY).decode("utf-8")
    assert svg.lstrip().startswith("<svg") and TITLE in svg and "Xuất ngày 05/03/2026" in svg
    assert "Thừa Thiên Huế" in svg
    pdf = PdfReader(io.BytesIO(images.chart_bytes(simple_figure, "pdf", demo=True, exported=DAY)))
    text = " ".join(pdf.pages[0].extract_text().split())
    assert TITLE in text and "Thừa Thiên Huế" in text and "DỮ LIỆU MINH HỌA" in text
    box = pdf.pages[0].mediabox
    assert round(float(box.width) / float(box.height), 2) == round(16 / 9, 2)


def test_html_is_self_contained_and_offline(simple_figure):
    page = images.chart_bytes(simple_figure, "html", demo=True, exported=DAY).decode("utf-8")
    assert "<script src=" not in page.replace(" ", "")  # plotly.js inlined, nothing from a CDN
    assert "mathjax" not in page.split("<body>")[0].lower()
    assert f"<title>{TITLE}</title>" in page and '<html lang="vi">' in page
    assert "Plotly.newPlot" in page and len(page) > 1_000_000  # the library itself is in the file
    assert "Xu\\u1ea5t ng\\u00e0y 05\\u002f03\\u002f2026" in page  # the stamp, in the figure's escaped JSON


def test_stamp_keeps_the_words_adds_date_and_demo_mark_without_mutating(simple_figure):
    before = simple_figure.to_json()
    out = images.stamp_figure(simple_figure, lang="vi", demo=True, exported=DAY, width=1080)
    assert simple_figure.to_json() == before
    assert out.layout.title.text == TITLE and out.layout.title.subtitle.text.startswith("Năm 2023")
    texts = [a.text for a in out.layout.annotations]
    assert "Xuất ngày 05/03/2026" in texts
    assert any("DỮ LIỆU MINH HỌA" in t and "<b>" in t for t in texts)  # the corner mark
    assert any(t.startswith("Nguồn: UNDP") for t in texts)  # the source note is kept
    again = images.stamp_figure(out, lang="vi", demo=True, exported=DAY, width=1080)
    assert len(again.layout.annotations) == len(out.layout.annotations)  # idempotent
    en = images.stamp_figure(go.Figure(), lang="en", demo=True, exported=DAY)
    assert {a.text for a in en.layout.annotations} >= {"Exported 2026-03-05", DEMO_MARK["en"]}


def test_long_source_notes_wrap_to_the_export_width():
    long = "Nguồn: " + "Bộ Nội vụ — Báo cáo Chỉ số cải cách hành chính của các bộ, cơ quan ngang bộ. " * 4
    fig = go.Figure().add_annotation(text=long, xref="paper", yref="paper", x=0, y=0, xanchor="left",
                                     yanchor="top", yshift=-48, showarrow=False)
    narrow = images.stamp_figure(fig, width=1080)
    note = next(a for a in narrow.layout.annotations if a.text.startswith("Nguồn"))
    assert note.text.count("<br>") >= 2 and narrow.layout.margin.b >= 48 + 3 * 15


def test_one_browser_serves_every_export_even_from_threads(simple_figure):
    images.figure_bytes(simple_figure, "png", width=300, height=200, scale=1)
    starts = images.browser_starts()
    assert images.browser_running()
    results: list[bytes] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            results.append(images.figure_bytes(simple_figure, "png", width=320, height=240, scale=1))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors and len(results) == 4
    assert all(_png(r).size == (320, 240) for r in results)
    assert images.browser_starts() == starts  # no new browser: the kept-running one did all the work


def test_shutdown_then_the_next_export_starts_a_browser_again(simple_figure):
    images.shutdown()
    assert not images.browser_running()
    starts = images.browser_starts()
    assert _png(images.figure_bytes(simple_figure, "png", width=200, height=150, scale=1)).size == (200, 150)
    assert images.browser_running() and images.browser_starts() == starts + 1


def test_bad_format_and_size_are_clear_errors(simple_figure):
    with pytest.raises(images.ExportError, match="unknown image format 'gif'"):
        images.figure_bytes(simple_figure, "gif")
    with pytest.raises(images.ExportError, match="unknown size 'a4'"):
        images.chart_bytes(simple_figure, "png", preset="a4")


def test_maps_keep_their_view_at_another_height():
    fig = go.Figure(go.Scattermap(lat=[16], lon=[106]), layout=dict(height=720, map=dict(zoom=4.3),
                                                                      margin=dict(t=100, b=80)))
    bigger = images._figure_dict(fig, 1080)["layout"]["map"]["zoom"]
    smaller = images._figure_dict(fig, 400)["layout"]["map"]["zoom"]
    assert smaller < 4.3 < bigger
    assert fig.layout.map.zoom == 4.3


def test_stamp_at_the_export_height_keeps_the_title_where_it_was():
    """A short chart exported tall: the title stays 30 px from the top (not pushed into the subtitle and legend)."""
    fig = go.Figure(layout={"height": 500, "title": {"text": "Phân bố điểm", "y": 1 - 30 / 500, "yanchor": "top"}})
    out = images.stamp_figure(fig, exported=DAY, width=1920, height=1080)
    assert out.layout.height == 1080 and out.layout.title.y == pytest.approx(1 - 30 / 1080)
    again = images.stamp_figure(out, exported=DAY, width=1920, height=1080)
    assert again.layout.title.y == pytest.approx(out.layout.title.y)              # idempotent
    assert fig.layout.height == 500 and fig.layout.title.y == pytest.approx(0.94)  # the page's figure is untouched


def test_stamp_at_the_export_height_keeps_a_map_s_view(papi_view):
    from cchc import loading
    from cchc.export import report

    table, meta = papi_view
    fig = report.map_chart(table, meta, geojson=loading.load_geojson("provinces_vn63"))
    out = images.stamp_figure(fig, exported=DAY, height=1080)
    assert out.layout.map.zoom > fig.layout.map.zoom                              # taller: the same country, larger
    assert images._figure_dict(out, 1080)["layout"]["map"]["zoom"] == out.layout.map.zoom   # not zoomed twice


def test_a_wrapped_source_note_gets_the_demo_mark_once():
    note = "Nguồn: UNDP, CECODES và các đối tác — Báo cáo PAPI thường niên. " + DEMO_MARK["vi"] + "."
    wrapped = note.replace(" — không", "<br>— không")
    fig = go.Figure().add_annotation(text=wrapped, xref="paper", yref="paper", x=0, y=0, xanchor="left",
                                     yanchor="top", yshift=-48, showarrow=False)
    out = images.stamp_figure(fig, demo=True, exported=DAY)
    text = " ".join(a.text for a in out.layout.annotations).replace("<br>", " ")
    assert text.count("DỮ LIỆU MINH HỌA — không") == 1


def test_profiles_left_by_dead_processes_are_removed(tmp_path):
    """An export browser killed mid-export leaves its profile folder; the next start removes it."""
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()  # a process id that is no longer alive
    dead = tmp_path / str(child.pid)
    (dead / "Default").mkdir(parents=True)
    (dead / "Default" / "Cookies").write_bytes(b"x" * 1000)
    stranger = tmp_path / "not-a-pid"
    stranger.mkdir()
    mine = images.profile_folder(tmp_path)
    assert mine.name == str(__import__("os").getpid()) and mine.is_dir()
    assert not dead.exists() and stranger.exists()
