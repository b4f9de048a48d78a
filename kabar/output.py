"""Writing events: table, json, jsonl, csv (ACLED's columns first, then ours), geojson."""

from __future__ import annotations

import csv
import io
import json
from typing import Iterable, TextIO

from kabar.records import Event
from kabar.taxonomy import DISORDER_TYPE

FORMATS = ("table", "json", "jsonl", "csv", "geojson")

# ACLED's export columns, in ACLED's order (those kabar can fill are filled, the rest left empty).
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
KABAR_COLUMNS = ("doc_id", "event_id", "date_precision", "cited_sources", "confidence", "lang", "url", "evidence")
_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}


def acled_row(ev: Event) -> dict:
    """One event as ACLED's CSV columns followed by kabar's own."""
    year = ev.event_date[:4] if ev.event_date else ""
    sources = [s for s in [ev.source, *ev.cited_sources] if s]
    return {
        "event_id_cnty": ev.event_id, "event_date": ev.event_date or "", "year": year,
        "time_precision": _TIME_PRECISION.get(ev.date_precision or "", ""),
        "disorder_type": DISORDER_TYPE.get(ev.event_type or "", ""), "event_type": ev.event_type or "",
        "sub_event_type": ev.sub_event_type or "", "actor1": ev.actor1 or "", "assoc_actor_1": "",
        "inter1": ev.inter1 if ev.inter1 is not None else "", "actor2": ev.actor2 or "", "assoc_actor_2": "",
        "inter2": ev.inter2 if ev.inter2 is not None else "",
        "interaction": ev.interaction if ev.interaction is not None else "",
        "civilian_targeting": "Civilian targeting" if ev.inter2 == 7 or ev.inter1 == 7 else "",
        "iso": ev.iso or "", "region": "", "country": ev.country or "", "admin1": ev.admin1 or "",
        "admin2": ev.admin2 or "", "admin3": "", "location": ev.location or "",
        "latitude": "" if ev.latitude is None else ev.latitude, "longitude": "" if ev.longitude is None else ev.longitude,
        "geo_precision": ev.geo_precision or "", "source": "; ".join(sources), "source_scale": "",
        "notes": ev.notes, "fatalities": ev.fatalities, "tags": "", "timestamp": "",
        "doc_id": ev.doc_id, "event_id": ev.event_id, "date_precision": ev.date_precision or "",
        "cited_sources": "; ".join(ev.cited_sources), "confidence": ev.confidence, "lang": ev.lang or "",
        "url": ev.url or "", "evidence": json.dumps(ev.to_dict()["evidence"], ensure_ascii=False),
    }


def geojson_feature(ev: Event) -> dict:
    d = ev.to_dict()
    geom = None
    if ev.latitude is not None and ev.longitude is not None:
        geom = {"type": "Point", "coordinates": [ev.longitude, ev.latitude]}
    return {"type": "Feature", "geometry": geom, "properties": {k: v for k, v in d.items()}}


class EventWriter:
    """Streams events to a text stream in one format (json and geojson are closed by ``close``)."""

    def __init__(self, out: TextIO, fmt: str):
        if fmt not in FORMATS:
            raise ValueError(fmt)
        self.out, self.fmt = out, fmt
        self._first = True
        self._csv = None
        self._rows: list[Event] = []

    def write(self, events: Iterable[Event]) -> None:
        for ev in events:
            if self.fmt == "jsonl":
                self.out.write(json.dumps(ev.to_dict(), ensure_ascii=False) + "\n")
            elif self.fmt == "csv":
                if self._csv is None:
                    self._csv = csv.DictWriter(self.out, fieldnames=[*ACLED_COLUMNS, *KABAR_COLUMNS])
                    self._csv.writeheader()
                self._csv.writerow(acled_row(ev))
            elif self.fmt in ("json", "geojson"):
                self.out.write(("[\n" if self.fmt == "json" else '{"type": "FeatureCollection", "features": [\n')
                               if self._first else ",\n")
                obj = ev.to_dict() if self.fmt == "json" else geojson_feature(ev)
                self.out.write(json.dumps(obj, ensure_ascii=False))
                self._first = False
            else:
                self._rows.append(ev)
        self.out.flush()

    def close(self) -> None:
        if self.fmt == "json":
            self.out.write("[]\n" if self._first else "\n]\n")
        elif self.fmt == "geojson":
            self.out.write('{"type": "FeatureCollection", "features": []}\n' if self._first else "\n]}\n")
        elif self.fmt == "table":
            self.out.write(render_table(self._rows))
        self.out.flush()


def render_table(events: list[Event]) -> str:
    """A readable fixed-width table of events."""
    if not events:
        return "no events found\n"
    cols = [("date", lambda e: e.event_date or "?"), ("type", lambda e: e.sub_event_type or ""),
            ("actor1", lambda e: e.actor1 or ""), ("actor2", lambda e: e.actor2 or ""),
            ("location", lambda e: ", ".join(x for x in (e.location, e.admin1, e.country) if x)),
            ("killed", lambda e: str(e.fatalities)), ("conf", lambda e: f"{e.confidence:.2f}")]
    widths = {"date": 10, "type": 30, "actor1": 32, "actor2": 32, "location": 34, "killed": 6, "conf": 4}
    buf = io.StringIO()
    multi = len({e.doc_id for e in events}) > 1
    if multi:
        cols.insert(0, ("doc", lambda e: e.doc_id))
        widths["doc"] = 18
    buf.write("  ".join(name.ljust(widths[name]) for name, _ in cols).rstrip() + "\n")
    for e in events:
        cells = []
        for name, get in cols:
            v = get(e)
            w = widths[name]
            cells.append((v if len(v) <= w else v[: w - 1] + "…").ljust(w))
        buf.write("  ".join(cells).rstrip() + "\n")
    buf.write(f"{len(events)} event{'s' if len(events) != 1 else ''}\n")
    return buf.getvalue()
