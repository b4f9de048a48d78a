"""A sample store: synthetic pages and the events they report, with evidence spans into the text.

For the API's tests, the dashboard's browser test, the load benchmark and demos, before (or
without) real extraction. Every sentence is made here from kabar's own templates; places carry
real coordinates so the map looks like a map. Deterministic for a seed.

    from kabar.server.sample import fill_store
    fill_store(store, n_events=1000, seed=1)
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Iterator

from kabar.records import Event
from kabar.store.base import PageMeta

# (country, iso3, admin1, town, latitude, longitude)
PLACES: tuple[tuple[str, str, str, str, float, float], ...] = (
    ("Indonesia", "IDN", "Papua", "Jayapura", -2.533, 140.717),
    ("Indonesia", "IDN", "Central Papua", "Timika", -4.546, 136.883),
    ("Indonesia", "IDN", "Highland Papua", "Wamena", -4.097, 138.951),
    ("Indonesia", "IDN", "Aceh", "Banda Aceh", 5.548, 95.324),
    ("Indonesia", "IDN", "Central Sulawesi", "Poso", -1.396, 120.752),
    ("Iraq", "IRQ", "Baghdad", "Baghdad", 33.315, 44.366),
    ("Iraq", "IRQ", "Nineveh", "Mosul", 36.340, 43.130),
    ("Iraq", "IRQ", "Al Anbar", "Ramadi", 33.426, 43.299),
    ("Iraq", "IRQ", "Kirkuk", "Kirkuk", 35.468, 44.392),
    ("Syria", "SYR", "Aleppo", "Aleppo", 36.202, 37.134),
    ("Syria", "SYR", "Idlib", "Idlib", 35.931, 36.633),
    ("Syria", "SYR", "Deir ez-Zor", "Deir ez-Zor", 35.336, 40.141),
    ("Nigeria", "NGA", "Borno", "Maiduguri", 11.846, 13.160),
    ("Nigeria", "NGA", "Zamfara", "Gusau", 12.170, 6.664),
    ("Philippines", "PHL", "Lanao del Sur", "Marawi", 8.000, 124.283),
    ("Philippines", "PHL", "Sulu", "Jolo", 6.052, 121.002),
    ("Mali", "MLI", "Gao", "Gao", 16.272, -0.044),
    ("Mali", "MLI", "Mopti", "Mopti", 14.484, -4.183),
    ("Yemen", "YEM", "Taizz", "Taiz", 13.579, 44.021),
    ("Yemen", "YEM", "Marib", "Marib", 15.463, 45.325),
    ("Mexico", "MEX", "Sinaloa", "Culiacan", 24.799, -107.389),
    ("Malaysia", "MYS", "Sabah", "Lahad Datu", 5.030, 118.340),
)

# (event_type, sub_event_type, verb phrase, lethal?)
KINDS: tuple[tuple[str, str, str, bool], ...] = (
    ("Battles", "Armed clash", "exchanged fire with", True),
    ("Explosions/Remote violence", "Air/drone strike", "carried out an air strike against", True),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", "set off a roadside bomb targeting", True),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", "shelled positions held by", True),
    ("Violence against civilians", "Attack", "attacked", True),
    ("Violence against civilians", "Abduction/forced disappearance", "abducted members of", False),
    ("Protests", "Peaceful protest", "marched peacefully alongside", False),
    ("Riots", "Violent demonstration", "threw stones at", False),
    ("Strategic developments", "Arrests", "arrested members of", False),
)

ACTORS: dict[str, tuple[str, ...]] = {
    "IDN": ("Military Forces of Indonesia", "Police Forces of Indonesia", "TPNPB: West Papua National Liberation Army"),
    "IRQ": ("Military Forces of Iraq", "Islamic State (Iraq)", "Popular Mobilization Forces"),
    "SYR": ("Military Forces of Syria", "Hayat Tahrir al-Sham", "Islamic State (Syria)"),
    "NGA": ("Military Forces of Nigeria", "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad", "Bandits (Nigeria)"),
    "PHL": ("Military Forces of the Philippines", "Abu Sayyaf Group", "Dawlah Islamiyah"),
    "MLI": ("Military Forces of Mali", "JNIM: Group for Support of Islam and Muslims", "Islamic State (Sahel)"),
    "YEM": ("Military Forces of Yemen", "Ansar Allah", "Southern Transitional Council"),
    "MEX": ("Police Forces of Mexico", "Sinaloa Cartel", "Unidentified Armed Group (Mexico)"),
    "MYS": ("Police Forces of Malaysia", "Unidentified Armed Group (Malaysia)", "Civilians (Malaysia)"),
}

OUTLETS = ("The Daily Ledger", "Harian Nusantara", "Sahel Wire", "Gulf Evening Post", "Pacific Courier")
NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
                9: "nine", 10: "ten", 12: "twelve", 15: "fifteen", 20: "twenty"}


@dataclass
class _Builder:
    """Builds a page's text piece by piece, remembering the span of each piece it is told to."""

    text: str = ""

    def add(self, piece: str) -> tuple[int, int]:
        start = len(self.text)
        self.text += piece
        return (start, len(self.text))


def _event_paragraph(b: _Builder, rng: random.Random, day: dt.date, place, kind, doc_id: str) -> Event:
    country, iso, admin1, town, lat, lon = place
    etype, subtype, verb, lethal = kind
    a1, a2 = rng.sample(ACTORS[iso], 2)
    if etype in ("Protests", "Riots"):
        a1 = f"{'Protesters' if etype == 'Protests' else 'Rioters'} ({country})"
    deaths = rng.choice((0, 1, 2, 3, 4, 5, 7, 10, 12, 15, 20, 35)) if lethal else 0
    # A village near the town: the same one for every report of the same day, place and kind.
    near = random.Random(f"{day}{town}{subtype}")
    lat, lon = lat + near.uniform(-0.2, 0.2), lon + near.uniform(-0.2, 0.2)
    ev = Event(doc_id=doc_id, event_date=day.isoformat(), date_precision="day", event_type=etype,
               sub_event_type=subtype, actor1=a1, actor2=a2, country=country, iso=iso, admin1=admin1,
               location=town, latitude=round(lat, 4), longitude=round(lon, 4), geo_precision=2, fatalities=deaths,
               confidence=round(rng.uniform(0.5, 0.98), 2), lang="en")
    ev.evidence["location"] = [b.add(town)]
    b.add(", ")
    ev.evidence["event_date"] = [b.add(day.strftime("%d %B %Y"))]
    b.add(" - ")
    ev.evidence["actor1"] = [b.add(a1)]
    b.add(" ")
    ev.evidence["event_type"] = [b.add(verb)]
    b.add(" ")
    ev.evidence["actor2"] = [b.add(a2)]
    b.add(f" near {town} in {admin1} province. ")
    if lethal and deaths:
        word = NUMBER_WORDS.get(deaths, str(deaths))
        ev.evidence["fatalities"] = [b.add(f"{word.capitalize()} people were killed")]
        b.add(" and several others were wounded, a local official told reporters.\n\n")
    else:
        b.add("No one was reported killed, according to a statement from the district office.\n\n")
    ev.notes = f"On {day.isoformat()}, {a1} {verb} {a2} in {town} ({admin1}). Fatalities: {deaths}."
    return ev


def sample_pages(n_events: int, seed: int = 0, start: str = "2023-01-01", days: int = 540,
                 duplicate_share: float = 0.15) -> Iterator[tuple[PageMeta, list[Event]]]:
    """Pages (PageMeta) with the events each reports, about ``n_events`` events in all.

    ``duplicate_share`` of events are told again by a second outlet (another page, other
    words around the same facts) so de-duplication has something to merge.
    """
    rng = random.Random(seed)
    first = dt.date.fromisoformat(start)
    made, page_no = 0, 0
    pending: list[tuple[dt.date, tuple, tuple]] = []
    while made < n_events:
        page_no += 1
        b = _Builder()
        outlet = rng.choice(OUTLETS)
        b.add(f"{outlet} | World | Security\n\n")
        if pending and rng.random() < 0.5:
            todo = [pending.pop()]
        else:
            todo = []
            for _ in range(min(rng.choice((1, 1, 1, 2, 3)), n_events - made)):
                day = first + dt.timedelta(days=rng.randrange(days))
                # One page reports on one country.
                place = rng.choice([p for p in PLACES if not todo or p[0] == todo[0][1][0]])
                kind = rng.choice(KINDS)
                todo.append((day, place, kind))
                if rng.random() < duplicate_share:
                    pending.append((day, place, kind))
        doc_id = f"sample-{seed}-{page_no}"
        b.add(f"Violence reported in {todo[0][1][0]}\n\n")
        events = [_event_paragraph(b, random.Random(rng.random()), day, place, kind, doc_id)
                  for day, place, kind in todo]
        for i, ev in enumerate(events):
            ev.event_id = f"{doc_id}-{i}"
            ev.source = outlet
            ev.url = f"https://news.example.org/{page_no}"
        b.add("Read also: Weather warning issued for the coast | Share | Comments (0)\n")
        published = max(d for d, _, _ in todo) + dt.timedelta(days=1)
        made += sum(1 for _ in todo)
        yield (PageMeta(doc_key=doc_id, text=b.text, url=f"https://news.example.org/{page_no}", source=outlet,
                        lang="en", title=f"Violence reported in {todo[0][1][0]}", published=published.isoformat(),
                        origin="sample"), events)


def fill_store(store, n_events: int, seed: int = 0, dedup: bool = True, progress: bool = False, **kw) -> int:
    """Add a sample corpus to ``store``; returns the number of pages added."""
    pages = sample_pages(n_events, seed=seed, **kw)
    if progress:
        from tqdm import tqdm

        pages = tqdm(pages, unit="page", desc="sample store")
    n = 0
    for meta, events in pages:
        store.add_document(meta, events, dedup=dedup)
        n += 1
    return n
