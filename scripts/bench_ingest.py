#!/usr/bin/env python3
"""Ingest throughput and memory on a synthetic corpus (kabar.synthetic), streamed from JSONL.

    python scripts/bench_ingest.py --pages 100000 --extractor planted   # the store alone (+ dedup)
    python scripts/bench_ingest.py --pages 2000 --extractor kabar       # the whole pipeline
    python scripts/bench_ingest.py --pages 2000 --extractor kabar --no-dedup

``--extractor planted`` stores the events the generator planted in each page (what a perfect
extractor returns), so the figure is the store's own cost: reading, hashing, de-duplication
look-ups through the (date, geo cell) index, one transaction per page. ``kabar`` runs kabar's
extraction pipeline on each page (``kabar ingest``'s real path). The process is pinned to one CPU.
Every ``--every`` pages it prints pages/s and the resident memory, to show memory stays flat.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kabar.records import Event, Page, PageResult  # noqa: E402


def rss_mb() -> float:
    """Resident memory of this process in MB (from /proc, else psutil)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import psutil

    return psutil.Process().memory_info().rss / 1e6


def _pseudo_point(location: str, country: str) -> tuple[float, float]:
    """A stable point per (place, country): the planted events carry names, not coordinates."""
    h = hashlib.sha1(f"{location}|{country}".encode()).digest()
    return -20 + h[0] / 255 * 60, -20 + int.from_bytes(h[1:3], "big") / 65535 * 160


class PlantedPipeline:
    """Returns the events planted in each synthetic page (set by the reader just before)."""

    def __init__(self) -> None:
        self.pending: dict[str, list[dict[str, Any]]] = {}

    def process(self, page: Page) -> PageResult:
        events = []
        for i, e in enumerate(self.pending.pop(page.doc_id, [])):
            lat, lon = _pseudo_point(e.get("location") or "", e.get("country") or "")
            events.append(Event(doc_id=page.doc_id, event_id=f"{page.doc_id}#{i}", event_date=e.get("event_date"),
                                date_precision="day", event_type=e.get("event_type"),
                                sub_event_type=e.get("sub_event_type"), country=e.get("country"),
                                admin1=e.get("admin1"), location=e.get("location"), latitude=lat, longitude=lon,
                                geo_precision=1, fatalities=int(e.get("fatalities") or 0), confidence=0.9,
                                evidence={"location": [(0, 1)]}))
        return PageResult(doc_id=page.doc_id, events=events)


def planted_pages(path: str, pipeline: PlantedPipeline) -> Iterator[Page]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            pipeline.pending[rec["id"]] = rec.get("synthetic", {}).get("events", [])
            yield Page(doc_id=rec["id"], text=rec["text"], url=rec.get("url"), published=rec.get("published"),
                       title=rec.get("title"), origin=path)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=100_000)
    ap.add_argument("--extractor", choices=("planted", "kabar"), default="planted")
    ap.add_argument("--no-dedup", dest="dedup", action="store_false")
    ap.add_argument("--corpus", help="synthetic JSONL to reuse (made with kabar.synthetic when missing)")
    ap.add_argument("--db", help="store URL (default: a fresh SQLite file in a temp dir)")
    ap.add_argument("--every", type=int, default=10_000, help="print a line every this many pages")
    ap.add_argument("--cpu", type=int, default=None, help="the CPU to pin to (default the first allowed)")
    args = ap.parse_args(argv)

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {args.cpu if args.cpu is not None else sorted(os.sched_getaffinity(0))[0]})
    from kabar import synthetic
    from kabar.ingest import ingest, iter_inputs
    from kabar.store import open_store

    tmp = tempfile.TemporaryDirectory()
    corpus = args.corpus or os.path.join(tmp.name, f"synthetic-{args.pages}.jsonl")
    if not os.path.exists(corpus):
        t = time.perf_counter()
        size = synthetic.write_jsonl(corpus, args.pages)
        print(f"corpus: {args.pages} pages, {size / 1e6:.0f} MB written in {time.perf_counter() - t:.0f} s -> {corpus}")
    db = args.db or f"sqlite:///{tmp.name}/bench.db"

    if args.extractor == "planted":
        pipeline: Any = PlantedPipeline()
        items = planted_pages(corpus, pipeline)
    else:
        from kabar.pipeline import default_pipeline

        pipeline = default_pipeline()
        items = iter_inputs([corpus])

    start = time.perf_counter()
    cpu0 = os.times()
    state = {"n": 0, "last_t": start, "last_n": 0, "rss": []}
    print(f"extractor={args.extractor} dedup={args.dedup} store={db.split('://')[0]} one CPU; rss at start "
          f"{rss_mb():.0f} MB")

    def on_result(_res: Any) -> None:
        state["n"] += 1
        if state["n"] % args.every == 0:
            now = time.perf_counter()
            rate = (state["n"] - state["last_n"]) / (now - state["last_t"])
            state["rss"].append(rss_mb())
            print(f"  {state['n']:>8} pages  {now - start:7.1f} s  {rate:7.1f} pages/s (last {args.every})  "
                  f"rss {state['rss'][-1]:.0f} MB", flush=True)
            state["last_t"], state["last_n"] = now, state["n"]

    with open_store(db) as store:
        report = ingest((p for i, p in zip(range(args.pages), items)), store, pipeline, dedup=args.dedup,
                        progress=False, on_result=on_result)
        stats = store.stats()
    cpu1 = os.times()
    cpu = (cpu1.user - cpu0.user) + (cpu1.system - cpu0.system)
    print(report.summary())
    # On a busy machine wall-clock rates fall with the load; CPU time is this process's own work.
    print(f"cpu: {cpu:.1f} s of CPU for {report.seconds:.1f} s wall: {report.pages / cpu:.1f} pages per CPU-second")
    print(f"store: {stats}")
    if state["rss"]:
        print(f"rss over the run: first sample {state['rss'][0]:.0f} MB, last {state['rss'][-1]:.0f} MB, "
              f"max {max(state['rss']):.0f} MB")
    print(f"RESULT extractor={args.extractor} dedup={args.dedup} pages={report.pages} "
          f"pages_per_s={report.pages_per_second:.1f} pages_per_cpu_s={report.pages / cpu:.1f} events={stats['events']} merged={stats['merged_reports']}")
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
