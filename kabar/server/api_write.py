"""Write endpoints: review actions (token needed, audited) and text extraction (stores nothing)."""

from __future__ import annotations

import asyncio
import time
from typing import Any, Callable

from fastapi import APIRouter, Depends, HTTPException, Path, Request

from kabar.server.auth import require_reviewer
from kabar.server.models import ERRORS, ErrorOut, EditIn, invalid, EventSummary, ExtractIn, ExtractOut, MergeIn, ReviewIn, SplitIn
from kabar.server.state import AppState, get_state, json_response

router = APIRouter(prefix="/api", tags=["review"])
MAX_ID = 2**62
_EVENT_ID = Path(..., ge=1, le=MAX_ID, description="the event's id")
_WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    401: {"model": ErrorOut, "description": "missing or wrong review token"},
    403: {"model": ErrorOut, "description": "read-only server (started without KABAR_TOKEN)"},
}


@router.get("/auth", summary="Check a review token (200 when it may review)",
            responses={k: v for k, v in _WRITE_ERRORS.items() if k in (401, 403)})
async def check_token(user: str = Depends(require_reviewer)):
    return {"ok": True, "user": user}


async def _write(st: AppState, ids: list[int], fn: Callable[[Any], Any]) -> Any:
    """Run a store write after checking the events exist (404); then bring the event index up to
    date for the events touched (and any new one) and clear the read cache."""
    def run(store):
        for i in ids:
            if store.get_event(i) is None:
                raise HTTPException(404, f"no event {i}")
        result = fn(store)
        if st.index is not None:
            touched = list(ids)
            for r in result if isinstance(result, tuple) else (result,):
                if isinstance(r, dict) and "id" in r:
                    touched.append(int(r["id"]))
            st.index.refresh_events(store, touched)
        return result
    try:
        return await st.pool.run(run)
    finally:
        st.cache.clear()


@router.patch("/events/{event_id}", response_model=EventSummary, responses=_WRITE_ERRORS,
              summary="Edit an event's fields (audited: who, when, before, after)")
async def edit_event(body: EditIn, event_id: int = _EVENT_ID, user: str = Depends(require_reviewer),
                     st: AppState = Depends(get_state)):
    changes = body.changes.model_dump(exclude_unset=True)
    if not changes:
        raise invalid(("body", "changes"), "no changes given")
    _, after = await _write(st, [event_id], lambda s: s.update_event(event_id, changes, user))
    return json_response(after)


@router.post("/events/{event_id}/review", response_model=EventSummary, responses=_WRITE_ERRORS,
             summary="Accept or reject an event (or set it back to unreviewed); audited")
async def review_event(body: ReviewIn, event_id: int = _EVENT_ID, user: str = Depends(require_reviewer),
                       st: AppState = Depends(get_state)):
    _, after = await _write(st, [event_id], lambda s: s.set_review_status(event_id, body.status, user))
    return json_response(after)


@router.post("/events/merge", response_model=EventSummary, responses=_WRITE_ERRORS,
             summary="Merge events into the first one (its id survives); audited")
async def merge_events(body: MergeIn, user: str = Depends(require_reviewer), st: AppState = Depends(get_state)):
    ids = list(dict.fromkeys(body.event_ids))
    if len(ids) < 2 or any(not (1 <= i <= MAX_ID) for i in ids):
        raise invalid(("body", "event_ids"), "at least two distinct ids between 1 and 2^62")
    return json_response(await _write(st, ids, lambda s: s.merge_events(ids, user)))


@router.post("/events/{event_id}/split", response_model=EventSummary, responses=_WRITE_ERRORS,
             summary="Move some sources of an event into a new event (reverses a merge); audited")
async def split_event(body: SplitIn, event_id: int = _EVENT_ID, user: str = Depends(require_reviewer),
                      st: AppState = Depends(get_state)):
    if any(not (1 <= i <= MAX_ID) for i in body.source_ids):
        raise invalid(("body", "source_ids"), "ids must be between 1 and 2^62")
    return json_response(await _write(st, [event_id], lambda s: s.split_event(event_id, body.source_ids, user)))


@router.post("/extract", response_model=ExtractOut, tags=["extract"],
             responses={**ERRORS, 503: {"model": ErrorOut, "description": "the extraction pipeline is not installed"}},
             summary="Extract events from a text (nothing is stored; no token needed)")
async def extract(body: ExtractIn, request: Request):
    limiter: asyncio.Semaphore = request.app.state.extract_slots
    async with limiter:  # extraction is CPU-bound: a few at a time, the rest wait
        loop = asyncio.get_running_loop()
        t0 = time.perf_counter()
        events = await loop.run_in_executor(None, _extract, body)
    return {"events": events, "seconds": round(time.perf_counter() - t0, 4)}


def _extract(body: ExtractIn) -> list[dict[str, Any]]:
    from kabar.errors import KabarError

    try:
        events = _run_extract(body)
    except ModuleNotFoundError as exc:
        if (exc.name or "").startswith("kabar"):
            raise HTTPException(503, f"extraction is not available in this install ({exc.name} missing)") from None
        raise
    except KabarError as exc:
        raise HTTPException(400, exc.render()) from None
    return [e.to_dict() for e in events]


def _run_extract(body: ExtractIn) -> list[Any]:
    """kabar.extract(text, published, lang, url); the pipeline directly when ``kabar.extract`` is
    shadowed by the ``kabar.extract`` subpackage (importing it rebinds the package attribute)."""
    import kabar

    fn = getattr(kabar, "extract", None)
    if callable(fn):
        return fn(body.text, published=body.published, lang=body.lang, url=body.url, doc_id="api")
    from kabar.pipeline import default_pipeline
    from kabar.records import Page

    page = Page(doc_id="api", text=body.text, url=body.url, published=body.published, lang=body.lang)
    return default_pipeline().extract_page(page)
