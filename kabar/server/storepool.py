"""Store access for the async app: queries run on a small pool of threads, each with its own
store connection, so slow SQL never blocks the event loop and reads run in parallel."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, TypeVar

T = TypeVar("T")


class StorePool:
    """Runs ``fn(store, *args)`` on a worker thread that owns a store opened from ``url``.

    With ``shared`` (a store object given by the caller, e.g. a test's store) every thread uses
    that one store; the store serialises its own operations. An in-memory SQLite URL is shared
    too, since each connection to ``:memory:`` would be a different, empty database.
    """

    def __init__(self, url: str | None, size: int = 4, shared: Any = None):
        from kabar.store import open_store

        self._open = open_store
        self.url = url
        self._local = threading.local()
        self._lock = threading.Lock()
        self._opened: list[Any] = []
        self._spare: list[Any] = []
        if shared is None and url and ":memory:" in url:
            shared = open_store(url)
            self._opened.append(shared)
        self.shared = shared
        if shared is None:
            # Open one store now: a bad URL fails at start-up with a clear StoreError.
            first = open_store(url)
            self._opened.append(first)
            self._spare.append(first)
        self._executor = ThreadPoolExecutor(max_workers=max(1, size), thread_name_prefix="kabar-store")

    def _store(self) -> Any:
        if self.shared is not None:
            return self.shared
        store = getattr(self._local, "store", None)
        if store is None:
            with self._lock:
                store = self._spare.pop() if self._spare else None
            if store is None:
                store = self._open(self.url)
                with self._lock:
                    self._opened.append(store)
            self._local.store = store
        return store

    def call(self, fn: Callable[..., T], *args: Any) -> T:
        """Run on the calling thread (start-up checks, tests)."""
        return fn(self._store(), *args)

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """Run on a pool thread with that thread's store."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, lambda: fn(self._store(), *args))

    def close(self) -> None:
        """Stop the threads and close the stores this pool opened (not a caller's shared one)."""
        self._executor.shutdown(wait=True)
        with self._lock:
            opened, self._opened, self._spare = self._opened, [], []
        for s in opened:
            try:
                s.close()
            except Exception:  # noqa: BLE001 - shutting down: nothing left to report to
                pass
