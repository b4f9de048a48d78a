"""kabar geocode: place phrases -> ranked candidates (a table), or one JSON line per input line."""

from __future__ import annotations

import argparse
import json
import sys

HELP = "Geocode a place phrase (candidates with scores), or a JSONL file of {id, text, country} lines."

_OUT_FIELDS = ("id", "location", "admin1", "country", "iso", "latitude", "longitude", "geo_precision", "score")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("phrase", nargs="?", help='a place phrase, e.g. "Xoxocotla town, Morelos"')
    p.add_argument("--jsonl", metavar="FILE", help="geocode each line {id, text, optional country} of FILE "
                   "('-' for stdin); prints one JSON line per input line")
    p.add_argument("--country", help="the country the phrase is in (name or ISO code), if known")
    p.add_argument("--lang", help="language of the phrase (id, ms, en, ar, fr, es); default en")
    p.add_argument("--limit", type=int, default=8, help="candidates to show (default 8)")
    p.add_argument("--progress", action="store_true", help="show a progress bar for --jsonl")


def geocode_record(geo, rec: dict) -> dict:
    """The batch output for one input record: the best candidate, or nulls."""
    out = {k: None for k in _OUT_FIELDS}
    out["id"] = rec.get("id")
    cands = geo.geocode(str(rec.get("text") or ""), country=rec.get("country"), lang=rec.get("lang"))
    if cands:
        c = cands[0]
        out.update(location=c.place.name, admin1=c.place.admin1, country=c.place.country, iso=c.place.iso,
                   latitude=c.place.latitude, longitude=c.place.longitude, geo_precision=c.geo_precision,
                   score=round(c.score, 3))
    return out


def _read_jsonl(path: str):
    """(record, None) for each usable line, (None, message) for a bad one (the batch goes on)."""
    from kabar.errors import InputError
    from kabar.readers import json_lines

    for loc, rec in json_lines(path):
        if isinstance(rec, InputError):
            yield None, rec.render()
        elif "text" not in rec:
            yield None, f"{loc}: expected an object with 'id' and 'text'"
        else:
            yield rec, None


def _table(cands, limit: int) -> str:
    rows = [("#", "place", "kind", "admin1", "country", "lat", "lon", "prec", "score", "matched")]
    for k, c in enumerate(cands[:limit], 1):
        p = c.place
        rows.append((str(k), p.name, p.kind, p.admin1 or "-", p.country or "-",
                     f"{p.latitude:.4f}" if p.latitude is not None else "-",
                     f"{p.longitude:.4f}" if p.longitude is not None else "-",
                     str(c.geo_precision), f"{c.score:.3f}",
                     (c.surface + (f" [{c.relation}]" if c.relation else "")).replace("\n", " ")))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in rows)


def run(args: argparse.Namespace) -> int:
    from kabar.errors import ConfigError
    from kabar.geo import Geocoder

    if bool(args.phrase) == bool(args.jsonl):
        raise ConfigError("give either a PHRASE or --jsonl FILE", hint='kabar geocode "Mosul, Ninawa"')
    geo = Geocoder.load()
    if args.phrase:
        cands = geo.geocode(args.phrase, country=args.country, lang=args.lang)
        if not cands:
            print(f"no place found in {args.phrase!r}")
            return 1
        print(_table(cands, args.limit))
        return 0
    records = _read_jsonl(args.jsonl)
    if args.progress or (sys.stderr.isatty() and args.jsonl != "-"):
        from tqdm import tqdm

        records = tqdm(records, unit="line", desc="geocode", file=sys.stderr)
    failed = total = 0
    for rec, err in records:
        total += 1
        if err:
            failed += 1
            print(f"kabar geocode: error: {err}", file=sys.stderr)
            continue
        if args.country and not rec.get("country"):
            rec["country"] = args.country
        print(json.dumps(geocode_record(geo, rec), ensure_ascii=False))
    if failed:
        print(f"kabar geocode: {failed} of {total} lines failed", file=sys.stderr)
        return 1
    return 0
