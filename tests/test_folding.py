"""cchc.folding: one accent-folding rule for search, name matching and file names."""

import unicodedata

import polars as pl
import pytest

from cchc.folding import fold, fold_expr, slug, strip_marks


@pytest.mark.parametrize("a, b", [
    ("Tiên Lữ", "tien lu"), ("Hưng Yên", "hung yen"), ("ĐẮK LẮK", "dak-lak"), ("Thừa Thiên - Huế", "thua thien hue"),
])
def test_fold_ignores_accents_case_spaces_and_punctuation(a, b):
    assert fold(a) == fold(b)


@pytest.mark.parametrize("text", ["Hưng Yên", "Quảng Trị", "Đắk Nông", "Thừa Thiên Huế"])
def test_any_unicode_form_folds_alike(text):
    nfc, nfd = unicodedata.normalize("NFC", text), unicodedata.normalize("NFD", text)
    assert nfc != nfd and fold(nfc) == fold(nfd)


def test_polars_expression_matches_the_python_rule():
    names = ["Tiên Lữ", "Đắk Lắk", unicodedata.normalize("NFD", "Hưng Yên"), "TP. Hồ Chí Minh", None]
    got = pl.DataFrame({"n": names}).select(fold_expr("n"))["n"].to_list()
    assert got == [fold(n or "") for n in names]


def test_strip_marks_keeps_case_and_spaces():
    assert strip_marks("Đắk Lắk") == "Dak Lak"


@pytest.mark.parametrize("text, expected", [
    ("Đắk Lắk — Quý 3/2025", "dak-lak-quy-3-2025"), ("  Hà Nội  ", "ha-noi"), (None, ""), ("", ""),
])
def test_slug(text, expected):
    assert slug(text) == expected
