"""Several app processes behind HAProxy, from Python: ``scripts/serve.sh`` under the load test's control.

>>> with cluster(2) as c:                      # doctest: +SKIP
...     c.url                                  # the proxy, e.g. http://127.0.0.1:31870
...     c.app_pids()                           # the app processes (from serve.sh's pid files)
...     c.kill_one()                           # SIGKILL one of them (serve.sh restarts it)

The processes are exactly those an operator starts (``bash scripts/serve.sh --replicas R``): the
same script, the same rendered ``deploy/haproxy.cfg``, on free consecutive loopback ports, with
their logs and run files in a temporary folder removed afterwards. ``proxy=False`` (one replica)
starts the single process without a proxy, for the single-process figures.

``python -m bench.replicas --replicas 2`` starts them, prints the URL and waits for Ctrl-C (or
``--seconds``), which is what ``scripts/serve.sh`` does with fixed ports.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Mapping, Sequence

ROOT = Path(__file__).resolve().parent.parent
SERVE = ROOT / "scripts" / "serve.sh"
READY_TIMEOUT = 150.0  # s: serve.sh waits up to 120 s for the processes' health checks
STOP_TIMEOUT = 20.0  # s: serve.sh gives its processes 10 s, then kills them


def haproxy_path() -> str | None:
    """The HAProxy binary (Debian puts it in /usr/sbin, not always on a user's PATH), or None."""
    found = shutil.which("haproxy")
    if found:
        return found
    return "/usr/sbin/haproxy" if os.access("/usr/sbin/haproxy", os.X_OK) else None


def _free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_ports(count: int, attempts: int = 100) -> int:
    """A port P such that P .. P+count-1 are all free on 127.0.0.1 (bounded random search)."""
    rng = random.Random()
    for _ in range(attempts):
        base = rng.randrange(20000, 60000 - count)
        if all(_free(base + i) for i in range(count)):
            return base
    raise RuntimeError(f"no {count} consecutive free ports found in {attempts} attempts")


@dataclass
class Cluster:
    """A running ``scripts/serve.sh``: its URL, run folder and process."""

    url: str
    port: int
    replicas: int
    proxy: bool
    run_dir: Path
    process: subprocess.Popen

    def app_pids(self) -> list[int]:
        """The app processes now running (serve.sh rewrites a pid file when it restarts one)."""
        pids = []
        for i in range(1, self.replicas + 1):
            try:
                pid = int((self.run_dir / f"app{i}.pid").read_text().strip())
                os.kill(pid, 0)
            except (OSError, ValueError):
                continue
            pids.append(pid)
        return pids

    def app_urls(self) -> list[str]:
        """Each app process's own URL (behind the proxy: the consecutive ports after the proxy's)."""
        if not self.proxy:
            return [self.url]
        return [f"http://127.0.0.1:{self.port + i}" for i in range(1, self.replicas + 1)]

    def kill_one(self, index: int = 1) -> int | None:
        """SIGKILL app process ``index`` (a crash: no clean-up); its pid, or None if it was not running."""
        try:
            pid = int((self.run_dir / f"app{index}.pid").read_text().strip())
            os.kill(pid, signal.SIGKILL)
        except (OSError, ValueError):
            return None
        return pid

    def events(self) -> dict[str, int]:
        """What serve.sh had to do so far: app processes restarted, and killed for not answering."""
        try:
            text = (self.run_dir / "serve.log").read_text(encoding="utf-8", errors="replace")
        except OSError:
            text = ""
        return {"restarts": text.count("; restarting ("), "hang_kills": text.count("has not answered its health check")}

    def logs(self, limit: int = 200_000) -> str:
        """Everything the processes wrote (serve.sh, each app, HAProxy), the last ``limit`` characters."""
        parts = []
        for f in sorted((self.run_dir / "logs").glob("*.log")) + [self.run_dir / "serve.log"]:
            if f.exists():
                parts.append(f"==> {f.name} <==\n" + f.read_text(encoding="utf-8", errors="replace"))
        return "\n".join(parts)[-limit:]

    def stop(self) -> None:
        """Stop serve.sh (it stops its processes); force whatever is left after STOP_TIMEOUT."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                pass
        leftovers = [*self.app_pids()]
        for pid in leftovers:  # each app leads its own process group (with its export browser)
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


@contextmanager
def cluster(replicas: int, *, proxy: bool = True, env: Mapping[str, str] | None = None,
            extra: Sequence[str] = (), max_restarts: int = 5, hang_seconds: int = 30,
            keep: bool = False) -> Iterator[Cluster]:
    """Start ``scripts/serve.sh --replicas R`` on free loopback ports; yield it when every process
    answers its health check; stop everything on the way out (also after an error)."""
    if proxy and haproxy_path() is None:
        raise RuntimeError("HAProxy not found (sudo apt-get install haproxy; scripts/test.sh installs it)")
    if not proxy and replicas != 1:
        raise ValueError("without a proxy there is one replica")
    port = free_ports(replicas + 1 if proxy else 1)
    run_dir = Path(tempfile.mkdtemp(prefix="cchc-replicas-"))
    cmd = ["bash", str(SERVE), "--replicas", str(replicas), "--port", str(port), "--address", "127.0.0.1",
           "--run-dir", str(run_dir), "--log-dir", str(run_dir / "logs"), "--max-restarts", str(max_restarts),
           "--hang-seconds", str(hang_seconds)]
    if not proxy:
        cmd.append("--no-proxy")
    if extra:
        cmd += ["--", *extra]
    environment = {**os.environ, **(env or {})}
    if proxy and not shutil.which("haproxy"):
        environment["HAPROXY"] = haproxy_path() or ""
    with open(run_dir / "serve.log", "ab") as out:
        process = subprocess.Popen(cmd, cwd=ROOT, env=environment, stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    c = Cluster(f"http://127.0.0.1:{port}", port, replicas, proxy, run_dir, process)
    try:
        deadline = time.monotonic() + READY_TIMEOUT
        while not (run_dir / "ready").exists():
            if process.poll() is not None:
                raise RuntimeError(f"scripts/serve.sh exited with {process.returncode}:\n{c.logs(4000)}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"scripts/serve.sh not ready within {READY_TIMEOUT:.0f} s:\n{c.logs(4000)}")
            time.sleep(0.2)  # poll interval for the ready file
        yield c
    finally:
        c.stop()
        if not keep:
            shutil.rmtree(run_dir, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.replicas", description=__doc__.split("\n\n")[0])
    p.add_argument("--replicas", type=int, default=2)
    p.add_argument("--no-proxy", action="store_true")
    p.add_argument("--seconds", type=float, default=3600.0, help="stop after this long (default 1 h)")
    args = p.parse_args(argv)
    with cluster(args.replicas, proxy=not args.no_proxy, keep=True) as c:
        print(f"{c.url}  ({args.replicas} app process(es) {c.app_pids()}; run folder {c.run_dir}); Ctrl-C stops")
        try:
            time.sleep(args.seconds)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
