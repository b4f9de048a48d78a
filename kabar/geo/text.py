"""Normalisation and tokenisation shared by the gazetteer builder and the matcher.

Names and text go through the same functions, so that "Al-Ba'aj", "al Baaj", "البعاج" and "بالبعاج"
meet on the same keys. Latin script: diacritics folded, lowercased, apostrophes dropped, hyphens split.
Arabic script: harakat and tatweel removed, أإآ->ا, ة->ه, ى->ي, the article ال dropped from each word.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# A token: letters/digits, with inner apostrophes (Ba'aj, Ta'izz, l'est is split by _ELISION below).
_APOS_CHARS = "'’ʼ`´‘ʿʾ"
# combining marks (Latin accents in decomposed text, Arabic harakat) stay inside a word
_MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
_TOKEN = re.compile(r"[^\W_](?:[^\W_]+|[" + _MARKS + r"]+|[" + _APOS_CHARS + r"](?=[^\W_]))*", re.UNICODE)
_APOS = re.compile("[" + _APOS_CHARS + "]")
_HARAKAT = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_AR_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"})
_AR_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# French/Italian elision glued to a name: l'Irak, d'Alep, qu'Alep.
_ELISION = re.compile(r"^(?:l|d|qu|j|n|s|c)['’ʼ]", re.IGNORECASE)
# Latin letters that NFKD does not decompose.
_LATIN_EXTRA = str.maketrans({"ß": "ss", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l",
                              "ı": "i", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "þ": "th", "ð": "d"})


def is_arabic(s: str) -> bool:
    """True when the string contains Arabic-script letters."""
    return bool(_ARABIC.search(s))


def _norm_ar_word(w: str) -> str:
    w = _HARAKAT.sub("", w).translate(_AR_LETTERS).translate(_AR_DIGITS)
    if w.startswith("ال") and len(w) > 3:
        w = w[2:]
    return w


def norm_word(w: str) -> str:
    """Normalise one token (either script) to its matching key."""
    if _ARABIC.search(w):
        return _norm_ar_word(w)
    w = _ELISION.sub("", w)
    w = _APOS.sub("", w).translate(_LATIN_EXTRA)
    w = unicodedata.normalize("NFKD", w)
    return "".join(c for c in w if not unicodedata.combining(c)).lower()


def norm_name(name: str) -> str:
    """Normalise a whole name to the space-joined keys of its tokens ("Al-Ba'aj" -> "al baaj")."""
    return " ".join(norm_word(m.group()) for m in _TOKEN.finditer(name))


def arabic_variants(w: str) -> list[str]:
    """Keys a text token may stand for once Arabic proclitics (و ف ب ل ك + ال) are peeled off."""
    out = [w]
    base = w
    if len(base) > 3 and base[0] in "وف":
        base = base[1:]
        out.append(base)
    if len(base) > 3 and base[0] in "بلك":
        rest = base[1:]
        if rest.startswith("ل") and len(rest) > 3:  # لل = ل + ال
            out.append(rest[1:])
        out.append(rest)
        if rest.startswith("ال") and len(rest) > 4:
            out.append(rest[2:])
    elif base.startswith("ال") and len(base) > 4:
        out.append(base[2:])
    # dedupe, keep order
    seen: set[str] = set()
    return [x for x in out if not (x in seen or seen.add(x))]


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str  # the original surface
    key: str  # normalised key
    upper: bool  # starts with an uppercase letter (Latin) or is Arabic (no case)
    arabic: bool


def _word_key(s: str) -> tuple[str, bool, bool, int]:
    """(key, is Arabic, may start a name, how the surface is cut) for one regex word.

    The cut is 0 for a plain word, 2 for an English possessive ("Pakistan's" is the name
    "Pakistan", the last two characters cut off), -n for a French elision ("l'Irak": the name
    starts n characters in).
    """
    if _ARABIC.match(s):
        return _norm_ar_word(s), True, True, 0
    if len(s) > 3 and s[-2] in "'’" and s[-1] in "sS":
        w = s[:-2]
        return norm_word(w), False, w[:1].isupper(), 2
    if s.isascii() and "'" not in s and "`" not in s:
        return s.lower(), False, s[:1].isupper(), 0
    el = _ELISION.match(s)
    if el and len(s) > el.end():
        w = s[el.end():]
        return norm_word(w), False, w[:1].isupper(), -el.end()
    return norm_word(s), False, s[:1].isupper(), 0


def tokenize(text: str, start: int = 0, end: int | None = None,
             cache: dict[str, tuple[str, bool, bool, int]] | None = None) -> list[Token]:
    """Tokens of ``text[start:end]`` with offsets into ``text``.

    ``cache`` (owned by the caller, e.g. a Resolver) memoises word -> ``_word_key(word)`` for speed.
    """
    out: list[Token] = []
    append = out.append
    if cache is None:
        cache = {}
    get = cache.get
    for m in _TOKEN.finditer(text, start, len(text) if end is None else end):
        s = m.group()
        hit = get(s)
        if hit is None:
            hit = _word_key(s)
            if len(cache) < 500_000:
                cache[s] = hit
        a, b = m.span()
        cut = hit[3]
        if cut == 0:
            append(Token(a, b, s, hit[0], hit[2], hit[1]))
        elif cut > 0:
            append(Token(a, b - cut, s[:-cut], hit[0], hit[2], False))
        else:
            append(Token(a - cut, b, s[-cut:], hit[0], hit[2], False))
    return out
