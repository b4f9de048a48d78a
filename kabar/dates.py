"""Dates in text and their resolution against the publication date.

Finds full dates ("26 Oktober 2021", "2021-10-26", "26/10/2021"), day/month without a year
("Kamis (7/1)" = 7 January: day first where the pack says so), weekdays ("Rabu kemarin", "el jueves",
"يوم الخميس"), relative days ("kemarin", "hier", "أمس") and resolves them. Without a year and without a
publication date, the year is inferred only when one year fits the weekday and the page's context;
otherwise the date stays unresolved (never a confident wrong day).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from kabar.lang import LanguagePack, ends_with
from kabar.text import Token, normalize

_WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMERIC = re.compile(r"(?<![\d/.])(\d{1,4})([/.-])(\d{1,2})(?:\2(\d{2,4}))?(?![\d/])")
_DIGIT = re.compile(r"\d")
_EARLIEST_YEAR = 1990  # news archives kabar reads; a tuning bound for year inference


@dataclass
class DateMention:
    kind: str  # full | daymonth | weekday | relative | monthyear | year
    start: int
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None  # 0 = Monday
    offset: int | None = None  # relative days
    past: bool = False  # "last Wednesday", "Rabu kemarin"
    day2: int | None = None  # "du 12 au 13"
    opened: bool = False  # a bracket opened between the weekday and the day ("Kamis (7/1)")


@dataclass
class ResolvedDate:
    date: dt.date | None
    precision: str | None  # day | week | month | year
    candidates: list[dt.date] = field(default_factory=list)
    mention: DateMention | None = None


class DateReader:
    """Finds date mentions in a sentence with one pack's date words."""

    def __init__(self, pack: LanguagePack):
        d = pack.data.get("dates", {})
        self.pack = pack
        self.order = str(d.get("numeric_order", "dmy"))
        self.hijri = {normalize(str(v)) for v in (d.get("hijri_months") or [])}
        self.joiners = {normalize(str(v)) for v in (d.get("joiners") or ["de", "du", "au", "of", "the"])}

    def find(self, tokens: list[Token], text: str, s: int, e: int, scan) -> list[DateMention]:
        """Date mentions in the sentence text[s:e]; ``scan`` is its pack scan (weekdays, relative days)."""
        out: list[DateMention] = []
        covered: list[tuple[int, int]] = []
        digits = _DIGIT.search(text, s, e) is not None  # most sentences have none: skip digit work
        # numeric dates: 7/1, 26/10/2021, 2021-10-26, 07.01.2016
        for m in (_NUMERIC.finditer(text, s, e) if digits else ()):
            a, sep, b, c = m.group(1), m.group(2), m.group(3), m.group(4)
            if sep == "." and c is None:
                continue  # 14.20 is a clock time
            if sep == "-" and c is None:
                continue
            dm = self._numeric(a, b, c)
            if dm is None:
                continue
            y, mo, d = dm
            out.append(DateMention("full" if y else "daymonth", m.start(), m.end(), y, mo, d))
            covered.append((m.start(), m.end()))
        # textual dates: "26 Oktober 2021", "October 25, 2011", "12 au 13 février 2022", "12 de enero"
        n = len(tokens)
        spans: dict[int, tuple[int, int]] = {}  # first token -> (last token, month), longest first
        for m in scan.get("dates:months", ()):  # one word or several: "Oktober", "كانون الثاني"
            if not m.label.isdigit() or (m.first == m.last and self.hijri and tokens[m.first].norm in self.hijri):
                continue
            if m.first not in spans or spans[m.first][0] < m.last:
                spans[m.first] = (m.last, int(m.label))
        for i, (i_last, mo) in sorted(spans.items()):
            day = day2 = year = None
            first, last = i, i_last
            j = i - 1
            while j >= 0 and tokens[j].norm in self.joiners:
                j -= 1
            if j >= 0 and _day(tokens[j]) and i - j <= 2:
                day, first = _day(tokens[j]), j
                k = j - 1
                while k >= 0 and tokens[k].norm in self.joiners:
                    k -= 1
                if k >= 0 and k < j - 1 and _day(tokens[k]):
                    day2, day, first = day, _day(tokens[k]), k  # "du 12 au 13 février"
            k = i_last + 1
            while k < n and tokens[k].norm in self.joiners:
                k += 1
            if day is None and k < n and _day(tokens[k]):
                day, last = _day(tokens[k]), k  # "October 25", "October 1st"
                k += 1
                while k < n and tokens[k].norm in self.joiners:
                    k += 1
            if k < n and tokens[k].norm.isdigit() and len(tokens[k].norm) == 4 and 1900 <= int(tokens[k].norm) <= 2100:
                year, last = int(tokens[k].norm), k
            if day is None and year is None:
                continue
            start, end = tokens[first].start, tokens[last].end
            if any(cs <= start < ce for cs, ce in covered):
                continue
            if day is not None:
                if day2 is not None:
                    dm_ = DateMention("full" if year else "daymonth", start, end, year, mo, day2, day2=day2)
                    dm_.day = day2  # the night of the 12th to the 13th ends on the 13th
                    out.append(dm_)
                else:
                    out.append(DateMention("full" if year else "daymonth", start, end, year, mo, day))
            else:
                out.append(DateMention("monthyear", start, end, year, mo))
            covered.append((start, end))
        # weekdays, with "last"/"kemarin" markers on either side
        past_spans = [(m.first, m.last) for m in scan.get("dates:past_markers", ())]
        for m in scan.get("dates:weekdays", ()):
            if m.label not in _WEEKDAY_KEYS:
                continue
            past = any(pf == m.last + 1 or pl == m.first - 1 for pf, pl in past_spans)
            out.append(DateMention("weekday", m.start, m.end, weekday=_WEEKDAY_KEYS.index(m.label), past=past))
        for m in scan.get("dates:relative_days", ()):
            try:
                off = int(m.label)
            except ValueError:
                continue
            out.append(DateMention("relative", m.start, m.end, offset=off))
        # a bare year after "in", "sejak", "en", "عام": "En 1998, un atentado..." (history, usually)
        markers = self.pack.phrases("discourse", "year_markers")
        for i, tok in (enumerate(tokens) if digits else ()):
            if len(tok.norm) == 4 and tok.norm.isdigit() and 1900 <= int(tok.norm) <= 2100 \
                    and ends_with(tokens, i - 1, markers, self.pack.morph):
                if not any(cs <= tok.start < ce for cs, ce in covered):
                    out.append(DateMention("year", tok.start, tok.end, year=int(tok.norm)))
        out.sort(key=lambda d: d.start)
        out = _attach_weekdays(out, text)
        for d in out:  # "Kamis (7/1)": the evidence closes the bracket it opened
            if getattr(d, "opened", False) and text[d.end:d.end + 1] == ")":
                d.end += 1
        return out

    def _numeric(self, a: str, b: str, c: str | None):
        ia, ib = int(a), int(b)
        if len(a) == 4:  # 2021-10-26
            y, mo, d = ia, ib, int(c) if c else None
            if d is None or not (1 <= mo <= 12 and 1 <= d <= 31):
                return None
            return y, mo, d
        if self.order == "mdy":
            mo, d = ia, ib
            if mo > 12 and d <= 12:
                mo, d = d, mo
        else:
            d, mo = ia, ib
            if mo > 12 and d <= 12:
                d, mo = mo, d
        if not (1 <= mo <= 12 and 1 <= d <= 31):
            return None
        y = None
        if c:
            y = int(c)
            if y < 100:
                y += 2000 if y < 50 else 1900
            if not 1900 <= y <= 2100:
                return None
        return y, mo, d


_ORDINAL_DAY = re.compile(r"^(\d{1,2})(?:er|re|e|eme|ème|st|nd|rd|th|º|o)?$")


def _day(tok: Token) -> int | None:
    """A day of the month: "7", "1er", "1st", "25th"."""
    m = _ORDINAL_DAY.match(tok.norm)
    if m is None:
        return None
    d = int(m.group(1))
    return d if 1 <= d <= 31 else None


def _attach_weekdays(mentions: list[DateMention], text: str = "") -> list[DateMention]:
    """A weekday right before a day/month ("Kamis (7/1)") qualifies it rather than standing alone."""
    out: list[DateMention] = []
    skip = set()
    for i, m in enumerate(mentions):
        if m.kind == "weekday" and i + 1 < len(mentions):
            nxt = mentions[i + 1]
            if nxt.kind in ("daymonth", "full") and 0 <= nxt.start - m.end <= 4:
                nxt.weekday = m.weekday
                nxt.opened = "(" in text[m.end:nxt.start]
                nxt.start = m.start
                skip.add(i)
    for i, m in enumerate(mentions):
        if i not in skip:
            out.append(m)
    return out


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def resolve(m: DateMention, ref: dt.date | None, *, year_ranges: list[tuple[dt.date, dt.date]] | None = None,
            today: dt.date | None = None) -> ResolvedDate:
    """Resolve a mention against the reference (publication) date and context constraints."""
    today = today or dt.date.today()
    if m.kind == "full":
        d = _safe_date(m.year, m.month, m.day)
        return ResolvedDate(d, "day" if d else None, mention=m)
    if m.kind == "year":
        return ResolvedDate(_safe_date(m.year, 7, 1), "year", mention=m)
    if m.kind == "monthyear":
        if m.year:
            return ResolvedDate(_safe_date(m.year, m.month, 15), "month", mention=m)
        if ref:
            y = ref.year if m.month <= ref.month else ref.year - 1
            return ResolvedDate(_safe_date(y, m.month, 15), "month", mention=m)
        return ResolvedDate(None, None, mention=m)
    if m.kind == "relative":
        if ref:
            return ResolvedDate(ref + dt.timedelta(days=m.offset), "day", mention=m)
        return ResolvedDate(None, None, mention=m)
    if m.kind == "weekday":
        if ref:
            back = (ref.weekday() - m.weekday) % 7
            if back == 0 and m.past:
                back = 7
            return ResolvedDate(ref - dt.timedelta(days=back), "day", mention=m)
        return ResolvedDate(None, None, mention=m)
    # day and month without a year
    if ref:
        d = _safe_date(ref.year, m.month, m.day)
        if d and d > ref + dt.timedelta(days=7):
            d = _safe_date(ref.year - 1, m.month, m.day)
        return ResolvedDate(d, "day" if d else None, mention=m)
    cands = [d for d in _fitting_days(m.month, m.day, m.weekday, today)
             if not year_ranges or any(a <= d <= b for a, b in year_ranges)]
    if m.weekday is not None and len(cands) == 1:
        return ResolvedDate(cands[0], "day", candidates=cands, mention=m)
    return ResolvedDate(None, None, candidates=cands, mention=m)


@lru_cache(maxsize=4096)
def _fitting_days(month: int, day: int, weekday: int | None, today: dt.date) -> tuple[dt.date, ...]:
    """Every date since _EARLIEST_YEAR with this day and month (and weekday), up to today."""
    out = []
    for y in range(_EARLIEST_YEAR, today.year + 1):
        d = _safe_date(y, month, day)
        if d is None or d > today or (weekday is not None and d.weekday() != weekday):
            continue
        out.append(d)
    return tuple(out)


def parse_iso(s: str | None) -> dt.date | None:
    if not s:
        return None
    try:
        return dt.date.fromisoformat(s[:10])
    except ValueError:
        return None
