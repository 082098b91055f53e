import pytest

from cchc import captions
from cchc.definitions import load_definitions

DEFS = load_definitions()


@pytest.mark.parametrize(
    "index, indicator, lang, expected",
    [
        ("papi", None, "vi", "Chỉ số Hiệu quả Quản trị và Hành chính công cấp tỉnh"),
        ("papi", "papi.6", "vi", "PAPI — 6. Cung ứng dịch vụ công"),
        ("papi", "papi.6.1", "en", "PAPI — 6.1. Public health"),
        ("svc766", "svc766.2.1", "vi", "Chỉ số 766 — 2.1. Tỷ lệ hồ sơ giải quyết trước và đúng hạn"),
    ],
)
def test_title_from_metadata(index, indicator, lang, expected):
    assert captions.title(DEFS[index], indicator, lang) == expected


def test_subtitle_has_period_level_geography_filters_and_direction():
    text = captions.subtitle(DEFS["papi"], period="2023", level="province", geography="vn34", reexpressed=True,
                             filters=["Đồng bằng sông Hồng"])
    assert text.startswith("Năm 2023 · Cấp tỉnh · địa giới mới (34 tỉnh, từ 1/7/2025)")
    assert "quy đổi: trung bình của các tỉnh cũ, trọng số theo cỡ mẫu khảo sát (n)" in text
    assert "Đồng bằng sông Hồng" in text and text.endswith("điểm, điểm cao hơn là tốt hơn")


def test_subtitle_english_month():
    text = captions.subtitle(DEFS["svc766"], period="2025-07", level="commune", lang="en")
    assert text.startswith("Jul 2025 · Communes") and "higher is better" in text


@pytest.mark.parametrize("demo, lang, mark", [(True, "vi", "DỮ LIỆU MINH HỌA"), (True, "en", "DEMO DATA")])
def test_source_note_marks_demo_data(demo, lang, mark):
    note = captions.source_note(DEFS["par"], demo=demo, lang=lang)
    assert mark in note and ("Bộ Nội vụ" in note or "Ministry of Home Affairs" in note)


def test_source_note_without_demo_has_no_mark():
    assert "MINH HỌA" not in captions.source_note(DEFS["par"], demo=False)
