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
_TOKEN = re.compile(r"[^\W_](?:[^\W_]|[" + _MARKS + r"]|[" + _APOS_CHARS + r"](?=[^\W_]))*", re.UNICODE)
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


def tokenize(text: str, start: int = 0, end: int | None = None,
             cache: dict[str, tuple[str, bool]] | None = None,
             matched: list[tuple[int, int]] | None = None) -> list[Token]:
    """Tokens of ``text[start:end]`` with offsets into ``text``.

    ``cache`` (owned by the caller, e.g. a Resolver) memoises word -> (key, is_arabic) for speed.
    ``matched``, when given, receives the raw span of the match behind each token (same order).
    """
    out: list[Token] = []
    if cache is None:
        cache = {}
    for m in _TOKEN.finditer(text, start, len(text) if end is None else end):
        if matched is not None:
            matched.append(m.span())
        s = m.group()
        if len(s) > 3 and s[-2] in "'’" and s[-1] in "sS" and not _ARABIC.match(s):
            # English possessive: "Pakistan's" is the name "Pakistan"
            s = s[:-2]
            out.append(Token(m.start(), m.end() - 2, s, norm_word(s), s[:1].isupper(), False))
            continue
        hit = cache.get(s)
        if hit is None:
            ar = bool(_ARABIC.match(s))
            if ar:
                hit = (_norm_ar_word(s), True)
            elif s.isascii() and "'" not in s and "`" not in s:
                hit = (s.lower(), False)
            else:
                el = _ELISION.match(s)
                if el and len(s) > el.end():
                    # "l'Irak": the name starts after the elision
                    off = el.end()
                    s2 = s[off:]
                    out.append(Token(m.start() + off, m.end(), s2, norm_word(s2), s2[:1].isupper(), False))
                    continue
                hit = (norm_word(s), False)
            hit = (hit[0], hit[1], hit[1] or s[:1].isupper())
            if len(cache) < 500_000:
                cache[s] = hit
        out.append(Token(m.start(), m.end(), s, hit[0], hit[2], hit[1]))
    return out
