"""kabar export: the store's events as ACLED CSV, JSONL, GeoJSON or Parquet."""

from __future__ import annotations

import argparse
import sys

HELP = "Export the store's events: --format acled-csv | jsonl | geojson | parquet."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from kabar.commands.events import add_filter_arguments

    parser.add_argument("--format", default="acled-csv", choices=("acled-csv", "jsonl", "geojson", "parquet"))
    parser.add_argument("-o", "--output", default=None, help="output file (default stdout; required for parquet)")
    add_filter_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from kabar.commands.events import filter_from_args
    from kabar.export import export
    from kabar.store import open_store

    flt = filter_from_args(args)
    with open_store(args.db) as store:
        events = store.iter_events(flt, with_sources=True)
        n = export(events, args.format, out=sys.stdout, path=args.output)
    print(f"kabar export: {n} event(s) written" + (f" to {args.output}" if args.output else ""), file=sys.stderr)
    return 0
