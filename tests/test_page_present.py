"""AppTest smoke tests of the presentation view (slides, buttons, the slide in the URL, the deck
prepared once for every session, ranks on the ranking's bars, one legend for its columns) and of the
download menus every chart and the league table get (file names, what the CSV and XLSX buttons build).

Every slide of the deck is drawn on each run (only the current one shows, see ui/slides.py): the
current slide is the one the "i/n" counter names; its charts are those keyed ``slide_<key>_<k>``."""

import io
import json

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.pages_helpers import APP, ok, param
from ui import slides as slides_module

PAGE = "views/present.py"


def open_page(page: str = PAGE, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    at.switch_page(page).run()
    ok(at)
    return at


def counter(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "/" in m.value and m.value.replace("/", "").isdigit())


def shown(at: AppTest) -> int:
    """The number (1-based) of the slide shown: the counter's, and the CSS's."""
    i = int(counter(at).split("/")[0])
    assert any(f".st-key-deck_{i})" in h.proto.body and "visible" in h.proto.body for h in at.get("html"))
    return i


def specs(at: AppTest) -> list[dict]:
    """The figures of the slide shown, left to right."""
    charts = at.get("plotly_chart")
    keys = list(dict.fromkeys(c.proto.id.rsplit("-", 1)[1].rsplit("_", 1)[0] for c in charts))
    key = keys[shown(at) - 1]
    return [json.loads(c.proto.spec) for c in charts if c.proto.id.rsplit("-", 1)[1].rsplit("_", 1)[0] == key]


def slide(at: AppTest) -> tuple[str, str, int]:
    """(title of the slide shown, "i/n", its number of figures)."""
    return at.title[shown(at) - 1].value, counter(at), len(specs(at))


def test_present_opens_on_the_ranking_and_steps_through_the_slides():
    at = open_page(index="par", period="2023")
    title, count, n_figs = slide(at)
    assert title == "PAR INDEX — Xếp hạng" and count == "1/5" and n_figs == 3       # 63 bars in three columns
    first = specs(at)[0]
    # large (21 bars a column still fit a 720-px screen: less than the other slides' 21 px), titled on the page
    assert 17 <= first["layout"]["font"]["size"] < 21 and not first["layout"]["title"].get("text")
    assert first["layout"]["yaxis"]["ticktext"][:2] == ["1. Quảng Ninh", "2. Hải Phòng"]       # ranks on the bars
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
    assert specs(at)[0]["layout"]["font"]["size"] == 21                       # 14 px × 1.5 where rows are few
    assert at.button(key="present_next").disabled
    before = specs(at)
    at.button(key="present_prev").click().run()
    ok(at)
    assert slide(at)[1] == "4/5" and specs(at) != before and param(at, "slide") == "4"
    assert len(at.title) == 5                    # every slide is drawn, the one shown is the counter's


def test_a_link_opens_on_its_slide():
    at = open_page(index="par", period="2023", slide="3")
    title, count, n_figs = slide(at)
    assert (title, count, n_figs) == ("Phân bố điểm — PAR INDEX", "3/5", 1)
    assert specs(at)[0]["data"][0]["type"] == "scatter"


def test_the_ranking_in_columns_has_one_legend():
    at = open_page(index="papi", period="2023")
    columns = specs(at)
    assert len(columns) == 3 and not any(c["layout"].get("showlegend") for c in columns)
    legend = next(h.proto.body for h in at.get("html") if "slide-legend" in h.proto.body)
    names = ["Nhóm cao nhất", "Nhóm trung bình cao", "Nhóm trung bình thấp", "Nhóm thấp nhất"]
    assert [legend.count(f">{n}<") for n in names] == [1, 1, 1, 1]             # each group once, best first
    assert [legend.index(n) for n in names] == sorted(legend.index(n) for n in names)


def test_the_deck_is_prepared_once_for_every_session(monkeypatch):
    """Moving between slides draws prepared figures; a second session with the same link gets the same deck."""
    built = []
    real = slides_module.build
    monkeypatch.setattr(slides_module, "build", lambda *a, **k: built.append(1) or real(*a, **k))
    slides_module._DECKS.clear()
    at = open_page(index="par", period="2022")
    for _ in range(3):
        at.button(key="present_next").click().run()
        ok(at)
    at.button(key="present_prev").click().run()
    ok(at)
    assert slide(at)[1] == "3/5" and len(built) == 1
    other = open_page(index="par", period="2022", slide="2")                  # another session, same selection
    assert slide(other)[0] == "PAR INDEX — Bản đồ" and len(built) == 1
    open_page(index="par", period="2021")                                      # another selection: its own deck
    assert len(built) == 2
    assert slides_module._DECKS.size == slides_module.DECKS_KEPT               # bounded


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


# ---------------------------------------------------------------- a deck prepared with its progress shown
def test_preparing_a_deck_shows_each_step_and_the_download_then_hands_it_over(monkeypatch, recorded):
    """"Chuẩn bị" builds the deck in the page, telling each step (figures, slide k/n, file) on a progress
    bar; the deck's download button then gets that very file without building it again."""
    from cchc.export import deck as deck_module
    from ui import data as data_module, downloads

    data_module._PRESENTATIONS.clear()
    built, steps = [], []

    def fake_deck(deck, *, progress=None, **kw):
        built.append(deck.meta.index)
        for n in range(1, 4):
            progress(n, 3)
        return b"PK\x03\x04 the deck"

    real_progress = st.progress

    def spy_progress(value, text=None, **kw):
        steps.append(text)
        return real_progress(value, text=text, **kw)

    monkeypatch.setattr(downloads, "deck_bytes", fake_deck)
    monkeypatch.setattr(deck_module, "deck_bytes", fake_deck)
    monkeypatch.setattr(st, "progress", spy_progress)
    monkeypatch.setattr("streamlit.delta_generator.DeltaGenerator.progress",
                        lambda self, value, text=None, **kw: steps.append(text) or real_progress(value, text=text))
    at = open_page("views/rankings.py", index="par", period="2023")
    at.button(key="prep_league_deck_pptx").click().run()
    ok(at)
    assert built == ["par"]
    texts = [s for s in steps if s]
    assert texts[0].startswith("Bước 1/3") and any("trang 3/3" in s for s in texts), texts
    assert any(s.startswith("Bước 3/3") for s in texts) and texts[-1].startswith("Tệp đã sẵn sàng"), texts
    assert recorded["dl_league_deck_pptx"][2]() == b"PK\x03\x04 the deck"  # handed over, not built again
    assert built == ["par"]
    at.run()
    assert not [b for b in at.button if b.key == "prep_league_deck_pptx"]  # ready: no second "prepare"
    assert any(c.value.startswith("Tệp đã sẵn sàng") for c in at.caption)
