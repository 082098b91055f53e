"""The dashboard's data — the one place where caching lives.

One :class:`cchc.store.Store` per data folder is kept for the whole server
process: every session — and every download built on click, which runs
without a session — reads the same frames, read-only, and nothing large is
pickled per call (the store bounds its own memo, and once a view has been
served scores the rest of that view's periods in the background). The data folder is the
cache key, so pointing ``CCHC_DATA_DIR`` elsewhere never serves stale frames.
The league views asked for recently (:func:`league`) are kept for every
session, bounded in number and age and keyed on the store's version. The
small derived tables (the Data page's overview) are cached per language.
Nothing large is kept per session: ``st.session_state`` holds selections.
Errors in the data files are raised, for the page to show.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any, Callable, Hashable, TypeVar

import polars as pl
import streamlit as st

from cchc import catalogue, loading
from cchc.definitions import IndexDef
from cchc.archive import Archive, import_dir
from cchc.checks import check_folder, findings_frame
from cchc.selection import League, Scope, Selection, league_for
from cchc.store import Store

T = TypeVar("T")
LEAGUES_KEPT = 32       # league views kept for every session …
LEAGUES_SECONDS = 600   # … and for at most this long
PRESENTATIONS_KEPT = 6   # decks and handouts kept once built (a few MB each) …
PRESENTATIONS_SECONDS = 900  # … for at most this long


def folder() -> str:
    return str(loading.data_dir())


_STORES: dict[tuple[str, str, bool], Store] = {}
_ARCHIVES: dict[str, Archive] = {}
_LOCK = threading.Lock()
RESTRICTED_KEY = "_sees_restricted"  # set by the page skeleton when a user is logged in


def import_folder() -> str:
    """The archive of imported data (``$CCHC_IMPORT_DIR``, default ``var/imported/``)."""
    return str(import_dir())


def archive(path: str | None = None) -> Archive:
    """The archive of imported data, shared by every session."""
    path = path or import_folder()
    with _LOCK:
        if path not in _ARCHIVES:
            _ARCHIVES[path] = Archive(path)
        return _ARCHIVES[path]


def sees_restricted() -> bool:
    """Whether this session may see restricted datasets (someone is logged in); False outside a session."""
    try:
        return bool(st.session_state.get(RESTRICTED_KEY, False))
    except Exception:  # no session (a download built on click): only what everyone may see
        return False


def store(path: str | None = None, *, restricted: bool | None = None) -> Store:
    """The store of the data folder ``path`` (default: the current one) with the imported data,
    shared by every session; ``restricted`` datasets only for logged-in sessions. The store
    notices new imports and rollbacks by itself (it keys its memo on the archive's version)."""
    path = path or folder()
    seen = sees_restricted() if restricted is None else restricted
    key = (path, import_folder(), seen)
    with _LOCK:
        if key not in _STORES:
            _STORES[key] = Store(path, imported=key[1], restricted=seen, warm=True)
        return _STORES[key]


class Recent:
    """The ``size`` values asked for most recently, each for at most ``seconds``; thread-safe.
    A value is built outside the lock (two sessions may build the same one; the first kept wins)."""

    def __init__(self, size: int, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.size, self.seconds, self._clock = max(1, size), seconds, clock
        self._items: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, build: Callable[[], T]) -> T:
        now = self._clock()
        with self._lock:
            found = self._items.get(key)
            if found is not None and now - found[0] <= self.seconds:
                self._items.move_to_end(key)
                return found[1]
        value = build()
        with self._lock:
            found = self._items.get(key)
            if found is not None and now - found[0] <= self.seconds:
                return found[1]
            self._items[key] = (now, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
            for old in [k for k, (at, _) in self._items.items() if now - at > self.seconds]:
                del self._items[old]
        return value

    def __len__(self) -> int:
        return len(self._items)

    def holds(self, key: Hashable) -> bool:
        """True when ``key``'s value is kept and not older than ``seconds``."""
        with self._lock:
            found = self._items.get(key)
            return found is not None and self._clock() - found[0] <= self.seconds

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_LEAGUES = Recent(LEAGUES_KEPT, LEAGUES_SECONDS)


def league(s: Store, selection: Selection | Scope) -> League:
    """:func:`cchc.selection.league_for`, kept for recent views (every session asking for the same
    selection of the same store and data version gets the same league)."""
    sel = selection.selection if isinstance(selection, Scope) else selection
    return _LEAGUES.get((s, s.version(), sel), lambda: league_for(s, selection))


_PRESENTATIONS = Recent(PRESENTATIONS_KEPT, PRESENTATIONS_SECONDS)


def presentation(s: Store, selection: Selection, unit_ids: tuple[str, ...], fmt: str,
                 build: Callable[[], bytes]) -> bytes:
    """A deck (``pptx``) or handout (``pdf``) of a selection, kept for a while once built: the file a page
    prepared with its progress shown is the one its download button then hands over at once."""
    return _PRESENTATIONS.get((s, s.version(), selection, unit_ids, fmt), build)


def presentation_ready(s: Store, selection: Selection, unit_ids: tuple[str, ...], fmt: str) -> bool:
    """True when :func:`presentation` holds this file (prepared recently, not yet dropped)."""
    return _PRESENTATIONS.holds((s, s.version(), selection, unit_ids, fmt))


def dataset_overview(lang: str = "vi") -> pl.DataFrame:
    """The Data page's table of every dataset this session may see (recomputed when data change)."""
    s = store()
    return _overview(s, s.version(), lang)


@st.cache_resource(show_spinner=False, max_entries=8, hash_funcs={Store: id})
def _overview(s: Store, version: object, lang: str) -> pl.DataFrame:
    return catalogue.dataset_overview(s.catalogue, s.all_observations(), s.units, lang)


# The store's tables, for pages that need only one of them.
def units() -> pl.DataFrame:
    return store().units


def crosswalk() -> pl.DataFrame:
    return store().crosswalk


def datasets() -> list[dict[str, Any]]:
    return store().catalogue


def definitions() -> dict[str, IndexDef]:
    return store().definitions


def regions() -> list[dict[str, Any]]:
    return store().regions


def findings() -> pl.DataFrame:
    """The data folder's problems (:func:`cchc.checks.check_folder`), checked once per folder and version."""
    s = store()
    return _findings(folder(), s.version())


@st.cache_resource(show_spinner=False, max_entries=4, ttl=600)
def _findings(path: str, version: object) -> pl.DataFrame:
    return findings_frame(check_folder(path))
