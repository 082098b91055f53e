"""The data folder as the core reads it: one explicit object instead of loose reads.

A :class:`Store` holds a data folder's catalogue, units, crosswalk, regions,
index definitions, observations (per index) and boundaries — every one read
through :mod:`cchc.loading` the first time it is asked for and then shared,
read-only. Scores are memoised per ``(index, level, geography)``. It is safe
to share one store between threads (the dashboard's sessions): each value is
built once, under a lock.

Everything that turns a selection into a table (:func:`cchc.selection.league_for`),
the command line, the exports and the dashboard read data only through a
store, so how reading is done (eager, lazy, cached) changes in this one place.

>>> store = Store()
>>> store.definition("papi").short("vi"), store.is_demo("papi")
('PAPI', True)
>>> store.unit_name("vn34:province:33", "vi")
'Hưng Yên'
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any, Callable, TypeVar

import polars as pl

from cchc import loading
from cchc.definitions import IndexDef, load_definitions
from cchc.scores import index_scores, relevant_observations

T = TypeVar("T")


class UnknownIndexError(LookupError):
    """An index id that no definition in the data folder has."""


class Store:
    """Read-only access to one data folder (default: ``$CCHC_DATA_DIR`` or the bundled ``data/``)."""

    def __init__(self, folder: str | os.PathLike[str] | None = None) -> None:
        self.folder: Path = loading.data_dir(folder)
        self._lock = threading.RLock()
        self._memo: dict[tuple[Any, ...], Any] = {}

    def __repr__(self) -> str:
        return f"Store({str(self.folder)!r})"

    def _once(self, key: tuple[Any, ...], build: Callable[[], T]) -> T:
        """The value of ``key``, built by ``build`` the first time (under the lock)."""
        try:
            return self._memo[key]
        except KeyError:
            pass
        with self._lock:
            if key not in self._memo:
                self._memo[key] = build()
            return self._memo[key]

    # ------------------------------------------------------------------ tables of the folder
    @property
    def units(self) -> pl.DataFrame:
        return self._once(("units",), lambda: loading.load_units(self.folder))

    @property
    def crosswalk(self) -> pl.DataFrame:
        return self._once(("crosswalk",), lambda: loading.load_crosswalk(self.folder))

    @property
    def catalogue(self) -> list[dict[str, Any]]:
        return self._once(("catalogue",), lambda: loading.load_catalogue(self.folder))

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

    def is_demo(self, index: str) -> bool:
        """True when any dataset of ``index`` is demo data."""
        return any(e.get("demo") for e in self.entries(index))

    def observations(self, index: str) -> pl.DataFrame:
        """Every observation row of the datasets that hold ``index`` (empty frame when none)."""
        def build() -> pl.DataFrame:
            frames = [loading.load_observations(e["file"], self.folder) for e in self.entries(index)]
            return pl.concat(frames, how="vertical") if frames else pl.DataFrame(schema=loading.OBSERVATIONS_SCHEMA)
        return self._once(("observations", index), build)

    def all_observations(self) -> pl.DataFrame:
        """Every dataset's rows with a ``dataset`` column (the Data page's overview)."""
        return self._once(("all_observations",), lambda: loading.load_all_observations(self.folder))

    def scores(self, index: str, level: str, geography: str | None = None) -> pl.DataFrame:
        """Engine output of ``index`` at ``level``: as published (``None``) or re-expressed on ``"vn34"``.

        Raises :class:`cchc.reexpress.ReexpressError` when the index or level cannot be re-expressed.
        """
        return self._once(("scores", index, level, geography), lambda: index_scores(
            self.observations(index), self.definition(index), self.units, self.crosswalk,
            level=level, geography=geography))

    def levels_with_data(self, index: str) -> list[str]:
        """The levels of ``index`` (in its definition's order) that have observations."""
        def build() -> list[str]:
            ids = self.observations(index).select("unit_id").unique()
            found = set(ids.join(self.units.select("unit_id", "level"), on="unit_id")["level"].to_list())
            return [lv for lv in self.definition(index).levels if lv in found]
        return self._once(("levels", index), build)

    def index_units(self) -> pl.DataFrame:
        """``index, unit_id``: the units each index has data for (the profile's "units below")."""
        def build() -> pl.DataFrame:
            frames = [relevant_observations(self.observations(i), d).select("unit_id").unique()
                      .with_columns(pl.lit(i).alias("index")) for i, d in self.definitions.items()]
            empty = pl.DataFrame(schema={"index": pl.String, "unit_id": pl.String})
            return pl.concat(frames).select("index", "unit_id") if frames else empty
        return self._once(("index_units",), build)
