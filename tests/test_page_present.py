"""AppTest smoke tests of the presentation view (slides, buttons, the slide in the URL) and of the
download menus every chart and the league table get (file names, what the CSV and XLSX buttons build)."""

import io
import json

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.pages_helpers import APP, ok, param

PAGE = "views/present.py"


def open_page(page: str = PAGE, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    at.switch_page(page).run()
    ok(at)
    return at


def specs(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def slide(at: AppTest) -> tuple[str, str, int]:
    """(slide title, "i/n", number of figures)."""
    count = next(m.value for m in at.markdown if "/" in m.value and m.value.replace("/", "").isdigit())
    return at.title[0].value, count, len(at.get("plotly_chart"))


def test_present_opens_on_the_ranking_and_steps_through_the_slides():
    at = open_page(index="par", period="2023")
    title, count, n_figs = slide(at)
    assert title == "PAR INDEX — Xếp hạng" and count == "1/5" and n_figs == 3       # 63 bars in three columns
    first = specs(at)[0]
    assert first["layout"]["font"]["size"] == 21 and not first["layout"]["title"].get("text")   # large, titled on the page
    assert at.button(key="present_prev").disabled and not at.button(key="present_next").disabled
    assert len(at.get("download_button")) == 0                                # no download menus on the projector
    assert any("DỮ LIỆU MINH HỌA" in m.value for m in at.markdown)             # the demo mark on the slide

    seen = [title]
    for k in range(2, 6):
        at.button(key="present_next").click().run()
        ok(at)
        title, count, _ = slide(at)
        assert count == f"{k}/5" and param(at, "slide") == str(k)
        seen.append(title)
    assert seen[1:] == ["PAR INDEX — Bản đồ", "Phân bố điểm — PAR INDEX", "PAR INDEX — Diễn biến: Quảng Ninh, Hải Phòng, Hà Nội",
                        "Thay đổi thứ hạng nhiều nhất: Năm 2022 → Năm 2023"]
    assert at.button(key="present_next").disabled
    before = specs(at)
    at.button(key="present_prev").click().run()
    ok(at)
    assert slide(at)[1] == "4/5" and specs(at) != before and param(at, "slide") == "4"


def test_a_link_opens_on_its_slide():
    at = open_page(index="par", period="2023", slide="3")
    title, count, n_figs = slide(at)
    assert (title, count, n_figs) == ("Phân bố điểm — PAR INDEX", "3/5", 1)
    assert specs(at)[0]["data"][0]["type"] == "scatter"


def test_a_slide_beyond_the_end_opens_the_last_one_with_a_warning():
    at = open_page(index="par", period="2023", slide="12")
    assert slide(at)[1] == "5/5" and param(at, "slide") == "5"
    assert any("slide=12" in w.value for w in at.warning)


def test_chosen_units_and_filters_carry_into_the_slides():
    at = open_page(index="papi", period="2024", region="red_river_delta", units="vn63:province:01")
    assert any("Đồng bằng sông Hồng" in m.value for m in at.markdown)          # the region filter in the subtitle
    titles = []
    for _ in range(6):
        titles.append(slide(at)[0])
        if at.button(key="present_next").disabled:
            break
        at.button(key="present_next").click().run()
        ok(at)
    assert "PAPI — Diễn biến: Hà Nội" in titles


def test_english_and_a_level_without_a_map():
    at = open_page(index="par", period="2023", lang="en")
    assert at.button(key="present_next").label == "Next" and slide(at)[0] == "PAR INDEX — Ranking"
    at = open_page(index="svc766", level="commune")
    assert slide(at)[0].endswith("Xếp hạng")


# ---------------------------------------------------------------- download menus
@pytest.fixture()
def recorded(monkeypatch):
    """Every st.download_button call of the run: label → (file name, mime, the data callable)."""
    calls: dict[str, tuple[str, str, object]] = {}
    real = st.download_button

    def spy(label, data, file_name=None, mime=None, **kw):
        calls[f"{kw.get('key')}"] = (file_name, mime, data)
        return real(label, data, file_name=file_name, mime=mime, **kw)

    monkeypatch.setattr(st, "download_button", spy)
    return calls


def test_rankings_offers_chart_table_and_deck_downloads(recorded):
    at = open_page("views/rankings.py", index="par", period="2023")
    names = {k: v[0] for k, v in recorded.items()}
    assert names["dl_rank_bars_png"] == "par-2023-xep-hang.png"
    assert names["dl_rank_bars_png_square"] == "par-2023-xep-hang-vuong.png"
    assert names["dl_rank_bars_svg"] == "par-2023-xep-hang.svg"
    assert names["dl_rank_bars_pdf"] == "par-2023-xep-hang.pdf"
    assert names["dl_rank_bars_html"] == "par-2023-xep-hang.html"
    assert names["dl_league_csv"] == "par-2023-bang-xep-hang.csv"
    assert names["dl_league_xlsx"] == "par-2023-bang-xep-hang.xlsx"
    assert names["dl_league_full"] == "par-du-lieu-day-du.csv"
    assert names["dl_league_deck_pptx"] == "par-2023-trinh-chieu.pptx"
    assert names["dl_league_deck_pdf"] == "par-2023-tai-lieu-in.pdf"
    assert recorded["dl_league_xlsx"][1].endswith("spreadsheetml.sheet")
    assert all(callable(v[2]) for v in recorded.values())                     # built on click, not on every run
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels[:5] == ["Ảnh PNG 16:9", "Ảnh PNG vuông", "SVG (vector)", "PDF", "HTML tương tác"]

    # what the table buttons build, without session state (as Streamlit runs them, on another thread)
    table = at.dataframe[0].value
    shown = table[table["kind"] == "unit"]
    data = recorded["dl_league_csv"][2]()
    lines = data[3:].decode("utf-8").splitlines()
    assert data[:3] == b"\xef\xbb\xbf" and len(lines) == 1 + len(shown) == 64
    assert lines[1].startswith("1,Quảng Ninh,") and ",92.18," in lines[1]
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(recorded["dl_league_xlsx"][2]()))
    ws = wb.worksheets[0]
    header = next(r for r in range(1, 6) if ws.cell(r, 1).value == "Hạng")
    assert [ws.cell(header + 1, c).value for c in (1, 2)] == [1, "Quảng Ninh"] and ws.max_row == header + 63
    info = {r[0].value: r[1].value for r in wb["Thông tin"].iter_rows(min_row=2)}
    assert info["Kỳ"] == "Năm 2023" and "DỮ LIỆU MINH HỌA" in info["Dữ liệu minh họa"]


def test_filters_go_into_the_file_names_and_the_table(recorded):
    at = open_page("views/rankings.py", index="papi", period="2023", component="papi.6", region="mekong_delta")
    assert recorded["dl_rank_bars_png"][0] == "papi-6-2023-xep-hang.png"
    rows = recorded["dl_league_csv"][2]()[3:].decode("utf-8").splitlines()
    assert len(rows) - 1 == len(at.dataframe[0].value.query("kind == 'unit'")) == 13


def test_every_chart_of_the_overview_gets_a_menu_in_english(recorded):
    at = open_page("views/overview.py", index="papi", period="2024", lang="en")
    charts = len(at.get("plotly_chart"))
    menus = [k for k in recorded if k.endswith("_png_square")]
    assert charts == 3 and len(menus) == charts
    assert recorded["dl_overview_map_png"][0] == "papi-2024-map.png"
    assert recorded["dl_overview_distribution_png_square"][0] == "papi-2024-distribution-square.png"
    assert [b.proto.label for b in at.get("download_button")][:2] == ["PNG image 16:9", "Square PNG image"]
