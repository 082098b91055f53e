"""Hostile links: values from the URL never become a link, an image or HTML on any page, and bad
values are echoed shortened. (AppTest reads the Markdown source the browser would render.)"""

from __future__ import annotations

import re

import pytest

from tests.pages_helpers import open_page

PAGES = ["views/overview.py", "views/rankings.py", "views/trends.py", "views/profile.py", "views/compare.py",
         "views/present.py", "views/methodology.py", "views/data.py",
         "views/onestop.py"]
LINK = "[Phiên đăng nhập đã hết hạn — bấm vào đây](http://evil.example/login)"
IMAGE = "![x](http://host.example/t.png)"
HTML = "<a href='http://evil.example'>x</a><img src=x onerror=alert(1)>"
PAYLOADS = {"index": LINK, "period": IMAGE, "q": LINK, "unit": HTML, "units": IMAGE, "region": LINK, "band": HTML,
            "top": IMAGE, "slide": LINK, "parent": HTML, "component": IMAGE, "level": LINK, "geo": HTML}
# an unescaped Markdown link or image, a bare link, or HTML that would be acted on
ACTIVE = re.compile(r"(?<!\\)\]\((?!\s)|(?<!\\)!\[|(?<!\\)<a\s|(?<!\\)<img\s|(?<![\\\w])https?:(?!\\)//")


def _markdown(at) -> list[str]:
    kinds = ("markdown", "caption", "warning", "info", "error", "success", "title", "header", "subheader")
    return [e.value for kind in kinds for e in at.get(kind) if isinstance(getattr(e, "value", None), str)]


@pytest.mark.parametrize("page", PAGES)
def test_no_link_image_or_html_is_injected(page):
    at = open_page(page, **PAYLOADS)
    assert not at.exception, [e.value for e in at.exception]
    shown = _markdown(at)
    assert not [s for s in shown if ACTIVE.search(s)], [s for s in shown if ACTIVE.search(s)]


def test_bad_values_are_echoed_shortened():
    at = open_page("views/rankings.py", index="x" * 100_000)
    warned = " ".join(w.value for w in at.warning)
    assert "index=" in warned and len(warned) < 400 and "x" * 100 not in warned
