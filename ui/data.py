"""The dashboard's data — the one place where caching lives.

One :class:`cchc.store.Store` per data folder is kept for the whole server
process: every session — and every download built on click, which runs
without a session — reads the same frames, read-only, and nothing large is
pickled per call. The data folder is the
cache key, so pointing ``CCHC_DATA_DIR`` elsewhere never serves stale frames.
The small derived tables (the Data page's overview) are cached per language.
Errors in the data files are raised, for the page to show.
"""

from __future__ import annotations

import threading
from typing import Any

import polars as pl
import streamlit as st

from cchc import catalogue, loading
from cchc.definitions import IndexDef
from cchc.store import Store


def folder() -> str:
    return str(loading.data_dir())


_STORES: dict[str, Store] = {}
_LOCK = threading.Lock()


def store(path: str | None = None) -> Store:
    """The store of the data folder ``path`` (default: the current one), shared by every session."""
    path = path or folder()
    with _LOCK:
        if path not in _STORES:
            _STORES[path] = Store(path)
        return _STORES[path]


@st.cache_resource(show_spinner=False)
def _overview(path: str, lang: str) -> pl.DataFrame:
    s = store(path)
    return catalogue.dataset_overview(s.catalogue, s.all_observations(), s.units, lang)


def dataset_overview(lang: str = "vi") -> pl.DataFrame:
    return _overview(folder(), lang)


# The store's tables, for pages that need only one of them.
def units() -> pl.DataFrame:
    return store().units


def crosswalk() -> pl.DataFrame:
    return store().crosswalk


def datasets() -> list[dict[str, Any]]:
    return store().catalogue


def definitions() -> dict[str, IndexDef]:
    return store().definitions


def regions() -> list[dict[str, Any]]:
    return store().regions
