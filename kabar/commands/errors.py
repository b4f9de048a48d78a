"""kabar errors: the pages ingest could not read or extract, with their error."""

from __future__ import annotations

import argparse

HELP = "List the pages stored with an error by ingest."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=None, help="store URL (default sqlite:///kabar.db)")
    parser.add_argument("--limit", type=int, default=1000, help="at most this many (default 1000)")
    parser.add_argument("--offset", type=int, default=0, help="skip this many first")


def run(args: argparse.Namespace) -> int:
    from kabar.store import open_store

    with open_store(args.db) as store:
        rows = store.errors(limit=args.limit, offset=args.offset)
        total = store.stats()["errors"]
    for r in rows:
        where = r["origin"] or r["doc_key"]
        err = r["error"] or ""
        line = err if err.startswith(where) else f"{where}: {err}"
        print(f"{r['id']}\t{r['ingested_at']}\t{line}")
    shown = len(rows)
    print(f"{total} page(s) with errors" + (f" ({shown} shown)" if shown < total else ""))
    return 0
