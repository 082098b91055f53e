"""Cached access to the bundled data — the one place where caching lives.

Pages call these instead of :mod:`cchc.loading` so every rerun reuses the
frames already read. The data folder is part of every cache key, so pointing
``CCHC_DATA_DIR`` elsewhere never serves stale frames. Errors in the data
files are raised, for the page to show.
"""

from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from cchc import catalogue, loading


def folder() -> str:
    return str(loading.data_dir())


@st.cache_data(show_spinner=False)
def _units(path: str) -> pl.DataFrame:
    return loading.load_units(path)


@st.cache_data(show_spinner=False)
def _datasets(path: str) -> list[dict[str, Any]]:
    return loading.load_catalogue(path)


@st.cache_data(show_spinner=False)
def _all_observations(path: str) -> pl.DataFrame:
    return loading.load_all_observations(path)


@st.cache_data(show_spinner=False)
def _overview(path: str, lang: str) -> pl.DataFrame:
    return catalogue.dataset_overview(_datasets(path), _all_observations(path), _units(path), lang)


def units() -> pl.DataFrame:
    return _units(folder())


def datasets() -> list[dict[str, Any]]:
    return _datasets(folder())


def all_observations() -> pl.DataFrame:
    return _all_observations(folder())


def dataset_overview(lang: str = "vi") -> pl.DataFrame:
    return _overview(folder(), lang)


# ------------------------------------------------------------------ indices and scores
from cchc.definitions import IndexDef, load_definitions  # noqa: E402
from cchc.scores import index_scores  # noqa: E402


@st.cache_data(show_spinner=False)
def _definitions(path: str) -> dict[str, IndexDef]:
    return load_definitions(path)


def definitions() -> dict[str, IndexDef]:
    return _definitions(folder())


@st.cache_data(show_spinner=False)
def _crosswalk(path: str) -> pl.DataFrame:
    return loading.load_crosswalk(path)


def crosswalk() -> pl.DataFrame:
    return _crosswalk(folder())


@st.cache_data(show_spinner=False)
def _geojson(path: str, name: str) -> dict[str, Any]:
    return loading.load_geojson(name, path)


def geojson(name: str) -> dict[str, Any]:
    """A bundled boundary file (``provinces_vn63`` / ``provinces_vn34``), read once."""
    return _geojson(folder(), name)


@st.cache_data(show_spinner=False)
def _index_observations(path: str, index: str) -> pl.DataFrame:
    files = [e["file"] for e in _datasets(path) if index in e["indices"]]
    frames = [loading.load_observations(f, path) for f in files]
    return pl.concat(frames, how="vertical") if frames else pl.DataFrame(schema=loading.OBSERVATIONS_SCHEMA)


def index_observations(index: str) -> pl.DataFrame:
    return _index_observations(folder(), index)


def is_demo(index: str) -> bool:
    return any(e.get("demo") for e in datasets() if index in e["indices"])


@st.cache_data(show_spinner=False)
def _scores(path: str, index: str, level: str, geography: str | None) -> pl.DataFrame:
    return index_scores(_index_observations(path, index), _definitions(path)[index], _units(path),
                        _crosswalk(path), level=level, geography=geography)


def scores(index: str, level: str, geography: str | None = None) -> pl.DataFrame:
    """Engine output of ``index`` at ``level``, as published (None) or on ``"vn34"`` (cached)."""
    return _scores(folder(), index, level, geography)


@st.cache_data(show_spinner=False)
def _levels_with_data(path: str, index: str) -> list[str]:
    obs = _index_observations(path, index).select("unit_id").unique()
    levels = obs.join(_units(path).select("unit_id", "level"), on="unit_id")["level"].unique().to_list()
    return [lv for lv in _definitions(path)[index].levels if lv in levels]


def levels_with_data(index: str) -> list[str]:
    return _levels_with_data(folder(), index)


def regions() -> list[dict[str, Any]]:
    return _regions(folder())


@st.cache_data(show_spinner=False)
def _regions(path: str) -> list[dict[str, Any]]:
    return loading.read_yaml(loading.data_dir(path) / "regions.yaml")


@st.cache_data(show_spinner=False)
def _index_units(path: str) -> pl.DataFrame:
    from cchc.scores import relevant_observations

    defs = _definitions(path)
    frames = [relevant_observations(_index_observations(path, i), d).select("unit_id").unique()
              .with_columns(pl.lit(i).alias("index")) for i, d in defs.items()]
    return pl.concat(frames).select("index", "unit_id") if frames else pl.DataFrame(
        schema={"index": pl.String, "unit_id": pl.String})


def index_units() -> pl.DataFrame:
    """``index, unit_id``: the units each index has data for (cached; Profile's "units below")."""
    return _index_units(folder())
