"""kabar events: query the store's canonical events."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

HELP = "List events in the store, filtered by country, admin1, type, dates, bounding box or text."

TABLE_COLUMNS = ("id", "event_date", "sub_event_type", "actor1", "actor2", "location", "admin1", "country",
                 "fatalities", "n_sources")


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    """The event filters shared by `kabar events` and `kabar export`."""
    parser.add_argument("--db", default=None, help="store URL (default sqlite:///kabar.db)")
    parser.add_argument("--country", help="country name or ISO 3166-1 alpha-3 code")
    parser.add_argument("--admin1", help="first-level region (province, governorate)")
    parser.add_argument("--type", dest="event_type", help="ACLED event type, e.g. 'Battles'")
    parser.add_argument("--sub-type", dest="sub_event_type", help="ACLED sub-event type, e.g. 'Armed clash'")
    parser.add_argument("--actor", help="actor name contains this")
    parser.add_argument("--since", help="events on or after this date (YYYY-MM-DD)")
    parser.add_argument("--until", help="events on or before this date (YYYY-MM-DD)")
    parser.add_argument("--bbox", help="MIN_LON,MIN_LAT,MAX_LON,MAX_LAT")
    parser.add_argument("--text", help="notes, place or actors contain this")
    parser.add_argument("--review-status", choices=("unreviewed", "accepted", "rejected"))


def filter_from_args(args: argparse.Namespace) -> Any:
    from kabar.errors import ConfigError
    from kabar.store import EventFilter

    bbox = None
    if args.bbox:
        try:
            bbox = tuple(float(x) for x in args.bbox.split(","))
        except ValueError:
            bbox = ()
        if len(bbox) != 4:
            raise ConfigError(f"--bbox must be MIN_LON,MIN_LAT,MAX_LON,MAX_LAT, got {args.bbox!r}")
    return EventFilter(since=args.since, until=args.until, country=args.country, admin1=args.admin1,
                       event_type=args.event_type, sub_event_type=args.sub_event_type, actor=args.actor,
                       text=args.text, bbox=bbox, review_status=args.review_status)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_filter_arguments(parser)
    parser.add_argument("--limit", type=int, default=50, help="at most this many (default 50)")
    parser.add_argument("--offset", type=int, default=0, help="skip this many first")
    parser.add_argument("--order", default="-event_date", help="sort field, '-' for descending (default -event_date)")
    parser.add_argument("--format", choices=("table", "jsonl", "json"), default=None,
                        help="table on a terminal, else jsonl")
    parser.add_argument("--count", action="store_true", help="only print how many events match")


def _table(rows: list[dict[str, Any]]) -> str:
    def cell(v: Any) -> str:
        s = "" if v is None else str(v)
        return s if len(s) <= 28 else s[:27] + "…"

    cols = TABLE_COLUMNS
    cells = [[cell(r.get(c)) for c in cols] for r in rows]
    widths = [max([len(c)] + [len(x[i]) for x in cells]) for i, c in enumerate(cols)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cols, widths))]
    lines += ["  ".join(v.ljust(w) for v, w in zip(x, widths)) for x in cells]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from kabar.store import open_store

    flt = filter_from_args(args)
    with open_store(args.db) as store:
        if args.count:
            print(store.count_events(flt))
            return 0
        rows = store.list_events(flt, limit=args.limit, offset=args.offset, order=args.order)
        total = store.count_events(flt)
    fmt = args.format or ("table" if sys.stdout.isatty() else "jsonl")
    if fmt == "table":
        print(_table(rows))
        print(f"{len(rows)} of {total} event(s)")
    elif fmt == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
    else:
        for r in rows:
            print(json.dumps(r, ensure_ascii=False, default=str))
    return 0
