"""Browser tests across pages: deep links on a fresh server, filters that follow the user, language."""


import pytest

from tests.browser import streamlit_server, wait_for_query, wait_idle

pytestmark = pytest.mark.browser


def test_deep_link_on_a_fresh_server_runs_the_app(browser):
    """The very first request is a deep link: the app's navigation must serve it (not a bare page)."""
    with streamlit_server() as url:
        context = browser.new_context(viewport={"width": 1600, "height": 1000})
        page = context.new_page()
        page.goto(url + "/rankings?index=par&period=2023")
        page.get_by_role("heading", name="Bảng xếp hạng").wait_for(timeout=60000)
        page.locator("[data-testid='stPlotlyChart']").first.wait_for(timeout=60000)
        wait_idle(page)
        assert page.get_by_text("Page not found").count() == 0
        nav = page.locator("[data-testid='stSidebarNav']")
        assert nav.get_by_text("Tổng quan").count() == 1 and nav.get_by_text("Phương pháp").count() == 1
        assert page.locator("[data-testid='stException']").count() == 0
        context.close()


def test_filters_follow_the_user_to_another_page(app_url, page):
    page.goto(app_url)
    page.locator("[data-testid='stSidebarNav']").get_by_text("Bảng xếp hạng").wait_for(timeout=60000)
    wait_idle(page)
    page.goto(app_url + "/rankings?index=par&period=2022")
    page.locator("[data-testid='stPlotlyChart']").first.wait_for(timeout=60000)
    wait_idle(page)
    page.locator("[data-testid='stSidebarNav']").get_by_text("Tổng quan").click()
    page.locator("h1", has_text="Tổng quan").wait_for(timeout=60000)
    wait_for_query(page, period="2022")
    assert "index=par" in page.url and "period=2022" in page.url  # overview is the default page: served at /


def test_language_switch_changes_navigation_and_url(app_url, page):
    page.goto(app_url + "/methodology?index=papi")
    page.locator("h1", has_text="Phương pháp").wait_for(timeout=60000)
    wait_idle(page)
    page.get_by_text("English").first.click()
    page.locator("h1", has_text="Methodology").wait_for(timeout=60000)
    nav = page.locator("[data-testid='stSidebarNav']")
    nav.get_by_text("Rankings").wait_for(timeout=30000)
    wait_for_query(page, lang="en")
    assert page.get_by_text("Provincial Governance and Public Administration Performance Index").count() >= 1
