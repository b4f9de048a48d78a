"""Per-language place knowledge read from ``kabar/lang/<code>/geo.yaml``.

Each file lists direction words, "near" words, distance units, administrative prefixes/suffixes
("Kabupaten", "province de", "محافظة", "state"), country names and demonyms, and a stop-list of place
names that are common words in that language. Adding a language = adding its ``geo.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kabar import yamlio

from kabar.errors import DataError
from kabar.geo.text import norm_name

LANG_DIR = Path(__file__).resolve().parent.parent / "lang"
RELATIONS = ("north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "near")


@dataclass
class Lexicon:
    lang: str
    directions: dict[str, str] = field(default_factory=dict)  # normalised phrase -> relation
    directions_after: bool = False  # "Mosul barat": a direction may follow the place
    connectors: set[str] = field(default_factory=set)  # "of", "de", "sebelah" ... (normalised)
    units: set[str] = field(default_factory=set)  # km, kilometres ...
    prefixes: dict[str, str] = field(default_factory=dict)  # normalised phrase -> kind
    suffixes: dict[str, str] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)  # surface name -> iso3 (capitalised)
    demonyms: dict[str, str] = field(default_factory=dict)  # adjective/demonym -> iso3 (any case)
    stop: set[str] = field(default_factory=set)  # normalised keys
    home: set[str] = field(default_factory=set)  # iso3 of countries where the language is spoken
    _edges: tuple | None = field(default=None, repr=False, compare=False)

    def edges(self) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
        """(last words of prefixes, first words of suffixes, last words of directions and connectors):
        a name with none of them beside it has no context phrase to look for (filled once)."""
        e = self._edges
        if e is None:
            e = self._edges = (
                frozenset(ph.rsplit(" ", 1)[-1] for ph in self.prefixes),
                frozenset(ph.split(" ", 1)[0] for ph in self.suffixes),
                frozenset(ph.rsplit(" ", 1)[-1] for ph in self.directions) | frozenset(self.connectors))
        return e


def _norm_list(words, path: Path | None = None) -> list[str]:
    out = []
    for w in words or []:
        if not isinstance(w, str):  # YAML 1.1 reads a bare On/No/Yes as a boolean
            raise DataError(f"word {w!r} is not a string (quote it)", where=str(path))
        if norm_name(w):
            out.append(norm_name(w))
    return out


def load_lexicon(path: Path) -> Lexicon:
    """Read one ``geo.yaml``; malformed data raises DataError naming the file."""
    try:
        raw = yamlio.load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(f"cannot read geo lexicon: {exc}", where=str(path)) from None
    if not isinstance(raw, dict):
        raise DataError("geo lexicon must be a mapping", where=str(path))
    lex = Lexicon(lang=path.parent.name)
    for rel, words in (raw.get("directions") or {}).items():
        if rel not in RELATIONS:
            raise DataError(f"unknown relation {rel!r} (use one of {', '.join(RELATIONS)})", where=str(path))
        for w in _norm_list(words):
            lex.directions[w] = rel
    lex.directions_after = bool(raw.get("directions_after", False))
    lex.connectors = set(_norm_list(raw.get("connectors")))
    lex.units = set(_norm_list(raw.get("units")))
    for kind, words in (raw.get("prefixes") or {}).items():
        for w in _norm_list(words):
            lex.prefixes[w] = kind
    for kind, words in (raw.get("suffixes") or {}).items():
        for w in _norm_list(words):
            lex.suffixes[w] = kind
    for iso3, names in (raw.get("countries") or {}).items():
        for n in names or []:
            lex.countries[str(n)] = str(iso3)
    for iso3, names in (raw.get("demonyms") or {}).items():
        for n in names or []:
            lex.demonyms[str(n)] = str(iso3)
    lex.home = {str(c) for c in raw.get("home_countries") or []}
    lex.stop = set(_norm_list(raw.get("stop"), path))
    return lex


def load_lexicons() -> dict[str, Lexicon]:
    """All languages' geo lexicons, keyed by language code."""
    return {p.parent.name: load_lexicon(p) for p in sorted(LANG_DIR.glob("*/geo.yaml"))}


def phrase_regex(words: list[str]) -> re.Pattern:
    """A regex matching any of the (normalised, space-joined) phrases as whole tokens."""
    alts = sorted({re.escape(w) for w in words if w}, key=len, reverse=True)
    return re.compile(r"(?:^|\s)(" + "|".join(alts) + r")$") if alts else re.compile(r"(?!x)x")
