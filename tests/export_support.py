"""Shared fixtures of the export tests: the PAPI 2023 league table and its meta, a captioned figure."""

from __future__ import annotations

import argparse

import plotly.graph_objects as go
import pytest

TITLE = "Chỉ số Hiệu quả Quản trị và Hành chính công cấp tỉnh"


def selection(**kw) -> argparse.Namespace:
    base = dict(index="papi", period="2023", component=None, level=None, parent=None, region=None,
                geography=None, lang="vi", data_dir=None)
    return argparse.Namespace(**{**base, **kw})


@pytest.fixture(scope="session")
def papi_view():
    """(table, meta) of PAPI 2023 on the 63 provinces, as the CLI builds them."""
    from cchc.cli import league_view

    return league_view(selection())


@pytest.fixture()
def simple_figure(papi_view):
    """A small captioned bar chart of the top five (no dependency on the other figure modules)."""
    from cchc.figures import captioned

    table, meta = papi_view
    top = table.head(5)
    fig = go.Figure(go.Bar(x=top["score"].to_list(), y=top["unit"].to_list(), orientation="h"))
    return captioned(fig, title=meta["title"], subtitle=meta["subtitle"], source_note=meta["source_note"], height=600)
