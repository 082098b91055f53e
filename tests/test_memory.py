"""A session's memory does not hold the data: download buttons capture no frame, and every browser session
on national-shaped data adds little to the server's memory — nothing like a copy of the dataset.

The browser test generates a national-shaped dataset small enough for CI (``python -m cchc demo --scale
national --communes 800 --months 36``: ~1.4 M observation rows), starts ``streamlit run`` on it, opens
sessions one by one on the commune rankings of the 766 index, and reads the server's RSS after each
(/proc/<pid>/status). Timings are never asserted.
"""

from __future__ import annotations

import functools
import gc
import subprocess
import sys
import types
from pathlib import Path

import pandas as pd
import polars as pl
import pytest
import streamlit
from streamlit.testing.v1 import AppTest

from bench.phases import server_pid, settled_rss, wait_idle_process
from cchc.store import Store

ROOT = Path(__file__).resolve().parent.parent
FRAMES = (pl.DataFrame, pl.LazyFrame, pl.Series, pd.DataFrame, pd.Series, Store)
RANKINGS = "/rankings?index=svc766&level=commune"
PER_SESSION_MB = 30.0


def frames_within(root: object, limit: int = 200_000) -> list[str]:
    """Paths to every frame (Polars or pandas frame or series, lazy frame, store) reachable from ``root``
    through containers, object attributes, partials, closures, defaults and bound methods — never through a
    function's module globals or a class (every function reaches the whole program that way)."""
    found: list[str] = []
    seen: set[int] = set()
    stack: list[tuple[object, str]] = [(root, "data")]
    while stack:
        obj, path = stack.pop()
        if id(obj) in seen or isinstance(obj, (str, bytes, int, float, bool, type(None))):
            continue
        seen.add(id(obj))
        if len(seen) > limit:
            raise AssertionError(f"more than {limit} objects reachable from {root!r}: a button holds too much")
        if isinstance(obj, FRAMES):
            found.append(f"{path}: {type(obj).__name__}")
            continue
        if isinstance(obj, (types.ModuleType, type)):
            continue
        if isinstance(obj, functools.partial):
            stack += [(obj.func, f"{path}.func")] + [(a, f"{path}.args[{i}]") for i, a in enumerate(obj.args)]
            stack += [(v, f"{path}.{k}") for k, v in obj.keywords.items()]
        elif isinstance(obj, types.MethodType):
            stack += [(obj.__self__, f"{path}.__self__"), (obj.__func__, f"{path}.__func__")]
        elif isinstance(obj, types.FunctionType):
            cells = [c.cell_contents for c in obj.__closure__ or () if c.cell_contents is not obj]
            stack += [(c, f"{path}<closure>") for c in cells]
            defaults = (obj.__defaults__ or ()) + tuple((obj.__kwdefaults__ or {}).values())
            stack += [(d, f"{path}<default>") for d in defaults]
        elif isinstance(obj, dict):
            stack += [(v, f"{path}[{k!r}]") for k, v in obj.items()] + [(k, f"{path}<key>") for k in obj]
        else:
            stack += [(r, f"{path}.<{type(obj).__name__}>") for r in gc.get_referents(obj)]
    return found


def test_the_frame_finder_sees_frames_however_they_are_held():
    df = pl.DataFrame({"a": [1]})

    class Holder:
        def __init__(self):
            self.table = {"rows": [df]}

        def build(self):
            return b""

    def closure():
        return df

    assert frames_within(functools.partial(len, df))
    assert frames_within(functools.partial(len, [("x", {"y": df.lazy()})]))
    assert frames_within(functools.partial(len, key=Holder()))
    assert frames_within(Holder().build)                         # a bound method keeps its object
    assert frames_within(functools.partial(closure))              # a closure keeps its cells
    assert frames_within(functools.partial(len, Store()))         # the store holds every frame
    assert frames_within(functools.partial(len, df.to_pandas()))
    assert frames_within(functools.partial(len, "folder", ("a", "b"), True)) == []


def test_download_buttons_capture_no_frame(monkeypatch):
    """Every download button of the Rankings page (charts, table, whole dataset, deck) gets a callable
    holding only small values — the data folder, the frozen selection, names — and rebuilds its file from
    the shared store on click; the session state holds no frame either."""
    recorded: list[tuple[str, object]] = []
    original = streamlit.download_button

    def recording(label, data=None, *args, **kwargs):
        recorded.append((label, data))
        return original(label, data, *args, **kwargs)

    monkeypatch.setattr(streamlit, "download_button", recording)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["index"] = "svc766"
    at.query_params["level"] = "commune"
    at.switch_page("views/rankings.py").run()
    assert not at.exception and not at.error
    assert len(recorded) >= 8  # five chart formats, CSV, XLSX, the whole dataset, the deck
    names = {getattr(d, "func", d).__name__ for _, d in recorded}
    assert {"league_csv", "league_xlsx", "dataset_csv", "presentation_bytes"} <= names
    for label, data in recorded:
        assert callable(data), f"{label}: the file is built before the click"
        assert frames_within(data) == [], f"{label} holds a frame"
    state = {k: at.session_state[k] for k in at.session_state.keys()}
    assert frames_within(state) == [], "the session state holds a frame"


# ------------------------------------------------------------------ sessions against national-shaped data
@pytest.fixture(scope="module")
def national(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("national") / "data"
    subprocess.run([sys.executable, "-m", "cchc", "demo", "--scale", "national", "--communes", "800", "--months",
                    "36", "--out", str(out)], cwd=ROOT, check=True, capture_output=True)
    return out


def _open(browser, url: str):
    from tests.browser import wait_idle

    ctx = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN")
    page = ctx.new_page()
    page.goto(url + RANKINGS)
    page.locator("[data-testid=stDataFrame]").first.wait_for(timeout=120_000)
    wait_idle(page, 120_000)
    assert page.locator("[data-testid=stAlertContentError]").count() == 0
    return ctx


@pytest.mark.browser
def test_sessions_do_not_grow_the_server_with_the_data(national, browser, tmp_path):
    from tests.browser import streamlit_server

    store = Store(national, imported=None)
    dataset_mb = store.observations("svc766").estimated_size("mb")
    commune_rows = store.units.filter(pl.col("level") == "commune").height
    assert dataset_mb > 2 * PER_SESSION_MB  # a copy per session would show
    env = {"CCHC_DATA_DIR": str(national), "CCHC_IMPORT_DIR": str(tmp_path / "imports")}
    contexts, rss = [], []
    with streamlit_server(env) as url:
        pid = server_pid(int(url.rsplit(":", 1)[1]))
        try:
            for _ in range(6):
                contexts.append(_open(browser, url))
                # once the server is idle (the store's one-time background scoring of the other periods,
                # shared by every session, is done), the lowest RSS over 3 s: temporaries given back
                assert wait_idle_process(pid), "the server stayed busy with no session acting"
                rss.append(settled_rss(pid, 3.0))
        finally:
            for ctx in contexts:
                ctx.close()
    per_session = (rss[-1] - rss[0]) / (len(rss) - 1)
    steps = [round(b - a, 1) for a, b in zip(rss, rss[1:])]
    assert per_session < PER_SESSION_MB, (rss, steps)
    assert per_session < dataset_mb / 3, (per_session, dataset_mb)  # no copy of the data per session
    assert max(steps) < dataset_mb / 2, (steps, dataset_mb, commune_rows)
