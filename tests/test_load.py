"""The load test (bench/load.py) and the replicas behind HAProxy (scripts/serve.sh, bench/replicas.py).

The ``load`` tests start real app processes behind Debian's HAProxy and drive them over Streamlit's
websocket protocol for a bounded time (about 20–25 s each, plus start-up). They assert what must
hold at any speed — no errors, every download complete, every session connected at the end, the
sessions spread over the processes, nothing left running — never timings (bench/README.md).
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from bench import load, replicas

ROOT = Path(__file__).resolve().parent.parent
HAPROXY = replicas.haproxy_path()
needs_haproxy = pytest.mark.skipif(
    HAPROXY is None, reason="HAProxy not installed: scripts/test.sh installs Debian's haproxy package "
                            "(apt-get install haproxy); the load tests run the app behind it")


# ---------------------------------------------------------------- the pieces (fast)
def test_a_file_is_complete_only_with_its_end():
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40 + b"\x00\x00\x00\x00IEND\xaeB`\x82"
    assert load.file_complete("a.png", png) == ""
    assert "truncated" in load.file_complete("a.png", png[:-20])
    assert "wrong start" in load.file_complete("a.png", b"<html>" + png)
    xlsx = b"PK\x03\x04" + b"x" * 100 + b"PK\x05\x06" + b"\x00" * 18
    assert load.file_complete("t.xlsx", xlsx) == ""
    assert "truncated" in load.file_complete("t.xlsx", xlsx[:60])
    assert load.file_complete("t.pdf", b"%PDF-1.7\n...\n%%EOF\n") == ""
    assert "truncated" in load.file_complete("t.pdf", b"%PDF-1.7\n...")
    assert load.file_complete("t.csv", "\ufeffa;b\n1;2\n".encode()) == ""
    assert "wrong start" in load.file_complete("t.csv", b"a;b\n1;2\n")
    assert load.file_complete("c.svg", b"<svg></svg>\n") == ""
    assert "truncated" in load.file_complete("c.svg", b"<svg><g>")
    assert load.file_complete("x.bin", b"") == "empty file"


def test_widget_names_and_percentiles():
    assert load.widget_name("$$ID-5e35cc2302c5c5ad46943b3767fe4df7-w:period") == "period"
    assert load.widget_name("$$ID-246cceb5d3e0f125368ffee09b5d1692-dl_rank_bars_png") == ""
    assert load.percentile([], 95) is None
    assert load.percentile([1, 2, 3, 4, 5], 50) == 3
    assert load.percentile(list(range(101)), 95) == 95


def test_only_loopback_targets():
    load.check_loopback("http://127.0.0.1:8501")
    load.check_loopback("http://localhost:8501")
    with pytest.raises(SystemExit, match="only loopback"):
        load.check_loopback("http://10.0.0.5:8501")
    with pytest.raises(SystemExit, match="only loopback"):
        load.check_loopback("https://cchc.example.gov.vn")


def test_command_line_checks():
    args = load.parse_args(["--sessions", "3", "--seconds", "5", "--replicas", "2", "--think", "1:2",
                            "--mix", "page=1,download=3"])
    assert (args.sessions, args.seconds, args.replicas, args.think) == (3, 5.0, 2, (1.0, 2.0))
    assert args.mix == {"page": 1.0, "download": 3.0}
    for bad in (["--kill-after", "5"], ["--replicas", "2", "--no-proxy"], ["--url", "http://127.0.0.1:1",
                "--replicas", "1"], ["--think", "5:1"], ["--mix", "scroll=1"], ["--sessions", "0"]):
        with pytest.raises(SystemExit):
            load.parse_args(bad)


def test_the_proxy_config_renders_valid(tmp_path):
    out = subprocess.run(["bash", "scripts/serve.sh", "--render-only", "--replicas", "3", "--port", "9100",
                          "--run-dir", str(tmp_path)], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "bind 127.0.0.1:9100" in out
    servers = [line.split() for line in out.splitlines() if line.strip().startswith("server ")]
    assert [s[1:3] for s in servers] == [["app1", "127.0.0.1:9101"], ["app2", "127.0.0.1:9102"],
                                         ["app3", "127.0.0.1:9103"]]
    assert all("check" in s and "cookie" in s for s in servers)
    assert "@" not in "".join(line.split("#")[0] for line in out.splitlines())  # every placeholder filled
    if HAPROXY:
        (tmp_path / "haproxy.cfg").write_text(out)
        check = subprocess.run([HAPROXY, "-c", "-f", str(tmp_path / "haproxy.cfg")], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr


# ---------------------------------------------------------------- through the proxy (bounded runs)
def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] == "Z")


@pytest.mark.load
@needs_haproxy
def test_sessions_through_the_proxy_get_every_page_and_file(tmp_path, monkeypatch, capsys):
    """`python -m bench load` with 2 replicas: 6 sessions for 20 s, downloads weighted up."""
    monkeypatch.setenv("CCHC_IMPORT_DIR", str(tmp_path / "imported"))  # the bundled data only
    out = tmp_path / "load.json"
    code = load.main(["--sessions", "6", "--seconds", "20", "--replicas", "2", "--think", "0.5:2",
                      "--ramp", "3", "--mix", "page=3,filter=3,download=4", "--json", str(out)])
    printed = capsys.readouterr().out
    result = json.loads(out.read_text())
    assert {"sessions", "replicas", "actions", "errors", "p50_ms", "p95_ms", "server_rss_mb",
            "failed_downloads", "seconds", "url"} <= set(result)
    assert result["errors"] == 0, printed
    assert result["failed_downloads"] == 0, printed
    assert code == 0
    assert (result["sessions"], result["replicas"], result["proxy"]) == (6, 2, True)
    kinds = result["by_kind"]
    assert kinds["open"]["count"] == 6 and kinds["page"]["count"] > 0 and kinds["filter"]["count"] > 0
    assert result["downloads"] >= 3, printed  # the check "0 failed downloads" is about real downloads
    assert result["sessions_connected_at_end"] == 6
    assert set(result["sessions_by_replica"]) == {"app1", "app2"}, printed  # both replicas, sticky cookie
    assert result["server_processes"] == 2 and result["server_rss_mb"] > 50


@pytest.mark.load
@needs_haproxy
def test_a_replica_killed_mid_run_costs_its_sessions_a_reconnect(tmp_path):
    env = {"CCHC_IMPORT_DIR": str(tmp_path / "imported")}
    with replicas.cluster(2, env=env) as c:
        load.run_coroutine(load.warm(c.app_urls()))
        before = c.app_pids()
        proxy_pid = int((c.run_dir / "haproxy.pid").read_text())
        result = load.run_coroutine(load.drive(c.url, 6, 22, think=(0.5, 2.0), ramp=2, pids=c.app_pids,
                                        kill_at=8, kill=c.kill_one))
        result.update(replicas=2, proxy=True, started=True)
        report = load.summary(result) + "\n" + c.logs(3000)
        deadline = time.monotonic() + 90
        while len(c.app_pids()) < 2 and time.monotonic() < deadline:  # serve.sh restarts the killed one
            time.sleep(0.5)
        restarted = c.app_pids()
    assert result["killed_pids"] == before[:1], report
    assert result["sessions_ended"] == 6 and result["sessions_connected_at_end"] == 6, report
    assert result["reconnects"] >= 1, report  # the killed replica held sessions: they came back
    assert result["errors"] == 0 and result["failed_downloads"] == 0, report
    assert len(restarted) == 2 and before[0] not in restarted, report
    # stopping serve.sh stopped everything it started
    leftovers = [p for p in [*before, *restarted, proxy_pid] if _alive(p)]
    assert leftovers == []
