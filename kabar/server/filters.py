"""Query-string filters shared by the list, map and aggregate endpoints -> store EventFilter."""

from __future__ import annotations

import math
from datetime import date
from typing import Optional

from fastapi import Query

from kabar.server.models import ReviewStatus, clean_text, invalid
from kabar.store.base import EventFilter

DATE = r"^\d{4}-\d{2}-\d{2}$"
_TEXT = {"max_length": 200}


def _bad(msg: str, name: str = "bbox") -> Exception:
    return invalid(("query", name), msg)


def parse_bbox(raw: str) -> tuple[float, float, float, float]:
    """"min_lon,min_lat,max_lon,max_lat" -> floats, checked (finite, in range, min <= max)."""
    parts = raw.split(",")
    if len(parts) != 4:
        raise _bad("bbox must be min_lon,min_lat,max_lon,max_lat")
    try:
        min_lon, min_lat, max_lon, max_lat = (float(p) for p in parts)
    except ValueError:
        raise _bad("bbox must be four numbers") from None
    if not all(math.isfinite(v) for v in (min_lon, min_lat, max_lon, max_lat)):
        raise _bad("bbox numbers must be finite")
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise _bad("bbox must satisfy -180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90")
    return min_lon, min_lat, max_lon, max_lat


def _date(value: Optional[str], name: str) -> Optional[str]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise _bad(f"{name} is not a valid date YYYY-MM-DD", name) from None


def event_filter(
    since: Optional[str] = Query(None, pattern=DATE, description="first day, YYYY-MM-DD (inclusive)"),
    until: Optional[str] = Query(None, pattern=DATE, description="last day, YYYY-MM-DD (inclusive)"),
    country: Optional[str] = Query(None, description="country name or ISO 3166-1 alpha-3", **_TEXT),
    admin1: Optional[str] = Query(None, description="first-level region", **_TEXT),
    event_type: Optional[str] = Query(None, description="ACLED event type", **_TEXT),
    sub_event_type: Optional[str] = Query(None, description="ACLED sub-event type", **_TEXT),
    actor: Optional[str] = Query(None, description="substring of actor1 or actor2", **_TEXT),
    text: Optional[str] = Query(None, description="substring of notes, location, actors, admin1", **_TEXT),
    bbox: Optional[str] = Query(None, description="min_lon,min_lat,max_lon,max_lat", max_length=120),
    review_status: Optional[ReviewStatus] = Query(None),
    document_id: Optional[int] = Query(None, ge=1, le=2**62, description="only events reported by this document"),
    min_fatalities: Optional[int] = Query(None, ge=0, le=10**9),
) -> EventFilter:
    """The filters of a request (422 for anything malformed; values never reach SQL as text)."""
    strings = {"country": country, "admin1": admin1, "event_type": event_type,
               "sub_event_type": sub_event_type, "actor": actor, "text": text}
    for name, value in strings.items():
        try:
            strings[name] = clean_text(value, name)
        except ValueError as exc:
            raise _bad(str(exc), name) from None
        if strings[name] is not None and not strings[name].strip():
            strings[name] = None
    f = EventFilter(since=_date(since, "since"), until=_date(until, "until"),
                    review_status=review_status, document_id=document_id,
                    min_fatalities=min_fatalities, **strings)
    if bbox:
        f.bbox = parse_bbox(bbox)
    return f


def filter_key(f: EventFilter) -> str:
    """A stable text of the filters, for cache keys."""
    return repr(sorted((k, v) for k, v in vars(f).items() if v not in (None, False)))
