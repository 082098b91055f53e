"""Browser test of the intervals toggle (issue 12): on the rankings page, "Hiện khoảng tin cậy" draws
error bars on the ranked bars, adds the rank-range column and puts ``ci=1`` in the URL."""

import pytest

from tests.browser import wait_for_query, wait_idle

pytestmark = pytest.mark.browser

ERROR_BARS = """() => {
    const d = document.querySelector('.js-plotly-plot');
    return (d?.data || []).filter(t => t.type === 'bar' && t.error_x && t.error_x.array)
        .flatMap(t => t.error_x.array).filter(v => v > 0).length;
}"""

HEADERS = """() => Array.from(document.querySelectorAll('[data-testid=stDataFrame] table tr')[0]?.children || [])
    .map(c => c.textContent.trim())"""


def test_the_toggle_draws_error_bars_and_the_rank_range_column(served, page):
    page.goto(served + "/rankings?index=papi&period=2023")
    page.locator("[data-testid=stDataFrame]").first.wait_for(timeout=60000)
    page.locator(".js-plotly-plot").first.wait_for(timeout=60000)
    wait_idle(page)
    assert page.evaluate(ERROR_BARS) == 0                                   # off by default
    assert "Khoảng hạng" not in page.evaluate(HEADERS)
    page.get_by_text("Hiện khoảng tin cậy").click()
    wait_for_query(page, ci="1")
    page.wait_for_function(ERROR_BARS, timeout=60000)
    wait_idle(page)
    page.wait_for_function(f"() => ({HEADERS})().includes('Khoảng hạng')", timeout=60000)
    assert page.evaluate(ERROR_BARS) == 61                                  # every scored province of 2023
    assert page.get_by_text("không phân biệt được về mặt thống kê", exact=False).first.is_visible()
    assert page.locator("[data-testid='stException']").count() == 0


def test_a_shared_link_with_ci_1_reproduces_the_intervals(served, page):
    page.goto(served + "/rankings?index=sipas&period=2023&ci=1")
    page.locator(".js-plotly-plot").first.wait_for(timeout=60000)
    page.wait_for_function(ERROR_BARS, timeout=60000)
    wait_idle(page)
    assert page.evaluate(ERROR_BARS) == 63
    page.wait_for_function(f"() => ({HEADERS})().includes('Khoảng hạng')", timeout=60000)
