"""ui.media: a file built on click survives other sessions' clean-up sweeps until fetched, then goes."""

from __future__ import annotations

import concurrent.futures
import time

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from ui import media


def _built(manager: MediaFileManager, payload: bytes) -> str:
    placeholder = manager.add_deferred(lambda: payload, "application/octet-stream", f"coord-{payload[:8]!r}",
                                       "f.bin")
    return media._file_id(manager.execute_deferred(placeholder))


@pytest.fixture()
def manager():
    media.keep_downloads(grace=3600)
    yield MediaFileManager(MemoryMediaFileStorage("/media"))
    media.keep_downloads(grace=media.GRACE_SECONDS)


def test_a_file_built_on_click_survives_many_sweeps(manager):
    fid = _built(manager, b"x" * 1000)
    for _ in range(5):  # five script runs end anywhere on the server before the browser fetches
        manager.remove_orphaned_files()
    assert manager.read_file(fid).content == b"x" * 1000


def test_after_the_grace_it_is_cleaned_up(manager):
    media.keep_downloads(grace=0.05)
    fid = _built(manager, b"y" * 10)
    time.sleep(0.1)  # the grace period is wall time by design; 0.1 s is its whole length here
    manager.remove_orphaned_files()
    manager.remove_orphaned_files()
    assert manager.read_file(fid) is None


def test_many_sessions_downloading_at_once_get_every_file_byte_complete(manager):
    payloads = [bytes([i % 251]) * (50_000 + i) for i in range(40)]

    def click(p: bytes) -> str:
        fid = _built(manager, p)
        manager.remove_orphaned_files()  # other sessions' runs end meanwhile
        return fid

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        ids = list(pool.map(click, payloads))
    for _ in range(3):
        manager.remove_orphaned_files()
    assert [manager.read_file(f).content for f in ids] == payloads


def test_without_the_grace_streamlit_drops_the_file():
    """The failure this module fixes, shown on Streamlit's own manager (grace 0)."""
    media.keep_downloads(grace=0)
    try:
        manager = MediaFileManager(MemoryMediaFileStorage("/media"))
        fid = _built(manager, b"z")
        time.sleep(0.01)
        manager.remove_orphaned_files()
        manager.remove_orphaned_files()
        assert manager.read_file(fid) is None
    finally:
        media.keep_downloads(grace=media.GRACE_SECONDS)
