"""Helpers for the AppTest smoke tests of the Trends, Profile and Compare pages."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def open_page(page: str, *, strict: bool = False, **params: str) -> AppTest:
    """Run the app on ``page`` with ``params`` as the link's query string;
    ``strict``: fail at once if the page raised."""
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    at.switch_page(page).run()
    if strict:
        assert not at.exception, [e.value for e in at.exception]
    return at


def charts(at: AppTest) -> list[dict]:
    """The Plotly figures on the page, as dicts (layout, data)."""
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def titles(at: AppTest) -> list[str]:
    return [c["layout"]["title"]["text"] for c in charts(at)]


def param(at: AppTest, name: str) -> str | None:
    value = at.query_params.get(name)
    return value[0] if isinstance(value, list) else value


def texts(at: AppTest) -> str:
    """Every info, warning and caption on the page, joined."""
    return "\n".join([w.value for w in at.warning] + [i.value for i in at.info] + [c.value for c in at.caption])


def ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
