"""Query-string parameters of the list, map and aggregate endpoints, parsed and checked here.

These endpoints are the hot path (a dashboard view asks several at once), so their parameters are
read straight from the query string by ``parse`` instead of FastAPI's per-parameter dependency
machinery (which cost more than answering the question from the event index). The same table,
``PARAMS``, documents them in the OpenAPI document (``openapi_params``), so the docs, the checks
and schemathesis's fuzzing all agree. Anything malformed answers 422 in FastAPI's own shape;
values never reach SQL as text.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Mapping

from kabar.server.models import clean_text, invalid
from kabar.store.base import ORDERABLE_FIELDS, REVIEW_STATUSES, EventFilter

DATE = r"^\d{4}-\d{2}-\d{2}$"
_DATE = re.compile(DATE)
_INT = re.compile(r"^[+-]?\d{1,20}$")
ORDER_PATTERN = "^-?(" + "|".join(ORDERABLE_FIELDS) + ")$"
_ORDER = re.compile(ORDER_PATTERN)
AGGREGATE_KEYS = ("event_type", "sub_event_type", "country", "admin1", "day", "week", "month")
MAX_ID = 2**62


@dataclass(frozen=True)
class Param:
    name: str
    kind: str  # date | text | int | enum | bbox | order
    help: str
    low: int = 0
    high: int = 0
    default: Any = None
    choices: tuple[str, ...] = ()
    required: bool = False
    max_length: int = 200

    def schema(self) -> dict[str, Any]:
        if self.kind == "date":
            return {"type": "string", "pattern": DATE}
        if self.kind == "int":
            s: dict[str, Any] = {"type": "integer", "minimum": self.low, "maximum": self.high}
            return {**s, "default": self.default} if self.default is not None else s
        if self.kind == "enum":
            return {"type": "string", "enum": list(self.choices)}
        if self.kind == "order":
            return {"type": "string", "pattern": ORDER_PATTERN, "default": self.default}
        return {"type": "string", "maxLength": self.max_length}


FILTER_PARAMS: tuple[Param, ...] = (
    Param("since", "date", "first day, YYYY-MM-DD (inclusive)"),
    Param("until", "date", "last day, YYYY-MM-DD (inclusive)"),
    Param("country", "text", "country name (any letter case) or ISO 3166-1 alpha-3"),
    Param("admin1", "text", "first-level region (any letter case)"),
    Param("event_type", "text", "ACLED event type, e.g. Battles"),
    Param("sub_event_type", "text", "ACLED sub-event type, e.g. Armed clash"),
    Param("actor", "text", "substring of actor1 or actor2 (any letter case)"),
    Param("text", "text", "substring of notes, location, actors or admin1 (any letter case)"),
    Param("bbox", "bbox", "min_lon,min_lat,max_lon,max_lat", max_length=120),
    Param("review_status", "enum", "review status", choices=REVIEW_STATUSES),
    Param("document_id", "int", "only events reported by this document", 1, MAX_ID),
    Param("min_fatalities", "int", "at least this many fatalities", 0, 10**9),
)
LIST_PARAMS = FILTER_PARAMS + (
    Param("limit", "int", "events per page", 1, 1000, default=50),
    Param("offset", "int", "events to skip", 0, 10_000_000, default=0),
    Param("order", "order", "sort column, '-' first for descending: " + ", ".join(ORDERABLE_FIELDS),
          default="-event_date"),
)
POINT_PARAMS = FILTER_PARAMS + (
    Param("limit", "int", "at most this many rows (newest first)", 1, 200_000, default=50_000),
)
AGGREGATE_PARAMS = (
    Param("by", "enum", "the grouping key (week = its Monday, month = its first day)",
          choices=AGGREGATE_KEYS, required=True),
) + FILTER_PARAMS


def openapi_params(params: tuple[Param, ...]) -> dict[str, Any]:
    """``openapi_extra`` documenting ``params`` as query parameters."""
    return {"parameters": [{"name": p.name, "in": "query", "required": p.required, "description": p.help,
                            "schema": p.schema()} for p in params]}


def _bad(name: str, msg: str) -> Exception:
    return invalid(("query", name), msg)


def parse_bbox(raw: str) -> tuple[float, float, float, float]:
    """"min_lon,min_lat,max_lon,max_lat" -> floats, checked (finite, in range, min <= max)."""
    parts = raw.split(",")
    if len(parts) != 4:
        raise _bad("bbox", "bbox must be min_lon,min_lat,max_lon,max_lat")
    try:
        min_lon, min_lat, max_lon, max_lat = (float(p) for p in parts)
    except ValueError:
        raise _bad("bbox", "bbox must be four numbers") from None
    if not all(math.isfinite(v) for v in (min_lon, min_lat, max_lon, max_lat)):
        raise _bad("bbox", "bbox numbers must be finite")
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise _bad("bbox", "bbox must satisfy -180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90")
    return min_lon, min_lat, max_lon, max_lat


def _value(p: Param, raw: str) -> Any:
    if p.kind == "date":
        if not _DATE.match(raw):
            raise _bad(p.name, f"{p.name} must be a date YYYY-MM-DD")
        try:
            return date.fromisoformat(raw).isoformat()
        except ValueError:
            raise _bad(p.name, f"{p.name} is not a valid date YYYY-MM-DD") from None
    if p.kind == "int":
        if not _INT.match(raw.strip()):
            raise _bad(p.name, f"{p.name} must be an integer")
        v = int(raw)
        if not p.low <= v <= p.high:
            raise _bad(p.name, f"{p.name} must be between {p.low} and {p.high}")
        return v
    if p.kind == "enum":
        if raw not in p.choices:
            raise _bad(p.name, f"{p.name} must be one of: {', '.join(p.choices)}")
        return raw
    if p.kind == "order":
        if not _ORDER.match(raw):
            raise _bad(p.name, f"order must match {ORDER_PATTERN}")
        return raw
    if len(raw) > p.max_length:
        raise _bad(p.name, f"{p.name} is longer than {p.max_length} characters")
    if p.kind == "bbox":
        return parse_bbox(raw) if raw else None
    try:
        text = clean_text(raw, p.name)
    except ValueError as exc:
        raise _bad(p.name, str(exc)) from None
    return text if text and text.strip() else None


def parse(query: Mapping[str, str], params: tuple[Param, ...]) -> tuple[EventFilter, dict[str, Any]]:
    """The EventFilter and the other parameters (limit, offset, order, by) of a query string."""
    values: dict[str, Any] = {}
    for p in params:
        raw = query.get(p.name)
        if raw is None:
            if p.required:
                raise _bad(p.name, "field required")
            values[p.name] = p.default
        else:
            values[p.name] = _value(p, raw)
    f = EventFilter(**{p.name: values.pop(p.name) for p in FILTER_PARAMS})
    return f, values


def filter_key(f: EventFilter) -> str:
    """A stable text of the filters, for cache keys."""
    return repr(sorted((k, v) for k, v in vars(f).items() if v not in (None, False)))
