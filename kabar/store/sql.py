"""The one implementation of the Store contract over SQL, shared by SQLite and PostgreSQL.

Backends supply a connection, a transaction context and the placeholder style; every query here
is written with ``?`` placeholders and parameters (never values formatted into SQL). Column and
order names that do vary are picked from fixed whitelists.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import unicodedata
from contextlib import contextmanager
from datetime import date, datetime, timezone
from typing import Any, Iterator, Sequence

from kabar import dedup
from kabar.errors import StoreError
from kabar.records import Event
from kabar.store.base import (
    EDITABLE_FIELDS,
    ORDERABLE_FIELDS,
    REVIEW_STATUSES,
    DocResult,
    EventFilter,
    PageMeta,
)
from kabar.store.schema import EVENT_COLUMNS, JSON_EVENT_COLUMNS, SCHEMA_VERSION, SOURCE_FIELDS

MAX_LIMIT = 10_000
_WS = re.compile(r"\s+")
_EVENT_COLS_SQL = ", ".join("e." + c for c in EVENT_COLUMNS)
_CANONICAL_FIELDS = (
    "event_date", "date_precision", "event_type", "sub_event_type", "actor1", "actor2", "inter1",
    "inter2", "interaction", "country", "iso", "admin1", "admin2", "location", "latitude",
    "longitude", "geo_precision", "fatalities", "fatalities_min", "fatalities_max",
    "fatalities_note", "source", "cited_sources", "langs", "notes", "confidence", "n_sources",
)
_SOURCE_COLS = ("event_id", "document_id", "position", "doc_key", "ext_event_id", "day", "outlet",
                "lang", "geo_cell", "admin_key", "record", "added_at") + SOURCE_FIELDS


def content_hash(text: str) -> str:
    """The identity of a page's content: sha256 of its NFC text with whitespace collapsed."""
    norm = _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def _now() -> str:
    # microseconds: two edits within one second must still tell "changed" (the API index relies on it)
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def _like(value: str) -> str:
    """A LIKE pattern matching ``value`` as a literal substring (with ESCAPE '\\')."""
    v = value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{v}%"


class SQLStore:
    """Store over a DB-API connection. Subclasses set ``_conn`` and implement ``_transaction``."""

    url: str
    _paramstyle = "qmark"  # "qmark" (?) or "format" (%s)
    _pk = "INTEGER PRIMARY KEY"
    _real = "REAL"

    def __init__(self, url: str, config: dedup.DedupConfig | None = None):
        self.url = url
        self.dedup_config = config or dedup.DedupConfig()
        self._lock = threading.RLock()
        self._conn: Any = None

    # --- backend hooks -----------------------------------------------------------------------
    @contextmanager
    def _transaction(self, write: bool = False) -> Iterator[Any]:  # pragma: no cover - overridden
        """A cursor inside one transaction: committed on exit, rolled back on an exception."""
        raise NotImplementedError
        yield

    def _serialise_writers(self, cur: Any) -> None:
        """Make concurrent ingests de-duplicate one page at a time (SQLite: BEGIN IMMEDIATE)."""

    def _sql(self, q: str) -> str:
        if self._paramstyle == "format":
            return q.replace("%", "%%").replace("?", "%s")
        return q

    # --- lifecycle ---------------------------------------------------------------------------
    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> "SQLStore":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _create_schema(self, statements: list[str]) -> None:
        with self._transaction(write=True) as cur:
            for stmt in statements:
                cur.execute(stmt)
            cur.execute(self._sql("SELECT value FROM meta WHERE key = ?"), ("schema_version",))
            row = cur.fetchone()
            if row is None:
                cur.execute(self._sql("INSERT INTO meta (key, value) VALUES (?, ?)"),
                            ("schema_version", str(SCHEMA_VERSION)))
            elif int(row[0]) > SCHEMA_VERSION:
                raise StoreError(f"store schema version {row[0]} is newer than this kabar's "
                                 f"({SCHEMA_VERSION})", where=self.url, hint="upgrade kabar")

    # --- low-level helpers -------------------------------------------------------------------
    def _exec(self, cur: Any, q: str, params: Sequence[Any] = ()) -> Any:
        cur.execute(self._sql(q), tuple(params))
        return cur

    @staticmethod
    def _dicts(cur: Any) -> list[dict[str, Any]]:
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    def _one(self, cur: Any, q: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        rows = self._dicts(self._exec(cur, q, params))
        return rows[0] if rows else None

    def _all(self, cur: Any, q: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return self._dicts(self._exec(cur, q, params))

    def _insert(self, cur: Any, table: str, row: dict[str, Any]) -> int:
        cols = list(row)
        q = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)}) RETURNING id"
        return int(self._exec(cur, q, [row[c] for c in cols]).fetchone()[0])

    def _update(self, cur: Any, table: str, row_id: int, changes: dict[str, Any]) -> None:
        if not changes:
            return
        sets = ", ".join(f"{c} = ?" for c in changes)
        self._exec(cur, f"UPDATE {table} SET {sets} WHERE id = ?", [*changes.values(), row_id])

    @staticmethod
    def _decode_event(row: dict[str, Any]) -> dict[str, Any]:
        for c in JSON_EVENT_COLUMNS:
            v = row.get(c)
            row[c] = json.loads(v) if isinstance(v, str) and v else ([] if c != "edited_fields" else [])
        return row

    def _log_merge(self, cur: Any, event_id: int, source_id: int | None, action: str,
                   score: float | None, reasons: dict[str, Any] | None, user: str | None) -> None:
        self._insert(cur, "merge_log", {
            "event_id": event_id, "source_id": source_id, "action": action, "score": score,
            "reasons": json.dumps(reasons or {}, ensure_ascii=False), "user_name": user, "at": _now()})

    def _audit(self, cur: Any, user: str, action: str, event_id: int | None, before: Any, after: Any) -> None:
        self._insert(cur, "audit_log", {
            "at": _now(), "user_name": user, "action": action, "event_id": event_id,
            "before": json.dumps(before, ensure_ascii=False, default=str),
            "after": json.dumps(after, ensure_ascii=False, default=str)})

    # --- ingest ------------------------------------------------------------------------------
    def has_document(self, content_hash: str) -> bool:
        with self._lock, self._transaction() as cur:
            return self._one(cur, "SELECT id FROM documents WHERE content_hash = ?", (content_hash,)) is not None

    def add_document(self, page_meta: PageMeta, events: Sequence[Event], error: str | None = None,
                     dedup: bool = True) -> DocResult:
        chash = page_meta.content_hash or content_hash(page_meta.text)
        with self._lock, self._transaction(write=True) as cur:
            self._serialise_writers(cur)
            found = self._one(cur, "SELECT id FROM documents WHERE content_hash = ?", (chash,))
            if found:
                return DocResult(int(found["id"]), chash, "exists")
            now = _now()
            doc_id = self._insert(cur, "documents", {
                "doc_key": page_meta.doc_key, "content_hash": chash, "url": page_meta.url,
                "outlet": page_meta.source, "lang": page_meta.lang, "title": page_meta.title,
                "published": page_meta.published, "origin": page_meta.origin, "text": page_meta.text,
                "status": "error" if error else "ok", "error": error,
                "n_events": 0 if error else len(events), "ingested_at": now})
            if error:
                return DocResult(doc_id, chash, "error", error=error)
            result = DocResult(doc_id, chash, "added")
            touched: list[int] = []
            for pos, ev in enumerate(events):
                report = self._report(ev, page_meta)
                match = self._find_match(cur, report, set(touched)) if dedup else None
                if match is None:
                    event_id = self._insert(cur, "events", {
                        "status": "active", "review_status": "unreviewed", "n_sources": 0,
                        "fatalities": 0, "created_at": now, "updated_at": now})
                    result.new_events.append(event_id)
                    action, score, reasons = "create", None, {"why": "no matching event nearby"}
                else:
                    event_id, decision = match
                    if event_id not in result.merged_events:
                        result.merged_events.append(event_id)
                    action, score, reasons = "dedup", decision.score, decision.reasons
                row = {c: report.get(c) for c in _SOURCE_COLS if c != "event_id"}
                row.update(event_id=event_id, document_id=doc_id, position=pos, added_at=now)
                source_id = self._insert(cur, "event_sources", row)
                self._log_merge(cur, event_id, source_id, action, score, reasons, None)
                touched.append(event_id)
            for event_id in dict.fromkeys(touched):
                self._refresh_event(cur, event_id)
            return result

    @staticmethod
    def _report(ev: Event, meta: PageMeta) -> dict[str, Any]:
        """The event_sources row (and dedup report) for one extracted event."""
        # Shallow copy (Event.to_dict's dataclasses.asdict deep-copies: 15 % of ingest time).
        rec = {f: getattr(ev, f) for f in ev.__dataclass_fields__}
        rec["cited_sources"] = list(ev.cited_sources or [])
        rec["evidence"] = {k: [list(s) for s in v] for k, v in (ev.evidence or {}).items()}
        rep = {f: rec.get(f) for f in SOURCE_FIELDS}
        rep["fatalities"] = int(rep.get("fatalities") or 0)
        rep["ext_event_id"] = ev.event_id or None
        rep["doc_key"] = meta.doc_key
        rep["outlet"] = ev.source or meta.source
        rep["lang"] = ev.lang or meta.lang
        rep["day"] = dedup.day_number(ev.event_date)
        rep["geo_cell"] = dedup.geo_cell(ev.latitude, ev.longitude)
        rep["admin_key"] = dedup.admin_key(ev.iso, ev.admin1)
        rep["record"] = json.dumps(rec, ensure_ascii=False)
        return rep

    def _find_match(self, cur: Any, report: dict[str, Any], exclude: set[int]
                    ) -> tuple[int, dedup.Decision] | None:
        keys = dedup.candidate_keys(report, self.dedup_config)
        if keys is None:
            return None
        # Two single-index look-ups (geo cell + day range; admin1 key + day range) rather than one
        # OR query: planners then always use the (key, day) indexes, whatever the table statistics.
        # Every source belongs to an active event (a manual merge moves the sources), so no join.
        rows: dict[int, dict[str, Any]] = {}
        cols = ", ".join(("id", "event_id", "day", *SOURCE_FIELDS))
        if keys["cells"]:
            q = (f"SELECT {cols} FROM event_sources s WHERE s.geo_cell IN ({', '.join('?' for _ in keys['cells'])}) "
                 f"AND s.day BETWEEN ? AND ?")
            for r in self._all(cur, q, [*keys["cells"], keys["day_from"], keys["day_to"]]):
                rows[r["id"]] = r
        if keys["admin_key"]:
            q = f"SELECT {cols} FROM event_sources s WHERE s.admin_key = ? AND s.day BETWEEN ? AND ?"
            for r in self._all(cur, q, [keys["admin_key"], keys["day_from"], keys["day_to"]]):
                rows[r["id"]] = r
        cands = [rows[i] for i in sorted(rows) if rows[i]["event_id"] not in exclude]
        return dedup.best_match(report, cands, self.dedup_config)

    def _source_reports(self, cur: Any, event_id: int) -> list[dict[str, Any]]:
        rows = self._all(cur, "SELECT id, record, outlet, lang FROM event_sources WHERE event_id = ? "
                              "ORDER BY id", (event_id,))
        out = []
        for r in rows:
            rec = json.loads(r["record"])
            rec["outlet"], rec["lang"], rec["source_id"] = r["outlet"], r["lang"], r["id"]
            out.append(rec)
        return out

    def _refresh_event(self, cur: Any, event_id: int) -> None:
        """Recompute an event's canonical fields from its sources (reviewer edits are kept)."""
        cur_row = self._one(cur, "SELECT * FROM events WHERE id = ?", (event_id,))
        if cur_row is None:
            return
        edited = json.loads(cur_row["edited_fields"]) if cur_row.get("edited_fields") else []
        keep = {f: cur_row[f] for f in edited if f in cur_row}
        fields = dedup.reconcile(self._source_reports(cur, event_id), keep)
        changes = {k: fields.get(k) for k in _CANONICAL_FIELDS}
        for k in ("cited_sources", "langs"):
            changes[k] = json.dumps(changes[k] or [], ensure_ascii=False)
        changes["fatalities"] = int(changes["fatalities"] or 0)
        changes["day"] = dedup.day_number(changes["event_date"])
        changes["year"] = _year(changes["event_date"])
        changes["updated_at"] = _now()
        self._update(cur, "events", event_id, changes)

    # --- read --------------------------------------------------------------------------------
    def _where(self, f: EventFilter | None) -> tuple[str, list[Any]]:
        f = f or EventFilter()
        clauses: list[str] = []
        params: list[Any] = []
        if not f.include_merged:
            clauses.append("e.status = 'active'")
        if f.since:
            clauses.append("e.event_date >= ?")
            params.append(_iso_date(f.since, "since"))
        if f.until:
            clauses.append("e.event_date <= ?")
            params.append(_iso_date(f.until, "until"))
        if f.country:
            clauses.append("(LOWER(e.country) = ? OR e.iso = ?)")
            params += [f.country.strip().lower(), f.country.strip().upper()]
        if f.admin1:
            clauses.append("LOWER(e.admin1) = ?")
            params.append(f.admin1.strip().lower())
        for col in ("event_type", "sub_event_type", "review_status"):
            val = getattr(f, col)
            if val:
                clauses.append(f"e.{col} = ?")
                params.append(val)
        if f.actor:
            clauses.append("(LOWER(e.actor1) LIKE ? ESCAPE '\\' OR LOWER(e.actor2) LIKE ? ESCAPE '\\')")
            params += [_like(f.actor)] * 2
        if f.text:
            cols = ("notes", "location", "actor1", "actor2", "admin1")
            clauses.append("(" + " OR ".join(f"LOWER(e.{c}) LIKE ? ESCAPE '\\'" for c in cols) + ")")
            params += [_like(f.text)] * len(cols)
        if f.bbox:
            try:
                min_lon, min_lat, max_lon, max_lat = (float(x) for x in f.bbox)
            except (TypeError, ValueError):
                raise StoreError(f"bbox must be 4 numbers min_lon,min_lat,max_lon,max_lat, got {f.bbox!r}")
            clauses.append("e.latitude BETWEEN ? AND ? AND e.longitude BETWEEN ? AND ?")
            params += [min_lat, max_lat, min_lon, max_lon]
        if f.min_fatalities is not None:
            clauses.append("e.fatalities >= ?")
            params.append(int(f.min_fatalities))
        if f.document_id is not None:
            clauses.append("e.id IN (SELECT event_id FROM event_sources WHERE document_id = ?)")
            params.append(int(f.document_id))
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def list_events(self, filters: EventFilter | None = None, limit: int = 100, offset: int = 0,
                    order: str = "-event_date") -> list[dict[str, Any]]:
        col = order.lstrip("-")
        if col not in ORDERABLE_FIELDS:
            raise StoreError(f"cannot order by {order!r}", hint="one of " + ", ".join(ORDERABLE_FIELDS))
        direction = "DESC" if order.startswith("-") else "ASC"
        limit = max(0, min(int(limit), MAX_LIMIT))
        where, params = self._where(filters)
        q = (f"SELECT {_EVENT_COLS_SQL} FROM events e{where} "
             f"ORDER BY e.{col} {direction} NULLS LAST, e.id {direction} LIMIT ? OFFSET ?")
        with self._lock, self._transaction() as cur:
            rows = self._all(cur, q, [*params, limit, max(0, int(offset))])
        return [self._decode_event(r) for r in rows]

    def count_events(self, filters: EventFilter | None = None) -> int:
        where, params = self._where(filters)
        with self._lock, self._transaction() as cur:
            return int(self._exec(cur, f"SELECT COUNT(*) FROM events e{where}", params).fetchone()[0])

    def iter_events(self, filters: EventFilter | None = None, with_sources: bool = False,
                    batch: int = 1000) -> Iterator[dict[str, Any]]:
        where, params = self._where(filters)
        where = (where + " AND" if where else " WHERE") + " e.id > ?"
        last = 0
        while True:
            with self._lock, self._transaction() as cur:
                rows = self._all(cur, f"SELECT {_EVENT_COLS_SQL} FROM events e{where} ORDER BY e.id LIMIT ?",
                                 [*params, last, batch])
                if with_sources:
                    for r in rows:
                        r["sources"] = self._sources(cur, r["id"], with_text=False)
            if not rows:
                return
            for r in rows:
                yield self._decode_event(r)
            last = rows[-1]["id"]

    def _sources(self, cur: Any, event_id: int, with_text: bool = True) -> list[dict[str, Any]]:
        rows = self._all(cur,
                         "SELECT s.id AS source_id, s.document_id, s.doc_key, s.record, s.outlet, s.lang, "
                         "d.url, d.published, d.title, d.status AS document_status"
                         + (", d.text" if with_text else "") +
                         " FROM event_sources s JOIN documents d ON d.id = s.document_id "
                         "WHERE s.event_id = ? ORDER BY s.id", (event_id,))
        out = []
        for r in rows:
            rec = json.loads(r.pop("record"))
            text = r.pop("text", None)
            rec.pop("doc_id", None)
            r["report"] = {k: v for k, v in rec.items() if k != "evidence"}
            r["evidence"] = rec.get("evidence") or {}
            if text is not None:
                r["snippets"] = {k: [text[s:e] for s, e in spans if 0 <= s <= e <= len(text)]
                                 for k, spans in r["evidence"].items()}
            out.append(r)
        return out

    def get_event(self, event_id: int) -> dict[str, Any] | None:
        with self._lock, self._transaction() as cur:
            row = self._one(cur, f"SELECT {_EVENT_COLS_SQL} FROM events e WHERE e.id = ?", (int(event_id),))
            if row is None:
                return None
            row = self._decode_event(row)
            row["sources"] = self._sources(cur, row["id"])
            row["merge_log"] = self._merge_log(cur, row["id"])
            return row

    def get_document(self, document_id: int) -> dict[str, Any] | None:
        with self._lock, self._transaction() as cur:
            doc = self._one(cur, "SELECT * FROM documents WHERE id = ?", (int(document_id),))
            if doc is None:
                return None
            srcs = self._all(cur, "SELECT id, event_id, record FROM event_sources WHERE document_id = ? "
                                  "ORDER BY position", (doc["id"],))
        doc["events"] = [{"event_id": s["event_id"], "source_id": s["id"],
                          "evidence": json.loads(s["record"]).get("evidence") or {}} for s in srcs]
        return doc

    def find_document(self, doc_key: str) -> dict[str, Any] | None:
        with self._lock, self._transaction() as cur:
            return self._one(cur, "SELECT id, doc_key, content_hash, url, outlet, lang, title, published, "
                                  "origin, status, error, n_events, ingested_at FROM documents "
                                  "WHERE doc_key = ? ORDER BY id DESC LIMIT 1", (doc_key,))

    def aggregate(self, by: str, filters: EventFilter | None = None) -> list[dict[str, Any]]:
        keys = {
            "event_type": "e.event_type", "sub_event_type": "e.sub_event_type",
            "country": "e.country", "admin1": "e.admin1", "day": "e.day",
            "week": "(e.day - ((e.day - 1) % 7))", "month": "SUBSTR(e.event_date, 1, 7)",
        }
        if by not in keys:
            raise StoreError(f"cannot aggregate by {by!r}", hint="one of " + ", ".join(keys))
        where, params = self._where(filters)
        q = (f"SELECT {keys[by]} AS k, COUNT(*) AS n, COALESCE(SUM(e.fatalities), 0) AS f "
             f"FROM events e{where} GROUP BY {keys[by]} ORDER BY {keys[by]} NULLS LAST")
        with self._lock, self._transaction() as cur:
            rows = self._exec(cur, q, params).fetchall()
        out = []
        for k, n, f in rows:
            if by in ("day", "week") and k is not None:
                k = date.fromordinal(int(k)).isoformat()
            elif by == "month" and k is not None:
                k = f"{k}-01"
            out.append({"key": k, "events": int(n), "fatalities": int(f)})
        return out

    def errors(self, limit: int = 1000, offset: int = 0) -> list[dict[str, Any]]:
        with self._lock, self._transaction() as cur:
            return self._all(cur, "SELECT id, doc_key, origin, url, error, ingested_at FROM documents "
                                  "WHERE status = 'error' ORDER BY id LIMIT ? OFFSET ?",
                             (min(int(limit), MAX_LIMIT), int(offset)))

    def stats(self) -> dict[str, int]:
        with self._lock, self._transaction() as cur:
            def n(q: str) -> int:
                return int(self._exec(cur, q).fetchone()[0])
            return {
                "documents": n("SELECT COUNT(*) FROM documents"),
                "errors": n("SELECT COUNT(*) FROM documents WHERE status = 'error'"),
                "events": n("SELECT COUNT(*) FROM events WHERE status = 'active'"),
                "sources": n("SELECT COUNT(*) FROM event_sources"),
                "merged_reports": n("SELECT COUNT(*) FROM merge_log WHERE action = 'dedup'"),
            }

    # --- review ------------------------------------------------------------------------------
    def _event_row(self, cur: Any, event_id: int) -> dict[str, Any]:
        row = self._one(cur, f"SELECT {_EVENT_COLS_SQL} FROM events e WHERE e.id = ?", (int(event_id),))
        if row is None:
            raise StoreError(f"no event {event_id}")
        return self._decode_event(row)

    def update_event(self, event_id: int, changes: dict[str, Any], user: str
                     ) -> tuple[dict[str, Any], dict[str, Any]]:
        clean = _validate_changes(changes)
        with self._lock, self._transaction(write=True) as cur:
            before = self._event_row(cur, event_id)
            upd = dict(clean)
            if "event_date" in clean:
                upd["day"] = dedup.day_number(clean["event_date"])
                upd["year"] = _year(clean["event_date"])
            edited = sorted(set(before["edited_fields"]) | (set(clean) - {"review_status"}))
            upd["edited_fields"] = json.dumps(edited)
            upd["updated_at"] = _now()
            self._update(cur, "events", before["id"], upd)
            after = self._event_row(cur, event_id)
            action = "review" if set(clean) == {"review_status"} else "edit"
            self._audit(cur, user, action, before["id"], {k: before.get(k) for k in clean},
                        {k: after.get(k) for k in clean})
        return before, after

    def set_review_status(self, event_id: int, status: str, user: str
                          ) -> tuple[dict[str, Any], dict[str, Any]]:
        return self.update_event(event_id, {"review_status": status}, user)

    def merge_events(self, event_ids: Sequence[int], user: str) -> dict[str, Any]:
        ids = list(dict.fromkeys(int(i) for i in event_ids))
        if len(ids) < 2:
            raise StoreError("merge needs at least two distinct event ids")
        target = ids[0]
        with self._lock, self._transaction(write=True) as cur:
            rows = [self._event_row(cur, i) for i in ids]
            if any(r["status"] != "active" for r in rows):
                raise StoreError("cannot merge an event that was already merged into another")
            for other in ids[1:]:
                for s in self._all(cur, "SELECT id FROM event_sources WHERE event_id = ?", (other,)):
                    self._log_merge(cur, target, s["id"], "manual_merge", None, {"from_event": other}, user)
                self._exec(cur, "UPDATE event_sources SET event_id = ? WHERE event_id = ?", (target, other))
                self._update(cur, "events", other, {"status": "merged", "merged_into": target,
                                                     "n_sources": 0, "updated_at": _now()})
            self._refresh_event(cur, target)
            after = self._event_row(cur, target)
            self._audit(cur, user, "merge", target, [{k: r[k] for k in ("id", "n_sources")} for r in rows],
                        {"id": target, "n_sources": after["n_sources"], "merged": ids[1:]})
        return after

    def split_event(self, event_id: int, source_ids: Sequence[int], user: str | None = None
                    ) -> dict[str, Any]:
        moving = sorted({int(s) for s in source_ids})
        if not moving:
            raise StoreError("split needs at least one source id")
        with self._lock, self._transaction(write=True) as cur:
            before = self._event_row(cur, event_id)
            have = {r["id"] for r in self._all(cur, "SELECT id FROM event_sources WHERE event_id = ?",
                                               (before["id"],))}
            if not set(moving) <= have:
                raise StoreError(f"sources {sorted(set(moving) - have)} are not sources of event {event_id}")
            if set(moving) == have:
                raise StoreError(f"cannot split all sources out of event {event_id}",
                                 hint="leave at least one source on the original event")
            now = _now()
            new_id = self._insert(cur, "events", {
                "status": "active", "review_status": "unreviewed", "n_sources": 0, "fatalities": 0,
                "created_at": now, "updated_at": now})
            for sid in moving:
                self._exec(cur, "UPDATE event_sources SET event_id = ? WHERE id = ?", (new_id, sid))
                self._log_merge(cur, new_id, sid, "split", None, {"from_event": before["id"]}, user)
            self._refresh_event(cur, before["id"])
            self._refresh_event(cur, new_id)
            after = self._event_row(cur, new_id)
            self._audit(cur, user or "cli", "split", before["id"], {"id": before["id"], "sources": sorted(have)},
                        {"id": before["id"], "new_event": new_id, "moved_sources": moving})
        return after

    def audit_log(self, event_id: int | None = None, limit: int = 100, offset: int = 0
                  ) -> list[dict[str, Any]]:
        q = "SELECT id, at, user_name AS user, action, event_id, before, after FROM audit_log"
        params: list[Any] = []
        if event_id is not None:
            q += " WHERE event_id = ?"
            params.append(int(event_id))
        q += " ORDER BY id DESC LIMIT ? OFFSET ?"
        with self._lock, self._transaction() as cur:
            rows = self._all(cur, q, [*params, min(int(limit), MAX_LIMIT), int(offset)])
        for r in rows:
            r["before"] = json.loads(r["before"]) if r["before"] else None
            r["after"] = json.loads(r["after"]) if r["after"] else None
        return rows

    def _merge_log(self, cur: Any, event_id: int) -> list[dict[str, Any]]:
        rows = self._all(cur, "SELECT id, event_id, source_id, action, score, reasons, user_name AS user, at "
                              "FROM merge_log WHERE event_id = ? ORDER BY id", (int(event_id),))
        for r in rows:
            r["reasons"] = json.loads(r["reasons"]) if r["reasons"] else {}
        return rows

    def merge_log(self, event_id: int) -> list[dict[str, Any]]:
        with self._lock, self._transaction() as cur:
            return self._merge_log(cur, event_id)


def _year(iso_date: Any) -> int | None:
    """The year of an ISO date string ("2016", "2016-01", "2016-01-07"), else None."""
    text = str(iso_date or "")[:4]
    return int(text) if len(text) == 4 and text.isdigit() else None


def _iso_date(value: str, name: str) -> str:
    try:
        return date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        raise StoreError(f"{name} must be a date YYYY-MM-DD, got {value!r}") from None


def _validate_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """Check reviewer changes: known fields and sane values (raises StoreError)."""
    if not changes:
        raise StoreError("no changes given")
    bad = sorted(set(changes) - set(EDITABLE_FIELDS))
    if bad:
        raise StoreError(f"fields not editable: {', '.join(bad)}", hint="editable: " + ", ".join(EDITABLE_FIELDS))
    out: dict[str, Any] = {}
    for k, v in changes.items():
        try:
            if k == "event_date":
                v = _iso_date(v, k) if v else None
            elif k in ("fatalities", "inter1", "inter2", "interaction", "geo_precision"):
                if v is None and k != "fatalities":
                    pass
                else:
                    if isinstance(v, bool) or int(v) != float(v):
                        raise ValueError
                    v = int(v)
                    if v < 0 or (k == "geo_precision" and v not in (1, 2, 3)) or (k.startswith("inter") and v > 88):
                        raise ValueError
            elif k in ("latitude", "longitude"):
                if v is not None:
                    v = float(v)
                    if not (-90 <= v <= 90 if k == "latitude" else -180 <= v <= 180):
                        raise ValueError
            elif k == "review_status":
                if v not in REVIEW_STATUSES:
                    raise ValueError
            elif v is not None:
                if not isinstance(v, str) or len(v) > 5000:
                    raise ValueError
        except (TypeError, ValueError):
            raise StoreError(f"invalid value for {k}: {v!r}") from None
        out[k] = v
    return out
