"""Browser test (Debian chromium against `streamlit run`): a custom period range of the 766 index opened from
the URL — the chart's title, the table's caption and the sidebar all show the range."""

import pytest

from tests.browser import wait_for_query, wait_idle

pytestmark = pytest.mark.browser

LABEL = "Tháng 7/2025 – Tháng 12/2025"


def test_a_custom_range_from_the_url_labels_the_chart_and_the_table(served, page):
    page.goto(served + "/rankings?index=svc766&period=2025-07..2025-12")
    page.locator("[data-testid=stDataFrame]").first.wait_for(timeout=60000)
    page.locator(".js-plotly-plot").first.wait_for(timeout=60000)
    page.wait_for_function("() => document.querySelector('.js-plotly-plot')?.layout?.title?.text", timeout=60000)
    wait_for_query(page, period="2025-07..2025-12", level="commune")
    wait_idle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    title = page.evaluate("() => { const t = document.querySelector('.js-plotly-plot').layout.title;"
                          " return [t.text, t.subtitle?.text || ''].join(' | '); }")
    assert title.startswith("Bộ chỉ số chỉ đạo") and LABEL in title.split(" | ")[1].replace("<br>", " ")
    main = page.get_by_test_id("stMain")
    caption = main.get_by_text(f"{LABEL} · Cấp xã", exact=False)
    assert caption.count() >= 1 and caption.first.is_visible()
    assert main.get_by_text("Cộng dồn số liệu các tháng", exact=False).first.is_visible()
    rows = page.evaluate("() => document.querySelectorAll('[data-testid=stDataFrame] table tr').length")
    assert rows > 1
    sidebar = page.get_by_test_id("stSidebar")
    assert sidebar.get_by_text("Từ tháng").is_visible() and sidebar.get_by_text("Đến tháng").is_visible()
