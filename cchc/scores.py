"""Scores of one index on one geography: as published, or re-expressed on today's units.

``index_scores`` runs the engine period by period on the geography the data
were published on; for a vn34 view of years published on vn63 it first
re-expresses the raw observations through the crosswalk
(:mod:`cchc.reexpress`) and then computes, so components and totals stay
consistent. Going back (vn34 data on vn63 units) is not possible and such
periods are left out.

Every period is scored from that period's observations only, so the scores
of some periods are the full scores filtered to them. A view reads scores
through a :class:`ScoreSource` — which periods exist (on which geography),
the rows of some periods and indicators, the units scored — either of a frame
already computed (:class:`FrameScores`) or computed period by period on
demand and kept (:class:`LazyScores`, what :class:`cchc.store.Store` hands
out), so a league table of one month scores that month and the months it
compares with, not the whole history.

>>> s = index_scores(obs, papi, units, crosswalk, geography="vn34")   # doctest: +SKIP
>>> s.filter(pl.col("period") == "2023")["geography"].unique().to_list()   # doctest: +SKIP
['vn34']
"""

from __future__ import annotations

import threading
from typing import Callable, Iterable, Sequence

import polars as pl

from cchc.definitions import IndexDef
from cchc.indices import compute_scores
from cchc.periods import grain_of, sort_key, sort_periods
from cchc.reexpress import ReexpressError, reexpress_observations

GEOGRAPHIES = ("vn63", "vn34")
PERIODS_SCHEMA: dict[str, pl.DataType] = {"period": pl.String(), "geography": pl.String(), "reexpressed": pl.Boolean()}


def relevant_observations(observations: pl.DataFrame, definition: IndexDef) -> pl.DataFrame:
    """Only the rows whose indicator belongs to ``definition`` (leaves, raw inputs or nodes)."""
    wanted = set(definition.indicator_ids()) | set(definition.leaf_inputs())
    return observations.filter(pl.col("indicator_id").is_in(sorted(wanted)))


def period_geographies(observations: pl.DataFrame, units: pl.DataFrame) -> pl.DataFrame:
    """``period``, ``level``, ``geography``: where each period's data were published."""
    return (
        observations.select("unit_id", "period").unique()
        .join(units.select("unit_id", "level", "geography"), on="unit_id", how="inner")
        .select("period", "level", "geography").unique()
        .sort("period", "level", "geography")
    )


def index_scores(
    observations: pl.DataFrame,
    definition: IndexDef,
    units: pl.DataFrame,
    crosswalk: pl.DataFrame,
    *,
    level: str,
    geography: str | None = None,
) -> pl.DataFrame:
    """Engine output for every node of ``definition`` at ``level``, plus
    ``geography`` (str), ``reexpressed`` (bool) and the coverage columns
    ``n_sources``/``n_used`` (Int64, null unless re-expressed: how many old
    units fed the new one, and how many of them were scored).

    ``geography=None`` keeps every period as published. ``"vn34"`` re-expresses
    vn63 periods (raises :class:`ReexpressError` if the index's rule is
    ``none`` or the level has no crosswalk, e.g. districts). ``"vn63"`` keeps
    only periods published on vn63.
    """
    obs = rows_at_level(observations, definition, units, level, geography)
    parts = [scored_rows(rows, definition, geo, moved)
             for geo, rows, moved in placed_rows(obs, definition, units, crosswalk, level=level, geography=geography)]
    if not parts:
        return _with_coverage(compute_scores(obs.drop("geography"), definition), geography or "vn34", False).head(0)
    return _in_period_order(parts).with_columns(pl.col("n_sources", "n_used").cast(pl.Int64))


def rows_at_level(observations: pl.DataFrame, definition: IndexDef, units: pl.DataFrame, level: str,
              geography: str | None) -> pl.DataFrame:
    """The rows of ``definition`` of units of ``level``, with the ``geography`` their unit is on."""
    if geography not in (None, *GEOGRAPHIES):
        raise ValueError(f"geography must be vn63 or vn34, not {geography!r}")
    at_level = units.filter(pl.col("level") == level).select("unit_id", "geography")
    return relevant_observations(observations, definition).join(at_level, on="unit_id", how="inner")


def placed_rows(obs: pl.DataFrame, definition: IndexDef, units: pl.DataFrame, crosswalk: pl.DataFrame, *, level: str,
            geography: str | None) -> list[tuple[str, pl.DataFrame, bool]]:
    """``(geography published on, rows, re-expressed)`` for each geography of ``obs`` shown on ``geography``:
    rows as published, or vn63 rows re-expressed onto vn34 units (with ``n_sources``/``n_used``)."""
    out = []
    for geo in GEOGRAPHIES:
        part = obs.filter(pl.col("geography") == geo).drop("geography")
        if part.is_empty():
            continue
        if geography is None or geography == geo:
            out.append((geo, part, False))
        elif geography == "vn34" and geo == "vn63":
            spec = {"rule": definition.reexpress.rule, "weight": definition.reexpress.weight}
            if level not in ("province", "commune"):
                raise ReexpressError("level", level=level)
            names = dict(zip(units["unit_id"], units["short_vi"]))
            out.append((geo, reexpress_observations(part, crosswalk, spec, level=level, names=names), True))
    return out


def scored_rows(rows: pl.DataFrame, definition: IndexDef, geo: str, moved: bool) -> pl.DataFrame:
    """:func:`cchc.indices.compute_scores` of ``rows`` (by period) with the geography and coverage columns."""
    if not moved:
        return _with_coverage(compute_scores(rows.drop("n_sources", "n_used", strict=False), definition,
                                             by_period=True), geo, False)
    coverage = rows.group_by("unit_id", "period").agg(pl.col("n_sources").max(), pl.col("n_used").min())
    scores = compute_scores(rows.drop("n_sources", "n_used"), definition, by_period=True)
    return (_with_coverage(scores, geo, True).drop("n_sources", "n_used")
            .join(coverage, on=["unit_id", "period"], how="left", maintain_order="left")
            .with_columns(pl.lit("vn34").alias("geography")))


def _in_period_order(parts: list[pl.DataFrame]) -> pl.DataFrame:
    """The parts (each ordered by period, unit_id, indicator_id) as one frame in that order: placed one
    after the other when their periods do not overlap, else sorted."""
    parts = sorted(parts, key=lambda p: p["period"].min() or "")
    spans = [(p["period"].min(), p["period"].max()) for p in parts if p.height]
    apart = all(a[1] < b[0] for a, b in zip(spans, spans[1:]))
    out = pl.concat(parts, how="vertical_relaxed")
    return out if apart else out.sort("period", "unit_id", "indicator_id")


def check_geography(definition: IndexDef, crosswalk: pl.DataFrame, *, level: str, geography: str | None,
                    reexpressing: bool) -> None:
    """Raise what :func:`index_scores` raises for ``geography`` (ValueError; :class:`ReexpressError` when
    ``reexpressing`` — some periods were published on vn63 — and the index or level cannot be re-expressed)."""
    if geography not in (None, *GEOGRAPHIES):
        raise ValueError(f"geography must be vn63 or vn34, not {geography!r}")
    if not reexpressing:
        return
    if level not in ("province", "commune"):
        raise ReexpressError("level", level=level)
    spec = {"rule": definition.reexpress.rule, "weight": definition.reexpress.weight}
    empty = pl.DataFrame(schema={"unit_id": pl.String, "period": pl.String, "indicator_id": pl.String,
                                 "value": pl.Float64, "n": pl.Int64})
    reexpress_observations(empty, crosswalk, spec, level=level)  # the rule's own checks, on no rows


def scored_periods(presence: pl.DataFrame, *, level: str, geography: str | None) -> pl.DataFrame:
    """The periods :func:`index_scores` gives rows for (:data:`PERIODS_SCHEMA`, one row per period and
    geography), from ``presence``: ``level, geography, period, in_crosswalk`` — where the index's
    observations are (units of ``level`` of that geography observed in that period, and whether any of
    them has a successor in the crosswalk)."""
    at = presence.filter(pl.col("level") == level)
    parts = []
    for geo in GEOGRAPHIES:
        part = at.filter(pl.col("geography") == geo)
        if part.is_empty():
            continue
        if geography is None or geography == geo:
            parts.append(part.select("period", pl.lit(geo).alias("geography"), pl.lit(False).alias("reexpressed")))
        elif geography == "vn34" and geo == "vn63":
            parts.append(part.filter(pl.col("in_crosswalk")).select(
                "period", pl.lit("vn34").alias("geography"), pl.lit(True).alias("reexpressed")))
    if not parts:
        return pl.DataFrame(schema=PERIODS_SCHEMA)
    return (pl.concat(parts).group_by("period", "geography").agg(pl.col("reexpressed").any())
            .cast(PERIODS_SCHEMA).sort("period", "geography"))  # type: ignore[arg-type]


# ------------------------------------------------------------------ reading scores by period and indicator
class ScoreSource:
    """Scores of one index at one level on one geography (the output of :func:`index_scores`),
    read by period and indicator. Subclasses say where the rows come from."""

    def periods(self, indicator: str | None = None) -> pl.DataFrame:
        """``period, geography, reexpressed``: one row per period and geography with scores
        (of ``indicator``, when given), sorted by period."""
        raise NotImplementedError

    def rows(self, periods: Iterable[str], indicators: Iterable[str] | None = None) -> pl.DataFrame:
        """The score rows of ``periods`` (of ``indicators``, when given), in :func:`index_scores` order."""
        raise NotImplementedError

    def unit_ids(self, indicator: str | None = None) -> pl.Series:
        """Every unit with a score row (of ``indicator``) in any period."""
        raise NotImplementedError

    def frame(self) -> pl.DataFrame:
        """Every row: :func:`index_scores` output."""
        raise NotImplementedError

    # derived
    def period_list(self, indicator: str | None = None) -> list[str]:
        """The periods with scores, oldest first."""
        return sort_periods(self.periods(indicator)["period"].unique().to_list())

    def geography(self, period: str, indicator: str | None = None) -> str | None:
        """The boundaries ``period`` is shown on: vn34 when any of its rows are on vn34, else vn63; None
        without rows (the geography of the period's first row in :func:`index_scores` order)."""
        geos = self.periods(indicator).filter(pl.col("period") == period)["geography"].to_list()
        return None if not geos else ("vn34" if "vn34" in geos else geos[0])

    def reexpressed(self, period: str) -> bool:
        """Whether any score of ``period`` is re-expressed."""
        at = self.periods().filter(pl.col("period") == period)
        return bool(at["reexpressed"].any()) if at.height else False

    def earlier(self, period: str, indicator: str, geography: str) -> list[str]:
        """The periods a change of ``period`` may be measured against, latest first: those before it of the
        same grain on ``geography`` (:func:`cchc.league.previous_scored` takes the first one scored)."""
        grain, key = grain_of(period), sort_key(period)
        on = self.periods(indicator).filter(pl.col("geography") == geography)["period"].unique().to_list()
        return sorted((p for p in on if grain_of(p) == grain and sort_key(p) < key), key=sort_key, reverse=True)


class FrameScores(ScoreSource):
    """A :class:`ScoreSource` over a frame already computed (filters; an indicator's rows and periods are
    kept for the life of the object, so make one per use, e.g. one per table drawn)."""

    def __init__(self, scores: pl.DataFrame) -> None:
        self._scores = scores
        self._nodes: dict[str, pl.DataFrame] = {}
        self._periods: dict[str | None, pl.DataFrame] = {}

    def _of(self, indicator: str | None) -> pl.DataFrame:
        if indicator is None:
            return self._scores
        if indicator not in self._nodes:
            self._nodes[indicator] = self._scores.filter(pl.col("indicator_id") == indicator)
        return self._nodes[indicator]

    def periods(self, indicator: str | None = None) -> pl.DataFrame:
        if indicator not in self._periods:
            s = self._of(indicator)
            if "geography" not in s.columns:
                s = s.with_columns(pl.lit(None, pl.String).alias("geography"))
            flag = pl.col("reexpressed").any() if "reexpressed" in s.columns else pl.lit(False)
            self._periods[indicator] = (s.group_by("period", "geography").agg(flag.alias("reexpressed"))
                                        .cast(PERIODS_SCHEMA).sort("period", "geography"))  # type: ignore[arg-type]
        return self._periods[indicator]

    def rows(self, periods: Iterable[str], indicators: Iterable[str] | None = None) -> pl.DataFrame:
        keep = pl.col("period").is_in(list(periods))
        if indicators is not None:
            indicators = list(indicators)
            if len(indicators) == 1:
                return self._of(indicators[0]).filter(keep)
            keep = keep & pl.col("indicator_id").is_in(indicators)
        return self._scores.filter(keep)

    def unit_ids(self, indicator: str | None = None) -> pl.Series:
        return self._of(indicator)["unit_id"].unique()

    def frame(self) -> pl.DataFrame:
        return self._scores


class LazyScores(ScoreSource):
    """A :class:`ScoreSource` that scores periods when first asked for, and keeps them.

    ``periods`` is :func:`scored_periods` (what exists), ``unit_ids`` every unit scored, ``compute`` turns
    a list of periods into their :func:`index_scores` rows. Periods are computed ``batch`` at a time; each
    is kept as its own frame, so the whole history (:meth:`frame`) is computed only when asked for. Safe to
    share between threads. ``grew`` is called after periods were added (the store then checks its bound);
    ``first_use`` once, after the first rows were handed out (the store may then :meth:`warm` the rest in
    the background, so that the next period asked for is already scored).
    """

    def __init__(self, periods: pl.DataFrame, unit_ids: pl.Series,
                 compute: Callable[[list[str]], pl.DataFrame], *, batch: int = 4,
                 grew: Callable[[], None] | None = None,
                 first_use: Callable[["LazyScores"], None] | None = None) -> None:
        self._periods = periods
        self._units = unit_ids
        self._compute = compute
        self._batch = max(1, batch)
        self._grew = grew
        self._first_use = first_use
        self._frames: dict[str, pl.DataFrame] = {}
        self._nodes: dict[tuple[str, str], pl.DataFrame] = {}
        self._full: pl.DataFrame | None = None
        self._empty: pl.DataFrame | None = None
        self._lock = threading.RLock()
        self._idle = threading.Condition()
        self._waiting = 0
        self.nbytes = 0

    def periods(self, indicator: str | None = None) -> pl.DataFrame:
        return self._periods

    def unit_ids(self, indicator: str | None = None) -> pl.Series:
        return self._units

    def computed(self) -> list[str]:
        """The periods scored so far."""
        return sorted(self._frames)

    def _ensure(self, periods: Sequence[str], *, waiting: bool = True) -> None:
        known = set(self._periods["period"].to_list())
        missing = [p for p in dict.fromkeys(periods) if p in known and p not in self._frames]
        if not missing:
            return
        if waiting:  # a caller waiting for rows goes before the background warming (see :meth:`warm`)
            with self._idle:
                self._waiting += 1
        try:
            self._score(missing)
        finally:
            if waiting:
                with self._idle:
                    self._waiting -= 1
                    self._idle.notify_all()
        if self._grew is not None:
            self._grew()

    def _score(self, missing: list[str]) -> None:
        with self._lock:
            missing = [p for p in missing if p not in self._frames]
            for i in range(0, len(missing), self._batch):
                chunk = missing[i:i + self._batch]
                scores = self._compute(chunk)
                if self._empty is None:
                    self._empty = scores.head(0)
                self._frames.update({p: self._empty for p in chunk})
                self._frames.update(_by_period(scores))
                self.nbytes += scores.estimated_size()

    def _concat(self, periods: Iterable[str]) -> pl.DataFrame:
        frames = [self._frames[p] for p in sorted(set(periods)) if p in self._frames]
        if not frames:
            if self._empty is None:
                self._empty = self._compute([]).head(0)
            return self._empty
        return frames[0] if len(frames) == 1 else pl.concat(frames, how="vertical_relaxed", rechunk=False)

    def warm(self, limit: int | None = None, alive: Callable[[], bool] = lambda: True) -> None:
        """Score the periods not scored yet, latest first, a batch at a time (callers waiting for rows go
        first, between batches), while ``alive()`` and until the rows take ``limit`` bytes."""
        todo = [p for p in sorted(set(self._periods["period"].to_list()), key=sort_key, reverse=True)
                if p not in self._frames]
        for i in range(0, len(todo), self._batch):
            with self._idle:  # let waiting callers have the lock first
                self._idle.wait_for(lambda: self._waiting == 0)
            if not alive() or (limit is not None and self.nbytes >= limit):
                return
            self._ensure(todo[i:i + self._batch], waiting=False)

    def rows(self, periods: Iterable[str], indicators: Iterable[str] | None = None) -> pl.DataFrame:
        wanted = list(periods)
        self._ensure(wanted)
        if self._first_use is not None:
            hook, self._first_use = self._first_use, None
            hook(self)
        indicators = list(indicators) if indicators is not None else None
        if indicators is not None and len(indicators) == 1:  # one node: its rows of each period, kept
            frames = [self._node(p, indicators[0]) for p in sorted(set(wanted)) if p in self._frames]
            if frames:
                return frames[0] if len(frames) == 1 else pl.concat(frames, how="vertical_relaxed", rechunk=False)
        out = self._concat(wanted)
        if indicators is not None:
            out = out.filter(pl.col("indicator_id").is_in(indicators))
        return out

    def _node(self, period: str, indicator: str) -> pl.DataFrame:
        key = (period, indicator)
        found = self._nodes.get(key)
        if found is None:
            found = self._frames[period].filter(pl.col("indicator_id") == indicator)
            with self._lock:
                if key not in self._nodes:
                    self._nodes[key] = found
                    self.nbytes += found.estimated_size()
                found = self._nodes[key]
        return found

    def frame(self) -> pl.DataFrame:
        if self._full is None:
            every = sorted(set(self._periods["period"].to_list()))
            self._ensure(every)
            with self._lock:
                if self._full is None:
                    # one contiguous frame (filters on it are several times faster than on many chunks);
                    # the periods become views of it, so the rows are held once
                    full = self._concat(every).rechunk()
                    self._frames.update(_by_period(full))
                    self.nbytes = full.estimated_size() + sum(f.estimated_size() for f in self._nodes.values())
                    self._full = full
        return self._full


def _by_period(scores: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Rows ordered by period, as one view per period (slices share the frame's memory)."""
    out, start = {}, 0
    for period, n in scores["period"].rle().struct.unnest().select("value", "len").iter_rows():
        out[period] = scores.slice(start, n)
        start += n
    return out


def as_source(scores: pl.DataFrame | ScoreSource) -> ScoreSource:
    """``scores`` as a :class:`ScoreSource` (a frame is wrapped; a source is returned as is)."""
    return scores if isinstance(scores, ScoreSource) else FrameScores(scores)


def _with_coverage(scores: pl.DataFrame, geography: str, reexpressed: bool) -> pl.DataFrame:
    return scores.with_columns(
        pl.lit(geography).alias("geography"),
        pl.lit(reexpressed).alias("reexpressed"),
        pl.lit(None, dtype=pl.Int64).alias("n_sources"),
        pl.lit(None, dtype=pl.Int64).alias("n_used"),
    )
