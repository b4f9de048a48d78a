"""Typed records that flow through kabar's pipeline.

raw page (`Page`) -> cleaned document (`Document`) -> mentions (`Mention`) -> events (`Event`).

Every span is a pair of character offsets ``(start, end)`` into ``Page.text``, the original input
text (for HTML input: the main text trafilatura extracted from it, which is what the page "says").
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

Span = tuple[int, int]


@dataclass
class Page:
    """One raw input page, as read from a file, a JSONL line or stdin."""

    doc_id: str
    text: str
    url: str | None = None
    published: str | None = None  # ISO date "YYYY-MM-DD" if known
    lang: str | None = None  # ISO 639-1 hint, if given by the user or the corpus
    title: str | None = None
    source: str | None = None  # the outlet (site name), if known
    html: str | None = None  # the raw HTML, when the page came as HTML
    origin: str | None = None  # where it was read from ("path", "path:line", "-")


@dataclass
class Sentence:
    """A sentence of the cleaned document: a span into the page text."""

    start: int
    end: int
    text: str
    paragraph: int = 0
    is_title: bool = False


@dataclass
class Document:
    """A page after cleaning: main-text spans, language and metadata."""

    page: Page
    lang: str
    body: list[Span]  # spans of ``page.text`` that are article text (no boilerplate)
    sentences: list[Sentence] = field(default_factory=list)
    dateline: str | None = None  # the place the story was filed from, e.g. "Baghdad"
    dateline_span: Span | None = None
    source: str | None = None  # the outlet, e.g. "LiputanIslam.com"
    published: str | None = None  # best known publication date (metadata, hint, URL, text)
    published_origin: str | None = None  # "metadata" | "hint" | "url" | "text"
    year_hint: int | None = None  # a year the page's stamp or URL gives without a full date

    @property
    def text(self) -> str:
        return self.page.text


@dataclass
class Place:
    """A resolved place from the gazetteer."""

    name: str
    country: str | None
    iso: str | None  # ISO 3166-1 alpha-3
    admin1: str | None
    latitude: float | None
    longitude: float | None
    admin2: str | None = None
    kind: str = "city"  # city | admin1 | admin2 | country | water | region
    population: int = 0
    geonameid: int | None = None
    score: float = 0.0


@dataclass
class Location:
    """Where an event happened, with ACLED's geo precision (1 town, 2 near/part, 3 region)."""

    place: Place
    geo_precision: int
    span: Span | None = None
    relation: str | None = None  # e.g. "west of" when the text gives a relative place


@dataclass
class Mention:
    """Something found in a sentence: a trigger, number, date, actor or place, with its span."""

    kind: str  # trigger | casualty | date | actor | place | source | negation | future
    span: Span
    value: Any = None
    sentence: int = -1


@dataclass
class Event:
    """One ACLED-style event, with the evidence spans behind each filled field."""

    doc_id: str
    event_id: str = ""
    event_date: str | None = None
    date_precision: str | None = None  # day | week | month | year
    event_type: str | None = None
    sub_event_type: str | None = None
    actor1: str | None = None
    actor2: str | None = None
    inter1: int | None = None
    inter2: int | None = None
    interaction: int | None = None
    country: str | None = None
    iso: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    fatalities: int = 0
    source: str | None = None
    cited_sources: list[str] = field(default_factory=list)
    notes: str = ""
    confidence: float = 0.0
    lang: str | None = None
    url: str | None = None
    evidence: dict[str, list[Span]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["evidence"] = {k: [list(s) for s in v] for k, v in self.evidence.items()}
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Event":
        known = {f for f in cls.__dataclass_fields__}
        kw = {k: v for k, v in d.items() if k in known}
        ev = kw.get("evidence") or {}
        kw["evidence"] = {k: [tuple(s) for s in v] for k, v in ev.items()}
        kw["cited_sources"] = list(kw.get("cited_sources") or [])
        return cls(**kw)


@dataclass
class PageResult:
    """What the pipeline made of one page: its events, or the error that stopped it."""

    doc_id: str
    events: list[Event] = field(default_factory=list)
    error: str | None = None
    document: Document | None = None
