"""Close-spelling look-up for place phrases, within one country.

"Tafs" -> Ţafas, "Kafr Nebl" -> Kafranbel, "Tepalcatapec" -> Tepalcatepec. Analysts' place phrases
spell transliterated names many ways; :meth:`Geocoder.geocode` uses this when a phrase names no town
the gazetteer knows exactly. Two keys: a consonant skeleton for Arabic-style transliterations (article
dropped, words joined, vowels and doubled letters removed), then difflib's ratio.
"""

from __future__ import annotations

import difflib
import re

from kabar.geo.gazetteer import Gazetteer
from kabar.geo.resolve import Match, Resolver

MIN_RATIO = 0.84  # set against the UCDP dev sample; below it wrong towns outnumber right ones
MIN_SKELETON = 3  # shorter skeletons ("hs" for Hish) collide with too many villages
_ADMIN_WORDS = {"town", "village", "city", "district", "province", "state", "governorate", "region",
                "municipality", "township", "camp", "area", "near", "the", "of", "in", "and", "county",
                "neighborhood", "neighbourhood", "countryside", "suburb", "suburbs", "outskirts", "north",
                "south", "east", "west", "northern", "southern", "eastern", "western", "between", "road",
                "highway", "street", "village tract", "tract", "ward", "market", "base", "checkpoint"}
_ARTICLE = re.compile(r"\b(?:al|el|an|ar|as|ash|at|ad|adh|az|ath)\s+")
_DIGRAPHS = (("ou", "u"), ("oo", "u"), ("ee", "i"), ("ei", "i"), ("ey", "i"), ("ay", "i"), ("ai", "i"),
             ("dh", "d"), ("th", "t"), ("kh", "k"), ("gh", "g"), ("sh", "s"), ("ch", "s"), ("ph", "f"))
_LETTERS = str.maketrans({"q": "k", "c": "k", "w": "u", "y": "i", "e": "a", "o": "u", "p": "b", "v": "f",
                          "x": "k"})
_VOWELS = re.compile(r"[aeiou]")


def skeleton(key: str) -> str:
    """A consonant skeleton of a normalised name key ("kafr nebl" and "kafranbel" -> "kfrnbl")."""
    s = _ARTICLE.sub("", key + " ").replace(" ", "")
    for a, b in _DIGRAPHS:
        s = s.replace(a, b)
    s = re.sub(r"(.)\1+", r"\1", s.translate(_LETTERS))  # doubled letters first: "babila" keeps b-b
    return re.sub(r"h$", "", _VOWELS.sub("", s))


class FuzzyNames:
    """Per-country indexes of town keys (by skeleton and first letter), built on first use."""

    def __init__(self, gaz: Gazetteer, resolver: Resolver):
        self.gaz = gaz
        self.resolver = resolver
        self._index: dict[int, tuple[dict[str, list[str]], dict[str, list[str]]]] = {}

    def _country(self, ci: int) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        idx = self._index.get(ci)
        if idx is None:
            gd = self.gaz.d
            skel: dict[str, list[str]] = {}
            first: dict[str, list[str]] = {}
            for key, v in gd.keys.items():
                ids = (v,) if v >= 0 else self.gaz.ids(key)
                if any(gd.cc[i] == ci and gd.kind[i] == 0 for i in ids) and key.isascii():
                    first.setdefault(key[:1], []).append(key)
                    sk = skeleton(key)
                    if len(sk) >= MIN_SKELETON:
                        skel.setdefault(sk, []).append(key)
            idx = self._index[ci] = (skel, first)
        return idx

    def lookup(self, key: str, ci: int) -> list[str]:
        """Town keys of country ``ci`` spelt like ``key``: same skeleton, else the closest by ratio."""
        skel, first = self._country(ci)
        sk = skeleton(key)
        if len(sk) >= MIN_SKELETON and sk in skel:
            return skel[sk]
        cands = [k for k in first.get(key[:1], ()) if abs(len(k) - len(key)) <= 3]
        return difflib.get_close_matches(key, cands, n=1, cutoff=MIN_RATIO)

    def matches(self, runs, found: list[Match], hint: list[int]) -> list[Match]:
        """Matches for word groups that no exact match covered."""
        covered = [(m.start, m.end) for m in found]
        def free(t) -> bool:
            return not t.arabic and t.key not in _ADMIN_WORDS and not any(s <= t.start < e for s, e in covered)

        out: list[Match] = []
        for run in runs:
            i = 0
            while i < len(run):
                if not free(run[i]):
                    i += 1
                    continue
                j = i + 1
                while j < len(run) and j - i < 4 and free(run[j]):
                    j += 1
                key = " ".join(x.key for x in run[i:j])
                if len(key) >= 4:
                    for ci in hint:
                        keys = self.lookup(key, ci)
                        ids = tuple(dict.fromkeys(k for h in keys for k in self.gaz.ids(h)
                                                  if self.gaz.d.cc[k] == ci))
                        if ids:
                            m = Match(i, j, run[i].start, run[j - 1].end, run[i].start, run[j - 1].end,
                                      keys[0], ids[:20])
                            m.fuzzy = True
                            out.append(m)
                            break
                i = j
        return out
