"""Browser test of the one-stop statistics page (Debian chromium against `streamlit run`): the communes of
one district for a quarter, chart and table agreeing (the top bar is the table's first row), before and
after a change of the share ranked by, and the table's CSV download."""

from __future__ import annotations

import csv
import io

import pytest

from tests.browser import first_bar, first_row, wait_for_query, wait_idle

pytestmark = pytest.mark.browser

LINK = "/onestop?level=commune&parent=vn63:district:332&period=2025-Q2"


def ready(page) -> None:
    page.locator("[data-testid=stDataFrame]").first.wait_for(timeout=60000)
    page.locator(".js-plotly-plot").first.wait_for(timeout=60000)
    page.wait_for_function("() => document.querySelector('.js-plotly-plot')?.data?.some(t => t.type === 'bar')",
                           timeout=60000)
    wait_idle(page)


def test_chart_and_table_agree_and_the_csv_downloads(served, page, tmp_path):
    page.goto(served + LINK)
    ready(page)
    assert page.locator("h1").first.inner_text() == "Thống kê một cửa"
    assert page.locator("[data-testid='stException']").count() == 0
    label, value = first_bar(page)
    rank, unit, share = first_row(page)
    assert (rank, unit) == ("1", label) and float(share) == float(value.replace(",", "."))  # the grid's value
    assert page.get_by_text("Quý II/2025 · Cấp xã thuộc Tiên Lữ", exact=False).first.is_visible()
    wait_for_query(page, level="commune", parent="vn63:district:332", period="2025-Q2", by="on_time_share")

    page.get_by_test_id("stPopover").filter(has_text="Tải bảng số liệu").get_by_role("button").first.click()
    button = page.get_by_test_id("stDownloadButton").filter(has_text="CSV (mở bằng Excel)").first
    button.wait_for(timeout=10000)
    with page.expect_download(timeout=60000) as info:
        button.click()
    got = info.value
    path = tmp_path / got.suggested_filename
    got.save_as(path)
    data = path.read_bytes()
    assert got.failure() is None and got.suggested_filename == "thong-ke-mot-cua-2025-q2-tien-lu.csv"
    assert data[:3] == b"\xef\xbb\xbf"
    rows = list(csv.DictReader(io.StringIO(data[3:].decode("utf-8"))))
    assert len(rows) == 12 and rows[0]["Đơn vị"] == label and rows[-1]["Đơn vị"] == "Tổng cộng"
    assert rows[0]["Tỷ lệ trước và đúng hạn (%)"] == value.replace(",", ".")
    assert int(rows[-1]["Hồ sơ tiếp nhận"]) == sum(int(r["Hồ sơ tiếp nhận"]) for r in rows[:-1])


def test_ranking_by_another_share_redraws_chart_and_table_together(served, page):
    page.goto(served + LINK)
    ready(page)
    page.get_by_test_id("stSidebar").get_by_role("combobox", name="Xếp hạng theo").click()
    page.get_by_role("option", name="Tỷ lệ hài lòng", exact=True).click()
    wait_for_query(page, by="satisfied_share")
    page.wait_for_function("() => document.querySelector('.js-plotly-plot')?.layout?.title?.text?.includes('hài lòng')",
                           timeout=60000)
    wait_idle(page)
    page.wait_for_function("() => { const head = document.querySelectorAll('[data-testid=stDataFrame] table tr')[0];"
                           " return head?.querySelectorAll('th, td')[2]?.textContent === 'Tỷ lệ hài lòng'; }",
                           timeout=60000)
    label, value = first_bar(page)
    rank, unit, share = first_row(page)
    assert (rank, unit) == ("1", label) and float(share) == float(value.replace(",", "."))  # the grid's value
    assert page.locator("[data-testid='stException']").count() == 0
