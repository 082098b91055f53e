"""cchc.export.deck and handout: a 16:9 deck from the shipped template, speaker notes, the PDF handout."""

import io
from datetime import date

import pytest
from pptx import Presentation
from pypdf import PdfReader

from cchc import loading
from cchc.captions import DEMO_MARK
from cchc.export.content import ChartSlide, Deck, ProfileSlide, chunks
from cchc.export.deck import deck_bytes
from cchc.export.handout import handout_pdf
from tests.export_support import TITLE, papi_view, simple_figure  # noqa: F401

DAY = date(2026, 3, 5)
EMU_16x9 = (12192000, 6858000)


@pytest.mark.parametrize("n, expected", [
    (63, [(0, 16), (16, 32), (32, 48), (48, 63)]),
    (34, [(0, 12), (12, 23), (23, 34)]),
    (16, [(0, 16)]),
    (17, [(0, 9), (9, 17)]),
    (0, []),
])
def test_table_pages_are_few_and_even(n, expected):
    assert chunks(n) == expected


def test_shipped_template_is_16x9_noto_sans_and_empty():
    prs = Presentation(io.BytesIO(loading.load_template()))
    assert (prs.slide_width, prs.slide_height) == EMU_16x9 and len(prs.slides) == 0
    names = {layout.name for layout in prs.slide_layouts}
    assert {"Title Slide", "Title Only", "Blank"} <= names
    theme = prs.slide_master.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme").blob.decode("utf-8")
    assert theme.count('typeface="Noto Sans"') == 2  # headings and body
    with pytest.raises(loading.DataFileError, match="bare file stem"):
        loading.load_template("../x")


@pytest.fixture()
def deck(papi_view, simple_figure):
    table, meta = papi_view
    profile = ProfileSlide(unit="Hà Nội", title="Hồ sơ: Hà Nội", subtitle="PAPI · Năm 2023",
                           facts=[("Điểm", "43,9600"), ("Hạng", "15/61")], header=["Thành phần", "Điểm", "Hạng"],
                           rows=[["Tổng", "43,9600", "15/61"], ["6. Cung ứng dịch vụ công", "7,8486", "16/61"]],
                           figure=simple_figure, notes="Hà Nội đứng thứ 15.")
    return Deck(meta=meta, table=table,
                charts=[ChartSlide([simple_figure], "PAPI — Xếp hạng", meta.subtitle, notes="Năm đơn vị dẫn đầu."),
                        ChartSlide([simple_figure, simple_figure], "PAPI — Hai cột", meta.subtitle)],
                profiles=[profile])


def _texts(slide) -> str:
    out = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        if shape.has_table:
            out.extend(cell.text for row in shape.table.rows for cell in row.cells)
    return "\n".join(out)


def test_deck_has_the_expected_slides_and_notes(deck, papi_view):
    _, meta = papi_view
    prs = Presentation(io.BytesIO(deck_bytes(deck, exported=DAY)))
    assert (prs.slide_width, prs.slide_height) == EMU_16x9
    slides = list(prs.slides)
    assert len(slides) == 1 + 4 + 2 + 1  # title, 63 rows in 4 table slides, 2 charts, 1 profile
    assert TITLE in _texts(slides[0]) and "Xuất ngày 05/03/2026" in _texts(slides[0])
    tables = [s for s in slides[1:5]]
    assert [sum(1 for sh in s.shapes if sh.has_table) for s in tables] == [1, 1, 1, 1]
    first = next(sh for sh in tables[0].shapes if sh.has_table).table
    assert len(first.rows) == 17 and first.cell(1, 1).text == "Thừa Thiên Huế" and first.cell(1, 2).text == "46,0415"
    last = next(sh for sh in tables[3].shapes if sh.has_table).table
    assert len(last.rows) == 16 and "Quảng Ninh" in _texts(tables[3]) and "Ghi chú" not in _texts(tables[3])
    qn = next(i for i, row in enumerate(last.rows) if row.cells[1].text == "Quảng Ninh")
    note = last.cell(qn, 2)  # not scored: the reason spans the score, change, rank-change and group columns
    assert note.is_merge_origin and note.span_width == 4 and note.text.startswith("Không có kết quả PAPI năm 2023")
    assert "PAPI — Bảng xếp hạng (4/4)" in _texts(tables[3])
    pictures = [sum(1 for sh in s.shapes if sh.shape_type == 13) for s in slides[5:8]]
    assert pictures == [1, 2, 1]  # one chart, two columns side by side, the profile's chart
    assert "Điểm: 43,9600" in _texts(slides[7]) and "6. Cung ứng dịch vụ công" in _texts(slides[7])
    for i, s in enumerate(slides, start=1):
        notes = s.notes_slide.notes_text_frame.text
        assert meta.source_note in notes and DEMO_MARK["vi"] in notes and "Xuất ngày 05/03/2026" in notes
        assert f"{i}/{len(slides)}" in _texts(s)  # footer slide number
    assert "hạng 1–16" in slides[1].notes_slide.notes_text_frame.text
    assert "Năm đơn vị dẫn đầu." in slides[5].notes_slide.notes_text_frame.text
    for shape in slides[1].shapes:  # nothing runs off the slide
        assert shape.left + shape.width <= prs.slide_width and shape.top + shape.height <= prs.slide_height


def test_handout_pdf_has_the_same_content_as_text(deck):
    pdf = PdfReader(io.BytesIO(handout_pdf(deck, exported=DAY)))
    assert len(pdf.pages) == 8
    texts = [" ".join(p.extract_text().split()) for p in pdf.pages]
    assert TITLE in texts[0] and DEMO_MARK["vi"] in texts[0]
    assert "Thừa Thiên Huế" in texts[1] and "46,0415" in texts[1] and "Quảng Ninh" in texts[4]
    assert all("Xuất ngày 05/03/2026" in t for t in texts)
    assert "Hồ sơ: Hà Nội" in texts[7] and "Cung ứng dịch vụ công" in texts[7]
    for page in pdf.pages:  # A4
        w, h = sorted((float(page.mediabox.width), float(page.mediabox.height)))
        assert w == pytest.approx(595, abs=2) and h == pytest.approx(842, abs=2)


def test_english_deck(papi_view, simple_figure):
    from tests.export_support import league

    found = league(lang="en", index="par")
    table, meta = found.table, found.meta
    prs = Presentation(io.BytesIO(deck_bytes(Deck(meta=meta, table=table), exported=DAY)))
    assert len(prs.slides) == 1 + 4
    assert "League table" in _texts(prs.slides[1]) and "Exported 2026-03-05" in _texts(prs.slides[1])
    assert DEMO_MARK["en"] in prs.slides[1].notes_slide.notes_text_frame.text


def _papi_profile(chart_labels: str):
    from cchc.definitions import load_definitions
    from cchc.export import report
    from tests.export_support import league

    found = league()
    return report.profile(found.scope.scores, loading.load_units(), "vn63:province:01", found.meta,
                          load_definitions()["papi"], chart_labels=chart_labels).figure


def test_profile_chart_on_a_slide_names_components_by_code_beside_the_bars():
    fig = _papi_profile("code")
    assert fig.layout.yaxis.type == "category" and fig.layout.yaxis.showticklabels
    assert list(fig.layout.yaxis.categoryarray) == [str(i) for i in range(1, 9)]
    assert not [a for a in fig.layout.annotations if a.name == "label"]   # no labels above bars in a low picture


def test_profile_chart_labels_sit_on_their_own_rows():
    """Labels above the bars are placed by row number: on a category axis a label "1" would be the second row."""
    fig = _papi_profile("name")
    labels = [a for a in fig.layout.annotations if a.name == "label"]
    assert [a.y for a in labels] == list(range(8))
    assert labels[0].text.startswith("1. Tham gia")


@pytest.fixture(scope="module")
def summary_deck():
    """A small real deck (PAPI 2023, Red River Delta: one table page) with Hà Nội's profile."""
    from cchc.export.report import deck_for
    from cchc.selection import Selection, league_for
    from cchc.store import Store
    from cchc.summaries import league_summary, unit_summary

    store = Store()
    found = league_for(store, Selection(index="papi", period="2023", region="red_river_delta"))
    deck = deck_for(store, found, unit_ids=["vn63:province:01"], charts=("profile",))
    whole = league_for(store, Selection(index="papi", period="2023"))  # the profile ranks among all provinces
    return deck, league_summary(found), unit_summary(whole, "vn63:province:01")


def test_deck_notes_carry_the_report_summaries(summary_deck):
    from cchc.export.content import slides

    deck, league_text, unit_text = summary_deck
    assert deck.summary == league_text and deck.profiles[0].summary == unit_text
    prs = Presentation(io.BytesIO(deck_bytes(deck, exported=DAY)))
    notes = [s.notes_slide.notes_text_frame.text for s in prs.slides]
    kinds = [s.kind for s in slides(deck, DAY)]
    assert len(notes) == len(kinds) and kinds[:2] == ["title", "table"]
    assert [i for i, n in enumerate(notes) if league_text in n] == [1]          # the league slide only
    assert [i for i, n in enumerate(notes) if unit_text in n] == [kinds.index("profile")]
    assert "Hà Nội đạt 43,9600 điểm, xếp thứ 15/61" in unit_text                # as the profile's scorecard


def test_handout_prints_the_summaries(summary_deck):
    deck, league_text, unit_text = summary_deck
    pdf = PdfReader(io.BytesIO(handout_pdf(deck, exported=DAY)))
    texts = ["".join(p.extract_text().split()) for p in pdf.pages]  # no spaces: extraction splits "(−5"
    league_text, unit_text = "".join(league_text.split()), "".join(unit_text.split())
    assert "Tómtắtchobáocáo" in texts[2] and league_text in texts[2]   # right after the one table page
    assert "BắcNinh" in texts[1] and league_text not in texts[1]
    profile = [t for t in texts if unit_text in t]
    assert len(profile) == 1 and "Hồsơ" in profile[0] and "Cungứngdịchvụcông" in profile[0]


def test_a_highlighted_unit_carries_its_improvement_priorities():
    from cchc.definitions import load_definitions
    from cchc.export import report
    from tests.export_support import league

    found = league()
    prof = report.profile(found.scope.scores, loading.load_units(), "vn63:province:33", found.meta,
                          load_definitions()["papi"])
    assert prof.priority_title == "Ưu tiên cải thiện: Hưng Yên"
    assert prof.priority_header[:3] == ["Chỉ số thành phần", "Điểm", "Điểm tối đa"] and len(prof.priority_rows) == 8
    # dimension 5: 6,8620 of 10, 0,5157 below the peer median; at the median Hưng Yên would rank 26th
    assert prof.priority_rows[4] == ["5. Thủ tục hành chính công", "6,8620", "10", "0,5157", "1,8334", "26", "16"]
    steps = ("Nếu Chỉ số thành phần 2 (Công khai, minh bạch trong việc ra quyết định ở địa phương) tăng 1,7824 điểm, "
             "Hưng Yên lên Nhóm cao nhất")
    assert prof.priorities[0].startswith(steps)
    deck = Deck(meta=found.meta, profiles=[prof])
    slides = list(Presentation(io.BytesIO(deck_bytes(deck, exported=DAY))).slides)
    assert [s.shapes.title.text for s in slides[1:]] == ["Hồ sơ: Hưng Yên", "Ưu tiên cải thiện: Hưng Yên"]
    text = _texts(slides[2])
    assert steps in text and "0,5157" in text and steps in slides[2].notes_slide.notes_text_frame.text
    pdf = PdfReader(io.BytesIO(handout_pdf(deck, exported=DAY)))
    page = " ".join(pdf.pages[2].extract_text().split())
    assert "Ưu tiên cải thiện: Hưng Yên" in page and "tăng 1,7824 điểm" in page and "0,5157" in page
