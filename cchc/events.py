"""Dated events that change how a time series reads (marked on time axes).

The 2025 merger is the one that matters: up to 30 June 2025 data are on 63
provinces (and ~700 districts), from 1 July 2025 on 34 provinces with no
district level, so the units on either side of the line are different units.

An event is drawn on a chart only when the chart's periods straddle it: at
least one period ends before the event and at least one ends on or after it.
It is drawn at the start of the first period that contains or follows the
event, i.e. on the first point of the new geography: 1 July 2025 for monthly
data, 1 January 2025 for yearly data (year 2025 is the first year published on
the 34 provinces).

>>> [(e.key, str(x)) for e, x in event_positions(["2024", "2025"])]
[('merger_2025', '2025-01-01')]
>>> event_positions(["2025-07", "2025-08"])   # nothing before the merger: no line
[]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable, Sequence

from cchc.periods import parse_period, sort_periods
from cchc.words import word


@dataclass(frozen=True)
class Event:
    """Something that happened on ``day``; its short label is the word ``event.{key}``."""

    key: str
    day: date

    def label(self, lang: str = "vi") -> str:
        return word(f"event.{self.key}", lang)


MERGER_2025 = Event("merger_2025", date(2025, 7, 1))
EVENTS: tuple[Event, ...] = (MERGER_2025,)


def event_positions(periods: Iterable[str], events: Sequence[Event] = EVENTS) -> list[tuple[Event, date]]:
    """``(event, x)`` for every event the ``periods`` straddle, ``x`` being the
    start date of the first period ending on or after the event day.

    Periods may come in any order and repeat; invalid periods raise ValueError;
    no periods (or all on one side of an event) give no position for it.
    """
    parsed = [parse_period(p) for p in sort_periods(set(periods))]
    out: list[tuple[Event, date]] = []
    for event in events:
        before = any(p.end < event.day for p in parsed)
        after = [p for p in parsed if p.end >= event.day]
        if before and after:
            out.append((event, after[0].start))
    return out
