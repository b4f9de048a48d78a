"""Language packs: each language's knowledge as data in ``kabar/lang/<code>/*.yaml``.

A pack is found by its folder having a ``pack.yaml``; adding a language adds a folder, not code.
See ``kabar/lang/SCHEMA.md`` for the files and the pattern syntax.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from kabar import yamlio

from kabar.errors import DataError
from kabar.text import Token, normalize

LANG_DIR = Path(__file__).parent
PACK_FILES = ("events", "casualties", "numbers", "dates", "markers", "discourse", "actors", "geo", "boilerplate")


def available_languages() -> list[str]:
    """Codes of all installed language packs."""
    return sorted(p.parent.name for p in LANG_DIR.glob("*/pack.yaml"))


# --------------------------------------------------------------------------- patterns


@dataclass(frozen=True)
class _PTok:
    """One token of a compiled pattern."""

    word: str
    mode: str  # exact | prefix | suffix | contains | stem | gap
    case: bool = False  # case-sensitive: compare with the original text


def _parse_pattern(pattern: str) -> list[_PTok]:
    case = pattern.startswith("=")
    if case:
        pattern = pattern[1:]
    out: list[_PTok] = []
    for raw in pattern.replace("-", " ").replace("'", " ").replace("’", " ").split():
        if raw == "..":
            out.append(_PTok("", "gap"))
            continue
        stem = raw.startswith("~")
        raw = raw.lstrip("~")
        lead, trail = raw.startswith("*"), raw.endswith("*")
        core = raw.strip("*")
        parts = [w for w in _split_words(core if case else normalize(core)) if w]
        for i, w in enumerate(parts):
            if stem:
                mode = "stem"
            elif lead and trail and len(parts) == 1:
                mode = "contains"
            elif lead and i == 0:
                mode = "suffix"
            elif trail and i == len(parts) - 1:
                mode = "prefix"
            else:
                mode = "exact"
            out.append(_PTok(w, mode, case))
    return out


def _split_words(s: str) -> list[str]:
    import re

    return re.findall(r"\w+", s)


class Match:
    """A pattern found in a token list: tokens [first, last], its label and source pattern.

    In a pack's combined scan, ``key`` names the word list ("events:triggers") the pattern is from.
    """

    __slots__ = ("first", "last", "label", "pattern", "start", "end", "key")

    def __init__(self, first: int, last: int, label: Any, pattern: str, start: int, end: int, key: str | None = None):
        self.first, self.last, self.label, self.pattern = first, last, label, pattern
        self.start, self.end, self.key = start, end, key

    def __repr__(self) -> str:
        return f"Match({self.first}, {self.last}, {self.label!r}, {self.pattern!r}, {self.start}, {self.end})"


class PhraseMatcher:
    """Finds many multi-word patterns in a token list by first-token look-up (no regex scan)."""

    def __init__(self, entries: Iterable[tuple[str, str]], morphology: "Morphology"):
        self.morph = morphology
        self._exact: dict[str, list] = {}
        self._prefix: dict[str, list] = {}
        self._suffix: dict[str, list] = {}
        self._contains: list = []
        self._stem: dict[str, list] = {}
        self._case: dict[str, list] = {}
        self._prefix_lens: set[int] = set()
        self._suffix_lens: set[int] = set()
        self._cache: dict[str, list] = {}
        self._needs: dict[str, frozenset[str]] = {}  # pattern -> exact words it needs after its first
        for label, pattern in entries:
            toks = _parse_pattern(pattern)
            if not toks or toks[0].mode == "gap":
                continue
            entry = (label, pattern, toks)
            need = frozenset(t.word for t in toks[1:] if t.mode == "exact" and not t.case)
            if need:
                self._needs[pattern] = need
            head = toks[0]
            if head.case:  # looked up by the word's normalised form, then checked letter for letter
                self._case.setdefault(normalize(head.word), []).append(entry)
            elif head.mode == "exact":
                self._exact.setdefault(head.word, []).append(entry)
            elif head.mode == "prefix":
                self._prefix.setdefault(head.word, []).append(entry)
                self._prefix_lens.add(len(head.word))
            elif head.mode == "suffix":
                self._suffix.setdefault(head.word, []).append(entry)
                self._suffix_lens.add(len(head.word))
            elif head.mode == "contains":
                self._contains.append(entry)
            else:
                self._stem.setdefault(head.word, []).append(entry)

    def __bool__(self) -> bool:
        return bool(self._exact or self._prefix or self._suffix or self._contains or self._stem or self._case)

    def _tok_ok(self, pt: _PTok, tok: Token, text: str) -> bool:
        if pt.case:
            return text[tok.start:tok.end] == pt.word
        for v in self.morph.variants(tok.norm):
            if pt.mode == "exact" and v == pt.word:
                return True
            if pt.mode == "prefix" and v.startswith(pt.word):
                return True
            if pt.mode == "suffix" and v.endswith(pt.word):
                return True
            if pt.mode == "contains" and pt.word in v:
                return True
        if pt.mode == "stem":
            return pt.word in self.morph.stems(tok.norm)
        return False

    def _entry_lists(self, norm: str) -> tuple[tuple, tuple]:
        """(one-word entries, longer entries with the words they need) for a word, deduplicated, cached."""
        hit = self._cache.get(norm)
        if hit is None:
            singles, multis, seen = [], [], set()
            for e in self._lookup(norm):
                label, pattern, ptoks = e
                if (label, pattern) in seen:
                    continue
                seen.add((label, pattern))
                if len(ptoks) == 1:
                    singles.append((label, pattern))
                else:
                    multis.append((label, pattern, ptoks, self._needs.get(pattern)))
            hit = (tuple(singles), tuple(multis))
            if len(self._cache) < 300_000:
                self._cache[norm] = hit
        return hit

    def _lookup(self, norm: str) -> list:
        """Entries whose first pattern word fits this (normalised) word."""
        found: list = []
        for v in self.morph.variants(norm):
            found.extend(self._exact.get(v, ()))
            for n in self._prefix_lens:
                if len(v) >= n:
                    found.extend(self._prefix.get(v[:n], ()))
            for n in self._suffix_lens:
                if len(v) >= n:
                    found.extend(self._suffix.get(v[-n:], ()))
            for e in self._contains:
                if e[2][0].word in v:
                    found.append(e)
        if self._stem:
            for s in self.morph.stems(norm):
                found.extend(self._stem.get(s, ()))
        return found

    def find(self, tokens: list[Token], text: str) -> list[Match]:
        """All matches, longest first at each position; overlapping matches are all returned."""
        out: list[Match] = []
        n = len(tokens)
        present: set[str] | None = None  # the sentence's words: a pattern needing others cannot match
        cache, case, lists = self._cache, self._case, self._entry_lists
        for i, tok in enumerate(tokens):
            hit = cache.get(tok.norm)
            singles, multis = hit if hit is not None else lists(tok.norm)
            if case:
                extra = case.get(tok.norm)
                if extra:
                    raw = text[tok.start:tok.end]
                    extra = [e for e in extra if e[2][0].word == raw]
                    singles = singles + tuple((lab, pat) for lab, pat, pt in extra if len(pt) == 1)
                    multis = multis + tuple((lab, pat, pt, None) for lab, pat, pt in extra if len(pt) > 1)
            for label, pattern in singles:
                out.append(Match(i, i, label, pattern, tok.start, tok.end))
            for label, pattern, ptoks, need in multis:
                if need:
                    if present is None:
                        present = ({v for t in tokens for v in self.morph.variants(t.norm)}
                                   if self.morph.proclitics else {t.norm for t in tokens})
                    if not need <= present:
                        continue
                last = self._match_rest(ptoks, tokens, i, n, text)
                if last is not None:
                    out.append(Match(i, last, label, pattern, tok.start, tokens[last].end))
        out.sort(key=lambda m: (m.first, -(m.last - m.first)))
        return out

    def _match_rest(self, ptoks: list[_PTok], tokens: list[Token], i: int, n: int, text: str) -> int | None:
        j = i + 1
        k = 1
        while k < len(ptoks):
            pt = ptoks[k]
            if pt.mode == "gap":
                nxt = ptoks[k + 1] if k + 1 < len(ptoks) else None
                if nxt is None:
                    return j - 1
                for skip in range(0, 4):
                    if j + skip < n and self._tok_ok(nxt, tokens[j + skip], text):
                        j = j + skip + 1
                        k += 2
                        break
                else:
                    return None
                continue
            if j >= n or not self._tok_ok(pt, tokens[j], text):
                return None
            j += 1
            k += 1
        return j - 1


# --------------------------------------------------------------------------- morphology


@dataclass
class Morphology:
    """Light, data-driven inflection handling: Arabic proclitics, Malay/Indonesian affixes."""

    proclitics: list[str] = field(default_factory=list)
    prefixes: list[str] = field(default_factory=list)
    suffixes: list[str] = field(default_factory=list)
    prefix_restore: dict[str, list[str]] = field(default_factory=dict)
    min_stem: int = 3

    def __post_init__(self) -> None:
        self.proclitics = sorted({normalize(p) for p in self.proclitics}, key=len, reverse=True)
        self.prefixes = sorted({normalize(p) for p in self.prefixes}, key=len, reverse=True)
        self.suffixes = sorted({normalize(s) for s in self.suffixes}, key=len, reverse=True)
        self._var_cache: dict[str, tuple[str, ...]] = {}
        self._stem_cache: dict[str, frozenset[str]] = {}

    def variants(self, word: str) -> tuple[str, ...]:
        """The word and the word without each proclitic it may carry."""
        if not self.proclitics:
            return (word,)
        hit = self._var_cache.get(word)
        if hit is None:
            out = [word]
            for p in self.proclitics:
                if word.startswith(p) and len(word) - len(p) >= 2:
                    out.append(word[len(p):])
            hit = tuple(dict.fromkeys(out))
            if len(self._var_cache) < 200_000:
                self._var_cache[word] = hit
        return hit

    def stems(self, word: str) -> frozenset[str]:
        """Candidate stems of a word: prefixes and suffixes stripped (with sound restoration)."""
        hit = self._stem_cache.get(word)
        if hit is not None:
            return hit
        bases = set(self.variants(word))
        for b in list(bases):
            for p in self.prefixes:
                if b.startswith(p) and len(b) - len(p) >= self.min_stem:
                    rest = b[len(p):]
                    bases.add(rest)
                    for r in self.prefix_restore.get(p, ()):
                        bases.add(r + rest)
        out = set(bases)
        for b in bases:
            for s in self.suffixes:
                if b.endswith(s) and len(b) - len(s) >= self.min_stem:
                    out.add(b[: -len(s)])
                    for s2 in self.suffixes:  # two suffixes: "-kan-nya"
                        c = b[: -len(s)]
                        if c.endswith(s2) and len(c) - len(s2) >= self.min_stem:
                            out.add(c[: -len(s2)])
        res = frozenset(out)
        if len(self._stem_cache) < 200_000:
            self._stem_cache[word] = res
        return res


# --------------------------------------------------------------------------- packs


class LanguagePack:
    """One language's data files, with matchers compiled on first use and kept on the pack."""

    def __init__(self, code: str, folder: Path | None = None):
        self.code = code
        self.folder = folder or (LANG_DIR / code)
        meta_path = self.folder / "pack.yaml"
        if not meta_path.is_file():
            raise DataError(f"no language pack for '{code}'", where=str(self.folder),
                            hint=f"installed packs: {', '.join(available_languages())}")
        self.meta = self._read(meta_path)
        self.name = self.meta.get("name", code)
        self.script = self.meta.get("script", "latin")
        m = self.meta.get("morphology") or {}
        restore = {normalize(k): ([v] if isinstance(v, str) else list(v)) for k, v in (m.get("prefix_restore") or {}).items()}
        self.morph = Morphology(m.get("proclitics") or [], m.get("prefixes") or [], m.get("suffixes") or [], restore,
                                int(m.get("min_stem", 3)))
        self.data: dict[str, dict[str, Any]] = {}
        for name in PACK_FILES:
            p = self.folder / f"{name}.yaml"
            self.data[name] = self._read(p) if p.is_file() else {}
        self._matchers: dict[str, Any] = {}  # compiled matchers and phrase sets, built on first use
        self._scanner: Scanner | None = None

    @staticmethod
    def _read(path: Path) -> dict[str, Any]:
        try:
            with open(path, encoding="utf-8") as fh:
                d = yamlio.load(fh) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise DataError(f"cannot read language data: {exc}", where=str(path)) from None
        if not isinstance(d, dict):
            raise DataError("expected a mapping at the top level", where=str(path))
        return d

    def get(self, file: str, key: str, default: Any = None) -> Any:
        return self.data.get(file, {}).get(key, default)

    def matcher(self, file: str, key: str) -> PhraseMatcher:
        """A matcher over ``file.yaml[key]``: a mapping label -> patterns, or a plain pattern list."""
        cache_key = f"{file}:{key}"
        m = self._matchers.get(cache_key)
        if m is None:
            value = self.get(file, key) or {}
            m = PhraseMatcher(_entries(value), self.morph)
            self._matchers[cache_key] = m
        return m

    def scanner(self, extra=None) -> "Scanner":
        """One matcher over every word list the analysis uses (one pass per sentence).

        ``extra``: more (key, label, pattern) entries, or a callable giving them (called once, when
        the scanner is built, so a caller can pass it on every call at no cost).
        """
        if self._scanner is None:
            entries: list[tuple[Any, str]] = []
            for file, key in SCAN_KEYS:
                value = self.get(file, key) or {}
                if file == "numbers" and key == "vague" and isinstance(value, dict):
                    entries.extend(((f"{file}:{key}", str(int(v))), str(k)) for k, v in value.items())
                    continue
                entries.extend(((f"{file}:{key}", label), pat) for label, pat in _entries(value))
            more = extra() if callable(extra) else (extra or ())
            entries.extend(((key, label), pat) for key, label, pat in more)
            self._scanner = Scanner(PhraseMatcher(entries, self.morph))
        return self._scanner

    def phrases(self, file: str, key: str) -> frozenset[tuple[str, ...]]:
        """A list of function words as normalised word tuples, for look-ups beside a known word
        (scanning every sentence for "the" or "in" would make a match of every article)."""
        cache_key = f"phrases:{file}:{key}"
        hit = self._matchers.get(cache_key)
        if hit is None:
            hit = frozenset(tuple(_split_words(normalize(str(w).lstrip("=")))) for w in (self.get(file, key) or []))
            self._matchers[cache_key] = hit
        return hit


def _entries(value: Any, label: str = "") -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if isinstance(value, dict):
        for k, v in value.items():
            out.extend(_entries(v, str(k)))
    elif isinstance(value, list):
        for v in value:
            if isinstance(v, (dict, list)):
                out.extend(_entries(v, label))
            else:
                out.append((label, str(v)))
    elif value is not None:
        out.append((label, str(value)))
    return out


# The word lists the analysis looks for in every sentence, as (file, key).
SCAN_KEYS = (
    ("events", "triggers"), ("events", "generic"), ("events", "modifiers"),
    ("casualties", "killed"), ("casualties", "wounded"), ("casualties", "no_deaths"),
    ("casualties", "number_follows"), ("casualties", "number_precedes"), ("casualties", "one_person"),
    ("casualties", "killed_one"), ("numbers", "article_bridge"), ("numbers", "joiners"),
    ("numbers", "vague"), ("numbers", "at_least"), ("numbers", "approx"),
    ("dates", "weekdays"), ("dates", "relative_days"), ("dates", "past_markers"), ("dates", "months"),
    ("markers", "future"), ("markers", "negation"), ("markers", "hypothetical"), ("markers", "background"),
    ("markers", "attribution"), ("markers", "reporting_from"), ("markers", "destination"), ("markers", "non_conflict"),
    ("actors", "roles"),
    ("discourse", "capital"), ("discourse", "aftermath_places"), ("discourse", "denial"),
    ("discourse", "against"), ("discourse", "clause_breaks"), ("discourse", "including"),
)


def ends_with(tokens: list[Token], end: int, phrases: frozenset[tuple[str, ...]], morph: "Morphology") -> bool:
    """Whether the words ending at token ``end`` (inclusive) are one of ``phrases``."""
    for ph in phrases:
        n = len(ph)
        if n and end - n + 1 >= 0 and all(ph[k] in morph.variants(tokens[end - n + 1 + k].norm) for k in range(n)):
            return True
    return False


def starts_with(tokens: list[Token], start: int, phrases: frozenset[tuple[str, ...]], morph: "Morphology") -> bool:
    """Whether the words from token ``start`` on are one of ``phrases``."""
    for ph in phrases:
        n = len(ph)
        if n and start + n <= len(tokens) and all(ph[k] in morph.variants(tokens[start + k].norm) for k in range(n)):
            return True
    return False


class Scan(dict):
    """What a sentence matched, by word list: ``scan.get("events:triggers", ())``.

    A plain dict (look-ups at C speed: a sentence asks it some twenty times) of list -> matches.
    """

    __slots__ = ()

    def __init__(self, matches: list[Match]):
        super().__init__()
        for m in matches:
            m.key, m.label = m.label  # the combined matcher labels are (list, label)
            lst = dict.get(self, m.key)
            if lst is None:
                self[m.key] = [m]
            else:
                lst.append(m)


class Scanner:
    """A pack's combined matcher: one pass over a sentence's words finds every list's matches."""

    def __init__(self, matcher: PhraseMatcher):
        self.matcher = matcher

    def scan(self, tokens: list[Token], text: str) -> Scan:
        return Scan(self.matcher.find(tokens, text))


class PackRegistry:
    """Loads packs on demand; lives on a pipeline (no module-level cache)."""

    def __init__(self, codes: Iterable[str] | None = None):
        self.codes = list(codes) if codes else available_languages()
        self._packs: dict[str, LanguagePack] = {}

    def get(self, code: str) -> LanguagePack:
        pack = self._packs.get(code)
        if pack is None:
            pack = LanguagePack(code)
            self._packs[code] = pack
        return pack
