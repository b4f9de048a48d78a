"""Batch ingest: idempotent, resumable after kill -9, bad pages stored and listed, WARC input."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kabar.ingest import ingest, iter_inputs
from kabar.store import open_store
from test_ingest_fake import FakePipeline
from test_store import store_url  # noqa: F401  (fixture: a store URL per backend)

TESTS = Path(__file__).parent
PLACES = [("Ramadi", 33.42, 43.30), ("Fallujah", 33.35, 43.78), ("Hit", 33.64, 42.83), ("Haditha", 34.14, 42.38)]


def write_corpus(root: Path, n: int = 40) -> Path:
    """n pages; every event is told by ~3 pages (so de-duplication has work), plus bad inputs."""
    pages = root / "pages"
    pages.mkdir()
    for i in range(n):
        place, lat, lon = PLACES[(i // 3) % len(PLACES)]
        day = 1 + (i // 3) // len(PLACES)
        jitter = 0.01 * (i % 3)
        (pages / f"p{i:03d}.txt").write_text(
            f"Dispatch number {i} from our correspondent.\n"
            f"EVENT|2016-03-{day:02d}|Armed clash|{place}|{lat + jitter:.3f}|{lon:.3f}|{2 + i % 3}|"
            f"Military Forces of Iraq|Islamic State (ISIS)\nMore later.\n", encoding="utf-8")
    (pages / "p500_bad.txt").write_bytes(b"\x00\x01\x02\x03 not text")
    (pages / "p501_boom.txt").write_text("BOOM: this page breaks the extractor\n", encoding="utf-8")
    (pages / "p502.jsonl").write_text(
        json.dumps({"id": "j1", "text": "EVENT|2016-04-02|Peaceful protest|Ramadi|33.42|43.30|0|Protesters (Iraq)|\n"})
        + "\n{not json\n", encoding="utf-8")
    return pages


def snapshot(url: str) -> dict:
    """The store's content without ids or timestamps (which legitimately differ between runs)."""
    with open_store(url) as s:
        docs = {}
        for ev in s.iter_events(with_sources=True):
            key = tuple(sorted(src["doc_key"] for src in ev["sources"]))
            docs[key] = (ev["event_date"], ev["sub_event_type"], ev["location"], ev["fatalities"], ev["n_sources"],
                         ev["fatalities_note"])
        st = s.stats()
        errs = sorted(e["error"] for e in s.errors())
    return {"events": docs, "stats": st, "errors": errs}


def _cli(args: list[str], delay: float = 0.0) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(TESTS) + os.pathsep + os.environ.get("PYTHONPATH", ""),
               KABAR_FAKE_DELAY=str(delay))
    return subprocess.Popen([sys.executable, "-m", "kabar.cli", "ingest", *args, "--no-progress",
                             "--pipeline", "test_ingest_fake:make_pipeline"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_ingest_second_run_adds_nothing(store_url, tmp_path):  # noqa: F811
    pages = write_corpus(tmp_path, 12)
    with open_store(store_url) as s:
        first = ingest(iter_inputs([str(pages)]), s, FakePipeline(), progress=False)
        second = ingest(iter_inputs([str(pages)]), s, FakePipeline(), progress=False)
        stats = s.stats()
    assert first.added == 13 and first.errors == 3 and first.events_merged > 0
    assert second.added == 0 and second.errors == 0 and second.exists == first.pages
    assert stats["documents"] == 16 and stats["errors"] == 3


def test_ingest_kill_9_then_rerun_equals_uninterrupted_run(store_url, tmp_path):  # noqa: F811
    pages = write_corpus(tmp_path, 40)
    clean_url = f"sqlite:///{tmp_path / 'clean.db'}"
    proc = _cli([str(pages), "--db", clean_url])
    assert proc.wait(timeout=120) == 1  # the bad inputs make it exit non-zero
    proc = _cli([str(pages), "--db", store_url], delay=0.05)
    deadline = time.time() + 60
    stored = 0
    while time.time() < deadline and stored < 10:  # wait until part of the corpus is in
        time.sleep(0.1)
        with open_store(store_url) as s:
            stored = s.stats()["documents"]
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    with open_store(store_url) as s:
        partial = s.stats()["documents"]
    assert 10 <= partial < 44, "the kill should land mid-way"
    rerun = _cli([str(pages), "--db", store_url])
    _, err = rerun.communicate(timeout=120)
    assert b"already stored" in err
    assert snapshot(store_url) == snapshot(clean_url)
    again = _cli([str(pages), "--db", store_url])
    assert again.wait(timeout=120) == 0  # nothing new, nothing failed
    assert snapshot(store_url) == snapshot(clean_url)


def test_ingest_cli_errors_command_lists_bad_pages(tmp_path):
    pages = write_corpus(tmp_path, 3)
    url = f"sqlite:///{tmp_path / 'k.db'}"
    proc = _cli([str(pages), "--db", url])
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 1 and b"3 page(s) failed" in err
    out = subprocess.run([sys.executable, "-m", "kabar.cli", "errors", "--db", url], capture_output=True,
                         text=True, check=True).stdout
    assert "p500_bad.txt: binary file" in out
    assert "p501_boom.txt: extraction failed: RuntimeError" in out
    assert "p502.jsonl:2: malformed JSON line" in out
    assert "3 page(s) with errors" in out


def test_ingest_cli_events_explain_and_export(tmp_path):
    pages = write_corpus(tmp_path, 6)
    url = f"sqlite:///{tmp_path / 'k.db'}"
    _cli([str(pages), "--db", url]).wait(timeout=60)

    def kabar(*args: str) -> str:
        return subprocess.run([sys.executable, "-m", "kabar.cli", *args, "--db", url], capture_output=True,
                              text=True, check=True).stdout

    rows = [json.loads(line) for line in kabar("events", "--country", "IRQ", "--type", "Battles").splitlines()]
    assert {r["location"] for r in rows} == {"Ramadi", "Fallujah"} and all(r["n_sources"] == 3 for r in rows)
    assert kabar("events", "--bbox", "43.5,33,44,34", "--count").strip() == "1"
    explained = kabar("explain", str(rows[0]["id"]))
    assert "3 source(s)" in explained and "merged (score" in explained and "same date" in explained
    csv_text = kabar("export", "--format", "acled-csv")
    header = csv_text.splitlines()[0].split(",")
    assert header[:3] == ["event_id_cnty", "event_date", "year"] and header[30] == "timestamp"
    assert len(csv_text.splitlines()) == 1 + 3
    geo = json.loads(kabar("export", "--format", "geojson"))
    assert len(geo["features"]) == 3 and geo["features"][0]["geometry"]["type"] == "Point"
    assert len(kabar("export", "--format", "jsonl").splitlines()) == 3
    pq = pytest.importorskip("pyarrow.parquet")
    kabar("export", "--format", "parquet", "-o", str(tmp_path / "e.parquet"))
    table = pq.read_table(tmp_path / "e.parquet")
    assert table.num_rows == 3 and table.column_names[0] == "event_id_cnty"
    split = kabar("explain", str(rows[0]["id"]), "--split", str(
        json.loads(kabar("explain", str(rows[0]["id"]), "--json"))["sources"][0]["source_id"]))
    assert "moved to new event" in split and "2 source(s)" in split


def test_ingest_reads_warc_pages(tmp_path):
    warcio = pytest.importorskip("warcio")
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        bodies = [("http://news.example/a", "text/plain",
                   b"Dispatch.\nEVENT|2016-03-01|Armed clash|Hit|33.64|42.83|2|Military Forces of Iraq|\n"),
                  ("http://news.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n\x00\x00"),
                  ("http://news.example/b", "text/html",
                   b"<html><body><article><p>Warga berkumpul di alun-alun kota pada pagi hari dan menyanyikan "
                   b"lagu bersama sebelum membubarkan diri dengan tertib.</p></article></body></html>")]
        for url, ctype, body in bodies:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))
    items = list(iter_inputs([str(path)]))
    assert [getattr(p, "url", None) for p in items] == ["http://news.example/a", "http://news.example/b"]
    assert "alun-alun" in items[1].text and "<p>" not in items[1].text
    with open_store(f"sqlite:///{tmp_path / 'k.db'}") as s:
        rep = ingest(iter(items), s, FakePipeline(), progress=False)
        assert rep.added == 2 and s.list_events()[0]["location"] == "Hit"


def test_ingest_damaged_warc_is_one_error(tmp_path):
    pytest.importorskip("warcio")
    path = tmp_path / "broken.warc"
    path.write_bytes(b"this is not a warc file at all\n" * 3)
    items = list(iter_inputs([str(path)]))
    assert len(items) == 1 and "broken.warc" in str(items[0])


DEV = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "dev" / "articles.jsonl"


@pytest.mark.benchdata
def test_ingest_dev_pages_twice_second_run_adds_nothing(tmp_path):
    if not DEV.exists():
        pytest.skip("../shared/data not present: benchmark data tests skipped")
    url = f"sqlite:///{tmp_path / 'dev.db'}"

    def run() -> str:
        proc = subprocess.run([sys.executable, "-m", "kabar.cli", "ingest", str(DEV), "--db", url, "--no-progress"],
                              capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stderr[-2000:]
        return proc.stderr

    first = run()
    with open_store(url) as s:
        before = snapshot(url)
        assert s.stats()["documents"] == 51 and s.stats()["events"] > 0
    second = run()
    assert "0 added, 51 already stored" in second and "51 added" in first
    assert snapshot(url) == before


class _BadEventPipeline:
    """An extractor returning an event whose fields cannot be stored."""

    def process(self, page):
        from kabar.records import Event, PageResult

        return PageResult(doc_id=page.doc_id, events=[Event(doc_id=page.doc_id, event_date="someday",
                                                            latitude="north", longitude=1.0)])


def test_ingest_unstorable_event_is_a_page_error_not_a_crash(tmp_path):
    from kabar.records import Page

    with open_store(f"sqlite:///{tmp_path / 'k.db'}") as s:
        rep = ingest(iter([Page(doc_id="p", text="some text", origin="p.txt")]), s, _BadEventPipeline(),
                     progress=False)
        assert rep.errors == 1 and "p.txt: cannot store its events" in s.errors()[0]["error"]
        assert s.stats()["events"] == 0
