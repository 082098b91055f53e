"""The data folder as the core reads it: one explicit object instead of loose reads.

A :class:`Store` holds a data folder's catalogue, units, crosswalk, regions,
index definitions, observations (per index) and boundaries — every one read
through :mod:`cchc.loading` the first time it is asked for and then shared,
read-only. It is safe to share one store between threads (the dashboard's
sessions): each value is built once, under a lock.

What a view needs is read, not everything: which units and periods an index
has data for comes from one scan of the unit, period and indicator columns
(:meth:`Store.levels_with_data`, :meth:`Store.is_demo`); scores are handed out
per ``(index, level, geography, dataset)`` as a
:class:`~cchc.scores.LazyScores` (:meth:`Store.source`) that scores a period
the first time it is asked for, reading only that period's rows of the
observation files (a filter pushed down to the Parquet scan); a store made
with ``warm=True`` (the dashboard's) then scores the source's other periods in
a background thread, latest first, a moment after the first view is drawn, so
the next period asked for is ready. The large values
— score sources, whole observation tables — are kept in a memo bounded in
entries and bytes (least recently used first out: ``memo_entries``,
``memo_mb``, default ``$CCHC_STORE_MB`` or 512 MB), so a server visited on
every index, level and geography does not keep everything forever.

Imported data (:mod:`cchc.archive`, folder ``imported``) are read beside the
bundled data: for an index, the imported rows replace the bundled (demo) rows
of every period they cover, so real data show wherever they exist and
:meth:`Store.is_demo` says, per period, whether any figure shown is demo data.
Restricted imported datasets are seen only by a store made with
``restricted=True``. A store notices a new import or rollback by itself:
:meth:`Store.version` changes, and every memoised value that depends on
imported data is keyed on it (stale ones are dropped); callers that cache
derived values key them on ``store.version()`` too.

Everything that turns a selection into a table (:func:`cchc.selection.league_for`),
the command line, the exports and the dashboard read data only through a
store, so how reading is done (eager, lazy, cached) changes in this one place.

>>> store = Store(imported=None)
>>> store.definition("papi").short("vi"), store.is_demo("papi"), store.is_demo("papi", "2023")
('PAPI', True, True)
>>> store.unit_name("vn34:province:33", "vi")
'Hưng Yên'
>>> store.observations("papi", dataset="papi").height == store.observations("papi").height
True
"""

from __future__ import annotations

import os
import queue
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, TypeVar

import polars as pl

from cchc import loading
from cchc.archive import KEY, Archive
from cchc.checks import check_definitions
from cchc.definitions import IndexDef
from cchc.memo import MISS, Bounded
from cchc.periods import sort_periods
from cchc.range_scores import NotSummableError, RangeScores, accepts_ranges, range_scores
from cchc.ranges import is_range, parse_range
from cchc.scores import GEOGRAPHIES, LazyScores, check_geography, index_scores, scored_periods

T = TypeVar("T")
Version = tuple[tuple[str, int], ...]
MEMO_ENTRIES = 24        # large values kept (score sources, whole observation tables) …
MEMO_MB = 512            # … and their bytes at most (default; $CCHC_STORE_MB overrides)
SCORE_BATCH = 4          # periods scored per engine call
TABLES_KEPT, TABLES_MB = 64, 64   # derived tables (league tables) kept: at most this many, this many MB
WARM_DELAY = 2.0         # seconds between a source's first use and scoring its other periods (warm=True)


class UnknownIndexError(LookupError):
    """An index id that no definition in the data folder has."""


class UnknownDatasetError(LookupError):
    """A dataset id that no (visible) catalogue entry of an index has."""


@dataclass(frozen=True)
class Presence:
    """Where an index has data (of one dataset, or the rows shown), from its unit, period and indicator
    columns only: ``levels`` of every unit with a row; ``units`` (``unit_id, level, geography``) with a row
    the index scores; ``by_level`` (``level, geography, period, in_crosswalk``) where those rows are;
    ``relevant`` the ids of those units (known to the units table or not); ``demo`` per period, whether
    a row shown is demo data."""

    levels: frozenset[str]
    units: pl.DataFrame
    by_level: pl.DataFrame
    relevant: pl.Series
    demo: dict[str, bool]


class Store:
    """Read-only access to one data folder (default: ``$CCHC_DATA_DIR`` or the bundled ``data/``) and,
    beside it, an import folder (``imported``; default ``$CCHC_IMPORT_DIR`` when set, else none)."""

    def __init__(self, folder: str | os.PathLike[str] | None = None, *,
                 imported: str | os.PathLike[str] | None = None, restricted: bool = False,
                 memo_entries: int = MEMO_ENTRIES, memo_mb: float | None = None, warm: bool = False) -> None:
        self.folder: Path = loading.data_dir(folder)
        imported = imported if imported is not None else os.environ.get("CCHC_IMPORT_DIR") or None
        self.archive: Archive | None = Archive(imported) if imported else None
        self.restricted = restricted
        self._lock = threading.RLock()
        self._memo: dict[tuple[Any, ...], Any] = {}
        self._live: tuple[Version, dict[tuple[Any, ...], Any]] = ((), {})
        mb = memo_mb if memo_mb is not None else float(os.environ.get("CCHC_STORE_MB") or MEMO_MB)
        self.large = Bounded(memo_entries, int(mb * 2**20))
        self.tables = Bounded(TABLES_KEPT, TABLES_MB * 2**20)
        self._stamp: tuple[int, int, int] | None = None
        self._version: Version = ()
        self.warm, self.warm_delay = warm, WARM_DELAY
        self._warming: queue.SimpleQueue[tuple[Any, LazyScores, float]] = queue.SimpleQueue()
        self._warmer: threading.Thread | None = None

    def __repr__(self) -> str:
        imported = f", imported={str(self.archive.folder)!r}" if self.archive else ""
        return f"Store({str(self.folder)!r}{imported})"

    def _once(self, key: tuple[Any, ...], build: Callable[[], T], memo: dict[tuple[Any, ...], Any] | None = None) -> T:
        """The value of ``key``, built by ``build`` the first time (under the lock)."""
        memo = self._memo if memo is None else memo
        try:
            return memo[key]
        except KeyError:
            pass
        with self._lock:
            if key not in memo:
                memo[key] = build()
            return memo[key]

    def derived(self, key: tuple[Any, ...], build: Callable[[], T]) -> T:
        """A value derived from the data (e.g. a league table), built once per version and kept in a small
        bounded memo of its own (:attr:`tables`); ``key`` must say everything the value depends on.
        Frames handed out are shared: never modify them in place."""
        full = (self._current(), *key)
        found = self.tables.get(full)
        if found is not MISS:
            return found
        value = build()
        found = self.tables.get(full)
        return self.tables.put(full, value) if found is MISS else found

    def version(self) -> Version:
        """``(dataset, version number)`` of every imported dataset (``()`` without an import folder).

        Changes with every import and rollback; values that depend on imported data are memoised under it.
        """
        if self.archive is None:
            return ()
        stamp = self.archive.stamp()
        if stamp != self._stamp:
            with self._lock:
                if stamp != self._stamp:
                    self._version = tuple(sorted((e["id"], int(e["version"])) for e in self.archive.datasets()))
                    self._stamp = stamp
        return self._version

    def _current(self) -> Version:
        """The version, after dropping every memoised value an import or rollback made stale."""
        version = self.version()
        if self._live[0] != version:
            with self._lock:
                if self._live[0] != version:
                    self._live = (version, {})
                    self.large.drop(lambda k: k[0] is not None and k[0] != version)
                    self.tables.drop(lambda k: k[0] != version)
        return version

    def _live_once(self, key: tuple[Any, ...], build: Callable[[], T]) -> T:
        """Like :meth:`_once`, for values that depend on imported data: rebuilt once the version changes."""
        self._current()
        return self._once(key, build, self._live[1])

    def _large_once(self, key: tuple[Any, ...], build: Callable[[], T], *, live: bool = True) -> T:
        """Like :meth:`_live_once` (or :meth:`_once` with ``live=False``), in the bounded memo :attr:`large`."""
        full = (self._current() if live else None, *key)
        found = self.large.get(full)
        if found is not MISS:
            return found
        with self._lock:
            found = self.large.get(full)
            return self.large.put(full, build()) if found is MISS else found

    # ------------------------------------------------------------------ tables of the folder
    @property
    def units(self) -> pl.DataFrame:
        return self._once(("units",), lambda: loading.load_units(self.folder))

    @property
    def crosswalk(self) -> pl.DataFrame:
        return self._once(("crosswalk",), lambda: loading.load_crosswalk(self.folder))

    def crosswalk_for(self, geography: str | None) -> pl.DataFrame:
        """The crosswalk for scores on ``geography``. When its file is missing or broken, scores on today's
        units (``"vn34"``) raise :class:`~cchc.loading.DataFileError`; others get an empty crosswalk, so the
        data as published still work (a range across the merger then sums old and new units apart)."""
        try:
            return self.crosswalk
        except loading.DataFileError:
            if geography == "vn34":
                raise
            return pl.DataFrame(schema=loading.CROSSWALK_SCHEMA)

    @property
    def catalogue(self) -> list[dict[str, Any]]:
        """The bundled datasets, then the visible imported ones (marked ``imported: true``)."""
        def build() -> list[dict[str, Any]]:
            bundled = self._once(("catalogue",), lambda: loading.load_catalogue(self.folder))
            found = self.archive.datasets() if self.archive else []
            return bundled + [{**e, "imported": True} for e in found if self.restricted or not e.get("restricted")]
        return self._live_once(("catalogue",), build)

    @property
    def definitions(self) -> dict[str, IndexDef]:
        """The definitions that are usable; one that is not (see :attr:`broken_definitions`) is left out, so a
        bad file disables only its own index."""
        return self._once(("definitions",), lambda: check_definitions(self.folder)[0])

    @property
    def broken_definitions(self) -> list[str]:
        """A sentence for every definition file that cannot be used (file name, never a server path)."""
        return self._once(("broken_definitions",), lambda: [f.message for f in check_definitions(self.folder)[1]
                                                            if f.severity == "error"])

    @property
    def regions(self) -> list[dict[str, Any]]:
        return self._once(("regions",), lambda: loading.read_yaml(self.folder / "regions.yaml"))

    def region_names(self, lang: str = "vi") -> dict[str, str]:
        """Region code → name in ``lang`` (empty when the folder has no regions file)."""
        try:
            regions = self.regions
        except loading.DataFileError:
            return {}
        return {r["code"]: r["en" if lang == "en" else "vi"] for r in regions}

    def unit_name(self, unit_id: str | None, lang: str = "vi") -> str | None:
        """The short name of ``unit_id`` in ``lang`` (the id itself when unknown; None for None)."""
        if not unit_id:
            return None
        names = self._once(("names", lang), lambda: dict(zip(
            self.units["unit_id"].to_list(), self.units["short_en" if lang == "en" else "short_vi"].to_list())))
        return names.get(unit_id, unit_id)

    def geojson(self, geography: str) -> dict[str, Any]:
        """Province boundaries of ``geography`` (``vn63``/``vn34``); raises :class:`loading.DataFileError`."""
        return self._once(("geojson", geography), lambda: loading.load_geojson(f"provinces_{geography}", self.folder))

    # ------------------------------------------------------------------ indices
    def definition(self, index: str) -> IndexDef:
        """The definition of ``index``; :class:`UnknownIndexError` names the known ones."""
        defs = self.definitions
        if index not in defs:
            raise UnknownIndexError(f"unknown index {index!r}; known: {', '.join(sorted(defs))}")
        return defs[index]

    def entries(self, index: str) -> list[dict[str, Any]]:
        """The catalogue entries (datasets) that hold ``index``."""
        return [e for e in self.catalogue if index in e.get("indices", [])]

    def _entry(self, index: str, dataset: str) -> dict[str, Any]:
        for e in self.entries(index):
            if e["id"] == dataset:
                return e
        known = ", ".join(e["id"] for e in self.entries(index)) or "none"
        raise UnknownDatasetError(f"no dataset {dataset!r} holds index {index!r}; datasets of {index}: {known}")

    def _dataset_rows(self, entry: dict[str, Any]) -> pl.DataFrame:
        """The rows of one catalogue entry (bundled files are read once; imported ones once per version)."""
        if entry.get("imported"):
            assert self.archive is not None
            return self._live_once(("dataset", entry["id"]), lambda: self.archive.observations(entry["id"]))
        return self._large_once(("file", entry["file"]),
                                lambda: loading.load_observations(entry["file"], self.folder), live=False)

    def _real(self, index: str) -> pl.DataFrame:
        """The imported rows of ``index`` with their ``dataset`` and ``demo`` flag (the later import wins
        on the same key); small, kept per version."""
        def build() -> pl.DataFrame:
            schema = {**loading.OBSERVATIONS_SCHEMA, "dataset": pl.String(), "demo": pl.Boolean()}
            found = sorted((e for e in self.entries(index) if e.get("imported")), key=lambda e: str(e.get("imported_at")))
            real = pl.concat([self._tagged(e) for e in found] or [pl.DataFrame(schema=schema)])
            return real.unique(KEY, keep="last", maintain_order=True)
        return self._live_once(("real", index), build)

    def _tagged(self, entry: dict[str, Any]) -> pl.DataFrame:
        return self._dataset_rows(entry).with_columns(dataset=pl.lit(entry["id"]), demo=pl.lit(bool(entry.get("demo"))))

    def _sourced(self, index: str) -> pl.DataFrame:
        """The rows shown for ``index`` with their ``dataset`` and ``demo`` flag: the bundled rows, less every
        period an imported dataset covers, and the imported rows (the later import wins on the same key)."""
        def build() -> pl.DataFrame:
            schema = {**loading.OBSERVATIONS_SCHEMA, "dataset": pl.String(), "demo": pl.Boolean()}
            bundled = pl.concat([self._tagged(e) for e in self.entries(index) if not e.get("imported")]
                                or [pl.DataFrame(schema=schema)])
            real = self._real(index)
            return pl.concat([bundled.filter(~pl.col("period").is_in(real["period"].unique().implode())), real])
        return self._large_once(("sourced", index), build)

    def _wanted(self, index: str) -> list[str]:
        """The indicator ids ``index`` reads (its nodes and raw inputs; none for an index not defined)."""
        d = self.definitions.get(index)
        return sorted(set(d.indicator_ids()) | set(d.leaf_inputs())) if d is not None else []

    def _scan(self, entry: dict[str, Any], columns: list[str], keep: pl.Expr | None) -> pl.LazyFrame:
        """A scan of a bundled file (checked once: a bad file raises as reading it whole would)."""
        self._once(("checked", entry["file"]), lambda: loading.check_observations(entry["file"], self.folder))
        lazy = loading.scan_observations(entry["file"], self.folder, columns)
        return lazy.filter(keep) if keep is not None else lazy

    def _collect(self, lazies: list[pl.LazyFrame], entries: list[dict[str, Any]], *,
                 streaming: bool = False) -> list[pl.DataFrame]:
        """Collect scans of bundled files together (``streaming``: in batches, for a whole file's columns: a
        fraction of the memory); a bad file is reported as the eager reader reports it."""
        try:
            return pl.collect_all(lazies, engine="streaming" if streaming else "auto") if lazies else []
        except Exception:  # noqa: BLE001
            for e in entries:
                loading.load_observations(e["file"], self.folder)
            raise

    def period_rows(self, index: str, periods: list[str], dataset: str | None = None) -> pl.DataFrame:
        """The observation rows of ``index`` in ``periods`` that it reads (its indicators and raw inputs),
        as :meth:`observations` has them, in the same order — read from the files with the period and
        indicator filters pushed down to the scan."""
        wanted = self._wanted(index)
        keep = pl.col("period").is_in(list(periods)) & pl.col("indicator_id").is_in(wanted)
        if dataset is not None:
            entry = self._entry(index, dataset)
            if entry.get("imported"):
                return self._dataset_rows(entry).filter(keep)
            return self._collect([self._scan(entry, list(loading.OBSERVATIONS_SCHEMA), keep)], [entry])[0]
        real = self._real(index)
        gone = set(real["period"].unique().to_list())
        bundled = [e for e in self.entries(index) if not e.get("imported")]
        here = [p for p in periods if p not in gone]
        mine = pl.col("period").is_in(here) & pl.col("indicator_id").is_in(wanted)
        frames = self._collect([self._scan(e, list(loading.OBSERVATIONS_SCHEMA), mine) for e in bundled] if here
                               else [], bundled)
        frames.append(real.filter(keep).drop("dataset", "demo"))
        return pl.concat(frames, how="vertical")

    def presence(self, index: str, dataset: str | None = None) -> Presence:
        """Where ``index`` has data (:class:`Presence`), from the unit, period and indicator columns only."""
        def build() -> Presence:
            wanted = self._wanted(index)
            cols = ["unit_id", "period", "indicator_id"]

            def pairs(lazy: pl.LazyFrame, demo: pl.Expr) -> pl.LazyFrame:
                return lazy.group_by("period", "unit_id").agg(
                    pl.col("indicator_id").is_in(wanted).any().alias("relevant"), demo.alias("demo"))

            if dataset is not None:
                entry = self._entry(index, dataset)
                flag = pl.lit(bool(entry.get("demo")))
                if entry.get("imported"):
                    found = pairs(self._dataset_rows(entry).lazy(), flag).collect()
                else:
                    found = self._collect([pairs(self._scan(entry, cols, None), flag)], [entry], streaming=True)[0]
            else:
                real = self._real(index)
                gone = real["period"].unique()
                keep = ~pl.col("period").is_in(gone.implode()) if gone.len() else None
                bundled = [e for e in self.entries(index) if not e.get("imported")]
                frames = self._collect([pairs(self._scan(e, cols, keep), pl.lit(bool(e.get("demo")))) for e in bundled],
                                       bundled, streaming=True)
                frames.append(pairs(real.lazy(), pl.col("demo").any()).collect())
                found = pl.concat(frames, how="vertical")
            return self._presence_of(found)
        return self._live_once(("presence", index, dataset), build)

    def _presence_of(self, found: pl.DataFrame) -> Presence:
        units = self.units.select("unit_id", "level", "geography")
        levels = found.select("unit_id").unique().join(units, on="unit_id", how="inner")["level"].unique()
        relevant = found.filter(pl.col("relevant"))
        ids = relevant["unit_id"].unique()
        try:
            crosswalk = self.crosswalk
        except loading.DataFileError:  # no crosswalk: nothing can be re-expressed, the data as published still work
            crosswalk = pl.DataFrame(schema={"from_id": pl.String, "level": pl.String})
        cw = (crosswalk.select(pl.col("from_id").alias("unit_id"), "level").unique()
              .with_columns(pl.lit(True).alias("in_crosswalk")))
        by_level = (relevant.select("period", "unit_id").join(units, on="unit_id", how="inner")
                    .join(cw, on=["unit_id", "level"], how="left")
                    .group_by("level", "geography", "period").agg(pl.col("in_crosswalk").fill_null(False).any()))
        demo = dict(found.group_by("period").agg(pl.col("demo").any()).iter_rows())
        return Presence(levels=frozenset(levels.to_list()), units=ids.to_frame().join(units, on="unit_id", how="inner"),
                        by_level=by_level, relevant=ids, demo=demo)

    def periods_with_data(self, index: str, dataset: str | None = None) -> list[str]:
        """The periods of the rows shown for ``index`` (of ``dataset``), oldest first — the periods of
        :meth:`observations`, without reading its values."""
        return sort_periods(self.presence(index, dataset).demo)

    def is_demo(self, index: str, period: str | None = None, dataset: str | None = None) -> bool:
        """True when any row shown for ``index`` (in ``period``, when given; of ``dataset``, when given) is
        demo data. With no rows shown, True when any dataset of the index is demo data."""
        if dataset is not None:
            return bool(self._entry(index, dataset).get("demo"))
        demo = self.presence(index).demo
        if period is not None:
            demo = {period: demo[period]} if period in demo else {}
        return any(demo.values()) if demo else any(bool(e.get("demo")) for e in self.entries(index))

    def demo_in(self, index: str, periods: Iterable[str], dataset: str | None = None) -> bool:
        """True when any row shown for ``index`` in any of ``periods`` is demo data (a range of months, e.g.
        ``"2025-Q3"`` of a monthly index, stands for its months); of ``dataset`` only, its own flag. Periods
        without rows say nothing; when none of them has rows, as :meth:`is_demo` of the whole index.

        >>> Store().demo_in("papi", ["2022", "2023"]), Store().demo_in("papi", ["1990"])
        (True, True)
        """
        if dataset is not None:
            return self.is_demo(index, dataset=dataset)
        demo, monthly = self.presence(index).demo, self.definition(index).grain == "month"
        found = [demo[m] for p in periods for m in (_months(p) if monthly else (p,)) if m in demo]
        return any(found) if found else self.is_demo(index)

    def observations(self, index: str, dataset: str | None = None) -> pl.DataFrame:
        """The observation rows shown for ``index`` (see :meth:`_sourced`), or only those of ``dataset``.

        Raises :class:`UnknownDatasetError` naming the datasets of the index.
        """
        if dataset is not None:
            return self._dataset_rows(self._entry(index, dataset))
        return self._large_once(("observations", index), lambda: self._sourced(index).drop("dataset", "demo"))

    def all_observations(self) -> pl.DataFrame:
        """Every visible dataset's rows with a ``dataset`` column (the Data page's overview)."""
        def build() -> pl.DataFrame:
            frames = [self._dataset_rows(e).with_columns(dataset=pl.lit(e["id"])) for e in self.catalogue]
            empty = pl.DataFrame(schema={**loading.OBSERVATIONS_SCHEMA, "dataset": pl.String()})
            return pl.concat(frames, how="vertical") if frames else empty
        return self._large_once(("all_observations",), build)

    def source(self, index: str, level: str, geography: str | None = None, dataset: str | None = None) -> LazyScores:
        """The scores of ``index`` at ``level`` (as published, ``None``, or on ``"vn34"``/``"vn63"``; of the
        rows shown, or of ``dataset`` only) as a :class:`~cchc.scores.LazyScores`: which periods exist is
        known at once, a period is scored the first time it is asked for (from that period's rows only).

        Raises :class:`cchc.reexpress.ReexpressError` when the index or level cannot be re-expressed.
        """
        def build() -> LazyScores:
            d = self.definition(index)
            found = self.presence(index, dataset)
            old = found.by_level.filter((pl.col("level") == level) & (pl.col("geography") == "vn63"))
            check_geography(d, self.crosswalk_for(geography), level=level, geography=geography,
                            reexpressing=geography == "vn34" and old.height > 0)
            key = (self.version(), "source", index, level, geography, dataset)
            return LazyScores(scored_periods(found.by_level, level=level, geography=geography),
                              self._scored_units(found, level, geography),
                              lambda periods: index_scores(self.period_rows(index, periods, dataset), d, self.units,
                                                           self.crosswalk_for(geography), level=level,
                                                           geography=geography),
                              batch=SCORE_BATCH, grew=self.large.trim,
                              first_use=(lambda source: self._warm_later(key, source)) if self.warm else None)
        return self._large_once(("source", index, level, geography, dataset), build)

    def range_source(self, index: str, level: str, geography: str | None = None,
                     dataset: str | None = None) -> RangeScores:
        """The scores of a monthly ``index`` that also answer period ranges (``"2025-Q3"``, ``"2025-YTD"``,
        ``"2025-07..2025-12"``; :class:`~cchc.range_scores.RangeScores`): months as :meth:`source` has them,
        a range scored from the sum of its months' counts — the rows of its months read with the period
        filter pushed down (:meth:`period_rows`) — the first time it is asked for, and kept.

        Raises :class:`~cchc.range_scores.NotSummableError` for an index whose inputs are not monthly counts.
        """
        d = self.definition(index)
        if not accepts_ranges(d):
            raise NotSummableError(f"{index} is published per {d.grain}, not as monthly counts")

        def build() -> RangeScores:
            monthly = self.source(index, level, geography, dataset)
            return RangeScores(monthly, lambda r, months: range_scores(
                self.period_rows(index, months, dataset), d, self.units, self.crosswalk_for(geography), level=level,
                geography=geography, label=r.text, months=months), grew=self.large.trim)
        return self._large_once(("range_source", index, level, geography, dataset), build)

    def sums_months(self, index: str, level: str, geography: str | None = None, dataset: str | None = None) -> bool:
        """Whether period ranges of ``index`` can be scored at ``level``: a monthly index of counts whose rows
        at that level (of its latest month with data) are counts, not scores already published."""
        d = self.definition(index)
        if not accepts_ranges(d):
            return False

        def build() -> bool:
            months = self.source(index, level, geography, dataset).period_list()
            if not months:
                return False
            ids = self.units.filter(pl.col("level") == level)["unit_id"].implode()
            rows = self.period_rows(index, months[-1:], dataset).filter(pl.col("unit_id").is_in(ids))
            return rows.height > 0 and not rows["indicator_id"].is_in(list(d.indicator_ids())).any()
        return self._live_once(("sums_months", index, level, geography, dataset), build)

    def _warm_later(self, key: tuple[Any, ...], source: LazyScores) -> None:
        """Score the rest of ``source`` in the background (one thread per store, one source at a time), from
        :attr:`warm_delay` seconds on (the first view is drawn first), while it is still kept and within half
        the memo's bytes: a view's next period is then already scored."""
        with self._lock:
            self._warming.put((key, source, time.monotonic() + self.warm_delay))
            if self._warmer is None:
                self._warmer = threading.Thread(target=self._warm_queue, name="cchc-store-warm", daemon=True)
                self._warmer.start()

    def _warm_queue(self) -> None:
        while True:
            try:
                key, source, start = self._warming.get(timeout=1.0)
            except queue.Empty:
                with self._lock:
                    if self._warming.empty():
                        self._warmer = None
                        return
                continue
            time.sleep(max(0.0, start - time.monotonic()))  # not while the first view is still being drawn
            try:
                source.warm(self.large.limit // 2, alive=lambda: key in self.large)
            except Exception:  # noqa: BLE001 - best effort: a caller asking for these rows meets the error itself
                continue

    def warmed(self, timeout: float | None = None) -> bool:
        """Wait until the background scoring is done (True), or ``timeout`` seconds passed (False)."""
        thread = self._warmer
        if thread is not None:
            thread.join(timeout)
        return self._warmer is None or not self._warmer.is_alive()

    def _scored_units(self, found: Presence, level: str, geography: str | None) -> pl.Series:
        """The units :func:`index_scores` gives rows for (any period)."""
        at = found.units.filter(pl.col("level") == level)
        parts = [pl.Series("unit_id", [], dtype=pl.String)]
        for geo in GEOGRAPHIES:
            ids = at.filter(pl.col("geography") == geo)["unit_id"]
            if geography is None or geography == geo:
                parts.append(ids)
            elif geography == "vn34" and geo == "vn63":
                cw = self.crosswalk.filter((pl.col("level") == level) & pl.col("from_id").is_in(ids.implode()))
                parts.append(cw["to_id"].alias("unit_id"))
        return pl.concat(parts).unique()

    def scores(self, index: str, level: str, geography: str | None = None, dataset: str | None = None) -> pl.DataFrame:
        """Engine output of ``index`` at ``level``: as published (``None``) or re-expressed on ``"vn34"``;
        of the rows shown, or of ``dataset`` only — every period (see :meth:`source` for some periods).

        Raises :class:`cchc.reexpress.ReexpressError` when the index or level cannot be re-expressed.
        """
        return self.source(index, level, geography, dataset).frame()

    def levels_with_data(self, index: str, dataset: str | None = None) -> list[str]:
        """The levels of ``index`` (in its definition's order) that have observations (of ``dataset``),
        from the ``unit_id`` column only (or from :meth:`presence`, when known)."""
        def build() -> list[str]:
            known = self._live[1].get(("presence", index, dataset))
            found = known.levels if known is not None else self._levels_found(index, dataset)
            return [lv for lv in self.definition(index).levels if lv in found]
        return self._live_once(("levels", index, dataset), build)

    def _levels_found(self, index: str, dataset: str | None) -> frozenset[str]:
        def ids(lazy: pl.LazyFrame) -> pl.LazyFrame:
            return lazy.select("unit_id").unique()

        if dataset is not None:
            entry = self._entry(index, dataset)
            if entry.get("imported"):
                frames = [self._dataset_rows(entry).select("unit_id").unique()]
            else:
                frames = self._collect([ids(self._scan(entry, ["unit_id"], None))], [entry], streaming=True)
        else:
            real = self._real(index)
            gone = real["period"].unique()
            bundled = [e for e in self.entries(index) if not e.get("imported")]
            if gone.len():
                keep = ~pl.col("period").is_in(gone.implode())
                lazies = [ids(self._scan(e, ["unit_id", "period"], keep)) for e in bundled]
            else:
                lazies = [ids(self._scan(e, ["unit_id"], None)) for e in bundled]
            frames = self._collect(lazies, bundled, streaming=True) + [real.select("unit_id").unique()]
        found = pl.concat(frames).unique() if frames else pl.DataFrame(schema={"unit_id": pl.String})
        return frozenset(found.join(self.units.select("unit_id", "level"), on="unit_id", how="inner")["level"].to_list())

    def index_units(self) -> pl.DataFrame:
        """``index, unit_id``: the units each index has data for (the profile's "units below")."""
        def build() -> pl.DataFrame:
            frames = [self.presence(i).relevant.to_frame().with_columns(pl.lit(i).alias("index"))
                      for i in self.definitions]
            empty = pl.DataFrame(schema={"index": pl.String, "unit_id": pl.String})
            return pl.concat(frames).select("index", "unit_id") if frames else empty
        return self._live_once(("index_units",), build)


def _months(period: str) -> tuple[str, ...]:
    """The months a period of a monthly index stands for: itself, or a range's months."""
    return parse_range(period).months if is_range(period) else (period,)
