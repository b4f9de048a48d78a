"""Text normalisation and tokenisation that keep offsets into the original text.

Matching happens on a normalised form (lower case; Latin diacritics folded; Arabic letter variants
unified, harakat and tatweel removed; Arabic-Indic digits as ASCII digits). Every token keeps the
span of the original text it came from, so evidence always points into the page as given.
"""

from __future__ import annotations

import re
import unicodedata
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


class NormText:
    """A normalised view of a text that maps every position back to the original."""

    __slots__ = ("original", "norm", "_offsets")

    def __init__(self, original: str):
        self.original = original
        if _DROPPED.search(original):
            chars: list[str] = []
            offsets: list[int] = []
            for i, c in enumerate(original):
                f = _fold_char(c)
                if f:
                    chars.append(f)
                    offsets.append(i)
            offsets.append(len(original))
            self.norm = "".join(chars)
            self._offsets: list[int] | None = offsets
        else:
            norm = original.translate(_TABLE)
            if norm != norm.lower():  # upper case outside the table (Greek, Cyrillic...)
                norm = "".join((_fold_char(c) or " ") for c in original)
            self.norm = norm
            self._offsets = None

    def orig(self, i: int) -> int:
        """The original offset of normalised position ``i``."""
        if self._offsets is None:
            return i
        return self._offsets[min(i, len(self._offsets) - 1)]

    def tokens(self, start: int = 0, end: int | None = None) -> list[Token]:
        """Words of the original range [start, end), normalised, with original spans."""
        if self._offsets is None:
            end = len(self.norm) if end is None else end
            return [Token(m.group(), m.start(), m.end()) for m in _WORD.finditer(self.norm, start, end)]
        # map original range to normalised range
        import bisect

        ns = bisect.bisect_left(self._offsets, start)
        ne = len(self.norm) if end is None else bisect.bisect_left(self._offsets, end)
        offs = self._offsets
        # a word's span runs to the next kept character, so marks after its last letter stay inside it
        return [Token(m.group(), offs[m.start()], offs[m.end()]) for m in _WORD.finditer(self.norm, ns, ne)]


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
