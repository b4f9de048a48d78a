"""The event store contract, run against SQLite and PostgreSQL (skipped without a server)."""

from __future__ import annotations

import os
import uuid
from urllib.parse import quote

import pytest

from kabar.errors import StoreError
from kabar.records import Event
from kabar.store import EventFilter, PageMeta, open_store

PG_URL = os.environ.get("KABAR_TEST_POSTGRES_URL")


def _pg_store_url() -> tuple[str, str]:
    """A fresh schema in the test database, and a URL whose search_path points at it."""
    import psycopg

    schema = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in PG_URL else "?"
    return PG_URL + sep + "options=" + quote(f"-csearch_path={schema}"), schema


def _drop_pg_schema(schema: str) -> None:
    import psycopg

    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request, tmp_path):
    """A URL of an empty store of each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'kabar.db'}"
        return
    if not PG_URL:
        pytest.skip("KABAR_TEST_POSTGRES_URL not set (scripts/setup.d/20-postgres.sh starts a server)")
    pytest.importorskip("psycopg")
    url, schema = _pg_store_url()
    yield url
    _drop_pg_schema(schema)


@pytest.fixture
def store(store_url):
    s = open_store(store_url)
    yield s
    s.close()


def make_event(doc: str, **kw) -> Event:
    """A hand-built extracted event (an air strike in Ramadi unless told otherwise)."""
    base = dict(doc_id=doc, event_date="2016-01-07", date_precision="day",
                event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
                actor1="Military Forces of Iraq", actor2="Islamic State (ISIS)", country="Iraq", iso="IRQ",
                admin1="Anbar", location="Ramadi", latitude=33.42, longitude=43.30, geo_precision=1,
                fatalities=12, notes="Iraqi jets struck a position in Ramadi.", confidence=0.8,
                evidence={"location": [(0, 6)]})
    base.update(kw)
    return Event(**base)


def meta(key: str, text: str, **kw) -> PageMeta:
    return PageMeta(doc_key=key, text=text, **kw)


def test_store_add_document_is_idempotent_by_content_hash(store):
    r1 = store.add_document(meta("a", "Ramadi: jets struck."), [make_event("a")])
    r2 = store.add_document(meta("a-again", "Ramadi:   jets struck. "), [make_event("a")])
    assert r1.status == "added" and len(r1.new_events) == 1
    assert r2.status == "exists" and r2.document_id == r1.document_id
    assert store.has_document(r1.content_hash)
    assert store.stats()["documents"] == 1 and store.stats()["events"] == 1


def test_store_merges_reports_across_languages_with_conservative_fatalities(store):
    r1 = store.add_document(meta("en", "Ramadi: jets struck.", lang="en", source="Outlet A"), [make_event("en")])
    r2 = store.add_document(meta("ar", "الرمادي: غارة جوية", lang="ar", source="Outlet B"),
                            [make_event("ar", fatalities=15, latitude=33.44, lang="ar", evidence={"location": [(0, 7)]})])
    assert r2.merged_events == r1.new_events
    ev = store.get_event(r1.new_events[0])
    assert ev["n_sources"] == 2 and ev["fatalities"] == 12
    assert ev["fatalities_min"] == 12 and ev["fatalities_max"] == 15
    assert "12, 15" in ev["fatalities_note"]
    assert ev["source"] == "Outlet A; Outlet B"
    assert set(ev["langs"]) == {"en", "ar"}
    assert ev["sources"][1]["snippets"]["location"] == ["الرمادي"]
    reasons = ev["merge_log"][-1]["reasons"]
    assert ev["merge_log"][-1]["action"] == "dedup" and "same date" in reasons["date"]


@pytest.mark.parametrize("change", [
    {"event_date": "2016-01-09"},  # same place, another day
    {"location": "Fallujah", "latitude": 33.35, "longitude": 43.78},  # same day, another town
    {"sub_event_type": "Peaceful protest", "event_type": "Protests"},  # another kind of event
])
def test_store_keeps_near_misses_apart(store, change):
    store.add_document(meta("a", "page a"), [make_event("a")])
    r = store.add_document(meta("b", "page b"), [make_event("b", **change)])
    assert r.new_events and not r.merged_events
    assert store.count_events() == 2


def test_store_never_merges_two_events_of_one_page(store):
    r = store.add_document(meta("a", "page a"), [make_event("a"), make_event("a", fatalities=3)])
    assert len(r.new_events) == 2


def test_store_without_dedup_keeps_one_event_per_report(store):
    store.add_document(meta("a", "page a"), [make_event("a")], dedup=False)
    store.add_document(meta("b", "page b"), [make_event("b")], dedup=False)
    assert store.count_events() == 2


def test_store_error_page_is_stored_and_listed(store):
    r = store.add_document(meta("bad.txt", "", origin="dir/bad.txt", content_hash="h1"), [], error="binary file")
    assert r.status == "error"
    errs = store.errors()
    assert [e["error"] for e in errs] == ["binary file"] and errs[0]["origin"] == "dir/bad.txt"
    assert store.count_events() == 0


def _fill(store):
    store.add_document(meta("1", "one", source="A"), [make_event("1")])
    store.add_document(meta("2", "two", source="B"), [make_event(
        "2", event_date="2016-02-01", sub_event_type="Peaceful protest", event_type="Protests",
        actor1="Protesters (Indonesia)", actor2=None, country="Indonesia", iso="IDN", admin1="Jakarta",
        location="Jakarta", latitude=-6.2, longitude=106.8, fatalities=0, notes="Students marched.")])
    store.add_document(meta("3", "three", source="C"), [make_event(
        "3", event_date="2016-01-20", location="Mosul", admin1="Nineveh", latitude=36.34, longitude=43.13,
        fatalities=4)])


@pytest.mark.parametrize("flt, expected", [
    (EventFilter(country="iraq"), {"Ramadi", "Mosul"}),
    (EventFilter(country="IDN"), {"Jakarta"}),
    (EventFilter(admin1="nineveh"), {"Mosul"}),
    (EventFilter(event_type="Protests"), {"Jakarta"}),
    (EventFilter(sub_event_type="Air/drone strike"), {"Ramadi", "Mosul"}),
    (EventFilter(since="2016-01-10", until="2016-01-31"), {"Mosul"}),
    (EventFilter(bbox=(43.0, 33.0, 44.0, 34.0)), {"Ramadi"}),
    (EventFilter(text="STUDENTS"), {"Jakarta"}),
    (EventFilter(actor="islamic state"), {"Ramadi", "Mosul"}),
    (EventFilter(min_fatalities=5), {"Ramadi"}),
    (EventFilter(text="%"), set()),
    (EventFilter(country="Iraq' OR '1'='1"), set()),
])
def test_store_list_events_filters(store, flt, expected):
    _fill(store)
    rows = store.list_events(flt)
    assert {r["location"] for r in rows} == expected
    assert store.count_events(flt) == len(expected)


def test_store_list_events_orders_and_paginates(store):
    _fill(store)
    dates = [r["event_date"] for r in store.list_events(order="-event_date")]
    assert dates == sorted(dates, reverse=True)
    page2 = store.list_events(order="event_date", limit=1, offset=1)
    assert [r["event_date"] for r in page2] == ["2016-01-20"]
    with pytest.raises(StoreError):
        store.list_events(order="notes; DROP TABLE events")


def test_store_aggregate_by_type_country_and_week(store):
    _fill(store)
    by_type = {r["key"]: r["events"] for r in store.aggregate("event_type")}
    assert by_type == {"Explosions/Remote violence": 2, "Protests": 1}
    by_country = {r["key"]: r["fatalities"] for r in store.aggregate("country")}
    assert by_country == {"Iraq": 16, "Indonesia": 0}
    weeks = [r["key"] for r in store.aggregate("week")]
    assert weeks == ["2016-01-04", "2016-01-18", "2016-02-01"]  # Mondays
    assert [r["key"] for r in store.aggregate("day", EventFilter(country="IDN"))] == ["2016-02-01"]


def test_store_update_event_is_audited_and_survives_new_reports(store):
    r = store.add_document(meta("a", "page a"), [make_event("a")])
    eid = r.new_events[0]
    before, after = store.update_event(eid, {"fatalities": 30}, "analyst")
    assert before["fatalities"] == 12 and after["fatalities"] == 30
    store.add_document(meta("b", "page b"), [make_event("b", fatalities=10)])
    assert store.get_event(eid)["fatalities"] == 30  # the reviewer's figure is kept
    log = store.audit_log(eid)
    assert log[0]["user"] == "analyst" and log[0]["before"] == {"fatalities": 12}
    assert log[0]["after"] == {"fatalities": 30}


@pytest.mark.parametrize("changes", [{"id": 5}, {"fatalities": -1}, {"latitude": 123}, {"review_status": "maybe"},
                                     {"event_date": "yesterday"}, {"fatalities": "3; DROP TABLE events"}])
def test_store_update_event_refuses_bad_changes(store, changes):
    eid = store.add_document(meta("a", "page a"), [make_event("a")]).new_events[0]
    with pytest.raises(StoreError):
        store.update_event(eid, changes, "analyst")
    assert store.get_event(eid)["fatalities"] == 12


def test_store_review_status_and_filter(store):
    eid = store.add_document(meta("a", "page a"), [make_event("a")]).new_events[0]
    store.set_review_status(eid, "accepted", "analyst")
    assert store.count_events(EventFilter(review_status="accepted")) == 1
    assert store.audit_log()[0]["action"] == "review"


def test_store_split_reverses_a_merge_and_merge_redoes_it(store):
    eid = store.add_document(meta("a", "page a"), [make_event("a")]).new_events[0]
    store.add_document(meta("b", "page b"), [make_event("b", fatalities=20)])
    ev = store.get_event(eid)
    assert ev["n_sources"] == 2
    moved = ev["sources"][1]["source_id"]
    new = store.split_event(eid, [moved], "analyst")
    assert new["n_sources"] == 1 and new["fatalities"] == 20
    assert store.get_event(eid)["n_sources"] == 1 and store.get_event(eid)["fatalities"] == 12
    assert [m["action"] for m in store.merge_log(new["id"])] == ["split"]
    merged = store.merge_events([eid, new["id"]], "analyst")
    assert merged["n_sources"] == 2 and merged["fatalities"] == 12
    gone = store.get_event(new["id"])
    assert gone["status"] == "merged" and gone["merged_into"] == eid
    assert store.count_events() == 1
    with pytest.raises(StoreError):
        store.split_event(eid, [s["source_id"] for s in store.get_event(eid)["sources"]], "analyst")


def test_store_get_document_lists_its_events_and_text(store):
    r = store.add_document(meta("a", "Ramadi: jets struck.", url="https://example.org/a"), [make_event("a")])
    doc = store.get_document(r.document_id)
    assert doc["text"] == "Ramadi: jets struck." and doc["url"] == "https://example.org/a"
    assert doc["events"][0]["event_id"] == r.new_events[0]
    assert doc["events"][0]["evidence"] == {"location": [[0, 6]]}
    assert store.find_document("a")["id"] == r.document_id
    assert store.get_document(999) is None and store.get_event(999) is None


def test_store_iter_events_streams_all_with_sources(store):
    for i in range(7):
        store.add_document(meta(str(i), f"page {i}"), [make_event(str(i), event_date=f"2016-03-{10 + 2 * i}")])
    got = list(store.iter_events(with_sources=True, batch=3))
    assert len(got) == 7 and all(len(e["sources"]) == 1 for e in got)
    assert [e["id"] for e in got] == sorted(e["id"] for e in got)


def test_store_add_document_is_atomic(store, monkeypatch):
    calls = {"n": 0}
    real = type(store)._refresh_event

    def failing(self, cur, event_id):
        calls["n"] += 1
        raise RuntimeError("crash while storing")

    monkeypatch.setattr(type(store), "_refresh_event", failing)
    with pytest.raises(RuntimeError):
        store.add_document(meta("a", "page a"), [make_event("a"), make_event("a", location="Hit")])
    monkeypatch.setattr(type(store), "_refresh_event", real)
    assert calls["n"] == 1
    assert store.stats() == {"documents": 0, "errors": 0, "events": 0, "sources": 0, "merged_reports": 0}


def test_store_open_rejects_unknown_scheme():
    with pytest.raises(StoreError):
        open_store("mysql://localhost/x")
