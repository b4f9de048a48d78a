"""kabar ingest: pages into the event store (idempotent, resumable, de-duplicated)."""

from __future__ import annotations

import argparse
import sys

HELP = "Ingest pages (files, directories, JSONL, WARC, '-') into the event store, de-duplicating events."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files, directories, .jsonl, .warc(.gz), or - for stdin")
    parser.add_argument("--db", default=None, help="store URL: sqlite:///kabar.db (default) or postgresql://...")
    parser.add_argument("--no-dedup", dest="dedup", action="store_false",
                        help="store one event per report (no merging across pages)")
    parser.add_argument("--published", default=None, help="publication date YYYY-MM-DD for pages that lack one")
    parser.add_argument("--lang", default=None, help="language of all pages (ISO 639-1), skipping detection")
    parser.add_argument("--progress", dest="progress", action="store_true", default=None,
                        help="show a progress bar even when stderr is not a terminal")
    parser.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bar")
    parser.add_argument("--pipeline", default=None, metavar="MODULE:FACTORY",
                        help="advanced: the extraction pipeline factory (default kabar.pipeline:default_pipeline)")
    parser.add_argument("--engine", default=None,
                        help="where extraction runs: local (default, this process) or ray (docs/SCALING.md)")
    parser.add_argument("--ray-address", "--address", dest="address", default=None, metavar="ADDRESS",
                        help="Ray cluster for --engine ray (auto, ray://HEAD:10001); default RAY_ADDRESS, else a local Ray")
    parser.add_argument("--workers", type=int, default=None, help="extraction workers for --engine ray")


def run(args: argparse.Namespace) -> int:
    from kabar import settings
    from kabar.ingest import ingest, iter_inputs, load_pipeline
    from kabar.store import open_store

    engine = settings.get("engine", args.engine)
    if engine == "local":
        # Extraction in this process, lazily: a page whose content hash is stored is not extracted.
        pipeline = load_pipeline(args.pipeline)
        items = iter_inputs(args.paths, published=args.published, lang=args.lang)
    else:
        from kabar.engines import get_engine

        items, pipeline = get_engine(engine, address=args.address, workers=args.workers).ingest_source(
            args.paths, args.pipeline, published=args.published, lang=args.lang)
    with open_store(args.db) as store:
        report = ingest(items, store, pipeline, dedup=args.dedup, progress=args.progress)
    for line in report.error_lines:
        print(f"kabar ingest: error: {line}", file=sys.stderr)
    if report.errors > len(report.error_lines):
        print(f"kabar ingest: ... and {report.errors - len(report.error_lines)} more (see `kabar errors`)",
              file=sys.stderr)
    print(f"kabar ingest: {report.summary()}", file=sys.stderr)
    if report.errors:
        print(f"kabar ingest: {report.errors} page(s) failed and were stored with their error", file=sys.stderr)
        return 1
    return 0
