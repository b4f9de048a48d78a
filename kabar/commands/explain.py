"""kabar explain: an event's reports, the sentences behind them, and why they were merged."""

from __future__ import annotations

import argparse
import json
from typing import Any

HELP = "Show an event's sources, their evidence and why they were merged; --split undoes a merge."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("event_id", type=int, metavar="EVENT_ID")
    parser.add_argument("--db", default=None, help="store URL (default sqlite:///kabar.db)")
    parser.add_argument("--split", type=int, nargs="+", metavar="SOURCE_ID",
                        help="move these sources out into a new event (reverses a merge)")
    parser.add_argument("--user", default="cli", help="who makes the split (audit log)")
    parser.add_argument("--json", action="store_true", help="print the event with sources as JSON")


def render(ev: dict[str, Any]) -> str:
    """The explanation as text."""
    out = [f"event {ev['id']}: {ev.get('sub_event_type')} ({ev.get('event_type')}) on {ev.get('event_date')} "
           f"[{ev.get('date_precision')}]",
           f"  place: {ev.get('location')}, {ev.get('admin1')}, {ev.get('country')} "
           f"({ev.get('latitude')}, {ev.get('longitude')}; geo precision {ev.get('geo_precision')})",
           f"  actors: {ev.get('actor1')} vs {ev.get('actor2')}",
           f"  fatalities: {ev.get('fatalities')}" + (f" — {ev['fatalities_note']}" if ev.get("fatalities_note") else ""),
           f"  status: {ev.get('status')}, review: {ev.get('review_status')}"
           + (f", edited: {', '.join(ev['edited_fields'])}" if ev.get("edited_fields") else ""),
           f"  {ev.get('n_sources')} source(s):"]
    why = {m["source_id"]: m for m in ev.get("merge_log", []) if m.get("source_id") is not None}
    for s in ev.get("sources", []):
        rep = s["report"]
        out.append(f"  - source {s['source_id']}: document {s['document_id']} ({s.get('doc_key')}) "
                   f"{s.get('outlet') or ''} [{s.get('lang') or '?'}] {s.get('url') or ''}".rstrip())
        out.append(f"      says: {rep.get('sub_event_type')} on {rep.get('event_date')} at {rep.get('location')} "
                   f"({rep.get('latitude')}, {rep.get('longitude')}), {rep.get('actor1')} vs {rep.get('actor2')}, "
                   f"fatalities {rep.get('fatalities')}")
        for field, snippets in (s.get("snippets") or {}).items():
            for snip in snippets[:2]:
                out.append(f"      {field}: \"{' '.join(snip.split())[:160]}\"")
        m = why.get(s["source_id"])
        if m:
            if m["action"] == "dedup":
                reasons = "; ".join(f"{k}: {v}" for k, v in m["reasons"].items())
                out.append(f"      merged (score {m['score']:.2f}): {reasons}")
            elif m["action"] == "create":
                out.append("      first report: no matching event nearby")
            else:
                out.append(f"      {m['action']} by {m.get('user') or '?'}: {json.dumps(m['reasons'])}")
    return "\n".join(out)


def run(args: argparse.Namespace) -> int:
    from kabar.errors import StoreError
    from kabar.store import open_store

    with open_store(args.db) as store:
        if args.split:
            new = store.split_event(args.event_id, args.split, args.user)
            print(f"sources {', '.join(map(str, args.split))} moved to new event {new['id']}")
        ev = store.get_event(args.event_id)
        if ev is None:
            raise StoreError(f"no event {args.event_id}", hint="list events with `kabar events`")
        if ev.get("status") == "merged":
            print(f"event {ev['id']} was merged into event {ev['merged_into']}")
    print(json.dumps(ev, ensure_ascii=False, indent=2, default=str) if args.json else render(ev))
    return 0
