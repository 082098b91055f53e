"""``python -m bench``: the dashboard at demo or national scale (issue 9), in one run, against plain references.

    python -m bench [--scale demo|national] [--json FILE] [--data-dir DIR] [--communes N] [--months M]

Data: ``--scale demo`` measures the bundled ``data/``; ``--scale national`` generates the national demo
data (``python -m cchc demo --scale national``) once into ``var/bench/national`` (or ``--data-dir``) and
reuses it while the generator is unchanged. ``--communes``/``--months`` make a smaller national-shaped set.

Three phases, each in a fresh process (bench/phases.py): the league table of a filter change and the trend
on a warm store against pandas and lazy-Polars references (the run fails if their ranks differ from the
app's), full Rankings reruns through AppTest, and Chromium against ``streamlit run`` (cold start, a period
change, server memory with 1 and 10 sessions). Prints a table and writes flat JSON keys (ms / MB).
Timings are reported, never asserted.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.phases import ROOT, ms

KEYS = ["scale", "rows", "league_ms_median", "league_ms_p95", "league_pandas_ms_median",
        "league_polars_lazy_ms_median", "trend_ms_median", "trend_pandas_ms_median", "rerun_ms_median",
        "browser_rerun_ms_median", "cold_start_ms", "rss_1_session_mb", "rss_10_sessions_mb", "peak_rss_mb"]
ENGINE_FILES = ["cchc/store.py", "cchc/scores.py", "cchc/indices.py", "cchc/selection.py", "cchc/league.py",
                "cchc/tables.py", "ui/data.py", "ui/downloads.py", "ui/controls.py", "ui/filters.py"]
GENERATOR = sorted((ROOT / "cchc" / "demo").glob("*.py"))
STAMP = ".bench-generated.json"


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", choices=["demo", "national"], default="demo")
    ap.add_argument("--json", help="write the figures to this file")
    ap.add_argument("--data-dir", help="the data folder (default: data/ for demo, var/bench/<scale> for national, "
                                       "generated when missing)")
    ap.add_argument("--communes", type=int, help="national: a smaller set of this many new communes")
    ap.add_argument("--months", type=int, help="national: only the last this many months")
    ap.add_argument("--repeat", type=int, default=20, help="filter changes timed (league, AppTest reruns)")
    ap.add_argument("--trend-repeat", type=int, default=3)
    ap.add_argument("--browser-repeat", type=int, default=5, help="period changes timed in Chromium")
    ap.add_argument("--sessions", type=int, default=10, help="browser sessions opened for the memory figures")
    ap.add_argument("--max-rss-mb", type=float, default=12000.0,
                    help="stop opening sessions once the server's RSS passes this (the machine is shared)")
    ap.add_argument("--settle", type=float, default=10.0,
                    help="an RSS reading is the lowest over this many seconds after a session opened")
    ap.add_argument("--timeout", type=float, default=900.0, help="seconds one page, run or phase step may take")
    ap.add_argument("--phases", default="core,apptest,browser", help="comma-separated subset (for development)")
    return ap


# ------------------------------------------------------------------ the data
def _generator_hash(options: list[str]) -> str:
    h = hashlib.sha256(" ".join(options).encode())
    for f in GENERATOR:
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def data_folder(a: argparse.Namespace) -> tuple[Path, float | None]:
    """The data folder to measure, generated first when needed; and the generation time (ms) if it was."""
    if a.scale == "demo":
        if a.communes or a.months:
            raise SystemExit("--communes and --months need --scale national")
        folder = Path(a.data_dir) if a.data_dir else ROOT / "data"
        if not (folder / "datasets.yaml").exists():
            raise SystemExit(f"{folder}: no datasets.yaml")
        return folder.resolve(), None
    options = [f"--{k} {v}" for k, v in (("communes", a.communes), ("months", a.months)) if v]
    name = "national" + "".join(f"-{o.split()[0][2]}{o.split()[1]}" for o in options)
    folder = (Path(a.data_dir) if a.data_dir else ROOT / "var" / "bench" / name).resolve()
    stamp = folder / STAMP
    want = _generator_hash(options)
    if (folder / "datasets.yaml").exists() and (not stamp.exists() or json.loads(stamp.read_text())["hash"] == want):
        return folder, None  # a folder given by the user, or generated before by the same generator
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    cmd = [sys.executable, "-m", "cchc", "demo", "--scale", "national", "--out", str(tmp),
           *[x for o in options for x in o.split()]]
    print(f"generating the national data: {' '.join(cmd[1:])}", flush=True)
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True)
    took = time.perf_counter() - start
    (tmp / STAMP).write_text(json.dumps({"hash": want, "options": options, "seconds": round(took, 1)}))
    shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)
    return folder, ms(took)


def count_rows(folder: Path) -> int:
    import pyarrow.parquet as pq
    import yaml

    catalogue = yaml.safe_load((folder / "datasets.yaml").read_text(encoding="utf-8"))
    return sum(pq.ParquetFile(folder / e["file"]).metadata.num_rows for e in catalogue)


# ------------------------------------------------------------------ context
def machine() -> dict[str, Any]:
    import pandas
    import polars
    import streamlit

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
               if line.startswith("MemTotal"))
    return {"machine": f"{len(os.sched_getaffinity(0))} cores ({cpu}), {mem / 1024 ** 2:.0f} GB RAM, "
                       f"{platform.system()} {platform.machine()}",
            "software": f"Python {platform.python_version()}, polars {polars.__version__}, pandas "
                        f"{pandas.__version__}, streamlit {streamlit.__version__}",
            "load_average_start": round(os.getloadavg()[0], 2)}


def code_state() -> dict[str, Any]:
    """Which code was measured: the commit, the files changed in the working tree, and a hash of the
    store/engine/UI-data files as they were read (the working tree may hold others' work in progress)."""
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.rstrip()
        except (OSError, subprocess.CalledProcessError):
            return ""
    h = hashlib.sha256()
    for f in ENGINE_FILES:
        path = ROOT / f
        h.update(path.read_bytes() if path.exists() else b"")
    changed = [line[3:] for line in git("status", "--porcelain", "--", "cchc", "ui", "views", "app.py").splitlines()]
    return {"code_commit": git("rev-parse", "--short", "HEAD"), "code_engine_sha": h.hexdigest()[:12],
            "code_changed_files": ", ".join(sorted(changed))}


# ------------------------------------------------------------------ run
def run_phase(name: str, folder: Path, a: argparse.Namespace, imports: str) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        out = Path(fh.name)
    cmd = [sys.executable, "-m", "bench", "phase", name, "--data-dir", str(folder), "--out", str(out),
           "--repeat", str(a.repeat), "--trend-repeat", str(a.trend_repeat), "--browser-repeat",
           str(a.browser_repeat), "--sessions", str(a.sessions), "--timeout", str(a.timeout),
           "--max-rss-mb", str(a.max_rss_mb), "--settle", str(a.settle)]
    print(f"phase {name} …", flush=True)
    start = time.perf_counter()
    env = {**os.environ, "CCHC_IMPORT_DIR": imports, "CCHC_DATA_DIR": str(folder)}
    try:
        proc = subprocess.run(cmd, cwd=ROOT, env=env)
        if proc.returncode != 0:
            raise SystemExit(f"phase {name} failed (exit {proc.returncode})")
        result = json.loads(out.read_text(encoding="utf-8"))
    finally:
        out.unlink(missing_ok=True)
    print(f"phase {name}: {time.perf_counter() - start:.0f} s", flush=True)
    return result


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.1f}×" if a and b else "–"


def table(r: dict[str, Any]) -> str:
    national = r["scale"] == "national"
    rerun_target = "≤ 300 ms" if national else "≤ 250 ms"
    lines = [
        ("league table, filter change (app)", f"{r.get('league_ms_median')} ms median, {r.get('league_ms_p95')} ms p95",
         "≤ 20 ms"),
        ("  pandas reference", f"{r.get('league_pandas_ms_median')} ms  (app is "
                               f"{ratio(r.get('league_pandas_ms_median'), r.get('league_ms_median'))} faster)",
         "≥ 10×"),
        ("  lazy Polars reference", f"{r.get('league_polars_lazy_ms_median')} ms  (app is "
         f"{ratio(r.get('league_polars_lazy_ms_median'), r.get('league_ms_median'))} faster)", ""),
        ("  first league (cold store)", f"{r.get('league_first_ms')} ms", ""),
        ("trend (Trends page data, app)", f"{r.get('trend_ms_median')} ms  (first {r.get('trend_first_ms')} ms)", ""),
        ("  pandas reference", f"{r.get('trend_pandas_ms_median')} ms  (app is "
                               f"{ratio(r.get('trend_pandas_ms_median'), r.get('trend_ms_median'))} faster)", ""),
        ("Rankings rerun (AppTest)", f"{r.get('rerun_ms_median')} ms median  (first run "
                                     f"{r.get('apptest_first_ms')} ms)", rerun_target),
        ("period change in Chromium", f"{r.get('browser_rerun_ms_median')} ms median", "≤ 600 ms"),
        ("cold start → first Rankings page", f"{r.get('cold_start_ms')} ms  (server answering after "
                                             f"{r.get('server_ready_ms')} ms)", "≤ 5000 ms"),
        ("server RSS, 1 session", f"{r.get('rss_1_session_mb')} MB", ""),
        (f"server RSS, {r.get('sessions_opened')} sessions", f"{r.get('rss_10_sessions_mb')} MB", "≤ 1536 MB"),
        ("  growth per extra session", f"{r.get('rss_growth_per_session_mb')} MB", "≤ 20 MB"),
        ("server peak RSS", f"{r.get('peak_rss_mb')} MB", ""),
    ]
    width = max(len(a) for a, _, _ in lines) + 2
    head = (f"scale {r['scale']}: {r['rows']:,} observation rows in {r['data_dir']}\n{r['machine']}; {r['software']}\n"
            f"code: {r['code_commit']} + working tree (engine files sha {r['code_engine_sha']}); "
            f"references agree with the app: {'yes' if r.get('references_agree') else 'NO'}\n")
    body = "\n".join(f"{a:<{width}}{b:<58}{c if national or 'rerun' in a.lower() else ''}" for a, b, c in lines)
    return head + "\n" + body


def main(argv: list[str]) -> int:
    a = _parser().parse_args(argv)
    folder, generated = data_folder(a)
    result: dict[str, Any] = {"scale": a.scale, "rows": count_rows(folder), "data_dir": str(folder),
                              **machine(), **code_state()}
    if generated is not None:
        result["generate_ms"] = generated
    phases = [p for p in a.phases.split(",") if p]
    with tempfile.TemporaryDirectory() as imports:  # an empty import folder: only the data folder's data
        for name in phases:
            result.update(run_phase(name, folder, a, imports))
    if f"rss_{a.sessions}_sessions_mb" in result and a.sessions != 10:
        result.setdefault("rss_10_sessions_mb", None)
    result["load_average_end"] = round(os.getloadavg()[0], 2)
    missing = [k for k in KEYS if k not in result] if phases == ["core", "apptest", "browser"] else []
    if a.json:
        Path(a.json).write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print()
    print(table(result))
    if result.get("reference_problems"):
        print("\nREFERENCES DISAGREE WITH THE APP PATH:\n  " + "\n  ".join(result["reference_problems"]),
              file=sys.stderr)
        return 1
    if missing:
        print(f"missing keys: {', '.join(missing)}", file=sys.stderr)
        return 1
    return 0
