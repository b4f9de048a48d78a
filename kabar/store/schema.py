"""The store's schema, one text for SQLite and PostgreSQL (``{pk}`` and ``{real}`` differ).

Dates and timestamps are ISO-8601 text (comparable as strings, identical in both backends);
``day`` columns hold the date's ordinal (integer) for window queries and weekly buckets.
JSON columns are text.
"""

from __future__ import annotations

SCHEMA_VERSION = 1

TABLES = """
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT
);
CREATE TABLE IF NOT EXISTS documents (
  id {pk},
  doc_key TEXT NOT NULL,
  content_hash TEXT NOT NULL UNIQUE,
  url TEXT,
  outlet TEXT,
  lang TEXT,
  title TEXT,
  published TEXT,
  origin TEXT,
  text TEXT NOT NULL,
  status TEXT NOT NULL,
  error TEXT,
  n_events INTEGER NOT NULL DEFAULT 0,
  ingested_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_doc_key ON documents (doc_key);
CREATE INDEX IF NOT EXISTS documents_status ON documents (status);

CREATE TABLE IF NOT EXISTS events (
  id {pk},
  event_date TEXT,
  day INTEGER,
  year INTEGER,
  date_precision TEXT,
  event_type TEXT,
  sub_event_type TEXT,
  actor1 TEXT,
  actor2 TEXT,
  inter1 INTEGER,
  inter2 INTEGER,
  interaction INTEGER,
  country TEXT,
  iso TEXT,
  admin1 TEXT,
  admin2 TEXT,
  location TEXT,
  latitude {real},
  longitude {real},
  geo_precision INTEGER,
  fatalities INTEGER NOT NULL DEFAULT 0,
  fatalities_min INTEGER,
  fatalities_max INTEGER,
  fatalities_note TEXT,
  source TEXT,
  cited_sources TEXT,
  langs TEXT,
  notes TEXT,
  confidence {real},
  n_sources INTEGER NOT NULL DEFAULT 0,
  review_status TEXT NOT NULL DEFAULT 'unreviewed',
  status TEXT NOT NULL DEFAULT 'active',
  merged_into INTEGER,
  edited_fields TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_status_date ON events (status, event_date, id);
CREATE INDEX IF NOT EXISTS events_country ON events (LOWER(country));
CREATE INDEX IF NOT EXISTS events_iso ON events (iso);
CREATE INDEX IF NOT EXISTS events_admin1 ON events (LOWER(admin1));
CREATE INDEX IF NOT EXISTS events_type ON events (event_type);
CREATE INDEX IF NOT EXISTS events_sub_type ON events (sub_event_type);
CREATE INDEX IF NOT EXISTS events_latlon ON events (latitude, longitude);
CREATE INDEX IF NOT EXISTS events_day ON events (day);

CREATE TABLE IF NOT EXISTS event_sources (
  id {pk},
  event_id INTEGER NOT NULL REFERENCES events (id),
  document_id INTEGER NOT NULL REFERENCES documents (id),
  position INTEGER NOT NULL,
  doc_key TEXT,
  ext_event_id TEXT,
  event_date TEXT,
  day INTEGER,
  date_precision TEXT,
  event_type TEXT,
  sub_event_type TEXT,
  actor1 TEXT,
  actor2 TEXT,
  country TEXT,
  iso TEXT,
  admin1 TEXT,
  location TEXT,
  latitude {real},
  longitude {real},
  geo_precision INTEGER,
  fatalities INTEGER NOT NULL DEFAULT 0,
  outlet TEXT,
  lang TEXT,
  confidence {real},
  geo_cell TEXT,
  admin_key TEXT,
  record TEXT NOT NULL,
  added_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sources_event ON event_sources (event_id);
CREATE INDEX IF NOT EXISTS sources_document ON event_sources (document_id);
CREATE INDEX IF NOT EXISTS sources_cell_day ON event_sources (geo_cell, day);
CREATE INDEX IF NOT EXISTS sources_admin_day ON event_sources (admin_key, day);

CREATE TABLE IF NOT EXISTS merge_log (
  id {pk},
  event_id INTEGER NOT NULL,
  source_id INTEGER,
  action TEXT NOT NULL,
  score {real},
  reasons TEXT,
  user_name TEXT,
  at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS merge_log_event ON merge_log (event_id);

CREATE TABLE IF NOT EXISTS audit_log (
  id {pk},
  at TEXT NOT NULL,
  user_name TEXT NOT NULL,
  action TEXT NOT NULL,
  event_id INTEGER,
  before TEXT,
  after TEXT
);
CREATE INDEX IF NOT EXISTS audit_log_event ON audit_log (event_id);
"""

# Columns of `events` returned by queries, in a stable order.
EVENT_COLUMNS: tuple[str, ...] = (
    "id", "event_date", "year", "date_precision", "event_type", "sub_event_type",
    "actor1", "actor2", "inter1", "inter2", "interaction", "country", "iso", "admin1", "admin2",
    "location", "latitude", "longitude", "geo_precision", "fatalities", "fatalities_min",
    "fatalities_max", "fatalities_note", "source", "cited_sources", "langs", "notes", "confidence",
    "n_sources", "review_status", "status", "merged_into", "edited_fields", "created_at",
    "updated_at",
)
JSON_EVENT_COLUMNS = ("cited_sources", "langs", "edited_fields")

# Columns of `event_sources` filled from one extracted Event (besides ids and keys).
SOURCE_FIELDS: tuple[str, ...] = (
    "event_date", "date_precision", "event_type", "sub_event_type", "actor1", "actor2", "country",
    "iso", "admin1", "location", "latitude", "longitude", "geo_precision", "fatalities",
    "confidence",
)


def ddl(pk: str, real: str) -> list[str]:
    """The schema statements for a dialect."""
    text = TABLES.replace("{pk}", pk).replace("{real}", real)
    return [s.strip() for s in text.split(";") if s.strip()]
