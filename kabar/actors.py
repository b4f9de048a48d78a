"""Actors: named groups across languages and scripts, generic roles, and ACLED-style names.

Named groups and their aliases are data (``kabar/data/actors.yaml`` plus ``kabar/data/actors.d/*.yaml``,
merged by canonical name); generic role words ("polisi", "protesters", "مسلحين") come from each
language pack's ``actors.yaml``. Outlets and agencies a page cites are in ``kabar/data/outlets*.yaml``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kabar import yamlio

from kabar.errors import DataError
from kabar.lang import LanguagePack

DATA = Path(__file__).parent / "data"

# ACLED's actor-type codes
INTER = {"state": 1, "rebels": 2, "political_militia": 3, "identity_militia": 4, "rioters": 5,
         "protesters": 6, "civilians": 7, "external": 8}
ROLE_INTER = {"military": 1, "police": 1, "government": 1, "rebels": 2, "armed_group": 3, "rioters": 5,
              "protesters": 6, "civilians": 7}
# Country names that take "the" in ACLED's state-force names ("Military Forces of the Philippines").
_THE = {"Philippines", "United States", "United Kingdom", "Netherlands", "Central African Republic",
        "Democratic Republic of Congo", "Republic of Congo", "Gambia", "United Arab Emirates", "Bahamas",
        "Comoros", "Maldives", "Czech Republic", "Dominican Republic"}


@dataclass
class NamedActor:
    name: str
    inter: int
    country: str | None = None  # ISO3 when tied to one country
    state_of: str | None = None  # ISO3 when the actor is a state's force (e.g. "TNI" -> IDN)
    force: str | None = None  # military | police, for state forces
    eras: list[dict] = field(default_factory=list)  # [{place, from, to}] where it held a place
    active: list | None = None  # [from_year, to_year or null]


@dataclass
class ActorMention:
    name: str | None  # canonical name for named actors; None for roles
    role: str  # named | military | police | protesters | rioters | civilians | armed_group | rebels | government
    inter: int
    start: int
    end: int
    first: int
    last: int
    actor: NamedActor | None = None
    country: str | None = None  # ISO3 from a demonym next to the role word ("pasukan Irak")


def state_force_name(force: str, country: str | None) -> str:
    if not country:
        country = "Unknown"
    c = f"the {country}" if country in _THE else country
    return f"{'Police' if force == 'police' else 'Military'} Forces of {c}"


def role_name(role: str, country: str | None) -> str:
    c = country or "International"
    if role in ("military", "police"):
        return state_force_name(role, country)
    if role == "government":
        return f"Government of {('the ' + c) if c in _THE else c}"
    return {
        "protesters": f"Protesters ({c})",
        "rioters": f"Rioters ({c})",
        "civilians": f"Civilians ({c})",
        "armed_group": f"Unidentified Armed Group ({c})",
        "rebels": f"Unidentified Armed Group ({c})",
    }.get(role, f"Unidentified Armed Group ({c})")


class ActorCatalog:
    """All named actors and outlets, with one alias matcher per language (built on first use)."""

    def __init__(self) -> None:
        self.actors: dict[str, NamedActor] = {}
        self._aliases: dict[str, list[str]] = {}  # canonical name -> patterns
        self.outlets: dict[str, list[str]] = {}
        self._origin: dict[tuple[str, str], str] = {}  # (name, pattern) -> "" (shared file) or a language
        for path in [DATA / "actors.yaml", *sorted((DATA / "actors.d").glob("*.yaml"))]:
            origin = path.stem if path.parent.name == "actors.d" else ""
            for rec in _read_list(path):
                name = rec.get("name")
                if not name:
                    continue
                a = self.actors.get(name)
                if a is None:
                    a = NamedActor(name=name, inter=int(rec.get("inter", 2)), country=rec.get("country"),
                                   state_of=rec.get("state_of"), force=rec.get("force"),
                                   eras=list(rec.get("eras") or []), active=rec.get("active"))
                    self.actors[name] = a
                else:
                    a.eras.extend(rec.get("eras") or [])
                for alias in [*(str(x) for x in rec.get("aliases") or []), name]:
                    self._aliases.setdefault(name, []).append(alias)
                    self._origin.setdefault((name, alias), origin)
        for path in [DATA / "outlets.yaml", *sorted((DATA / "outlets.d").glob("*.yaml"))]:
            for rec in _read_list(path):
                if rec.get("name"):
                    self.outlets.setdefault(rec["name"], []).extend(str(x) for x in rec.get("aliases") or [])
                    self.outlets[rec["name"]].append("=" + rec["name"])

    def scan_entries(self, pack: LanguagePack) -> list[tuple[str, str, str]]:
        """(key, label, pattern) entries for a pack's combined scanner: named actors and outlets."""
        # one alias, one actor: "PNP" is the Philippine police in English news and Peru's in Spanish,
        # so the page's own language file wins, then the shared file, then the first other language
        rank = {pack.code: 0, "": 1}
        best: dict[str, tuple[int, str, str]] = {}
        for n, pats in self._aliases.items():
            for p in pats:
                key = p.lower()
                r = rank.get(self._origin.get((n, p), ""), 2)
                if key not in best or r < best[key][0]:
                    best[key] = (r, n, p)
        entries = [("actors:named", n, p) for _r, n, p in best.values()]
        for rec in pack.get("actors", "named", []) or []:
            if isinstance(rec, dict) and rec.get("name") in self.actors:
                entries.extend(("actors:named", rec["name"], str(p)) for p in rec.get("aliases") or [])
        entries.extend(("actors:outlets", n, p) for n, pats in self.outlets.items() for p in pats)
        return entries

    def find(self, scan) -> list[ActorMention]:
        """Actor mentions in a sentence's scan: named groups first, then generic role words."""
        out: list[ActorMention] = []
        taken: set[int] = set()
        for m in _longest(scan.get("actors:named", ())):
            a = self.actors[m.label]
            role = a.force or "named"
            out.append(ActorMention(a.name, role, a.inter, m.start, m.end, m.first, m.last, a, country=a.state_of))
            taken.update(range(m.first, m.last + 1))
        for m in _longest(scan.get("actors:roles", ())):
            if any(i in taken for i in range(m.first, m.last + 1)):
                continue
            out.append(ActorMention(None, m.label, ROLE_INTER.get(m.label, 3), m.start, m.end, m.first, m.last))
            taken.update(range(m.first, m.last + 1))
        out.sort(key=lambda a: a.first)
        # "pasukan ISIS", "pasukan wanita ISIS", "militants of al-Shabaab": a force word right before
        # a named non-state group is that group's fighters, not a state force
        keep = []
        for i, a in enumerate(out):
            if a.role in ("military", "police", "armed_group", "rebels") and a.name is None:
                nxt = out[i + 1] if i + 1 < len(out) else None
                if nxt is not None and nxt.role == "named" and nxt.actor is not None and not nxt.actor.force \
                        and 0 <= nxt.first - a.last <= 2:
                    continue
            keep.append(a)
        return keep

    @staticmethod
    def find_outlets(scan) -> list[tuple[str, int, int]]:
        return [(m.label, m.start, m.end) for m in _longest(scan.get("actors:outlets", ()))]

    def year_ranges(self, names: set[str], places: set[str]) -> list[tuple[dt.date, dt.date]]:
        """Periods the page's context allows: a named group's hold on a place the page names."""
        ranges = []
        for n in names:
            a = self.actors.get(n)
            if not a:
                continue
            for era in a.eras:
                if str(era.get("place", "")).lower() in places:
                    ranges.append((_d(era.get("from"), dt.date(1900, 1, 1)), _d(era.get("to"), dt.date.today())))
        if ranges:
            return ranges
        for n in names:
            a = self.actors.get(n)
            if a and a.active:
                lo = dt.date(int(a.active[0]), 1, 1)
                hi = dt.date(int(a.active[1]), 12, 31) if len(a.active) > 1 and a.active[1] else dt.date.today()
                ranges.append((lo, hi))
        if len(ranges) > 1:  # every named group must have been active: intersect
            lo = max(r[0] for r in ranges)
            hi = min(r[1] for r in ranges)
            return [(lo, hi)] if lo <= hi else []
        return ranges


def _d(v, default: dt.date) -> dt.date:
    if v is None:
        return default
    if isinstance(v, dt.date):
        return v
    s = str(v)
    if len(s) == 4:
        s += "-01-01"
    elif len(s) == 7:
        s += "-01"
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        return default


def _longest(matches):
    """Non-overlapping matches, longest first."""
    if len(matches) < 2:
        return list(matches)
    out = []
    used: set[int] = set()
    for m in sorted(matches, key=lambda m: (-(m.last - m.first), m.first)):
        rng = range(m.first, m.last + 1)
        if any(i in used for i in rng):
            continue
        used.update(rng)
        out.append(m)
    return sorted(out, key=lambda m: m.first)


def _read_list(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    try:
        with open(path, encoding="utf-8") as fh:
            d = yamlio.load(fh) or []
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(f"cannot read actor data: {exc}", where=str(path)) from None
    return [r for r in d if isinstance(r, dict)] if isinstance(d, list) else []
