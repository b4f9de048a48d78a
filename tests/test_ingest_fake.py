"""A deterministic stand-in for kabar's extraction pipeline, for store and ingest tests.

A page states its events in lines ``EVENT|date|sub_event_type|location|lat|lon|fatalities|actor1|actor2``
(anything else is prose). ``make_pipeline`` is loadable with ``kabar ingest --pipeline
test_ingest_fake:make_pipeline`` when ``tests/`` is on PYTHONPATH. ``KABAR_FAKE_DELAY`` (seconds)
slows each page down, so a test can kill an ingest mid-way.
"""

from __future__ import annotations

import os
import time

from kabar.records import Event, PageResult

EVENT_TYPE = {
    "Air/drone strike": "Explosions/Remote violence",
    "Suicide bomb": "Explosions/Remote violence",
    "Armed clash": "Battles",
    "Peaceful protest": "Protests",
    "Attack": "Violence against civilians",
}


class FakePipeline:
    """Reads EVENT lines; a page containing 'BOOM' fails like a buggy extractor would."""

    def __init__(self, delay: float = 0.0):
        self.delay = delay

    def extract_page(self, page):
        events = []
        pos = 0
        for line in page.text.splitlines(keepends=True):
            if line.startswith("EVENT|"):
                _, d, sub, loc, lat, lon, fat, a1, a2 = line.strip().split("|")
                start = pos
                events.append(Event(
                    doc_id=page.doc_id, event_id=f"{page.doc_id}#{len(events) + 1}", event_date=d,
                    date_precision="day", event_type=EVENT_TYPE[sub], sub_event_type=sub, actor1=a1 or None,
                    actor2=a2 or None, country="Iraq", iso="IRQ", admin1="Anbar", location=loc,
                    latitude=float(lat), longitude=float(lon), geo_precision=1, fatalities=int(fat),
                    source=page.source or "fake.example", notes=f"{sub} in {loc}.", confidence=0.8,
                    lang=page.lang or "en",
                    evidence={"location": [(start + line.index(loc), start + line.index(loc) + len(loc))]}))
            pos += len(line)
        return events

    def process(self, page):
        if self.delay:
            time.sleep(self.delay)
        if "BOOM" in page.text:
            raise RuntimeError("fake extractor failure")
        return PageResult(doc_id=page.doc_id, events=self.extract_page(page))


def make_pipeline():
    return FakePipeline(float(os.environ.get("KABAR_FAKE_DELAY", "0")))


def test_fake_pipeline_reads_event_lines():
    from kabar.records import Page

    page = Page(doc_id="p1", text="Intro.\nEVENT|2016-01-07|Armed clash|Hit|33.6|42.8|3|A|B\nEnd.")
    evs = FakePipeline().extract_page(page)
    assert len(evs) == 1 and evs[0].location == "Hit"
    s, e = evs[0].evidence["location"][0]
    assert page.text[s:e] == "Hit"
