"""The scale benchmark (``python -m bench``): its references agree with the app path — and would say so if
they did not — and a whole run on the bundled data writes every key. Timings are never asserted."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import pytest

from bench import phases
from bench import references as R
from bench.scale import KEYS
from cchc import loading
from cchc.definitions import define_index
from cchc.selection import Selection, league_for
from cchc.store import Store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def store():
    return Store(loading.DATA_DIR, imported=None)


@pytest.fixture(scope="module")
def setup(store):
    return R.setup(loading.DATA_DIR, store.catalogue, store.units, store.definition("svc766"), "commune")


def test_setup_finds_the_periods_of_both_geographies(setup):
    assert set(setup.periods) == {"vn63", "vn34"}
    assert setup.periods["vn63"][-1] == "2025-06" and setup.periods["vn34"][0] == "2025-07"
    assert setup.previous("2025-07") is None                      # the first month on the new geography
    assert setup.previous("2025-06") == "2025-05"
    assert [f.name for f in setup.files] == ["svc766.parquet", "hy_onestop.parquet"]


@pytest.mark.parametrize("period", ["2024-01", "2024-02", "2025-06", "2025-07", "2025-08", "2026-10"])
def test_references_give_the_app_paths_ranks(store, setup, period):
    app = R.app_league(league_for(store, Selection(index="svc766", level="commune", period=period)).full)
    assert app  # the communes of the demo province are ranked
    assert R.compare_league(app, R.PandasReference(setup).league(period), "pandas", period) == []
    assert R.compare_league(app, R.LazyPolarsReference(setup).league(period), "lazy", period) == []
    moved = [v[3] for v in app.values() if v[3] is not None]
    assert moved if period not in ("2024-01", "2025-07") else not moved  # rank changes are compared too


def test_a_disagreement_is_reported(store, setup):
    app = R.app_league(league_for(store, Selection(index="svc766", level="commune", period="2025-08")).full)
    ref = R.PandasReference(setup).league("2025-08")
    unit = sorted(ref)[0]
    rank, score, prev, change = ref[unit]
    for wrong in [(rank + 1, score, prev, change), (rank, score + 0.01, prev, change), (rank, score, None, None)]:
        assert R.compare_league(app, {**ref, unit: wrong}, "pandas", "2025-08")
    assert R.compare_league(app, {k: v for k, v in ref.items() if k != unit}, "pandas", "2025-08")


def test_references_refuse_what_they_do_not_compute():
    d = define_index({"id": "x", "name": "X", "levels": ["province"], "grain": "year", "aggregate": "mean",
                      "components": [{"code": "1", "name": "A"}, {"code": "2", "name": "B"}]})
    with pytest.raises(R.ReferenceError):
        R.check_definition(d)


def test_half_away_from_zero_as_published():
    import numpy as np

    from cchc.numbers import round_half_up

    values = [5.575, 2.135, 0.125, 1.12499, 0.15 / 0.8 * 6, -2.135, 0.0]
    got = R.round_half_up(np.array(values + [np.nan]), 2).tolist()
    assert got[:-1] == [5.58, 2.14, 0.13, 1.12, 1.13, -2.14, 0.0] == [round_half_up(v, 2) for v in values]
    assert math.isnan(got[-1])


def test_core_phase_on_national_shaped_data(tmp_path):
    """League and trend on both geographies of a small national-shaped set: app and references agree."""
    out = tmp_path / "data"
    subprocess.run([sys.executable, "-m", "cchc", "demo", "--scale", "national", "--communes", "40", "--months", "14",
                    "--out", str(out)], cwd=ROOT, check=True, capture_output=True)
    result = phases.core(out, repeat=6, trend_repeat=1)
    assert result["references_agree"], result["reference_problems"]
    assert result["league_calls"] == 6
    for key in ("league_ms_median", "league_pandas_ms_median", "league_polars_lazy_ms_median", "trend_ms_median",
                "trend_pandas_ms_median"):
        assert result[key] > 0


def test_measured_periods_are_all_different_and_not_the_opening_one():
    opening, periods = phases.measured_periods({"vn63": ["2024-01", "2024-02", "2024-03"],
                                                "vn34": ["2025-07", "2025-08"]}, 3)
    assert opening == "2025-08" and periods == ["2024-01", "2024-03", "2025-07"]
    assert phases.measured_periods({"vn34": ["2025-07", "2025-08"]}, 5) == ("2025-08", ["2025-07"])


@pytest.mark.browser
def test_bench_on_the_bundled_data_writes_every_key(tmp_path):
    out = tmp_path / "bench.json"
    cmd = [sys.executable, "-m", "bench", "--scale", "demo", "--json", str(out), "--repeat", "6", "--browser-repeat", "3",
           "--settle", "2"]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    result = json.loads(out.read_text(encoding="utf-8"))
    for key in KEYS:
        assert key in result, key
        if key != "scale":
            assert isinstance(result[key], (int, float)) and math.isfinite(result[key]) and result[key] > 0, key
    assert result["scale"] == "demo" and result["references_agree"] is True
    catalogue = loading.load_catalogue()
    assert result["rows"] == sum(pq.ParquetFile(loading.DATA_DIR / e["file"]).metadata.num_rows for e in catalogue)
    assert result["sessions_opened"] == 10 and len(result["rss_by_session_mb"]) == 10
    assert result["peak_rss_mb"] >= result["rss_10_sessions_mb"]
    assert "league table, filter change" in done.stdout  # the readable table
