"""Quantities in text: digits, number words, vague amounts ("puluhan", "dozens", "عشرات"), "at least".

Language knowledge comes from each pack's ``numbers.yaml``; this module only composes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kabar.lang import LanguagePack
from kabar.text import Token, normalize

_DIGITS = re.compile(r"^\d+$")


@dataclass
class Quantity:
    value: int
    first: int  # token index
    last: int
    start: int  # original offsets
    end: int
    vague: bool = False
    at_least: bool = False
    approx: bool = False
    article: bool = False  # the word is also an indefinite article ("un", "une", "una", "a")


class NumberReader:
    """Reads quantities from a sentence's tokens with one pack's number words."""

    def __init__(self, pack: LanguagePack):
        d = pack.data.get("numbers", {})
        self.words = {normalize(str(k)): int(v) for k, v in (d.get("words") or {}).items()}
        self.mult = {normalize(str(k)): int(v) for k, v in (d.get("multipliers") or {}).items()}
        self.teens = {normalize(str(k)): int(v) for k, v in (d.get("teens") or {}).items()}
        self.joiners = {normalize(str(k)) for k in (d.get("joiners") or [])}
        # words after which a number does not count people: "50 tahun" (age), "24 jam", "10 km"
        self.non_count = {normalize(str(k)) for k in (d.get("non_count_units") or [])}
        self.articles = {normalize(str(k)) for k in (d.get("articles") or [])}
        self.morph = pack.morph

    def _word_value(self, w: str) -> tuple[str, int] | None:
        for v in self.morph.variants(w):
            if v in self.words:
                return "w", self.words[v]
            if v in self.mult:
                return "m", self.mult[v]
            if v in self.teens:
                return "t", self.teens[v]
        return None

    def find(self, tokens: list[Token], text: str, scan) -> list[Quantity]:
        """Quantities in a sentence; ``scan`` is the sentence's pack scan (vague amounts, "at least")."""
        out: list[Quantity] = []
        n = len(tokens)
        used: set[int] = set()
        for m in scan.get("numbers:vague", ()):
            if any(i in used for i in range(m.first, m.last + 1)):
                continue
            out.append(Quantity(int(m.label), m.first, m.last, m.start, m.end, vague=True))
            used.update(range(m.first, m.last + 1))
        i = 0
        while i < n:
            if i in used:
                i += 1
                continue
            tok = tokens[i]
            if _DIGITS.match(tok.norm):
                j = i
                value_s = tok.norm
                # thousands separators: "1.200", "1,200"
                # thousands groups: "1.200", "1,200", "4 500" (a space groups digits in French and Spanish)
                while j + 1 < n and _DIGITS.match(tokens[j + 1].norm) and len(tokens[j + 1].norm) == 3 \
                        and len(tokens[j].norm) <= 3 \
                        and text[tokens[j].end:tokens[j + 1].start] in (".", ",", "\u00a0", "\u202f", " "):
                    value_s += tokens[j + 1].norm
                    j += 1
                if _is_date_or_time(text, tok.start, tokens[j].end) or _is_identifier(tokens, i, text) \
                        or (j + 1 < n and tokens[j + 1].norm in self.non_count):
                    i = j + 1
                    continue
                value = int(value_s) if len(value_s) < 9 else 0
                nxt = self._word_value(tokens[j + 1].norm) if j + 1 < n else None
                if nxt is not None and nxt[0] == "m" and nxt[1] >= 1000:
                    value, j = value * nxt[1], j + 1  # "20 ribu", "3 thousand", "2 millions"
                out.append(Quantity(value, i, j, tok.start, tokens[j].end))
                used.update(range(i, j + 1))
                i = j + 1
                continue
            wv = self._word_value(tok.norm)
            if wv is not None and wv[0] != "t":
                big, acc, small, j = 0, 0, 0, i  # thousands done; hundreds group; the number being read
                last_ok = i - 1
                prev_kind, prev_val = None, 0
                while j < n:
                    if j > i and text[tokens[j - 1].end:tokens[j].start].strip(" -\u00a0"):
                        break  # "six, two thousand": punctuation ends a number
                    w = self._word_value(tokens[j].norm)
                    if w is not None and w[0] == "w" and w[1] < 100 and small and \
                            not (small % 10 == 0 and small < 100 and w[1] < 20) and \
                            not (small < 10 and w[1] % 10 == 0):
                        break  # "eight two" is two numbers; "twenty-three", "soixante-quinze", "ثلاثة وعشرين" one
                    if w is None:
                        # "one hundred and five", "vingt et un": a joiner after a hundred or a round ten
                        nxt = self._word_value(tokens[j + 1].norm) if j + 1 < n else None
                        if tokens[j].norm in self.joiners and nxt and nxt[0] != "m" and (
                                prev_kind == "m" or (prev_kind == "w" and prev_val >= 20 and prev_val % 10 == 0
                                                     and nxt[1] < 10)):
                            j += 1
                            continue
                        break
                    kind, v = w
                    if kind in ("w", "t"):
                        if kind == "w" and v >= 100 and v % 100 == 0 and small == 0:
                            acc += v  # "seratus", "seribu": a whole hundred or thousand in one word
                        else:
                            small += v
                    elif v >= 1000:
                        big += (acc + small or 1) * v
                        acc = small = 0
                    else:
                        acc += (small or 1) * v  # "dua ratus", "tujuh puluh": multiplies only what was just read
                        small = 0
                    prev_kind, prev_val = kind, v
                    last_ok = j
                    j += 1
                total, current = big, acc + small
                value = total + current
                if last_ok + 1 < n and tokens[last_ok + 1].norm in self.non_count:
                    value = 0
                if value > 0 and last_ok >= i:
                    out.append(Quantity(value, i, last_ok, tok.start, tokens[last_ok].end,
                                        article=last_ok == i and tok.norm in self.articles))
                    used.update(range(i, last_ok + 1))
                    i = last_ok + 1
                    continue
            i += 1
        # "at least" / "about" before a quantity
        for kind in ("at_least", "approx"):
            for m in scan.get(f"numbers:{kind}", ()):
                for q in out:
                    if 0 <= q.first - m.last <= 2:
                        setattr(q, kind, True)
        out.sort(key=lambda q: q.first)
        return out


def _is_identifier(tokens: list[Token], i: int, text: str) -> bool:
    """A number that is part of a name: "VAT 69", "Densus 88", "Brigade 14", "KM 23"."""
    if i == 0:
        return False
    prev = tokens[i - 1]
    raw = text[prev.start:prev.end]
    gap = text[prev.end:tokens[i].start]
    if gap.strip():
        return False
    if len(raw) >= 2 and raw.isupper() and raw.isalpha():
        return True
    # "Densus 88", "Brigade 14": a capitalised word inside a clause (not after a stop or comma) names a unit
    return i >= 2 and raw[:1].isupper() and raw[1:].islower() and raw.isalpha() and \
        not text[tokens[i - 2].end:prev.start].strip(" ")


def _is_date_or_time(text: str, start: int, end: int) -> bool:
    """Digits that belong to a date or a clock time: "7/1", "26/10/2021", "14.20", "05:00", "2021-01-07"."""
    before = text[max(0, start - 1):start]
    after = text[end:end + 1]
    after2 = text[end:end + 2]
    if before in ("/", ":") or after in ("/", ":"):
        return True
    if before == "-" and text[max(0, start - 5):start - 1].isdigit():
        return True
    if after == "-" and text[end + 1:end + 2].isdigit():
        return True
    if after == "." and len(after2) == 2 and after2[1].isdigit() and text[end + 1:end + 3].isdigit() \
            and not text[end + 1:end + 4].isdigit():
        return True  # 14.20 (a clock time), not 1.200
    if before == "." and text[max(0, start - 3):start - 1].isdigit() and end - start == 2:
        return True
    return False
