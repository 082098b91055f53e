"""Fault isolation (issue 10): a broken dataset, definition, crosswalk or boundary file disables only what
depends on it, with a message that names it (never a server path), and no traceback reaches a page."""

from __future__ import annotations

import shutil

import polars as pl
import pytest
import yaml
from streamlit.testing.v1 import AppTest

from cchc import loading
from tests.pages_helpers import APP

PAGES = ["views/overview.py", "views/rankings.py", "views/trends.py", "views/profile.py", "views/compare.py",
         "views/present.py", "views/methodology.py", "views/data.py",
         "views/onestop.py"]


def _truncate(f):
    p = f / "observations" / "par.parquet"
    p.write_bytes(p.read_bytes()[:200])


def _not_numeric(f):
    p = f / "observations" / "par.parquet"
    frame = pl.read_parquet(p)
    frame.with_columns(pl.when(pl.int_range(pl.len()) == 5).then(pl.lit("cao")).otherwise(
        pl.col("value").cast(pl.String)).alias("value")).write_parquet(p)


def _no_indicator(f):
    p = f / "observations" / "par.parquet"
    pl.read_parquet(p).drop("indicator_id").write_parquet(p)


def _missing_file(f):
    catalogue = yaml.safe_load((f / "datasets.yaml").read_text(encoding="utf-8"))
    next(e for e in catalogue if e["id"] == "par")["file"] = "observations/khong-co.parquet"
    (f / "datasets.yaml").write_text(yaml.safe_dump(catalogue, allow_unicode=True), encoding="utf-8")


def _bad_definition(f):
    p = f / "indices" / "par.yaml"
    raw = yaml.safe_load(p.read_text(encoding="utf-8"))
    raw["aggregate"] = "median"
    p.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")


FAULTS = {
    "truncated": (_truncate, "par"),
    "empty": (lambda f: (f / "observations" / "par.parquet").write_bytes(b""), "par"),
    "not_numeric": (_not_numeric, "par"),
    "no_indicator_column": (_no_indicator, "par"),
    "missing_file": (_missing_file, "par"),
    "bad_definition": (_bad_definition, "par"),
    "no_crosswalk": (lambda f: (f / "crosswalk.parquet").unlink(), None),
    "no_boundaries": (lambda f: (f / "geo" / "provinces_vn63.geojson").unlink(), None),
}


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    out = {}
    for name, (fault, _) in FAULTS.items():
        folder = tmp_path_factory.mktemp(name) / "data"
        shutil.copytree(loading.data_dir(), folder)
        fault(folder)
        out[name] = folder
    return out


def _run(folder, page: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    at.switch_page(page).run()
    return at


def _texts(at) -> list[str]:
    kinds = ("markdown", "caption", "warning", "info", "error", "success", "title", "header", "subheader", "exception")
    return [str(getattr(e, "value", "") or getattr(e, "message", "")) for kind in kinds for e in at.get(kind)]


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("page", PAGES)
def test_no_traceback_and_no_server_path(folders, monkeypatch, fault, page):
    folder = folders[fault]
    monkeypatch.setenv("CCHC_DATA_DIR", str(folder))
    at = _run(folder, page)
    assert not at.exception, [e.value for e in at.exception]
    shown = "\n".join(_texts(at))
    assert "Traceback" not in shown and 'File "' not in shown and str(folder.parent) not in shown, shown[:600]


@pytest.mark.parametrize("fault", [f for f, (_, broken) in FAULTS.items() if broken])
def test_a_broken_dataset_disables_only_its_index(folders, monkeypatch, fault):
    folder = folders[fault]
    monkeypatch.setenv("CCHC_DATA_DIR", str(folder))
    at = _run(folder, "views/rankings.py", index="papi", period="2023")
    assert not at.exception and at.get("plotly_chart"), "PAPI still ranks"
    options = at.selectbox(key="w:index").options
    assert any("PAPI" in o for o in options) and not any("PAR INDEX" == o for o in options)
    said = " ".join([w.value for w in at.warning] + [e.value for e in at.error])
    assert "PAR" in said or "par" in said  # the broken part is named


@pytest.mark.parametrize("lang, said", [("vi", "Không quy đổi được về 34 tỉnh mới"),
                                        ("en", "Cannot re-express on today's 34 provinces")])
def test_without_a_crosswalk_the_page_says_so_in_its_language_and_shows_the_published_data(
        folders, monkeypatch, lang, said):
    monkeypatch.setenv("CCHC_DATA_DIR", str(folders["no_crosswalk"]))
    at = _run(folders["no_crosswalk"], "views/rankings.py", index="papi", period="2023", geo="vn34", lang=lang)
    warnings = [w.value.replace("\\", "") for w in at.warning]  # shown as escaped Markdown
    assert not at.exception and at.get("plotly_chart")
    assert any(said in w and "crosswalk.parquet" in w for w in warnings), warnings
