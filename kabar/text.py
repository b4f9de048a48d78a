"""Text normalisation and tokenisation that keep offsets into the original text.

Matching happens on a normalised form (lower case; Latin diacritics folded; Arabic letter variants
unified, harakat and tatweel removed; Arabic-Indic digits as ASCII digits). Every token keeps the
span of the original text it came from, so evidence always points into the page as given.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from functools import lru_cache

_WORD = re.compile(r"\w+", re.UNICODE)

# Arabic: letter variants that writers use interchangeably, and marks that do not change the word.
_ARABIC_MAP = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي",
}
_ARABIC_DROP = set("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0653\u0654\u0655\u0670\u0640")
_DIGITS = {chr(0x0660 + i): str(i) for i in range(10)}
_DIGITS.update({chr(0x06F0 + i): str(i) for i in range(10)})


@lru_cache(maxsize=65536)
def _fold_char(c: str) -> str:
    """The normalised form of one character: one character, or '' when it is dropped."""
    if c in _DIGITS:
        return _DIGITS[c]
    if c in _ARABIC_MAP:
        return _ARABIC_MAP[c]
    if c in _ARABIC_DROP:
        return ""
    low = c.lower()
    if len(low) != 1:
        low = c  # e.g. 'İ' lowers to two characters: keep the length stable
    if low.isascii():
        return low
    decomposed = unicodedata.normalize("NFKD", low)
    base = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    if len(base) == 1:
        return base.lower() if len(base.lower()) == 1 else base
    if base == "":
        return ""
    return low


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in list(range(0x80, 0x250)) + list(range(0x600, 0x700)) + list(range(0x6F0, 0x6FA)):
        c = chr(cp)
        f = _fold_char(c)
        if f != c:
            table[cp] = f
    for cp in range(ord("A"), ord("Z") + 1):
        table[cp] = chr(cp + 32)
    return table


_TABLE = _build_table()
_DROPPED = re.compile("[" + "".join(sorted(_ARABIC_DROP)) + "]")


class Token:
    """A word of the normalised text with its span in the original text."""

    __slots__ = ("norm", "start", "end")

    def __init__(self, norm: str, start: int, end: int):
        self.norm, self.start, self.end = norm, start, end

    def __repr__(self) -> str:
        return f"Token({self.norm!r}, {self.start}, {self.end})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Token) and (self.norm, self.start, self.end) == (other.norm, other.start, other.end)


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_TABLE_DROP = {**_TABLE, **{ord(c): None for c in _ARABIC_DROP}}


def _fold(original: str, table: dict[int, str | None]) -> tuple[str, bool]:
    """``original`` through ``table``, and whether an upper-case letter outside it is left.

    On Latin-script text, ASCII goes through ``str.lower`` and only the non-ASCII runs through the
    table: much faster than translating the whole text character by character.
    """
    upper = False

    def run(m: re.Match) -> str:
        nonlocal upper
        r = m.group().translate(table)
        if not upper and r != r.lower():
            upper = True
        return r

    if original.isascii():
        return original.lower(), False
    if len(original.encode("utf-8")) - len(original) > len(original) // 4:
        # mostly non-Latin (an Arabic page): one pass over the whole text is faster than by runs
        norm = original.translate(table)
        return norm, norm != norm.lower()
    return _NON_ASCII.sub(run, original).lower(), upper


class NormText:
    """A normalised view of a text that maps every position back to the original.

    Normalising keeps one character per original character, except the Arabic marks it drops;
    the drops' positions (original, and where they fall in the normalised text) map offsets back.
    """

    __slots__ = ("original", "norm", "_drops", "_gaps")

    def __init__(self, original: str):
        self.original = original
        self._drops: list[int] | None = None  # original positions of dropped characters
        self._gaps: list[int] = []  # for each drop, the normalised position it falls before
        if _DROPPED.search(original):
            norm, upper = _fold(original, _TABLE_DROP)
            if upper:  # upper case outside the table (Greek, Cyrillic...): fold letter by letter
                norm = "".join(_fold_char(c) or ("" if c in _ARABIC_DROP else " ") for c in original)
            self._drops = [m.start() for m in _DROPPED.finditer(original)]
            self._gaps = [d - k for k, d in enumerate(self._drops)]
        else:
            norm, upper = _fold(original, _TABLE)
            if upper:
                norm = "".join((_fold_char(c) or " ") for c in original)
        self.norm = norm

    def orig(self, i: int) -> int:
        """The original offset of normalised position ``i``."""
        if self._drops is None:
            return i
        return min(i + bisect_right(self._gaps, i), len(self.original))

    def _norm_pos(self, i: int) -> int:
        """The normalised position of original offset ``i`` (of the first kept character from it)."""
        return i - bisect_left(self._drops, i) if self._drops is not None else i

    def tokens(self, start: int = 0, end: int | None = None) -> list[Token]:
        """Words of the original range [start, end), normalised, with original spans."""
        if self._drops is None:
            end = len(self.norm) if end is None else end
            return [Token(m.group(), m.start(), m.end()) for m in _WORD.finditer(self.norm, start, end)]
        ns = self._norm_pos(start)
        ne = len(self.norm) if end is None else self._norm_pos(end)
        orig = self.orig
        # a word's span runs to the next kept character, so marks after its last letter stay inside it
        return [Token(m.group(), orig(m.start()), orig(m.end())) for m in _WORD.finditer(self.norm, ns, ne)]


def normalize(s: str) -> str:
    """The normalised form of a short string (a pattern, an alias, a place name)."""
    return NormText(s).norm


def words(s: str) -> list[str]:
    """The normalised words of a short string."""
    return _WORD.findall(normalize(s))


_ARABIC_LETTER = re.compile(r"[\u0600-\u06FF]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F]")


def script_of(text: str, sample: int = 2000) -> str:
    """'arabic' when Arabic letters dominate the sample, else 'latin'."""
    head = text[:sample]
    arabic = len(_ARABIC_LETTER.findall(head))
    if not arabic:
        return "latin"
    return "arabic" if arabic > len(_LATIN_LETTER.findall(head)) else "latin"
