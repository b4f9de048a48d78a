"""Exports of the store's canonical events: ACLED CSV, JSONL, GeoJSON, Parquet (streamed).

ACLED CSV has ACLED's column names and order, then kabar's own columns (prefixed ``kabar_``
where the name could be mistaken for an ACLED one).
"""

from __future__ import annotations

import csv
import json
from datetime import datetime
from typing import IO, Any, Iterable, Iterator

from kabar.errors import ConfigError

try:  # one column list for per-page CSV (kabar extract) and store exports
    from kabar.output import ACLED_COLUMNS  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - until kabar/output.py exists
    ACLED_COLUMNS = (
        "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
        "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
        "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
        "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
        "fatalities", "tags", "timestamp",
    )

KABAR_COLUMNS = (
    "kabar_id", "date_precision", "iso3", "n_sources", "langs", "cited_sources", "confidence",
    "review_status", "fatalities_min", "fatalities_max", "fatalities_note", "source_urls",
    "document_ids",
)
FORMATS = ("acled-csv", "jsonl", "geojson", "parquet")

_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
_DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}


class _IsoNumeric:
    """ISO 3166-1 alpha-3 -> numeric (ACLED's ``iso`` column), looked up lazily and cached."""

    def __init__(self) -> None:
        self._cache: dict[str, str] = {}

    def __call__(self, alpha3: str | None) -> str:
        if not alpha3:
            return ""
        if alpha3 not in self._cache:
            try:
                import pycountry

                c = pycountry.countries.get(alpha_3=alpha3.upper())
                self._cache[alpha3] = str(int(c.numeric)) if c else ""
            except (ImportError, LookupError, ValueError):
                self._cache[alpha3] = ""
        return self._cache[alpha3]


def _timestamp(iso: str | None) -> int | str:
    if not iso:
        return ""
    try:
        return int(datetime.fromisoformat(iso).timestamp())
    except ValueError:
        return ""


def acled_row(ev: dict[str, Any], iso_numeric: _IsoNumeric | None = None) -> dict[str, Any]:
    """One store event (with ``sources``) as an ACLED-style flat row plus kabar's columns."""
    iso_numeric = iso_numeric or _IsoNumeric()
    actor2 = ev.get("actor2") or ""
    sources = ev.get("sources") or []
    row = {
        "event_id_cnty": f"{ev.get('iso') or 'XXX'}{ev['id']}",
        "event_date": ev.get("event_date") or "",
        "year": ev.get("year") or "",
        "time_precision": _TIME_PRECISION.get(ev.get("date_precision") or "", ""),
        "disorder_type": _DISORDER.get(ev.get("event_type") or "", ""),
        "event_type": ev.get("event_type") or "",
        "sub_event_type": ev.get("sub_event_type") or "",
        "actor1": ev.get("actor1") or "", "assoc_actor_1": "",
        "inter1": ev.get("inter1") if ev.get("inter1") is not None else "",
        "actor2": actor2, "assoc_actor_2": "",
        "inter2": ev.get("inter2") if ev.get("inter2") is not None else "",
        "interaction": ev.get("interaction") if ev.get("interaction") is not None else "",
        "civilian_targeting": "Civilian targeting" if actor2.startswith("Civilians") else "",
        "iso": iso_numeric(ev.get("iso")),
        "region": "",
        "country": ev.get("country") or "",
        "admin1": ev.get("admin1") or "", "admin2": ev.get("admin2") or "", "admin3": "",
        "location": ev.get("location") or "",
        "latitude": ev.get("latitude") if ev.get("latitude") is not None else "",
        "longitude": ev.get("longitude") if ev.get("longitude") is not None else "",
        "geo_precision": ev.get("geo_precision") or "",
        "source": ev.get("source") or "",
        "source_scale": "",
        "notes": ev.get("notes") or "",
        "fatalities": int(ev.get("fatalities") or 0),
        "tags": "",
        "timestamp": _timestamp(ev.get("updated_at")),
        "kabar_id": ev["id"],
        "date_precision": ev.get("date_precision") or "",
        "iso3": ev.get("iso") or "",
        "n_sources": ev.get("n_sources") or 0,
        "langs": ";".join(ev.get("langs") or []),
        "cited_sources": ";".join(ev.get("cited_sources") or []),
        "confidence": ev.get("confidence") if ev.get("confidence") is not None else "",
        "review_status": ev.get("review_status") or "",
        "fatalities_min": ev.get("fatalities_min") if ev.get("fatalities_min") is not None else "",
        "fatalities_max": ev.get("fatalities_max") if ev.get("fatalities_max") is not None else "",
        "fatalities_note": ev.get("fatalities_note") or "",
        "source_urls": " ".join(dict.fromkeys(s.get("url") for s in sources if s.get("url"))),
        "document_ids": ";".join(str(s["document_id"]) for s in sources),
    }
    return row


def write_acled_csv(events: Iterable[dict[str, Any]], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=list(ACLED_COLUMNS) + list(KABAR_COLUMNS), extrasaction="ignore")
    writer.writeheader()
    iso = _IsoNumeric()
    n = 0
    for ev in events:
        writer.writerow(acled_row(ev, iso))
        n += 1
    return n


def write_jsonl(events: Iterable[dict[str, Any]], out: IO[str]) -> int:
    n = 0
    for ev in events:
        out.write(json.dumps(ev, ensure_ascii=False, default=str) + "\n")
        n += 1
    return n


def write_geojson(events: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """A FeatureCollection of the events that have coordinates, written as it streams."""
    out.write('{"type": "FeatureCollection", "features": [\n')
    iso = _IsoNumeric()
    n = 0
    for ev in events:
        if ev.get("latitude") is None or ev.get("longitude") is None:
            continue
        props = acled_row(ev, iso)
        feat = {"type": "Feature", "id": ev["id"],
                "geometry": {"type": "Point", "coordinates": [ev["longitude"], ev["latitude"]]},
                "properties": props}
        out.write((",\n" if n else "") + json.dumps(feat, ensure_ascii=False, default=str))
        n += 1
    out.write("\n]}\n")
    return n


def write_parquet(events: Iterable[dict[str, Any]], path: str, batch: int = 10_000) -> int:
    """ACLED columns + kabar's as a Parquet file, written in row groups of ``batch`` events."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ConfigError("Parquet export needs pyarrow", hint="pip install 'kabar[parquet]'") from None
    ints = {"year", "time_precision", "inter1", "inter2", "interaction", "geo_precision", "fatalities",
            "timestamp", "kabar_id", "n_sources", "fatalities_min", "fatalities_max"}
    floats = {"latitude", "longitude", "confidence"}
    cols = list(ACLED_COLUMNS) + list(KABAR_COLUMNS)
    schema = pa.schema([(c, pa.int64() if c in ints else pa.float64() if c in floats else pa.string())
                        for c in cols])

    def typed(c: str, v: Any) -> Any:
        if v == "" or v is None:
            return None
        if c in ints:
            return int(v)
        if c in floats:
            return float(v)
        return str(v)

    iso = _IsoNumeric()
    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        rows: list[dict[str, Any]] = []
        for ev in events:
            rows.append(acled_row(ev, iso))
            if len(rows) >= batch:
                writer.write_table(pa.Table.from_pylist([{c: typed(c, r[c]) for c in cols} for r in rows], schema))
                n += len(rows)
                rows = []
        if rows or n == 0:
            writer.write_table(pa.Table.from_pylist([{c: typed(c, r[c]) for c in cols} for r in rows], schema))
            n += len(rows)
    return n


def export(events: Iterator[dict[str, Any]], fmt: str, out: IO[str] | None = None, path: str | None = None) -> int:
    """Write events in ``fmt`` to a text stream (or a file ``path``, required for parquet)."""
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}", hint="one of " + ", ".join(FORMATS))
    if fmt == "parquet":
        if not path:
            raise ConfigError("parquet export needs an output file", hint="give -o FILE.parquet")
        return write_parquet(events, path)
    writers = {"acled-csv": write_acled_csv, "jsonl": write_jsonl, "geojson": write_geojson}
    if path:
        with open(path, "w", encoding="utf-8", newline="") as fh:
            return writers[fmt](events, fh)
    assert out is not None
    return writers[fmt](events, out)
