"""kabar extract: events of pages (files, directories, JSONL corpora, stdin) to stdout."""

from __future__ import annotations

import argparse
import sys

HELP = "Extract ACLED-style events from pages (.txt, .html, .jsonl, directories, '-' for stdin)."


def add_arguments(p: argparse.ArgumentParser) -> None:
    from kabar.output import FORMATS

    p.add_argument("paths", nargs="+", metavar="PATH", help="files, directories or '-' for stdin")
    p.add_argument("--format", "-f", choices=FORMATS, default=None,
                   help="output format (default: table on a terminal, jsonl when piped)")
    p.add_argument("--published", metavar="YYYY-MM-DD", help="publication date of the page(s), to resolve "
                   "'Thursday', 'yesterday', '7/1'")
    p.add_argument("--lang", help="language code, skipping detection (id, ms, en, ar, fr, es)")
    p.add_argument("--output", "-o", metavar="FILE", help="write events here instead of stdout")
    p.add_argument("--progress", action="store_true", help="show a progress bar (default: on a terminal "
                   "for more than one page)")


def run(args: argparse.Namespace) -> int:
    from kabar.dates import parse_iso
    from kabar.errors import ConfigError
    from kabar.output import EventWriter
    from kabar.engines.base import settle
    from kabar.pipeline import Pipeline
    from kabar.readers import iter_pages

    if args.published and parse_iso(args.published) is None:
        raise ConfigError(f"--published '{args.published}' is not a date", hint="use YYYY-MM-DD")
    fmt = args.format or ("table" if sys.stdout.isatty() and not args.output else "jsonl")
    out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout
    pipeline = Pipeline()
    settle()  # the loaded packs and gazetteer stay for the run: out of the collector's way
    writer = EventWriter(out, fmt)
    pages = iter_pages(args.paths, published=args.published, lang=args.lang)
    results = pipeline.run(pages)
    show = args.progress or (sys.stderr.isatty() and (len(args.paths) > 1 or not _single_file(args.paths)))
    if show:
        from tqdm import tqdm

        results = tqdm(results, unit="page", desc="extract", file=sys.stderr)
    n_pages = n_events = n_failed = 0
    try:
        for res in results:
            n_pages += 1
            if res.error:
                n_failed += 1
                print(f"kabar extract: error: {res.error}", file=sys.stderr)
                continue
            n_events += len(res.events)
            writer.write(res.events)
        writer.close()
    finally:
        if args.output:
            out.close()
    if n_failed:
        print(f"kabar extract: {n_failed} of {n_pages} page{'s' if n_pages != 1 else ''} failed; "
              f"{n_events} event{'s' if n_events != 1 else ''} from the rest", file=sys.stderr)
        return 1
    return 0


def _single_file(paths: list[str]) -> bool:
    import os

    return len(paths) == 1 and (paths[0] == "-" or (os.path.isfile(paths[0]) and not paths[0].endswith(".jsonl")))
