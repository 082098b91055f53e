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
