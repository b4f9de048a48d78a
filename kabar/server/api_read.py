"""Read endpoints: events (list, map points, one), documents, aggregates, audit log, health.

None of these needs a token. Answers are encoded once and kept in the short-lived cache.
"""

from __future__ import annotations

import html
from dataclasses import replace
from datetime import date

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse

from kabar import __version__
from kabar.server import index
from kabar.server.filters import AGGREGATE_PARAMS, LIST_PARAMS, POINT_PARAMS, filter_key, openapi_params, parse
from kabar.server.models import (
    ERRORS,
    AggregateOut,
    AuditPage,
    DocumentOut,
    EventDetail,
    EventPage,
    Health,
    PointsOut,
)
from kabar.server.state import AppState, get_state

router = APIRouter(prefix="/api", tags=["read"], responses=ERRORS)

MAX_ID = 2**62  # ids beyond 64-bit integers cannot exist; refusing them keeps SQL drivers happy
POINT_FIELDS = ["id", "latitude", "longitude", "event_type", "fatalities", "event_date"]
WORLD = (-180.0, -90.0, 180.0, 90.0)
PAGE = 10_000  # the store's largest page


def _id(name: str):
    return Path(..., ge=1, le=MAX_ID, description=f"the {name}'s id")


@router.get("/health", response_model=Health, summary="Server and store status")
async def health(st: AppState = Depends(get_state)):
    async def compute():
        s = await st.pool.run(lambda store: store.stats())
        ix = st.index
        state = "off" if ix is None else "ready" if ix.ready else "too_big" if ix.too_big else "building"
        return {"status": "ok", "version": __version__, "events": s.get("events", 0),
                "documents": s.get("documents", 0), "writable": st.config.writable,
                "title": st.config.title, "index": state}
    return await st.cached(f"health|{st.index is not None and st.index.ready}", compute)


@router.get("/events", response_model=EventPage, summary="List events (filtered, sorted, paged)",
            openapi_extra=openapi_params(LIST_PARAMS))
async def list_events(request: Request):
    st: AppState = request.app.state.kabar
    f, opt = parse(request.query_params, LIST_PARAMS)
    limit, offset, order = opt["limit"], opt["offset"], opt["order"]
    snap = st.snapshot(f)
    if snap is not None:
        def from_index(_store):
            m = index.mask(snap, f)
            rows = index.page(snap, m, order, limit, offset)
            head = f'{{"total":{int(m.sum())},"limit":{limit},"offset":{offset},"items":['.encode()
            return head + b",".join(snap.json[i] for i in rows) + b"]}"
        return await st.cached_bytes(f"events|{filter_key(f)}|{limit}|{offset}|{order}",
                                     lambda: _inline(from_index))

    async def compute():
        items = await st.pool.run(lambda s: s.list_events(f, limit=limit, offset=offset, order=order))
        if offset == 0 and len(items) < limit:
            total = len(items)  # the whole answer fits in this page: no need to count
        else:
            total = await st.pool.run(lambda s: s.count_events(f))
        return {"total": total, "limit": limit, "offset": offset, "items": items}
    return await st.cached(f"events|{filter_key(f)}|{limit}|{offset}|{order}", compute)


@router.get("/events/points", response_model=PointsOut,
            summary="Map points: compact rows for every matching event with coordinates",
            openapi_extra=openapi_params(POINT_PARAMS))
async def event_points(request: Request):
    st: AppState = request.app.state.kabar
    f, opt = parse(request.query_params, POINT_PARAMS)
    limit = opt["limit"]
    located = f if f.bbox else replace(f, bbox=WORLD)  # BETWEEN drops events without coordinates
    snap = st.snapshot(located)

    def from_index(_store):
        m = index.mask(snap, located)
        total = int(m.sum())
        rows = index.page(snap, m, "-event_date", limit, 0)
        types = snap.cats["event_type"].values
        out = [[int(snap.ids[i]), _round(snap.lat[i]), _round(snap.lon[i]), types[snap.codes["event_type"][i]],
                int(snap.fatalities[i]), _iso(snap.day[i])] for i in rows]
        return {"total": total, "truncated": total > len(out), "fields": POINT_FIELDS, "rows": out}

    def collect(store):
        rows, offset = [], 0
        while len(rows) < limit:
            page = store.list_events(located, limit=min(PAGE, limit - len(rows)), offset=offset,
                                     order="-event_date")
            rows += [[e["id"], _round(e["latitude"]), _round(e["longitude"]), e["event_type"],
                      e["fatalities"], e["event_date"]] for e in page]
            if len(page) < PAGE:
                break
            offset += len(page)
        total = len(rows) if len(rows) < limit else store.count_events(located)
        return {"total": total, "truncated": total > len(rows), "fields": POINT_FIELDS, "rows": rows}

    return await st.cached(f"points|{filter_key(located)}|{limit}",
                           lambda: _inline(from_index) if snap is not None else st.pool.run(collect))


async def _inline(fn):
    """Run an index query on the event loop: it takes a millisecond or two, less than handing it
    to a thread would cost."""
    return fn(None)


def _round(v):
    return None if v is None or v != v else round(float(v), 5)


def _iso(day) -> str | None:
    return None if day < 1 else date.fromordinal(int(day)).isoformat()


@router.get("/events/{event_id}", response_model=EventDetail,
            summary="One event with its sources, evidence spans and merge log")
async def get_event(event_id: int = _id("event"), st: AppState = Depends(get_state)):
    async def compute():
        ev = await st.pool.run(lambda s: s.get_event(event_id))
        if ev is None:
            raise HTTPException(404, f"no event {event_id}")
        return ev
    return await st.cached(f"event|{event_id}", compute)


def _spans(doc: dict) -> list[dict]:
    spans = []
    for ev in doc.get("events") or []:
        for field, lst in (ev.get("evidence") or {}).items():
            for s in lst:
                if len(s) == 2:
                    spans.append({"start": int(s[0]), "end": int(s[1]), "field": field,
                                  "event_id": ev["event_id"], "source_id": ev["source_id"]})
    spans.sort(key=lambda x: (x["start"], x["end"]))
    return spans


async def _document(st: AppState, document_id: int) -> dict:
    doc = await st.pool.run(lambda s: s.get_document(document_id))
    if doc is None:
        raise HTTPException(404, f"no document {document_id}")
    doc["spans"] = _spans(doc)
    return doc


@router.get("/documents/{document_id}", response_model=DocumentOut,
            summary="One document: its text, the events found in it and their evidence spans")
async def get_document(document_id: int = _id("document"), st: AppState = Depends(get_state)):
    return await st.cached(f"doc|{document_id}", lambda: _document(st, document_id))


@router.get("/documents/{document_id}/html", response_class=HTMLResponse,
            summary="One document's text as an HTML fragment, evidence spans in <mark>")
async def get_document_html(
    document_id: int = _id("document"),
    event_id: int | None = Query(None, ge=1, le=MAX_ID, description="highlight only this event's spans"),
    st: AppState = Depends(get_state),
):
    doc = await _document(st, document_id)
    spans = [s for s in doc["spans"] if event_id is None or s["event_id"] == event_id]
    return HTMLResponse(highlight_html(doc.get("text") or "", spans))


def highlight_html(text: str, spans: list[dict]) -> str:
    """The text, HTML-escaped, with each evidence span in <mark data-fields="...">."""
    cuts = sorted({0, len(text), *(min(max(0, s["start"]), len(text)) for s in spans),
                   *(min(max(0, s["end"]), len(text)) for s in spans)})
    out = ['<div class="kabar-document">']
    for a, b in zip(cuts, cuts[1:]):
        fields = sorted({s["field"] for s in spans if s["start"] <= a and s["end"] >= b})
        piece = html.escape(text[a:b])
        if fields:
            out.append(f'<mark data-fields="{html.escape(" ".join(fields))}">{piece}</mark>')
        else:
            out.append(piece)
    out.append("</div>")
    return "".join(out)


@router.get("/aggregates", response_model=AggregateOut,
            summary="Event and fatality counts per event type, country, region, day, week or month",
            openapi_extra=openapi_params(AGGREGATE_PARAMS))
async def aggregates(request: Request):
    st: AppState = request.app.state.kabar
    f, opt = parse(request.query_params, AGGREGATE_PARAMS)
    by = opt["by"]
    snap = st.snapshot(f)

    if snap is not None:
        return await st.cached_bytes(f"agg|{by}|{filter_key(f)}",
                                     lambda: _inline(lambda _s: index.aggregate_json(snap, index.mask(snap, f), by)))

    async def compute():
        groups = await st.pool.run(lambda s: s.aggregate(by, f))
        for g in groups:
            if g["key"] is not None:
                g["key"] = str(g["key"])
        return {"by": by, "groups": groups}
    return await st.cached(f"agg|{by}|{filter_key(f)}", compute)


@router.get("/audit", response_model=AuditPage, summary="The audit log of reviews, newest first")
async def audit(
    event_id: int | None = Query(None, ge=1, le=MAX_ID),
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=10_000_000),
    st: AppState = Depends(get_state),
):
    items = await st.pool.run(lambda s: s.audit_log(event_id=event_id, limit=limit, offset=offset))
    return {"limit": limit, "offset": offset, "items": items}
