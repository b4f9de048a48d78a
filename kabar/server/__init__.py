"""kabar's web face: a FastAPI app over the event store, and the map dashboard it serves.

``create_app(ServerConfig(db="sqlite:///kabar.db", token="..."))`` builds the app; ``kabar serve``
runs it with uvicorn on loopback. See docs/API.md.
"""

from __future__ import annotations

from kabar.server.config import ServerConfig

__all__ = ["ServerConfig", "create_app"]


def create_app(config: ServerConfig | None = None, store=None):
    """The FastAPI application (imported lazily: FastAPI is the optional ``server`` extra)."""
    from kabar.server.app import create_app as _create

    return _create(config, store=store)
