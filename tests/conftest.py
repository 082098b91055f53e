"""Shared fixtures: the bundled data, loaded once per test session."""

import polars as pl
import pytest

from cchc import loading
from cchc.definitions import load_definitions


@pytest.fixture(scope="session")
def units() -> pl.DataFrame:
    return loading.load_units()


@pytest.fixture(scope="session")
def crosswalk() -> pl.DataFrame:
    return loading.load_crosswalk()


@pytest.fixture(scope="session")
def definitions():
    return load_definitions()


@pytest.fixture(scope="session")
def observations() -> pl.DataFrame:
    return loading.load_all_observations()


@pytest.fixture(scope="session")
def province_id(units):
    """Look up a province id by short Vietnamese name and geography."""

    def find(name: str, geography: str = "vn63") -> str:
        hit = units.filter((pl.col("level") == "province") & (pl.col("geography") == geography)
                           & (pl.col("short_vi") == name))
        assert hit.height == 1, f"{name} on {geography}: {hit.height} matches"
        return hit["unit_id"][0]

    return find
