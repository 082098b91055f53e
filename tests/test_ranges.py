"""Period ranges over monthly data: parsing, resolving the year to date, the previous range, missing months,
labels — and how the period helpers read a range's text."""

import pytest

from cchc.periods import grain_of, period_label, sort_periods
from cchc.ranges import is_range, missing_months, parse_range, previous_range, range_label, resolve_range

PARSED = [
    # text, kind, first, last, n months
    ("2025-Q3", "quarter", "2025-07", "2025-09", 3),
    ("2025-Q1", "quarter", "2025-01", "2025-03", 3),
    ("2025", "year", "2025-01", "2025-12", 12),
    ("2025-YTD", "ytd", "2025-01", "2025-12", 12),
    ("2025-07..2025-12", "custom", "2025-07", "2025-12", 6),
    ("2021-01..2022-04", "custom", "2021-01", "2022-04", 16),
    ("2025-07..2025-07", "custom", "2025-07", "2025-07", 1),
]


@pytest.mark.parametrize("text, kind, first, last, n", PARSED, ids=[p[0] for p in PARSED])
def test_parse_range(text, kind, first, last, n):
    r = parse_range(text)
    assert (r.text, r.kind, r.first, r.last, len(r.months)) == (text, kind, first, last, n)


BAD = [
    ("2025-07", "invalid period range '2025-07'"),                      # a month is an ordinary period
    ("2025-12..2025-07", "ends before it starts"),
    ("2025-13..2026-01", "'2025-13' is not a month"),
    ("2010-01..2025-01", "longer than 120 months"),
    ("2025-Q5", "invalid period range"),
    ("1800-YTD", "invalid period range"),
    ("", "invalid period range"),
    ("2025-7..2025-9", "invalid period range"),
    (None, "invalid period range"),
]


@pytest.mark.parametrize("text, message", BAD, ids=[str(b[0]) for b in BAD])
def test_parse_range_refuses_naming_the_value(text, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace("..", r"\.\.")):
        parse_range(text)


RESOLVED = [
    # text, months with data, last month of the resolved range
    ("2025-YTD", ["2024-12", "2025-01", "2025-02", "2025-03"], "2025-03"),
    ("2025-YTD", ["2025-05", "2025-02", "2026-01"], "2025-05"),
    ("2025-YTD", ["2024-12"], "2025-01"),                                  # no month of data: January only
    ("2025-Q3", ["2025-07"], "2025-09"),                                   # other kinds are not cut
    ("2025-07..2025-12", [], "2025-12"),
]


@pytest.mark.parametrize("text, available, last", RESOLVED)
def test_resolve_range(text, available, last):
    r = resolve_range(text, available)
    assert (r.text, r.first[:4], r.last) == (text, text[:4], last)


PREVIOUS = [
    ("2025-Q1", "2024-Q4", ("2024-10", "2024-12")),
    ("2025-Q3", "2025-Q2", ("2025-04", "2025-06")),
    ("2025", "2024", ("2024-01", "2024-12")),
    ("2025-03..2025-05", "2024-12..2025-02", ("2024-12", "2025-02")),
    ("2025-07..2025-07", "2025-06..2025-06", ("2025-06", "2025-06")),
]


@pytest.mark.parametrize("text, previous, span", PREVIOUS)
def test_previous_range(text, previous, span):
    p = previous_range(parse_range(text))
    assert (p.text, (p.first, p.last)) == (previous, span)


def test_the_year_to_date_compares_with_the_same_months_of_the_year_before():
    p = previous_range(resolve_range("2025-YTD", ["2025-01", "2025-02", "2025-03"]))
    assert (p.text, p.months) == ("2024-YTD", ("2024-01", "2024-02", "2024-03"))


@pytest.mark.parametrize("text, available, missing", [
    ("2025-Q3", ["2025-07", "2025-08", "2025-09"], []),
    ("2025-Q3", ["2025-07", "2025-09"], ["2025-08"]),
    ("2025-Q3", [], ["2025-07", "2025-08", "2025-09"]),
])
def test_missing_months(text, available, missing):
    assert missing_months(parse_range(text), available) == missing


@pytest.mark.parametrize("text, expected", [
    ("2025-07", False), ("2025-Q3", True), ("2023", True), ("2025-YTD", True), ("2025-07..2025-12", True),
    ("2025-13..2025-14", True), ("abc", False), (None, False),
])
def test_is_range(text, expected):
    assert is_range(text) is expected


@pytest.mark.parametrize("text, lang, label", [
    ("2025-Q3", "vi", "Quý III/2025"),
    ("2025", "en", "2025"),
    ("2025-07..2025-12", "vi", "Tháng 7/2025 – Tháng 12/2025"),
    ("2021-01..2022-04", "en", "Jan 2021 – Apr 2022"),
    ("2025-YTD", "vi", "Từ đầu năm 2025"),                       # not resolved: only its year
    ("2025-YTD", "en", "2025 year to date"),
])
def test_range_label_and_period_label_agree(text, lang, label):
    assert range_label(text, lang) == label == period_label(text, lang)


def test_a_resolved_year_to_date_names_its_last_month():
    r = resolve_range("2025-YTD", ["2025-08"])
    assert (r.label("vi"), r.label("en")) == ("Từ đầu năm đến Tháng 8/2025", "Year to date (Aug 2025)")


def test_period_helpers_read_a_run_of_months():
    assert grain_of("2025-07..2025-12") == grain_of("2025-YTD") == "range"
    assert sort_periods(["2025-08", "2025-07..2025-09", "2025-07", "2025-YTD"]) == \
        ["2025-07", "2025-08", "2025-07..2025-09", "2025-YTD"]
    with pytest.raises(ValueError, match="2025-13..2025-14"):
        grain_of("2025-13..2025-14")
