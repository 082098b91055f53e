"""Pure helpers of the download menus and the presentation view: file names, slide numbers,
projector figures, the CSV a league download gives."""

import csv
import io

import plotly.graph_objects as go
import pytest

from cchc.export.projector import projector_figure, scale_fonts
from tests.export_support import papi_view  # noqa: F401
from cchc import loading
from cchc.selection import Selection
from cchc.words import WORDS
from ui import downloads as dl
from ui.slides import slide_number


@pytest.mark.parametrize("text, expected", [
    ("Quảng Ninh", "quang-ninh"),
    ("Đắk Lắk — Quý 3/2025", "dak-lak-quy-3-2025"),
    ("Thừa Thiên Huế", "thua-thien-hue"),
    ("papi.6", "papi-6"),
    ("hy_par_xa", "hy-par-xa"),
    ("2025-Q3", "2025-q3"),
    ("  ", ""),
    (None, ""),
])
def test_slug_folds_vietnamese_to_ascii(text, expected):
    assert dl.slug(text) == expected


def test_file_names_are_ascii_and_sensible():
    assert dl.file_name("papi", "2023", "xếp hạng", ext="png") == "papi-2023-xep-hang.png"
    assert dl.file_name("par", "2023", dl.chart_name("rank_bars"), ext="PNG") == "par-2023-xep-hang.png"
    assert dl.file_name("papi.6", "", "2024", ext=".csv") == "papi-6-2024.csv"
    assert dl.file_name("", None, ext="svg") == "cchc.svg"
    assert dl.file_name("ho-so", "ho-so", "ha-noi", ext="pdf") == "ho-so-ha-noi.pdf"       # no repeated word
    long = dl.file_name(*(["Thành phố Hồ Chí Minh"] * 2 + ["x" * 200]), ext="html")
    assert len(long) <= dl.MAX_STEM + 5 and long.isascii()


def test_chart_names_by_key_title_and_language():
    assert dl.chart_name("overview_map") == "ban-do"
    assert dl.chart_name("overview_map", lang="en") == "map"
    fig = go.Figure(layout={"title": {"text": "Phân bố điểm — <b>PAPI</b> năm 2023 của các tỉnh thành"}})
    assert dl.chart_name("mystery", fig) == "phan-bo-diem-papi-nam-2023"
    assert dl.chart_name(None, go.Figure()) == "bieu-do"
    assert dl.chart_name(None, go.Figure(), lang="en") == "chart"


def test_selection_parts_name_the_component_when_one_is_chosen():
    assert dl.selection_parts(Selection(index="papi", indicator="papi", period="2023")) == ["papi", "2023"]
    assert dl.selection_parts(Selection(index="papi", period="2023")) == ["papi", "2023"]
    assert dl.selection_parts(Selection(index="papi", indicator="papi.6", period="2023")) == ["papi.6", "2023"]
    assert dl.selection_parts(None) == []


def test_every_chart_option_has_words_in_both_languages():
    for _, fmt, preset, label, icon in dl.CHART_OPTIONS:
        assert label in WORDS and label + "_help" in WORDS and icon.startswith(":material/")
        assert fmt in ("png", "svg", "pdf", "html") and preset in ("16x9", "square")


@pytest.mark.parametrize("raw, n, expected", [
    ("", 5, (1, True)), (None, 5, (1, True)), ("1", 5, (1, True)), ("3", 5, (3, True)), ("5", 5, (5, True)),
    ("6", 5, (5, False)), ("0", 5, (1, False)), ("-2", 5, (1, False)), ("abc", 5, (1, False)),
    ("", 0, (0, True)), ("2", 0, (0, False)),
])
def test_slide_number_from_the_url(raw, n, expected):
    assert slide_number(raw, n) == expected


def test_league_csv_has_a_bom_the_export_headers_and_every_row(papi_view):
    table, _ = papi_view
    data = dl.league_csv(str(loading.data_dir()), Selection(index="papi", period="2023"))
    assert data[:3] == b"\xef\xbb\xbf"
    rows = list(csv.reader(io.StringIO(data[3:].decode("utf-8"))))
    assert rows[0][:3] == ["Hạng", "Đơn vị", "Mã đơn vị"] and len(rows) == 1 + table.height == 64
    assert rows[1][1] == "Thừa Thiên Huế" and rows[1][4] == "46.0415"


# ---------------------------------------------------------------- projector figures
def _bars(papi_view):
    from cchc.export import report

    table, meta = papi_view
    return report.bar_chart(table.head(20), meta)


def test_projector_figure_drops_the_captions_and_scales_every_font(papi_view):
    fig = _bars(papi_view)
    big = projector_figure(fig, scale=1.5, height=700, width=1800)
    assert big.layout.height == 700 and not big.layout.title.text
    assert not any(a.text == fig.layout.annotations[0].text for a in big.layout.annotations)   # no source note
    assert big.layout.font.size == 21                                   # template 14 px × 1.5
    assert big.layout.yaxis.tickfont.size == 18                         # 12 px set by the builder × 1.5
    assert big.layout.xaxis.tickfont.size == 18                         # template 12 px × 1.5
    assert big.data[0].textfont.size == 18
    assert big.layout.legend.font.size == 18 and big.layout.legend.xref == "paper"
    assert big.layout.margin.l >= 1.5 * fig.layout.margin.l - 1 and big.layout.margin.autoexpand
    assert fig.layout.title.text and fig.layout.height != 700           # the page's figure is untouched


def test_scale_fonts_handles_lists_and_annotations():
    fig = go.Figure(go.Scatter(x=[1, 2], y=[1, 2], mode="markers+text", text=["a", "b"], textfont={"size": [10, 20]}),
                    layout={"template": "cchc"})
    fig.add_annotation(text="note", x=1, y=1, font={"size": 11})
    fig.add_annotation(text="plain", x=2, y=2)
    scale_fonts(fig, 2)
    assert list(fig.data[0].textfont.size) == [20, 40]
    assert [a.font.size for a in fig.layout.annotations] == [22, 28]


def test_projector_map_zooms_with_the_height(papi_view):
    from cchc import loading
    from cchc.export import report

    table, meta = papi_view
    fig = report.map_chart(table, meta, geojson=loading.load_geojson("provinces_vn63"))
    big = projector_figure(fig, scale=1.5, height=900, width=1800)
    assert big.layout.map.zoom > fig.layout.map.zoom
    same = projector_figure(fig, scale=1.5, height=None)
    assert same.layout.map.zoom == fig.layout.map.zoom


def test_without_chromium_the_app_says_so_once_and_offers_html(monkeypatch):
    """A server without a browser: one notice per session, and the chart menus offer HTML only."""
    from tests.pages_helpers import open_page

    monkeypatch.setenv("BROWSER_PATH", "")
    monkeypatch.setenv("PATH", "/nonexistent")
    at = open_page("views/rankings.py", index="par", period="2023")
    said = [i.value for i in at.info if "Chromium" in i.value]
    assert len(said) == 1
    keys = [b.key for b in at.get("download_button")]
    assert any(k.endswith("_html") for k in keys) and not any(k.endswith("_png") for k in keys)


def test_projector_puts_wrapped_legend_entries_back_on_one_line():
    fig = go.Figure(go.Scatter(x=[1], y=[1], name="Trung bình vùng Bắc Trung Bộ<br>và duyên hải miền Trung"),
                    layout={"template": "cchc", "showlegend": True, "legend": {"orientation": "h"}})
    big = projector_figure(fig, scale=1.5, height=600, width=1800)
    assert big.data[0].name == "Trung bình vùng Bắc Trung Bộ và duyên hải miền Trung"
    assert "<br>" in fig.data[0].name                                       # the page's figure is untouched


def test_projector_map_fits_the_height_it_is_asked_to(papi_view):
    from cchc.export import report

    table, meta = papi_view
    fig = report.map_chart(table, meta, geojson=loading.load_geojson("provinces_vn63"))
    small = projector_figure(fig, scale=1.5, height=900, width=1800, map_height=400)
    tall = projector_figure(fig, scale=1.5, height=900, width=1800)
    assert small.layout.height == tall.layout.height == 900 and small.layout.map.zoom < tall.layout.map.zoom


def test_a_ranking_slide_sizes_its_text_for_its_rows(papi_view):
    from cchc.export import report
    from ui.slides import SCALE, Slide, for_screen, ranking_scale, shared_legend

    table, meta = papi_view
    columns = report.bar_columns(table, meta)
    assert len(columns) == 3 and ranking_scale(columns) < SCALE                 # 21 rows a column
    assert ranking_scale([report.bar_chart(table.head(8), meta)]) == SCALE
    figs = for_screen(Slide("bars", "t", "s", columns))
    assert all(f.layout.showlegend is False for f in figs)                      # the page shows one legend …
    assert len({f.layout.margin.l for f in figs}) == 1                          # … and the columns line up
    names = [n for n, _ in shared_legend(columns)]
    assert names == list(dict.fromkeys(names)) and len(names) == 4             # each of PAPI's 4 groups once
