"""Helpers for browser tests: a `streamlit run` server, Debian's Chromium via Playwright, and waits
for conditions (never for a fixed time).

Playwright never downloads a browser here: it drives /usr/bin/chromium
(installed by scripts/test.sh). Tests using these fixtures are marked
``browser``.

After ``page.goto`` or an action, wait for what the action should bring about (a heading, a chart's
data, ``wait_for_query`` for the URL), then ``wait_idle`` so that the whole script run is over
before reading the page: the app writes the URL last (ui/state.py ``write_url``).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Sequence

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CCHC_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TIMEOUT = 60_000  # ms: the longest a page may take to settle (first runs load the data)

# True once Streamlit has finished the script run and the browser has drawn what it sent. In the
# Streamlit 1.67 DOM, stApp carries data-test-script-state ('initial' before the first run,
# 'running', 'rerunRequested', 'stopRequested', 'notRunning' when done) and
# data-test-connection-state ('CONNECTED'); the status widget (running man, "Running...") shows
# while a run is on; stSkeleton / stAppSkeleton stand for elements still loading (e.g. the lazily
# loaded Plotly component), stSpinner is st.spinner; elements of the previous run are marked
# data-stale="true" until the run ends. Every data grid must have its accessible <table>
# (drawn a moment after the run) and every Plotly chart must be drawn (its .main-svg present).
BLOCKERS_JS = """() => {
    const out = [];
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app) return ['no stApp'];
    const conn = app.getAttribute('data-test-connection-state'), run = app.getAttribute('data-test-script-state');
    if (conn !== 'CONNECTED') out.push('connection ' + conn);
    if (run !== 'notRunning') out.push('script ' + run);
    const shown = e => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
    for (const w of document.querySelectorAll('[data-testid="stStatusWidget"]'))
        if (shown(w)) out.push('status widget: ' + w.innerText.replace(/\\s+/g, ' '));
    for (const id of ['stSkeleton', 'stAppSkeleton', 'stSpinner']) {
        const n = document.querySelectorAll(`[data-testid="${id}"]`).length;
        if (n) out.push(`${n} ${id}`);
    }
    const stale = document.querySelectorAll('[data-stale="true"]').length;
    if (stale) out.push(`${stale} stale elements`);
    const grids = Array.from(document.querySelectorAll('[data-testid="stDataFrame"]'));
    if (grids.some(g => !g.querySelector('table'))) out.push('data grid without its table');
    const charts = Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"]'));
    if (charts.some(c => !c.querySelector('.js-plotly-plot'))) out.push('Plotly chart not mounted');
    if (Array.from(document.querySelectorAll('.js-plotly-plot')).some(p => !p.querySelector('.main-svg')))
        out.push('Plotly chart not drawn');
    return out;
}"""
IDLE_JS = f"() => ({BLOCKERS_JS})().length === 0"

QUERY_JS = """expected => {
    const q = new URLSearchParams(location.search);
    return Object.entries(expected).every(([k, v]) => v === null ? !q.has(k) : q.get(k) === v);
}"""


def wait_idle(page, timeout: float = TIMEOUT) -> None:
    """Wait until the app's script run is over and everything it sent is drawn (see ``IDLE_JS``).

    Right after a click the run may not have started yet: wait first for something the click
    brings about (a heading, ``wait_for_query``), then for this."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(IDLE_JS, timeout=timeout)
    except PlaywrightTimeout:
        raise AssertionError(f"the app did not settle within {timeout / 1000:.0f} s at {page.url}: "
                             + "; ".join(page.evaluate(BLOCKERS_JS))) from None


def wait_for_query(page, timeout: float = TIMEOUT, **expected: str | None) -> None:
    """Wait until the URL's query string holds ``expected`` (name=value; None: absent; other
    parameters may be there too), then until the app is idle."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(QUERY_JS, arg=expected, timeout=timeout)
    except PlaywrightTimeout:
        raise AssertionError(f"the URL never held {expected}: {page.url}") from None
    wait_idle(page, timeout)


def wait_for_charts(page, n: int = 1, timeout: float = TIMEOUT) -> None:
    """Wait for the page's heading, at least ``n`` Plotly charts, and the app idle."""
    page.locator("h1").first.wait_for(timeout=timeout)
    page.locator(".js-plotly-plot").nth(n - 1).wait_for(timeout=timeout)
    wait_idle(page, timeout)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(proc: subprocess.Popen, url: str, output: Callable[[], str], timeout: float = 60) -> None:
    """Poll the server's health endpoint until it answers 200; fail at once, with the end of the server's
    ``output()``, if the process exits, or after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{output()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"streamlit did not answer at {url} within {timeout:.0f} s:\n{output()}")
        time.sleep(0.3)  # interval between polls of the health endpoint


@contextmanager
def streamlit_server(env: dict[str, str] | None = None, args: Sequence[str] = (), port: int | None = None
                     ) -> Iterator[str]:
    """Start `streamlit run app.py` on a free loopback port; yield its base URL.

    The server's output goes to a temporary file (a pipe nobody reads would block the server once
    full) and is shown if it does not start. No file watcher: an edit of the working tree during the
    tests must not put a "File change. Rerun" prompt in the status widget (``wait_idle`` waits for
    that widget to go)."""
    port = port or free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none", *args]
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=log,
                                stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"

        def output() -> str:
            log.seek(0)
            return log.read().decode("utf-8", "replace")[-4000:]

        try:
            wait_until_up(proc, url, output)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def first_bar(page) -> tuple[str, str]:
    """Label and value text of the top bar of the page's first ranked-bar chart, from its Plotly data."""
    return tuple(page.evaluate("""() => {
        const d = document.querySelector('.js-plotly-plot');
        const order = d.layout.yaxis.categoryarray;
        const bars = d.data.filter(t => t.type === 'bar').flatMap(t => t.y.map((y, i) => [y, t.text[i]]));
        bars.sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]));
        return bars[0];
    }"""))


def first_row(page) -> list[str]:
    """The first three cells of the first data grid's first row (its accessible table): rank, unit and the
    value ranked by."""
    return page.evaluate("""() => {
        const rows = document.querySelectorAll('[data-testid=stDataFrame] table tr');
        return Array.from(rows[1].querySelectorAll('td')).slice(0, 3).map(c => c.textContent);
    }""")
