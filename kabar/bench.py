"""Speed benchmarks: pages per second per core, events per second and peak memory.

Three measurements over the same corpus (by default kabar's own synthetic pages, see
:mod:`kabar.synthetic`):

- **extract**: the full extraction path (read, decode, clean, detect language, analyse, assemble,
  geocode) on one core with the local engine, or on a Ray cluster with ``engine="ray"``;
- **ingest**: the same pages into a fresh SQLite store through ``kabar.ingest``, with and without
  de-duplication.

Rates per core divide by the CPU time the process used (all its threads), so other programs on
the machine do not skew them; wall-clock rates are reported beside them. Pipeline start-up
(loading language packs and the gazetteer, on the first page) is timed apart.
"""

from __future__ import annotations

import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from kabar.engines.base import Outcome, PipelineSpec, process, resolve_pipeline, settle
from kabar.engines.local import iter_inputs
from kabar.errors import InputError


@dataclass
class BenchConfig:
    """What to measure. ``corpus`` None = ``pages`` synthetic pages of ``seed``."""

    corpus: list[str] = field(default_factory=list)
    pages: int = 10_000  # synthetic pages to generate; with a corpus: at most this many pages
    seed: int = 0
    engine: str = "local"
    workers: int | None = None
    ray_address: str | None = None
    ingest_pages: int = 2_000  # 0 = no ingest measurement
    repeat: int = 1  # extraction passes over the corpus; the median pass is reported
    pipeline: PipelineSpec = None
    workdir: str | None = None  # where the synthetic corpus and the SQLite files go (temp dir if None)
    progress: bool = False


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def machine() -> dict[str, Any]:
    """CPUs, CPU model, memory and Python: the figures a benchmark must be read with."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1]) / 1024 / 1024
                break
    except OSError:
        pass
    return {"cpus": os.cpu_count(), "cpu_model": model, "memory_gib": round(mem, 1),
            "python": platform.python_version(), "platform": platform.platform(terse=True),
            "load_average": _load()}


def _load() -> list[float] | None:
    """1, 5 and 15-minute load averages: wall-clock rates mean little on a busy machine."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def synthetic_corpus(workdir: str, pages: int, seed: int) -> str:
    """Write (or reuse) ``pages`` synthetic pages of ``seed`` as JSONL in ``workdir``."""
    from kabar.synthetic import Options, write_jsonl

    path = Path(workdir) / f"synthetic-s{seed}-n{pages}.jsonl"
    if not path.exists():
        tmp = path.with_suffix(".part")
        write_jsonl(tmp, pages, Options(seed=seed))
        tmp.rename(path)
    return str(path)


def _limited(items: Iterator[Any], n: int | None) -> Iterator[Any]:
    for i, item in enumerate(items):
        if n is not None and i >= n:
            return
        yield item


def _bar(enabled: bool, total: int | None, desc: str) -> Any:
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit=" pages", file=sys.stderr, dynamic_ncols=True)


def _digest(outcome: Outcome) -> str:
    """A fingerprint of one page's outcome (its id, error and events), to compare engines."""
    import hashlib
    import json

    item = outcome.item
    if isinstance(item, InputError):
        body: Any = ["input-error", item.where, item.message]
    else:
        result = outcome.result
        body = [item.doc_id, result.error if result else None,
                [e.to_dict() for e in result.events] if result else None]
    return hashlib.sha1(json.dumps(body, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def _sample_error(outcome: Outcome, samples: list[str], keep: int = 3) -> None:
    """Keep the first few error messages: a benchmark of failing pages must say so."""
    if outcome.ok or len(samples) >= keep:
        return
    item = outcome.item
    samples.append(item.render() if isinstance(item, InputError) else str(outcome.result.error if outcome.result
                                                                          else outcome.failure))


def _pass(paths: list[str], pipeline: Any, limit: int | None, progress: bool) -> dict[str, Any]:
    """One more extraction pass with the already built pipeline."""
    out, _ = bench_extract_local(paths, pipeline, limit, progress)
    out.pop("_digests")
    return out


def _median_pass(passes: list[dict[str, Any]]) -> dict[str, Any]:
    """The pass with the median rate per core, with every pass's rates beside it.

    On a shared machine one pass can be slowed by other tenants; the median of several is the
    figure to quote (the spread is shown with it).
    """
    ranked = sorted(passes, key=lambda p: p["pages_per_second_per_core"])
    out = dict(ranked[(len(ranked) - 1) // 2])
    out["load_seconds"] = passes[0]["load_seconds"]  # start-up happens once, in the first pass
    out["passes"] = [{k: p[k] for k in ("pages_per_second_per_core", "pages_per_second", "cpu_seconds")}
                     for p in passes]
    out["peak_rss_mb"] = max(p["peak_rss_mb"] for p in passes)
    return out


def _rates(pages: int, events: int, wall: float, cpu: float) -> dict[str, Any]:
    return {
        "pages": pages, "events": events, "seconds": round(wall, 3), "cpu_seconds": round(cpu, 3),
        "pages_per_second": round(pages / wall, 1) if wall else 0.0,
        "pages_per_second_per_core": round(pages / cpu, 1) if cpu else 0.0,
        "events_per_second": round(events / wall, 1) if wall else 0.0,
    }


def bench_extract_local(paths: list[str], pipeline: Any, limit: int | None = None,
                        progress: bool = False) -> tuple[dict[str, Any], Any]:
    """Extraction on this core. ``pipeline`` is a built pipeline or a spec to build one.

    Returns:
        The figures, and the built pipeline (to reuse for ingest).
    """
    start = time.perf_counter()
    built = pipeline if hasattr(pipeline, "process") else resolve_pipeline(pipeline)()
    items = _limited(iter_inputs(paths), limit)
    first = next(items, None)
    digests: list[str] = []
    if first is not None:  # the first page loads whatever the pipeline loads lazily
        digests.append(_digest(process(built, first)))
    settle()
    load = time.perf_counter() - start
    pages = events = errors = size = 0
    samples: list[str] = []
    bar = _bar(progress, limit, "extract")
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for item in items:
        outcome = process(built, item)
        digests.append(_digest(outcome))
        pages += 1
        events += outcome.n_events
        errors += not outcome.ok
        _sample_error(outcome, samples)
        size += len(item.text.encode("utf-8")) if hasattr(item, "text") else 0
        if bar is not None:
            bar.update(1)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    if bar is not None:
        bar.close()
    out = _rates(pages, events, wall, cpu)
    out.update(engine="local", workers=1, errors=errors, error_samples=samples, load_seconds=round(load, 3),
               mean_page_bytes=round(size / pages) if pages else 0, peak_rss_mb=round(peak_rss_mb(), 1),
               _digests=digests)
    return out, built


def bench_extract_ray(paths: list[str], pipeline: PipelineSpec, workers: int | None, address: str | None,
                      progress: bool = False) -> dict[str, Any]:
    """Extraction on Ray: wall-clock throughput from the first shard submitted to the last result.

    Ray itself is started (or joined) before the clock starts; the actors' pipeline loading is
    inside the measurement. ``steady_pages_per_second`` leaves out the time to the first result.
    """
    from kabar.engines.ray_engine import RayEngine, _import_ray

    ray = _import_ray()
    engine = RayEngine(address=address, workers=workers)
    started = engine._connect(ray)
    watch = _RayWatch()
    cpu0 = time.process_time()
    try:
        n_workers = workers or int(ray.cluster_resources().get("CPU", 1))
        pages = events = errors = 0
        samples: list[str] = []
        digests: list[str] = []
        bar = _bar(progress, None, "extract (ray)")
        wall0 = time.perf_counter()
        first_at = None
        for outcome in engine.results(paths, pipeline):
            if first_at is None:
                first_at = time.perf_counter() - wall0
            pages += 1
            events += outcome.n_events
            errors += not outcome.ok
            _sample_error(outcome, samples)
            digests.append(_digest(outcome))
            if bar is not None:
                bar.update(1)
        wall = time.perf_counter() - wall0
        if bar is not None:
            bar.close()
    finally:
        ray_cpu = watch.stop()
        if started:
            ray.shutdown()
    out = _rates(pages, events, wall, 0.0)
    out.pop("cpu_seconds")
    out["pages_per_second_per_core"] = round(pages / wall / n_workers, 1) if wall else 0.0
    steady = (pages - 1) / (wall - first_at) if first_at is not None and wall > first_at else 0.0
    out.update(engine="ray", workers=n_workers, errors=errors, error_samples=samples, first_result_seconds=round(first_at or 0.0, 3),
               steady_pages_per_second=round(steady, 1), driver_peak_rss_mb=round(peak_rss_mb(), 1),
               worker_peak_rss_mb=watch.peak_mb,
               cpu_seconds_all_processes=None if ray_cpu is None else round(ray_cpu + time.process_time() - cpu0, 1),
               _digests=digests)
    return out


class _RayWatch:
    """Samples this machine's Ray processes once a second: the extraction actors' peak memory, and
    the CPU time of every process the run used (the driver and all its descendants: raylet, GCS,
    workers), which tells what the run would take on an otherwise idle machine."""

    def __init__(self) -> None:
        import threading

        self.peak_mb: float | None = None
        self._cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            import psutil
        except ImportError:
            return
        me = psutil.Process()
        while not self._stop.wait(1.0):
            try:
                procs = me.children(recursive=True)
            except psutil.Error:
                continue
            for proc in procs:
                try:
                    with proc.oneshot():
                        t = proc.cpu_times()
                        self._cpu[proc.pid] = t.user + t.system
                        if "ShardExtractor" in " ".join(proc.cmdline()):
                            self.peak_mb = max(self.peak_mb or 0.0, round(proc.memory_info().rss / 1e6, 1))
                except psutil.Error:
                    continue

    def stop(self) -> float | None:
        """Stop sampling; the CPU seconds the Ray processes used (None without psutil)."""
        self._stop.set()
        self._thread.join(timeout=5)
        return round(sum(self._cpu.values()), 1) if self._cpu else None


def bench_ingest(paths: list[str], pipeline: Any, db_path: str, dedup: bool, limit: int | None) -> dict[str, Any]:
    """Ingest into a fresh SQLite store with kabar's own ingest (one core)."""
    from kabar.ingest import ingest
    from kabar.store import open_store

    if os.path.exists(db_path):
        os.remove(db_path)
    wall0, cpu0 = time.perf_counter(), time.process_time()
    with open_store(f"sqlite:///{db_path}") as store:
        report = ingest(_limited(iter_inputs(paths), limit), store, pipeline, dedup=dedup, progress=False)
        stats = store.stats()
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    out = _rates(report.pages, report.events_new + report.events_merged, wall, cpu)
    out.update(dedup=dedup, errors=report.errors, events_new=report.events_new,
               events_merged=report.events_merged, store=stats, peak_rss_mb=round(peak_rss_mb(), 1),
               db_mb=round(os.path.getsize(db_path) / 1e6, 1))
    return out


def run_bench(cfg: BenchConfig) -> dict[str, Any]:
    """Run the benchmark ``cfg`` describes; returns one JSON-ready dict (see docs/benchmarks/speed.md)."""
    workdir = cfg.workdir or tempfile.mkdtemp(prefix="kabar-bench-")
    os.makedirs(workdir, exist_ok=True)
    try:
        if cfg.corpus:
            paths, limit, corpus = list(cfg.corpus), cfg.pages, " ".join(cfg.corpus)
        else:
            paths, limit = [synthetic_corpus(workdir, cfg.pages, cfg.seed)], None
            corpus = f"synthetic (seed {cfg.seed}, {cfg.pages} pages)"
        result: dict[str, Any] = {"corpus": corpus, "machine": machine()}
        # Local first: the peak RSS it reports must not include Ray's client in this process.
        local, pipeline = bench_extract_local(paths, cfg.pipeline, limit, cfg.progress)
        local_digests = local.pop("_digests")
        if cfg.repeat > 1:
            local = _median_pass([local] + [_pass(paths, pipeline, limit, cfg.progress)
                                            for _ in range(cfg.repeat - 1)])
        result["extract"] = local
        headline = local
        if cfg.engine == "ray":
            headline = result["extract_ray"] = bench_extract_ray(paths, cfg.pipeline, cfg.workers,
                                                                 cfg.ray_address, cfg.progress)
            ray_digests = headline.pop("_digests")
            n = min(len(ray_digests), len(local_digests))
            # Identical outcomes page by page (over the pages both engines read).
            result["ray_differing_pages"] = sum(a != b for a, b in zip(local_digests[:n], ray_digests[:n]))
            if local["pages_per_second"]:
                result["ray_speedup_vs_local"] = round(headline["pages_per_second"] / local["pages_per_second"], 2)
            cpu_all = headline.get("cpu_seconds_all_processes")
            if cpu_all and local["cpu_seconds"] and local["pages"]:
                # On an idle machine Ray's wall time is at least its CPU time over the cores it has:
                # the speed-up that CPU accounting allows, independent of other load on the machine.
                cores = min(os.cpu_count() or 1, headline["workers"] + 1)
                per_page_local = local["cpu_seconds"] / local["pages"]
                result["ray_speedup_cpu_bound"] = round(cores * per_page_local * headline["pages"] / cpu_all, 2)
        result.update(engine=cfg.engine, pages_per_second_per_core=local["pages_per_second_per_core"],
                      pages_per_second=headline["pages_per_second"],
                      events_per_second=headline["events_per_second"], peak_rss_mb=local["peak_rss_mb"])
        if cfg.ingest_pages:
            n = min(cfg.ingest_pages, limit or cfg.pages)
            result["ingest"] = bench_ingest(paths, pipeline, os.path.join(workdir, "bench.db"), True, n)
            result["ingest_no_dedup"] = bench_ingest(paths, pipeline, os.path.join(workdir, "bench-nodedup.db"),
                                                     False, n)
        result["load_average_after"] = _load()
        return result
    finally:
        if not cfg.workdir:
            shutil.rmtree(workdir, ignore_errors=True)


def render(result: dict[str, Any]) -> str:
    """The benchmark result as a few readable lines."""
    m = result["machine"]
    lines = [f"corpus: {result['corpus']}",
             f"machine: {m['cpu_model']}, {m['cpus']} CPUs, {m['memory_gib']} GiB, Python {m['python']}, "
             f"load average {m['load_average']} before, {result.get('load_average_after')} after"]
    ex = result["extract"]
    lines.append(f"extract (local, 1 core): {ex['pages_per_second_per_core']} pages/s per core "
                 f"({ex['pages_per_second']} pages/s wall), {ex['events_per_second']} events/s, "
                 f"{ex['pages']} pages, {ex['events']} events, {ex['errors']} errors, "
                 f"mean page {ex['mean_page_bytes']} B, start-up {ex['load_seconds']} s, "
                 f"peak RSS {ex['peak_rss_mb']} MB")
    if "passes" in ex:
        lines.append(f"  median of {len(ex['passes'])} passes; per core in each: "
                     + ", ".join(str(p["pages_per_second_per_core"]) for p in ex["passes"]))
    for sample in ex["error_samples"] + result.get("extract_ray", {}).get("error_samples", []):
        lines.append(f"  error: {sample}")
    if "extract_ray" in result:
        r = result["extract_ray"]
        lines.append(f"extract (ray, {r['workers']} workers): {r['pages_per_second']} pages/s "
                     f"({r['pages_per_second_per_core']} per worker; steady {r['steady_pages_per_second']}), "
                     f"{r['events_per_second']} events/s, {r['pages']} pages, first result after "
                     f"{r['first_result_seconds']} s; {result['ray_speedup_vs_local']}x the local engine "
                     f"(CPU-bound estimate on an idle machine: {result.get('ray_speedup_cpu_bound')}x); "
                     f"{result['ray_differing_pages']} pages with other events than the local engine")
    for key, label in (("ingest", "ingest into SQLite, dedup"), ("ingest_no_dedup", "ingest into SQLite, no dedup")):
        if key in result:
            ing = result[key]
            lines.append(f"{label}: {ing['pages_per_second_per_core']} pages/s per core "
                         f"({ing['pages_per_second']} pages/s wall), {ing['events_per_second']} events/s, "
                         f"{ing['pages']} pages, {ing['errors']} errors, peak RSS {ing['peak_rss_mb']} MB")
    return "\n".join(lines)
