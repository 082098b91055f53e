"""Shared fixtures of the export tests: the PAPI 2023 league table and its meta, a captioned figure."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

TITLE = "Chỉ số Hiệu quả Quản trị và Hành chính công cấp tỉnh"


def league(**kw):
    """The league of PAPI 2023 (or of the given selection fields) from the bundled data, as every caller builds it."""
    from cchc.selection import Selection, league_for
    from cchc.store import Store

    return league_for(Store(), Selection(**{"index": "papi", "period": "2023", **kw}))


@pytest.fixture(scope="session")
def papi_view():
    """(table, meta) of PAPI 2023 on the 63 provinces, as the CLI builds them."""
    found = league()
    return found.table, found.meta


@pytest.fixture()
def simple_figure(papi_view):
    """A small captioned bar chart of the top five (no dependency on the other figure modules)."""
    from cchc.figures import captioned

    table, meta = papi_view
    top = table.head(5)
    fig = go.Figure(go.Bar(x=top["score"].to_list(), y=top["unit"].to_list(), orientation="h"))
    return captioned(fig, title=meta.title, subtitle=meta.subtitle, source_note=meta.source_note, height=600)
