"""A short-lived cache of read answers (encoded JSON), cleared by every write through the API.

Why: one aggregate over 100k events costs tens of milliseconds of SQL, and a dashboard asks the
same few questions again and again (every analyst opening it). Answers are reused for
``ttl`` seconds; a write made through this server clears everything at once, so a reviewer sees
their own edit immediately. See docs/benchmarks/api.md for the effect with and without it.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict


class ResponseCache:
    """LRU + TTL map from a request key to encoded bytes."""

    def __init__(self, ttl: float, max_entries: int = 2048, max_bytes: int = 256 * 1024 * 1024):
        self.ttl = ttl
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._data: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.generation = 0  # bumped by clear(): answers computed before a write are not stored

    @property
    def enabled(self) -> bool:
        return self.ttl > 0

    def get(self, key: str) -> bytes | None:
        if not self.enabled:
            return None
        with self._lock:
            hit = self._data.get(key)
            if hit is None:
                return None
            if hit[0] < time.monotonic():
                self._drop(key)
                return None
            self._data.move_to_end(key)
            return hit[1]

    def put(self, key: str, body: bytes, generation: int) -> None:
        if not self.enabled or len(body) > self.max_bytes // 8:
            return
        with self._lock:
            if generation != self.generation:
                return
            if key in self._data:
                self._drop(key)
            self._data[key] = (time.monotonic() + self.ttl, body)
            self._bytes += len(body)
            while self._data and (len(self._data) > self.max_entries or self._bytes > self.max_bytes):
                self._drop(next(iter(self._data)))

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self._bytes = 0
            self.generation += 1

    def _drop(self, key: str) -> None:
        _, body = self._data.pop(key)
        self._bytes -= len(body)
