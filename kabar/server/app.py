"""The FastAPI application: API routers, middleware, the dashboard's static files."""

from __future__ import annotations

import asyncio
import logging
import threading
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware

from kabar import __version__
from kabar.errors import KabarError
from kabar.server import api_read, api_write
from kabar.server.cache import ResponseCache
from kabar.server.config import ServerConfig
from kabar.server.index import EventIndex
from kabar.server.middleware import BodyLimitMiddleware, SecurityHeadersMiddleware
from kabar.server.state import AppState
from kabar.server.storepool import StorePool

log = logging.getLogger("kabar.server")

DESCRIPTION = """kabar's event store over HTTP: conflict events extracted from news pages, each with
the sources and the exact evidence spans behind it. Reading needs nothing; review actions (edit,
accept/reject, merge, split) need the review token (`Authorization: Bearer <KABAR_TOKEN>`) and
are written to the audit log with the reviewer (`X-Kabar-User`), time, and the values before and
after. See docs/API.md."""

NOT_BUILT = """<!doctype html><meta charset="utf-8"><title>kabar</title>
<h1>kabar API</h1><p>The dashboard's files are not built in this install. The API works:
<a href="api/health">api/health</a>, <a href="api/openapi.json">api/openapi.json</a>.</p>
<p>To build the dashboard: <code>scripts/setup.d/30-frontend.sh</code> (needs Node and npm).</p>"""

EXTRACT_SLOTS = 2  # concurrent /api/extract runs (CPU-bound; on 2 cores more only queue longer)


def _refresh_loop(state: AppState, stop: threading.Event) -> None:
    """Build the event index, then keep it in step with the store (another process may write)."""
    while not stop.is_set():
        try:
            if state.pool.call(state.index.build) == "rebuilt":
                state.cache.clear()
        except Exception:  # noqa: BLE001 - keep serving from the store; say why in the log
            log.exception("kabar server: building the event index failed; queries go to the store")
        stop.wait(state.config.refresh_seconds)


def create_app(config: ServerConfig | None = None, store: Any = None) -> FastAPI:
    """The app over ``config.db`` (or over ``store``, an open Store the caller keeps owning)."""
    config = config or ServerConfig.from_env()
    pool = StorePool(config.db, size=config.pool_size, shared=store)
    index = EventIndex(config.index_max_events) if config.index else None
    state = AppState(config=config, pool=pool, cache=ResponseCache(config.cache_seconds), index=index)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.extract_slots = asyncio.Semaphore(EXTRACT_SLOTS)
        stop = threading.Event()
        refresher = None
        if index is not None:
            refresher = threading.Thread(target=_refresh_loop, args=(state, stop), daemon=True,
                                         name="kabar-index")
            refresher.start()
        yield
        stop.set()
        if refresher is not None:
            refresher.join(timeout=30)
        pool.close()

    app = FastAPI(title="kabar", version=__version__, description=DESCRIPTION, lifespan=lifespan,
                  openapi_url="/api/openapi.json", docs_url=None, redoc_url=None)
    app.state.kabar = state
    app.state.extract_slots = asyncio.Semaphore(EXTRACT_SLOTS)
    app.include_router(api_read.router)
    app.include_router(api_write.router)

    @app.exception_handler(KabarError)
    async def kabar_error(request: Request, exc: KabarError):
        # Store refusals (an invalid value, merging a merged event, splitting every source out).
        return JSONResponse({"detail": exc.render()}, status_code=400)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        log.exception("kabar server: %s %s failed", request.method, request.url.path)
        return JSONResponse({"detail": f"internal error ({type(exc).__name__}); see the server log"},
                            status_code=500)

    static_dir = config.static_dir
    index = static_dir / "index.html"

    @app.get("/", include_in_schema=False)
    async def dashboard():
        if index.is_file():
            return FileResponse(index, media_type="text/html")
        return HTMLResponse(NOT_BUILT, status_code=200)

    app.mount("/static", StaticFiles(directory=static_dir, check_dir=False), name="static")

    # Outermost first: size limit before anything reads the body; headers on every answer.
    app.add_middleware(GZipMiddleware, minimum_size=2048)
    app.add_middleware(BodyLimitMiddleware, max_body=config.max_body)
    if config.allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=config.allowed_hosts)
    app.add_middleware(SecurityHeadersMiddleware)
    return app
