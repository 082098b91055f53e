"""The data folder as the core reads it: one explicit object instead of loose reads.

A :class:`Store` holds a data folder's catalogue, units, crosswalk, regions,
index definitions, observations (per index) and boundaries — every one read
through :mod:`cchc.loading` the first time it is asked for and then shared,
read-only. Scores are memoised per ``(index, level, geography, dataset)``. It
is safe to share one store between threads (the dashboard's sessions): each
value is built once, under a lock.

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
import threading
from pathlib import Path
from typing import Any, Callable, TypeVar

import polars as pl

from cchc import loading
from cchc.archive import KEY, Archive
from cchc.definitions import IndexDef, load_definitions
from cchc.scores import index_scores, relevant_observations

T = TypeVar("T")
Version = tuple[tuple[str, int], ...]


class UnknownIndexError(LookupError):
    """An index id that no definition in the data folder has."""


class UnknownDatasetError(LookupError):
    """A dataset id that no (visible) catalogue entry of an index has."""


class Store:
    """Read-only access to one data folder (default: ``$CCHC_DATA_DIR`` or the bundled ``data/``) and,
    beside it, an import folder (``imported``; default ``$CCHC_IMPORT_DIR`` when set, else none)."""

    def __init__(self, folder: str | os.PathLike[str] | None = None, *,
                 imported: str | os.PathLike[str] | None = None, restricted: bool = False) -> None:
        self.folder: Path = loading.data_dir(folder)
        imported = imported if imported is not None else os.environ.get("CCHC_IMPORT_DIR") or None
        self.archive: Archive | None = Archive(imported) if imported else None
        self.restricted = restricted
        self._lock = threading.RLock()
        self._memo: dict[tuple[Any, ...], Any] = {}
        self._live: tuple[Version, dict[tuple[Any, ...], Any]] = ((), {})
        self._stamp: tuple[int, int, int] | None = None
        self._version: Version = ()

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

    def _live_once(self, key: tuple[Any, ...], build: Callable[[], T]) -> T:
        """Like :meth:`_once`, for values that depend on imported data: rebuilt once the version changes."""
        version = self.version()
        if self._live[0] != version:
            with self._lock:
                if self._live[0] != version:
                    self._live = (version, {})
        return self._once(key, build, self._live[1])

    # ------------------------------------------------------------------ tables of the folder
    @property
    def units(self) -> pl.DataFrame:
        return self._once(("units",), lambda: loading.load_units(self.folder))

    @property
    def crosswalk(self) -> pl.DataFrame:
        return self._once(("crosswalk",), lambda: loading.load_crosswalk(self.folder))

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
        return self._once(("definitions",), lambda: load_definitions(self.folder))

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
        return self._once(("file", entry["file"]), lambda: loading.load_observations(entry["file"], self.folder))

    def _sourced(self, index: str) -> pl.DataFrame:
        """The rows shown for ``index`` with their ``dataset`` and ``demo`` flag: the bundled rows, less every
        period an imported dataset covers, and the imported rows (the later import wins on the same key)."""
        def build() -> pl.DataFrame:
            def tagged(e: dict[str, Any]) -> pl.DataFrame:
                return self._dataset_rows(e).with_columns(dataset=pl.lit(e["id"]), demo=pl.lit(bool(e.get("demo"))))
            entries = self.entries(index)
            schema = {**loading.OBSERVATIONS_SCHEMA, "dataset": pl.String(), "demo": pl.Boolean()}
            bundled = pl.concat([tagged(e) for e in entries if not e.get("imported")] or [pl.DataFrame(schema=schema)])
            found = sorted((e for e in entries if e.get("imported")), key=lambda e: str(e.get("imported_at")))
            real = pl.concat([tagged(e) for e in found] or [pl.DataFrame(schema=schema)])
            real = real.unique(KEY, keep="last", maintain_order=True)
            return pl.concat([bundled.filter(~pl.col("period").is_in(real["period"].unique().implode())), real])
        return self._live_once(("sourced", index), build)

    def is_demo(self, index: str, period: str | None = None, dataset: str | None = None) -> bool:
        """True when any row shown for ``index`` (in ``period``, when given; of ``dataset``, when given) is
        demo data. With no rows shown, True when any dataset of the index is demo data."""
        if dataset is not None:
            return bool(self._entry(index, dataset).get("demo"))
        rows = self._sourced(index)
        if period is not None:
            rows = rows.filter(pl.col("period") == period)
        return bool(rows["demo"].any()) if rows.height else any(e.get("demo") for e in self.entries(index))

    def observations(self, index: str, dataset: str | None = None) -> pl.DataFrame:
        """The observation rows shown for ``index`` (see :meth:`_sourced`), or only those of ``dataset``.

        Raises :class:`UnknownDatasetError` naming the datasets of the index.
        """
        if dataset is not None:
            return self._dataset_rows(self._entry(index, dataset))
        return self._live_once(("observations", index), lambda: self._sourced(index).drop("dataset", "demo"))

    def all_observations(self) -> pl.DataFrame:
        """Every visible dataset's rows with a ``dataset`` column (the Data page's overview)."""
        def build() -> pl.DataFrame:
            frames = [self._dataset_rows(e).with_columns(dataset=pl.lit(e["id"])) for e in self.catalogue]
            empty = pl.DataFrame(schema={**loading.OBSERVATIONS_SCHEMA, "dataset": pl.String()})
            return pl.concat(frames, how="vertical") if frames else empty
        return self._live_once(("all_observations",), build)

    def scores(self, index: str, level: str, geography: str | None = None, dataset: str | None = None) -> pl.DataFrame:
        """Engine output of ``index`` at ``level``: as published (``None``) or re-expressed on ``"vn34"``;
        of the rows shown, or of ``dataset`` only.

        Raises :class:`cchc.reexpress.ReexpressError` when the index or level cannot be re-expressed.
        """
        return self._live_once(("scores", index, level, geography, dataset), lambda: index_scores(
            self.observations(index, dataset), self.definition(index), self.units, self.crosswalk,
            level=level, geography=geography))

    def levels_with_data(self, index: str, dataset: str | None = None) -> list[str]:
        """The levels of ``index`` (in its definition's order) that have observations (of ``dataset``)."""
        def build() -> list[str]:
            ids = self.observations(index, dataset).select("unit_id").unique()
            found = set(ids.join(self.units.select("unit_id", "level"), on="unit_id")["level"].to_list())
            return [lv for lv in self.definition(index).levels if lv in found]
        return self._live_once(("levels", index, dataset), build)

    def index_units(self) -> pl.DataFrame:
        """``index, unit_id``: the units each index has data for (the profile's "units below")."""
        def build() -> pl.DataFrame:
            frames = [relevant_observations(self.observations(i), d).select("unit_id").unique()
                      .with_columns(pl.lit(i).alias("index")) for i, d in self.definitions.items()]
            empty = pl.DataFrame(schema={"index": pl.String, "unit_id": pl.String})
            return pl.concat(frames).select("index", "unit_id") if frames else empty
        return self._live_once(("index_units",), build)
