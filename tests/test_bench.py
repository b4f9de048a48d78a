"""kabar bench: the figures it reports and the command's output (no timing assertions)."""

from __future__ import annotations

import json

import pytest

from kabar.bench import BenchConfig, machine, render, run_bench
from kabar.cli import main
from kabar.records import Event, Page, PageResult

# Ray's own deprecation notices (its DataContext), not ours.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.data.context")


class CountingPipeline:
    """A fast stand-in for the extraction pipeline: one event per page that mentions a death."""

    def process(self, page: Page) -> PageResult:
        events = []
        for word in ("killed", "tewas", "tués", "muertos", "قتل", "maut"):
            at = page.text.find(word)
            if at >= 0:
                events.append(Event(doc_id=page.doc_id, event_id=f"{page.doc_id}-{word}",
                                    event_type="Battles", sub_event_type="Armed clash", country="Iraq",
                                    location="Mosul", latitude=36.34, longitude=43.13, event_date="2016-01-07",
                                    evidence={"event_type": [(at, at + len(word))]}))
        return PageResult(page.doc_id, events)


def counting_pipeline() -> CountingPipeline:
    return CountingPipeline()


SPEC = f"{__name__}:counting_pipeline"
REQUIRED = ("pages_per_second_per_core", "events_per_second", "peak_rss_mb")


def test_bench_run_reports_extraction_and_ingest_figures(tmp_path):
    result = run_bench(BenchConfig(pages=40, ingest_pages=15, pipeline=SPEC, workdir=str(tmp_path)))
    for key in REQUIRED:
        assert result[key] > 0, key
    ex = result["extract"]
    assert ex["pages"] == 39  # the first page is the warm-up
    assert ex["events"] > 0 and ex["errors"] == 0 and 1000 < ex["mean_page_bytes"] < 6000
    for key in ("ingest", "ingest_no_dedup"):
        ing = result[key]
        assert ing["pages"] == 15 and ing["errors"] == 0
        assert ing["store"]["documents"] == 15
        assert ing["pages_per_second_per_core"] > 0
    assert result["ingest"]["dedup"] is True and result["ingest_no_dedup"]["dedup"] is False
    assert result["machine"]["cpus"] >= 1
    assert "_digests" not in ex


def test_bench_repeat_reports_the_median_pass_and_every_pass(tmp_path):
    result = run_bench(BenchConfig(pages=20, ingest_pages=0, pipeline=SPEC, workdir=str(tmp_path), repeat=3))
    ex = result["extract"]
    rates = sorted(p["pages_per_second_per_core"] for p in ex["passes"])
    assert len(rates) == 3 and ex["pages_per_second_per_core"] == rates[1]
    assert result["pages_per_second_per_core"] == rates[1] and ex["pages"] == 19
    assert "median of 3 passes" in render(result)


def test_bench_on_a_given_corpus_stops_at_pages(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("\n".join(json.dumps({"id": f"d{i}", "text": f"Page {i}: two killed in Mosul."})
                                for i in range(30)) + "\n", encoding="utf-8")
    result = run_bench(BenchConfig(corpus=[str(corpus)], pages=12, ingest_pages=0, pipeline=SPEC))
    assert result["extract"]["pages"] == 11 and result["extract"]["events"] == 11
    assert "ingest" not in result and result["corpus"] == str(corpus)


def test_bench_render_names_machine_and_rates(tmp_path):
    result = run_bench(BenchConfig(pages=10, ingest_pages=5, pipeline=SPEC, workdir=str(tmp_path)))
    text = render(result)
    assert "pages/s per core" in text and "peak RSS" in text and "ingest into SQLite, dedup" in text
    assert machine()["cpu_model"] in text


def test_bench_command_json_prints_one_object(capsys, tmp_path):
    rc = main(["bench", "--pages", "15", "--ingest-pages", "5", "--json", "--pipeline", SPEC,
               "--workdir", str(tmp_path)])
    assert rc == 0
    out = json.loads(capsys.readouterr().out)
    assert all(key in out for key in REQUIRED)
    assert out["ingest"]["pages"] == 5


def test_bench_command_generate_writes_the_corpus(tmp_path, capsys):
    path = tmp_path / "syn.jsonl"
    assert main(["bench", "--generate", str(path), "--pages", "25", "--seed", "4"]) == 0
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 25 and json.loads(lines[0])["id"] == "syn4-0000000"


def test_bench_command_rejects_zero_pages(capsys):
    assert main(["bench", "--pages", "0"]) == 1
    assert "--pages and --repeat must be positive" in capsys.readouterr().err
    assert main(["bench", "--repeat", "0"]) == 1


@pytest.mark.ray
def test_bench_ray_reports_speedup_against_local(tmp_path):
    ray = pytest.importorskip("ray", reason="ray not installed: pip install 'kabar[ray]'")
    import sys

    ray.init(num_cpus=2, include_dashboard=False, logging_level="warning")
    try:
        ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])
        result = run_bench(BenchConfig(pages=60, ingest_pages=0, engine="ray", workers=2,
                                       pipeline=counting_pipeline, workdir=str(tmp_path)))
    finally:
        ray.shutdown()
    r = result["extract_ray"]
    assert r["pages"] == 60 and r["workers"] == 2 and r["events"] > 0
    assert result["ray_differing_pages"] == 0 and "_digests" not in r
    # (a tiny corpus on a fake pipeline: Ray's start-up dominates, so only the figure's presence counts)
    assert isinstance(result["ray_speedup_vs_local"], float) and "ray, 2 workers" in render(result)
