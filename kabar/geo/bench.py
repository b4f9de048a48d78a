"""Geocoding benchmark: accuracy on UCDP GED place phrases, plus load time, memory and speed.

    python -m kabar.geo.bench ../shared/data/dev/ucdp-ged-sample.jsonl [--pages ../shared/data/dev/articles.jsonl]

Prints, for rows with ``where_prec`` <= 2: the share geocoded within 25 km of UCDP's coordinates, the
share with the right admin1 (UCDP's "Morelos state"/"Ninawa province" normalised), misses by cause;
then gazetteer load time and RSS (in a fresh process), look-ups per second and find_places time on
3 KB texts, all on one core.
"""

from __future__ import annotations

import argparse
import difflib
import json
import math
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from kabar.errors import InputError

_ADMIN_WORDS = {"state", "province", "governorate", "region", "division", "department", "departement",
                "district", "municipality", "prefecture", "oblast", "county", "territory", "muhafazat"}


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def admin_key(name: str | None) -> str:
    """An admin1 name without its administrative word ("Morelos state" -> "morelos")."""
    from kabar.geo.text import norm_name
    words = [w for w in norm_name(name or "").split() if w not in _ADMIN_WORDS]
    return " ".join(words)


def admin1_same(geo, ours: str | None, iso: str | None, theirs: str | None) -> bool:
    """Whether our admin1 and UCDP's name the same unit: equal names, an alias, or a close spelling."""
    if not ours or not theirs:
        return False
    a, b = admin_key(ours), admin_key(theirs)
    if a == b or a.replace(" ", "") == b.replace(" ", ""):
        return True
    gaz = geo.gaz
    for i in gaz.ids(b):  # UCDP's name is one of our admin1's aliases
        if gaz.kind(i) == "admin1" and gaz.iso3(i) == iso and gaz.place(i).admin1 == ours:
            return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.8


def read_rows(path: str) -> list[dict]:
    p = Path(path)
    if not p.exists():
        raise InputError("no such file", where=path)
    rows = []
    with open(p, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise InputError(f"malformed JSON ({exc.msg})", where=f"{path}:{n}") from None
    return rows


def phrase_of(row: dict) -> str:
    """UCDP's where_description, or where_coordinates with adm_1 where the description is missing."""
    if row.get("where_description"):
        return row["where_description"]
    return ", ".join(x for x in (row.get("where_coordinates"), row.get("adm_1")) if x)


def accuracy(geo, rows: list[dict], examples: int = 0) -> dict:
    rows = [r for r in rows if (r.get("where_prec") or 9) <= 2 and r.get("latitude") is not None]
    within = admin_ok = admin_n = 0
    per: dict[str, list[int]] = {}
    causes: Counter = Counter()
    shown: dict[str, list[str]] = {}
    for r in rows:
        gold = (r["latitude"], r["longitude"])
        cands = geo.geocode(phrase_of(r), country=r.get("country"))
        top = cands[0] if cands else None
        near = top is not None and top.place.latitude is not None and \
            haversine_km(gold, (top.place.latitude, top.place.longitude)) <= 25
        within += near
        a1 = top is not None and admin1_same(geo, top.place.admin1, top.place.iso, r.get("adm_1"))
        admin_ok += a1
        admin_n += bool(r.get("adm_1"))  # rows without UCDP's adm_1 cannot be scored on it
        pc = per.setdefault(r.get("country") or "?", [0, 0, 0])
        pc[0], pc[1], pc[2] = pc[0] + 1, pc[1] + near, pc[2] + a1
        if near:
            continue
        if not cands:
            cause = "phrase not parsed (no place found)"
        elif any(c.place.latitude is not None and haversine_km(gold, (c.place.latitude, c.place.longitude)) <= 25
                 for c in cands):
            cause = "wrong candidate chosen"
        elif top.place.kind in ("country", "admin1"):
            cause = "place missing from gazetteer (only a region found)"
        else:
            cause = "place missing from gazetteer (another place found)"
        causes[cause] += 1
        if examples and len(shown.setdefault(cause, [])) < examples:
            got = f"{top.place.name}/{top.place.admin1}/{top.place.iso}" if top else "-"
            shown[cause].append(f"{phrase_of(r)!r:.90} -> {got} (gold {r.get('where_coordinates')}, {r.get('adm_1')})")
    n = len(rows) or 1
    return {"rows": len(rows), "within_25km": within / n, "admin1_right": admin_ok / (admin_n or 1),
            "admin1_rows": admin_n,
            "misses": dict(causes.most_common()), "examples": shown, "per_country": per}


def _load_probe(cache_dir: str | None) -> dict:
    code = ("import time,psutil,json,sys;t=time.perf_counter();c=time.process_time();"
            "from kabar.geo import Geocoder;"
            f"g=Geocoder.load({cache_dir!r});"
            "print(json.dumps({'load_s':time.perf_counter()-t,'load_cpu_s':time.process_time()-c,"
            "'rss_mb':psutil.Process().memory_info().rss/2**20}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def speed(geo, rows: list[dict], pages: list[str], cache_dir: str | None) -> dict:
    from kabar.geo.text import norm_name
    res = {}
    _load_probe(cache_dir)  # make sure the cache exists
    probes = [_load_probe(cache_dir) for _ in range(3)]
    res["load_s"] = min(p["load_s"] for p in probes)
    res["load_cpu_s"] = min(p["load_cpu_s"] for p in probes)
    res["rss_mb"] = max(p["rss_mb"] for p in probes)
    phrases = [phrase_of(r) for r in rows][:2000]
    t = time.process_time()
    for ph in phrases:
        geo.geocode(ph)
    res["phrases_per_s"] = len(phrases) / (time.process_time() - t)
    names = [norm_name((r.get("where_coordinates") or "").rsplit(" ", 1)[0]) for r in rows]
    names = [k for k in names if k] * 5
    t = time.process_time()
    for k in names:
        for i in geo.gaz.ids(k)[:5]:
            geo.gaz.place(i)
    res["lookups_per_s"] = len(names) / (time.process_time() - t)
    if pages:
        texts = [p[:3000] for p in pages if len(p) >= 1000]
        t = time.process_time()
        for _ in range(3):
            for tx in texts:
                geo.find_places(tx, None)
        res["find_places_ms_per_3kb"] = 1000 * (time.process_time() - t) / (3 * len(texts))
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m kabar.geo.bench", description=__doc__.splitlines()[0])
    ap.add_argument("ucdp", help="UCDP GED rows (JSONL), e.g. ../shared/data/dev/ucdp-ged-sample.jsonl")
    ap.add_argument("--pages", help="pages JSONL (field 'text') for find_places speed")
    ap.add_argument("--cache-dir", default=None)
    ap.add_argument("--examples", type=int, default=0, help="print this many misses per cause")
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--by-country", action="store_true", help="print the figures per country too")
    args = ap.parse_args(argv)
    from kabar.geo import Geocoder
    rows = read_rows(args.ucdp)
    geo = Geocoder.load(args.cache_dir)
    acc = accuracy(geo, rows, args.examples)
    print(f"UCDP rows with where_prec <= 2: {acc['rows']}")
    print(f"  within 25 km:   {100 * acc['within_25km']:.1f}%")
    print(f"  admin1 right:   {100 * acc['admin1_right']:.1f}% (of {acc['admin1_rows']} rows with adm_1)")
    print("  misses by cause:")
    for cause, k in acc["misses"].items():
        print(f"    {k:5d}  {cause}")
        for ex in acc["examples"].get(cause, []):
            print(f"           {ex}")
    if args.by_country:
        print("  per country (rows, within 25 km, admin1 right):")
        for c, (k, near, a1) in sorted(acc["per_country"].items(), key=lambda x: -x[1][0]):
            print(f"    {c:28s} {k:5d}  {100 * near / k:5.1f}%  {100 * a1 / k:5.1f}%")
    if not args.no_speed:
        pages = [json.loads(ln).get("text") or "" for ln in open(args.pages, encoding="utf-8")] if args.pages else []
        sp = speed(geo, rows, pages, args.cache_dir)
        print(f"gazetteer load: {sp['load_cpu_s']:.2f} s CPU ({sp['load_s']:.2f} s wall), "
              f"RSS after load: {sp['rss_mb']:.0f} MiB")
        print(f"name look-ups: {sp['lookups_per_s']:,.0f}/s; geocode() phrases: {sp['phrases_per_s']:,.0f}/s (one core)")
        if "find_places_ms_per_3kb" in sp:
            print(f"find_places on a 3 KB page: {sp['find_places_ms_per_3kb']:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
