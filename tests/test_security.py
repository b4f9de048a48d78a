"""Security of the API: SQL injection in every filter, oversize bodies, tokens, path traversal,
hostile hosts, and a schemathesis run against the OpenAPI document (no server errors)."""

from __future__ import annotations

import os
import uuid
from urllib.parse import quote

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from kabar.server import ServerConfig, create_app  # noqa: E402
from kabar.server.sample import fill_store  # noqa: E402
from kabar.store import open_store  # noqa: E402

TOKEN = "sec-token-" + "x" * 24
AUTH = {"Authorization": f"Bearer {TOKEN}"}
PG_URL = os.environ.get("KABAR_TEST_POSTGRES_URL")

INJECTIONS = [
    "' OR '1'='1",
    "Iraq' OR 1=1 --",
    "Iraq\" OR \"1\"=\"1",
    "'; DROP TABLE events; --",
    "1); DELETE FROM events; --",
    "%' UNION SELECT id, text FROM documents --",
    "Iraq' UNION SELECT sqlite_version() --",
    "\\' OR 1=1 #",
    "x') OR ('a'='a",
    "%%",
    "_",
    "' AND pg_sleep(2) --",
    "1 OR 1=1",
    "-1 UNION SELECT 1",
    "إرهاب' OR '1'='1",
]
STRING_FILTERS = ["country", "admin1", "event_type", "sub_event_type", "actor", "text"]
OTHER_FILTERS = ["since", "until", "bbox", "review_status", "document_id", "min_fatalities",
                 "limit", "offset", "order"]


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request, tmp_path_factory):
    """A sample store of each backend (PostgreSQL: a throw-away schema; skipped without a server)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('sec') / 'kabar.db'}"
        schema = None
    else:
        if not PG_URL:
            pytest.skip("KABAR_TEST_POSTGRES_URL not set (scripts/setup.d/20-postgres.sh starts a server)")
        psycopg = pytest.importorskip("psycopg")
        schema = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        url = PG_URL + ("&" if "?" in PG_URL else "?") + "options=" + quote(f"-csearch_path={schema}")
    with open_store(url) as store:
        fill_store(store, 120, seed=3)
    yield url
    if schema:
        import psycopg

        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(scope="module")
def client(store_url):
    with TestClient(create_app(ServerConfig(db=store_url, token=TOKEN, cache_seconds=0, max_body=64 * 1024)),
                    raise_server_exceptions=False) as c:
        yield c


# --- SQL injection -----------------------------------------------------------------------------

@pytest.mark.parametrize("endpoint", ["/api/events", "/api/events/points", "/api/aggregates"])
@pytest.mark.parametrize("name", STRING_FILTERS)
def test_sql_injection_in_text_filters_matches_nothing(client, endpoint, name):
    total = client.get("/api/events").json()["total"]
    for payload in INJECTIONS:
        r = client.get(endpoint, params={name: payload, **({"by": "country"} if "aggregates" in endpoint else {})})
        assert r.status_code == 200, (name, payload, r.text)
        body = r.json()
        n = sum(g["events"] for g in body["groups"]) if "groups" in body else body["total"]
        assert n == 0, f"{name}={payload!r} matched {n} events"
    assert client.get("/api/events").json()["total"] == total  # nothing dropped or deleted


@pytest.mark.parametrize("name", OTHER_FILTERS + ["by"])
def test_sql_injection_in_typed_parameters_is_refused(client, name):
    for payload in INJECTIONS:
        params = {name: payload} if name == "by" else {name: payload, "by": "country"}
        r = client.get("/api/aggregates" if name == "by" else "/api/events", params=params)
        assert r.status_code == 422, (name, payload, r.status_code, r.text)


def test_sql_injection_in_path_ids_is_refused(client):
    for payload in ["1 OR 1=1", "1;DROP TABLE events", "1' --", "-1", "0", str(2**64)]:
        assert client.get(f"/api/events/{quote(payload)}").status_code in (404, 422)
        assert client.get(f"/api/documents/{quote(payload)}").status_code in (404, 422)


def test_like_wildcards_are_literal(client):
    assert client.get("/api/events", params={"actor": "%"}).json()["total"] == 0
    assert client.get("/api/events", params={"text": "_"}).json()["total"] == 0
    assert client.get("/api/events", params={"actor": "Forces"}).json()["total"] > 0


def test_control_characters_in_filters_are_refused(client):
    for bad in ["Iraq\x00", "\x1b[31m", "a\x7f\x00b"]:
        assert client.get("/api/events", params={"country": bad}).status_code == 422


def test_review_body_injection_is_stored_as_text(client):
    ev = client.get("/api/events", params={"limit": 1, "order": "id"}).json()["items"][0]
    note = "'); DROP TABLE events; -- <script>alert(1)</script>"
    r = client.patch(f"/api/events/{ev['id']}", json={"changes": {"notes": note}}, headers=AUTH)
    assert r.status_code == 200 and r.json()["notes"] == note
    assert client.get("/api/events").json()["total"] > 0


# --- request size ------------------------------------------------------------------------------

def test_oversize_body_is_refused_before_parsing(client):
    big = "a" * (65 * 1024)
    r = client.post("/api/extract", json={"text": big})
    assert r.status_code == 413 and "larger than" in r.json()["detail"]
    r = client.patch("/api/events/1", content=b'{"changes": {"notes": "' + b"b" * 70_000 + b'"}}',
                     headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 413


def test_oversize_chunked_body_is_refused(client):
    def chunks():
        for _ in range(100):
            yield b"x" * 4096

    r = client.post("/api/extract", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413


def test_bad_content_length_is_refused(client):
    r = client.post("/api/extract", content=b"{}", headers={"Content-Length": "abc", "Content-Type": "application/json"})
    assert r.status_code == 400


def test_body_at_the_limit_is_accepted(client):
    body = b"{\"text\": \"" + b"a" * (64 * 1024 - 40) + b"\", \"lang\": \"xx\"}"
    assert len(body) <= 64 * 1024
    r = client.post("/api/extract", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code != 413


# --- tokens ------------------------------------------------------------------------------------

WRITES = [
    ("patch", "/api/events/1", {"changes": {"fatalities": 3}}),
    ("post", "/api/events/1/review", {"status": "accepted"}),
    ("post", "/api/events/merge", {"event_ids": [1, 2]}),
    ("post", "/api/events/1/split", {"source_ids": [1]}),
]


@pytest.mark.parametrize("method, path, body", WRITES)
@pytest.mark.parametrize("headers", [
    {},
    {"Authorization": "Bearer wrong-token"},
    {"Authorization": f"Bearer {TOKEN[:-1]}"},
    {"Authorization": f"Bearer {TOKEN}x"},
    {"Authorization": f"Basic {TOKEN}"},
    {"Authorization": TOKEN},
    {"Authorization": "Bearer "},
    {"Authorization": "Bearer \u00e9\u00e8\u00ea".encode("utf-8")},
    {"X-Kabar-Token": TOKEN},
])
def test_writes_without_the_right_token_are_401(client, method, path, body, headers):
    before = client.get("/api/audit").json()["items"]
    r = getattr(client, method)(path, json=body, headers=headers)
    assert r.status_code == 401, r.text
    assert client.get("/api/audit").json()["items"] == before


def test_token_in_query_string_is_not_accepted(client):
    r = client.post(f"/api/events/1/review?token={TOKEN}", json={"status": "accepted"})
    assert r.status_code == 401


def test_read_only_server_refuses_writes_with_403(store_url):
    with TestClient(create_app(ServerConfig(db=store_url, token=None))) as c:
        for method, path, body in WRITES:
            r = getattr(c, method)(path, json=body, headers={"Authorization": "Bearer anything"})
            assert r.status_code == 403 and "read-only" in r.json()["detail"]
        assert c.get("/api/events").status_code == 200


def test_reviewer_name_is_checked(client):
    r = client.post("/api/events/1/review", json={"status": "accepted"},
                    headers={**AUTH, "X-Kabar-User": "<img src=x onerror=alert(1)>"})
    assert r.status_code == 422


def test_auth_uses_constant_time_comparison():
    import inspect

    from kabar.server import auth

    assert "hmac.compare_digest" in inspect.getsource(auth.token_matches)
    assert auth.token_matches("abc", "abc") and not auth.token_matches("abc", "abd")
    assert not auth.token_matches("é", "e")


# --- static files ------------------------------------------------------------------------------

@pytest.mark.parametrize("path", [
    "/static/../app.py",
    "/static/%2e%2e/app.py",
    "/static/%2e%2e/%2e%2e/store/sql.py",
    "/static/..%2fapp.py",
    "/static/..%5capp.py",
    "/static/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc/passwd",
    "/static//etc/passwd",
    "/static/....//....//etc/passwd",
    "/static/%252e%252e/app.py",
    "/static/.gitignore/../../config.py",
    "/static/\u2025/app.py",
])
def test_static_path_traversal_is_404(client, path):
    r = client.get(path)
    assert r.status_code in (400, 404), (path, r.status_code)
    assert "create_app" not in r.text and "root:" not in r.text and "STATIC_DIR" not in r.text


def test_security_headers_on_every_answer(client):
    for path in ["/", "/api/events", "/api/events/999999", "/static/nothing.js"]:
        h = client.get(path).headers
        assert h["x-content-type-options"] == "nosniff"
        assert h["x-frame-options"] == "DENY"
        assert "default-src 'self'" in h["content-security-policy"]
        assert "access-control-allow-origin" not in h


def test_unknown_hosts_are_refused_when_bound_to_loopback(store_url):
    cfg = ServerConfig(db=store_url, allowed_hosts=["127.0.0.1", "localhost"])
    with TestClient(create_app(cfg), base_url="http://127.0.0.1:8000") as c:
        assert c.get("/api/health").status_code == 200
        assert c.get("/api/health", headers={"Host": "attacker.example"}).status_code == 400


def test_errors_do_not_leak_tracebacks(client):
    r = client.get("/api/events", params={"since": "2024-02-30"})
    assert r.status_code == 422 and "Traceback" not in r.text


# --- schemathesis ------------------------------------------------------------------------------

def test_schemathesis_no_server_errors(tmp_path):
    """Every operation of the OpenAPI document, fuzzed (positive and negative data), with and
    without the token: never a 5xx, and every answer matches its documented schema."""
    schemathesis = pytest.importorskip("schemathesis")
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import not_a_server_error, response_schema_conformance

    url = f"sqlite:///{tmp_path / 'kabar.db'}"
    with open_store(url) as store:
        fill_store(store, 60, seed=9)
    app = create_app(ServerConfig(db=url, token=TOKEN, cache_seconds=0))
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    operations = [r.ok() for r in schema.get_all_operations()]
    assert len(operations) >= 12
    for op in operations:
        @given(case=op.as_strategy())
        @settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def fuzz(case):
            for headers in ({}, {"Authorization": f"Bearer {TOKEN}", "X-Kabar-User": "fuzzer"}):
                case.call_and_validate(headers=headers, checks=[not_a_server_error, response_schema_conformance])

        fuzz()
