"""Browser tests: Trends, Profile and Compare as a person sees them (Debian chromium
against `streamlit run`), and deep links that restore a view."""

from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser import wait_for_charts, wait_for_query

pytestmark = pytest.mark.browser


def chart_titles(page) -> list[str]:
    """Chart titles as drawn (wrapped lines joined; spaces dropped, since a wrapped line break eats one)."""
    return [t.replace(" ", "") for t in page.evaluate(
        "() => Array.from(document.querySelectorAll('.gtitle')).map(e => e.textContent)")]


def chips(page) -> list[str]:
    """The units shown as chips in the units multiselect."""
    return page.evaluate("() => Array.from(document.querySelectorAll('[data-testid=stMultiSelect] span'))"
                         ".filter(e => e.children.length === 0).map(e => e.textContent)")


@pytest.mark.parametrize("path, heading, charts", [
    ("/trends?index=papi&period=2024", "Xu hướng", 2),
    ("/profile?index=papi&period=2025&unit=vn34:province:25", "Hồ sơ đơn vị", 2),
    ("/compare?index=papi&period=2024", "So sánh", 2),
    ("/trends?index=svc766&level=commune", "Xu hướng", 2),
    ("/?index=papi&period=2023", "Tổng quan", 3),
    ("/?index=svc766&level=commune&period=2026-10", "Tổng quan", 2),
    ("/rankings?index=hy_par_xa&level=commune&period=2024&parent=vn63:district:332", "Bảng xếp hạng", 1),
    ("/present?index=par&period=2024&geo=vn34", "PAR INDEX — Xếp hạng", 1),  # a slide: its own title
])
def test_page_renders_without_an_exception(served, page, path, heading, charts, tmp_path):
    page.goto(served + path)
    wait_for_charts(page, charts)
    assert page.locator("h1").first.inner_text() == heading
    assert page.get_by_text("Dữ liệu minh họa", exact=False).first.is_visible()
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=str(tmp_path / "page.png"), full_page=True)


def test_compare_deep_link_restores_the_view(served, page):
    page.goto(served + "/compare?index=papi&period=2023&units=vn63:province:01,vn63:province:79&tab=radar")
    wait_for_charts(page, 2)
    assert chips(page) == ["Hà Nội", "Hồ Chí Minh"]
    assert page.locator(".js-plotly-plot .polarlayer .trace").count() == 2  # the radar tab: one outline per unit
    assert any("Năm2022→Năm2023" in t for t in chart_titles(page))
    wait_for_query(page, units="vn63:province:01,vn63:province:79", tab="radar", period="2023", base="2022")
    query = parse_qs(urlparse(page.url).query)
    assert query["units"] == ["vn63:province:01,vn63:province:79"] and query["tab"] == ["radar"]
    assert query["period"] == ["2023"] and query["base"] == ["2022"]


def test_trends_deep_link_with_change_view(served, page):
    page.goto(served + "/trends?index=papi&period=2024&units=vn63:province:33&view=change&base=2020")
    wait_for_charts(page, 1)
    assert chips(page) == ["Hưng Yên (cũ)"]
    assert any("thayđổisovớinăm2020" in t for t in chart_titles(page))  # lower case inside the title
    assert page.get_by_text("Sáp nhập tỉnh 1/7/2025").first.is_visible()
    wait_for_query(page, view="change", base="2020", units="vn63:province:33")
    query = parse_qs(urlparse(page.url).query)
    assert query["view"] == ["change"] and query["base"] == ["2020"] and query["units"] == ["vn63:province:33"]
