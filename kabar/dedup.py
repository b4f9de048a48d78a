"""De-duplication: decide whether two reports describe the same real-world event, and reconcile
the fields of all reports of one event into its canonical record.

Pure functions over plain dicts (a *report* is one extracted event: the columns of
``event_sources``), so the store, tests and the benchmark share them. The store finds candidates
through an index (date bucket + geo cell, see :func:`candidate_keys`), never by scanning all events.

A decision is explainable: :func:`compare` returns the score and, per criterion, a short reason
(``place: 3.2 km apart``), which the merge log keeps and ``kabar explain`` prints.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable, Sequence

# ACLED's 25 sub-event types grouped into families of "could be the same event told differently".
SUB_EVENT_FAMILY: dict[str, str] = {
    "Armed clash": "battle",
    "Government regains territory": "battle",
    "Non-state actor overtakes territory": "battle",
    "Chemical weapon": "explosion",
    "Air/drone strike": "explosion",
    "Suicide bomb": "explosion",
    "Shelling/artillery/missile attack": "explosion",
    "Remote explosive/landmine/IED": "explosion",
    "Grenade": "explosion",
    "Sexual violence": "civilians",
    "Attack": "civilians",
    "Abduction/forced disappearance": "abduction",
    "Peaceful protest": "protest",
    "Protest with intervention": "protest",
    "Excessive force against protesters": "protest",
    "Violent demonstration": "riot",
    "Mob violence": "riot",
    "Agreement": "agreement",
    "Arrests": "arrests",
    "Change to group/activity": "other",
    "Disrupted weapons use": "explosion",
    "Headquarters or base established": "other",
    "Looting/property destruction": "looting",
    "Non-violent transfer of territory": "territory",
    "Other": "other",
}
EVENT_TYPE_FAMILY: dict[str, str] = {
    "Battles": "battle",
    "Explosions/Remote violence": "explosion",
    "Violence against civilians": "civilians",
    "Protests": "protest",
    "Riots": "riot",
    "Strategic developments": "other",
}
# Families that outlets often tell differently for one event: a bombing in a market is an
# "attack" for one outlet and an "IED" for another; shelling during a clash is told as either;
# gunmen shooting at a village is a "clash" when the report mentions armed defenders (the most
# frequent confusion on benchmarks/dedup, end to end).
COMPATIBLE_FAMILIES: frozenset[frozenset[str]] = frozenset({
    frozenset({"explosion", "civilians"}),
    frozenset({"battle", "civilians"}),
    frozenset({"explosion", "battle"}),
    frozenset({"battle", "territory"}),
    frozenset({"protest", "riot"}),
    frozenset({"civilians", "abduction"}),
})

_GENERIC_ACTOR = re.compile(r"^(unidentified|civilians|protesters|rioters|unknown)\b", re.I)
_STATE_ACTOR = re.compile(r"^(military|police) forces of (.+?)(\s*\(\d{4}-\d{0,4}\))?$", re.I)
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class DedupConfig:
    """Tuning constants of de-duplication (set against benchmarks/dedup, docs/benchmarks/store.md).

    ``radius_km`` per ACLED geo precision: precision 1 = the town itself (towns 10+ km apart
    stay apart: "same day, different town"), 2 = near/part of a town, 3 = a region's centroid.
    ``day_window``: how far apart two dates (in days) may be, per date precision; a one-day
    disagreement between day-precise reports is tolerated only with strong agreement otherwise
    (see ``_one_day_tolerable``), else "same place, different day" near-misses would merge.
    """

    radius_km: tuple[float, float, float] = (12.0, 30.0, 80.0)
    # Two town-precise reports naming *different* towns are different places unless this close
    # (Mopti and Sevare, 10 km apart, are two towns; the geocoder gives one town one name).
    other_name_km: float = 5.0
    day_window: dict[str, int] = field(default_factory=lambda: {"day": 1, "week": 7, "month": 31})
    threshold: float = 0.70
    weights: dict[str, float] = field(default_factory=lambda: {
        "type": 0.30, "date": 0.20, "place": 0.25, "actors": 0.15, "fatalities": 0.10})
    cell_degrees: float = 1.0  # geo cell size; neighbours (3x3) cover > the largest radius


@dataclass
class Decision:
    """The outcome of comparing two reports: a score in [0, 1], whether they match, and why."""

    score: float
    match: bool
    reasons: dict[str, str]
    veto: str | None = None


# --- keys ------------------------------------------------------------------------------------
def day_number(iso_date: str | None) -> int | None:
    """Proleptic ordinal of an ISO date (1 = 0001-01-01, a Monday), None when not a date."""
    if not iso_date:
        return None
    try:
        return date.fromisoformat(str(iso_date)[:10]).toordinal()
    except ValueError:
        return None


def geo_cell(lat: float | None, lon: float | None, size: float = 1.0) -> str | None:
    """The grid cell of a point, as text ``"row:col"``; None without coordinates."""
    if lat is None or lon is None:
        return None
    return f"{math.floor(lat / size)}:{math.floor(lon / size)}"


def neighbour_cells(lat: float, lon: float, size: float = 1.0) -> list[str]:
    """The cell of a point and its 8 neighbours (longitude wraps at the antimeridian)."""
    r0, c0 = math.floor(lat / size), math.floor(lon / size)
    ncols = round(360 / size)
    out = []
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            c = c0 + dc
            if c * size >= 180:
                c -= ncols
            elif c * size < -180:
                c += ncols
            out.append(f"{r0 + dr}:{c}")
    return out


def admin_key(iso: str | None, admin1: str | None) -> str | None:
    """A key for reports without coordinates: country + admin1 (None when either is missing)."""
    if not iso or not admin1:
        return None
    return f"{iso.upper()}|{_norm(admin1)}"


def candidate_keys(report: dict[str, Any], config: DedupConfig | None = None) -> dict[str, Any] | None:
    """What the store's index lookup needs: day range, geo cells and admin key; None = no dedup."""
    config = config or DedupConfig()
    day = report.get("day") or day_number(report.get("event_date"))
    if day is None:
        return None
    window = config.day_window.get(report.get("date_precision") or "day")
    if window is None:  # year precision: too vague to merge anything
        return None
    lat, lon = report.get("latitude"), report.get("longitude")
    cells = neighbour_cells(lat, lon, config.cell_degrees) if lat is not None and lon is not None else []
    akey = admin_key(report.get("iso"), report.get("admin1"))
    if not cells and not akey:
        return None
    return {"day_from": day - window, "day_to": day + window, "cells": cells, "admin_key": akey}


# --- comparison ------------------------------------------------------------------------------
def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def family(report: dict[str, Any]) -> str | None:
    """The sub-event family of a report (from its sub-event type, else its event type)."""
    sub = report.get("sub_event_type")
    if sub in SUB_EVENT_FAMILY:
        return SUB_EVENT_FAMILY[sub]
    return EVENT_TYPE_FAMILY.get(report.get("event_type") or "")


def _norm(s: str | None) -> str:
    return _WS.sub(" ", (s or "").strip().lower())


def actor_key(actor: str | None) -> str | None:
    """A comparable key for a named actor; None for missing or generic ones (unidentified...)."""
    if not actor or _GENERIC_ACTOR.match(actor.strip()):
        return None
    m = _STATE_ACTOR.match(actor.strip())
    if m:  # military and police of one country are one side for de-duplication
        return "state:" + _norm(m.group(2))
    return _norm(re.sub(r"\s*\([^)]*\)\s*$", "", actor))


def _score_type(a: dict, b: dict) -> tuple[float | None, str]:
    fa, fb = family(a), family(b)
    if a.get("sub_event_type") and a.get("sub_event_type") == b.get("sub_event_type"):
        return 1.0, f"same sub-event type ({a['sub_event_type']})"
    if fa is None or fb is None:
        return 0.5, "sub-event type unknown on one side"
    if fa == fb:
        return 0.75, f"same family ({fa}): {a.get('sub_event_type')} / {b.get('sub_event_type')}"
    if frozenset({fa, fb}) in COMPATIBLE_FAMILIES:
        return 0.4, f"compatible families {fa}/{fb}"
    return None, f"different kinds of event ({a.get('sub_event_type')} / {b.get('sub_event_type')})"


def _one_day_tolerable(a: dict, b: dict) -> bool:
    """Outlets often disagree by a day on one event (a "yesterday" counted from another
    publication date), but the same place is also hit on consecutive days. Tolerate one day only
    with the same sub-event type and either the same non-zero toll, or a shared named actor and
    close non-zero tolls (consecutive protests, with no toll and generic actors, stay apart)."""
    if not a.get("sub_event_type") or a.get("sub_event_type") != b.get("sub_event_type"):
        return False
    fa, fb = int(a.get("fatalities") or 0), int(b.get("fatalities") or 0)
    if fa == fb and fa > 0:
        return True
    shared = _score_actors(a, b)[0] == 1.0
    return shared and fa > 0 and fb > 0 and abs(fa - fb) <= max(2, 0.4 * max(fa, fb))


def _score_date(a: dict, b: dict, config: DedupConfig) -> tuple[float | None, str]:
    da, db = a.get("day") or day_number(a.get("event_date")), b.get("day") or day_number(b.get("event_date"))
    if da is None or db is None:
        return None, "date missing"
    gap = abs(da - db)
    pa, pb = a.get("date_precision") or "day", b.get("date_precision") or "day"
    if gap == 0:
        return 1.0, f"same date ({a.get('event_date')})"
    if pa == "day" and pb == "day":
        if gap == 1 and _one_day_tolerable(a, b):
            return 0.4, "dates 1 day apart, tolerated: same sub-event type and same or close death toll"
        return None, f"dates {gap} day(s) apart"
    window = max(config.day_window.get(pa, 0), config.day_window.get(pb, 0))
    if gap <= window:
        return 0.5, f"dates {gap} days apart within {pa}/{pb} precision"
    return None, f"dates {gap} days apart"


def _score_place(a: dict, b: dict, config: DedupConfig) -> tuple[float | None, str]:
    if a.get("iso") and b.get("iso") and a["iso"] != b["iso"]:
        return None, f"different countries ({a['iso']}/{b['iso']})"
    same_name = bool(a.get("location")) and _norm(a.get("location")) == _norm(b.get("location"))
    if None not in (a.get("latitude"), a.get("longitude"), b.get("latitude"), b.get("longitude")):
        d = haversine_km(a["latitude"], a["longitude"], b["latitude"], b["longitude"])
        prec = max(int(a.get("geo_precision") or 1), int(b.get("geo_precision") or 1))
        radius = config.radius_km[min(max(prec, 1), 3) - 1]
        if prec == 1 and a.get("location") and b.get("location") and not same_name:
            radius = config.other_name_km
        if d > radius and not (same_name and d <= config.radius_km[2]):
            return None, f"{d:.1f} km apart (> {radius:.0f} km for geo precision {prec})"
        if same_name:
            return 1.0, f"same place ({a.get('location')}), {d:.1f} km apart"
        return max(0.3, 1.0 - 0.7 * d / radius), f"{d:.1f} km apart (<= {radius:.0f} km)"
    if admin_key(a.get("iso"), a.get("admin1")) == admin_key(b.get("iso"), b.get("admin1")) and a.get("admin1"):
        if same_name:
            return 0.9, f"same place name ({a.get('location')}), no coordinates"
        if a.get("location") and b.get("location"):
            return None, f"different places ({a.get('location')} / {b.get('location')}), no coordinates"
        return 0.35, f"same admin1 ({a.get('admin1')}), no coordinates"
    return None, "places not comparable"


def _score_actors(a: dict, b: dict) -> tuple[float, str]:
    ka = {k for k in (actor_key(a.get("actor1")), actor_key(a.get("actor2"))) if k}
    kb = {k for k in (actor_key(b.get("actor1")), actor_key(b.get("actor2"))) if k}
    if ka & kb:
        return 1.0, "shared actor " + ", ".join(sorted(ka & kb))
    if not ka and not kb:
        return 0.6, "no named actors on either side"
    if not ka or not kb:
        return 0.6, "named actor on one side only"
    return 0.0, "different named actors (" + ", ".join(sorted(ka)) + " / " + ", ".join(sorted(kb)) + ")"


def _score_fatalities(a: dict, b: dict) -> tuple[float, str]:
    fa, fb = int(a.get("fatalities") or 0), int(b.get("fatalities") or 0)
    if fa == fb:
        return (1.0 if fa else 0.6), f"same fatalities ({fa})"
    if 0 in (fa, fb):
        return 0.4, f"fatalities {fa} vs {fb}"
    hi = max(fa, fb)
    if abs(fa - fb) <= max(2, 0.4 * hi):
        return 0.8, f"close fatalities ({fa} vs {fb})"
    return 0.2, f"fatalities disagree ({fa} vs {fb})"


def compare(a: dict[str, Any], b: dict[str, Any], config: DedupConfig | None = None) -> Decision:
    """Do two reports describe the same event? Vetoes (different kind, date, country, too far)
    first, then a weighted score of type, date, place, actors and fatalities against the
    threshold."""
    config = config or DedupConfig()
    reasons: dict[str, str] = {}
    parts: dict[str, float] = {}
    for name, (score, why) in (("type", _score_type(a, b)), ("date", _score_date(a, b, config)),
                               ("place", _score_place(a, b, config))):
        reasons[name] = why
        if score is None:
            return Decision(0.0, False, reasons, veto=name)
        parts[name] = score
    parts["actors"], reasons["actors"] = _score_actors(a, b)
    parts["fatalities"], reasons["fatalities"] = _score_fatalities(a, b)
    total = sum(config.weights[k] * v for k, v in parts.items()) / sum(config.weights.values())
    return Decision(round(total, 4), total >= config.threshold, reasons)


def best_match(report: dict[str, Any], candidates: Iterable[dict[str, Any]],
               config: DedupConfig | None = None) -> tuple[Any, Decision] | None:
    """The canonical event a report should join: candidates are source reports carrying
    ``event_id``; an event's score is its best-matching source (ties: the lower event id)."""
    best: tuple[Any, Decision] | None = None
    for cand in candidates:
        dec = compare(report, cand, config)
        if not dec.match:
            continue
        if best is None or dec.score > best[1].score or (
                dec.score == best[1].score and cand["event_id"] < best[0]):
            best = (cand["event_id"], dec)
    return best


# --- reconciliation --------------------------------------------------------------------------
def _mode(values: Sequence[Any]) -> Any:
    """The most frequent non-empty value; ties go to the first seen."""
    vals = [v for v in values if v not in (None, "")]
    if not vals:
        return None
    counts = Counter(vals)
    top = max(counts.values())
    return next(v for v in vals if counts[v] == top)


def reconcile_fatalities(reports: Sequence[dict[str, Any]]) -> tuple[int, int, int, str]:
    """ACLED's rule: when reports disagree, code the most conservative (lowest) figure among the
    reports that give one; a report that gives none (0) does not pull a reported toll to 0.
    Returns (fatalities, min, max, note)."""
    given = [int(r.get("fatalities") or 0) for r in reports]
    positive = [f for f in given if f > 0]
    if not positive:
        return 0, 0, 0, ""
    lo, hi = min(positive), max(positive)
    if lo == hi:
        return lo, lo, hi, ""
    return lo, lo, hi, (f"reports disagree on fatalities ({', '.join(str(f) for f in sorted(set(positive)))}); "
                        f"the most conservative figure ({lo}) is coded")


def reconcile(reports: Sequence[dict[str, Any]], keep: dict[str, Any] | None = None) -> dict[str, Any]:
    """The canonical fields of an event from all its reports (in the order they were stored).

    Type, actors and date: the most frequent value (first report on ties; day-precise dates
    preferred). Place: from the most precise geo-coded report. Fatalities: see
    :func:`reconcile_fatalities`. ``keep`` holds reviewer-edited fields, which win.
    """
    if not reports:
        return dict(keep or {})
    out: dict[str, Any] = {}
    day_reports = [r for r in reports if (r.get("date_precision") or "day") == "day" and r.get("event_date")]
    out["event_date"] = _mode([r.get("event_date") for r in (day_reports or reports)])
    out["date_precision"] = next((r.get("date_precision") for r in reports
                                  if r.get("event_date") == out["event_date"]), None)
    out["sub_event_type"] = _mode([r.get("sub_event_type") for r in reports])
    out["event_type"] = next((r.get("event_type") for r in reports
                              if r.get("sub_event_type") == out["sub_event_type"]), None) \
        or _mode([r.get("event_type") for r in reports])
    for k in ("actor1", "actor2"):
        named = [r.get(k) for r in reports if actor_key(r.get(k))]
        out[k] = _mode(named) or _mode([r.get(k) for r in reports])
    for k in ("inter1", "inter2"):
        src = k.replace("inter", "actor")
        out[k] = next((r.get(k) for r in reports if r.get(src) == out[src] and r.get(k) is not None), None)
    out["interaction"] = next((r.get("interaction") for r in reports if r.get("interaction") is not None), None)
    geo = sorted((r for r in reports if r.get("latitude") is not None),
                 key=lambda r: int(r.get("geo_precision") or 3))
    loc_src = geo[0] if geo else reports[0]
    for k in ("country", "iso", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision"):
        out[k] = loc_src.get(k)
    out["country"] = out["country"] or _mode([r.get("country") for r in reports])
    out["iso"] = out["iso"] or _mode([r.get("iso") for r in reports])
    out["fatalities"], out["fatalities_min"], out["fatalities_max"], out["fatalities_note"] = \
        reconcile_fatalities(reports)
    outlets = list(dict.fromkeys(r.get("outlet") for r in reports if r.get("outlet")))
    out["source"] = "; ".join(outlets) or None
    cited: list[str] = []
    for r in reports:
        cited.extend(r.get("cited_sources") or [])
    out["cited_sources"] = list(dict.fromkeys(cited))
    out["langs"] = list(dict.fromkeys(r.get("lang") for r in reports if r.get("lang")))
    best = max(reports, key=lambda r: float(r.get("confidence") or 0))
    out["notes"] = best.get("notes") or ""
    out["confidence"] = max(float(r.get("confidence") or 0) for r in reports)
    out["n_sources"] = len(reports)
    out.update(keep or {})
    return out
