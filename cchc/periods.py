"""Reporting periods: parsing, ordering, previous period, labels.

A period is a plain string at one of three grains (docs/design.md):

=========  ============  ==========================================
grain      form          example
=========  ============  ==========================================
year       ``YYYY``      ``"2023"``
quarter    ``YYYY-Qn``   ``"2025-Q3"`` (n = 1..4, capital Q)
month      ``YYYY-MM``   ``"2025-07"`` (zero-padded month)
=========  ============  ==========================================

Anything else raises :class:`ValueError` naming the bad string; there is no
silent coercion (``"2025-7"``, ``"2025-q3"``, ``"FY2023"`` are all errors).

Ordering (:func:`sort_key`) is chronological by start date; periods of
different grains starting on the same day order coarse first
(``"2025"`` < ``"2025-Q1"`` < ``"2025-01"``). "Previous" is always computed
within one grain: a month's previous period is a month, never a quarter.

>>> previous_period("2025-01"), previous_period("2025-Q1"), previous_period("2024")
('2024-12', '2024-Q4', '2023')
>>> previous_available("2022", ["2018", "2019", "2020", "2022", "2023"])  # SIPAS: no 2021
'2020'
>>> period_label("2025-Q3"), period_label("2025-07", "en")
('Quý III/2025', 'Jul 2025')
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Literal

import polars as pl

from cchc.words import word

Grain = Literal["year", "quarter", "month"]
GRAINS: tuple[str, ...] = ("year", "quarter", "month")

_YEAR = r"([0-9]{4})"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("year", re.compile(rf"^{_YEAR}$")),
    ("quarter", re.compile(rf"^{_YEAR}-Q([1-4])$")),
    ("month", re.compile(rf"^{_YEAR}-(0[1-9]|1[0-2])$")),
)


@dataclass(frozen=True, order=False)
class Period:
    """A parsed period.

    ``sub`` is the quarter (1–4) or month (1–12) number; 1 for a year.
    ``start``/``end`` are the first and last calendar day (inclusive).
    """

    text: str
    grain: str
    year: int
    sub: int
    start: date
    end: date


def parse_period(p: str) -> Period:
    """Parse ``"2023"`` / ``"2025-Q3"`` / ``"2025-07"`` into a :class:`Period`.

    Raises ValueError naming the offending value for anything else.

    >>> parse_period("2025-Q3").start, parse_period("2025-Q3").end
    (datetime.date(2025, 7, 1), datetime.date(2025, 9, 30))
    """
    if not isinstance(p, str):
        raise ValueError(
            f"invalid period {p!r} ({type(p).__name__}): periods are strings "
            "like '2023', '2025-Q3' or '2025-07'"
        )
    for grain, pattern in _PATTERNS:
        m = pattern.match(p)
        if not m or int(m.group(1)) < 1900:
            continue
        year = int(m.group(1))
        if grain == "year":
            first, last, sub = 1, 12, 1
        elif grain == "quarter":
            sub = int(m.group(2))
            first, last = 3 * sub - 2, 3 * sub
        else:
            sub = int(m.group(2))
            first = last = sub
        end_day = calendar.monthrange(year, last)[1]
        return Period(p, grain, year, sub, date(year, first, 1), date(year, last, end_day))
    raise ValueError(
        f"invalid period {p!r}: expected 'YYYY' (year), 'YYYY-Qn' (quarter, n=1..4) "
        "or 'YYYY-MM' (month, 01..12), year >= 1900"
    )


def grain_of(p: str) -> str:
    """``"year"``, ``"quarter"`` or ``"month"``; ``"range"`` for a run of months of a monthly index
    (``"2025-YTD"``, ``"2025-07..2025-12"``: :mod:`cchc.ranges`).

    >>> grain_of("2025-Q3"), grain_of("2025-07..2025-12")
    ('quarter', 'range')
    """
    return "range" if _span_end(p) else parse_period(p).grain


def sort_key(p: str) -> tuple[date, int]:
    """Chronological key: (start date, grain order; coarse first). A run of months sorts with its last
    month, after it (what is "up to" the range is up to its end)."""
    last = _span_end(p)
    if last:
        return (date(int(last[:4]), int(last[5:]), 1), len(GRAINS))
    q = parse_period(p)
    return (q.start, GRAINS.index(q.grain))


_SPAN = re.compile(r"^(?:([0-9]{4})-YTD|([0-9]{4})-(?:0[1-9]|1[0-2])\.\.([0-9]{4}-(?:0[1-9]|1[0-2])))$")


def _span_end(p: object) -> str | None:
    """The last month of a year-to-date (December) or ``YYYY-MM..YYYY-MM`` range text, else None."""
    m = _SPAN.match(p) if isinstance(p, str) else None
    if not m or int(m.group(1) or m.group(2)) < 1900:
        return None
    return f"{m.group(1)}-12" if m.group(1) else m.group(3)


def sort_periods(periods: Iterable[str]) -> list[str]:
    """Periods in chronological order (duplicates kept; invalid -> ValueError).

    >>> sort_periods(["2025-07", "2024-12", "2025-Q1", "2025"])
    ['2024-12', '2025', '2025-Q1', '2025-07']
    """
    return sorted(periods, key=sort_key)


def _make(grain: str, year: int, sub: int) -> str:
    if grain == "year":
        return f"{year:04d}"
    if grain == "quarter":
        return f"{year:04d}-Q{sub}"
    return f"{year:04d}-{sub:02d}"


def _shift(p: str, steps: int) -> str:
    q = parse_period(p)
    per_year = {"year": 1, "quarter": 4, "month": 12}[q.grain]
    if q.grain == "year":
        return _make("year", q.year + steps, 1)
    idx = q.year * per_year + (q.sub - 1) + steps
    return _make(q.grain, idx // per_year, idx % per_year + 1)


def previous_period(p: str) -> str:
    """Calendar previous period of the same grain.

    >>> previous_period("2025-01"), previous_period("2025-Q1"), previous_period("2024")
    ('2024-12', '2024-Q4', '2023')
    """
    return _shift(p, -1)


def next_period(p: str) -> str:
    """Calendar next period of the same grain (``"2024-12"`` -> ``"2025-01"``)."""
    return _shift(p, 1)


def previous_available(p: str, available: Iterable[str]) -> str | None:
    """Latest period in ``available`` of the same grain as ``p`` and strictly
    before it; None when there is none.

    Used for "change versus previous period" when a period was skipped
    (SIPAS has no 2021, so 2022 compares with 2020). Periods of other grains
    in ``available`` are ignored; ``p`` itself need not be in ``available``.

    >>> previous_available("2022", ["2020", "2022", "2025-Q1"])
    '2020'
    >>> previous_available("2020", ["2020", "2022"]) is None
    True
    """
    q = parse_period(p)
    best: Period | None = None
    for a in available:
        c = parse_period(a)
        if c.grain == q.grain and c.start < q.start and (best is None or c.start > best.start):
            best = c
    return None if best is None else best.text


def periods_between(a: str, b: str) -> list[str]:
    """All periods from ``a`` to ``b`` inclusive, same grain required.

    Returns ``[]`` when ``a`` is after ``b``; ValueError when grains differ.

    >>> periods_between("2024-Q3", "2025-Q2")
    ['2024-Q3', '2024-Q4', '2025-Q1', '2025-Q2']
    """
    qa, qb = parse_period(a), parse_period(b)
    if qa.grain != qb.grain:
        raise ValueError(f"periods_between needs one grain: {a!r} is a {qa.grain}, {b!r} a {qb.grain}")
    out: list[str] = []
    cur = a
    while parse_period(cur).start <= qb.start:
        out.append(cur)
        cur = next_period(cur)
    return out


def period_label(p: str, lang: str = "vi") -> str:
    """Human label: vi ``"Năm 2023"``, ``"Quý III/2025"``, ``"Tháng 7/2025"``;
    en ``"2023"``, ``"Q3 2025"``, ``"Jul 2025"``.

    >>> [period_label(x) for x in ("2023", "2025-Q3", "2025-07")]
    ['Năm 2023', 'Quý III/2025', 'Tháng 7/2025']
    >>> [period_label(x, "en") for x in ("2023", "2025-Q3", "2025-07")]
    ['2023', 'Q3 2025', 'Jul 2025']
    """
    if lang not in ("vi", "en"):
        raise ValueError(f"unknown language {lang!r}: use 'vi' or 'en'")
    m = _SPAN.match(p) if _span_end(p) else None  # a run of months (cchc.ranges)
    if m and m.group(1):  # a year to date, not resolved against the data: "Từ đầu năm 2025"
        return word("range.ytd_year", lang, year=m.group(1))
    if m:  # "Tháng 7/2025 – Tháng 12/2025"
        first, last = p.split("..")
        return f"{period_label(first, lang)} – {period_label(last, lang)}"
    q = parse_period(p)
    if q.grain == "year":
        return word("period.year", lang, year=q.year)
    return word(f"period.{q.grain}", lang, year=q.year, **{q.grain: word(f"{q.grain}.{q.sub}", lang)})


def span_label(periods: Iterable[str], lang: str = "vi") -> str:
    """``"Năm 2018–2025"``, ``"Tháng 1/2024 – Tháng 6/2026"`` (en ``"2018–2025"``); one period: its label;
    none: ``""``.

    >>> span_label(["2018", "2020", "2025"]), span_label(["2024-01", "2026-06"], "en")
    ('Năm 2018–2025', 'Jan 2024 – Jun 2026')
    """
    ordered = sort_periods(set(periods))
    if not ordered:
        return ""
    first, last = ordered[0], ordered[-1]
    if first == last:
        return period_label(first, lang)
    if grain_of(first) == grain_of(last) == "year":
        return word("period.years", lang, first=first, last=last)
    return f"{period_label(first, lang)} – {period_label(last, lang)}"


# --------------------------------------------------------------------------- Polars


def period_start_expr(col: str | pl.Expr = "period") -> pl.Expr:
    """Polars expression: first day (``pl.Date``) of the period string column.

    Vectorised (regex, no Python per row). Strings that are not valid periods
    give null — use :func:`with_period_start` to have them rejected instead.
    """
    s = pl.col(col) if isinstance(col, str) else col
    year = s.str.slice(0, 4).cast(pl.Int32, strict=False)
    month = (
        pl.when(s.str.contains(_PATTERNS[0][1].pattern)).then(pl.lit(1, pl.Int32))
        .when(s.str.contains(_PATTERNS[1][1].pattern))
        .then(s.str.slice(6, 1).cast(pl.Int32, strict=False) * 3 - 2)
        .when(s.str.contains(_PATTERNS[2][1].pattern))
        .then(s.str.slice(5, 2).cast(pl.Int32, strict=False))
    )
    year = pl.when(year >= 1900).then(year)
    return pl.date(year, month, 1)


def grain_expr(col: str | pl.Expr = "period") -> pl.Expr:
    """Polars expression: ``"year"``/``"quarter"``/``"month"`` (null if invalid)."""
    s = pl.col(col) if isinstance(col, str) else col
    out = pl.when(pl.lit(False)).then(pl.lit(None, pl.String))
    for grain, pattern in _PATTERNS:
        out = out.when(s.str.contains(pattern.pattern)).then(pl.lit(grain))
    return pl.when(period_start_expr(s).is_not_null()).then(out)


def with_period_start(df: pl.DataFrame, col: str = "period", name: str = "period_start") -> pl.DataFrame:
    """Add a ``pl.Date`` column ``name`` = start of ``col``'s period.

    Null periods stay null; any non-null invalid string raises ValueError
    (only the distinct values are checked in Python).

    >>> with_period_start(pl.DataFrame({"period": ["2025-Q3"]}))["period_start"].to_list()
    [datetime.date(2025, 7, 1)]
    """
    for p in df.get_column(col).drop_nulls().unique().to_list():
        parse_period(p)
    return df.with_columns(period_start_expr(col).alias(name))
