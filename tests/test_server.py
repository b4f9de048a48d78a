"""The API over a sample store: filters, pagination, one event, documents, aggregates, reviews."""

from __future__ import annotations

import datetime as dt
import time

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from kabar.records import Event  # noqa: E402
from kabar.server import ServerConfig, create_app  # noqa: E402
from kabar.server.sample import fill_store  # noqa: E402
from kabar.store import EventFilter, open_store  # noqa: E402

TOKEN = "test-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}", "X-Kabar-User": "Ana Reviewer"}


@pytest.fixture(scope="module")
def db_url(tmp_path_factory):
    """A read-only sample store shared by the read tests (about 250 events)."""
    path = tmp_path_factory.mktemp("server") / "kabar.db"
    with open_store(f"sqlite:///{path}") as store:
        fill_store(store, 300, seed=11)
    return f"sqlite:///{path}"


def _wait_for_index(c: TestClient) -> None:
    """Block until the app's event index is built (when it has one)."""
    index = c.app.state.kabar.index
    deadline = time.monotonic() + 30
    while index is not None and not index.ready:
        assert time.monotonic() < deadline, "event index not built in 30 s"
        time.sleep(0.02)


@pytest.fixture(scope="module", params=["store", "index"])
def client(request, db_url):
    """The read API answering from SQL (no index) and from the in-memory event index."""
    cfg = ServerConfig(db=db_url, token=None, cache_seconds=0, index=request.param == "index")
    with TestClient(create_app(cfg)) as c:
        _wait_for_index(c)
        yield c


@pytest.fixture(params=["store", "index"])
def writable(request, tmp_path):
    """A fresh small store and a client that may review (with TOKEN)."""
    url = f"sqlite:///{tmp_path / 'kabar.db'}"
    with open_store(url) as store:
        fill_store(store, 40, seed=5)
    with TestClient(create_app(ServerConfig(db=url, token=TOKEN, index=request.param == "index"))) as c:
        _wait_for_index(c)
        yield c


def _all(client, **params) -> list[dict]:
    out, offset = [], 0
    while True:
        page = client.get("/api/events", params={**params, "limit": 1000, "offset": offset}).json()
        out += page["items"]
        offset += 1000
        if offset >= page["total"]:
            return out


def test_health_counts_events_and_says_read_only(client, db_url):
    with open_store(db_url) as store:
        stats = store.stats()
    body = client.get("/api/health").json()
    assert body["status"] == "ok"
    assert body["events"] == stats["events"] > 200
    assert body["writable"] is False


def test_events_list_pages_without_overlap(client):
    p1 = client.get("/api/events", params={"limit": 20, "offset": 0}).json()
    p2 = client.get("/api/events", params={"limit": 20, "offset": 20}).json()
    assert p1["total"] == p2["total"] > 40
    assert len(p1["items"]) == len(p2["items"]) == 20
    assert not {e["id"] for e in p1["items"]} & {e["id"] for e in p2["items"]}
    dates = [e["event_date"] for e in p1["items"] + p2["items"]]
    assert dates == sorted(dates, reverse=True)


def test_events_list_orders_by_fatalities(client):
    items = client.get("/api/events", params={"order": "-fatalities", "limit": 30}).json()["items"]
    fat = [e["fatalities"] for e in items]
    assert fat == sorted(fat, reverse=True) and fat[0] > 0


@pytest.mark.parametrize("params, check", [
    ({"country": "Iraq"}, lambda e: e["country"] == "Iraq"),
    ({"country": "IRQ"}, lambda e: e["iso"] == "IRQ"),
    ({"country": "iraq"}, lambda e: e["country"] == "Iraq"),
    ({"admin1": "Papua"}, lambda e: e["admin1"] == "Papua"),
    ({"event_type": "Battles"}, lambda e: e["event_type"] == "Battles"),
    ({"sub_event_type": "Air/drone strike"}, lambda e: e["sub_event_type"] == "Air/drone strike"),
    ({"actor": "islamic state"}, lambda e: "islamic state" in (e["actor1"] + " " + (e["actor2"] or "")).lower()),
    ({"text": "Marawi"}, lambda e: "marawi" in " ".join(str(e[k]) for k in ("notes", "location", "admin1")).lower()),
    ({"since": "2024-01-01", "until": "2024-01-31"}, lambda e: "2024-01-01" <= e["event_date"] <= "2024-01-31"),
    ({"bbox": "95,-11,141,6"}, lambda e: 95 <= e["longitude"] <= 141 and -11 <= e["latitude"] <= 6),
])
def test_events_filter_returns_only_and_all_matches(client, db_url, params, check):
    items = _all(client, **params)
    assert items, f"sample store has no event for {params}"
    assert all(check(e) for e in items)
    everything = _all(client)
    assert len(items) == sum(1 for e in everything if check(e))


def test_events_filters_combine(client):
    both = _all(client, country="Indonesia", event_type="Riots")
    assert both and all(e["country"] == "Indonesia" and e["event_type"] == "Riots" for e in both)
    assert len(both) < len(_all(client, country="Indonesia"))


def test_points_cover_every_located_event(client):
    body = client.get("/api/events/points", params={"country": "Syria"}).json()
    syria = _all(client, country="Syria")
    assert body["fields"][:3] == ["id", "latitude", "longitude"]
    assert body["total"] == len(body["rows"]) == len(syria)
    assert {r[0] for r in body["rows"]} == {e["id"] for e in syria}
    assert body["truncated"] is False


def test_points_limit_truncates_and_says_so(client):
    body = client.get("/api/events/points", params={"limit": 10}).json()
    assert len(body["rows"]) == 10 and body["truncated"] is True and body["total"] > 10


def test_event_detail_has_sources_with_evidence_into_the_text(client):
    multi = client.get("/api/events", params={"order": "-n_sources", "limit": 1}).json()["items"][0]
    assert multi["n_sources"] >= 2, "the sample store should contain merged reports"
    ev = client.get(f"/api/events/{multi['id']}").json()
    assert len(ev["sources"]) == ev["n_sources"]
    assert ev["merge_log"]
    src = ev["sources"][0]
    doc = client.get(f"/api/documents/{src['document_id']}").json()
    start, end = src["evidence"]["location"][0]
    assert doc["text"][start:end] == ev["location"]
    assert src["snippets"]["location"] == [ev["location"]]


def test_document_spans_point_at_the_evidence(client):
    ev = client.get("/api/events", params={"min_fatalities": 1, "limit": 1}).json()["items"][0]
    doc_id = client.get(f"/api/events/{ev['id']}").json()["sources"][0]["document_id"]
    doc = client.get(f"/api/documents/{doc_id}").json()
    mine = [s for s in doc["spans"] if s["event_id"] == ev["id"]]
    fields = {s["field"] for s in mine}
    assert {"location", "event_date", "fatalities", "actor1"} <= fields
    fat = next(s for s in mine if s["field"] == "fatalities")
    assert "killed" in doc["text"][fat["start"]:fat["end"]]


def test_document_html_escapes_text_and_marks_spans(client):
    ev = client.get("/api/events", params={"limit": 1}).json()["items"][0]
    doc_id = client.get(f"/api/events/{ev['id']}").json()["sources"][0]["document_id"]
    r = client.get(f"/api/documents/{doc_id}/html", params={"event_id": ev["id"]})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert f'<mark data-fields="location">{ev["location"]}</mark>' in r.text
    assert "<script" not in r.text


def test_missing_event_and_document_are_404(client):
    assert client.get("/api/events/999999").status_code == 404
    assert client.get("/api/documents/999999").status_code == 404


def test_aggregates_by_type_add_up_to_the_total(client):
    total = client.get("/api/events", params={"limit": 1}).json()["total"]
    groups = client.get("/api/aggregates", params={"by": "event_type"}).json()["groups"]
    assert sum(g["events"] for g in groups) == total
    assert {"Battles", "Protests"} <= {g["key"] for g in groups}


def test_aggregates_by_week_start_on_mondays(client):
    groups = client.get("/api/aggregates", params={"by": "week", "country": "Iraq"}).json()["groups"]
    assert groups and all(dt.date.fromisoformat(g["key"]).weekday() == 0 for g in groups if g["key"])
    assert sum(g["events"] for g in groups) == len(_all(client, country="Iraq"))


def test_aggregates_by_day_sum_fatalities(client):
    groups = client.get("/api/aggregates", params={"by": "day", "since": "2023-06-01", "until": "2023-06-30"}).json()
    events = _all(client, since="2023-06-01", until="2023-06-30")
    assert sum(g["fatalities"] for g in groups["groups"]) == sum(e["fatalities"] for e in events)


def test_review_edit_fatalities_is_audited(writable):
    ev = writable.get("/api/events", params={"limit": 1}).json()["items"][0]
    r = writable.patch(f"/api/events/{ev['id']}", json={"changes": {"fatalities": ev["fatalities"] + 7}}, headers=AUTH)
    assert r.status_code == 200, r.text
    assert r.json()["fatalities"] == ev["fatalities"] + 7
    # The read cache must not hide the edit.
    assert writable.get(f"/api/events/{ev['id']}").json()["fatalities"] == ev["fatalities"] + 7
    entry = writable.get("/api/audit", params={"event_id": ev["id"]}).json()["items"][0]
    assert entry["user"] == "Ana Reviewer" and entry["action"] == "edit"
    assert entry["before"] == {"fatalities": ev["fatalities"]}
    assert entry["after"] == {"fatalities": ev["fatalities"] + 7}
    assert entry["at"].startswith(str(dt.date.today().year))


def test_review_accept_and_reject_set_the_status(writable):
    ev = writable.get("/api/events", params={"limit": 1}).json()["items"][0]
    assert writable.post(f"/api/events/{ev['id']}/review", json={"status": "accepted"}, headers=AUTH).json()["review_status"] == "accepted"
    assert writable.get("/api/events", params={"review_status": "accepted"}).json()["total"] == 1
    assert writable.post(f"/api/events/{ev['id']}/review", json={"status": "rejected"}, headers=AUTH).json()["review_status"] == "rejected"
    actions = [a["action"] for a in writable.get("/api/audit").json()["items"]]
    assert actions[:2] == ["review", "review"]


def test_review_merge_then_split_restores_two_events(writable):
    a, b = writable.get("/api/events", params={"limit": 2, "order": "id"}).json()["items"]
    before = writable.get("/api/health").json()["events"]
    b_docs = {x["document_id"] for x in writable.get(f"/api/events/{b['id']}").json()["sources"]}
    merged = writable.post("/api/events/merge", json={"event_ids": [a["id"], b["id"]]}, headers=AUTH)
    assert merged.status_code == 200, merged.text
    assert merged.json()["id"] == a["id"] and merged.json()["n_sources"] == a["n_sources"] + b["n_sources"]
    assert writable.get("/api/health").json()["events"] == before - 1
    sources = writable.get(f"/api/events/{a['id']}").json()["sources"]
    moved = [s["source_id"] for s in sources if s["document_id"] in b_docs]
    split = writable.post(f"/api/events/{a['id']}/split", json={"source_ids": moved}, headers=AUTH)
    assert split.status_code == 200, split.text
    assert split.json()["n_sources"] == len(moved)
    assert writable.get("/api/health").json()["events"] == before
    assert [x["action"] for x in writable.get("/api/audit").json()["items"][:2]] == ["split", "merge"]


def test_review_refusals_are_clear_4xx(writable):
    ev = writable.get("/api/events", params={"limit": 1}).json()["items"][0]
    assert writable.patch(f"/api/events/{ev['id']}", json={"changes": {"fatalities": -1}}, headers=AUTH).status_code == 422
    assert writable.patch(f"/api/events/{ev['id']}", json={"changes": {"event_type": "Picnic"}}, headers=AUTH).status_code == 422
    assert writable.patch(f"/api/events/{ev['id']}", json={"changes": {"id": 5}}, headers=AUTH).status_code == 422
    assert writable.patch(f"/api/events/{ev['id']}", json={"changes": {}}, headers=AUTH).status_code == 422
    assert writable.patch("/api/events/999999", json={"changes": {"fatalities": 1}}, headers=AUTH).status_code == 404
    r = writable.post(f"/api/events/{ev['id']}/split", json={"source_ids": [999999]}, headers=AUTH)
    assert r.status_code == 400 and "not sources" in r.json()["detail"]


def test_extract_returns_events_and_stores_nothing(writable, monkeypatch):
    import kabar

    def fake_extract(text, published=None, lang=None, url=None, doc_id="text"):
        i = text.index("Kirkuk")
        return [Event(doc_id=doc_id, event_date=published, event_type="Battles", sub_event_type="Armed clash",
                      location="Kirkuk", evidence={"location": [(i, i + 6)]})]

    monkeypatch.setattr(kabar, "extract", fake_extract)
    before = writable.get("/api/health").json()
    r = writable.post("/api/extract", json={"text": "Gunmen clashed with police in Kirkuk.", "published": "2024-03-02"})
    assert r.status_code == 200, r.text
    events = r.json()["events"]
    assert events[0]["location"] == "Kirkuk" and events[0]["evidence"]["location"] == [[30, 36]]
    assert events[0]["event_date"] == "2024-03-02"
    assert writable.get("/api/health").json()["events"] == before["events"]


def test_extract_refuses_bad_hints(writable):
    assert writable.post("/api/extract", json={"text": ""}).status_code == 422
    assert writable.post("/api/extract", json={"text": "x", "published": "yesterday"}).status_code == 422
    assert writable.post("/api/extract", json={"text": "x", "lang": "english"}).status_code == 422


def test_dashboard_page_and_assets_are_served(client):
    r = client.get("/")
    assert r.status_code == 200 and "kabar" in r.text
    assert "content-security-policy" in r.headers and r.headers["x-content-type-options"] == "nosniff"
    if "static/app.js" in r.text:  # built dashboard (scripts/setup.d/30-frontend.sh)
        js = client.get("/static/app.js")
        assert js.status_code == 200 and "javascript" in js.headers["content-type"]
        shapes = client.get("/static/countries.json", headers={"Accept-Encoding": "gzip"})
        assert shapes.status_code == 200 and shapes.json()["type"] == "Topology"


def test_openapi_documents_every_endpoint(client):
    spec = client.get("/api/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/events", "/api/events/points", "/api/events/{event_id}", "/api/documents/{document_id}",
            "/api/aggregates", "/api/extract", "/api/events/merge", "/api/events/{event_id}/split",
            "/api/events/{event_id}/review", "/api/audit"} <= paths
    assert "patch" in spec["paths"]["/api/events/{event_id}"]
    assert "HTTPBearer" in spec["components"]["securitySchemes"]


def test_cache_serves_repeats_and_clears_on_write(writable):
    state = writable.app.state.kabar
    writable.get("/api/aggregates", params={"by": "country"})
    assert state.cache.get("agg|country|[]") is not None
    ev = writable.get("/api/events", params={"limit": 1}).json()["items"][0]
    writable.post(f"/api/events/{ev['id']}/review", json={"status": "accepted"}, headers=AUTH)
    assert state.cache.get("agg|country|[]") is None


def test_store_filter_matches_api(client, db_url):
    with open_store(db_url) as store:
        n = store.count_events(EventFilter(country="Mali", event_type="Battles"))
    assert client.get("/api/events", params={"country": "Mali", "event_type": "Battles"}).json()["total"] == n


def test_events_of_one_document(client):
    ev = client.get("/api/events", params={"order": "-n_sources", "limit": 1}).json()["items"][0]
    doc_id = client.get(f"/api/events/{ev['id']}").json()["sources"][0]["document_id"]
    items = client.get("/api/events", params={"document_id": doc_id}).json()["items"]
    doc_events = {e["event_id"] for e in client.get(f"/api/documents/{doc_id}").json()["events"]}
    assert ev["id"] in {e["id"] for e in items} and {e["id"] for e in items} == doc_events
