"""The event store contract: what ingest, the CLI, the API and the dashboard code against.

A store holds four things:

- **documents**: every page ingested (text, content hash, url, outlet, language, published date,
  status ``ok`` or ``error`` with the error message). The content hash makes ingest idempotent.
- **events**: canonical events, one per real-world event. Each has an integer ``id`` and the
  ACLED-style fields of :class:`kabar.records.Event`, plus ``n_sources``, ``review_status``
  (``unreviewed`` | ``accepted`` | ``rejected``), ``fatalities_note`` (disagreement between
  reports) and ``status`` (``active``, or ``merged`` when a manual merge folded it into another).
- **sources** (table ``event_sources``): one row per report of an event, i.e. per event a page's
  extraction produced, with its document and evidence spans into that document's text.
- **logs**: ``merge_log`` (why each report joined its event: de-duplication decisions, splits,
  manual merges) and ``audit_log`` (who changed what, when, before and after).

Backends: :mod:`kabar.store.sqlite` (stdlib sqlite3, WAL; the default ``sqlite:///kabar.db``) and
:mod:`kabar.store.postgres` (psycopg 3, ``postgresql://...``). Both share one schema and one
implementation of the queries; all SQL is parameterised (filters never build SQL from values).

Use :func:`open_store` (defined in ``kabar/store/__init__.py``)::

    from kabar.store import open_store, EventFilter
    with open_store("sqlite:///kabar.db") as store:
        rows = store.list_events(EventFilter(country="Iraq", since="2016-01-01"), limit=50)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator, Literal, Protocol, Sequence, runtime_checkable

from kabar.records import Event

# Field names a reviewer may change with `update_event` (anything else raises StoreError).
EDITABLE_FIELDS: tuple[str, ...] = (
    "event_date", "date_precision", "event_type", "sub_event_type",
    "actor1", "actor2", "inter1", "inter2", "interaction",
    "country", "iso", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision",
    "fatalities", "notes", "review_status",
)

REVIEW_STATUSES: tuple[str, ...] = ("unreviewed", "accepted", "rejected")

# Columns `list_events` may sort by (`order="-event_date"` = descending). Anything else is refused.
ORDERABLE_FIELDS: tuple[str, ...] = (
    "id", "event_date", "fatalities", "country", "admin1", "event_type", "sub_event_type",
    "n_sources", "confidence", "updated_at", "location",
)

AggregateBy = Literal["event_type", "sub_event_type", "country", "admin1", "day", "week", "month"]


@dataclass
class EventFilter:
    """Which events a query returns. Every field is optional; set fields are ANDed.

    Dates are ISO strings ``YYYY-MM-DD`` (inclusive). ``bbox`` is
    ``(min_lon, min_lat, max_lon, max_lat)``. ``text`` matches (case-insensitively, as a
    substring) notes, location, actors and admin1. ``actor`` matches actor1 or actor2 (substring).
    ``review_status=None`` returns all statuses; ``include_merged=False`` hides events folded into
    another by a manual merge.
    """

    since: str | None = None
    until: str | None = None
    country: str | None = None  # country name ("Iraq") or ISO3 ("IRQ")
    admin1: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    text: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    review_status: str | None = None
    document_id: int | None = None  # only events with a source in this document
    min_fatalities: int | None = None
    include_merged: bool = False


@dataclass
class DocResult:
    """What `add_document` did with one page.

    ``status``: ``added`` (stored with its events), ``exists`` (same content hash already stored:
    nothing written), ``error`` (stored with its error, no events).
    ``new_events`` are ids of canonical events created; ``merged_events`` ids of existing
    canonical events that gained this page as a source.
    """

    document_id: int
    content_hash: str
    status: Literal["added", "exists", "error"]
    new_events: list[int] = field(default_factory=list)
    merged_events: list[int] = field(default_factory=list)
    error: str | None = None

    @property
    def n_events(self) -> int:
        return len(self.new_events) + len(self.merged_events)


@dataclass
class PageMeta:
    """The document half of a page as the store keeps it (built from records.Page/Document)."""

    doc_key: str  # the page's own id (JSONL id or file path)
    text: str
    url: str | None = None
    source: str | None = None  # the outlet
    lang: str | None = None
    title: str | None = None
    published: str | None = None
    origin: str | None = None  # file path / path:line
    content_hash: str | None = None  # computed from text (and url) when None


@runtime_checkable
class Store(Protocol):
    """The event store. Implementations: SQLiteStore, PostgresStore (same behaviour)."""

    url: str

    # --- lifecycle -------------------------------------------------------------------------
    def close(self) -> None: ...
    def __enter__(self) -> "Store": ...
    def __exit__(self, *exc: Any) -> None: ...

    # --- ingest ----------------------------------------------------------------------------
    def has_document(self, content_hash: str) -> bool:
        """True when a page with this content hash is stored (ok or error)."""
        ...

    def add_document(self, page_meta: PageMeta, events: Sequence[Event], error: str | None = None,
                     dedup: bool = True) -> DocResult:
        """Store one page with all its events in ONE transaction (all or nothing).

        With ``error`` the page is stored with status ``error`` and no events. With ``dedup``
        each event is matched against nearby canonical events (same sub-event family, date window,
        geo cell) and joins the best compatible one, else becomes a new canonical event.
        Idempotent: a page whose content hash is stored returns ``status="exists"``.
        """
        ...

    # --- read ------------------------------------------------------------------------------
    def list_events(self, filters: EventFilter | None = None, limit: int = 100, offset: int = 0,
                    order: str = "-event_date") -> list[dict[str, Any]]:
        """Canonical events as flat dicts (no sources), filtered, ordered, paginated.

        ``order`` is one of ORDERABLE_FIELDS, optionally prefixed with ``-`` for descending; ties
        are broken by id. ``limit`` is capped at 10_000.
        """
        ...

    def count_events(self, filters: EventFilter | None = None) -> int: ...

    def iter_events(self, filters: EventFilter | None = None, with_sources: bool = False,
                    batch: int = 1000) -> Iterator[dict[str, Any]]:
        """All matching events in id order, streamed (for exports)."""
        ...

    def get_event(self, event_id: int) -> dict[str, Any] | None:
        """One event with ``sources``: a list of dicts (source_id, document_id, doc_key, url,
        outlet, lang, published, the report's own fields, ``evidence``: {field: [[start, end]]},
        and ``snippets``: {field: [text]} cut from the document text) and ``merge_log``."""
        ...

    def get_document(self, document_id: int) -> dict[str, Any] | None:
        """One document with its ``text`` and ``events``: [{event_id, source_id, evidence}]."""
        ...

    def find_document(self, doc_key: str) -> dict[str, Any] | None:
        """The latest document stored under a page id (without text), or None."""
        ...

    def aggregate(self, by: AggregateBy, filters: EventFilter | None = None
                  ) -> list[dict[str, Any]]:
        """Counts per key: ``[{"key": ..., "events": n, "fatalities": n}]`` ordered by key.

        ``day``/``week``/``month`` keys are ISO dates (week = its Monday, month = its 1st)."""
        ...

    def errors(self, limit: int = 1000, offset: int = 0) -> list[dict[str, Any]]:
        """Documents stored with an error: id, doc_key, origin, url, error, ingested_at."""
        ...

    def stats(self) -> dict[str, int]:
        """Counts: documents, errors, events (active), sources."""
        ...

    # --- review (every change is written to the audit log) ---------------------------------
    def update_event(self, event_id: int, changes: dict[str, Any], user: str
                     ) -> tuple[dict[str, Any], dict[str, Any]]:
        """Change EDITABLE_FIELDS of an event; returns (before, after). Raises StoreError for an
        unknown event or field or an invalid value. Edited fields are kept when later reports
        join the event (a reviewer's word beats the machine's)."""
        ...

    def set_review_status(self, event_id: int, status: str, user: str
                          ) -> tuple[dict[str, Any], dict[str, Any]]: ...

    def merge_events(self, event_ids: Sequence[int], user: str) -> dict[str, Any]:
        """Fold events into the first one (its id survives): all sources move to it, the others
        get status ``merged`` (with ``merged_into``). Returns the merged event."""
        ...

    def split_event(self, event_id: int, source_ids: Sequence[int], user: str | None = None
                    ) -> dict[str, Any]:
        """Move the given sources out into one new event (reverses a merge). Returns it."""
        ...

    def audit_log(self, event_id: int | None = None, limit: int = 100, offset: int = 0
                  ) -> list[dict[str, Any]]:
        """Audit entries newest first: id, at, user, action, event_id, before, after."""
        ...

    def merge_log(self, event_id: int) -> list[dict[str, Any]]:
        """Why each source joined an event: action, source_id, score, reasons, at, user."""
        ...
