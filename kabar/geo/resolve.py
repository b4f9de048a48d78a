"""Find place and country mentions in text and resolve them jointly against the gazetteer.

Matching walks the tokens once: at each capitalised (Latin) or Arabic token it extends the longest
name key the gazetteer knows (a prefix set stops the walk early), trying Arabic proclitic variants for
the first word. Around each name it reads administrative words ("Kabupaten", "province", "محافظة"),
direction/distance phrases ("50 km south of", "barat", "à l'est de", "جنوب") and "near" words.
Resolution scores every candidate by population, kind, agreement with administrative words, and the
document's country and admin1 context (country names, demonyms, hints, the other places), twice.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from dataclasses import dataclass, field

from kabar.geo.gazetteer import Gazetteer
from kabar.geo.lexicon import Lexicon
from kabar.geo.text import Token, arabic_variants, norm_name, tokenize

# What may separate two words of one name: spaces, hyphens, apostrophes, or a French elision (l'est).
_GAP_OK = re.compile(r"[ \t\u00a0\-‐–'’‘ʿʾ`]{1,3}|[ \t\u00a0]?(?:[lLdDjJnNsScC]|[qQ]u)['’ʼ]")
_NUM = re.compile(r"^\d+(?:[.,]\d+)?$")
_NUM_UNIT = re.compile(r"^(\d+(?:[.,]\d+)?)(km|kms|mi)$")
_BEARING = {"north": 0, "northeast": 45, "east": 90, "southeast": 135, "south": 180,
            "southwest": 225, "west": 270, "northwest": 315}
PRECISION = {"city": 1, "admin2": 2, "water": 2, "region": 2, "admin1": 3, "country": 3}
MAX_CANDIDATES = 40

# Scoring weights, set against the UCDP dev sample (docs/benchmarks/geocoding.md).
W_POP = 1.0  # log-population, scaled to 0..1 over 10 .. 10M people
W_COUNTRY = 3.0  # share of the document's country evidence the candidate's country has
W_HINT = 3.0  # the caller's country hint
W_ADMIN1 = 1.0  # another mention is (in) the same admin1
W_ADMIN2 = 0.8  # another mention is (in) the same admin2 (district, municipality)
W_KIND = 0.8  # administrative words agree with the candidate's kind
W_HOME = 0.3  # the page's language is spoken in the candidate's country
W_PRIMARY = 0.1  # (0.3 lost 0.4 pt on UCDP) the name is the place's own name, not one of its alternates ("Bulalacao")


# A town outside the page's countries is still believed when named by its own uncommon name and at
# least this populous (checked against tests/test_extract.py's known-towns table and the dev pages).
OWN_NAME_POPULATION = 30_000


@dataclass
class Match:
    """A name found in the text, before and after resolution."""

    i: int  # token range of the name
    j: int
    start: int  # character span of the whole mention (prefix/relation included)
    end: int
    name_start: int
    name_end: int
    key: str
    ids: tuple[int, ...] = ()
    country: int | None = None  # a country mention: the country index
    kind_pref: str | None = None
    relation: str | None = None
    distance_km: float | None = None
    base: list[float] = field(default_factory=list)  # context-free score of each candidate
    scores: list[float] = field(default_factory=list)
    best: int = -1  # index into ids
    fuzzy: bool = False  # found by close spelling (phrase geocoding only)
    partial: bool = False  # next to capitalised words no name covers ("Sánchez Taboada")
    sent_start: bool = False  # the name is the first word of a sentence ("Baku tembak ...")

    @property
    def top(self) -> int | None:
        return self.ids[self.best] if self.ids and self.best >= 0 else None


def _pop_score(pop: int) -> float:
    return min(1.0, max(0.0, (math.log10(pop + 10) - 1) / 6))


def offset(lat: float, lon: float, relation: str, km: float) -> tuple[float, float]:
    """The point ``km`` kilometres from (lat, lon) in the direction ``relation``."""
    b = math.radians(_BEARING[relation])
    dlat = km * math.cos(b) / 111.2
    dlon = km * math.sin(b) / (111.2 * max(0.1, math.cos(math.radians(lat))))
    return round(lat + dlat, 5), round(lon + dlon, 5)


class Resolver:
    """Matching and joint resolution over one :class:`Gazetteer` and the languages' lexicons."""

    def __init__(self, gaz: Gazetteer, lexicons: dict[str, Lexicon]):
        self._tok_memo: tuple | None = None  # (text, tokens, match spans, starts) of the last page
        self.gaz = gaz
        self.lex = lexicons
        self.stop: set[str] = set().union(*(lx.stop for lx in lexicons.values())) if lexicons else set()
        self._merged: dict[str, Lexicon] = {}
        self._word_keys: dict[str, tuple[str, bool]] = {}  # tokenizer memo (bounded in tokenize)
        self._primary_keys: dict[int, str] = {}  # place row -> key of its own name (bounded)
        self._pop_scores: dict[int, float] = {}  # place row -> _pop_score (bounded)

    def lexicon(self, lang: str | None) -> Lexicon:
        """The page language's lexicon merged with English (UCDP phrases and English loanwords)."""
        lang = lang if lang in self.lex else "en"
        if lang not in self._merged:
            base, en = self.lex.get(lang) or Lexicon(lang), self.lex.get("en") or Lexicon("en")
            m = Lexicon(lang=lang)
            for src in (en, base):
                m.directions.update(src.directions)
                m.prefixes.update(src.prefixes)
                m.suffixes.update(src.suffixes)
                m.connectors |= src.connectors
                m.units |= src.units
            m.directions_after = base.directions_after
            m.home = set(base.home)
            self._merged[lang] = m
        return self._merged[lang]

    # -- matching -------------------------------------------------------------------------------
    def _span_tokens(self, text: str, s: int, e: int, lo: int = 0, hi: int | None = None) -> list[Token]:
        """``tokenize(text, s, e)``, cut from the tokens of ``text[lo:hi]`` (tokenised once per page:
        the stretch from the first to the last span, so a page's header and footer are not read).

        Equal to tokenising the span unless a word straddles a span edge; then the span is
        tokenised on its own.
        """
        hi = len(text) if hi is None else hi
        memo = self._tok_memo
        if memo is None or memo[0] is not text or memo[3] != (lo, hi):
            toks = tokenize(text, lo, hi, self._word_keys)
            memo = self._tok_memo = (text, toks, [t.start for t in toks], (lo, hi))
        _, toks, starts, _ = memo
        i, j = bisect_left(starts, s), bisect_left(starts, e)
        if (i > 0 and toks[i - 1].end > s) or (j > 0 and toks[j - 1].end > e):
            return tokenize(text, s, e, self._word_keys)  # a word straddles the span's edge
        return toks[i:j]

    def tokens(self, text: str, spans: list[tuple[int, int]] | None) -> list[list[Token]]:
        """Token runs: one per span, split where the gap between two tokens is not name-internal."""
        runs: list[list[Token]] = []
        spans = spans or [(0, len(text))]
        lo, hi = min(s for s, _ in spans), max(e for _, e in spans)
        for s, e in spans:
            toks = self._span_tokens(text, s, e, lo, hi)
            cur: list[Token] = []
            for t in toks:
                if cur and not (t.start == cur[-1].end + 1 and text[cur[-1].end] == " ") \
                        and not _GAP_OK.fullmatch(text, cur[-1].end, t.start):
                    runs.append(cur)
                    cur = []
                cur.append(t)
            if cur:
                runs.append(cur)
        return runs

    def match(self, text: str, lang: str | None, spans=None, runs=None, any_case: bool = False) -> list[Match]:
        """All place and country names in the text, longest first, with their context words.

        ``any_case`` lets lowercase words start a name (place phrases such as "sermon town", where
        every word is meant as a place); running text needs a capital (or Arabic script).
        """
        gd = self.gaz.d
        keys, prefixes, ckeys = gd.keys, gd.prefixes, gd.country_keys
        lex = self.lexicon(lang)
        out: list[Match] = []
        for run in runs if runs is not None else self.tokens(text, spans):
            n = len(run)
            i = 0
            run_first = len(out)
            while i < n:
                t = run[i]
                if not t.upper and not (any_case and len(t.key) >= 4 and t.key not in self.stop
                                        and t.key not in gd.common and t.key not in lex.directions):
                    i += 1
                    continue
                best_j, best_key, best_c = 0, "", None
                for first in (arabic_variants(t.key) if t.arabic else (t.key,)):
                    key = first
                    j = i + 1
                    while True:
                        if j > best_j or (j == best_j and best_c is None and key in ckeys):
                            if key in ckeys and self._country_ok(run, i, j, key):
                                best_j, best_key, best_c = j, key, ckeys[key]
                            elif key in keys and self._place_ok(run, i, j, key):
                                best_j, best_key, best_c = j, key, None
                        if j >= n or j - i >= 6 or key not in prefixes:
                            break
                        key = key + " " + run[j].key
                        j += 1
                if not best_j:
                    i += 1
                    continue
                m = Match(i, best_j, run[i].start, run[best_j - 1].end, run[i].start, run[best_j - 1].end,
                          best_key)
                before = text[max(0, t.start - 3):t.start].rstrip(" \t\"'“‘«(")
                m.sent_start = not before or before[-1] in ".!?\n:;"
                self._context(run, m, lex)
                if best_c is not None and not m.kind_pref and best_key in gd.demonym_keys:
                    i = best_j  # a demonym ("Iraqi", "malien") is country evidence, not a place
                    continue
                if best_c is not None and not m.kind_pref:
                    m.country = best_c
                elif best_c is not None:  # "Mexico state", "estado de México": the admin area
                    m.ids = self.gaz.ids(best_key)
                    if not m.ids:
                        m.country = best_c
                else:
                    m.ids = self.gaz.ids(best_key)[:MAX_CANDIDATES]
                out.append(m)
                i = best_j
            if len(out) > run_first:
                self._flag_partial(run, out[run_first:], lex)
        return out

    def _flag_partial(self, run: list[Token], found: list[Match], lex: Lexicon) -> None:
        """Mark names glued to capitalised words that no match covers ("Sánchez Taboada")."""
        covered = set()
        for m in found:
            covered.update(range(m.i, m.j))

        def unknown(k: int, strict: bool) -> bool:
            t = run[k]
            return (k not in covered and t.upper and not t.arabic and (not strict or t.key not in self.stop)
                    and t.key not in lex.suffixes and t.key not in lex.prefixes
                    and t.key not in lex.directions)

        for m in found:
            if m.country is not None:
                continue
            # a capitalised word after the name (even a common one: "Baku Tembak" in a title) makes it
            # part of something longer; before it, only a word that is not a common one
            after = m.j < len(run) and m.end == run[m.j - 1].end and unknown(m.j, False)
            before = m.i >= 2 and m.start == m.name_start and unknown(m.i - 1, True)
            m.partial = after or before

    def _place_ok(self, run: list[Token], i: int, j: int, key: str) -> bool:
        if j - i == 1:
            t = run[i]
            if key in self.stop or len(key) < 3:
                return False
            if not t.arabic and t.text.isupper() and len(t.text) <= 4:
                return False  # acronyms (IRNA, NATO, KDP) are not places
        elif key in self.stop:
            return False
        return True

    def _country_ok(self, run: list[Token], i: int, j: int, key: str) -> bool:
        first = run[i]
        if len(key) <= 3 and not first.arabic:
            return first.text.isupper()  # "US", "AS", "RI", "DRC": acronyms only
        return True

    def _context(self, run: list[Token], m: Match, lex: Lexicon) -> None:
        """Administrative words, direction/distance and "near" phrases around a name."""
        i, j = m.i, m.j
        p = i
        prefix_ends, suffix_starts, direction_ends = lex.edges()
        for k in ((3, 2, 1) if i and _may_end(run[i - 1], prefix_ends) else ()):
            # prefix: "Kabupaten", "province de", "محافظة"
            if i - k < 0:
                continue
            words = [x.key for x in run[i - k:i]]
            for first in (arabic_variants(words[0]) if run[i - k].arabic else (words[0],)):
                kind = lex.prefixes.get(" ".join([first, *words[1:]]))
                if kind:
                    m.kind_pref, p, m.start = kind, i - k, run[i - k].start
                    break
            if m.kind_pref:
                break
        q = j
        for k in ((2, 1) if j < len(run) and run[j].key in suffix_starts else ()):
            # suffix: "province", "state", "town"
            if j + k <= len(run):
                kind = lex.suffixes.get(" ".join(x.key for x in run[j:j + k]))
                if kind:
                    m.kind_pref = m.kind_pref or kind
                    q = j + k
                    m.end = run[q - 1].end
                    break
        # direction or "near" before: "50 km south of", "sebelah barat", "à l'est de", "جنوب غرب"
        for k in ((5, 4, 3, 2, 1) if p and _may_end(run[p - 1], direction_ends) else ()):
            if p - k < 0:
                continue
            words = [x.key for x in run[p - k:p]]
            firsts = arabic_variants(words[0]) if run[p - k].arabic else (words[0],)
            rel = None
            for first in firsts:
                phrase = " ".join([first, *words[1:]])
                rel = lex.directions.get(phrase)
                if rel is None and words[-1] in lex.connectors and k > 1:
                    rel = lex.directions.get(" ".join([first, *words[1:-1]]))
                if rel:
                    break
            if rel:
                m.relation, m.start = rel, run[p - k].start
                s = p - k
                if s >= 2 and _NUM.match(run[s - 2].key) and run[s - 1].key in lex.units:
                    m.distance_km = float(run[s - 2].key.replace(",", "."))
                    m.start = run[s - 2].start
                elif s >= 1 and _NUM_UNIT.match(run[s - 1].key):
                    m.distance_km = float(_NUM_UNIT.match(run[s - 1].key).group(1).replace(",", "."))
                    m.start = run[s - 1].start
                if m.distance_km and run[s - 2 if s >= 2 else 0].key in ("miles", "mile", "mi"):
                    m.distance_km *= 1.609
                break
        if m.relation is None and lex.directions_after and q < len(run):
            rel = lex.directions.get(run[q].key)
            if run[q].arabic and not run[q].text.startswith("ال"):
                rel = None  # "جنوبي بغداد" starts the next phrase; "الموصل الغربية" is postposed
            if rel and rel != "near":  # "Mosul barat", "الموصل الغربية"
                m.relation, m.end = rel, run[q].end

    # -- resolution -----------------------------------------------------------------------------
    def resolve(self, matches: list[Match], lang: str | None, hint: list[int] | None = None,
                extra_countries: list[int] | None = None) -> None:
        """Pick each match's candidate, using the other matches as context (two passes)."""
        gd = self.gaz.d
        lex = self.lexicon(lang)
        home = {self.gaz.iso3_to_ci[c] for c in lex.home if c in self.gaz.iso3_to_ci}
        hint_set = set(hint or [])
        near_hint = {n for c in hint_set for n in gd.neighbours[c]} - hint_set
        fixed: dict[int, float] = {}  # country evidence from names/demonyms/hints
        for m in matches:
            if m.country is not None:
                fixed[m.country] = fixed.get(m.country, 0.0) + 1.0
        for c in extra_countries or ():
            fixed[c] = fixed.get(c, 0.0) + 0.5
        for c in hint_set:
            fixed[c] = fixed.get(c, 0.0) + 3.0
        places = [m for m in matches if m.ids]
        # unresolved prior: each match spreads its weight over its candidates by population
        for m in places:
            m.base = [W_POP * self._pop(i) + self._kind_score(m, i) for i in m.ids]
            m.scores = list(m.base)
            m.best = max(range(len(m.ids)), key=m.scores.__getitem__)
        for _ in range(2):
            ev = dict(fixed)
            a1_ev: dict[int, float] = {}
            a2_ev: dict[int, float] = {}
            own_a2: dict[int, dict[int, float]] = {}
            own_a1s: dict[int, dict[int, float]] = {}
            for mi, m in enumerate(places):
                weight = 0.3 if m.partial else 1.0  # "Salvador" of "Salvador Alvarado" is weak context
                probs = [p * weight for p in softmax(m.scores)]
                mine: dict[int, float] = {}
                mine1: dict[int, float] = {}
                for i, pr in zip(m.ids, probs):
                    if pr > 0.05 * weight:
                        c = gd.cc[i]
                        ev[c] = ev.get(c, 0.0) + 0.6 * pr
                        a1 = gd.admin1[i]
                        if a1 >= 0:
                            a1_ev[a1] = a1_ev.get(a1, 0.0) + pr
                            mine1[a1] = mine1.get(a1, 0.0) + pr
                        a2 = gd.admin2[i]
                        if a2 >= 0:
                            a2_ev[a2] = a2_ev.get(a2, 0.0) + pr
                            mine[a2] = mine.get(a2, 0.0) + pr
                own_a1s[mi] = mine1
                own_a2[mi] = mine
            total = sum(ev.values()) or 1.0
            for mi, m in enumerate(places):
                own_a1 = own_a1s[mi]
                new = []
                for i, s in zip(m.ids, m.base):
                    c = gd.cc[i]
                    a1 = gd.admin1[i]
                    s += W_COUNTRY * ev.get(c, 0.0) / total
                    if c in hint_set:
                        s += W_HINT
                    elif c in near_hint:
                        s += 0.5 * W_HINT
                    if c in home:
                        s += W_HOME
                    if a1 >= 0:
                        other = a1_ev.get(a1, 0.0) - own_a1.get(a1, 0.0)
                        s += W_ADMIN1 * min(1.0, max(0.0, other))
                    a2 = gd.admin2[i]
                    if a2 >= 0:
                        other = a2_ev.get(a2, 0.0) - own_a2[mi].get(a2, 0.0)
                        s += W_ADMIN2 * min(1.0, max(0.0, other))
                    new.append(s)
                m.scores = new
                m.best = max(range(len(m.ids)), key=new.__getitem__)

    def plausible(self, matches: list[Match], lang: str | None, hint: list[int] | None = None,
                  strict: bool = True) -> list[Match]:
        """Drop names the document's context does not support (common words, far-away namesakes).

        The context is the set of countries named (or given by demonyms and hints), the page
        language's countries, and the countries of large towns found. A place outside it is kept only
        when it is a large town (a frequent word must be a very large one); a town that is a frequent
        word needs an administrative word, a direction, or some size even inside the context.
        """
        gd = self.gaz.d
        lex = self.lexicon(lang)
        ev = {self.gaz.iso3_to_ci[c] for c in lex.home if c in self.gaz.iso3_to_ci} | set(hint or [])
        ev |= {m.country for m in matches if m.country is not None}
        # "Semporna, Sabah": a town right before its own province confirms the pair's country
        placed = sorted((m for m in matches if m.top is not None), key=lambda m: m.start)
        for a, b in zip(placed, placed[1:]):
            ta, tb = a.top, b.top
            if 0 <= b.start - a.end <= 2 and gd.kind[ta] == 0 and gd.kind[tb] != 0 and gd.admin1[ta] >= 0 \
                    and gd.admin1[ta] == gd.admin1[tb] and gd.cc[ta] == gd.cc[tb]:
                ev.add(gd.cc[ta])
        for m in matches:
            top = m.top
            if (top is not None and gd.kind[top] == 0 and m.key not in gd.common and not m.partial
                    and (gd.pop[top] >= 1_000_000 or gd.pop[top] >= 100_000 and self._primary(top) == m.key)):
                # a sizeable town named by its own name ("Kandahar") vouches for its country;
                # an alternate name ("Ahmad" for Al Ahmadi) does not
                ev.add(gd.cc[top])
        out = []
        for m in matches:
            top = m.top
            if top is None:
                if m.country is not None:
                    out.append(m)
                continue
            if strict and m.kind_pref == "street" and m.j - m.i == 1:
                continue  # "Wall Street", "Haifa Street": a street, not the town
            kind, in_ev = gd.kind[top], gd.cc[top] in ev
            pop = gd.pop[top] if kind == 0 else 0  # an admin1's size says nothing about the word
            common = m.key in gd.common and m.j - m.i == 1
            supported = m.start != m.name_start or m.end != m.name_end or kind != 0
            if in_ev:
                ok = not common or supported or pop >= 20_000 or not strict
            elif strict:
                # a frequent word far from the context must be the city's own name ("Paris"), not an
                # alternate ("Anda" for Daqing), and not a sentence's first word ("Baku tembak");
                # a town's own, uncommon name needs less size ("Marawi", "Lyon", "Helsinki" alone)
                ok = not m.partial and (
                    pop >= 1_000_000 and (m.key not in gd.very_common or self._primary(top) == m.key and not m.sent_start)
                    or pop >= OWN_NAME_POPULATION and not common and self._primary(top) == m.key)
            else:  # a place phrase: every name in it is meant as a place
                ok = not common or pop >= 1_000_000
            if ok:
                out.append(m)
        return out

    def _pop(self, i: int) -> float:
        v = self._pop_scores.get(i)
        if v is None:
            if len(self._pop_scores) > 200_000:
                self._pop_scores.clear()
            v = self._pop_scores[i] = _pop_score(self.gaz.d.pop[i])
        return v

    def _primary(self, i: int) -> str:
        key = self._primary_keys.get(i)
        if key is None:
            if len(self._primary_keys) > 200_000:
                self._primary_keys.clear()
            key = self._primary_keys[i] = norm_name(self.gaz.d.names[i])
        return key

    def _kind_score(self, m: Match, i: int) -> float:
        kind = self.gaz.kind(i)
        s = {"city": 0.0, "admin1": 0.05, "admin2": 0.05, "water": 0.4, "region": 0.3, "country": 0.0}[kind]
        if m.kind_pref:
            if m.kind_pref == kind or (m.kind_pref == "admin2" and kind in ("admin1", "region")):
                s += W_KIND
            elif m.kind_pref in ("admin1", "admin2") and kind == "city":
                s -= 0.25 * W_KIND  # "Karak district" is often named after its town
            elif m.kind_pref == "city" and kind in ("admin1", "admin2"):
                s -= 0.5 * W_KIND
        elif kind in ("admin1", "admin2"):
            s -= 0.1  # a bare name that is both a town and its province is the town ("Baghdad")
        if len(m.ids) > 1 and self._primary(i) == m.key:
            s += W_PRIMARY
        return s


def _may_end(tok: Token, ends: frozenset[str]) -> bool:
    """Whether a context phrase could end with this word (an Arabic one with a proclitic or not)."""
    return tok.key in ends or (tok.arabic and any(v in ends for v in arabic_variants(tok.key)))


def softmax(xs: list[float]) -> list[float]:
    """Candidate scores as probabilities (temperature 1/3: a 0.3 score gap is a clear preference)."""
    if not xs:
        return []
    mx = max(xs)
    ex = [math.exp(3.0 * (x - mx)) for x in xs]
    t = sum(ex)
    return [e / t for e in ex]
