"""Browser test: the Profile page's improvement priorities as a person sees them (Debian chromium against
`streamlit run`): the panel, its table and the sentences with their numbers."""

import pytest

from tests.browser import wait_for_charts

pytestmark = pytest.mark.browser


def test_priorities_panel_of_hung_yen(served, page):
    page.goto(served + "/profile?index=papi&period=2023&unit=vn63:province:33")
    wait_for_charts(page, 2)
    heading = page.get_by_role("heading", name="Ưu tiên cải thiện")
    heading.wait_for()
    heading.scroll_into_view_if_needed()
    # the sentences: PAPI's best group holds ranks 1–16 of 61; +1,7824 on any dimension lifts Hưng Yên there,
    # and dimension 2 is proposed: Hưng Yên stands lowest there (53rd of 61)
    steps = page.get_by_text("Để lên hạng").locator("xpath=ancestor::*[@data-testid='stMarkdownContainer']")
    text = steps.inner_text()
    assert ("Nếu Chỉ số thành phần 2 (Công khai, minh bạch trong việc ra quyết định ở địa phương) tăng 1,7824 điểm, "
            "Hưng Yên (cũ) lên Nhóm cao nhất (hạng 16).") in text
    assert "vào nhóm 10 đơn vị dẫn đầu (hạng 10)" in text and "(lên hạng 28)" in text
    # the table: its column headers, and dimension 5's gap to the median and the total it would give (the grid
    # draws on a canvas: its accessible table holds the values, the canvas shows them as 0,5157 and 42,6074)
    grid = page.locator("[data-testid='stDataFrame']").nth(1)
    grid.scroll_into_view_if_needed()
    cells = grid.locator("[role='gridcell'], [role='columnheader']")
    cells.first.wait_for(state="attached")
    shown = [c.strip() for c in cells.all_text_contents()]
    assert "Cách trung vị" in shown and "Hạng nếu bằng đơn vị tốt nhất" in shown
    row = shown.index("5. Thủ tục hành chính công")
    assert shown[row + 1:row + 9] == ["6.862", "10", "0.5157", "1.8334", "42.6074", "26", "43.9251", "16"]
    assert page.locator("[data-testid='stException']").count() == 0
