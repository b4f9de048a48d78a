"""kabar report: the dashboard's map, timeline and table as one self-contained HTML file."""

from __future__ import annotations

import argparse
import sys

HELP = "Write the map, timeline and table of (filtered) events as one self-contained HTML file to mail."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from kabar.commands.events import add_filter_arguments

    parser.add_argument("--html", required=True, metavar="OUT.html", help="the file to write ('-' = stdout)")
    add_filter_arguments(parser)
    parser.add_argument("--limit", type=int, default=10_000,
                        help="at most this many events, newest first (default 10000)")
    parser.add_argument("--no-evidence", action="store_true",
                        help="leave out sources and evidence snippets (a smaller file)")
    parser.add_argument("--title", default=None, help="the report's title")


def run(args: argparse.Namespace) -> int:
    from kabar.commands.events import filter_from_args
    from kabar.errors import ConfigError, InputError
    from kabar.report import build_report
    from kabar.store import open_store

    if args.limit < 1:
        raise ConfigError(f"--limit must be at least 1, got {args.limit}")
    flt = filter_from_args(args)
    with open_store(args.db) as store:
        html, stats = build_report(store, flt, limit=args.limit, evidence=not args.no_evidence,
                                   title=args.title, progress=sys.stderr.isatty())
    if args.html == "-":
        sys.stdout.write(html)
    else:
        try:
            with open(args.html, "w", encoding="utf-8") as fh:
                fh.write(html)
        except OSError as exc:
            raise InputError(f"cannot write the report: {exc.strerror}", where=args.html) from None
    more = f" (the newest {stats['events']} of {stats['matching']})" if stats["matching"] > stats["events"] else ""
    print(f"kabar report: {stats['events']} events{more}, {len(html) / 1e6:.1f} MB -> {args.html}",
          file=sys.stderr)
    return 0
