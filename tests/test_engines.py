"""Engines: the executor contract, input sharding, the local engine, and the Ray engine's parity."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from kabar.engines import ENGINES, Outcome, PrecomputedPipeline, get_engine
from kabar.engines.sources import iter_shard_pages, plan_shards
from kabar.errors import ConfigError, InputError
from kabar.readers import iter_pages
from kabar.records import Event, Page, PageResult

# Ray's own deprecation notices (its DataContext), not ours.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.data.context")

WORDS = {"serangan": "Attack", "ledakan": "Remote explosive/landmine/IED", "bentrok": "Armed clash"}


class FakePipeline:
    """A stand-in for kabar's pipeline: one event per trigger word found, deterministic."""

    def process(self, page: Page) -> PageResult:
        if "BOOM" in page.text:
            raise ValueError("fake pipeline bug")
        events = []
        low = page.text.lower()
        for word, sub in WORDS.items():
            at = low.find(word)
            if at >= 0:
                events.append(Event(doc_id=page.doc_id, event_id=f"{page.doc_id}#{len(events)}",
                                    sub_event_type=sub, evidence={"sub_event_type": [(at, at + len(word))]}))
        return PageResult(doc_id=page.doc_id, events=events)


def fake_pipeline() -> FakePipeline:
    return FakePipeline()


FAKE = f"{__name__}:fake_pipeline"


def _key(item: Page | InputError) -> tuple:
    if isinstance(item, InputError):
        return ("error", item.where, item.message)
    return (item.doc_id, item.origin, item.text, item.published, item.url, item.title)


def _events(outcomes: list[Outcome]) -> list[tuple]:
    out = []
    for o in outcomes:
        if isinstance(o.item, InputError):
            out.append(("error", o.item.where, o.item.message))
            continue
        assert o.result is not None
        out.append((o.item.doc_id, o.result.error, [e.to_dict() for e in o.result.events]))
    return out


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A JSONL corpus of our own with a blank line, a malformed line, an id-less page, a crash page."""
    lines = []
    for i in range(120):
        word = ("serangan", "ledakan", "bentrok", "pasar")[i % 4]
        lines.append(json.dumps({"id": f"p{i}", "text": f"Berita ke-{i}: {word} di kota {i}. " * 20,
                                 "published": "2016-01-0%d" % (1 + i % 9), "url": f"https://x.test/{i}"}))
        if i == 40:
            lines.append("")
        if i == 60:
            lines.append("{not json")
        if i == 80:
            lines.append(json.dumps({"text": "tanpa id: serangan kecil"}))
        if i == 100:
            lines.append(json.dumps({"id": "crash", "text": "BOOM"}))
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_get_engine_unknown_name_raises_config_error():
    with pytest.raises(ConfigError, match="unknown engine 'spark'"):
        get_engine("spark")
    assert set(ENGINES) == {"local", "ray"}


def test_get_engine_default_is_local(monkeypatch):
    monkeypatch.delenv("KABAR_ENGINE", raising=False)
    assert get_engine().name == "local"


def test_shards_jsonl_byte_ranges_read_like_the_reader(corpus: Path):
    shards = list(plan_shards([str(corpus)], bytes_per_shard=2_000))
    assert len(shards) > 10
    assert [s.kind for s in shards] == ["jsonl"] * len(shards)
    assert [_key(x) for x in iter_shard_pages(shards)] == [_key(x) for x in iter_pages([str(corpus)])]


def test_shards_directory_of_files_keeps_reader_order(tmp_path: Path):
    d = tmp_path / "pages"
    (d / "b").mkdir(parents=True)
    for name in ("z.txt", "a.txt", "b/m.txt", ".hidden.txt"):
        (d / name).write_text(f"Halaman {name}: bentrok warga.", encoding="utf-8")
    (d / "empty.txt").write_text("", encoding="utf-8")
    shards = list(plan_shards([str(d)], pages_per_shard=2))
    assert all(s.kind == "files" for s in shards) and len(shards) == 2
    assert [_key(x) for x in iter_shard_pages(shards)] == [_key(x) for x in iter_pages([str(d)])]


def test_shards_warc_files_get_a_shard_each(tmp_path: Path):
    names = ["a.txt", "b.warc.gz", "c.txt", "d.txt", "e.warc"]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    shards = list(plan_shards([str(tmp_path / n) for n in names], pages_per_shard=10))
    assert [[Path(f).name for f in s.files] for s in shards] == [["a.txt"], ["b.warc.gz"], ["c.txt", "d.txt"], ["e.warc"]]


def test_shards_missing_path_is_reported_as_input_error(tmp_path: Path):
    items = list(iter_shard_pages(plan_shards([str(tmp_path / "nope.jsonl")])))
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert "no such file" in items[0].message


def test_shards_parquet_rows_become_pages(tmp_path: Path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "pages.parquet"
    rows = {"id": [f"q{i}" for i in range(25)], "text": [f"Laporan {i}: ledakan." for i in range(25)],
            "published": ["2020-05-0%d" % (1 + i % 9) for i in range(25)]}
    pq.write_table(pa.table(rows), path, row_group_size=4)
    shards = list(plan_shards([str(path)], pages_per_shard=10))
    assert [s.kind for s in shards] == ["parquet"] * 3
    pages = list(iter_shard_pages(shards))
    assert [p.doc_id for p in pages] == rows["id"]
    assert pages[0].origin == f"{path}:1" and pages[-1].origin == f"{path}:25"
    assert pages[3].published == "2020-05-04"


def test_local_engine_outcomes_follow_input_order_and_survive_a_crash(corpus: Path):
    outcomes = list(get_engine("local").results([str(corpus)], FAKE))
    ids = [o.item.doc_id if isinstance(o.item, Page) else "ERR" for o in outcomes]
    assert ids[:3] == ["p0", "p1", "p2"] and "ERR" in ids and "crash" in ids
    crash = outcomes[ids.index("crash")]
    assert crash.failure == ("ValueError", "fake pipeline bug") and "extraction failed" in crash.result.error
    assert outcomes[0].n_events == 1 and outcomes[3].n_events == 0


def test_local_engine_run_counts_pages_events_and_errors(corpus: Path):
    seen: list[Outcome] = []
    stats = get_engine("local").run([str(corpus)], FAKE, seen.append)
    assert stats.pages == len(seen) == 123
    assert stats.errors == 2  # the malformed line and the crash
    assert stats.events == sum(o.n_events for o in seen) == 91


def test_precomputed_pipeline_hands_back_engine_results(corpus: Path):
    engine = get_engine("local")
    outcomes = list(engine.results([str(corpus)], FAKE))
    adapter = PrecomputedPipeline()
    for item, outcome in zip(adapter.feed(iter(outcomes)), outcomes):
        if isinstance(item, Page) and outcome.failure is None:
            assert adapter.process(item) is outcome.result
        elif isinstance(item, Page):
            with pytest.raises(Exception, match="fake pipeline bug") as info:
                adapter.process(item)
            assert type(info.value).__name__ == "ValueError"


@pytest.fixture(scope="module")
def local_ray():
    ray = pytest.importorskip("ray", reason="ray not installed: pip install 'kabar[ray]'")
    ray.init(num_cpus=2, include_dashboard=False, logging_level="warning")
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])
    yield ray
    ray.shutdown()


@pytest.mark.ray
def test_ray_engine_gives_the_same_outcomes_as_local(corpus: Path, local_ray):
    local = list(get_engine("local").results([str(corpus)], fake_pipeline))
    remote = list(get_engine("ray", workers=2, bytes_per_shard=3_000).results([str(corpus)], fake_pipeline))
    assert _events(remote) == _events(local)
    assert [o.failure for o in remote] == [o.failure for o in local]


@pytest.mark.ray
def test_ray_engine_refuses_stdin():
    pytest.importorskip("ray", reason="ray not installed: pip install 'kabar[ray]'")
    with pytest.raises(ConfigError, match="stdin"):
        list(get_engine("ray").results(["-"], FAKE))


def _ingest_with_stop(engine_name: str, corpus: Path, db: str, stop_after: int | None, **opts) -> object:
    """Ingest through an engine; with ``stop_after`` a Ctrl-C arrives after that many pages."""
    from kabar.ingest import ingest
    from kabar.store import open_store

    seen = 0

    def maybe_stop(_res) -> None:
        nonlocal seen
        seen += 1
        if stop_after is not None and seen == stop_after:
            raise KeyboardInterrupt

    engine = get_engine(engine_name, **opts)
    with open_store(db) as store:
        items, pipe = engine.ingest_source([str(corpus)], fake_pipeline)
        return ingest(items, store, pipe, progress=False, on_result=maybe_stop), store.stats()


def _store_summary(db: str) -> list[tuple]:
    from kabar.store import open_store

    with open_store(db) as store:
        return sorted((e["sub_event_type"], e["n_sources"]) for e in store.iter_events())


@pytest.mark.parametrize("engine_name", ["local", pytest.param("ray", marks=pytest.mark.ray)])
def test_engine_ingest_stops_and_resumes_without_loss_or_doubles(engine_name, corpus: Path, tmp_path, request):
    opts = {}
    if engine_name == "ray":
        request.getfixturevalue("local_ray")
        opts = {"workers": 2, "bytes_per_shard": 2_500}
    whole = f"sqlite:///{tmp_path / 'whole.db'}"
    report, stats = _ingest_with_stop("local", corpus, whole, None)
    assert report.pages == 123 and stats["documents"] == 123
    resumed = f"sqlite:///{tmp_path / 'resumed.db'}"
    with pytest.raises(KeyboardInterrupt):
        _ingest_with_stop(engine_name, corpus, resumed, 50, **opts)
    report2, stats2 = _ingest_with_stop(engine_name, corpus, resumed, None, **opts)
    assert report2.exists == 50 and report2.pages == 123
    assert stats2 == stats
    assert _store_summary(resumed) == _store_summary(whole)


@pytest.mark.ray
@pytest.mark.benchdata
def test_ray_engine_matches_local_on_dev_pages(local_ray):
    from conftest import shared_path

    dev = shared_path("data", "dev", "articles.jsonl")
    local = list(get_engine("local").results([str(dev)]))
    remote = list(get_engine("ray", workers=2, bytes_per_shard=20_000).results([str(dev)]))
    assert len(remote) == len(local) == 51
    assert sum(o.n_events for o in local) > 0
    assert _events(remote) == _events(local)


def test_ray_engine_without_ray_says_how_to_install(corpus: Path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(ConfigError, match=r"pip install 'kabar\[ray\]'"):
        list(get_engine("ray").results([str(corpus)], FAKE))
