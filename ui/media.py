"""Downloads that always arrive.

A download button built on click (``st.download_button(data=callable)``) runs its
callable when the browser asks, stores the file, and sends the browser its URL.
Streamlit 1.67 keeps that file only while some session *references* it, and a
file built on click is referenced by none: every script run that ends anywhere on
the server sweeps unreferenced files (the first sweep marks a download, the second
deletes it). Under load, two runs end before the browser fetches the file, and the
user's download fails with a 404 that nobody sees.

:func:`keep_downloads` gives each file built on click a grace period (default 10
minutes) during which the sweeps leave it alone; after it, the usual clean-up
removes it. It wraps two methods of Streamlit's ``MediaFileManager`` once per
process (idempotent) and changes nothing else.
"""

from __future__ import annotations

import threading
import time

from streamlit.runtime.media_file_manager import MediaFileManager

GRACE_SECONDS = 600.0
_FRESH: dict[str, float] = {}  # file id -> when it was built (monotonic seconds)
_LOCK = threading.Lock()
_STATE = {"grace": GRACE_SECONDS, "installed": False}


def _file_id(url: str) -> str:
    """The stored file's id in the URL Streamlit returns (``/media/<id>.<ext>``)."""
    return url.rsplit("/", 1)[-1].split(".", 1)[0]


def keep_downloads(grace: float = GRACE_SECONDS) -> None:
    """Keep every file built on click for ``grace`` seconds (install once; a later call only sets the grace)."""
    _STATE["grace"] = grace
    if _STATE["installed"]:
        return
    execute, inactive = MediaFileManager.execute_deferred, MediaFileManager._get_inactive_file_ids

    def execute_deferred(self: MediaFileManager, file_id: str) -> str:
        url = execute(self, file_id)
        with _LOCK:
            _FRESH[_file_id(url)] = time.monotonic()
        return url

    def _get_inactive_file_ids(self: MediaFileManager) -> set[str]:
        unused = inactive(self)
        now = time.monotonic()
        with _LOCK:
            for fid, built in list(_FRESH.items()):
                if now - built > _STATE["grace"]:
                    del _FRESH[fid]
            return {fid for fid in unused if fid not in _FRESH}

    MediaFileManager.execute_deferred = execute_deferred  # type: ignore[method-assign]
    MediaFileManager._get_inactive_file_ids = _get_inactive_file_ids  # type: ignore[method-assign]
    _STATE["installed"] = True
