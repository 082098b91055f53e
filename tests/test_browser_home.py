"""Browser test: the home page as a person sees it (Debian chromium against `streamlit run`)."""

import pytest

from tests.browser import wait_idle

pytestmark = pytest.mark.browser


def test_home_page_renders_the_dataset_list(app_url, page, tmp_path):
    page.goto(app_url + "/data")
    page.get_by_text("Các bộ dữ liệu (7)").wait_for(timeout=30000)
    wait_idle(page)
    assert page.get_by_text("Dữ liệu minh họa.", exact=False).first.is_visible()
    grid = page.locator("[data-testid='stDataFrame']")
    grid.wait_for(timeout=30000)
    page.screenshot(path=str(tmp_path / "home.png"), full_page=True)
    assert page.locator("[data-testid='stException']").count() == 0
