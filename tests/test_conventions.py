"""cchc.conventions: rank moves, coverage, missing-value wording and group colours — each rule once."""

import pytest

from cchc.conventions import (coverage_note, coverage_text, group_colours, is_partial, missing_reason, not_scored_note,
                              rank_move)
from cchc.theme import QUARTILE_COLOURS
from tests.league_fixture import IDX


@pytest.mark.parametrize("change, moved, lang, missing, expected", [
    (3, "up", "vi", "", "▲3"),
    (-2, "down", "vi", "", "▼2"),
    (0, "same", "en", "", "="),
    (None, None, "vi", "", ""),
    (None, None, "vi", "–", "–"),
    (float("nan"), None, "vi", "–", "–"),
    (None, "new", "vi", "", "mới"),
    (None, "new", "en", "", "new"),
    (1234, "up", "vi", "", "▲1.234"),
    (1234, "up", "en", "", "▲1,234"),
    (2.0, None, "vi", "", "▲2"),
])
def test_rank_move(change, moved, lang, missing, expected):
    assert rank_move(change, moved, lang, missing=missing) == expected


@pytest.mark.parametrize("used, total, text, partial", [
    (2, 3, "2/3", True), (3, 3, "3/3", False), (None, None, None, False), (0, 2, "0/2", True),
])
def test_coverage(used, total, text, partial):
    assert coverage_text(used, total) == text
    assert is_partial(used, total) is partial
    assert (coverage_note(used, total, "en") is not None) is partial


def test_coverage_note_words():
    assert coverage_note(2, 3, "en") == "Re-expressed from 2/3 old units with a score"


@pytest.mark.parametrize("status, reason, lang, expected", [
    (None, None, "vi", "Không có số liệu"),
    (None, "anything", "en", "No data"),
    ("missing", "missing: papi.6.2, papi.6.4", "vi", "Thiếu thành phần: papi.6.2, papi.6.4"),
    ("missing", "missing: t.1", "en", "Missing component: t.1"),
    ("missing", "không được khảo sát năm 2023", "vi", "không được khảo sát năm 2023"),
    ("missing", None, "vi", None),
])
def test_missing_reason(status, reason, lang, expected):
    assert missing_reason(status, reason, lang) == expected


def test_not_scored_note_has_one_wording():
    assert not_scored_note(None, "vi") == "Không được chấm điểm"
    assert not_scored_note("lý do", "en") == "Not scored — lý do"


def test_group_colours():
    assert list(group_colours(IDX)) == ["A", "B", "C"]
    papi_like = type("D", (), {"groups": "quartile", "bands": ()})()
    assert group_colours(papi_like) == QUARTILE_COLOURS
    none = type("D", (), {"groups": "none", "bands": ()})()
    assert group_colours(none) == {}
