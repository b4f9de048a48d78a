"""The server's settings, gathered in one object (CLI flags and KABAR_TOKEN fill it)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent / "static"

# Requests bigger than this are refused with 413 before they are parsed. 1 MiB holds a long
# news page for POST /api/extract many times over; review bodies are a few hundred bytes.
DEFAULT_MAX_BODY = 1_048_576

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")


@dataclass
class ServerConfig:
    """How the API runs.

    Attributes:
        db: store URL (``sqlite:///kabar.db`` or ``postgresql://...``); None = the ``db`` setting.
        token: the review token; None or "" = read-only API (write endpoints answer 403).
        max_body: largest request body accepted, in bytes.
        cache_seconds: how long read answers are reused (0 = no cache). Writes made through this
            server clear the cache at once; writes by another process (an ingest) show up after
            at most this long.
        pool_size: store connections (one per worker thread) serving queries in parallel.
        allowed_hosts: Host header values accepted (None = any); ``kabar serve`` on loopback
            sets the loopback names, which stops DNS-rebinding pages from reading the API.
        static_dir: the built dashboard (``frontend/`` builds into kabar/server/static/).
        title: shown in the dashboard's header.
        index: keep an in-memory columnar copy of the events for lists, counts and aggregates
            (kabar/server/index.py); about 1 KB of memory per event.
        index_max_events: above this many events the index is not built (queries go to the store).
        refresh_seconds: how often the index checks whether another process changed the store.
    """

    db: str | None = None
    token: str | None = None
    max_body: int = DEFAULT_MAX_BODY
    cache_seconds: float = 5.0
    pool_size: int = 4
    allowed_hosts: list[str] | None = None
    static_dir: Path = field(default_factory=lambda: STATIC_DIR)
    title: str = "conflict events"
    index: bool = True
    index_max_events: int = 500_000
    refresh_seconds: float = 30.0

    @classmethod
    def from_env(cls, **kw) -> "ServerConfig":
        """A config with the token taken from ``KABAR_TOKEN`` unless given."""
        kw.setdefault("token", os.environ.get("KABAR_TOKEN") or None)
        return cls(**kw)

    @property
    def writable(self) -> bool:
        return bool(self.token)
