"""Tests for cchc.periods: parsing, ordering, previous period, labels."""

from __future__ import annotations

import doctest
import random
from datetime import date

import polars as pl
import pytest

import cchc.periods as periods
from cchc.periods import (
    Period,
    grain_expr,
    grain_of,
    next_period,
    parse_period,
    period_label,
    period_start_expr,
    periods_between,
    previous_available,
    previous_period,
    sort_key,
    sort_periods,
    with_period_start,
)


def test_docstring_examples():
    assert doctest.testmod(periods).failed == 0


@pytest.mark.parametrize(
    "p, grain, start, end",
    [
        ("2023", "year", date(2023, 1, 1), date(2023, 12, 31)),
        ("2025-Q1", "quarter", date(2025, 1, 1), date(2025, 3, 31)),
        ("2025-Q3", "quarter", date(2025, 7, 1), date(2025, 9, 30)),
        ("2025-Q4", "quarter", date(2025, 10, 1), date(2025, 12, 31)),
        ("2025-07", "month", date(2025, 7, 1), date(2025, 7, 31)),
        ("2024-02", "month", date(2024, 2, 1), date(2024, 2, 29)),  # leap year
        ("2023-02", "month", date(2023, 2, 1), date(2023, 2, 28)),
        ("2025-12", "month", date(2025, 12, 1), date(2025, 12, 31)),
    ],
)
def test_parse_period(p, grain, start, end):
    q = parse_period(p)
    assert isinstance(q, Period)
    assert (q.text, q.grain, q.start, q.end) == (p, grain, start, end)
    assert grain_of(p) == grain


@pytest.mark.parametrize(
    "bad",
    ["2025-7", "2025-q3", "2025-Q0", "2025-Q5", "2025-13", "2025-00", "", " 2023", "2023 ",
     "23", "FY2023", "2025/07", "2025-07-01", "2025-Q3 ", "Q3-2025", "1899", "٢٠٢٣"],
)
def test_parse_period_rejects_bad_strings_and_names_them(bad):
    with pytest.raises(ValueError, match="invalid period") as err:
        parse_period(bad)
    assert repr(bad) in str(err.value)


@pytest.mark.parametrize("bad", [None, 2023, 2023.0, date(2023, 1, 1)])
def test_parse_period_rejects_non_strings(bad):
    with pytest.raises(ValueError, match="periods are strings"):
        parse_period(bad)


@pytest.mark.parametrize(
    "p, prev",
    [
        ("2025-01", "2024-12"),
        ("2025-07", "2025-06"),
        ("2025-Q1", "2024-Q4"),
        ("2025-Q3", "2025-Q2"),
        ("2024", "2023"),
        ("2000-01", "1999-12"),
    ],
)
def test_previous_and_next_period(p, prev):
    assert previous_period(p) == prev
    assert next_period(prev) == p


def test_previous_period_rejects_bad_string():
    with pytest.raises(ValueError, match="'2025-7'"):
        previous_period("2025-7")


SIPAS_YEARS = ["2018", "2019", "2020", "2022", "2023", "2024"]  # no survey in 2021


@pytest.mark.parametrize(
    "p, available, expected",
    [
        ("2022", SIPAS_YEARS, "2020"),               # skipped year
        ("2023", SIPAS_YEARS, "2022"),
        ("2021", SIPAS_YEARS, "2020"),               # p itself need not be available
        ("2018", SIPAS_YEARS, None),                 # nothing earlier
        ("2025", list(reversed(SIPAS_YEARS)), "2024"),  # order of `available` irrelevant
        ("2025-01", ["2024", "2024-Q4", "2024-11", "2025-01"], "2024-11"),  # other grains ignored
        ("2025-Q1", ["2024-12", "2025"], None),
        ("2023", [], None),
    ],
)
def test_previous_available(p, available, expected):
    assert previous_available(p, available) == expected


def test_previous_available_matches_brute_force():
    rng = random.Random(7)
    months = periods_between("2021-01", "2025-12")
    for _ in range(200):
        avail = rng.sample(months, rng.randint(0, 12))
        p = rng.choice(months)
        earlier = [a for a in avail if a < p]  # zero-padded months sort as text
        assert previous_available(p, avail) == (max(earlier) if earlier else None)


def test_previous_available_rejects_bad_available():
    with pytest.raises(ValueError, match="'2021-3'"):
        previous_available("2022", ["2020", "2021-3"])


def test_sort_periods_chronological_coarse_first():
    assert sort_periods(["2025-07", "2024-12", "2025-Q3", "2025-Q1", "2025", "2023", "2025-01"]) == [
        "2023", "2024-12", "2025", "2025-Q1", "2025-01", "2025-Q3", "2025-07",
    ]
    assert sort_periods([]) == []
    assert sort_key("2025") < sort_key("2025-Q1") < sort_key("2025-01") < sort_key("2025-02")
    with pytest.raises(ValueError):
        sort_periods(["2023", "bad"])


@pytest.mark.parametrize(
    "p, vi, en",
    [
        ("2023", "Năm 2023", "2023"),
        ("2025-Q1", "Quý I/2025", "Q1 2025"),
        ("2025-Q2", "Quý II/2025", "Q2 2025"),
        ("2025-Q3", "Quý III/2025", "Q3 2025"),
        ("2025-Q4", "Quý IV/2025", "Q4 2025"),
        ("2025-07", "Tháng 7/2025", "Jul 2025"),
        ("2025-01", "Tháng 1/2025", "Jan 2025"),
        ("2024-12", "Tháng 12/2024", "Dec 2024"),
    ],
)
def test_period_label(p, vi, en):
    assert period_label(p) == vi
    assert period_label(p, "vi") == vi
    assert period_label(p, "en") == en


def test_period_label_errors():
    with pytest.raises(ValueError, match="language"):
        period_label("2023", "fr")
    with pytest.raises(ValueError, match="'2023-Q9'"):
        period_label("2023-Q9")


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ("2024-Q3", "2025-Q2", ["2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2"]),
        ("2024-11", "2025-02", ["2024-11", "2024-12", "2025-01", "2025-02"]),
        ("2018", "2020", ["2018", "2019", "2020"]),
        ("2023", "2023", ["2023"]),
        ("2025", "2023", []),
    ],
)
def test_periods_between(a, b, expected):
    assert periods_between(a, b) == expected


def test_periods_between_needs_one_grain():
    with pytest.raises(ValueError, match="one grain"):
        periods_between("2024", "2025-Q1")


def test_period_start_expr_and_grain_expr():
    df = pl.DataFrame({"period": ["2023", "2025-Q3", "2025-07", "2025-7", None, "1800", "2025-Q5"]})
    out = df.with_columns(start=period_start_expr(), grain=grain_expr("period"))
    assert out.schema["start"] == pl.Date
    assert out["start"].to_list() == [date(2023, 1, 1), date(2025, 7, 1), date(2025, 7, 1), None, None, None, None]
    assert out["grain"].to_list() == ["year", "quarter", "month", None, None, None, None]


def test_period_start_expr_matches_parse_period():
    ps = periods_between("2019-01", "2026-12") + periods_between("2019-Q1", "2026-Q4") + periods_between("2019", "2026")
    out = pl.DataFrame({"period": ps}).with_columns(s=period_start_expr(pl.col("period")), g=grain_expr())
    assert out["s"].to_list() == [parse_period(p).start for p in ps]
    assert out["g"].to_list() == [parse_period(p).grain for p in ps]


def test_with_period_start():
    df = pl.DataFrame({"p": ["2025-Q3", None, "2024"], "x": [1, 2, 3]})
    out = with_period_start(df, col="p", name="start")
    assert out.columns == ["p", "x", "start"]
    assert out["start"].to_list() == [date(2025, 7, 1), None, date(2024, 1, 1)]
    with pytest.raises(ValueError, match="'2025-7'"):
        with_period_start(pl.DataFrame({"period": ["2025-07", "2025-7"]}))
    empty = with_period_start(pl.DataFrame({"period": []}, schema={"period": pl.String}))
    assert empty.schema["period_start"] == pl.Date and empty.height == 0
