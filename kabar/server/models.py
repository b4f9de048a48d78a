"""Request and answer shapes of the API (they make the OpenAPI document at /api/openapi.json)."""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kabar.store.base import REVIEW_STATUSES
from kabar.taxonomy import EVENT_TYPE_OF, EVENT_TYPES

ReviewStatus = Literal["unreviewed", "accepted", "rejected"]
assert set(REVIEW_STATUSES) == {"unreviewed", "accepted", "rejected"}

# A span is [start, end): character offsets into the document's text.
Span = list[int]


def invalid(loc: tuple[str, ...], msg: str) -> Exception:
    """A 422 in FastAPI's own shape ({"detail": [{"loc", "msg", "type"}]}) for checks made in code."""
    from fastapi.exceptions import RequestValidationError

    return RequestValidationError([{"type": "value_error", "loc": loc, "msg": msg, "input": None}])


class ErrorOut(BaseModel):
    detail: str = Field(description="what was wrong")


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "the store refused the request (the detail says why)"},
    404: {"model": ErrorOut, "description": "no such event or document"},
    413: {"model": ErrorOut, "description": "request body too large"},
}


def clean_text(value: Optional[str], name: str = "value") -> Optional[str]:
    """Refuse text no store can hold: NUL and other control characters, lone surrogates."""
    if value is None:
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{name} is not valid Unicode text") from None
    if any(ord(c) < 32 and c not in "\t\n\r" for c in value):
        raise ValueError(f"{name} contains control characters")
    return value


class EventSummary(BaseModel):
    """A canonical event (one real-world event, possibly told by several reports)."""

    model_config = ConfigDict(extra="allow")
    id: int
    event_date: Optional[str] = None
    year: Optional[int] = None
    date_precision: Optional[str] = None
    event_type: Optional[str] = None
    sub_event_type: Optional[str] = None
    actor1: Optional[str] = None
    actor2: Optional[str] = None
    inter1: Optional[int] = None
    inter2: Optional[int] = None
    interaction: Optional[int] = None
    country: Optional[str] = None
    iso: Optional[str] = None
    admin1: Optional[str] = None
    admin2: Optional[str] = None
    location: Optional[str] = None
    latitude: Optional[float] = None
    longitude: Optional[float] = None
    geo_precision: Optional[int] = None
    fatalities: int = 0
    fatalities_min: Optional[int] = None
    fatalities_max: Optional[int] = None
    fatalities_note: Optional[str] = None
    source: Optional[str] = None
    cited_sources: list[str] = []
    langs: list[str] = []
    notes: Optional[str] = None
    confidence: Optional[float] = None
    n_sources: int = 0
    review_status: str = "unreviewed"
    status: str = "active"
    merged_into: Optional[int] = None
    edited_fields: list[str] = []
    created_at: Optional[str] = None
    updated_at: Optional[str] = None


class EventPage(BaseModel):
    total: int = Field(description="events matching the filters")
    limit: int
    offset: int
    items: list[EventSummary]


class EventSource(BaseModel):
    """One report of an event: the document it came from and its evidence spans."""

    model_config = ConfigDict(extra="allow")
    source_id: int
    document_id: int
    doc_key: Optional[str] = None
    outlet: Optional[str] = None
    lang: Optional[str] = None
    url: Optional[str] = None
    published: Optional[str] = None
    title: Optional[str] = None
    document_status: Optional[str] = None
    report: dict[str, Any] = Field(default_factory=dict, description="the fields this report gave")
    evidence: dict[str, list[Span]] = Field(default_factory=dict, description="field -> spans in the document")
    snippets: dict[str, list[str]] = Field(default_factory=dict, description="field -> the text of its spans")


class MergeLogEntry(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: int
    event_id: int
    source_id: Optional[int] = None
    action: str
    score: Optional[float] = None
    reasons: Any = None
    user: Optional[str] = None
    at: Optional[str] = None


class EventDetail(EventSummary):
    sources: list[EventSource] = []
    merge_log: list[MergeLogEntry] = []


class HighlightSpan(BaseModel):
    start: int
    end: int
    field: str
    event_id: int
    source_id: int


class DocumentOut(BaseModel):
    """A stored page: its text, the events found in it, and every evidence span."""

    model_config = ConfigDict(extra="allow")
    id: int
    doc_key: Optional[str] = None
    url: Optional[str] = None
    outlet: Optional[str] = None
    lang: Optional[str] = None
    title: Optional[str] = None
    published: Optional[str] = None
    status: Optional[str] = None
    error: Optional[str] = None
    text: str = ""
    events: list[dict[str, Any]] = []
    spans: list[HighlightSpan] = []


class AggregateGroup(BaseModel):
    key: Optional[str] = None
    events: int
    fatalities: int


class AggregateOut(BaseModel):
    by: str
    groups: list[AggregateGroup]


class PointsOut(BaseModel):
    """Compact rows for the map: [id, latitude, longitude, event_type, fatalities, event_date]."""

    total: int = Field(description="events matching the filters that have coordinates")
    truncated: bool
    fields: list[str]
    rows: list[list[Any]]


class AuditEntry(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: int
    at: str
    user: str
    action: str
    event_id: Optional[int] = None
    before: Any = None
    after: Any = None


class AuditPage(BaseModel):
    limit: int
    offset: int
    items: list[AuditEntry]


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    events: int
    documents: int
    writable: bool = Field(description="True when the server has a review token (KABAR_TOKEN)")
    title: str
    index: Literal["ready", "building", "off", "too_big"] = Field(
        description="the in-memory event index that answers lists, counts and aggregates")


class ExtractIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, description="the page: plain text or HTML")
    published: Optional[str] = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD")
    lang: Optional[str] = Field(None, pattern=r"^[a-z]{2}$", description="ISO 639-1 hint")
    url: Optional[str] = Field(None, max_length=2000)

    @field_validator("text", "url")
    @classmethod
    def _clean(cls, v: Optional[str]) -> Optional[str]:
        return clean_text(v)


class ExtractOut(BaseModel):
    events: list[dict[str, Any]]
    seconds: float


class EventChanges(BaseModel):
    """Fields a reviewer may change; send only those that change."""

    model_config = ConfigDict(extra="forbid")
    event_date: Optional[str] = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    date_precision: Optional[Literal["day", "week", "month", "year"]] = None
    event_type: Optional[str] = Field(None, max_length=200)
    sub_event_type: Optional[str] = Field(None, max_length=200)
    actor1: Optional[str] = Field(None, max_length=500)
    actor2: Optional[str] = Field(None, max_length=500)
    inter1: Optional[int] = Field(None, ge=0, le=8)
    inter2: Optional[int] = Field(None, ge=0, le=8)
    interaction: Optional[int] = Field(None, ge=0, le=88)
    country: Optional[str] = Field(None, max_length=200)
    iso: Optional[str] = Field(None, max_length=3)
    admin1: Optional[str] = Field(None, max_length=200)
    admin2: Optional[str] = Field(None, max_length=200)
    location: Optional[str] = Field(None, max_length=500)
    latitude: Optional[float] = Field(None, ge=-90, le=90)
    longitude: Optional[float] = Field(None, ge=-180, le=180)
    geo_precision: Optional[int] = Field(None, ge=1, le=3)
    fatalities: Optional[int] = Field(None, ge=0, le=1_000_000)
    notes: Optional[str] = Field(None, max_length=5000)
    review_status: Optional[ReviewStatus] = None

    @field_validator("event_type", "sub_event_type", "actor1", "actor2", "country", "iso", "admin1",
                     "admin2", "location", "notes")
    @classmethod
    def _clean(cls, v: Optional[str]) -> Optional[str]:
        return clean_text(v)

    @field_validator("event_type")
    @classmethod
    def _event_type(cls, v: Optional[str]) -> Optional[str]:
        if v is not None and v not in EVENT_TYPES:
            raise ValueError("event_type must be one of ACLED's: " + "; ".join(EVENT_TYPES))
        return v

    @field_validator("sub_event_type")
    @classmethod
    def _sub_event_type(cls, v: Optional[str]) -> Optional[str]:
        if v is not None and v not in EVENT_TYPE_OF:
            raise ValueError("sub_event_type must be one of ACLED's 25 sub-event types")
        return v


class EditIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    changes: EventChanges


class ReviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: ReviewStatus


class MergeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    event_ids: list[int] = Field(min_length=2, max_length=100,
                                 description="the first event survives; the others fold into it")


class SplitIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source_ids: list[int] = Field(min_length=1, max_length=1000,
                                  description="sources moved out into one new event")
