"""Full-page screenshots of every page of the dashboard (a developer tool, e.g. before/after a refactor).

    python scripts/screenshots.py --repo DIR --out OUTDIR [--port 8611] [--width 1440 --height 900] [--timeout 120]

Starts `streamlit run app.py` in DIR (with DIR's .venv when it has one, CCHC_DATA_DIR unset, no file
watcher), waits until the server answers, opens each URL of ``URLS`` in Debian's Chromium (Playwright,
never a downloaded browser) and saves one PNG per URL, named after it. Before each screenshot it
waits for conditions, never for a fixed time: the app container present and connected, Streamlit's
script run finished (``stApp[data-test-script-state=notRunning]``, the status widget gone), no
skeleton / spinner / stale element left, every data grid's table and every Plotly chart drawn
(``.main-svg`` present); then it grows the window to the page's height (Streamlit scrolls inside
its own container) and waits again. A page that does not settle is saved as ``*.NOT-RENDERED.png``
with what it was waiting for, the others are still taken, and the exit status is 1. The server is
stopped at the end, also on error. The URLs written are printed.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.browser import BLOCKERS_JS, IDLE_JS, wait_until_up  # noqa: E402

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
    "/import",
    "/history",
]

# When a page has settled: the same check as the browser tests (tests/browser.py).



def file_name(url: str) -> str:
    """``/rankings?index=par&period=2023`` -> ``rankings__index-par_period-2023.png``; ``/`` -> ``overview.png``."""
    path, _, query = url.partition("?")
    name = path.strip("/") or "overview"
    if query:
        name += "__" + query.replace("=", "-").replace("&", "_").replace(",", "+").replace(":", ".")
    return re.sub(r"[^A-Za-z0-9_.+-]", "_", name) + ".png"


def start_server(repo: Path, port: int, log) -> subprocess.Popen:
    python = repo / ".venv" / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k != "CCHC_DATA_DIR"}
    cmd = [str(python) if python.exists() else sys.executable, "-m", "streamlit", "run", "app.py",
           "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none"]
    # No file watcher: an edit of the tree while the pages load (a refactor under way) would show
    # "File change. Rerun" in the status widget, which the wait for an idle app waits out.
    # Output to a file: a pipe nobody reads would block the server once full.
    return subprocess.Popen(cmd, cwd=repo, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def tail(log, n: int = 4000) -> str:
    log.flush()
    log.seek(0)
    return log.read().decode("utf-8", "replace")[-n:]


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


class NotRendered(Exception):
    pass


def wait_rendered(page, timeout: float) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.locator('[data-testid="stApp"]').wait_for(timeout=timeout)
        page.wait_for_function(IDLE_JS, timeout=timeout)
    except PlaywrightTimeout:
        raise NotRendered(f"not settled after {timeout / 1000:.0f} s: "
                          + ("; ".join(page.evaluate(BLOCKERS_JS)) or "settled just now")) from None


def shoot(page, url: str, path: Path, width: int, height: int, timeout: float) -> None:
    page.goto(url)
    wait_rendered(page, timeout)
    # Streamlit scrolls inside its own container, so a "full page" of the document is one screen:
    # grow the viewport to the content's height, let the app settle again, then take the picture.
    full = int(page.evaluate("""() => Math.max(document.documentElement.scrollHeight,
        ...Array.from(document.querySelectorAll('[data-testid="stMain"], [data-testid="stAppScrollToBottomContainer"],'
                                                + '[data-testid="stAppViewContainer"], [data-testid="stSidebarContent"]'))
           .map(e => e.scrollHeight))"""))
    if full > height:
        page.set_viewport_size({"width": width, "height": full})
        page.wait_for_function("h => window.innerHeight === h", arg=full, timeout=timeout)
        wait_rendered(page, timeout)
    page.screenshot(path=str(path), full_page=True, animations="disabled")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repo", required=True, type=Path, help="checkout holding app.py")
    ap.add_argument("--out", required=True, type=Path, help="folder for the PNGs")
    ap.add_argument("--port", type=int, default=8611)
    ap.add_argument("--width", type=int, default=1440)
    ap.add_argument("--height", type=int, default=900)
    ap.add_argument("--timeout", type=float, default=120, help="seconds a page may take to settle")
    args = ap.parse_args(argv)
    repo = args.repo.resolve()
    if not (repo / "app.py").exists():
        ap.error(f"no app.py in {repo}")
    args.out.mkdir(parents=True, exist_ok=True)

    from playwright.sync_api import sync_playwright

    base = f"http://localhost:{args.port}"
    written: list[Path] = []
    failed: list[str] = []
    with tempfile.TemporaryFile() as log:
        proc = start_server(repo, args.port, log)
        try:
            wait_until_up(proc, base, lambda: tail(log), timeout=90)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
                try:
                    for url in URLS:
                        context = browser.new_context(viewport={"width": args.width, "height": args.height},
                                                      locale="vi-VN")
                        page = context.new_page()
                        path = args.out / file_name(url)
                        try:
                            shoot(page, base + url, path, args.width, args.height, args.timeout * 1000)
                            written.append(path)
                            print(path, flush=True)
                        except NotRendered as e:  # keep going; show what the page looked like
                            stuck = path.with_suffix(".NOT-RENDERED.png")
                            page.screenshot(path=str(stuck), full_page=True)
                            failed.append(f"{url}: {e} (see {stuck})")
                            print(f"FAILED {url}: {e} -> {stuck}", file=sys.stderr, flush=True)
                        finally:
                            context.close()
                finally:
                    browser.close()
        finally:
            stop_server(proc)
        if failed:
            print("server output (end):\n" + tail(log), file=sys.stderr)
    print(f"{len(written)} screenshots in {args.out}")
    if failed:
        print(f"{len(failed)} pages did not render:\n  " + "\n  ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
