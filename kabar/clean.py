"""Stage 1: raw page -> cleaned ``Document`` (language, article-text spans, sentences, dateline).

Nothing is deleted from the page text: the document keeps spans of the original text that are
article text, so evidence offsets always point into the page as given. Site furniture (share
buttons, comment forms, "related" links, photo credits) is left out of those spans using the
language packs' ``boilerplate.yaml`` and a few layout rules.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

from kabar.lang import PackRegistry
from kabar.records import Document, Page, Sentence
from kabar.text import normalize

# An image slug glued to the dateline: "pasukan-irakBaghdad" (lower-case words joined by hyphens,
# directly followed by a capital letter).
_GLUED_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+(?=[A-Z])")
# A dateline: "BAGHDAD, LiputanIslam.com –", "RAFAH, Palestinian Territories, Apr 20 ―",
# "BAMAKO (AFP) -", "TRIBUNKALTIM.CO -", "بغداد -".
_DATELINE = re.compile(
    r"^(?P<head>[^\n–—―\-:|\u0640]{2,90}?)\s*(?:(?:[–—―]|--)\s*|-\s+|:\s+|\s\u0640+\s+)(?=\S)", re.UNICODE)
# "Peshawar, Feb 6 (PTI) At least...", "NEW DELHI, Jan. 5 (Reuters) The...": place, date and agency,
# no dash (the style of South Asian wire copy)
_AGENCY_DATELINE = re.compile(
    r"^(?P<place>[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3}),\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s+"
    r"\((?P<agency>[A-Z][\w .&-]{1,24})\)\s+(?=\S)")
_DOMAIN = re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.(?:com|co|id|net|org|my|fr|es|info|news|tv|co\.id|ma|dz|iq|sa|eg)\b", re.I)
# A sentence ends at its final stop (the match's first character; the split falls after it). The
# stop comes first in the pattern so the regex engine only works where there is one.
_SENT_SPLIT = re.compile(r"[.!?؟…](?:[\"'”’»)]*\s+(?=[\"'“‘«(\[¿¡]?[\w\u0600-\u06FF])|(?<=[.!?؟])[\"'”’»]+(?=\s))")
_ABBREV = re.compile(r"(?:\b(?:[A-Z]|Jl|No|Dr|Mr|Mrs|Ms|St|Gen|Brig|Col|Lt|Sgt|Capt|Maj|Gov|Sen|Rep|Jr|Sr|Mt|Ft|Kab|Prov|Kec|Desa|M|Mme|Sr|Sra|av|Av|etc|vs|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|a\.m|p\.m|U\.S|U\.N|H|Hj|Ust|Kol|Letkol|Brigjen|Irjen|Kombes|AKBP|AKP|Ipda|Iptu|Bripka)\.)$")
_URL_DATE = re.compile(r"(?<!\d)(20\d\d|19\d\d)[/_-](0?[1-9]|1[0-2])[/_-](0?[1-9]|[12]\d|3[01])(?!\d)")
_URL_DATE_DMY = re.compile(r"(?<!\d)(0?[1-9]|[12]\d|3[01])-(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*-(20\d\d)", re.I)
_ISO_DATE = re.compile(r"(?<!\d)(20\d\d|19\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?!\d)")
_MONTHS_EN = {m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))}

MIN_WORDS_SENTENCE_LINE = 4
FOREIGN_LINE_WORDS = 15  # a line this long, clearly in another language, is a caption or furniture
DATELINE_LINES = 8  # the dateline opens the story, after at most a few lines of title, byline, stamp
_CRAWL_STAMP = re.compile(r"\s*date \d{4}-\d{2}(?:-\d{2})?\s*")  # lines with fewer words are headings, bylines or buttons, not sentences


class Cleaner:
    """Turns a Page into a Document; holds the furniture patterns of all packs."""

    def __init__(self, packs: PackRegistry, detect_language):
        self.packs = packs
        self.detect_language = detect_language
        prefixes: set[str] = set()
        whole: set[str] = set()
        cut: set[str] = set()
        for code in packs.codes:
            pack = packs.get(code)
            prefixes |= {normalize(str(x)).strip() for x in pack.get("boilerplate", "line_prefixes", []) or []}
            whole |= {normalize(str(x)).strip(" :") for x in pack.get("boilerplate", "lines", []) or []}
            cut |= {normalize(str(x)).strip(" :") for x in pack.get("boilerplate", "cut_after", []) or []}
        self._prefixes = tuple(sorted(p for p in prefixes if p))
        self._whole = whole
        self._cut = tuple(sorted(c for c in cut if c))

    def clean(self, page: Page) -> Document:
        text = page.text
        lang = page.lang or self.detect_language(text)
        if lang not in self.packs.codes:
            lang = self.detect_language(text) if page.lang else lang
        lines = _lines(text)
        body: list[tuple[int, int]] = []
        seen_lines: set[str] = set()
        title_line = None
        in_related = False
        for (s, e) in lines:
            m_stamp = _CRAWL_STAMP.match(text, s, e)
            if m_stamp:  # a crawler's " date 2019-05-10" prefix: metadata, not text
                s = m_stamp.end()
                if s >= e:
                    continue
            raw = text[s:e]
            norm = normalize(raw).strip()
            key = norm.strip(" :.")
            if not key:
                continue
            if self._cut and key.startswith(self._cut) and len(key) < 60:
                break  # comment forms, share buttons: the article has ended
            if key in self._whole:
                continue
            if self._prefixes and key.startswith(self._prefixes):
                # "Related readings:" alone on its line heads a list of links to other stories
                in_related = len(key.split()) <= 3
                continue
            if in_related:
                if not _is_sentence_like(raw):
                    continue
                in_related = False
            if key in seen_lines:  # a title or caption repeated by the page layout
                continue
            seen_lines.add(key)
            nwords = len(key.split())
            if nwords >= FOREIGN_LINE_WORDS and self._foreign(raw, lang):
                continue  # an English photo caption on an Indonesian page: not the article
            if title_line is None and nwords >= 3:
                title_line = (s, e)
            elif _is_headline(raw) and (s, e) != title_line:
                continue  # a "related article" link or a section heading inside the page
            body.append((s, e))
        doc = Document(page=page, lang=lang, body=body)
        self._dateline(doc)
        doc.sentences = _sentences(text, body, doc.dateline_span, title_line)
        doc.source = page.source or doc.source or _outlet(page, doc)
        doc.published, doc.published_origin = _published(page, text, lang)
        if doc.published is None:
            doc.year_hint = _year_hint(page, text)
        return doc

    def _foreign(self, line: str, lang: str) -> bool:
        """Whether a long line is clearly in another language than the page (the quick stop-word vote;
        Indonesian and Malay count as one)."""
        votes = getattr(self.detect_language, "votes", None)
        if votes is None:
            return False
        group = {"ms": "id"}.get(lang, lang)
        words = votes.words
        if any(words.get(w) == group for w in line.lower().split()):
            return False  # a function word of the page's own language: not clearly foreign (the usual case)
        code = votes.decide(line)
        return code is not None and code != group and (code, group) != ("id", "ms")

    def _dateline(self, doc: Document) -> None:
        """Find the dateline ("BAGHDAD -", "NAIROBI, Kenya (AP) —", "Baghdad, LiputanIslam.com –")."""
        text = doc.text
        for i, (s, e) in enumerate(doc.body[:DATELINE_LINES]):
            line = text[s:e]
            m_slug = _GLUED_SLUG.match(line)
            off = m_slug.end() if m_slug else 0
            wire = _AGENCY_DATELINE.match(line[off:])
            if wire:
                doc.dateline = wire.group("place").title() if wire.group("place").isupper() else wire.group("place")
                doc.dateline_span = (s + off, s + off + len(wire.group(0).rstrip()))
                return
            m = _DATELINE.match(line[off:])  # '^' would not anchor at a pos argument
            if not m:
                continue
            head = m.group("head").strip()
            words = head.split()
            if len(words) > 8 or head.count(",") > 3:
                continue
            parts = [x.strip(" )") for x in re.split(r"[,(]", head) if x.strip(" )")]
            places = [x for x in parts if not _DOMAIN.fullmatch(x)]
            place = places[0] if places else ""
            dom = _DOMAIN.search(head)
            shouting = place.isupper() and any(c.isalpha() for c in place)
            caseless = bool(_ARABIC.match(place)) and len(words) <= 3  # Arabic has no capitals to shout
            rest = line[off + m.end():].strip()
            # "بغداد - السومرية نيوز" alone on its line, the story below: the rest names the source
            standalone = len(rest.split()) <= 4 and i + 1 < len(doc.body)
            # a dateline is a capitalised place, in capitals or followed by an outlet, and a story follows
            if not (shouting or dom or m_slug or caseless) or (len(rest) < 40 and not standalone):
                continue
            if standalone and not dom:
                doc.source = doc.source or rest
            if dom:
                doc.source = doc.source or dom.group()
            if place and len(place.split()) <= 4:
                doc.dateline = place.title() if place.isupper() else place
            head_end = off + m.end()
            while head_end > off and line[head_end - 1].isspace():
                head_end -= 1  # the evidence is the phrase, not the space after its dash
            doc.dateline_span = (s + off, s + head_end)
            if m_slug:  # the slug is furniture: the body starts at the dateline
                doc.body[i] = (s + off, e)
            return


_LATIN_WORD = re.compile(r"[^\W\d_]{4,}")
_ARABIC = re.compile(r"[\u0600-\u06FF]")


def _is_headline(line: str) -> bool:
    """A line in Title Case without a sentence's final punctuation: a link to another story."""
    stripped = line.rstrip()
    if not stripped or stripped[-1] in ".:;,\"”'’)»":
        return False
    words = _LATIN_WORD.findall(stripped)
    if len(words) < 3:
        return False
    caps = sum(1 for w in words if w[0].isupper())
    return caps / len(words) >= 0.75


def _is_sentence_like(line: str) -> bool:
    """Prose ends a list of links: a line that ends like a sentence (links have no final stop)."""
    return line.rstrip()[-1:] in ".!?؟…\"”»'’"


def _lines(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for part in text.splitlines(keepends=True):
        stripped = part.rstrip("\r\n")
        lead = len(stripped) - len(stripped.lstrip())
        trail = len(stripped.rstrip())
        if trail > lead:
            out.append((pos + lead, pos + trail))
        pos += len(part)
    return out


def _sentences(text: str, body: list[tuple[int, int]], dateline_span, title_line) -> list[Sentence]:
    out: list[Sentence] = []
    for para, (s, e) in enumerate(body):
        line = text[s:e]
        is_title = title_line == (s, e)
        if len(line.split()) < MIN_WORDS_SENTENCE_LINE and not is_title:
            continue
        start = s
        if dateline_span and dateline_span[0] >= s and dateline_span[1] <= e:
            start = dateline_span[1]
        pieces = _split(text, start, e)
        for (a, b) in pieces:
            out.append(Sentence(a, b, text[a:b], paragraph=para, is_title=is_title))
    return out


def _split(text: str, s: int, e: int) -> list[tuple[int, int]]:
    pieces = []
    cur = s
    for m in _SENT_SPLIT.finditer(text, s, e):
        at = m.start() + 1  # just after the stop
        before = text[max(cur, at - 12):at]
        if _ABBREV.search(before.split()[-1] if before.split() else ""):
            continue
        if at - cur >= 3:
            pieces.append((cur, at))
            cur = m.end()
            while cur < e and text[cur].isspace():
                cur += 1
    if e - cur > 0:
        pieces.append((cur, e))
    return [p for p in pieces if text[p[0]:p[1]].strip()]


def _outlet(page: Page, doc: Document) -> str | None:
    if page.url:
        host = urlparse(page.url).hostname or ""
        host = host[4:] if host.startswith("www.") else host
        return host or None
    return None


def _published(page: Page, text: str, lang: str = "en") -> tuple[str | None, str | None]:
    """The best publication date: the page's own, else one in its URL, else a date stamp in its text."""
    if page.published:
        return page.published[:10], "metadata"
    if page.url:
        m = _URL_DATE.search(page.url)
        if m:
            y, mo, d = (int(x) for x in m.groups())
            return f"{y:04d}-{mo:02d}-{d:02d}", "url"
        m = _URL_DATE_DMY.search(page.url)
        if m:
            d, mon, y = m.groups()
            return f"{int(y):04d}-{_MONTHS_EN[mon.lower()[:3]]:02d}-{int(d):02d}", "url"
    head = text[:300]
    m = _CRAWL_STAMP.match(text)
    if m and len(m.group().strip()) >= 15:
        return m.group().strip()[5:15], "text"
    m = _ISO_DATE.search(head)
    if m:
        return m.group(), "text"
    stamp = _header_date(text, lang)
    if stamp:
        return stamp, "text"
    return None, None


_HEADER_LINES = 6  # a page's date stamp sits in its first lines ("Sunday, March 3, 2013", "Updated: ...")
_YEARISH = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _header_date(text: str, lang: str) -> str | None:
    """A full date standing alone on one of the page's first lines, read by dateparser.

    dateparser is thorough but slow, so it only sees short header lines that hold a year.
    """
    lines = [ln.strip() for ln in text[:1500].splitlines() if ln.strip()][:_HEADER_LINES]
    cands = [ln for ln in lines if _YEARISH.search(ln) and len(ln.split()) <= 8]
    if not cands:
        return None
    import dateparser

    for ln in cands:
        try:
            d = dateparser.parse(ln, languages=[lang, "en"],
                                 settings={"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DAY_OF_MONTH": "first"})
        except Exception:  # dateparser raises on some odd inputs; a stamp is optional
            continue
        if d is not None and 1990 <= d.year <= 2100:
            return d.date().isoformat()
    return None


_YEAR_IN_URL = re.compile(r"/((?:19|20)\d\d)/")


def _year_hint(page: Page, text: str) -> int | None:
    """A year without a full date: a crawler's " date 2023-03" stamp, or "/2023/" in the URL."""
    m = _CRAWL_STAMP.match(text)
    if m:
        return int(m.group().strip()[5:9])
    if page.url:
        m = _YEAR_IN_URL.search(page.url)
        if m:
            return int(m.group(1))
    return None
