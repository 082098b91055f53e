"""The three measured phases of ``python -m bench``, each run in a process of its own
(``python -m bench phase NAME --data-dir DIR --out FILE …``) so that one phase's memory and caches do not
colour the next:

- ``core``: the app path in-process on a warm :class:`cchc.store.Store` — the league table of a filter change
  (``league_for`` for a different period each call) and the trend (the Trends page's series and reference
  lines) — against the pandas and lazy-Polars references, with the check that they agree;
- ``apptest``: full Rankings reruns through Streamlit's AppTest (a period chosen in the sidebar);
- ``browser``: ``streamlit run`` and Debian's Chromium: cold start to the first rendered Rankings page, a
  period change to "rerun finished", and the server's memory with 1 and then 10 sessions open.

Every phase writes a flat JSON object of figures (milliseconds, megabytes) to ``--out``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
INDEX, LEVEL = "svc766", "commune"
RANKINGS = f"/rankings?index={INDEX}&level={LEVEL}"


def ms(seconds: float) -> float:
    return round(seconds * 1000.0, 1)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """(seconds, result) of one call, the garbage collector run before it, outside the clock."""
    gc.collect()
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


def proc_status(pid: int | str = "self") -> dict[str, float]:
    """VmRSS and VmHWM (peak) of a process, in MB, from /proc/<pid>/status."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(rest.split()[0]) / 1024.0
    return out


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process used so far, in seconds (/proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_idle_process(pid: int, *, window: float = 1.0, busy: float = 0.05, timeout: float = 180.0) -> bool:
    """Wait until ``pid`` used under ``busy`` CPU seconds over a ``window`` (its background work — the
    store scoring the other periods of a view — is done); False when still busy after ``timeout`` s."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        before = cpu_seconds(pid)
        time.sleep(window)  # the measuring window of the condition, not a fixed wait
        if cpu_seconds(pid) - before < busy:
            return True
    return False


def settled_rss(pid: int, seconds: float) -> float:
    """The server's RSS once the temporaries of the last run are given back: the lowest VmRSS read every
    0.25 s over ``seconds`` (Polars' allocator returns freed pages after a delay, so a reading right after
    a run counts memory that is already free)."""
    low = proc_status(pid)["VmRSS"]
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        time.sleep(0.25)  # sampling interval, not a wait for a condition
        low = min(low, proc_status(pid)["VmRSS"])
    return low


def spread(items: list[str], k: int) -> list[str]:
    """``k`` items spread evenly over ``items`` (all of them when fewer), in order."""
    if k >= len(items):
        return list(items)
    if k <= 1:
        return items[:1]
    return list(dict.fromkeys(items[round(i * (len(items) - 1) / (k - 1))] for i in range(k)))


def measured_periods(periods: dict[str, list[str]], k: int) -> tuple[str, list[str]]:
    """The period a view opens on (the latest) and ``k`` other periods, each different, over both geographies."""
    every = sorted(p for ps in periods.values() for p in ps)
    return every[-1], spread(every[:-1], k)


# ------------------------------------------------------------------ core: league and trend, app and references
def core(folder: Path, repeat: int, trend_repeat: int) -> dict[str, Any]:
    import polars as pl

    from bench import references as R
    from cchc.selection import Selection, league_for, scope_for
    from cchc.series import reference_series, unit_series
    from cchc.store import Store

    store = Store(folder)
    s = R.setup(folder, store.catalogue, store.units, store.definition(INDEX), LEVEL)
    opening, periods = measured_periods(s.periods, repeat)
    first_s, league = timed(lambda: league_for(store, Selection(index=INDEX, level=LEVEL, period=opening)))
    load_s, pandas_ref = timed(lambda: R.PandasReference(s))
    lazy_ref = R.LazyPolarsReference(s)
    problems: list[str] = []
    app_t, pandas_t, lazy_t = [], [], []
    rows_shown = []
    for period in periods:
        t, league = timed(lambda: league_for(store, Selection(index=INDEX, level=LEVEL, period=period)))
        app_t.append(t)
        rows_shown.append(league.full.height)
        t, by_pandas = timed(lambda: pandas_ref.league(period))
        pandas_t.append(t)
        t, by_lazy = timed(lambda: lazy_ref.league(period))
        lazy_t.append(t)
        mine = R.app_league(league.full)
        problems += R.compare_league(mine, by_pandas, "pandas", period)
        problems += R.compare_league(mine, by_lazy, "polars-lazy", period)

    units = (pl.scan_parquet(list(s.files)).select("unit_id").unique().join(s.level_units.lazy(), on="unit_id")
             .collect().sort("unit_id"))
    chosen = []  # the first and the middle commune of the new geography, the middle one of the old
    for geo, picks in (("vn34", (0, 1)), ("vn63", (1,))):
        ids = units.filter(pl.col("geography") == geo)["unit_id"].to_list()
        chosen += [ids[len(ids) // 2 * k] for k in picks] if ids else []

    def app_trend():
        scope = scope_for(store, Selection(index=INDEX, level=LEVEL))
        node = scope.node
        return (unit_series(scope.scores, chosen, scope.indicator),
                reference_series(scope.scores, scope.indicator, direction=node.direction, decimals=node.decimals))

    trend_first_s, _ = timed(app_trend)
    trend_t, trend_pandas_t = [], []
    for _ in range(trend_repeat):
        t, (series, lines) = timed(app_trend)
        trend_t.append(t)
        t, by_pandas = timed(lambda: pandas_ref.trend(chosen))
        trend_pandas_t.append(t)
        problems += R.compare_trend(series, lines, by_pandas)
    status = proc_status()
    return {
        "league_ms_median": ms(statistics.median(app_t)),
        "league_ms_p95": ms(p95(app_t)),
        "league_pandas_ms_median": ms(statistics.median(pandas_t)),
        "league_polars_lazy_ms_median": ms(statistics.median(lazy_t)),
        "league_first_ms": ms(first_s),
        "league_calls": len(app_t),
        "league_periods": f"{periods[0]} … {periods[-1]}" if periods else "",
        "league_rows_median": statistics.median(rows_shown) if rows_shown else 0,
        "trend_ms_median": ms(statistics.median(trend_t)),
        "trend_first_ms": ms(trend_first_s),
        "trend_pandas_ms_median": ms(statistics.median(trend_pandas_t)),
        "trend_units": ", ".join(chosen),
        "pandas_load_ms": ms(load_s),
        "core_peak_rss_mb": round(status["VmHWM"], 1),
        "references_agree": not problems,
        "reference_problems": problems[:20],
    }


# ------------------------------------------------------------------ apptest: full Rankings reruns
def apptest(folder: Path, repeat: int, timeout: float) -> dict[str, Any]:
    os.environ["STREAMLIT_LOGGER_LEVEL"] = "error"  # not one "missing ScriptRunContext" warning per cached call
    from streamlit.testing.v1 import AppTest

    from bench import references as R
    from cchc.store import Store

    store = Store(folder)
    s = R.setup(folder, store.catalogue, store.units, store.definition(INDEX), LEVEL)
    opening, periods = measured_periods(s.periods, repeat)
    del store
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    at.query_params["index"] = INDEX
    at.query_params["level"] = LEVEL
    first_s, _ = timed(lambda: at.switch_page("views/rankings.py").run())
    _app_ok(at, opening)
    reruns = []
    for period in periods:
        t, _ = timed(lambda: at.selectbox(key="w:period").select(period).run())
        _app_ok(at, period)
        reruns.append(t)
    return {"rerun_ms_median": ms(statistics.median(reruns)), "rerun_ms_p95": ms(p95(reruns)),
            "apptest_first_ms": ms(first_s), "reruns": len(reruns)}


def _app_ok(at, period: str) -> None:
    problems = [e.value for e in at.exception] + [e.value for e in at.error]
    if problems:
        raise RuntimeError(f"the Rankings page failed ({period}): {problems}")
    shown = at.query_params.get("period")
    shown = shown[0] if isinstance(shown, list) else shown
    if shown != period or not at.dataframe:
        raise RuntimeError(f"the Rankings page did not show {period} (URL period {shown!r}, "
                           f"{len(at.dataframe)} tables)")


# ------------------------------------------------------------------ browser: Chromium against `streamlit run`
def server_pid(port: int) -> int:
    """The `streamlit run` child process of this process serving ``port``."""
    me = os.getpid()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmd = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == me and b"streamlit" in b" ".join(cmd) and str(port).encode() in cmd:
            return int(entry.name)
    raise RuntimeError(f"no streamlit server child on port {port}")


def browser(folder: Path, sessions: int, repeat: int, timeout: float, max_rss_mb: float,
            settle: float = 10.0) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    from bench import references as R
    from cchc.periods import period_label
    from cchc.store import Store
    from cchc.words import word
    from tests.browser import CHROMIUM, CHROMIUM_ARGS, streamlit_server, wait_for_query, wait_idle

    store = Store(folder)
    s = R.setup(folder, store.catalogue, store.units, store.definition(INDEX), LEVEL)
    opening, periods = measured_periods(s.periods, repeat)
    del store
    wait_ms = timeout * 1000

    def open_session(b, url: str):
        ctx = b.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN")
        page = ctx.new_page()
        page.goto(url + RANKINGS, timeout=wait_ms)
        page.locator("[data-testid=stDataFrame]").first.wait_for(timeout=wait_ms)
        wait_idle(page, wait_ms)
        if page.locator("[data-testid=stException], [data-testid=stAlertContentError]").count():
            raise RuntimeError("the Rankings page shows an error")
        return ctx, page

    out: dict[str, Any] = {}
    with sync_playwright() as p, tempfile.TemporaryDirectory() as imports:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        env = {"CCHC_DATA_DIR": str(folder), "CCHC_IMPORT_DIR": imports}
        start = time.perf_counter()
        with streamlit_server(env) as url:
            ready = time.perf_counter()
            pid = server_pid(int(url.rsplit(":", 1)[1]))
            opened = [open_session(b, url)]
            out["cold_start_ms"] = ms(time.perf_counter() - start)
            out["server_ready_ms"] = ms(ready - start)  # `streamlit run` until its health check answers
            wait_idle_process(pid)  # the store's one-time background scoring of the view's other periods done
            rss = [settled_rss(pid, settle)]
            for _ in range(sessions - 1):
                if proc_status(pid)["VmHWM"] > max_rss_mb:
                    break  # the machine is not ours alone: stop before the server takes it all
                opened.append(open_session(b, url))
                wait_idle_process(pid)
                rss.append(settled_rss(pid, settle))
            page = opened[0][1]
            combo = page.get_by_test_id("stSidebar").get_by_role("combobox", name=word("period", "vi"))
            changes = []
            for period in periods:
                label = period_label(period, "vi")
                combo.click()
                page.keyboard.type(label)
                option = page.get_by_role("option", name=label, exact=True)
                option.wait_for(timeout=wait_ms)
                t0 = time.perf_counter()
                option.click()
                wait_for_query(page, wait_ms, period=period)
                changes.append(time.perf_counter() - t0)
            status = proc_status(pid)
            for ctx, _ in opened:
                ctx.close()
        b.close()
    growth = (rss[-1] - rss[0]) / (len(rss) - 1) if len(rss) > 1 else 0.0
    out.update({
        "browser_rerun_ms_median": ms(statistics.median(changes)),
        "browser_rerun_ms_p95": ms(p95(changes)),
        "browser_reruns": len(changes),
        "rss_1_session_mb": round(rss[0], 1),
        f"rss_{sessions}_sessions_mb": round(rss[-1], 1),
        "rss_by_session_mb": [round(r, 1) for r in rss],
        "rss_growth_per_session_mb": round(growth, 1),
        "sessions_opened": len(rss),
        "rss_settle_s": settle,
        "peak_rss_mb": round(status["VmHWM"], 1),
        "rss_after_reruns_mb": round(status["VmRSS"], 1),
    })
    return out


# ------------------------------------------------------------------ entry point
def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench phase")
    ap.add_argument("name", choices=["core", "apptest", "browser"])
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--trend-repeat", type=int, default=3)
    ap.add_argument("--browser-repeat", type=int, default=5)
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--timeout", type=float, default=600.0, help="seconds a page or run may take")
    ap.add_argument("--max-rss-mb", type=float, default=12000.0)
    ap.add_argument("--settle", type=float, default=10.0, help="seconds over which an RSS reading takes the lowest")
    a = ap.parse_args(argv)
    folder = Path(a.data_dir).resolve()
    if a.name == "core":
        result = core(folder, a.repeat, a.trend_repeat)
    elif a.name == "apptest":
        result = apptest(folder, a.repeat, a.timeout)
    else:
        result = browser(folder, a.sessions, a.browser_repeat, a.timeout, a.max_rss_mb, a.settle)
    Path(a.out).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
