"""The geocoder kabar's pipeline and the ``kabar geocode`` command use.

    geo = Geocoder.load()
    geo.find_places(text, "id")            # every place mention, resolved jointly
    geo.geocode("Xoxocotla town, Morelos") # one place phrase -> ranked candidates
    geo.country("IRQ"), geo.find_countries(text, "fr")
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from kabar.geo.fuzzy import FuzzyNames
from kabar.geo.gazetteer import Gazetteer
from kabar.geo.lexicon import load_lexicons
from kabar.geo.resolve import PRECISION, Match, Resolver, softmax, offset
from kabar.geo.text import arabic_variants
from kabar.records import Place


@dataclass
class PlaceMention:
    """A place referred to in the text: its span, the resolved place and ACLED's geo precision.

    ``anchor`` is the span of the place name itself when the mention is relative ("barat Tharthar":
    relation "west", anchor = the span of "Tharthar"); ``candidates`` are the alternatives, best first.
    """

    start: int
    end: int
    surface: str
    place: Place
    geo_precision: int
    relation: str | None = None
    anchor: tuple[int, int] | None = None
    candidates: list[Place] = field(default_factory=list)
    distance_km: float | None = None


@dataclass
class Candidate:
    """One ranked answer of :meth:`Geocoder.geocode`."""

    place: Place
    score: float
    geo_precision: int
    surface: str
    relation: str | None = None
    span: tuple[int, int] | None = None


def _km(a: Place, b: Place) -> float:
    import math
    la1, lo1, la2, lo2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


class Geocoder:
    """Offline geocoder over the compiled GeoNames gazetteer plus kabar's own additions."""

    def __init__(self, gazetteer: Gazetteer):
        self.gaz = gazetteer
        self.resolver = Resolver(gazetteer, load_lexicons())
        self.fuzzy = FuzzyNames(gazetteer, self.resolver)
        # first words of country names and demonyms: a Latin word outside it starts none
        self._country_first = frozenset(k.split(" ", 1)[0] for k in gazetteer.d.country_keys)

    @classmethod
    def load(cls, cache_dir: str | Path | None = None) -> "Geocoder":
        """Load (building and caching on first use) the gazetteer from ``cache_dir`` or the setting."""
        return cls(Gazetteer.load(cache_dir))

    # -- countries ------------------------------------------------------------------------------
    def country(self, iso3_or_name: str) -> Place | None:
        """A country as a Place (kind "country", at its capital), by ISO code or name."""
        ci = self.gaz.country_index(iso3_or_name)
        return self.gaz.country_place(ci) if ci is not None else None

    def _countries(self, text: str, spans=None, runs=None) -> list[tuple[int, int, int, bool]]:
        gd = self.gaz.d
        ckeys, prefixes, dem = gd.country_keys, gd.prefixes, gd.demonym_keys
        first_words = self._country_first
        out = []
        for run in runs if runs is not None else self.resolver.tokens(text, spans):
            n, i = len(run), 0
            while i < n:
                t = run[i]
                if not t.arabic and t.key not in first_words:
                    i += 1
                    continue
                best = None
                for first in (arabic_variants(t.key) if t.arabic else (t.key,)):
                    key, j = first, i + 1
                    while True:
                        if key in ckeys and (best is None or j > best[0]):
                            demonym = key in dem
                            ok = demonym or t.upper
                            if ok and len(key) <= 3 and not t.arabic and not demonym:
                                ok = t.text.isupper()
                            if ok:
                                best = (j, ckeys[key], demonym)
                        if j >= n or j - i >= 5 or key not in prefixes:
                            break
                        key = key + " " + run[j].key
                        j += 1
                if best:
                    out.append((t.start, run[best[0] - 1].end, best[1], best[2]))
                    i = best[0]
                else:
                    i += 1
        return out

    def find_countries(self, text: str, lang: str | None = None,
                       spans: list[tuple[int, int]] | None = None) -> list[tuple[int, int, str]]:
        """Spans of country names and demonyms/adjectives (any of the six languages) -> ISO alpha-3."""
        countries = self.gaz.d.countries
        return [(s, e, countries[ci][1]) for s, e, ci, _ in self._countries(text, spans)]

    # -- places ---------------------------------------------------------------------------------
    def _hint(self, country_hint) -> list[int]:
        if isinstance(country_hint, str):
            country_hint = [country_hint]
        out = []
        for c in country_hint or []:
            ci = self.gaz.country_index(c)
            if ci is not None:
                out.append(ci)
        return out

    def _matches(self, text: str, lang: str | None, spans, country_hint, strict: bool = True,
                 fuzzy: bool = False, runs=None, countries=None) -> list[Match]:
        runs = runs if runs is not None else self.resolver.tokens(text, spans)
        matches = self.resolver.match(text, lang, runs=runs, any_case=not strict)
        hint = self._hint(country_hint)
        if fuzzy and hint:  # a place phrase in a known country: namesakes elsewhere cover nothing
            cc = self.gaz.d.cc
            near = set(hint) | {n for c in hint for n in self.gaz.d.neighbours[c]}
            matches = [m for m in matches if m.country in near or any(cc[i] in near for i in m.ids)]
            matches = sorted(matches + self.fuzzy.matches(runs, matches, hint), key=lambda m: m.start)
        found = countries if countries is not None else self._countries(text, runs=runs)
        demonyms = [ci for _, _, ci, dem in found if dem]
        self.resolver.resolve(matches, lang, hint, demonyms)
        return self.resolver.plausible(matches, lang, hint + demonyms, strict=strict)

    def _mention(self, text: str, m: Match) -> PlaceMention:
        gaz = self.gaz
        if m.country is not None:
            place = gaz.country_place(m.country)
            place.score = 1.0
            return PlaceMention(m.start, m.end, text[m.start:m.end], place, 3, m.relation,
                                (m.name_start, m.name_end) if m.relation else None, [place])
        probs = softmax(m.scores)
        order = sorted(range(len(m.ids)), key=lambda k: -m.scores[k])
        cands = [gaz.place(m.ids[k], probs[k]) for k in order[:3]]  # the best and two alternatives
        place = dataclasses.replace(cands[0]) if m.relation and m.distance_km else cands[0]  # a copy only to move
        prec = PRECISION.get(place.kind, 1)
        if place.kind == "city" and m.kind_pref in ("admin1", "admin2"):
            prec = 3 if m.kind_pref == "admin1" else 2  # "Kabupaten Serang": the regency, at its seat
        if m.relation:
            prec = max(2, prec)
            if m.distance_km and m.relation in ("north", "south", "east", "west", "northeast",
                                                 "northwest", "southeast", "southwest") \
                    and m.distance_km >= 5 and place.latitude is not None:
                place.latitude, place.longitude = offset(place.latitude, place.longitude, m.relation,
                                                         m.distance_km)
        return PlaceMention(m.start, m.end, text[m.start:m.end], place, prec, m.relation,
                            (m.name_start, m.name_end) if m.relation else None, cands, m.distance_km)

    def find_places(self, text: str, lang: str | None = None, spans: list[tuple[int, int]] | None = None,
                    country_hint: list[str] | None = None) -> list[PlaceMention]:
        """All place references inside ``spans`` of ``text`` (default: all of it), resolved jointly.

        Args:
            text: the page text.
            lang: ISO 639-1 code of the page (its lexicon: administrative and direction words).
            spans: character spans to search (e.g. the article body without boilerplate).
            country_hint: ISO alpha-3 codes (or names) of countries the document is known to be about.
        Returns:
            PlaceMention records in text order; country mentions have kind "country", precision 3.
        """
        return [self._mention(text, m) for m in self._matches(text, lang, spans, country_hint)]

    def find_places_and_countries(self, text: str, lang: str | None = None,
                                  spans: list[tuple[int, int]] | None = None,
                                  country_hint: list[str] | None = None
                                  ) -> tuple[list[PlaceMention], list[tuple[int, int, str]]]:
        """``find_places`` and ``find_countries`` in one pass over the text (what extraction needs)."""
        runs = self.resolver.tokens(text, spans)
        found = self._countries(text, runs=runs)
        places = [self._mention(text, m)
                  for m in self._matches(text, lang, spans, country_hint, runs=runs, countries=found)]
        names = self.gaz.d.countries
        return places, [(s, e, names[ci][1]) for s, e, ci, _ in found]

    def geocode(self, phrase: str, country: str | None = None, lang: str | None = None) -> list[Candidate]:
        """One place phrase ("Xoxocotla town, Morelos 100 km southwest of Mexico City") -> candidates.

        The first place of the phrase inside the given country (towns before regions) is the answer;
        its alternatives and the phrase's other places follow, each with a 0..1 score.
        """
        text = phrase or ""
        matches = self._matches(text, lang or "en", None, [country] if country else None, strict=False,
                                fuzzy=True)
        mentions = [(m, self._mention(text, m)) for m in matches]
        if not mentions:
            return []
        hint = set(self._hint([country])) if country else set()
        hint_iso = {self.gaz.d.countries[c][1] for c in hint}
        if hint_iso:  # the caller knows the country: a namesake far away is no answer, but conflict
            # datasets file border areas under the conflict's country (Gaza under Israel in UCDP)
            near_iso = hint_iso | {self.gaz.d.countries[n][1] for c in hint for n in self.gaz.d.neighbours[c]}
            mentions = [(m, pm) for m, pm in mentions if pm.place.iso in near_iso]
            if not mentions:
                return []

        admin1_keys = {m.key for m, pm in mentions if pm.place.kind == "admin1"} | {
            m.key for m, _ in mentions if any(self.gaz.kind(i) == "admin1" for i in m.ids[:10])}

        def rank(item):
            idx, (m, pm) = item
            in_country = not hint_iso or pm.place.iso in hint_iso
            level = pm.geo_precision if pm.place.kind != "country" else 4
            # "Chihuahua Juárez": a name that is also a province's is context, not the place
            admin_like = m.key in admin1_keys and len(mentions) > 1
            part = m.partial or m.kind_pref in ("part", "street")
            return (not in_country, part, level >= 3, admin_like, m.fuzzy, idx)

        # A phrase that names its province ("X village, Aleppo Governorate") rules out towns elsewhere.
        named_a1 = set()
        for m, pm in mentions:
            if pm.place.kind == "admin1" or (m.key in admin1_keys and len(mentions) > 1):
                named_a1.update(c.admin1 for c in pm.candidates if c.kind == "admin1")
                if pm.place.kind == "admin1":
                    named_a1.add(pm.place.admin1)
        if named_a1:
            kept = [(m, pm) for m, pm in mentions
                    if pm.place.kind in ("admin1", "country") or pm.place.admin1 in named_a1
                    or m.key in admin1_keys]
            mentions = kept or mentions
        ranked = sorted(enumerate(mentions), key=rank)
        ordered = [pm for _, (m, pm) in ranked]
        not_admin = {id(pm) for _, (m, pm) in ranked if m.key not in admin1_keys}
        primary = ordered[0]
        # "Pípila La Presa, Tijuana": a small namesake far from the large town the phrase also
        # names is that town's neighbourhood, not a place 2,000 km away.
        if primary.place.kind == "city" and not primary.relation:
            for pm in ordered[1:]:
                if (pm.place.kind == "city" and not pm.relation and id(pm) in not_admin
                        and pm.place.iso == primary.place.iso
                        and pm.place.population >= 10 * max(primary.place.population, 1000)
                        and _km(pm.place, primary.place) > 50):
                    ordered.remove(pm)
                    ordered.insert(0, pm)
                    primary = pm
                    break
        out = [Candidate(primary.place, primary.place.score, primary.geo_precision, primary.surface,
                         primary.relation, (primary.start, primary.end))]
        for alt in primary.candidates[1:]:
            out.append(Candidate(alt, alt.score * 0.5, PRECISION.get(alt.kind, 1), primary.surface,
                                 primary.relation, (primary.start, primary.end)))
        for pm in ordered[1:]:
            out.append(Candidate(pm.place, pm.place.score * 0.3, pm.geo_precision, pm.surface, pm.relation,
                                 (pm.start, pm.end)))
        return out
