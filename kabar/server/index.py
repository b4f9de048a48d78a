"""An in-memory columnar copy of the store's active events, for fast lists, counts and aggregates.

Why: on 100k events one SQL aggregate or filtered count takes 0.2-1 s (a scan of the events
table), and a dashboard asks several per view; 50 analysts at once would queue for seconds.
Here each event is a row of numpy columns (dates as day numbers, strings as category codes) plus
its JSON, so a filtered count, a sorted page or a group-by is a few vectorised passes (1-15 ms on
100k events; docs/benchmarks/api.md).

Semantics follow the store's EventFilter exactly (tests/test_server_index.py compares the two on
the same store): dates inclusive, country by name (any case) or ISO3, admin1 any case, types
exact, actor/text as case-insensitive substrings, bbox inclusive, nulls sort last, ties by id.

Freshness: built from ``store.iter_events`` in a background thread; writes made through the API
patch it at once (``refresh_events``); changes made by another process (an ingest) are noticed by
a cheap signature check every ``refresh_seconds`` and trigger a rebuild. Until the first build is
done, and for filters it does not know (``document_id``), the API asks the store.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from dataclasses import dataclass, field, replace
from typing import Any, Iterable

import numpy as np

from kabar.store.base import ORDERABLE_FIELDS, EventFilter

_NULL_DAY = -1
_CATEGORICAL = ("event_type", "sub_event_type", "country", "iso", "admin1", "location", "review_status",
                "actor1", "actor2", "updated_at")
_LOWER = ("country", "admin1", "location", "actor1", "actor2")  # matched case-insensitively


class Categories:
    """Distinct strings of one column, each with an integer code (0 = null)."""

    def __init__(self, values: Iterable[str | None] = ()):
        self.values: list[str | None] = [None]
        self.codes: dict[str, int] = {}
        for v in values:
            self.code(v)

    def code(self, value: str | None) -> int:
        if value is None:
            return 0
        c = self.codes.get(value)
        if c is None:
            c = self.codes[value] = len(self.values)
            self.values.append(value)
        return c

    def copy(self) -> "Categories":
        other = Categories()
        other.values = list(self.values)
        other.codes = dict(self.codes)
        return other

    def rank(self) -> np.ndarray:
        """Code -> position in sorted order of the strings (null last), for ORDER BY."""
        order = sorted(range(1, len(self.values)), key=lambda c: self.values[c])
        r = np.empty(len(self.values), dtype=np.int64)
        r[order] = np.arange(len(order))
        r[0] = len(self.values) + 1
        return r

    def matching(self, pred) -> np.ndarray:
        """Boolean per code: does the string satisfy ``pred`` (null never does)?"""
        return np.array([False] + [pred(v) for v in self.values[1:]], dtype=bool)


def _day(date: str | None) -> int:
    if not date:
        return _NULL_DAY
    try:
        return dt.date.fromisoformat(str(date)[:10]).toordinal()
    except ValueError:
        return _NULL_DAY


def _lower(v: Any) -> str | None:
    return v.lower() if isinstance(v, str) else None


def _num(v: Any) -> float:
    return float(v) if isinstance(v, (int, float)) and v is not None else np.nan


@dataclass
class Snapshot:
    """Immutable columns of the active events (copy-on-write: updates make a new snapshot)."""

    ids: np.ndarray
    day: np.ndarray
    fatalities: np.ndarray
    n_sources: np.ndarray
    confidence: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    alive: np.ndarray
    codes: dict[str, np.ndarray]  # column -> category codes (raw strings)
    lcodes: dict[str, np.ndarray]  # column -> category codes of the lower-cased strings
    cats: dict[str, Categories]
    lcats: dict[str, Categories]
    notes: list[str]  # lower-cased
    json: list[bytes]
    row_of: dict[int, int]
    _ranks: dict[str, tuple[int, np.ndarray]] = field(default_factory=dict)
    _blob: tuple[str, np.ndarray] | None = None
    _perms: dict[str, np.ndarray] = field(default_factory=dict)
    _texts: dict[str, np.ndarray] = field(default_factory=dict)
    _tokens: tuple[list[str], list[np.ndarray], int] | None = None  # vocabulary, rows, rows covered
    _iso: dict[int, str] = field(default_factory=dict)
    _month: np.ndarray | None = None

    def month_first(self) -> np.ndarray:
        """Per row: the day number of the first of its month (null days stay null)."""
        if self._month is None or len(self._month) != len(self.day):
            u, inv = np.unique(self.day, return_inverse=True)
            firsts = np.array([dt.date.fromordinal(x).replace(day=1).toordinal() if x != _NULL_DAY else _NULL_DAY
                               for x in u.tolist()], dtype=np.int64)
            self._month = firsts[inv.reshape(-1)]
        return self._month

    def iso_day(self, ordinal: int) -> str:
        """The ISO date of a day number (kept: a timeline asks for the same few thousand)."""
        text = self._iso.get(ordinal)
        if text is None:
            text = self._iso[ordinal] = dt.date.fromordinal(ordinal).isoformat()
        return text
    _dirty: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # rows changed since

    def text_matching(self, needle: str) -> np.ndarray:
        """Rows whose notes, location, actors or admin1 contain ``needle`` (lower-case), kept
        for the 128 latest needles: an analyst pages, sorts and aggregates with the same words."""
        hit = self._texts.get(needle)
        if hit is None:
            hit = self.notes_matching(needle) if "\x00" not in needle else np.zeros(len(self.ids), dtype=bool)
            for col in ("location", "actor1", "actor2", "admin1"):
                hit |= _contains(self, col, needle)
            if len(self._texts) >= 128:
                self._texts.pop(next(iter(self._texts)))
            self._texts[needle] = hit
        return hit

    def order(self, order: str) -> np.ndarray:
        """All rows in the store's order for ``order`` (nulls last, ties by id), computed once
        per snapshot: a page is then this permutation filtered by the mask, no sort per request."""
        perm = self._perms.get(order)
        if perm is None:
            values, null = _sort_key(self, order.lstrip("-"))
            v, ids = values.astype(np.float64), self.ids
            if order.startswith("-"):
                v, ids = -v, -ids
            perm = np.lexsort((ids, np.where(null, np.inf, v)))
            self._perms[order] = perm
        return perm

    def notes_matching(self, needle: str) -> np.ndarray:
        """Boolean per row: do the (lower-cased) notes contain ``needle``?

        A needle without whitespace can only occur inside one whitespace-separated token, so it
        is looked up in the vocabulary of tokens (thousands of strings, not 100k notes) and the
        rows of every token containing it are marked. Rows changed since the vocabulary was
        built are checked directly. Needles with whitespace scan all notes joined (C speed).
        """
        n = len(self.notes)
        if any(c.isspace() for c in needle):
            return self._scan_notes(needle)
        if self._tokens is None:
            self._tokens = _token_index(self.notes)
            self._dirty = np.zeros(0, dtype=np.int64)
        vocab, postings, built_rows = self._tokens
        hit = np.zeros(n, dtype=bool)
        found = [postings[i] for i, tok in enumerate(vocab) if needle in tok]
        if found:
            hit[np.concatenate(found)] = True
        for row in self._dirty.tolist() + list(range(built_rows, n)):
            hit[row] = needle in self.notes[row]
        return hit

    def _scan_notes(self, needle: str) -> np.ndarray:
        if self._blob is None:
            starts = np.cumsum([0] + [len(x) + 1 for x in self.notes])
            self._blob = ("\x00".join(self.notes), starts)
        blob, starts = self._blob
        hit = np.zeros(len(self.notes), dtype=bool)
        parts = blob.split(needle)  # C speed even when the words are on every row
        if len(parts) > 1:
            lens = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts))
            pos = np.cumsum(lens[:-1] + len(needle)) - len(needle)  # where each occurrence starts
            hit[np.searchsorted(starts, pos, side="right") - 1] = True
        return hit

    def rank(self, col: str) -> np.ndarray:
        cats = self.cats[col]
        cached = self._ranks.get(col)
        if cached is None or cached[0] != len(cats.values):
            cached = (len(cats.values), cats.rank())
            self._ranks[col] = cached
        return cached[1]


def _token_index(notes: list[str]) -> tuple[list[str], list[np.ndarray], int]:
    """Whitespace-separated tokens of the notes -> the rows each occurs in."""
    rows_of: dict[str, list[int]] = {}
    for row, text in enumerate(notes):
        for tok in set(text.split()):
            rows_of.setdefault(tok, []).append(row)
    vocab = list(rows_of)
    return vocab, [np.array(rows_of[t], dtype=np.int64) for t in vocab], len(notes)


def _encode(row: dict[str, Any]) -> bytes:
    return json.dumps(row, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


def build_snapshot(rows: Iterable[dict[str, Any]]) -> Snapshot:
    """Columns from flat event dicts (as ``store.iter_events`` yields them)."""
    cats = {c: Categories() for c in _CATEGORICAL}
    lcats = {c: Categories() for c in _LOWER}
    cols: dict[str, list] = {k: [] for k in ("ids", "day", "fat", "nsrc", "conf", "lat", "lon")}
    codes: dict[str, list[int]] = {c: [] for c in _CATEGORICAL}
    lcodes: dict[str, list[int]] = {c: [] for c in _LOWER}
    notes: list[str] = []
    blobs: list[bytes] = []
    for r in rows:
        cols["ids"].append(int(r["id"]))
        cols["day"].append(_day(r.get("event_date")))
        cols["fat"].append(int(r.get("fatalities") or 0))
        cols["nsrc"].append(int(r.get("n_sources") or 0))
        cols["conf"].append(_num(r.get("confidence")))
        cols["lat"].append(_num(r.get("latitude")))
        cols["lon"].append(_num(r.get("longitude")))
        for c in _CATEGORICAL:
            codes[c].append(cats[c].code(r.get(c)))
        for c in _LOWER:
            lcodes[c].append(lcats[c].code(_lower(r.get(c))))
        notes.append((r.get("notes") or "").lower())
        blobs.append(_encode(r))
    n = len(cols["ids"])
    return Snapshot(
        ids=np.array(cols["ids"], dtype=np.int64), day=np.array(cols["day"], dtype=np.int64),
        fatalities=np.array(cols["fat"], dtype=np.int64), n_sources=np.array(cols["nsrc"], dtype=np.int64),
        confidence=np.array(cols["conf"], dtype=np.float64), lat=np.array(cols["lat"], dtype=np.float64),
        lon=np.array(cols["lon"], dtype=np.float64), alive=np.ones(n, dtype=bool),
        codes={c: np.array(v, dtype=np.int32) for c, v in codes.items()},
        lcodes={c: np.array(v, dtype=np.int32) for c, v in lcodes.items()},
        cats=cats, lcats=lcats, notes=notes, json=blobs,
        row_of={int(i): k for k, i in enumerate(cols["ids"])})


def upsert(snap: Snapshot, rows: list[dict[str, Any]], gone: Iterable[int]) -> Snapshot:
    """A new snapshot with ``rows`` (active events) updated or added and ``gone`` ids removed."""
    add = [r for r in rows if int(r["id"]) not in snap.row_of]
    n_old, n_new = len(snap.ids), len(snap.ids) + len(add)

    def grow(a: np.ndarray, fill) -> np.ndarray:
        out = np.empty(n_new, dtype=a.dtype)
        out[:n_old] = a
        out[n_old:] = fill
        return out

    s = replace(snap, ids=grow(snap.ids, 0), day=grow(snap.day, _NULL_DAY), fatalities=grow(snap.fatalities, 0),
                n_sources=grow(snap.n_sources, 0), confidence=grow(snap.confidence, np.nan),
                lat=grow(snap.lat, np.nan), lon=grow(snap.lon, np.nan), alive=grow(snap.alive, True),
                codes={c: grow(a, 0) for c, a in snap.codes.items()},
                lcodes={c: grow(a, 0) for c, a in snap.lcodes.items()},
                cats={c: k.copy() for c, k in snap.cats.items()}, lcats={c: k.copy() for c, k in snap.lcats.items()},
                notes=list(snap.notes) + [""] * len(add), json=list(snap.json) + [b""] * len(add),
                row_of=dict(snap.row_of), _ranks={}, _blob=None, _perms={}, _texts={}, _month=None,
                _tokens=snap._tokens, _dirty=snap._dirty)
    for k, r in enumerate(add):
        s.row_of[int(r["id"])] = n_old + k
    for r in rows:
        i = s.row_of[int(r["id"])]
        s.ids[i] = int(r["id"])
        s.day[i] = _day(r.get("event_date"))
        s.fatalities[i] = int(r.get("fatalities") or 0)
        s.n_sources[i] = int(r.get("n_sources") or 0)
        s.confidence[i] = _num(r.get("confidence"))
        s.lat[i], s.lon[i] = _num(r.get("latitude")), _num(r.get("longitude"))
        s.alive[i] = True
        for c in _CATEGORICAL:
            s.codes[c][i] = s.cats[c].code(r.get(c))
        for c in _LOWER:
            s.lcodes[c][i] = s.lcats[c].code(_lower(r.get(c)))
        s.notes[i] = (r.get("notes") or "").lower()
        s.json[i] = _encode(r)
    for event_id in gone:
        i = s.row_of.get(int(event_id))
        if i is not None:
            s.alive[i] = False
    changed = [s.row_of[int(r["id"])] for r in rows]
    s._dirty = np.union1d(s._dirty, np.array(changed, dtype=np.int64))
    return s


# --- queries -----------------------------------------------------------------------------------

def supports(f: EventFilter | None) -> bool:
    """Can the index answer this filter? (Not: per-document filters, merged events.)"""
    return f is None or (f.document_id is None and not f.include_merged)


def mask(s: Snapshot, f: EventFilter | None) -> np.ndarray:
    """Rows matching the filter (the store's EventFilter semantics)."""
    m = s.alive.copy()
    if f is None:
        return m
    if f.since:
        m &= s.day >= _day(f.since)
    if f.until:
        m &= (s.day <= _day(f.until)) & (s.day != _NULL_DAY)
    if f.country:
        want = f.country.strip()
        by_name = s.lcats["country"].codes.get(want.lower(), -1)
        by_iso = s.cats["iso"].codes.get(want.upper(), -1)
        m &= (s.lcodes["country"] == by_name) | (s.codes["iso"] == by_iso)
    if f.admin1:
        m &= s.lcodes["admin1"] == s.lcats["admin1"].codes.get(f.admin1.strip().lower(), -1)
    for col in ("event_type", "sub_event_type", "review_status"):
        v = getattr(f, col)
        if v:
            m &= s.codes[col] == s.cats[col].codes.get(v, -1)
    if f.actor:
        a = f.actor.lower()
        m &= _contains(s, "actor1", a) | _contains(s, "actor2", a)
    if f.text:
        m &= s.text_matching(f.text.lower())
    if f.bbox:
        min_lon, min_lat, max_lon, max_lat = (float(x) for x in f.bbox)
        with np.errstate(invalid="ignore"):
            m &= (s.lat >= min_lat) & (s.lat <= max_lat) & (s.lon >= min_lon) & (s.lon <= max_lon)
    if f.min_fatalities is not None:
        m &= s.fatalities >= int(f.min_fatalities)
    return m


def _contains(s: Snapshot, col: str, needle: str) -> np.ndarray:
    return s.lcats[col].matching(lambda v: needle in v)[s.lcodes[col]]


def _sort_key(s: Snapshot, col: str) -> tuple[np.ndarray, np.ndarray]:
    """(values, is_null) of an orderable column, as numbers."""
    if col == "id":
        return s.ids, np.zeros(len(s.ids), dtype=bool)
    if col == "event_date":
        return s.day, s.day == _NULL_DAY
    if col == "fatalities":
        return s.fatalities, np.zeros(len(s.ids), dtype=bool)
    if col == "n_sources":
        return s.n_sources, np.zeros(len(s.ids), dtype=bool)
    if col == "confidence":
        return s.confidence, np.isnan(s.confidence)
    codes = s.codes[col]
    return s.rank(col)[codes], codes == 0


def page(s: Snapshot, m: np.ndarray, order: str, limit: int, offset: int) -> list[int]:
    """Row numbers of one page of matches, ordered like the store (nulls last, ties by id)."""
    if limit <= 0:
        return []
    perm = s.order(order)
    return perm[m[perm]][offset:offset + limit].tolist()


def _groups(s: Snapshot, m: np.ndarray, by: str) -> tuple[list[str | None], list[int], list[int]]:
    """Keys (ordered, null last), event counts and fatality sums of the matching rows."""
    rows = np.nonzero(m)[0]
    fat = s.fatalities[rows]
    if by in ("day", "week", "month"):
        day = s.day[rows]
        null = day == _NULL_DAY
        d = day[~null]
        keys: list[str | None] = []
        ns: list[int] = []
        fs: list[int] = []
        if len(d):
            if by == "week":
                d = d - ((d - 1) % 7)
            elif by == "month":
                d = s.month_first()[rows][~null]
            lo = int(d.min())
            n = np.bincount(d - lo)
            f = np.bincount(d - lo, weights=fat[~null])
            at = np.nonzero(n)[0]
            keys = [s.iso_day(lo + k) for k in at.tolist()]
            ns, fs = n[at].tolist(), f[at].astype(np.int64).tolist()
        if null.any():
            keys.append(None)
            ns.append(int(null.sum()))
            fs.append(int(fat[null].sum()))
        return keys, ns, fs
    codes = s.codes[by][rows]
    n = np.bincount(codes, minlength=len(s.cats[by].values))
    f = np.bincount(codes, weights=fat, minlength=len(s.cats[by].values))
    values = s.cats[by].values
    present = [c for c in np.nonzero(n)[0].tolist() if c != 0]
    present.sort(key=lambda c: values[c])
    if n[0]:
        present.append(0)
    return [values[c] for c in present], [int(n[c]) for c in present], [int(f[c]) for c in present]


def aggregate(s: Snapshot, m: np.ndarray, by: str) -> list[dict[str, Any]]:
    """Counts per key ordered by key, nulls last (the store's ``aggregate``)."""
    keys, ns, fs = _groups(s, m, by)
    return [{"key": k, "events": n, "fatalities": f} for k, n, f in zip(keys, ns, fs)]


def aggregate_json(s: Snapshot, m: np.ndarray, by: str) -> bytes:
    """``{"by": ..., "groups": aggregate(...)}`` encoded, without building a dict per group."""
    keys, ns, fs = _groups(s, m, by)
    if by in ("day", "week", "month"):  # ISO dates: nothing to escape
        quoted = [f'"{k}"' if k is not None else "null" for k in keys]
    else:
        quoted = [json.dumps(k, ensure_ascii=False) if k is not None else "null" for k in keys]
    parts = [f'{{"key":{k},"events":{n},"fatalities":{f}}}' for k, n, f in zip(quoted, ns, fs)]
    return f'{{"by":"{by}","groups":[{",".join(parts)}]}}'.encode("utf-8")


class EventIndex:
    """The live index: a snapshot, rebuilt in the background and patched after API writes."""

    def __init__(self, max_events: int = 500_000):
        self.max_events = max_events
        self.snapshot: Snapshot | None = None
        self.signature: Any = None
        self.too_big = False
        self._lock = threading.Lock()
        self._building = threading.Lock()
        self._written: set[int] = set()  # ids written through the API since the last check

    @property
    def ready(self) -> bool:
        return self.snapshot is not None

    @staticmethod
    def signature_of(store: Any) -> Any:
        """What changes when events are added, merged, split or edited (by anyone)."""
        latest = store.list_events(None, limit=1, order="-updated_at")
        return (store.count_events(None), latest[0]["updated_at"] if latest else None,
                latest[0]["id"] if latest else None, store.stats().get("sources"))

    def build(self, store: Any) -> str:
        """(Re)build from the store when its signature changed: "unchanged", "rebuilt" or
        "too_big" (more than ``max_events``: the API keeps asking the store)."""
        with self._building:
            sig = self.signature_of(store)
            if sig == self.signature and (self.snapshot is not None or self.too_big):
                return "unchanged"
            with self._lock:
                if self._own_writes_explain(sig):
                    self.signature, self._written = sig, set()
                    return "unchanged"
            if sig[0] > self.max_events:
                with self._lock:
                    self.too_big, self.snapshot, self.signature = True, None, sig
                return "too_big"
            with self._lock:
                self._written = set()
            snap = build_snapshot(store.iter_events(EventFilter(), batch=20_000))
            for col in ORDERABLE_FIELDS:  # sort orders now, in this thread, not in a request
                snap.order(col)
                snap.order("-" + col)
            snap.notes_matching("kabar")  # and the notes' vocabulary, and months
            snap.month_first()
            with self._lock:
                self.snapshot, self.signature, self.too_big = snap, sig, False
                written, self._written = self._written, set()
            if written:  # an API write landed during the build: make sure it is in
                self.refresh_events(store, written)
            return "rebuilt"

    def _own_writes_explain(self, sig: Any) -> bool:
        """Did only our own API writes move the store's signature? (The newest change is an event
        we wrote, the active count is ours, no report was added.) Then no rebuild is needed."""
        prev, snap = self.signature, self.snapshot
        return (snap is not None and prev is not None and sig[2] in self._written
                and sig[0] == int(snap.alive.sum()) and sig[3] == prev[3])

    def refresh_events(self, store: Any, event_ids: Iterable[int]) -> None:
        """Re-read events a write just changed (merged-away ones drop out)."""
        if self.snapshot is None:
            return
        rows, gone = [], []
        for i in dict.fromkeys(int(x) for x in event_ids):
            ev = store.get_event(i)
            if ev is None or ev.get("status") != "active":
                gone.append(i)
                continue
            ev.pop("sources", None)
            ev.pop("merge_log", None)
            rows.append(ev)
        with self._lock:
            self._written.update(int(x) for x in event_ids)
            if self.snapshot is not None:
                # The store's signature moves with this write; the next check sees that our own
                # writes explain it (no rebuild), or rebuilds when someone else changed the store.
                self.snapshot = upsert(self.snapshot, rows, gone)
