"""The dashboard in a real headless Chromium (Debian's, driven by Playwright; no browser download).

Open it on a store, filter by country, brush the timeline, sort the table, open an event, see the
evidence highlighted in the source page, edit the fatalities with the token, see the audit entry.
Also: the self-contained report renders offline. Set KABAR_UPDATE_SCREENSHOT=1 to refresh
docs/img/dashboard.png from this run.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
uvicorn = pytest.importorskip("uvicorn")
sync_api = pytest.importorskip("playwright.sync_api")

from kabar.server import ServerConfig, create_app  # noqa: E402
from kabar.server.config import STATIC_DIR  # noqa: E402
from kabar.server.sample import fill_store  # noqa: E402
from kabar.store import open_store  # noqa: E402

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "dev" / "articles.jsonl"
TOKEN = "browser-token-0123456789abcdef"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]


def _chromium() -> str:
    for c in (os.environ.get("KABAR_TEST_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if c and os.access(c, os.X_OK):
            return c
    pytest.skip("no chromium (scripts/setup.d/40-chromium.sh installs Debian's)")


@pytest.fixture(scope="module")
def browser():
    if not (STATIC_DIR / "app.js").is_file():
        pytest.skip("dashboard not built (scripts/setup.d/30-frontend.sh builds it with npm)")
    path = _chromium()
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class _Server:
    """uvicorn serving an app on a free loopback port, in a thread of this process."""

    def __init__(self, app):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("test server did not start")
            time.sleep(0.05)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(timeout=10)


def _serve(url: str):
    return _Server(create_app(ServerConfig(db=url, token=TOKEN, title="sample store",
                                           allowed_hosts=["127.0.0.1", "localhost"])))


@pytest.fixture(scope="module")
def sample_url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('dash') / 'kabar.db'}"
    with open_store(url) as store:
        fill_store(store, 500, seed=21)
    return url


def _page(browser, errors):
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    # A 401 is expected once: the walk-through tries a wrong token on purpose.
    page.on("console", lambda m: errors.append(f"console {m.type}: {m.text}")
            if m.type == "error" and "401 (Unauthorized)" not in m.text else None)
    page.set_default_timeout(20_000)
    return page


def _table_count(page) -> int:
    text = page.locator("#table-count").inner_text()
    return int(text.split(" of ")[1].split()[0].replace(",", ""))


def _wait_count_change(page, old: int) -> int:
    page.wait_for_function(f"() => !document.querySelector('#table-count').textContent.includes('of {old:,} ')")
    return _table_count(page)


def _api(page, base: str, path: str):
    return json.loads(page.request.get(base + path).text())


def review_flow(page, base: str, country: str, shot: Path | None = None) -> None:
    """The acceptance walk-through on any store (sample or ingested from the dev pages)."""
    page.goto(base + "/")
    page.wait_for_selector("#events-table tbody tr[data-id]")
    page.wait_for_selector(".leaflet-overlay-pane canvas")  # countries and events drawn
    total = _table_count(page)
    assert total == _api(page, base, "/api/events?limit=1")["total"]

    # Filter by country: the table and the map only show that country's events.
    page.select_option("#f-country", value=country)
    n = _wait_count_change(page, total)
    expected = _api(page, base, f"/api/events?limit=1&country={country}")["total"]
    assert 0 < n == expected < total
    countries = page.locator("#events-table tbody tr td:nth-child(7)").all_inner_texts()
    assert countries and set(countries) == {country}
    page.wait_for_function("() => document.querySelector('#status').textContent.includes('on the map')")

    # Open the event with the most fatalities (sort the table by fatalities first).
    page.click("#events-table th[data-key=fatalities]")
    page.wait_for_function("() => document.querySelector('#events-table th[data-key=fatalities]').textContent.includes('▼')")
    page.wait_for_timeout(300)
    fat = [int(x.replace(",", "") or 0) for x in page.locator("#events-table tbody tr td:nth-child(10)").all_inner_texts()]
    assert fat == sorted(fat, reverse=True)
    row = page.locator("#events-table tbody tr[data-id]").first
    event_id = int(row.get_attribute("data-id"))
    row.click()
    page.wait_for_selector("#event-panel mark.evidence")
    event = _api(page, base, f"/api/events/{event_id}")
    marks = page.locator("#doc-text mark.evidence")
    assert marks.count() >= 1
    texts = marks.all_inner_texts()
    spans = event["sources"][0]["evidence"]
    doc = _api(page, base, f"/api/documents/{event['sources'][0]['document_id']}")
    for field, lst in spans.items():
        for a, b in lst:
            assert any(doc["text"][a:b] in t or t in doc["text"][a:b] for t in texts), (field, doc["text"][a:b])
    review_buttons = page.locator("#btn-edit")
    assert review_buttons.is_disabled()  # read-only until the token is given

    # A wrong token is refused; the right one unlocks the review buttons.
    page.fill("#reviewer", "Playwright Reviewer")
    page.fill("#token", "not-the-token")
    page.click("#token-save")
    page.wait_for_function("() => document.querySelector('#token-state').textContent.includes('wrong')")
    page.fill("#token", TOKEN)
    page.click("#token-save")
    page.wait_for_function("() => document.querySelector('#token-state').textContent.includes('can review')")
    page.wait_for_selector("#btn-edit:not([disabled])")

    # Edit the fatalities; the panel, the API and the audit log show the change.
    old = event["fatalities"]
    new = old + 3
    page.click("#btn-edit")
    page.fill("#edit-fatalities", str(new))
    page.click("#form-save")
    page.wait_for_function(f"() => document.querySelector('#ev-fatalities').textContent === '{new}'")
    page.wait_for_selector("#audit-list li")
    entry = page.locator("#audit-list li").first.inner_text()
    assert "edit" in entry and "Playwright Reviewer" in entry and f"fatalities: {old} → {new}" in entry
    assert _api(page, base, f"/api/events/{event_id}")["fatalities"] == new
    audit = _api(page, base, f"/api/audit?event_id={event_id}")["items"][0]
    assert audit["user"] == "Playwright Reviewer" and audit["before"] == {"fatalities": old}
    assert audit["after"] == {"fatalities": new}
    if shot is not None:
        page.screenshot(path=str(shot))


def test_dashboard_filter_open_event_edit_with_token(browser, sample_url, tmp_path):
    errors: list[str] = []
    page = _page(browser, errors)
    shot = tmp_path / "dashboard.png"
    with _serve(sample_url) as base:
        review_flow(page, base, "Indonesia", shot)
    assert shot.stat().st_size > 50_000
    assert not errors, errors  # no script errors, no CSP violations
    if os.environ.get("KABAR_UPDATE_SCREENSHOT"):
        (ROOT / "docs" / "img").mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, ROOT / "docs" / "img" / "dashboard.png")
    page.close()


def test_dashboard_timeline_brush_filters_map_and_table(browser, sample_url):
    errors: list[str] = []
    page = _page(browser, errors)
    with _serve(sample_url) as base:
        page.goto(base + "/")
        page.wait_for_selector("#events-table tbody tr[data-id]")
        total = _table_count(page)
        box = page.locator(".brush-overlay").bounding_box()
        y = box["y"] + box["height"] / 2
        page.mouse.move(box["x"] + box["width"] * 0.30, y)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] * 0.45, y, steps=5)
        page.mouse.up()
        n = _wait_count_change(page, total)
        assert 0 < n < total
        label = page.locator(".brush-label").inner_text().strip(" ·")
        since, until = [s.strip() for s in label.split("–")]
        assert n == _api(page, base, f"/api/events?limit=1&since={since}&until={until}")["total"]
        on_map = int(page.locator("#status").inner_text().split()[0].replace(",", ""))
        located = _api(page, base, f"/api/events/points?since={since}&until={until}")["total"]
        assert on_map == located < total
        page.click("#clear-brush")
        assert _wait_count_change(page, n) == total
    assert not errors, errors
    page.close()


def test_report_renders_offline(browser, sample_url, tmp_path):
    from kabar.report import build_report

    with open_store(sample_url) as store:
        html, stats = build_report(store, limit=300, title="Sample report")
    out = tmp_path / "report.html"
    out.write_text(html, encoding="utf-8")
    errors: list[str] = []
    requests: list[str] = []
    page = _page(browser, errors)
    page.on("request", lambda r: requests.append(r.url))
    page.goto(out.as_uri())
    page.wait_for_selector("#events-table tbody tr[data-id]")
    page.wait_for_selector(".leaflet-overlay-pane canvas")
    assert _table_count(page) == stats["events"] == 300
    assert page.locator("#subtitle").inner_text() == "Sample report"
    page.select_option("#f-country", value="Iraq")
    n = _wait_count_change(page, 300)
    assert 0 < n < 300
    page.locator("#events-table tbody tr[data-id]").first.click()
    page.wait_for_selector("#event-panel .snippets mark.evidence")
    assert page.locator("#btn-edit").count() == 0  # a report cannot review
    assert all(u.startswith(("file:", "data:")) for u in requests), requests
    assert not errors, errors
    page.close()


@pytest.mark.benchdata
def test_dashboard_on_store_ingested_from_dev_pages(browser, tmp_path):
    if not DATA.is_file():
        pytest.skip("../shared/data not present: benchmark data tests skipped")
    from kabar.cli import main

    url = f"sqlite:///{tmp_path / 'dev.db'}"
    rc = main(["ingest", str(DATA), "--db", url])  # 1 when some pages fail: their errors are stored
    with open_store(url) as store:
        countries = store.aggregate("country")
        errors_stored = store.stats()["errors"]
    located = [g for g in countries if g["key"] and g["events"] >= 2]
    if not located:
        pytest.skip(f"ingest (rc {rc}, {errors_stored} page errors) gave no country with two events")
    country = max(located, key=lambda g: g["events"])["key"]
    errors: list[str] = []
    page = _page(browser, errors)
    with _serve(url) as base:
        review_flow(page, base, country)
    assert not errors, errors
    page.close()
