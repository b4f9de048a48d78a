"""Scoring events against gold pages, with the matching rule of ../shared/data/README.md.

A predicted and a gold event of the same page may pair when their event types are equal, their
places agree (within 50 km when both have coordinates; else the same admin1; else the same location
name) and their dates agree (within 2 days when both are known). Pairs are chosen greedily, best
first. Precision = pairs / predicted, recall = pairs / gold. On the pairs, field accuracies.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field

PAIR_KM = 50.0
PAIR_DAYS = 2
LOCATION_KM = 25.0
GENERIC_ACTOR_WORDS = {"forces", "force", "military", "of", "the", "police", "group", "armed", "unidentified",
                       "and", "de", "la", "al", "army"}
FIELDS = ("sub_event_type", "fatalities", "event_date", "location", "admin1", "country", "actor1", "actor2")


def km(lat1, lon1, lat2, lon2) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


def _norm(s) -> str:
    import unicodedata

    s = unicodedata.normalize("NFKD", str(s or "")).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", s).strip()


def _has_coords(e: dict) -> bool:
    return e.get("latitude") is not None and e.get("longitude") is not None


def _date(e: dict):
    try:
        return dt.date.fromisoformat(str(e.get("event_date"))[:10]) if e.get("event_date") else None
    except ValueError:
        return None


def places_agree(p: dict, g: dict) -> bool:
    if _has_coords(p) and _has_coords(g):
        return km(p["latitude"], p["longitude"], g["latitude"], g["longitude"]) <= PAIR_KM
    if p.get("admin1") and g.get("admin1"):
        return _norm(p["admin1"]) == _norm(g["admin1"])
    if p.get("location") and g.get("location"):
        return _norm(p["location"]) == _norm(g["location"])
    return False


def dates_agree(p: dict, g: dict) -> bool:
    a, b = _date(p), _date(g)
    if a is None or b is None:
        return True
    return abs((a - b).days) <= PAIR_DAYS


def actor_words(name) -> set[str]:
    return {w for w in _norm(name).split() if w not in GENERIC_ACTOR_WORDS}


def actors_agree(p, g) -> bool:
    if not p and not g:
        return True
    if not p or not g:
        return False
    wp, wg = actor_words(p), actor_words(g)
    if not wp and not wg:
        return _norm(p) == _norm(g)
    return bool(wp & wg)


def field_ok(name: str, p: dict, g: dict) -> bool | None:
    """Whether a field of a pair is right; None when gold gives nothing to check it against."""
    if name == "sub_event_type":
        return p.get("sub_event_type") == g.get("sub_event_type")
    if name == "fatalities":
        return int(p.get("fatalities") or 0) == int(g.get("fatalities") or 0)
    if name == "event_date":
        return (p.get("event_date") or None) == (g.get("event_date") or None)
    if name == "location":
        if not _has_coords(g):
            return None
        return _has_coords(p) and km(p["latitude"], p["longitude"], g["latitude"], g["longitude"]) <= LOCATION_KM
    if name in ("admin1", "country"):
        if not g.get(name):
            return None
        return _norm(p.get(name)) == _norm(g.get(name))
    if name in ("actor1", "actor2"):
        return actors_agree(p.get(name), g.get(name))
    raise KeyError(name)


def _pair_score(p: dict, g: dict) -> float:
    s = 0.0
    if p.get("sub_event_type") == g.get("sub_event_type"):
        s += 2
    if _has_coords(p) and _has_coords(g):
        s += 1 - min(1.0, km(p["latitude"], p["longitude"], g["latitude"], g["longitude"]) / PAIR_KM)
    a, b = _date(p), _date(g)
    if a and b:
        s += 1 - min(1.0, abs((a - b).days) / 3)
    return s


@dataclass
class PageScore:
    doc_id: str
    lang: str
    gold: int
    predicted: int
    pairs: list[tuple[dict, dict]] = field(default_factory=list)
    unmatched_pred: list[dict] = field(default_factory=list)
    unmatched_gold: list[dict] = field(default_factory=list)


def score_page(doc_id: str, lang: str, gold: list[dict], pred: list[dict]) -> PageScore:
    cands = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            if p.get("event_type") == g.get("event_type") and places_agree(p, g) and dates_agree(p, g):
                cands.append((_pair_score(p, g), i, j))
    cands.sort(reverse=True)
    used_p, used_g = set(), set()
    ps = PageScore(doc_id, lang, len(gold), len(pred))
    for _s, i, j in cands:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        ps.pairs.append((pred[i], gold[j]))
    ps.unmatched_pred = [p for i, p in enumerate(pred) if i not in used_p]
    ps.unmatched_gold = [g for j, g in enumerate(gold) if j not in used_g]
    return ps


def prf(pairs: int, predicted: int, gold: int) -> tuple[float, float, float]:
    p = pairs / predicted if predicted else (1.0 if gold == 0 else 0.0)
    r = pairs / gold if gold else (1.0 if predicted == 0 else 0.0)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def summarize(pages: list[PageScore]) -> dict:
    """Overall and per-language precision/recall/F1, field accuracies, negatives with events."""
    def block(ps: list[PageScore]) -> dict:
        pairs = sum(len(x.pairs) for x in ps)
        pred = sum(x.predicted for x in ps)
        gold = sum(x.gold for x in ps)
        p, r, f = prf(pairs, pred, gold)
        return {"pages": len(ps), "gold": gold, "predicted": pred, "pairs": pairs,
                "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}

    out = {"overall": block(pages), "by_language": {}}
    for lang in sorted({p.lang for p in pages}):
        out["by_language"][lang] = block([p for p in pages if p.lang == lang])
    fields = {}
    for name in FIELDS:
        ok = total = 0
        for ps in pages:
            for p, g in ps.pairs:
                v = field_ok(name, p, g)
                if v is None:
                    continue
                total += 1
                ok += bool(v)
        fields[name] = {"correct": ok, "checked": total, "accuracy": round(ok / total, 3) if total else None}
    out["fields"] = fields
    negatives = [p for p in pages if p.gold == 0]
    out["negatives"] = {"pages": len(negatives), "with_events": sum(1 for p in negatives if p.predicted > 0),
                        "ids": [p.doc_id for p in negatives if p.predicted > 0]}
    return out


def render(summary: dict) -> str:
    lines = []
    o = summary["overall"]
    lines.append(f"{'':10} {'pages':>5} {'gold':>5} {'pred':>5} {'pairs':>5} {'P':>6} {'R':>6} {'F1':>6}")
    def row(name, b):
        lines.append(f"{name:10} {b['pages']:>5} {b['gold']:>5} {b['predicted']:>5} {b['pairs']:>5} "
                     f"{b['precision']:>6.3f} {b['recall']:>6.3f} {b['f1']:>6.3f}")
    row("overall", o)
    for lang, b in summary["by_language"].items():
        row(lang, b)
    lines.append("field accuracy on matched events:")
    for name, f in summary["fields"].items():
        acc = "n/a" if f["accuracy"] is None else f"{f['accuracy']:.3f}"
        lines.append(f"  {name:15} {acc:>6}  ({f['correct']}/{f['checked']})")
    n = summary["negatives"]
    lines.append(f"no-event pages with events: {n['with_events']} of {n['pages']}"
                 + (f" ({', '.join(n['ids'])})" if n["ids"] else ""))
    return "\n".join(lines) + "\n"
