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


# ---------------------------------------------------------------- browser tests
@pytest.fixture(scope="session")
def app_url():
    from tests.browser import streamlit_server

    with streamlit_server() as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN")
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture(scope="session")
def served(app_url):
    """The running app. (Pages live in views/, so even a first-request deep link gets the app's
    navigation — tests/test_browser_app.py proves it on a fresh server; no warm-up visit needed.)"""
    return app_url
