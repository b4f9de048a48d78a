"""The API's in-memory event index answers exactly as the store's SQL does (filters, order, pages,
counts, aggregates), including nulls, letter case and events edited, merged or split later."""

from __future__ import annotations

import itertools

import pytest

from kabar.records import Event
from kabar.server import index as ix
from kabar.server.sample import fill_store
from kabar.store import EventFilter, PageMeta, open_store
from kabar.store.base import ORDERABLE_FIELDS


def _odd_events() -> list[tuple[PageMeta, list[Event]]]:
    """Events with the awkward values: no date, no place, no country, other letter case."""
    text = "Gunmen attacked a checkpoint. Nobody said where or when."
    return [
        (PageMeta(doc_key="odd-1", text=text), [Event(doc_id="odd-1", event_type="Battles", sub_event_type="Armed clash",
                                                      actor1="Unidentified Armed Group", fatalities=2)]),
        (PageMeta(doc_key="odd-2", text=text + " In PAPUA."), [Event(
            doc_id="odd-2", event_date="2023-05-05", event_type="Riots", sub_event_type="Mob violence",
            country="Indonesia", iso="IDN", admin1="PAPUA", location="Jayapura", latitude=-2.5, longitude=140.7,
            notes="Rioters burned a Market stall in Jayapura.", fatalities=0)]),
        (PageMeta(doc_key="odd-3", text=text + " Twice."), [Event(
            doc_id="odd-3", event_date="2023-05-06", event_type="Protests", sub_event_type="Peaceful protest",
            country="Iraq", iso="IRQ", admin1=None, location=None, confidence=None, fatalities=0)]),
    ]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = open_store(f"sqlite:///{tmp_path_factory.mktemp('index') / 'kabar.db'}")
    fill_store(s, 400, seed=4)
    for meta, events in _odd_events():
        s.add_document(meta, events, dedup=False)
    yield s
    s.close()


FILTERS = [
    EventFilter(),
    EventFilter(country="Iraq"), EventFilter(country="irq"), EventFilter(country="INDONESIA"),
    EventFilter(country="Atlantis"),
    EventFilter(admin1="papua"), EventFilter(admin1="Central Sulawesi"),
    EventFilter(event_type="Battles"), EventFilter(sub_event_type="Air/drone strike"),
    EventFilter(actor="islamic"), EventFilter(actor="UNIDENTIFIED"), EventFilter(actor="%"),
    EventFilter(text="market"), EventFilter(text="mosul"), EventFilter(text="papua"), EventFilter(text="_"),
    EventFilter(since="2023-05-01"), EventFilter(until="2023-05-31"),
    EventFilter(since="2023-05-01", until="2023-05-31"),
    EventFilter(bbox=(95, -11, 141, 6)), EventFilter(bbox=(-180, -90, 180, 90)),
    EventFilter(min_fatalities=10), EventFilter(review_status="unreviewed"), EventFilter(review_status="accepted"),
    EventFilter(country="Syria", event_type="Explosions/Remote violence", since="2023-06-01"),
]


def _same_pages(store, snap, f):
    m = ix.mask(snap, f)
    assert int(m.sum()) == store.count_events(f), f
    for order in itertools.chain.from_iterable((o, "-" + o) for o in ORDERABLE_FIELDS):
        for limit, offset in ((7, 0), (25, 13), (1000, 0)):
            want = [e["id"] for e in store.list_events(f, limit=limit, offset=offset, order=order)]
            got = [int(snap.ids[i]) for i in ix.page(snap, m, order, limit, offset)]
            assert got == want, (f, order, limit, offset)


@pytest.mark.parametrize("f", FILTERS, ids=lambda f: repr({k: v for k, v in vars(f).items() if v not in (None, False)}))
def test_index_filters_and_orders_match_the_store(store, f):
    snap = ix.build_snapshot(store.iter_events(EventFilter()))
    _same_pages(store, snap, f)


@pytest.mark.parametrize("by", ["event_type", "sub_event_type", "country", "admin1", "day", "week", "month"])
@pytest.mark.parametrize("f", [EventFilter(), EventFilter(country="Iraq"), EventFilter(since="2023-05-01", until="2023-08-31"),
                               EventFilter(text="jayapura")])
def test_index_aggregates_match_the_store(store, by, f):
    import json

    snap = ix.build_snapshot(store.iter_events(EventFilter()))
    groups = ix.aggregate(snap, ix.mask(snap, f), by)
    assert groups == store.aggregate(by, f)
    assert json.loads(ix.aggregate_json(snap, ix.mask(snap, f), by)) == {"by": by, "groups": groups}


def test_index_json_rows_are_the_store_rows(store):
    import json

    snap = ix.build_snapshot(store.iter_events(EventFilter()))
    rows = store.list_events(None, limit=20, order="id")
    assert [json.loads(snap.json[snap.row_of[r["id"]]]) for r in rows] == json.loads(json.dumps(rows, default=str))


def test_index_follows_edits_merges_and_splits(tmp_path):
    s = open_store(f"sqlite:///{tmp_path / 'kabar.db'}")
    fill_store(s, 80, seed=8)
    live = ix.EventIndex()
    assert live.build(s) == "rebuilt" and live.build(s) == "unchanged"
    a, b, c = (e["id"] for e in s.list_events(None, limit=3, order="id"))
    live.snapshot.notes_matching("x")  # the notes' vocabulary exists before the edit
    s.update_event(a, {"fatalities": 99, "admin1": "A Brand New Region", "country": "Iraq",
                       "notes": "Witnesses saw a zebra-striped truck."}, "t")
    live.refresh_events(s, [a])
    s.merge_events([b, c], "t")
    live.refresh_events(s, [b, c])
    moved = [src["source_id"] for src in s.get_event(b)["sources"]][-1:]
    new = s.split_event(b, moved, "t")
    live.refresh_events(s, [b, new["id"]])
    snap = live.snapshot
    for f in FILTERS + [EventFilter(admin1="a brand new region"), EventFilter(text="zebra"),
                        EventFilter(text="striped truck"), EventFilter(text="witnesses")]:
        _same_pages(s, snap, f)
    for by in ("country", "admin1", "week"):
        assert ix.aggregate(snap, ix.mask(snap, None), by) == s.aggregate(by, None)
    assert live.build(s) == "unchanged"  # our own writes explain the new signature: no rebuild
    s.update_event(new["id"], {"notes": "edited by another process"}, "cli")
    assert live.build(s) == "rebuilt"  # a change the index did not make: rebuild
    assert int(live.snapshot.text_matching("another process").sum()) == 1
    s.close()


def test_index_refuses_to_grow_past_its_limit(tmp_path):
    s = open_store(f"sqlite:///{tmp_path / 'kabar.db'}")
    fill_store(s, 30, seed=2)
    live = ix.EventIndex(max_events=10)
    assert live.build(s) == "too_big" and not live.ready
    assert not ix.supports(EventFilter(document_id=1))
    s.close()
