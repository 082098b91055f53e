"""Scores of a period range of a monthly index: the months' counts summed, then scored as one period.

A range (a quarter, a year, the year to date, ``2025-07..2025-12``; see :mod:`cchc.ranges`) of an index
whose inputs are monthly counts (``grain: month`` and raw inputs, e.g. dossiers received and resolved on
time) is scored from the **sum of its monthly counts**: numerators and denominators are summed per unit
and indicator over the months, the rows are relabelled with the range's text, and the engine
(:func:`cchc.scores.index_scores`'s own steps, re-expression onto the 34 provinces included) computes
ratios and points from the sums exactly as for one month. Monthly scores are never averaged.

Months and missing data:

- months of the range with no data at all at that level (before the index began, the rest of the year)
  are not part of the sum; the caption says how many months have data (:func:`cchc.ranges.missing_months`);
- a unit without data in some of the months that have data is **not scored** for the range (never scored
  from fewer months): every node gets a null row whose reason says ``"months: 7/9: 2025-08,2025-09"``
  (:func:`months_reason` words it) — a missing month is a missing input, as under ``missing: propagate``;
- within a month a null count makes its sum null, and the engine's missing policy applies to it.

Rows already published as scores (component points of a month) cannot be summed: such a level raises
:class:`NotSummableError`.

>>> rows = pl.DataFrame({"unit_id": ["a", "a", "b"], "period": ["2025-07", "2025-08", "2025-07"],
...                      "indicator_id": "x.in", "value": [3.0, 4.0, 5.0]})
>>> summed_rows(rows, ["2025-07", "2025-08"], "2025-07..2025-08", ["x"]).select(
...     "unit_id", "indicator_id", "value", "note").rows()
[('a', 'x.in', 7.0, None), ('b', 'x', None, 'months: 1/2: 2025-08')]
"""

from __future__ import annotations

import threading
from typing import Callable, Iterable, Sequence

import polars as pl

from cchc.definitions import IndexDef
from cchc.onestop import STOCK_INDICATORS
from cchc.periods import parse_period, period_label
from cchc.ranges import MonthRange, parse_range, previous_range, resolve_range
from cchc.reexpress import ReexpressError
from cchc.scores import (GEOGRAPHIES, ScoreSource, _in_period_order, index_scores, placed_rows, rows_at_level,
                         scored_rows)
from cchc.words import word

MONTHS_PREFIX = "months: "


class NotSummableError(ValueError):
    """An index, or a level of it, whose monthly rows are not counts that can be summed over a range."""


def accepts_ranges(definition: IndexDef) -> bool:
    """True for an index published per month whose inputs are raw counts (a range sums them)."""
    return definition.grain == "month" and bool(definition.leaf_inputs())


def is_month(period: str) -> bool:
    """True for ``YYYY-MM`` (an ordinary period), False for a range or anything else.

    >>> is_month("2025-07"), is_month("2025-Q3"), is_month("2025-07..2025-09")
    (True, False, False)
    """
    try:
        return parse_period(period).grain == "month"
    except ValueError:
        return False


def summed_rows(rows: pl.DataFrame, months: Sequence[str], label: str, nodes: Iterable[str]) -> pl.DataFrame:
    """``rows`` (one per unit, month and indicator) summed per unit and indicator over ``months``, with
    period ``label``; stocks (:data:`cchc.onestop.STOCK_INDICATORS`: pending dossiers, procedures) are
    taken at the last month instead. A null value in any month makes the sum null (never a zero). A unit without rows in
    some of ``months`` gets, instead of its sums, a null row for every node of ``nodes`` whose note is
    ``"months: <have>/<total>: <missing months>"``. Coverage columns (``n_sources``/``n_used``), when
    present, take the largest and the smallest over the months."""
    total = len(months)
    have = rows.group_by("unit_id").agg(pl.col("period").unique().alias("_months"))
    have = have.with_columns(pl.col("_months").list.len().alias("_have"))
    full = have.filter(pl.col("_have") >= total)["unit_id"]
    value = pl.col("value")
    stock = pl.col("indicator_id").first().is_in(list(STOCK_INDICATORS))
    aggs = [
        pl.when(value.is_null().any() | (pl.len() < pl.col("_have").first())).then(None)
        .when(stock).then(value.sort_by("period").last())  # pending dossiers, procedures: the last month's
        .otherwise(value.sum()).cast(pl.Float64).alias("value"),
        pl.when(pl.col("n").is_null().all()).then(None).otherwise(pl.col("n").sum()).cast(pl.Int64).alias("n")
        if "n" in rows.columns else pl.lit(None, pl.Int64).alias("n"),
        pl.lit(None, pl.Float64).alias("se"),
        (pl.col("note").drop_nulls().first() if "note" in rows.columns else pl.lit(None, pl.String)).alias("note"),
    ]
    coverage = [c for c in ("n_sources", "n_used") if c in rows.columns]
    aggs += [pl.col("n_sources").max(), pl.col("n_used").min()] if coverage else []
    summed = (rows.filter(pl.col("unit_id").is_in(full.implode()))
              .join(have.select("unit_id", "_have"), on="unit_id", how="left")
              .group_by("unit_id", "indicator_id", maintain_order=True).agg(aggs))
    gaps = have.filter(pl.col("_have") < total)
    wanted = list(months)
    notes = [f"{MONTHS_PREFIX}{n}/{total}: {','.join(m for m in wanted if m not in set(got))}"
             for got, n in zip(gaps["_months"].to_list(), gaps["_have"].to_list())]
    missing = (gaps.select("unit_id", pl.Series("note", notes, dtype=pl.String))
               .join(pl.DataFrame({"indicator_id": sorted(nodes)}, schema={"indicator_id": pl.String}), how="cross")
               .with_columns(pl.lit(None, pl.Float64).alias("value"), pl.lit(None, pl.Int64).alias("n"),
                             pl.lit(None, pl.Float64).alias("se"),
                             *[pl.lit(None, pl.Int64).alias(c) for c in coverage]))
    out = pl.concat([summed, missing.select(summed.columns)], how="vertical_relaxed")
    return out.with_columns(pl.lit(label).alias("period")).select(
        "unit_id", "period", "indicator_id", "value", "n", "se", "note", *coverage).sort("unit_id", "indicator_id")


def range_scores(observations: pl.DataFrame, definition: IndexDef, units: pl.DataFrame, crosswalk: pl.DataFrame, *,
                 level: str, geography: str | None, label: str, months: Sequence[str]) -> pl.DataFrame:
    """:func:`cchc.scores.index_scores` output for one period ``label``: the rows of ``months`` (the months
    of the range that have data at ``level``) re-expressed onto ``geography`` as for one month, then summed
    (:func:`summed_rows`) and scored. Shown as published (``geography=None``), a range whose months lie on
    both boundary sets (it crosses the 1 July 2025 merger) is re-expressed onto vn34 when the index and
    level can be, so that every month counts; otherwise each set's units are summed on their own.

    Raises :class:`NotSummableError` when the rows at ``level`` are published scores, not counts.
    """
    obs = rows_at_level(observations, definition, units, level, geography)
    nodes = list(definition.indicator_ids())
    if obs.filter(pl.col("indicator_id").is_in(nodes)).height:
        raise NotSummableError(f"{definition.id} data at {level} level are published as scores, not monthly "
                               "counts: a period range cannot be summed from them")
    placed = None
    if geography is None and obs["geography"].n_unique() > 1:
        try:
            placed = placed_rows(obs, definition, units, crosswalk, level=level, geography="vn34")
        except ReexpressError:
            placed = None
    if placed is None:
        placed = placed_rows(obs, definition, units, crosswalk, level=level, geography=geography)
    parts = []
    for target in GEOGRAPHIES:
        mine = [(rows, moved) for geo, rows, moved in placed if ("vn34" if moved else geo) == target]
        if not mine:
            continue
        moved = any(m for _, m in mine)
        blank = [pl.lit(None, pl.Int64).alias("n_sources"), pl.lit(None, pl.Int64).alias("n_used")]
        rows = pl.concat([r if "n_sources" in r.columns or not moved else r.with_columns(blank) for r, _ in mine],
                         how="diagonal_relaxed")
        parts.append(scored_rows(summed_rows(rows, months, label, nodes), definition,
                                 "vn63" if moved else target, moved))
    if not parts:
        return index_scores(observations.head(0), definition, units, crosswalk, level=level, geography=geography)
    return _in_period_order(parts).with_columns(pl.col("n_sources", "n_used").cast(pl.Int64))


def months_reason(reason: str | None, lang: str = "vi") -> str | None:
    """The words of a ``"months: 7/9: 2025-08,2025-09"`` reason (None for any other reason).

    >>> months_reason("months: 1/3: 2025-08,2025-09", "en")
    'Data for 1 of 3 months; missing: Aug 2025, Sep 2025'
    """
    if not reason or not reason.startswith(MONTHS_PREFIX):
        return None
    counts, _, gone = reason[len(MONTHS_PREFIX):].partition(": ")
    have, _, total = counts.partition("/")
    names = ", ".join(period_label(m, lang) for m in gone.split(",") if m)
    return word("range.months_missing", lang, have=have, total=total, months=names)


class RangeScores(ScoreSource):
    """A :class:`~cchc.scores.ScoreSource` of a monthly index that also answers period ranges.

    Months are read from ``monthly`` (the store's lazy source; its periods, units and whole frame are the
    months'); a range text (``"2025-Q3"``, ``"2025-YTD"``, ``"2025-07..2025-12"``) is resolved against the
    months with data, scored by ``compute(range, months with data)`` the first time it is asked for, and
    kept (``grew`` is called after a range was added). A range's change is measured against :func:`cchc.ranges.previous_range` (for the year to date,
    the same months of the year before, named ``YYYY-MM..YYYY-MM``). Safe to share between threads.
    """

    def __init__(self, monthly: ScoreSource, compute: Callable[[MonthRange, list[str]], pl.DataFrame], *,
                 grew: Callable[[], None] | None = None) -> None:
        self.monthly = monthly
        self._compute = compute
        self._grew = grew
        self._ranges: dict[str, MonthRange] = {}
        self._frames: dict[str, pl.DataFrame] = {}
        self._lock = threading.RLock()
        self.nbytes = 0

    def months(self) -> list[str]:
        """The months with data, oldest first."""
        return self.monthly.period_list()

    def resolve(self, text: str) -> MonthRange:
        """The range ``text`` names (a year to date cut at its latest month with data); ValueError if invalid."""
        found = self._ranges.get(text)
        if found is None:
            found = resolve_range(text, self.months())
            with self._lock:
                found = self._ranges.setdefault(text, found)
        return found

    def covered(self, r: MonthRange) -> list[str]:
        """The months of ``r`` that have data."""
        have = set(self.months())
        return [m for m in r.months if m in have]

    def range_rows(self, text: str) -> pl.DataFrame:
        """Every score row of range ``text`` (period = ``text``), computed once."""
        r = self.resolve(text)
        found = self._frames.get(text)
        if found is not None:
            return found
        with self._lock:
            if text not in self._frames:
                frame = self._compute(r, self.covered(r))
                self._frames[text] = frame
                self.nbytes += frame.estimated_size()
            found = self._frames[text]
        if self._grew is not None:  # the store checks its bound
            self._grew()
        return found

    def periods(self, indicator: str | None = None) -> pl.DataFrame:
        return self.monthly.periods(indicator)

    def unit_ids(self, indicator: str | None = None) -> pl.Series:
        return self.monthly.unit_ids(indicator)

    def frame(self) -> pl.DataFrame:
        return self.monthly.frame()

    def rows(self, periods: Iterable[str], indicators: Iterable[str] | None = None) -> pl.DataFrame:
        periods = list(periods)
        indicators = list(indicators) if indicators is not None else None
        frames = [self.monthly.rows([p for p in periods if is_month(p)], indicators)]
        for text in dict.fromkeys(p for p in periods if not is_month(p)):
            found = self.range_rows(text)
            frames.append(found if indicators is None else found.filter(pl.col("indicator_id").is_in(indicators)))
        frames = [f for f in frames if f.height] or frames[:1]
        return frames[0] if len(frames) == 1 else pl.concat(frames, how="vertical_relaxed")

    def geography(self, period: str, indicator: str | None = None) -> str | None:
        if is_month(period):
            return self.monthly.geography(period, indicator)
        found = self.range_rows(period)
        if indicator is not None:
            found = found.filter(pl.col("indicator_id") == indicator)
        geos = found["geography"].unique().to_list()
        return None if not geos else ("vn34" if "vn34" in geos else geos[0])

    def reexpressed(self, period: str) -> bool:
        if is_month(period):
            return self.monthly.reexpressed(period)
        return bool(self.range_rows(period)["reexpressed"].any())

    def earlier(self, period: str, indicator: str, geography: str) -> list[str]:
        if is_month(period):
            return self.monthly.earlier(period, indicator, geography)
        prev = previous_range(self.resolve(period))
        if prev.kind == "ytd":  # the same months a year before: a custom range, so that its name says which
            prev = parse_range(f"{prev.first}..{prev.last}")
        with self._lock:
            self._ranges.setdefault(prev.text, prev)
        if not self.covered(prev) or self.geography(prev.text, indicator) != geography:
            return []
        return [prev.text]
