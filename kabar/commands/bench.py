"""kabar bench: how fast extraction and ingest run here (pages/s per core, events/s, peak RSS)."""

from __future__ import annotations

import argparse
import json
import sys

HELP = "Measure extraction and ingest speed (pages/s per core, events/s, peak RSS) on synthetic or given pages."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("corpus", nargs="*", metavar="CORPUS",
                        help="pages to measure on (files, directories, .jsonl, .parquet); default: synthetic pages")
    parser.add_argument("--pages", type=int, default=10_000,
                        help="synthetic pages to generate (default 10000); with CORPUS: at most this many")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic corpus (default 0)")
    parser.add_argument("--ingest-pages", type=int, default=2_000,
                        help="pages to ingest into SQLite, with and without de-duplication (default 2000; 0 = skip)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="extraction passes over the corpus, the median reported (default 3: one pass "
                             "on a shared machine can be slowed by its neighbours)")
    parser.add_argument("--engine", choices=("local", "ray"), default="local",
                        help="also measure this engine's throughput against the local one (default local)")
    parser.add_argument("--workers", type=int, default=None, help="Ray workers (default: every CPU)")
    parser.add_argument("--ray-address", default=None, help="Ray cluster to join (default: start a local one)")
    parser.add_argument("--pipeline", default=None, metavar="MODULE:FACTORY",
                        help="advanced: the pipeline factory (default kabar.pipeline:default_pipeline)")
    parser.add_argument("--workdir", default=None,
                        help="keep the synthetic corpus and the SQLite stores here (default: a temp dir, removed)")
    parser.add_argument("--generate", default=None, metavar="PATH",
                        help="only write --pages synthetic pages to PATH (.jsonl or .parquet) and exit")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--progress", action="store_true", default=None, help="show progress bars on stderr")


def run(args: argparse.Namespace) -> int:
    from kabar.errors import ConfigError

    if args.pages <= 0 or args.ingest_pages < 0 or args.repeat <= 0:
        raise ConfigError("--pages and --repeat must be positive and --ingest-pages not negative")
    if args.generate:
        from kabar.synthetic import Options, write_corpus

        write_corpus(args.generate, args.pages, Options(seed=args.seed))
        print(f"kabar bench: wrote {args.pages} synthetic pages (seed {args.seed}) to {args.generate}",
              file=sys.stderr)
        return 0
    from kabar.bench import BenchConfig, render, run_bench

    progress = sys.stderr.isatty() if args.progress is None else args.progress
    result = run_bench(BenchConfig(corpus=args.corpus, pages=args.pages, seed=args.seed, engine=args.engine,
                                   workers=args.workers, ray_address=args.ray_address,
                                   ingest_pages=args.ingest_pages, pipeline=args.pipeline, repeat=args.repeat,
                                   workdir=args.workdir, progress=progress and not args.json))
    print(json.dumps(result, ensure_ascii=False) if args.json else render(result))
    return 0
