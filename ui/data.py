"""Cached access to the bundled data — the one place where caching lives.

Pages call these instead of :mod:`cchc.loading` so every rerun reuses the
frames already read. Errors in the data files are shown, not swallowed.
"""

from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from cchc import catalogue, loading


@st.cache_data(show_spinner=False)
def units() -> pl.DataFrame:
    return loading.load_units()


@st.cache_data(show_spinner=False)
def datasets() -> list[dict[str, Any]]:
    return loading.load_catalogue()


@st.cache_data(show_spinner=False)
def all_observations() -> pl.DataFrame:
    return loading.load_all_observations()


@st.cache_data(show_spinner=False)
def dataset_overview(lang: str = "vi") -> pl.DataFrame:
    return catalogue.dataset_overview(datasets(), all_observations(), units(), lang)
