"""Browser tests of the rankings page (Debian chromium against `streamlit run`): deep links,
chart and table agreeing after a change of period, and the language switch."""

from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser import first_bar, first_row, wait_for_query, wait_idle

pytestmark = pytest.mark.browser


def ready(page, text: str) -> None:
    page.locator("[data-testid=stDataFrame]").first.wait_for(timeout=60000)
    page.locator(".js-plotly-plot").first.wait_for(timeout=60000)
    page.wait_for_function("t => document.querySelector('.js-plotly-plot')?.data?.[0]?.y?.includes(t)", arg=text,
                           timeout=60000)
    wait_idle(page)


def test_deep_link_restores_the_view(served, page, tmp_path):
    page.goto(served + "/rankings?index=par&period=2023")
    ready(page, "Quảng Ninh")
    assert page.locator("h1").first.inner_text() == "Bảng xếp hạng"
    assert page.locator("[data-testid='stException']").count() == 0
    assert first_bar(page) == ("Quảng Ninh", "92,18")
    assert first_row(page) == ["1", "Quảng Ninh", "92.18"]
    assert page.get_by_text("Dữ liệu minh họa", exact=False).first.is_visible()
    wait_for_query(page, index="par", period="2023")
    query = parse_qs(urlparse(page.url).query)
    assert query["index"] == ["par"] and query["period"] == ["2023"]
    page.screenshot(path=str(tmp_path / "rankings.png"))


def test_changing_the_period_updates_chart_and_table_together(served, page):
    page.goto(served + "/rankings?index=par&period=2023")
    ready(page, "Quảng Ninh")
    page.get_by_test_id("stSidebar").get_by_role("combobox", name="Kỳ").click()
    page.get_by_role("option", name="Năm 2024", exact=True).click()
    wait_for_query(page, period="2024")
    page.wait_for_function("() => document.querySelector('.js-plotly-plot').data[0].y[0] !== 'Quảng Ninh'",
                           timeout=60000)
    wait_idle(page)
    # the grid redraws its accessible table a moment after the run: wait for it to leave 2023 too
    page.wait_for_function("() => { const row = document.querySelectorAll('[data-testid=stDataFrame] table tr')[1];"
                           " const unit = row?.querySelectorAll('td')[1]?.textContent;"
                           " return unit !== undefined && unit !== 'Quảng Ninh'; }", timeout=60000)
    label, value = first_bar(page)
    rank, unit, score = first_row(page)
    assert (rank, unit) == ("1", label) and value == score.replace(".", ",")
    assert label == "Hải Phòng" and value == "96,17"                   # PAR INDEX 2024: Hải Phòng first
    assert page.locator("[data-testid='stException']").count() == 0


def test_language_switch_changes_the_labels(served, page):
    page.goto(served + "/rankings?index=papi&period=2023")
    ready(page, "Thừa Thiên Huế")
    page.get_by_test_id("stSidebar").get_by_text("English").click()
    page.get_by_role("heading", name="Rankings").first.wait_for(timeout=60000)
    ready(page, "Thua Thien Hue")
    assert first_bar(page) == ("Thua Thien Hue", "46.0415")
    titles = page.evaluate("() => Array.from(document.querySelectorAll('.gtitle')).map(e => e.textContent)")
    assert any("Governance" in t for t in titles)
    assert page.get_by_text("Demo data", exact=False).first.is_visible()
    wait_for_query(page, lang="en")
    assert parse_qs(urlparse(page.url).query)["lang"] == ["en"]
