"""A least-recently-used memo bounded in entries and bytes: what the store keeps of score sources, whole
observation tables and derived tables (:mod:`cchc.store`), shared by every caller, thread-safe."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Callable

import polars as pl

MISS = object()
"""What :meth:`Bounded.get` returns for a key it does not hold (``None`` may be a kept value)."""


class Bounded:
    """A least-recently-used memo bounded in entries and bytes (the size of a frame is its
    ``estimated_size``; of a score source its ``nbytes``, which grows as periods are scored).
    The entry used last is never dropped, whatever its size.

    >>> memo = Bounded(entries=2, nbytes=10**9)
    >>> for k in "abc":
    ...     _ = memo.put(k, pl.DataFrame({"x": [1]}))
    >>> memo.keys()
    ['b', 'c']
    """

    def __init__(self, entries: int, nbytes: int) -> None:
        self.entries, self.limit = max(1, entries), nbytes
        self._items: OrderedDict[Any, Any] = OrderedDict()
        self._sizes: dict[Any, int] = {}
        self._lock = threading.Lock()

    def __contains__(self, key: Any) -> bool:
        return key in self._items

    def get(self, key: Any) -> Any:
        with self._lock:
            if key not in self._items:
                return MISS
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: Any, value: Any) -> Any:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            if isinstance(value, pl.DataFrame):
                self._sizes[key] = value.estimated_size()
        self.trim()
        return value

    def _size(self, key: Any, value: Any) -> int:
        return self._sizes.get(key) or int(getattr(value, "nbytes", 0) or 0)

    def nbytes(self) -> int:
        """The bytes held now."""
        with self._lock:
            return sum(self._size(k, v) for k, v in self._items.items())

    def keys(self) -> list[Any]:
        """The keys, least recently used first."""
        with self._lock:
            return list(self._items)

    def trim(self) -> None:
        """Drop the least recently used entries while over either bound."""
        with self._lock:
            while len(self._items) > self.entries:
                self._pop()
            total = sum(self._size(k, v) for k, v in self._items.items())
            while total > self.limit and len(self._items) > 1:
                total -= self._pop()

    def _pop(self) -> int:
        key, value = self._items.popitem(last=False)
        size = self._size(key, value)
        self._sizes.pop(key, None)
        return size

    def drop(self, stale: Callable[[Any], bool]) -> None:
        """Forget every key for which ``stale(key)`` is true."""
        with self._lock:
            for key in [k for k in self._items if stale(k)]:
                del self._items[key]
                self._sizes.pop(key, None)
