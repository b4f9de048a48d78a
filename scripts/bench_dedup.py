#!/usr/bin/env python3
"""De-duplication benchmark: pairwise precision and recall of merging on benchmarks/dedup.

    python scripts/bench_dedup.py                 # reports mode: gold per-page reports -> store dedup
    python scripts/bench_dedup.py --noise 0.15    # the same, each report disturbed like a sloppy extractor
    python scripts/bench_dedup.py --mode pipeline # end to end: page text -> kabar's extraction -> store

A pair of pages is *predicted* together when their events landed in a common canonical event,
*gold* together when they tell the same event. Precision = right merges / all merges; recall =
right merges / all gold pairs. Pages are ingested in several shuffled orders (merging is greedy,
so order could matter); the figures are given per order and as the minimum.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kabar.records import Event, Page  # noqa: E402
from kabar.store import PageMeta, open_store  # noqa: E402
from kabar.taxonomy import EVENT_TYPE_OF as EVENT_TYPE  # noqa: E402

CLUSTERS = ROOT / "benchmarks" / "dedup" / "clusters.yaml"


def load(path: Path = CLUSTERS) -> list[dict[str, Any]]:
    """Pages with their gold cluster and gold report (event fields overridden by the page's `says`)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    places = data["places"]
    pages = []
    for ev in data["events"]:
        for i, p in enumerate(ev["pages"]):
            says = p.get("says") or {}
            place = places[says.get("place", ev["place"])]
            sub = says.get("type", ev["type"])
            rep = {
                "event_date": str(says.get("date", ev["date"])), "date_precision": "day",
                "sub_event_type": sub, "event_type": EVENT_TYPE.get(sub),
                "actor1": says.get("actor1", ev.get("actor1")), "actor2": says.get("actor2", ev.get("actor2")),
                "country": place["country"], "iso": place["iso"], "admin1": place["admin1"],
                "location": place["location"], "latitude": place["lat"], "longitude": place["lon"],
                "geo_precision": says.get("geo_precision", 1),
                "fatalities": says.get("fatalities", ev.get("fatalities") or 0),
            }
            pages.append({"id": f"{ev['id']}-{i + 1}-{p['lang']}", "cluster": ev["id"], "lang": p["lang"],
                          "outlet": p["outlet"], "published": str(p["published"]), "text": p["text"],
                          "report": rep, "near_miss": ev.get("near_miss")})
    return pages


def _jitter(page_id: str, report: dict[str, Any]) -> dict[str, Any]:
    """Geocoding noise: up to ~2 km, deterministic per page (a geocoder's town point varies)."""
    rnd = random.Random(page_id)
    r = dict(report)
    r["latitude"] = round(r["latitude"] + rnd.uniform(-0.015, 0.015), 4)
    r["longitude"] = round(r["longitude"] + rnd.uniform(-0.015, 0.015), 4)
    return r


def extraction_ok(page: dict[str, Any], events: list[Event]) -> bool:
    """Did extraction find this page's gold event (kind, date +-1 day, place within 30 km)?"""
    from kabar import dedup

    gold = page["report"]
    gday = dedup.day_number(gold["event_date"])
    for ev in events:
        rep = ev.to_dict()
        fam_ok = dedup.family(rep) == dedup.family(gold) or \
            frozenset({dedup.family(rep), dedup.family(gold)}) in dedup.COMPATIBLE_FAMILIES
        day = dedup.day_number(ev.event_date)
        near = ev.latitude is not None and dedup.haversine_km(
            ev.latitude, ev.longitude, gold["latitude"], gold["longitude"]) <= 30
        if fam_ok and day is not None and abs(day - gday) <= 1 and near:
            return True
    return False


CONFUSABLE = {
    "Attack": "Armed clash", "Armed clash": "Attack", "Remote explosive/landmine/IED": "Attack",
    "Suicide bomb": "Remote explosive/landmine/IED", "Air/drone strike": "Shelling/artillery/missile attack",
    "Shelling/artillery/missile attack": "Air/drone strike", "Peaceful protest": "Protest with intervention",
    "Protest with intervention": "Peaceful protest", "Violent demonstration": "Mob violence",
}


def noisy(page_id: str, report: dict[str, Any], level: float) -> dict[str, Any]:
    """The report as an imperfect extractor might give it: with probability ``level`` each, a
    confusable sub-event type, a date one day off, an unnamed attacker, a vaguer place, a
    different toll, no coordinates (deterministic per page)."""
    if level <= 0:
        return report
    from datetime import date, timedelta

    rnd = random.Random("noise:" + page_id)
    r = dict(report)
    if rnd.random() < level and r["sub_event_type"] in CONFUSABLE:
        r["sub_event_type"] = CONFUSABLE[r["sub_event_type"]]
        r["event_type"] = EVENT_TYPE.get(r["sub_event_type"])
    if rnd.random() < level:
        r["event_date"] = (date.fromisoformat(r["event_date"]) + timedelta(days=rnd.choice((-1, 1)))).isoformat()
    if rnd.random() < level and r.get("actor1"):
        r["actor1"] = f"Unidentified Armed Group ({r['country']})"
    if rnd.random() < level:
        r["geo_precision"] = 2
    if rnd.random() < level and r.get("fatalities"):
        r["fatalities"] = max(1, round(r["fatalities"] * rnd.uniform(0.6, 1.6)))
    if rnd.random() < level / 2:
        r["latitude"] = r["longitude"] = None
    return r


def run_order(pages: list[dict[str, Any]], mode: str, pipeline: Any = None,
              ok: dict[str, bool] | None = None, noise: float = 0.0) -> dict[str, set[int]]:
    """Ingest pages (in this order) into a fresh store; page id -> canonical event ids it joined.
    ``ok`` receives, per page, whether extraction found its gold event."""
    landed: dict[str, set[int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        with open_store(f"sqlite:///{tmp}/bench.db") as store:
            for p in pages:
                meta = PageMeta(doc_key=p["id"], text=p["text"], source=p["outlet"], lang=p["lang"],
                                published=p["published"])
                if mode == "reports":
                    events = [Event(doc_id=p["id"], lang=p["lang"], source=p["outlet"], confidence=0.8,
                                    **noisy(p["id"], _jitter(p["id"], p["report"]), noise))]
                else:
                    result = pipeline.process(Page(doc_id=p["id"], text=p["text"], published=p["published"],
                                                   source=p["outlet"]))
                    events = result.events
                if ok is not None:
                    ok[p["id"]] = mode == "reports" or extraction_ok(p, events)
                res = store.add_document(meta, events)
                landed[p["id"]] = set(res.new_events) | set(res.merged_events)
            # a later split/merge cannot happen here, but a page's events may have been merged later
            # into nothing else: store ids are stable, so `landed` is final.
    return landed


def pairwise(pages: list[dict[str, Any]], landed: dict[str, set[int]]) -> dict[str, float]:
    tp = fp = fn = 0
    near_fp = 0
    for a, b in itertools.combinations(pages, 2):
        gold = a["cluster"] == b["cluster"]
        pred = bool(landed[a["id"]] & landed[b["id"]])
        tp += gold and pred
        fp += (not gold) and pred
        fn += gold and not pred
        near_fp += pred and not gold and (a["near_miss"] == b["cluster"] or b["near_miss"] == a["cluster"])
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": prec, "recall": rec, "tp": tp, "fp": fp, "fn": fn, "near_miss_merged": near_fp,
            "pages_without_events": sum(1 for p in pages if not landed[p["id"]])}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mode", choices=("reports", "pipeline"), default="reports")
    ap.add_argument("--orders", type=int, default=5, help="shuffled ingest orders (seed 0 = file order)")
    ap.add_argument("--noise", type=float, default=0.0,
                    help="reports mode: chance of each kind of extraction error per page (e.g. 0.15)")
    ap.add_argument("--verbose", action="store_true", help="print the wrong pairs")
    args = ap.parse_args(argv)

    pages = load()
    pipeline = None
    if args.mode == "pipeline":
        from kabar.pipeline import default_pipeline

        pipeline = default_pipeline()
    n_clusters = len({p["cluster"] for p in pages})
    langs = sorted({p["lang"] for p in pages})
    print(f"benchmark: {len(pages)} pages, {n_clusters} events ({sum(1 for c in {p['cluster']: p for p in pages}.values() if c['near_miss'])} near-misses), "
          f"languages {', '.join(langs)}; mode={args.mode}" + (f", noise={args.noise}" if args.noise else ""))
    results, results_ok = [], []
    for seed in range(args.orders):
        order = list(pages)
        if seed:
            random.Random(seed).shuffle(order)
        ok: dict[str, bool] = {}
        landed = run_order(order, args.mode, pipeline, ok, args.noise)
        r = pairwise(pages, landed)
        results.append(r)
        print(f"order {seed}: precision {r['precision']:.3f} recall {r['recall']:.3f} "
              f"(tp {r['tp']}, fp {r['fp']}, fn {r['fn']}, near-miss pairs merged {r['near_miss_merged']}, "
              f"pages without events {r['pages_without_events']})")
        if args.mode == "pipeline":
            good = [p for p in pages if ok[p["id"]]]
            c = pairwise(good, landed)
            results_ok.append(c)
            print(f"  on the {len(good)} pages whose gold event extraction found: precision {c['precision']:.3f} "
                  f"recall {c['recall']:.3f} (tp {c['tp']}, fp {c['fp']}, fn {c['fn']})")
        if args.verbose:
            for a, b in itertools.combinations(pages, 2):
                gold, pred = a["cluster"] == b["cluster"], bool(landed[a["id"]] & landed[b["id"]])
                if gold != pred:
                    print(f"  {'FP' if pred else 'FN'}: {a['id']} / {b['id']}")
    print(f"min over orders: precision {min(r['precision'] for r in results):.3f} "
          f"recall {min(r['recall'] for r in results):.3f}")
    if results_ok:
        print(f"min over orders, pages whose event was extracted: precision "
              f"{min(r['precision'] for r in results_ok):.3f} recall {min(r['recall'] for r in results_ok):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
