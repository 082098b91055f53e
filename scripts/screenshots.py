"""Full-page screenshots of every page of the dashboard (a developer tool, e.g. before/after a refactor).

    python scripts/screenshots.py --repo DIR --out OUTDIR [--port 8611] [--width 1440 --height 900]

Starts `streamlit run app.py` in DIR (with DIR's .venv when it has one, CCHC_DATA_DIR unset), waits
until the server answers, opens each URL of ``URLS`` in Debian's Chromium (Playwright, never a
downloaded browser) and saves one PNG per URL, named after it. Before each screenshot it waits for
conditions, never for a fixed time: the app container present and connected, Streamlit's script run
finished (``stApp[data-test-script-state=notRunning]``, the running-man status widget gone), no
skeleton / spinner / stale element left, and every Plotly chart drawn (``.main-svg`` present).
The server is stopped at the end, also on error.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

CHROMIUM = os.environ.get("CCHC_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

URLS = [
    "/",
    "/rankings",
    "/rankings?index=par&period=2023",
    "/rankings?index=hy_par_xa&level=commune",
    "/trends",
    "/trends?units=vn63:province:01,vn63:province:46",
    "/profile?unit=vn63:province:01&period=2023",
    "/compare?units=vn63:province:01,vn63:province:46,vn63:province:79",
    "/present",
    "/methodology",
    "/data",
    "/?lang=en",
    "/rankings?lang=en&index=svc766",
]

# True once Streamlit has finished the script run and the browser has drawn what it sent.
# stApp carries data-test-script-state ('initial' before the first run, 'running', 'rerunRequested',
# 'notRunning' when done) and data-test-connection-state; the status widget (running man,
# "Running...") is shown while a run is on; stSkeleton / stAppSkeleton are placeholders of elements
# still loading (e.g. the lazily loaded Plotly component), stSpinner is st.spinner, and elements
# of the previous run are marked data-stale="true" until the run ends; a data grid's accessible
# <table> is drawn a moment after the run.
IDLE_JS = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app) return false;
    if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
    if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    const shown = e => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
    if (Array.from(document.querySelectorAll('[data-testid="stStatusWidget"]')).some(shown)) return false;
    if (document.querySelector('[data-testid="stSkeleton"], [data-testid="stAppSkeleton"], '
                               + '[data-testid="stSpinner"], [data-stale="true"]')) return false;
    if (!document.querySelector('[data-testid="stMain"] h1, [data-testid="stMain"] [data-testid="stMarkdown"]'))
        return false;
    for (const g of document.querySelectorAll('[data-testid="stDataFrame"]'))
        if (!g.querySelector('table')) return false;  // the grid's accessible table comes after the run
    for (const c of document.querySelectorAll('[data-testid="stPlotlyChart"]'))
        if (!c.querySelector('.js-plotly-plot')) return false;
    for (const p of document.querySelectorAll('.js-plotly-plot'))
        if (!p.querySelector('.main-svg')) return false;
    return true;
}"""


def file_name(url: str) -> str:
    """``/rankings?index=par&period=2023`` -> ``rankings__index-par_period-2023.png``; ``/`` -> ``overview.png``."""
    path, _, query = url.partition("?")
    name = path.strip("/") or "overview"
    if query:
        name += "__" + query.replace("=", "-").replace("&", "_").replace(",", "+").replace(":", ".")
    return re.sub(r"[^A-Za-z0-9_.+-]", "_", name) + ".png"


def start_server(repo: Path, port: int) -> subprocess.Popen:
    python = repo / ".venv" / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k != "CCHC_DATA_DIR"}
    cmd = [str(python) if python.exists() else sys.executable, "-m", "streamlit", "run", "app.py",
           "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    return subprocess.Popen(cmd, cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)


def wait_until_up(proc: subprocess.Popen, base: str, timeout: float = 90) -> None:
    """Poll the health endpoint until it answers 200 (fail at once if the server exits)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            out = proc.stdout.read().decode("utf-8", "replace") if proc.stdout else ""
            raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{out}")
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)  # between polls of a condition, not a wait for the page
    raise RuntimeError(f"streamlit did not answer at {base} within {timeout:.0f} s")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def wait_rendered(page, timeout: float = 120_000) -> None:
    page.locator('[data-testid="stApp"]').wait_for(timeout=timeout)
    page.wait_for_function(IDLE_JS, timeout=timeout, polling="raf")


def shoot(page, url: str, path: Path, width: int, height: int) -> None:
    page.set_viewport_size({"width": width, "height": height})
    page.goto(url)
    wait_rendered(page)
    # Streamlit scrolls inside its own container, so a "full page" of the document is one screen:
    # grow the viewport to the content's height, let the app settle again, then take the picture.
    full = page.evaluate("""() => Math.max(document.documentElement.scrollHeight,
        ...Array.from(document.querySelectorAll('[data-testid="stMain"], [data-testid="stAppScrollToBottomContainer"],'
                                                + '[data-testid="stAppViewContainer"], [data-testid="stSidebarContent"]'))
           .map(e => e.scrollHeight))""")
    if full > height:
        page.set_viewport_size({"width": width, "height": int(full)})
        page.wait_for_function("h => window.innerHeight === h", arg=int(full))
        wait_rendered(page)
    page.screenshot(path=str(path), full_page=True, animations="disabled")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repo", required=True, type=Path, help="checkout holding app.py")
    ap.add_argument("--out", required=True, type=Path, help="folder for the PNGs")
    ap.add_argument("--port", type=int, default=8611)
    ap.add_argument("--width", type=int, default=1440)
    ap.add_argument("--height", type=int, default=900)
    args = ap.parse_args(argv)
    repo = args.repo.resolve()
    if not (repo / "app.py").exists():
        ap.error(f"no app.py in {repo}")
    args.out.mkdir(parents=True, exist_ok=True)

    from playwright.sync_api import sync_playwright

    base = f"http://localhost:{args.port}"
    proc = start_server(repo, args.port)
    written: list[Path] = []
    try:
        wait_until_up(proc, base)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                for url in URLS:
                    context = browser.new_context(viewport={"width": args.width, "height": args.height},
                                                  locale="vi-VN")
                    try:
                        path = args.out / file_name(url)
                        shoot(context.new_page(), base + url, path, args.width, args.height)
                        written.append(path)
                        print(path, flush=True)
                    finally:
                        context.close()
            finally:
                browser.close()
    finally:
        stop_server(proc)
    print(f"{len(written)} screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
