"""Load test of the dashboard over Streamlit's own websocket protocol (no browsers).

``python -m bench load --sessions N --seconds S [--replicas R] [--url URL] [--json FILE]``
(also ``python -m bench.load …``) drives N concurrent sessions the way the Streamlit 1.67
frontend talks to the server, so the load generator costs the server's CPU nothing but the
requests themselves:

- a session GETs the page (``/<page>``), ``/_stcore/health`` and ``/_stcore/host-config``
  (keeping the cookies, so a proxy's sticky cookie works), opens the websocket
  ``/_stcore/stream`` (sub-protocols ``streamlit``, the XSRF cookie, and on a reconnect the
  previous session id, as the frontend does) and sends a ``rerun_script`` BackMsg (a
  ``ClientState``: query string, page name or page script hash, widget states, the hashes of the
  cached messages). The server answers with ForwardMsgs: ``new_session`` (with the session id),
  ``navigation`` (the pages and their script hashes), ``delta``\\ s (the page's elements),
  ``page_info_changed`` (the query string the app wrote) and ``script_finished``;
- it then repeats, until S seconds have passed, a think time and one of three actions:
  **page** (a rerun with another page's script hash), **filter** (a rerun with one sidebar
  select box — period, region, index, boundaries or band — set to another of its options; the
  widget id and options are read from the deltas received) and **download** (a
  ``backend_operation_request`` with a ``deferred_file`` payload for one of the page's download
  buttons built on click, whose ``backend_operation_response`` gives a ``/media/…`` URL, then a
  GET of that URL whose bytes are checked complete: the Content-Length, and the file format's
  start and end marks).

Sessions start spread over ``--ramp`` seconds and think ``--think`` seconds (default 2–6) between
actions; ``--mix`` weighs the actions (default page 4, filter 4, download 2, among those the page
offers). Before the measured run one unmeasured session per app process visits every page once
(``--no-warmup`` to measure cold processes).

Each action's latency is measured from sending to ``script_finished`` (page, filter, the first
page of a session) or to the last byte of the file (download); ``p50_ms`` and ``p95_ms`` are over
the successful actions. An action fails (``errors``) when its run shows an exception, an error
box (the app's page error boundary) or a compile error, when a filter is not applied, when it
times out, or for a download when the server refuses it or the file is incomplete
(``failed_downloads`` counts those; they are included in ``errors``).

A session whose websocket closes (a replica killed, a proxy restart) reconnects at once, as the
frontend does: a bounded number of attempts, the old session id offered, then a rerun of the
page it was on with the query string the app last wrote. A successful reconnect is counted in
``reconnects``, not as an error; the action it interrupted is counted in ``interrupted`` and
done again on the new connection (a user clicking again), where it counts like any other.

With ``--replicas R`` the test starts R app processes behind HAProxy (``scripts/serve.sh``, see
``bench/replicas.py``), runs through the proxy and stops them; ``--kill-after T`` sends SIGKILL to
one app process T seconds into the run. Without ``--replicas`` it drives the server at ``--url``
(default ``http://127.0.0.1:8501``). ``server_rss_mb`` is the peak, sampled every second from
``/proc``, of the summed resident memory of the app processes (the Python processes that run
``streamlit run app.py``; their export browsers are in ``server_rss_with_children_mb``); the CPU
time they used during the run and what the rest of the machine used meanwhile are reported too,
since other programs on the machine change every timing.

Only loopback addresses are allowed as targets; every loop is bounded in count and in time.
Timings are printed and written, never asserted (bench/README.md).
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import json
import os
import random
import sys
import tempfile
import time
import uuid
from contextlib import nullcontext
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from ipaddress import ip_address
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence
from urllib.parse import urljoin, urlsplit

import httpx
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect as ws_connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

DEFAULT_URL = "http://127.0.0.1:8501"
PAGES = ("overview", "rankings", "trends", "profile", "compare", "present", "methodology", "data")
START_QUERIES = ("", "", "period=2023", "index=par&period=2023", "index=sipas", "lang=en",
                 "index=papi&period=2024&region=red_river_delta")
FILTER_KEYS = ("period", "period", "region", "index", "geo", "band")  # w:<name>; period twice as likely
ACTION_WEIGHTS = {"page": 4, "filter": 4, "download": 2}
ACTION_KINDS = ("open", "page", "filter", "download")
ACTION_TIMEOUT = 60.0  # s: the longest one action may take before it counts as failed
RECONNECT_ATTEMPTS = 10
RECONNECT_WINDOW = 30.0  # s: all reconnect attempts of one loss of connection
CLOSE_GRACE = 2.0  # s: after a failed download, how long to wait for the socket to report a close
CACHE_LIMIT = 200  # cached ForwardMsgs per session (the frontend's message cache)
MAX_FRAME = 64 * 2**20
SAMPLE_EVERY = 1.0  # s: RSS sampling interval
PROXY_COOKIE = "CCHC_REPLICA"  # deploy/haproxy.cfg: the sticky cookie naming the app process
DECK_KEYS = ("_deck_",)  # download buttons of the PPTX deck / PDF handout (only with --decks)
STOP_EARLY = ForwardMsg.FINISHED_EARLY_FOR_RERUN


class Lost(Exception):
    """The session's websocket closed (the server or the proxy went away)."""


class ActionFailed(Exception):
    """The action ended, but wrongly (error box, exception, incomplete file, timeout…)."""


# ------------------------------------------------------------------ what the server sent
@dataclass
class Run:
    """What one script run sent: its widgets, download buttons and any error shown."""

    selects: dict[str, tuple[str, list[str], str]] = field(default_factory=dict)  # name -> (id, options, value)
    downloads: list[tuple[str, str]] = field(default_factory=list)  # (element id, deferred file id)
    problems: list[str] = field(default_factory=list)
    status: int | None = None


def widget_name(element_id: str) -> str:
    """The app's widget key in a Streamlit element id (``$$ID-<hash>-w:period`` → ``period``)."""
    tail = element_id.rsplit("-", 1)[-1]
    return tail[2:] if tail.startswith("w:") else ""


def note_element(run: Run, fm: ForwardMsg) -> None:
    """Record in ``run`` what a ``new_element`` delta means for the load test."""
    element = fm.delta.new_element
    kind = element.WhichOneof("type")
    if kind == "selectbox":
        box = element.selectbox
        name = widget_name(box.id)
        if name:
            options = list(box.options)
            value = box.raw_value if box.HasField("raw_value") else (
                options[box.default] if 0 <= box.default < len(options) else "")
            run.selects[name] = (box.id, options, value)
    elif kind == "download_button":
        button = element.download_button
        if button.deferred_file_id and not button.disabled:
            run.downloads.append((button.id, button.deferred_file_id))
    elif kind == "exception":
        run.problems.append(f"exception {element.exception.type}: {element.exception.message[:160]}")
    elif kind == "alert" and element.alert.format == element.alert.ERROR:
        run.problems.append(f"error box: {element.alert.body[:160]}")


def file_complete(name: str, body: bytes) -> str:
    """'' when ``body`` looks like a whole file of the type its name says, else what is wrong."""
    ext = name.rsplit(".", 1)[-1].lower()
    if not body:
        return "empty file"
    checks: dict[str, tuple[bytes, Callable[[bytes], bool]]] = {
        "png": (b"\x89PNG\r\n\x1a\n", lambda b: b[-12:-8] == b"\x00\x00\x00\x00" and b[-8:-4] == b"IEND"),
        "pdf": (b"%PDF", lambda b: b"%%EOF" in b[-64:]),
        "xlsx": (b"PK\x03\x04", lambda b: b"PK\x05\x06" in b[-512:]),
        "pptx": (b"PK\x03\x04", lambda b: b"PK\x05\x06" in b[-512:]),
        "svg": (b"", lambda b: b.rstrip().endswith(b"</svg>")),
        "html": (b"", lambda b: b.rstrip().lower().endswith(b"</html>")),
        "csv": (b"\xef\xbb\xbf", lambda b: b.endswith(b"\n")),
    }
    if ext not in checks:
        return ""
    head, tail_ok = checks[ext]
    if not body.startswith(head):
        return f"{ext}: wrong start {body[:8]!r}"
    if not tail_ok(body):
        return f"{ext}: truncated (ends {body[-16:]!r})"
    return ""


# ------------------------------------------------------------------ figures
@dataclass
class Stats:
    """Everything measured, shared by the sessions of one run."""

    samples: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in (*ACTION_KINDS, "reconnect")})
    failures: dict[str, int] = field(default_factory=lambda: {k: 0 for k in (*ACTION_KINDS, "reconnect", "session")})
    problems: list[str] = field(default_factory=list)
    interrupted: int = 0
    http_retries: int = 0  # GETs sent again after a kept-alive connection closed under them
    placements: dict[str, int] = field(default_factory=dict)  # proxy cookie value -> sessions opened there
    by_type: dict[str, list[float]] = field(default_factory=dict)  # file extension -> download ms
    download_bytes: int = 0
    failed_downloads: int = 0
    t0: float = field(default_factory=time.monotonic)

    def ok(self, kind: str, seconds: float) -> None:
        self.samples[kind].append(seconds * 1000)

    def fail(self, kind: str, session: int, why: str) -> None:
        self.failures[kind] = self.failures.get(kind, 0) + 1
        if kind == "download":
            self.failed_downloads += 1
        if len(self.problems) < 50:
            self.problems.append(f"{time.monotonic() - self.t0:7.1f} s  session {session}  {kind}: {why}")


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0–100, linear interpolation between the closest ranks)."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 1)


# ------------------------------------------------------------------ one session
class Session:
    """One user: a cookie jar, a websocket, the page it is on and what that page last sent."""

    def __init__(self, number: int, base: str, stats: Stats, rng: random.Random, *,
                 timeout: float = ACTION_TIMEOUT, decks: bool = False,
                 weights: Mapping[str, float] = ACTION_WEIGHTS) -> None:
        self.n, self.base, self.stats, self.rng = number, base.rstrip("/"), stats, rng
        self.timeout, self.decks, self.weights = timeout, decks, weights
        self.http = httpx.AsyncClient(base_url=self.base, timeout=timeout, follow_redirects=False,
                                      verify=_insecure_tls() if self.base.startswith("https") else True)
        self.ws: Any = None
        self.reader: asyncio.Task | None = None
        self.closed = asyncio.Event()
        self.session_id = ""
        self.page = ""  # url path of the page shown
        self.pages: dict[str, str] = {}  # url path -> page script hash
        self.query = ""
        self.run = Run()
        self.last: Run = Run()
        self.finished: asyncio.Future | None = None
        self.pending: dict[str, asyncio.Future] = {}
        self.cache: dict[str, ForwardMsg] = {}
        self.reconnects = 0

    # ---- connection
    def _cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.http.cookies.jar)

    async def _get_like_a_browser(self, url: str) -> httpx.Response:
        """GET; like a browser, send it again once on a fresh connection when a kept-alive connection
        turns out closed before any answer (the server or proxy closed it as the request left)."""
        try:
            return await self.http.get(url)
        except httpx.RemoteProtocolError as exc:
            if "without sending a response" not in str(exc):
                raise
            self.stats.http_retries += 1
            return await self.http.get(url)

    async def _http_get(self, path: str) -> httpx.Response:
        r = await self._get_like_a_browser(path)
        if r.status_code != 200:
            raise ActionFailed(f"GET {path}: HTTP {r.status_code}")
        return r

    async def _connect(self, page: str, reuse_session: bool) -> None:
        """The browser's part of opening the app: the page, health, host config, then the socket."""
        await self._http_get("/" + page)
        await self._http_get("/_stcore/health")
        await self._http_get("/_stcore/host-config")
        xsrf = self.http.cookies.get("_streamlit_xsrf") or "-"
        protocols = ["streamlit", xsrf] + ([self.session_id] if reuse_session and self.session_id else [])
        scheme = "wss" if self.base.startswith("https") else "ws"
        url = f"{scheme}://{urlsplit(self.base).netloc}{urlsplit(self.base).path}/_stcore/stream"
        self.ws = await ws_connect(url, subprotocols=protocols, max_size=MAX_FRAME, ping_interval=None,
                                   open_timeout=self.timeout, close_timeout=5, origin=self.base,
                                   additional_headers={"Cookie": self._cookie_header()},
                                   ssl=_insecure_tls() if scheme == "wss" else None)
        self._keep_cookies(self.ws.response.headers.get_all("Set-Cookie"))
        self.closed = asyncio.Event()
        self.reader = asyncio.create_task(self._read(self.ws, self.closed), name=f"session-{self.n}-reader")

    def _keep_cookies(self, headers: list[str]) -> None:
        """Cookies set on the websocket's upgrade response (a proxy re-pinning the session)."""
        host = urlsplit(self.base).hostname or ""
        for header in headers:
            for morsel in SimpleCookie(header).values():
                self.http.cookies.set(morsel.key, morsel.value, domain=host)

    async def _read(self, ws: Any, closed: asyncio.Event) -> None:
        """Read ForwardMsgs until the socket closes; set ``closed`` then (bounded by the socket's life)."""
        try:
            async for frame in ws:
                if not isinstance(frame, bytes):
                    self.run.problems.append("a text frame (Streamlit sends binary protobufs)")
                    continue
                try:
                    fm = ForwardMsg()
                    fm.ParseFromString(frame)
                    self._on(fm)
                except Exception as exc:  # a message this client cannot read fails the action, not the reader
                    self.run.problems.append(f"unreadable ForwardMsg: {type(exc).__name__}: {exc}")
        except ConnectionClosed:
            pass
        finally:
            closed.set()
            if ws is self.ws:  # a reader of an older socket leaves the new socket's waits alone
                for fut in [self.finished, *self.pending.values()]:
                    if fut is not None and not fut.done():
                        fut.set_exception(Lost("connection closed"))
                self.pending.clear()

    def _on(self, fm: ForwardMsg) -> None:
        kind = fm.WhichOneof("type")
        if kind == "ref_hash":
            cached = self.cache.get(fm.ref_hash)
            if cached is None:
                self.run.problems.append(f"unknown cached message {fm.ref_hash}")
                return
            fm, kind = cached, "delta"
        elif fm.metadata.cacheable and fm.hash:
            if len(self.cache) >= CACHE_LIMIT:
                self.cache.pop(next(iter(self.cache)))
            self.cache[fm.hash] = fm
        if kind == "new_session":
            self.run = Run()
            self.session_id = fm.new_session.initialize.session_id or self.session_id
        elif kind == "navigation":
            self.pages = {p.url_pathname: p.page_script_hash for p in fm.navigation.app_pages if p.url_pathname}
            current = [u for u, h in self.pages.items() if h == fm.navigation.page_script_hash]
            if current:
                self.page = current[0]
        elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
            note_element(self.run, fm)
        elif kind == "page_info_changed":
            self.query = fm.page_info_changed.query_string
        elif kind == "page_not_found":
            self.run.problems.append(f"page not found: {fm.page_not_found.page_name}")
        elif kind == "script_finished":
            if fm.script_finished == STOP_EARLY:
                return  # a new run follows (st.rerun, or a rerun asked while this one ran)
            self.run.status = fm.script_finished
            if fm.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                self.run.problems.append("script compile error")
            self.last = self.run
            if self.finished is not None and not self.finished.done():
                self.finished.set_result(self.run)
        elif kind == "backend_operation_response":
            fut = self.pending.pop(fm.backend_operation_response.request_id, None)
            if fut is not None and not fut.done():
                fut.set_result(fm.backend_operation_response)

    @property
    def connected(self) -> bool:
        return self.ws is not None and not self.closed.is_set()

    async def close(self) -> None:
        await self._drop()
        await self.http.aclose()

    # ---- script runs
    async def _rerun(self, *, page_hash: str = "", page_name: str = "", query: str | None = None,
                     widgets: Sequence[tuple[str, str]] = ()) -> Run:
        """Send a rerun_script BackMsg and wait for its script_finished; the run, checked."""
        if not self.connected:
            raise Lost("not connected")
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query if query is None else query
        state.page_script_hash = page_hash
        state.page_name = page_name
        for wid, value in widgets:
            w = state.widget_states.widgets.add()
            w.id, w.string_value = wid, value
        state.cached_message_hashes.extend(self.cache)
        state.context_info.timezone = "Asia/Ho_Chi_Minh"
        state.context_info.timezone_offset = -420
        state.context_info.locale = "vi-VN"
        state.context_info.url = f"{self.base}/{page_name or self.page}"
        self.finished = asyncio.get_running_loop().create_future()
        try:
            await self.ws.send(msg.SerializeToString())
        except ConnectionClosed as exc:
            raise Lost("connection closed while sending") from exc
        run = await self._wait(self.finished)
        if run.problems:
            raise ActionFailed("; ".join(run.problems[:3]))
        return run

    async def _wait(self, fut: asyncio.Future) -> Any:
        try:
            return await asyncio.wait_for(fut, self.timeout)
        except asyncio.TimeoutError:
            if self.closed.is_set():
                raise Lost("connection closed") from None
            raise ActionFailed(f"no answer within {self.timeout:.0f} s") from None

    # ---- actions (each returns nothing; raises ActionFailed or Lost)
    async def open(self, page: str, query: str) -> None:
        await self._connect(page, reuse_session=False)
        self.page, self.query = page, query
        await self._rerun(page_name=page, query=query)
        where = self.http.cookies.get(PROXY_COOKIE) or "direct"
        self.stats.placements[where] = self.stats.placements.get(where, 0) + 1

    async def goto(self) -> None:
        choices = [p for p in PAGES if p != self.page and p in self.pages] or [p for p in PAGES if p != self.page]
        target = self.rng.choice(choices)
        await self._rerun(page_hash=self.pages.get(target, ""), page_name=target, query="")

    def can_filter(self) -> bool:
        return any(name in self.last.selects and len(self.last.selects[name][1]) > 1 for name in FILTER_KEYS)

    async def filter(self) -> None:
        names = [n for n in FILTER_KEYS if n in self.last.selects and len(self.last.selects[n][1]) > 1]
        name = self.rng.choice(names)
        wid, options, value = self.last.selects[name]
        other = self.rng.choice([o for o in options if o != value])
        run = await self._rerun(page_hash=self.pages.get(self.page, ""), widgets=[(wid, other)])
        shown = run.selects.get(name, ("", [], ""))[2]
        if shown != other:
            raise ActionFailed(f"filter {name} set to {other!r} but the page shows {shown!r}")

    def _download_choices(self) -> list[tuple[str, str]]:
        return [d for d in self.last.downloads if self.decks or not any(k in d[0] for k in DECK_KEYS)]

    def can_download(self) -> bool:
        return bool(self._download_choices())

    async def download(self) -> int:
        """Ask for a file built on click, fetch it, check it; its size in bytes."""
        started = time.monotonic()
        _, file_id = self.rng.choice(self._download_choices())
        msg = BackMsg()
        req = msg.backend_operation_request
        req.request_id = str(uuid.uuid4())
        req.session_id = self.session_id
        req.deferred_file.file_id = file_id
        fut = asyncio.get_running_loop().create_future()
        self.pending[req.request_id] = fut
        try:
            await self.ws.send(msg.SerializeToString())
        except ConnectionClosed as exc:
            raise Lost("connection closed while sending") from exc
        answer = await self._wait(fut)
        if answer.error_msg or not answer.deferred_file.url:
            raise ActionFailed(f"server refused the file: {answer.error_msg or 'no URL'}")
        url = answer.deferred_file.url
        try:
            r = await self._get_like_a_browser(urljoin(self.base + "/", url.lstrip("/")))
        except httpx.HTTPError as exc:
            raise ActionFailed(f"GET {url}: {type(exc).__name__}: {exc}") from exc
        if r.status_code != 200:
            raise ActionFailed(f"GET {url}: HTTP {r.status_code}")
        body = r.content  # decoded (the server may gzip it); Content-Length counts the bytes sent
        declared = r.headers.get("content-length")
        if declared is not None and int(declared) != r.num_bytes_downloaded:
            raise ActionFailed(f"GET {url}: {r.num_bytes_downloaded} of {declared} bytes")
        name = r.headers.get("content-disposition", "").rsplit("filename=", 1)[-1].strip('"') or url
        problem = file_complete(name if "." in name else url, body)
        if problem:
            raise ActionFailed(f"GET {url}: {problem}")
        ext = url.rsplit(".", 1)[-1].lower() if "." in url.rsplit("/", 1)[-1] else "?"
        self.stats.by_type.setdefault(ext, []).append((time.monotonic() - started) * 1000)
        return len(body)

    async def _drop(self) -> None:
        """Close the current socket and stop its reader (before opening another)."""
        if self.ws is not None:
            try:
                await asyncio.wait_for(self.ws.close(), 2)
            except (asyncio.TimeoutError, OSError, ConnectionClosed):
                pass
        if self.reader is not None:
            self.reader.cancel()
            try:
                await self.reader
            except (asyncio.CancelledError, Exception):
                pass
            self.reader = None

    async def reconnect(self) -> None:
        """Reopen the socket (bounded attempts) and rerun the page the session was on."""
        deadline = time.monotonic() + RECONNECT_WINDOW
        delay, last = 0.2, "no attempt"
        for _ in range(RECONNECT_ATTEMPTS):
            if time.monotonic() > deadline:
                break
            started = time.monotonic()
            await self._drop()
            try:
                await self._connect(self.page, reuse_session=True)
                await self._rerun(page_hash=self.pages.get(self.page, ""), page_name=self.page)
            except (Lost, ActionFailed, OSError, InvalidHandshake, InvalidStatus, httpx.HTTPError,
                    asyncio.TimeoutError) as exc:
                last = f"{type(exc).__name__}: {exc}"
                await asyncio.sleep(min(delay, max(0.0, deadline - time.monotonic())))
                delay = min(delay * 2, 5.0)
                continue
            self.reconnects += 1
            self.stats.ok("reconnect", time.monotonic() - started)
            return
        raise Lost(f"could not reconnect within {RECONNECT_WINDOW:.0f} s: {last}")

    # ---- the user's life
    async def act(self, kind: str, *args: Any) -> bool:
        """Do one action, measure it, count it; after a lost connection reconnect and do it again
        (once). False when the session cannot go on (no reconnect possible)."""
        for attempt in (1, 2):
            started = time.monotonic()
            try:
                size = await getattr(self, {"open": "open", "page": "goto"}.get(kind, kind))(*args)
            except Lost:
                if kind == "open" and self.ws is None:
                    self.stats.fail(kind, self.n, "could not connect")
                    return False
                self.stats.interrupted += 1
                try:
                    await self.reconnect()
                except Lost as exc:
                    self.stats.fail("reconnect", self.n, str(exc))
                    return False
                if kind == "open" or attempt == 2:
                    return True  # the reconnect opened the page again
                continue
            except (ActionFailed, OSError, InvalidHandshake, InvalidStatus, httpx.HTTPError) as exc:
                why = f"{type(exc).__name__}: {exc}" if not isinstance(exc, ActionFailed) else str(exc)
                if kind == "download" and attempt == 1 and await self._lost_soon():
                    self.stats.interrupted += 1  # the replica died under the download: reconnect, retry
                    try:
                        await self.reconnect()
                    except Lost as exc2:
                        self.stats.fail("reconnect", self.n, str(exc2))
                        return False
                    continue
                self.stats.fail(kind, self.n, why)
                if kind == "open" and not self.connected:
                    return False
                if "no answer within" in why:
                    await self._resync()
                return self.connected
            self.stats.ok(kind, time.monotonic() - started)
            if kind == "download":
                self.stats.download_bytes += size or 0
            return True
        return True

    async def _lost_soon(self) -> bool:
        try:
            await asyncio.wait_for(self.closed.wait(), CLOSE_GRACE)
        except asyncio.TimeoutError:
            return False
        return True

    async def _resync(self) -> None:
        """After a timed-out action the run may still be going: start over on a fresh socket."""
        try:
            await self.reconnect()
        except Lost as exc:
            self.stats.fail("reconnect", self.n, str(exc))

    async def think(self, seconds: float) -> None:
        """Wait like a user reading the page; reconnect at once if the socket closes meanwhile."""
        try:
            await asyncio.wait_for(self.closed.wait(), seconds)
        except asyncio.TimeoutError:
            return
        try:
            await self.reconnect()
        except Lost as exc:
            self.stats.fail("reconnect", self.n, str(exc))

    def choose(self) -> str:
        kinds = [k for k, w in self.weights.items() if w > 0 and (
            k == "page" or (k == "filter" and self.can_filter()) or (k == "download" and self.can_download()))]
        if not kinds:
            return "page"
        return self.rng.choices(kinds, weights=[self.weights[k] for k in kinds])[0]


def _insecure_tls():
    """TLS for a proxy with a self-signed certificate on loopback (the load test's own check)."""
    import ssl

    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


# ------------------------------------------------------------------ server memory from /proc
def with_descendants(pids: Sequence[int]) -> set[int]:
    """``pids`` and every process below them (the export browser an app process starts), from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    wanted, frontier = set(pids), set(pids)
    for _ in range(32):  # depth bound
        frontier = {p for p, pp in parents.items() if pp in frontier} - wanted
        if not frontier:
            break
        wanted |= frontier
    return wanted


def rss_mb(pids: Sequence[int], children: bool = False) -> float:
    """Summed resident memory (MB) of ``pids`` (and, with ``children``, all their descendants)."""
    total = 0
    for pid in with_descendants(pids) if children else set(pids):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
                    break
        except OSError:
            continue
    return total / 1024


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: Sequence[int] | set[int]) -> dict[int, float]:
    """CPU time (user + system, seconds) each process has used so far, from /proc/<pid>/stat."""
    out = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime
    return out


def machine_busy_seconds() -> float:
    """CPU time the whole machine has been busy (all cores, seconds since boot), from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    return (sum(fields) - fields[3] - fields[4]) / CLOCK_TICKS  # minus idle and iowait


def app_pids_serving(url: str) -> list[int]:
    """The ``streamlit run`` processes of this repository (for ``--url`` runs): the process that
    listens on the URL's port if it is one, else every ``streamlit run … app.py`` started here."""
    root = str(Path(__file__).resolve().parent.parent)
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
            cwd = os.readlink(entry / "cwd")
        except OSError:
            continue
        words = [a.decode("utf-8", "replace") for a in argv]
        if "streamlit" in " ".join(words) and "run" in words and any(w.endswith("app.py") for w in words) \
                and cwd == root:
            found.append((int(entry.name), words))
    port = str(urlsplit(url).port or 80)
    on_port = [pid for pid, words in found if port in words]
    return on_port or [pid for pid, _ in found]


# ------------------------------------------------------------------ the run
def check_loopback(url: str) -> None:
    host = urlsplit(url).hostname or ""
    try:
        ok = ip_address(host).is_loopback
    except ValueError:
        ok = host == "localhost"
    if not ok:
        raise SystemExit(f"refusing to load {url}: only loopback addresses (127.0.0.1) are allowed")


async def drive(url: str, sessions: int, seconds: float, *, seed: int = 10, think: tuple[float, float] = (2.0, 6.0),
                ramp: float = 5.0, timeout: float = ACTION_TIMEOUT, decks: bool = False,
                weights: Mapping[str, float] = ACTION_WEIGHTS,
                pids: Callable[[], list[int]] = list, kill_at: float | None = None,
                kill: Callable[[], int | None] | None = None) -> dict[str, Any]:
    """Drive ``sessions`` sessions for ``seconds`` against ``url``; the figures (see the module doc)."""
    check_loopback(url)
    stats = Stats()
    cpu0, load0, busy0 = time.process_time(), os.getloadavg(), machine_busy_seconds()
    master = random.Random(seed)
    start = time.monotonic()
    deadline = start + seconds
    rss = {"peak": 0.0, "peak_children": 0.0, "end": 0.0, "processes": 0}
    cpu_app: dict[int, tuple[float, float]] = {}  # pid -> (CPU s at first sight, latest)
    cpu_all: dict[int, tuple[float, float]] = {}  # the same with the export browsers

    def note_cpu() -> None:
        current = pids()
        for table, procs in ((cpu_app, current), (cpu_all, with_descendants(current))):
            for pid, used in cpu_seconds(procs).items():
                table[pid] = (table.get(pid, (used, used))[0], used)
    killed: list[int] = []
    connected_at_end: list[bool] = []

    async def user(i: int, rng: random.Random) -> None:
        await asyncio.sleep(ramp * i / max(sessions, 1))
        s = Session(i, url, stats, rng, timeout=timeout, decks=decks, weights=weights)
        try:
            alive = await s.act("open", rng.choice(PAGES), rng.choice(START_QUERIES))
            while alive and time.monotonic() < deadline:
                await s.think(min(rng.uniform(*think), max(0.0, deadline - time.monotonic())))
                if time.monotonic() >= deadline or not s.connected:
                    alive = s.connected
                    break
                alive = await s.act(s.choose())
            connected_at_end.append(s.connected)
        finally:
            await s.close()

    async def sampler() -> None:
        while time.monotonic() < deadline + timeout:  # bounded; cancelled when the users are done
            note_cpu()
            current = pids()
            rss["processes"] = max(rss["processes"], len(current))
            rss["peak"] = max(rss["peak"], rss_mb(current))
            rss["peak_children"] = max(rss["peak_children"], rss_mb(current, children=True))
            await asyncio.sleep(SAMPLE_EVERY)

    async def killer() -> None:
        if kill_at is None or kill is None:
            return
        await asyncio.sleep(kill_at)
        pid = kill()
        if pid:
            killed.append(pid)

    tasks = [asyncio.create_task(user(i, random.Random(master.random()))) for i in range(sessions)]
    side = [asyncio.create_task(sampler()), asyncio.create_task(killer())]
    bound = seconds + ramp + 2 * timeout + RECONNECT_WINDOW + 30
    done, not_done = await asyncio.wait(tasks, timeout=bound)
    for t in not_done:
        t.cancel()
        stats.fail("session", -1, "session still running at the hard time bound (cancelled)")
    for t in done:
        if t.exception() is not None:
            stats.fail("session", -1, f"session crashed: {type(t.exception()).__name__}: {t.exception()}")
    rss["end"] = rss_mb(pids())
    note_cpu()
    server_cpu = sum(b - a for a, b in cpu_app.values())
    server_cpu_all = sum(b - a for a, b in cpu_all.values())
    busy, generator_cpu = machine_busy_seconds() - busy0, time.process_time() - cpu0
    for t in side:
        t.cancel()
    await asyncio.gather(*side, return_exceptions=True)
    elapsed = time.monotonic() - start

    ok_times = [ms for k in ACTION_KINDS for ms in stats.samples[k]]
    errors = sum(stats.failures.values())
    by_kind = {}
    for k in (*ACTION_KINDS, "reconnect", "session"):
        v = stats.samples.get(k, [])
        by_kind[k] = {"count": len(v) + stats.failures[k], "errors": stats.failures[k],
                      "p50_ms": _r(percentile(v, 50)), "p95_ms": _r(percentile(v, 95)),
                      "max_ms": _r(max(v) if v else None)}
    return {
        "url": url, "sessions": sessions, "seconds": seconds, "elapsed_s": round(elapsed, 1),
        "think_s": list(think), "ramp_s": ramp, "seed": seed, "mix": dict(weights), "decks": decks,
        "actions": len(ok_times) + sum(stats.failures[k] for k in ACTION_KINDS),
        "errors": errors, "failed_downloads": stats.failed_downloads,
        "p50_ms": _r(percentile(ok_times, 50)), "p95_ms": _r(percentile(ok_times, 95)),
        "by_kind": by_kind, "reconnects": len(stats.samples["reconnect"]), "interrupted": stats.interrupted,
        "http_retries": stats.http_retries,
        "sessions_connected_at_end": sum(connected_at_end), "sessions_ended": len(connected_at_end),
        "downloads": len(stats.samples["download"]), "download_mb": round(stats.download_bytes / 2**20, 2),
        "downloads_by_type": {ext: {"count": len(v), "p50_ms": _r(percentile(v, 50)), "p95_ms": _r(percentile(v, 95))}
                              for ext, v in sorted(stats.by_type.items())},
        "server_rss_mb": round(rss["peak"], 1), "server_rss_end_mb": round(rss["end"], 1),
        "server_rss_with_children_mb": round(rss["peak_children"], 1), "server_processes": rss["processes"],
        "server_cpu_s": round(server_cpu, 1), "server_cpu_with_children_s": round(server_cpu_all, 1),
        "server_cpu_ms_per_action": _r(1000 * server_cpu_all / max(1, len(ok_times))),
        "killed_pids": killed, "sessions_by_replica": dict(sorted(stats.placements.items())),
        "generator_cpu_s": round(generator_cpu, 1), "problems": stats.problems,
        "machine": {"nproc": os.cpu_count(), "loadavg_start": [round(x, 2) for x in load0],
                    "loadavg_end": [round(x, 2) for x in os.getloadavg()],
                    "busy_cpu_s": round(busy, 1),
                    # what the rest of the machine used meanwhile (other programs, the proxy)
                    "other_cpu_s": round(max(0.0, busy - server_cpu_all - generator_cpu), 1)},
    }


async def warm(urls: Sequence[str], timeout: float = ACTION_TIMEOUT) -> list[str]:
    """Before the measured run: one session per URL visits every page once (the first visit of a page
    in a process loads its data); nothing is counted. The problems met, if any."""
    problems: list[str] = []

    async def visit(url: str) -> None:
        s = Session(-1, url, Stats(), random.Random(0), timeout=timeout)
        try:
            await s.open(PAGES[0], "")
            for page in PAGES[1:]:
                await s._rerun(page_hash=s.pages.get(page, ""), page_name=page, query="")
        except (Lost, ActionFailed, OSError, InvalidHandshake, InvalidStatus, httpx.HTTPError) as exc:
            problems.append(f"warm-up of {url}: {type(exc).__name__}: {exc}")
        finally:
            await s.close()

    await asyncio.gather(*(visit(u) for u in urls))
    return problems


def summary(result: dict[str, Any]) -> str:
    """The figures, readable."""
    kinds = result["by_kind"]

    def ms(x: float | None) -> str:
        return "–" if x is None else f"{x:,.0f} ms"

    where = result["url"]
    if result.get("started"):
        where += f" ({result['replicas']} app process{'es' if result['replicas'] > 1 else ''}"
        where += " behind HAProxy)" if result.get("proxy") else ", no proxy)"
    elif result.get("replicas"):
        where += f" (an already running server: {result['replicas']} app process(es) of this repository found)"
    lines = [
        f"load: {result['sessions']} sessions × {result['seconds']:g} s against {where}; "
        f"think {result['think_s'][0]:g}–{result['think_s'][1]:g} s, ramp {result['ramp_s']:g} s",
        f"  actions {result['actions']}  errors {result['errors']}  failed downloads {result['failed_downloads']}  "
        f"reconnects {result['reconnects']}  interrupted {result['interrupted']}  "
        f"GETs sent again {result['http_retries']}  "
        f"sessions connected at the end {result['sessions_connected_at_end']}/{result['sessions']}",
        f"  latency of an action: p50 {ms(result['p50_ms'])}  p95 {ms(result['p95_ms'])}",
    ]
    for k in (*ACTION_KINDS, "reconnect", "session"):
        v = kinds[k]
        if v["count"]:
            lines.append(f"    {k:<9} {v['count']:>5} done, {v['errors']} failed; p50 {ms(v['p50_ms'])}, "
                         f"p95 {ms(v['p95_ms'])}, max {ms(v['max_ms'])}")
    lines.append(f"  downloads {result['downloads']} ({result['download_mb']} MB), every one complete"
                 if not result["failed_downloads"] else
                 f"  downloads {result['downloads']} complete, {result['failed_downloads']} failed")
    if result["downloads_by_type"]:
        lines.append("    by type: " + ", ".join(f"{ext} {v['count']} (p50 {ms(v['p50_ms'])}, p95 {ms(v['p95_ms'])})"
                                               for ext, v in result["downloads_by_type"].items()))
    lines.append(f"  server RSS {result['server_rss_mb']:,.0f} MB peak ({result['server_processes']} app "
                 f"process(es); {result['server_rss_with_children_mb']:,.0f} MB with export browsers), "
                 f"{result['server_rss_end_mb']:,.0f} MB at the end")
    lines.append(f"  server CPU {result['server_cpu_s']:g} s in the app processes, "
                 f"{result['server_cpu_with_children_s']:g} s with export browsers "
                 f"({result['server_cpu_ms_per_action']:,.0f} ms per action)")
    lines.append(f"  sessions opened per app process: {result['sessions_by_replica']}; "
                 f"load generator CPU {result['generator_cpu_s']:g} s")
    m = result["machine"]
    lines.append(f"  machine: {m['nproc']} cores, busy {m['busy_cpu_s']:g} CPU s of {m['nproc'] * result['elapsed_s']:g} "
                 f"during the run, of which {m['other_cpu_s']:g} s by other programs (and the proxy); "
                 f"load average {m['loadavg_start'][0]:g} → {m['loadavg_end'][0]:g}")
    if result.get("server_restarts"):
        lines.append(f"  serve.sh restarted an app process {result['server_restarts']} time(s), "
                     f"{result['server_hang_kills']} of them after it stopped answering (killed)")
    if result["killed_pids"]:
        lines.append(f"  killed (SIGKILL) app process {', '.join(map(str, result['killed_pids']))} mid-run")
    for p in result["problems"][:10]:
        lines.append("  ! " + p)
    if result.get("server_log"):
        lines.append(f"  the processes' logs: {result['server_log']}")
    return "\n".join(lines)


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench load", description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sessions", type=int, default=20, help="concurrent sessions (default 20)")
    p.add_argument("--seconds", type=float, default=120.0, help="how long the sessions act (default 120)")
    p.add_argument("--replicas", type=int, default=None,
                   help="start R app processes behind HAProxy (scripts/serve.sh) and run through the proxy")
    p.add_argument("--no-proxy", action="store_true", help="with --replicas 1: one app process, no proxy")
    p.add_argument("--url", default=None, help=f"an already running server (default {DEFAULT_URL}); loopback only")
    p.add_argument("--json", type=Path, default=None, help="write the figures to this file")
    p.add_argument("--think", default="2:6", help="think time between actions, MIN:MAX seconds (default 2:6)")
    p.add_argument("--ramp", type=float, default=5.0, help="seconds over which the sessions start (default 5)")
    p.add_argument("--timeout", type=float, default=ACTION_TIMEOUT, help="seconds before an action fails (60)")
    p.add_argument("--kill-after", type=float, default=None,
                   help="with --replicas ≥ 2: SIGKILL one app process this many seconds into the run")
    p.add_argument("--mix", default="page=4,filter=4,download=2",
                   help="relative weights of the actions after the first page (default page=4,filter=4,download=2)")
    p.add_argument("--decks", action="store_true", help="let downloads include the PPTX deck and PDF handout")
    p.add_argument("--no-warmup", action="store_true",
                   help="measure cold processes (default: one unmeasured visit of every page per process first)")
    p.add_argument("--seed", type=int, default=10)
    args = p.parse_args(list(argv))
    try:
        args.mix = {k.strip(): float(v) for k, v in (part.split("=") for part in args.mix.split(","))}
    except ValueError:
        p.error("--mix is page=W,filter=W,download=W")
    if set(args.mix) - set(ACTION_WEIGHTS) or not any(args.mix.values()):
        p.error(f"--mix weights are for {', '.join(ACTION_WEIGHTS)}, not all zero")
    lo, _, hi = args.think.partition(":")
    args.think = (float(lo), float(hi or lo))
    if args.sessions < 1 or args.seconds <= 0 or args.think[0] < 0 or args.think[1] < args.think[0]:
        p.error("need --sessions ≥ 1, --seconds > 0 and 0 ≤ MIN ≤ MAX think time")
    if args.replicas is not None and args.url:
        p.error("--url and --replicas exclude each other")
    if args.replicas is not None and args.replicas < 1:
        p.error("--replicas must be ≥ 1")
    if args.no_proxy and args.replicas != 1:
        p.error("--no-proxy needs --replicas 1")
    if args.kill_after is not None and (args.replicas or 0) < 2:
        p.error("--kill-after needs --replicas ≥ 2 (something must be left to reconnect to)")
    return args



def run_coroutine(coro: Any) -> Any:
    """``asyncio.run(coro)``; in a thread of its own when this thread already runs an event loop (a caller
    inside Playwright's sync API, or a notebook), where ``asyncio.run`` refuses."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="cchc-load") as pool:
        return pool.submit(asyncio.run, coro).result()


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Start the replicas if asked, drive the load, stop them; the figures."""
    from bench import replicas as rep

    started = (rep.cluster(args.replicas, proxy=not args.no_proxy)
               if args.replicas is not None else nullcontext(None))
    with started as cl:
        url = cl.url if cl is not None else (args.url or DEFAULT_URL)
        check_loopback(url)
        pids = cl.app_pids if cl is not None else (lambda: app_pids_serving(url))
        warm_problems = [] if args.no_warmup else run_coroutine(warm(cl.app_urls() if cl is not None else [url]))
        result = run_coroutine(drive(url, args.sessions, args.seconds, seed=args.seed, think=args.think,
                                   ramp=args.ramp, timeout=args.timeout, decks=args.decks, weights=args.mix, pids=pids,
                                   kill_at=args.kill_after, kill=cl.kill_one if cl is not None else None))
        if cl is not None:
            events = cl.events()
            result["server_restarts"], result["server_hang_kills"] = events["restarts"], events["hang_kills"]
        if cl is not None and (result["errors"] or result["server_restarts"]):  # keep what the processes logged
            log = Path(tempfile.gettempdir()) / f"cchc-load-{time.strftime('%Y%m%d-%H%M%S')}.log"
            log.write_text(cl.logs(), encoding="utf-8")
            result["server_log"] = str(log)
    result["warmup"] = not args.no_warmup
    result["problems"] = warm_problems + result["problems"]
    result["replicas"] = args.replicas if args.replicas is not None else len(app_pids_serving(url)) or None
    result["proxy"] = bool(args.replicas is not None and not args.no_proxy)
    result["started"] = args.replicas is not None
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m bench load …``: exit 0 when the run had no errors and no failed downloads, else 1."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    result = run(args)
    print(summary(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"  figures written to {args.json}")
    return 0 if result["errors"] == 0 and result["failed_downloads"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
