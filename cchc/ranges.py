"""Period ranges over monthly data: a quarter, a year, the year to date or any run of months.

Monthly indices (the one-stop index of Decision 766) are published per month, but leaders review a
quarter, a year, the year so far or a span such as "from 1/2021 to 4/2022". A range is written as

=============  ======================  =========================================
kind           text                    months
=============  ======================  =========================================
quarter        ``2025-Q3``             2025-07 … 2025-09
year           ``2025``                2025-01 … 2025-12
year to date   ``2025-YTD``            2025-01 … the latest month with data in 2025
custom         ``2025-07..2025-12``    the months from the first to the last, inclusive
=============  ======================  =========================================

A range is scored from the **sum of its monthly counts** (dossiers received, resolved on time…), and
ratios and points are computed from those sums — never by averaging monthly scores (docs/methodology).
A single month (``2025-07``) is not a range: it is an ordinary period.

Ranges are canonical strings, so they travel in URLs and on the command line unchanged; ``2025-YTD``
is resolved against the months that have data (:func:`resolve_range`) into a custom range whose
label still says "year to date".

>>> r = parse_range("2025-Q3")
>>> r.months
('2025-07', '2025-08', '2025-09')
>>> parse_range("2025-07..2025-12").label("vi"), parse_range("2021-01..2022-04").label("en")
('Tháng 7/2025 – Tháng 12/2025', 'Jan 2021 – Apr 2022')
>>> resolve_range("2025-YTD", ["2025-01", "2025-02", "2025-03", "2024-12"]).text
'2025-YTD'
>>> resolve_range("2025-YTD", ["2025-01", "2025-02", "2025-03"]).months[-1]
'2025-03'
>>> previous_range(parse_range("2025-Q1")).text, previous_range(parse_range("2025-03..2025-05")).text
('2024-Q4', '2024-12..2025-02')
>>> is_range("2025-07"), is_range("2025-Q3"), is_range("2023")
(False, True, True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from cchc.periods import parse_period, period_label, periods_between, previous_period
from cchc.words import word

KINDS = ("quarter", "year", "ytd", "custom")
_YTD = re.compile(r"^([0-9]{4})-YTD$")
_CUSTOM = re.compile(r"^([0-9]{4}-[0-9]{2})\.\.([0-9]{4}-[0-9]{2})$")
MAX_MONTHS = 120  # a custom range longer than ten years is refused (a typo, not a review period)


@dataclass(frozen=True)
class MonthRange:
    """A run of whole months, scored from summed counts.

    ``text`` is the canonical form (``"2025-Q3"``, ``"2025"``, ``"2025-YTD"``, ``"2025-07..2025-12"``);
    ``months`` the months it sums, in order; ``kind`` one of :data:`KINDS`.
    """

    text: str
    kind: str
    months: tuple[str, ...]

    @property
    def first(self) -> str:
        return self.months[0]

    @property
    def last(self) -> str:
        return self.months[-1]

    def label(self, lang: str = "vi") -> str:
        """Human label: ``"Quý III/2025"``, ``"Năm 2025"``, ``"Từ đầu năm đến Tháng 8/2025"``,
        ``"Tháng 7/2025 – Tháng 12/2025"`` (English: ``"Q3 2025"``, ``"2025"``, ``"Year to date (Aug 2025)"``,
        ``"Jul 2025 – Dec 2025"``)."""
        if self.kind in ("quarter", "year"):
            return period_label(self.text, lang)
        if self.kind == "ytd":
            return word("range.ytd", lang, year=self.first[:4], last=period_label(self.last, lang))
        return f"{period_label(self.first, lang)} – {period_label(self.last, lang)}"


def range_label(text: str, lang: str = "vi") -> str:
    """The label of range ``text`` without the data at hand: as :meth:`MonthRange.label`, except that a year
    to date not resolved says only its year (``"Từ đầu năm 2025"``, ``"2025 year to date"``).

    >>> range_label("2025-YTD"), range_label("2025-07..2025-12", "en")
    ('Từ đầu năm 2025', 'Jul 2025 – Dec 2025')
    """
    return period_label(parse_range(text).text, lang)  # parse_range refuses what is not a range


def is_range(text: str) -> bool:
    """True for a quarter, a year, ``YYYY-YTD`` or ``YYYY-MM..YYYY-MM`` (valid or not); False otherwise."""
    if not isinstance(text, str):
        return False
    return bool(_YTD.match(text) or _CUSTOM.match(text)) or _grain(text) in ("quarter", "year")


def _grain(text: str) -> str | None:
    try:
        return parse_period(text).grain
    except ValueError:
        return None


def parse_range(text: str) -> MonthRange:
    """The range ``text`` names; ``2025-YTD`` stands for the whole year until resolved against the data
    (:func:`resolve_range`). ValueError, naming the value, for anything else — a single month included.

    >>> parse_range("2025").months[0], parse_range("2025").months[-1]
    ('2025-01', '2025-12')
    """
    if not isinstance(text, str):
        raise ValueError(f"invalid period range {text!r}")
    m = _CUSTOM.match(text)
    if m:
        first, last = m.group(1), m.group(2)
        for month in (first, last):
            if _grain(month) != "month":
                raise ValueError(f"invalid period range {text!r}: {month!r} is not a month (YYYY-MM)")
        if parse_period(first).start > parse_period(last).start:
            raise ValueError(f"invalid period range {text!r}: it ends before it starts")
        months = periods_between(first, last)
        if len(months) > MAX_MONTHS:
            raise ValueError(f"invalid period range {text!r}: longer than {MAX_MONTHS} months")
        return MonthRange(text, "custom", tuple(months))
    m = _YTD.match(text)
    if m and int(m.group(1)) >= 1900:
        year = m.group(1)
        return MonthRange(text, "ytd", tuple(periods_between(f"{year}-01", f"{year}-12")))
    grain = _grain(text)
    if grain in ("quarter", "year"):
        p = parse_period(text)
        first = f"{p.start.year:04d}-{p.start.month:02d}"
        last = f"{p.end.year:04d}-{p.end.month:02d}"
        return MonthRange(text, grain, tuple(periods_between(first, last)))
    raise ValueError(
        f"invalid period range {text!r}: expected a quarter ('2025-Q3'), a year ('2025'), "
        "the year to date ('2025-YTD') or months 'YYYY-MM..YYYY-MM'"
    )


def resolve_range(text: str, available: Iterable[str]) -> MonthRange:
    """:func:`parse_range`, with a year to date cut at the latest month of that year in ``available``
    (the months that have data). A year to date with no month of data keeps January only.

    >>> resolve_range("2025-YTD", ["2025-05", "2025-02"]).months
    ('2025-01', '2025-02', '2025-03', '2025-04', '2025-05')
    """
    r = parse_range(text)
    if r.kind != "ytd":
        return r
    year = r.first[:4]
    months = sorted(p for p in available if isinstance(p, str) and p.startswith(year + "-") and _grain(p) == "month")
    last = months[-1] if months else r.first
    return MonthRange(r.text, "ytd", tuple(periods_between(r.first, last)))


def previous_range(r: MonthRange) -> MonthRange:
    """The range a change is measured against: the previous quarter or year; for the year to date the
    same months of the previous year ("so với cùng kỳ"); for a custom range the months just before it,
    as many as it has."""
    if r.kind in ("quarter", "year"):
        return parse_range(previous_period(r.text))
    if r.kind == "ytd":
        year = int(r.first[:4]) - 1
        months = tuple(f"{year:04d}-{m[5:]}" for m in r.months)
        return MonthRange(f"{year:04d}-YTD", "ytd", months)
    n = len(r.months)
    last = previous_period(r.first)
    first = last
    for _ in range(n - 1):
        first = previous_period(first)
    return parse_range(f"{first}..{last}")


def missing_months(r: MonthRange, available: Iterable[str]) -> list[str]:
    """The months of ``r`` with no data in ``available`` (a range is complete when this is empty)."""
    have = set(available)
    return [m for m in r.months if m not in have]


def spans_of(months: Iterable[str], grain: str) -> list[str]:
    """The quarters (``grain="quarter"``) or years (``"year"``) that ``months`` fall in, in order — the
    periods of a trend of a monthly index by quarter or by year; ``"month"``: the months themselves, sorted.

    >>> spans_of(["2025-08", "2025-07", "2025-10", "2026-01"], "quarter"), spans_of(["2024-12", "2025-01"], "year")
    (['2025-Q3', '2025-Q4', '2026-Q1'], ['2024', '2025'])
    """
    found = sorted({m for m in months if _grain(m) == "month"})
    if grain == "month":
        return found
    if grain == "quarter":
        return sorted({f"{m[:4]}-Q{(int(m[5:]) - 1) // 3 + 1}" for m in found})
    if grain == "year":
        return sorted({m[:4] for m in found})
    raise ValueError(f"unknown grain {grain!r}: use 'month', 'quarter' or 'year'")
