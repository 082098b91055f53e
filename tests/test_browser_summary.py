"""Browser test of the report summary box: the copy button puts exactly the shown paragraph on the clipboard
(Debian chromium against `streamlit run`, clipboard permissions granted to the context)."""

import pytest

from cchc.selection import Selection, league_for
from cchc.store import Store
from cchc.summaries import league_summary, unit_summary
from tests.browser import wait_idle

pytestmark = pytest.mark.browser

TITLE = "Tóm tắt cho báo cáo"


@pytest.fixture()
def clip_page(browser, served):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN",
                                  permissions=["clipboard-read", "clipboard-write"], base_url=served)
    pg = context.new_page()
    yield pg
    context.close()


def copy_from_box(page) -> tuple[str, str]:
    """Open the box, click its copy button; return (the paragraph shown, the clipboard's text)."""
    box = page.locator('[data-testid="stExpander"]', has_text=TITLE)
    box.wait_for(timeout=60000)
    wait_idle(page)
    page.evaluate("navigator.clipboard.writeText('')")  # the browser's clipboard outlives a test's context
    box.locator("summary").click()
    box.locator("iframe").wait_for(state="visible", timeout=60000)
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")  # opened
    shown = box.locator('[data-testid="stExpanderDetails"] [data-testid="stMarkdownContainer"]').first
    shown.wait_for(state="visible", timeout=60000)
    button = box.frame_locator("iframe").locator("#cchc-copy-summary[data-ready='1']")  # its script is running
    button.click(timeout=60000)
    box.frame_locator("iframe").locator("[data-copied='1']").wait_for(timeout=10000)  # set once written
    return shown.inner_text(), page.evaluate("navigator.clipboard.readText()")


def test_copy_on_rankings_gives_the_league_paragraph(clip_page):
    clip_page.goto("/rankings?index=papi&period=2023")
    shown, copied = copy_from_box(clip_page)
    expected = league_summary(league_for(Store(), Selection(index="papi", period="2023")))
    assert copied == shown.strip() == expected


def test_copy_on_profile_gives_the_unit_paragraph(clip_page):
    clip_page.goto("/profile?index=par&period=2023&unit=vn63:province:92")
    shown, copied = copy_from_box(clip_page)
    expected = unit_summary(league_for(Store(), Selection(index="par", period="2023", unit="vn63:province:92")),
                            "vn63:province:92")
    assert copied == shown.strip() == expected
    assert "đồng hạng với Hải Dương và Yên Bái" in copied
