"""Stage 3: per-sentence mentions -> events (one per sub-event type, place, day and actor pair).

The rules, in the order they apply:
1. A trigger that a future, negation or hypothetical marker governs, or that sits in background
   history (a date well before the page's reference date), reports no event.
2. Each sentence proposes one candidate per event type its triggers name (the most specific
   sub-event type wins); a sentence listing towns ("Douma and Harasta") proposes one per town, each
   with the killed figures told of it, and one listing days ("jeudi et vendredi") one per day (the
   dead go to the first); protests listing several towns do too. A trigger word with
   no company (no actor, figure or other trigger: "Mereka diculik di X") is a weak mention.
3. A candidate takes its sentence's place and date, else its paragraph's, else the page's main
   place (never the dateline or a "reporting from" place, unless nothing else is known) and the
   page's reference date.
4. Candidates of one event type whose places and dates agree merge into one event; the body's
   place replaces the headline's town in the same province; generic triggers ("serangan",
   "attack") and weak mentions only add to such events (their place when the event's was
   inherited or vaguer, their date), and generic ones make one when the page has none.
5. Refinements over the merged evidence: police intervention turns a protest into a protest with
   intervention, violence by protesters into a riot, a suicide marker an explosion into a suicide
   bomb, and an "attack" on an armed actor into an armed clash.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from dataclasses import dataclass, field

from kabar.dates import ResolvedDate, parse_iso, resolve
from kabar.extraction.analyse import Analysis, SentenceInfo, Trigger
from kabar.extraction.roles import armed_takes, assign_actors
from kabar.records import Event
from kabar.taxonomy import EVENT_TYPE_OF, RANK
from kabar.text import words

HISTORY_DAYS = 30
STORY_DATE_SENTENCES = 5  # a story's opening: title, dateline sentence, lead and the next two
STORY_DATE_DAYS = 7  # the opening's day counts as the story's day when within a week before publication  # a sentence dated this long before the reference date is background, not news
MERGE_KM = 30.0
LATE_SENTENCE = 6  # sentences after this one are past a story's opening
TITLE_DATE_SLACK = 3  # a headline's day is often the day of publication, not of the event
ATTRIBUTION_PLACE_REACH = 12  # "said in X": a place this close after an attribution is where it was said
DESTINATION_REACH = 25
AFTERMATH_PLACE_REACH = 30  # "hospital in X", "rumah sakit di X"  # characters between "menuju"/"towards" and the place it names ("menuju kawasan Biaj")  # candidates of one type this close (and on the same day) are one event
_PLACE_KIND_RANK = {"city": 0, "water": 0, "region": 1, "admin2": 1, "admin1": 2, "country": 3}
RIOT_SUBS = ("Violent demonstration", "Mob violence")
# Strategic developments that follow a violent event in the same place and day are part of its story
# ("five attackers were killed and one arrested"), not events of their own.
CONSEQUENCE_SUBS = ("Arrests", "Disrupted weapons use", "Change to group/activity", "Other")
MOVEMENT_SUBS = ("Other", "Change to group/activity", "Non-violent transfer of territory")
PROTEST_SUBS = ("Peaceful protest", "Protest with intervention", "Excessive force against protesters")


@dataclass
class Candidate:
    info: SentenceInfo
    event_type: str
    sub_event_type: str
    triggers: list[Trigger]
    generic: bool
    place: object | None = None  # PlaceMention
    place_inherited: bool = True
    date: ResolvedDate | None = None
    date_inherited: bool = True
    sentences: list[SentenceInfo] = field(default_factory=list)
    to_destination: bool = False  # the place is where a movement went ("menuju X")
    core: list[SentenceInfo] = field(default_factory=list)  # sentences whose own triggers made the event
    country_hint: object | None = None  # the sentence named only a country ("di Nigeria")
    anaphoric: bool = False  # told as "the attack", "serangan itu": the event already reported
    alone: bool = False  # its trigger words have no company (see _supported): it only adds to an event
    another: bool = False  # "another suicide bomber": never the event told before
    split: int = 0  # > 0: one of the towns its sentence lists ("Douma and Harasta"), each its own event
    killed_share: list | None = None  # for a listed town: the sentence's killed figures told of it
    day_split: int = 0  # > 0: one of the days its sentence lists ("jeudi et vendredi"), each its own event

    def __post_init__(self) -> None:
        if not self.core:
            self.core = [self.info]


def reference_date(an: Analysis, catalog) -> None:
    """The date relative expressions resolve against: publication, else the page's own dates."""
    doc = an.doc
    ref = parse_iso(doc.published)
    if ref:
        an.reference_date, an.reference_origin = ref, doc.published_origin or "metadata"
        return
    names = {a.name for s in an.sentences for a in s.actors if a.name}
    places = {p.place.name.lower() for p in an.places if p.place and p.place.name}
    places |= {p.surface.lower() for p in an.places}
    an.year_ranges = catalog.year_ranges(names, places)
    if doc.year_hint:  # the page's stamp or URL names the year
        y = doc.year_hint
        an.year_ranges = [(dt.date(y, 1, 1), dt.date(y, 12, 31))]
    for s in an.sentences:
        for m in s.dates:
            if m.kind == "full":
                r = resolve(m, None)
                if r.date:
                    an.reference_date, an.reference_origin = r.date, "text"
                    return
    for s in an.sentences:
        for m in s.dates:
            if m.kind == "daymonth" and m.weekday is not None:
                r = resolve(m, None, year_ranges=an.year_ranges)
                if r.date:
                    an.reference_date, an.reference_origin = r.date, "inferred"
                    return


def resolve_sentence_dates(an: Analysis) -> dict[int, list[ResolvedDate]]:
    out: dict[int, list[ResolvedDate]] = {}
    for s in an.sentences:
        rs = []
        for m in s.dates:
            r = resolve(m, an.reference_date, year_ranges=an.year_ranges)
            rs.append(r)
        out[s.index] = rs
    return out


def build_events(an: Analysis, catalog, geocoder, min_confidence: float) -> list[Event]:
    reference_date(an, catalog)
    dated = resolve_sentence_dates(an)
    excluded = _excluded_place_spans(an)
    main_place = _main_place(an, excluded)
    story = _story_date(an, dated)
    cands: list[Candidate] = []
    generic: list[Candidate] = []
    for s in an.sentences:
        if s.hypothetical or not s.triggers:
            continue
        if s.non_conflict and not any(a.role in ("named", "armed_group", "rebels") for a in s.actors):
            continue  # "a flood killed five": deaths, but no conflict
        if _is_history(s, dated[s.index], an.reference_date):
            continue
        if _is_future(dated[s.index], an):
            continue
        # A trigger word with no company ("Mereka diculik di Perairan X, Kamis", "the bombing destroyed two
        # camps in X") may tell more of an event the page reports, never one of its own: a weak mention
        valid = [t for t in s.triggers if not t.future and not t.negated]
        if not valid:
            continue
        alone = {id(t) for t in valid if not _supported(t, s)}
        by_type: dict[str, list[Trigger]] = {}
        for t in valid:
            by_type.setdefault(t.event_type, []).append(t)
        if "Riots" in by_type and "Strategic developments" in by_type and \
                all(t.sub_event_type == "Looting/property destruction" for t in by_type["Strategic developments"]):
            del by_type["Strategic developments"]  # "rioters burned cars and looted shops": one riot
        if "Explosions/Remote violence" in by_type:
            # "an attack with explosives on a patrol": the explosion is how the attack was made
            for et in ("Battles", "Violence against civilians"):
                ts = by_type.get(et)
                if ts and all(t.sub_event_type in ("Attack", "Armed clash") for t in ts):
                    del by_type[et]
        for et, ts in by_type.items():
            strong = [t for t in ts if not t.generic]
            use = strong or ts
            sub = min((t.sub_event_type for t in use), key=lambda x: RANK.get(x, 99))
            if sub == "Attack" and _targets_armed(s):
                et, sub = "Battles", "Armed clash"
            if sub == "Arrests" and armed_takes(s, use[0].start):
                et, sub = "Violence against civilians", "Abduction/forced disappearance"
            if sub == "Looting/property destruction" and any(a.role in ("protesters", "rioters") for a in s.actors):
                et, sub = "Riots", "Violent demonstration"  # a crowd wrecking an office: a riot (ACLED)
            places = _sentence_places(s, excluded, use[0], sub)
            date = _sentence_date(s, dated[s.index], an.reference_date)
            lone = all(id(t) in alone for t in use)
            target = cands if strong and not _weak(use, s) and not lone else generic
            towns = _listed_towns(s, excluded, an) if sub not in PROTEST_SUBS else []
            days = _listed_days(s, dated[s.index], an) if len(towns) < 2 else []
            if len(days) > 1:  # "enlevées jeudi et vendredi": one event a day (the dead told go to the first)
                p = places[0] if places and places[0].place.kind != "country" else None
                for k, day in enumerate(days):
                    target.append(Candidate(s, et, sub, use, target is generic, p, p is None, day, False, [s],
                                            anaphoric=all(t.anaphoric for t in use), alone=lone,
                                            killed_share=None if k == 0 else [], day_split=s.index + 1))
            elif len(towns) > 1:  # "air strikes hit Douma and Harasta": one event per town
                split_id = s.index * 100 + len(cands) + len(generic) + 1
                shares = _killed_by_town(s, towns, excluded)
                for p in towns:
                    target.append(Candidate(s, et, sub, use, target is generic, p, False, date, date is None, [s],
                                            anaphoric=all(t.anaphoric for t in use),
                                            another=any(t.another for t in use), alone=lone, split=split_id,
                                            killed_share=shares[p.place.name]))
            elif sub in PROTEST_SUBS and len(places) > 1:
                for p in places:
                    target.append(Candidate(s, et, sub, use, target is generic, p, False, date, date is None, [s],
                                            alone=lone))
            else:
                p = places[0] if places else None
                country_only = p is not None and p.place.kind == "country"
                c = Candidate(s, et, sub, use, target is generic, None if country_only else p,
                              p is None or country_only, date, date is None, [s])
                c.country_hint = p if country_only else None
                c.anaphoric = all(t.anaphoric for t in use)
                c.another = any(t.another for t in use)
                c.alone = lone
                c.to_destination = p is not None and sub in MOVEMENT_SUBS and \
                    any(0 <= p.start - b <= DESTINATION_REACH for _, b in s.destination)
                target.append(c)
    # inherit places and dates from the paragraph, then the page
    for group in (cands, generic):
        last_by_para: dict[int, Candidate] = {}
        for c in group:
            prev = last_by_para.get(c.info.sentence.paragraph)
            if c.place is None:
                c.place = prev.place if prev and prev.place else main_place
                hint = c.country_hint
                if hint is not None and (c.place is None or c.place.place.iso != hint.place.iso):
                    c.place = hint  # the page's main place is in another country: only the country is known
            if c.date is None and prev and prev.date:
                c.date = prev.date
            if c.date is None and story is not None:
                c.date = story  # the day the story's opening gives applies to what it goes on to tell
            last_by_para[c.info.sentence.paragraph] = c
    merged = _merge(cands)
    if not merged:
        usable = [g for g in generic if not g.alone and _generic_is_event(g) and not g.info.background]
        merged = _merge(usable)
        used = {id(g) for g in usable}
        for g in generic:  # the other weak mentions tell more of those events ("dalam serangan tersebut")
            if id(g) not in used:
                _absorb(merged, g)
    else:
        listed = []
        violent = [e for e in merged if e.event_type not in ("Protests", "Strategic developments")]
        # "two soldiers died in an attack" on a page whose strong mentions tell only of a protest: the
        # attack is an event of its own, not a detail of the protest
        own = [g for g in generic if g.info.killed and not g.alone and not g.info.background
               and _generic_is_event(g) and all(e.event_type != g.event_type for e in merged)
               and not any(_places_agree(e, g) and _dates_agree(e, g) for e in violent)
               and not any(g.info in e.sentences for e in merged)]  # its sentence tells that protest
        merged.extend(_merge(own))
        violent = [e for e in merged if e.event_type not in ("Protests", "Strategic developments")]
        own_ids = {id(g) for g in own}
        for g in generic:
            if id(g) in own_ids or _absorb(merged, g, same_type=True) or _absorb(violent, g) or _absorb(merged, g):
                continue
            # protests told town by town ("À Annecy, 200 personnes ont manifesté") are events of their own
            if g.sub_event_type in PROTEST_SUBS + RIOT_SUBS and not g.place_inherited and not g.alone and \
                    any(e.event_type == g.event_type for e in merged):
                listed.append(g)
        merged.extend(_merge(listed))
    merged = _fold_consequences(merged)
    merged = _drop_planned(merged, an)
    merged = _fold_protests_into_riots(merged)
    _attach_casualty_sentences(an, merged, dated)
    events: list[Event] = []
    for c in merged:
        ev = _to_event(c, an, catalog, geocoder, main_place)
        if ev is not None and ev.confidence >= min_confidence:
            events.append(ev)
    return _unique(events)


# ----------------------------------------------------------------------------- places


def _excluded_place_spans(an: Analysis) -> list[tuple[int, int]]:
    """Places that are not where events happened: the dateline, and 'reporting from X'."""
    spans = []
    if an.doc.dateline_span:
        spans.append(an.doc.dateline_span)
    for s in an.sentences:
        for (a, b) in s.reporting_from:
            spans.append((b, b + 40))
        for (a, b) in s.attribution:  # "said in Baghdad", "a statement in Baghdad"
            spans.append((b, b + ATTRIBUTION_PLACE_REACH))
        for (a, b) in s.aftermath:  # "taken to a hospital in Dahuk": where victims went, not the event
            spans.append((b, b + AFTERMATH_PLACE_REACH))
    return spans


def _is_excluded(p, excluded) -> bool:
    return any(a <= p.start < b for a, b in excluded)


def _sentence_places(s: SentenceInfo, excluded, trigger: Trigger, sub: str) -> list:
    ps = [p for p in s.places if not _is_excluded(p, excluded) and p.place is not None]
    ps = [p for p in ps if not _locates(p, ps, s)]
    if not ps:
        return []
    if sub in MOVEMENT_SUBS and s.destination:
        after = [p for p in ps if any(0 <= p.start - b <= DESTINATION_REACH for _, b in s.destination)]
        if after:
            return [after[0]]
    # the most specific place; among equals the one nearest after the trigger
    def key(p):
        kind = _PLACE_KIND_RANK.get(getattr(p.place, "kind", "city"), 1)
        dist = p.start - trigger.end if p.start >= trigger.start else (trigger.start - p.start) * 2
        return (kind, abs(dist))

    specific = [p for p in ps if _PLACE_KIND_RANK.get(p.place.kind, 1) < 3]
    if sub in PROTEST_SUBS:
        towns = []
        seen = set()
        for p in specific:
            if _PLACE_KIND_RANK.get(p.place.kind, 1) == 0 and p.place.name not in seen:
                seen.add(p.place.name)
                towns.append(p)
        if len(towns) > 1:
            return towns
    best = sorted(specific or ps, key=key)
    return best[:1]


_LOCATOR_GAP = re.compile(r"^[\s,\"'“”«»(\[–—-]*$")


def _locates(p, ps: list, s: SentenceInfo) -> bool:
    """"Kasserine, north-west of the capital Tunis": a relative place right after another place says
    where that one lies; it is not where the event happened."""
    if not p.relation:
        return False
    base = s.sentence.start
    return any(q is not p and q.place.kind != "country" and q.end <= p.start
               and _LOCATOR_GAP.match(s.sentence.text[q.end - base:p.start - base]) for q in ps)


def _listed_towns(s: SentenceInfo, excluded, an: Analysis) -> list:
    """The towns a sentence lists together ("Douma dan Harasta", "Douma, Harasta and Saqba"), when they
    are all the towns it names; [] otherwise, and for a stretch "between X and Y"."""
    towns = sorted((p for p in s.places if p.place is not None and not _is_excluded(p, excluded)
                    and _PLACE_KIND_RANK.get(p.place.kind, 1) == 0 and (p.geo_precision or 1) == 1),
                   key=lambda p: p.start)
    if len({p.place.name for p in towns}) < 2:
        return []
    pack, text = an.pack, an.doc.text
    joiners = pack.phrases("discourse", "place_joiners")
    glued = tuple(j[0] for j in joiners if len(j) == 1 and not j[0].isascii())  # Arabic "و" + name
    chain, joined = [towns[0]], False
    for p in towns[1:]:
        raw = text[chain[-1].end:p.start]
        gap = tuple(words(raw))
        if p.place.name == chain[-1].place.name:
            break
        if (gap and gap in joiners) or (not raw.strip() and glued and p.surface.startswith(glued)):
            chain.append(p)  # "Douma dan Harasta", "دوما وحرستا": the list ends here
            joined = True
            break
        if raw.strip() == ",":
            chain.append(p)  # "Douma, Harasta and Saqba"
            continue
        break
    names = {p.place.name for p in chain}
    if not joined or len(names) < 2 or any(p.place.name not in names for p in towns):
        return []
    before = words(text[max(s.sentence.start, chain[0].start - 30):chain[0].start])
    for b in pack.phrases("discourse", "between"):
        if b and len(before) >= len(b) and tuple(before[len(before) - len(b):]) == b:
            return []  # "the road between Douma and Harasta"
    seen: set[str] = set()
    return [p for p in chain if not (p.place.name in seen or seen.add(p.place.name))]


def _listed_days(s: SentenceInfo, rs: list[ResolvedDate], an: Analysis) -> list[ResolvedDate]:
    """The days a sentence lists together ("jeudi et vendredi", "on Thursday and Friday"), in order;
    [] unless exactly two days of the story are joined by "and" and nothing else dates the sentence."""
    days = [r for r in rs if r.date is not None and r.precision == "day" and r.mention is not None]
    if len(days) != 2 or days[0].date == days[1].date or len(rs) != 2:
        return []
    a, b = sorted(days, key=lambda r: r.mention.start)
    gap = tuple(words(an.doc.text[a.mention.end:b.mention.start]))
    gap = gap[:-1] if gap and gap[-1] in ("el", "le", "on", "pada", "hari") else gap  # "y el viernes"
    if gap not in an.pack.phrases("discourse", "place_joiners") or abs((b.date - a.date).days) > 3:
        return []
    return sorted((a, b), key=lambda r: r.date)


def _killed_by_town(s: SentenceInfo, towns: list, excluded) -> dict[str, list]:
    """Which of the sentence's killed figures each listed town gets: a figure goes to the town named
    next after it ("five in Douma and three in Harasta"), else to the first; figures that are
    alternatives of one toll all stay with the first town."""
    names = {p.place.name for p in towns}
    mentions = sorted((p for p in s.places if p.place is not None and p.place.name in names
                       and not _is_excluded(p, excluded)), key=lambda p: p.start)
    shares: dict[str, list] = {n: [] for n in names}
    for c in s.casualties:
        if c.kind != "killed":
            continue
        nxt = None if s.alternative_figures else next((p for p in mentions if p.start >= c.end), None)
        shares[(nxt or towns[0]).place.name].append(c)
    return shares


def _main_place(an: Analysis, excluded):
    """The page's main place: the lead's most specific place, else the most frequent, else the dateline."""
    counts: dict[str, list] = {}
    for s in an.sentences:
        for p in s.places:
            if p.place is None or _is_excluded(p, excluded):
                continue
            counts.setdefault(p.place.name, []).append(p)
    lead = [s for s in an.sentences[:4] if s.triggers]
    for s in lead:  # the lead's most specific place below the country
        ps = [p for p in s.places if p.place is not None and not _is_excluded(p, excluded)
              and _PLACE_KIND_RANK.get(p.place.kind, 1) < 3]
        if ps:
            return sorted(ps, key=lambda p: _PLACE_KIND_RANK.get(p.place.kind, 1))[0]
    counts = {k: [p for p in v if _PLACE_KIND_RANK.get(p.place.kind, 1) < 3] for k, v in counts.items()} | \
        {k: v for k, v in counts.items() if all(_PLACE_KIND_RANK.get(p.place.kind, 1) == 3 for p in v)}
    counts = {k: v for k, v in counts.items() if v}
    if counts:  # else the page's most frequent place, a town or province before a country
        best = max(counts.values(), key=lambda ps: (_PLACE_KIND_RANK.get(ps[0].place.kind, 1) < 3, len(ps),
                                                    -_PLACE_KIND_RANK.get(ps[0].place.kind, 1)))
        return best[0]
    for p in an.places:  # only the dateline or reporting places are known
        if p.place is not None:
            return p
    return None


# ----------------------------------------------------------------------------- dates


def _is_history(s: SentenceInfo, rs: list[ResolvedDate], ref: dt.date | None) -> bool:
    """The sentence tells of the past: a date well before the page's, and none of the page's days
    ("Saturday's attack hit the market where a truck bomb killed 28 last year" is news)."""
    if ref is None:
        return False
    if any(r.date and r.precision == "day" and 0 <= (ref - r.date).days <= STORY_DATE_DAYS for r in rs):
        return False
    for r in rs:
        if r.date and r.precision == "year":
            if r.date.year < ref.year:
                return True
            continue
        if r.date and (ref - r.date).days > HISTORY_DAYS:
            return True
        if r.date and r.precision == "month" and (r.date.year, r.date.month) < (ref.year, ref.month):
            return True  # "en diciembre de 2022" on a January page
        if r.mention and r.mention.kind == "year" and r.mention.year and r.mention.year < ref.year:
            return True
    return False


def _story_date(an: Analysis, dated: dict[int, list[ResolvedDate]]) -> ResolvedDate | None:
    """The first day the opening sentences give ("on Sunday evening", "pada Senin kemarin")."""
    ref = an.reference_date
    for s in an.sentences[:STORY_DATE_SENTENCES]:
        for r in dated[s.index]:
            if r.date is None or r.precision != "day":
                continue
            if ref is not None and not (0 <= (ref - r.date).days <= STORY_DATE_DAYS):
                continue
            return r
    return None


def _is_future(rs: list[ResolvedDate], an: Analysis) -> bool:
    """A sentence dated after the page was published announces, it does not report."""
    ref = an.reference_date
    if ref is None or an.reference_origin not in ("metadata", "url"):
        return False
    return any(r.date is not None and r.precision in ("day", "week") and r.date > ref for r in rs)


def _supported(t: Trigger, s: SentenceInfo) -> bool:
    """A one-word trigger needs company: an actor, a casualty figure or another trigger in its sentence.

    One word is often used in other senses ("ditahan" of a football shot, "executed a penalty");
    conflict reports name who acted or who suffered.
    """
    if t.last > t.first:
        return True
    if s.casualties or any(a.role != "civilians" for a in s.actors):
        return True
    if t.event_type == "Protests" and s.actors:  # "teachers marched": the people are the protesters
        return True
    return any(o is not t and not (o.first == t.first) for o in s.triggers)


def _sentence_date(s: SentenceInfo, rs: list[ResolvedDate], ref: dt.date | None) -> ResolvedDate | None:
    good = [r for r in rs if r.date is not None and r.precision != "year"
            and (ref is None or -3 <= (ref - r.date).days <= HISTORY_DAYS)]
    if not good:
        return None
    # prefer a date that is not the day a statement was made ("kata X, Rabu (27/10)")
    def attributed(r: ResolvedDate) -> bool:
        m = r.mention
        return any(0 <= m.start - b <= 40 for (_, b) in s.attribution) if m else False

    plain = [r for r in good if not attributed(r)]
    return (plain or good)[0]


# ----------------------------------------------------------------------------- merging


def _km(p, q) -> float:
    a, b = p.place, q.place
    if a.latitude is None or b.latitude is None:
        return 0.0 if a.name == b.name else 1e9
    la1, lo1, la2, lo2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(min(1.0, h)))


def _places_agree(a: Candidate, b: Candidate) -> bool:
    if a.place is None or b.place is None or a.place_inherited or b.place_inherited:
        return True
    if a.place.place.name == b.place.place.name:
        return True
    if a.split or b.split:
        return False  # the page told these towns apart
    if (a.info.sentence.is_title or b.info.sentence.is_title) and a.place.place.iso == b.place.place.iso \
            and a.place.place.admin1 == b.place.place.admin1:
        return True  # a headline names the story's event by its province or a nearby town
    if a.sub_event_type in MOVEMENT_SUBS and b.sub_event_type in MOVEMENT_SUBS:
        # a movement is told from where it left and where it went: "left Mosul" / "left Mosul for Biaj"
        names_a = {p.place.name for s in a.sentences for p in s.places if p.place}
        names_b = {p.place.name for s in b.sentences for p in s.places if p.place}
        if a.place.place.name in names_b or b.place.place.name in names_a:
            return True
    ka = _PLACE_KIND_RANK.get(a.place.place.kind, 1)
    kb = _PLACE_KIND_RANK.get(b.place.place.kind, 1)
    if (a.place.geo_precision or 1) >= 2 or (b.place.geo_precision or 1) >= 2:
        # "outside Mosul" and "in Baaj" may well be one strike: vague places agree within their province
        if a.place.place.admin1 and a.place.place.admin1 == b.place.place.admin1:
            return True
    if ka >= 2 or kb >= 2:  # a region contains the town
        return (a.place.place.admin1 == b.place.place.admin1) or ka == 3 or kb == 3
    return _km(a.place, b.place) <= MERGE_KM


def _dates_agree(a: Candidate, b: Candidate) -> bool:
    if a.date is None or b.date is None or a.date.date is None or b.date.date is None:
        return True
    if a.day_split and a.day_split == b.day_split:
        return a.date.date == b.date.date  # the sentence told these days apart
    if a.info.sentence.is_title or b.info.sentence.is_title:
        return abs((a.date.date - b.date.date).days) <= TITLE_DATE_SLACK
    if a.date_inherited or b.date_inherited:
        return abs((a.date.date - b.date.date).days) <= 1
    return a.date.date == b.date.date


def _merge(cands: list[Candidate]) -> list[Candidate]:
    out: list[Candidate] = []
    for c in cands:
        target = None
        if c.another:  # "another suicide bomber blew himself up": a second event, told after the first
            out.append(c)
            continue
        if c.anaphoric:  # "the strikes hit targets in Baaj": the strikes already told
            target = next((e for e in reversed(out) if e.event_type == c.event_type
                           and _subs_compatible(e.sub_event_type, c.sub_event_type) and _dates_agree(e, c)), None)
            if target is not None:
                _join(target, c, adopt_town=True)
                continue
        for e in out:
            if e.event_type == c.event_type and _places_agree(e, c) and _dates_agree(e, c) \
                    and _subs_compatible(e.sub_event_type, c.sub_event_type):
                target = e
                break
        if target is None:
            out.append(c)
            continue
        _join(target, c)
    return out


# Sub-event types that one incident can be told as ("a suicide car bomb" is also "an explosive");
# types in different groups are different incidents (a drone strike is not a car bomb).
_SAME_INCIDENT = (
    {"Suicide bomb", "Remote explosive/landmine/IED", "Grenade"},
    {"Air/drone strike", "Shelling/artillery/missile attack", "Chemical weapon"},
)


def _subs_compatible(a: str, b: str) -> bool:
    """Strategic developments of different kinds stay separate events; others refine each other."""
    if EVENT_TYPE_OF.get(a) == "Strategic developments":
        return a == b
    if EVENT_TYPE_OF.get(a) == "Explosions/Remote violence" and a != b:
        return any(a in g and b in g for g in _SAME_INCIDENT)
    if a != b and a in _TERRITORY and b in _TERRITORY:
        return False  # rebels taking a town and the army taking it back are two events
    return True


_TERRITORY = ("Non-state actor overtakes territory", "Government regains territory")


def _join(target: Candidate, c: Candidate, adopt_town: bool = False) -> None:
    if RANK.get(c.sub_event_type, 99) < RANK.get(target.sub_event_type, 99):
        target.sub_event_type = c.sub_event_type
    target.triggers.extend(c.triggers)
    if c.info not in target.sentences:
        target.sentences.append(c.info)
    if c.info not in target.core:
        target.core.append(c.info)
    if target.split:
        pass  # a listed town keeps its own place
    elif (target.place_inherited and not c.place_inherited) or (c.to_destination and not target.to_destination) or \
            (_place_from_title(target) and not c.info.sentence.is_title and not c.place_inherited
             and c.place is not None and c.place.place.iso == target.place.place.iso
             and c.place.place.admin1 == target.place.place.admin1) or \
            (not c.place_inherited and c.place is not None and target.place is not None
             and (c.place.geo_precision or 1) < (target.place.geo_precision or 1)
             and c.place.place.admin1 == target.place.place.admin1):
        target.place, target.place_inherited, target.to_destination = c.place, False, c.to_destination
    elif not c.place_inherited and target.place is not None and c.place is not None and \
            _PLACE_KIND_RANK.get(c.place.place.kind, 1) < _PLACE_KIND_RANK.get(target.place.place.kind, 1) and \
            c.place.place.admin1 == target.place.place.admin1:
        target.place = c.place  # a town inside the region named first
    if adopt_town and not target.split and _names_the_town(target, c):
        target.place = c.place  # "near Mosul" ... "the strikes hit Baaj": the anaphor names the town
    if (target.date is None or target.date_inherited) and c.date is not None and not c.date_inherited:
        target.date, target.date_inherited = c.date, False
    target.generic = target.generic and c.generic


def _names_the_town(target: Candidate, c: Candidate) -> bool:
    """``c`` names the town (exactly) where ``target`` has only a vague place in the same province."""
    return not c.place_inherited and c.place is not None and target.place is not None \
        and _PLACE_KIND_RANK.get(c.place.place.kind, 1) == 0 and (c.place.geo_precision or 1) == 1 \
        and ((target.place.geo_precision or 1) >= 2 or _PLACE_KIND_RANK.get(target.place.place.kind, 1) >= 1) \
        and c.place.place.admin1 == target.place.place.admin1


def _place_from_title(c: Candidate) -> bool:
    """The event's place is the headline's ("Mosul: ... airstrikes"): the body says where, exactly."""
    t = c.info.sentence
    return t.is_title and c.place is not None and not c.place_inherited and t.start <= c.place.start < t.end


def _absorb(events: list[Candidate], g: Candidate, same_type: bool = False) -> bool:
    """A weak mention adds its sentence to the event it agrees with (of its own type first), if any."""
    mine = [e for e in events if e.event_type == g.event_type]
    for e in mine + ([] if same_type else [e for e in events if e not in mine]):
        if _places_agree(e, g) and _dates_agree(e, g):
            if g.info not in e.sentences:
                e.sentences.append(g.info)
            if (e.date is None or e.date_inherited) and g.date is not None and not g.date_inherited:
                e.date, e.date_inherited = g.date, False  # "Los hechos ocurrieron en la noche de este domingo"
            if e.place_inherited and not g.place_inherited and g.place is not None and e.event_type == g.event_type:
                e.place, e.place_inherited = g.place, False  # "Mereka diculik di Perairan Lahad Datu"
                return True
            # "in Helmand province" ... "at a checkpoint in Musa Qala district": the town is more exact
            if e.place is not None and g.place is not None and not g.place_inherited \
                    and g.place.place.admin1 == e.place.place.admin1 \
                    and (_PLACE_KIND_RANK.get(e.place.place.kind, 1) >= 2
                         and _PLACE_KIND_RANK.get(g.place.place.kind, 1) < _PLACE_KIND_RANK.get(e.place.place.kind, 1)
                         or g.anaphoric and _names_the_town(e, g)):
                e.place = g.place
            return True
    return False


def _fold_protests_into_riots(events: list[Candidate]) -> list[Candidate]:
    """A protest that turned violent is one riot, not a protest and a riot, in the same place and day."""
    riots = [e for e in events if e.event_type == "Riots"]
    out = []
    for e in events:
        if e.event_type == "Protests" and e.sub_event_type != "Excessive force against protesters":
            host = next((r for r in riots if _places_agree(r, e) and _dates_agree(r, e)), None)
            if host is not None:
                host.sentences.extend(x for x in e.sentences if x not in host.sentences)
                host.core.extend(x for x in e.core if x not in host.core)
                continue
        out.append(e)
    return out


def _fold_consequences(events: list[Candidate]) -> list[Candidate]:
    violent = [e for e in events if EVENT_TYPE_OF.get(e.sub_event_type) != "Strategic developments"]
    out = []
    for e in events:
        if e.sub_event_type in CONSEQUENCE_SUBS:
            # an arrest told where the page's violent event is, or with no place of its own, follows it
            host = next((v for v in violent if _dates_agree(v, e) and (
                e.place_inherited or (not v.place_inherited and v.place is not None and e.place is not None
                                      and v.place.place.name == e.place.place.name))), None)
            if host is not None and (e.sub_event_type != "Other" or not any(a.role == "named" for s in e.sentences for a in s.actors)):
                host.sentences.extend(x for x in e.sentences if x not in host.sentences)
                continue
        elif e.sub_event_type == "Looting/property destruction":
            # damage told with no place of its own, on the day of a riot or an attack, is that event's
            # ("after the crowd dispersed, officers listed the damage to the office")
            host = next((v for v in violent if e.place_inherited and _dates_agree(v, e)), None)
            if host is not None:
                host.sentences.extend(x for x in e.sentences if x not in host.sentences)
                continue
        out.append(e)
    return out


def _drop_planned(events: list[Candidate], an: Analysis) -> list[Candidate]:
    """A page announcing a protest ("dua kelompok massa akan menggelar demo besok") also names it
    without a future word ("pemberitahuan demo sudah disampaikan"): where a page's protest mentions
    are mostly future, an undated protest with no victims of its own is the planned one."""
    future: dict[str, int] = {}
    now: dict[str, int] = {}
    for s in an.sentences:
        for et in {t.event_type for t in s.triggers if t.future}:
            future[et] = future.get(et, 0) + 1
        for et in {t.event_type for t in s.triggers if not t.future and not t.negated}:
            now[et] = now.get(et, 0) + 1
    return [e for e in events if not (
        e.event_type in ("Protests", "Riots") and future.get(e.event_type, 0) > now.get(e.event_type, 0)
        and e.date_inherited and not any(s.casualties for s in e.sentences))]


def _generic_is_event(g: Candidate) -> bool:
    """Weak mentions make an event (on a page with no strong one) only with more behind them:
    casualties, or a specific trigger with an actor or a place of its own."""
    s = g.info
    armed = any(a.role in ("named", "armed_group", "rebels", "military", "police", "protesters", "rioters")
                for a in s.actors)
    if s.casualties:
        return armed or g.place is not None or s.killed > 0
    specific = any(not t.generic for t in g.triggers)
    return specific and (armed or not g.place_inherited)


def _weak(triggers: list[Trigger], s: SentenceInfo) -> bool:
    """One-word triggers with neither casualties nor a named group beside them are weak evidence:
    they add to an event the page reports more clearly, and make one alone only when nothing else does."""
    if any(t.last > t.first for t in triggers):
        return False
    if s.casualties:
        return False
    return not any(a.role == "named" for a in s.actors)


def _targets_armed(s: SentenceInfo) -> bool:
    """An 'attack' whose sentence names armed actors and no civilians is a fight between armed actors."""
    if any(a.role == "civilians" for a in s.actors):
        return False
    state = any(a.role in ("military", "police") for a in s.actors)
    nonstate = any(a.role in ("named", "armed_group", "rebels") for a in s.actors)
    return state or (nonstate and len({a.name for a in s.actors if a.role == "named"}) >= 1 and not state and
                     any(a.role == "named" and a.start > min(t.start for t in s.triggers) for a in s.actors))


def _attach_casualty_sentences(an: Analysis, events: list[Candidate], dated: dict[int, list[ResolvedDate]]) -> None:
    """Sentences with casualty figures but no trigger belong to the event of their paragraph."""
    if not events:
        return
    claimed = {s.index for e in events for s in e.sentences}
    for s in an.sentences:
        if s.index in claimed or not s.casualties or s.background:
            continue
        if _is_history(s, dated[s.index], an.reference_date):
            continue
        para = s.sentence.paragraph
        best = None
        for e in events:
            if EVENT_TYPE_OF.get(e.sub_event_type) == "Strategic developments":
                continue
            paras = [x.sentence.paragraph for x in e.sentences]
            if min(abs(p - para) for p in paras) <= 1:
                best = e
                break
        if best is None and len([e for e in events if EVENT_TYPE_OF.get(e.sub_event_type) != "Strategic developments"]) == 1:
            best = next(e for e in events if EVENT_TYPE_OF.get(e.sub_event_type) != "Strategic developments")
        if best is not None:
            best.sentences.append(s)


# ----------------------------------------------------------------------------- events


def _refine(c: Candidate) -> tuple[str, str]:
    sub = c.sub_event_type
    mods: dict[str, list] = {}
    for s in c.sentences:
        for k, v in s.modifiers.items():
            mods.setdefault(k, []).extend(v)
    killed = max((s.killed for s in c.sentences), default=0)
    if sub in PROTEST_SUBS or sub in ("Violent demonstration",):
        if mods.get("violent") and sub != "Excessive force against protesters":
            sub = "Violent demonstration"
        elif mods.get("excessive_force") and killed > 0:
            sub = "Excessive force against protesters"
        elif sub == "Peaceful protest" and mods.get("intervention"):
            sub = "Protest with intervention"
    if EVENT_TYPE_OF.get(sub) == "Explosions/Remote violence" and mods.get("suicide") and sub != "Air/drone strike":
        sub = "Suicide bomb"
    if sub == "Abduction/forced disappearance" and killed > 0:
        sub = "Attack"  # people killed and others taken: ACLED codes the attack, the abduction in the notes
    return EVENT_TYPE_OF[sub], sub


def _to_event(c: Candidate, an: Analysis, catalog, geocoder, main_place) -> Event | None:
    doc = an.doc
    event_type, sub = _refine(c)
    ev = Event(doc_id=doc.page.doc_id, event_type=event_type, sub_event_type=sub, lang=doc.lang,
               url=doc.page.url, source=doc.source)
    evidence: dict[str, list[tuple[int, int]]] = {}
    evidence["event_type"] = [(t.start, t.end) for t in c.triggers]
    evidence["sub_event_type"] = list(evidence["event_type"])
    # date
    if c.date is not None and c.date.date is not None:
        ev.event_date = c.date.date.isoformat()
        ev.date_precision = c.date.precision
        if c.date.mention is not None:
            evidence["event_date"] = [(c.date.mention.start, c.date.mention.end)]
    elif an.reference_date is not None:
        ev.event_date = an.reference_date.isoformat()
        ev.date_precision = "day"
    # place
    pm = c.place
    if pm is not None and pm.place is not None:
        p = pm.place
        ev.country, ev.iso = p.country, p.iso
        if p.kind != "country":  # a country-only event gets no invented province or town
            ev.admin1, ev.admin2 = p.admin1, p.admin2
            ev.location, ev.latitude, ev.longitude = p.name, p.latitude, p.longitude
        ev.geo_precision = pm.geo_precision
        evidence["location"] = [(pm.start, pm.end)]
        evidence["country"] = [(pm.start, pm.end)]
    # fatalities: per sentence, distinct groups add up; across sentences the largest report
    # (the same deaths told twice must not double); ACLED codes 0 when none are reported.
    # the sentences that made the event speak of its dead; others only when those are silent
    # (a page's background "the war has killed 10,000" must not become this event's toll)
    current = [s for s in c.core if not s.background] or c.core  # "over six years, 20,000 dead" is no toll

    def exact_killed(s: SentenceInfo) -> tuple[int, int]:
        if s is c.info and c.killed_share is not None:  # a town listed with others: its own figures
            share = c.killed_share
            return int(any(not (x.quantity and x.quantity.vague) for x in share)), sum(x.value for x in share)
        return _exact_killed(s)

    best = max(current, key=exact_killed)
    if not exact_killed(best)[1]:
        best = max((s for s in c.sentences if not s.background), key=exact_killed, default=best)
    ev.fatalities = exact_killed(best)[1] if _counts_deaths(sub) else 0
    if ev.fatalities:
        told = c.killed_share if best is c.info and c.killed_share is not None else best.casualties
        evidence["fatalities"] = [(x.start, x.end) for x in told if x.kind == "killed"]
    # actors
    assign_actors(ev, c, an, evidence)
    # sources
    cited = []
    mentions = [m for s in c.sentences for m in s.outlets]
    if not mentions:  # the source a page last cited still speaks ("Menurutnya, ...")
        earlier = [m for s in an.sentences[: c.info.index + 1] for m in s.outlets]
        mentions = earlier[-1:]
    for name, a, b in mentions:
        if name not in cited and name != doc.source:
            cited.append(name)
            evidence.setdefault("cited_sources", []).append((a, b))
    ev.cited_sources = cited
    if doc.dateline_span:
        evidence["source"] = [doc.dateline_span]
    ev.evidence = {k: sorted(set(v)) for k, v in evidence.items() if v}
    ev.confidence = _confidence(c, ev)
    ev.notes = _notes(ev)
    ev.event_id = _event_id(ev, c)
    return ev


def _exact_killed(s: SentenceInfo) -> tuple[int, int]:
    """Exact figures outrank vague ones: "at least 11 killed" over a headline's "dozens killed"."""
    exact = sum(c.value for c in s.casualties if c.kind == "killed" and not (c.quantity and c.quantity.vague))
    return (1 if exact else 0, s.killed)


def _counts_deaths(sub: str) -> bool:
    """Deaths belong to violent events; arrests, agreements and peaceful protests kill no one."""
    et = EVENT_TYPE_OF.get(sub)
    if et == "Strategic developments":
        return False
    return not (et == "Protests" and sub != "Excessive force against protesters")


def _confidence(c: Candidate, ev: Event) -> float:
    score = 0.3
    if not c.generic:
        score += 0.2
    if not c.place_inherited:
        score += 0.1
    if ev.location:
        score += 0.1
    if ev.event_date:
        score += 0.05
    if ev.fatalities or any(s.casualties for s in c.sentences):
        score += 0.1
    if ev.actor1:
        score += 0.05
    if any(s.sentence.is_title or s.index <= 2 for s in c.sentences):
        score += 0.1
    elif c.place_inherited and c.date_inherited and not any(s.casualties for s in c.sentences) \
            and all(s.index > LATE_SENTENCE for s in c.core):
        # told late, with no place, day or victims of its own: background more often than news
        score -= 0.25
    return round(min(score, 0.95), 2)


def _notes(ev: Event) -> str:
    who = ev.actor1 or "An unidentified actor"
    against = f" against {ev.actor2}" if ev.actor2 else ""
    where = ev.location or ev.admin1 or ev.country or "an unknown place"
    if ev.location and ev.country:
        where = f"{ev.location}, {ev.admin1 + ', ' if ev.admin1 else ''}{ev.country}"
    when = f" on {ev.event_date}" if ev.event_date else ""
    deaths = f"; {ev.fatalities} reported killed" if ev.fatalities else ""
    return f"{ev.sub_event_type}: {who}{against} in {where}{when}{deaths}."


def _event_id(ev: Event, c: Candidate) -> str:
    key = f"{ev.doc_id}|{ev.sub_event_type}|{ev.location}|{ev.event_date}|{c.info.sentence.start}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _unique(events: list[Event]) -> list[Event]:
    seen = set()
    out = []
    for e in events:
        k = (e.sub_event_type, e.location or e.admin1 or e.country, e.event_date, e.actor1, e.actor2)
        if k in seen:
            continue
        seen.add(k)
        out.append(e)
    return out

