"""What the request handlers share: config, store pool, cache, and JSON helpers."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any, Awaitable, Callable

from fastapi import Request
from fastapi.responses import Response

from kabar.server.cache import ResponseCache
from kabar.server.config import ServerConfig
from kabar.server.index import EventIndex
from kabar.server.storepool import StorePool


def _finite(obj: Any) -> Any:
    """The object with NaN/inf floats replaced by None (JSON has no NaN)."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    return obj


def encode(obj: Any) -> bytes:
    """Compact UTF-8 JSON."""
    try:
        text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=str)
    except ValueError:
        text = json.dumps(_finite(obj), ensure_ascii=False, separators=(",", ":"), default=str)
    return text.encode("utf-8")


def json_response(body: bytes | Any, status: int = 200) -> Response:
    if not isinstance(body, bytes):
        body = encode(body)
    return Response(content=body, status_code=status, media_type="application/json")


@dataclass
class AppState:
    config: ServerConfig
    pool: StorePool
    cache: ResponseCache
    index: EventIndex | None = None

    def snapshot(self, f: Any = None):
        """The index's current snapshot when it can answer filter ``f``, else None."""
        from kabar.server.index import supports

        if self.index is None or not supports(f):
            return None
        return self.index.snapshot

    async def cached(self, key: str, compute: Callable[[], Awaitable[Any]]) -> Response:
        """The answer for ``key`` from the cache, else computed, encoded and cached."""
        hit = self.cache.get(key)
        if hit is not None:
            return json_response(hit)
        generation = self.cache.generation
        body = encode(await compute())
        self.cache.put(key, body, generation)
        return json_response(body)

    async def cached_bytes(self, key: str, compute: Callable[[], Awaitable[bytes]]) -> Response:
        """Like ``cached`` for answers computed already encoded."""
        hit = self.cache.get(key)
        if hit is not None:
            return json_response(hit)
        generation = self.cache.generation
        body = await compute()
        self.cache.put(key, body, generation)
        return json_response(body)


async def get_state(request: Request) -> AppState:
    return request.app.state.kabar
