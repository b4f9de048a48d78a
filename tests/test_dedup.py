"""De-duplication decisions, index keys and reconciliation (pure functions)."""

from __future__ import annotations

import pytest

from kabar import dedup

BASE = dict(event_date="2016-01-07", date_precision="day", event_type="Explosions/Remote violence",
            sub_event_type="Air/drone strike", actor1="Military Forces of Iraq", actor2="Islamic State (ISIS)",
            iso="IRQ", admin1="Anbar", location="Ramadi", latitude=33.42, longitude=43.30, geo_precision=1,
            fatalities=12)


def rep(**kw):
    r = dict(BASE)
    r.update(kw)
    return r


@pytest.mark.parametrize("other, match", [
    (rep(), True),
    (rep(latitude=33.45, fatalities=15), True),  # same strike, other coordinates and toll
    (rep(sub_event_type="Shelling/artillery/missile attack"), True),  # same family
    (rep(actor1="Unidentified Armed Group (Iraq)", actor2=None), True),  # unnamed attacker
    (rep(actor1="Police Forces of Iraq"), True),  # state forces are one side
    (rep(event_date="2016-01-08"), True),  # one day off, same non-zero toll
    (rep(event_date="2016-01-08", fatalities=3), False),  # one day off, different toll
    (rep(event_date="2016-01-10"), False),  # same place, another day
    (rep(location="Fallujah", latitude=33.35, longitude=43.78), False),  # same day, another town
    (rep(sub_event_type="Peaceful protest", event_type="Protests"), False),  # another kind of event
    (rep(iso="SYR"), False),
    (rep(latitude=None, longitude=None), True),  # no coordinates: same admin1 and place name
    (rep(latitude=None, longitude=None, location="Hit"), False),  # no coordinates, other place
])
def test_dedup_compare_decisions(other, match):
    dec = dedup.compare(rep(), other)
    assert dec.match is match, dec.reasons
    assert set(dec.reasons) >= {"type"}


def test_dedup_compare_explains_every_criterion():
    dec = dedup.compare(rep(), rep(latitude=33.44, fatalities=15))
    assert set(dec.reasons) == {"type", "date", "place", "actors", "fatalities"}
    assert "km" in dec.reasons["place"] and dec.veto is None and 0.7 <= dec.score <= 1


def test_dedup_compare_names_the_veto():
    dec = dedup.compare(rep(), rep(event_date="2016-01-20"))
    assert dec.veto == "date" and dec.score == 0 and "13 day" in dec.reasons["date"]


def test_dedup_candidate_keys_cover_window_and_neighbour_cells():
    keys = dedup.candidate_keys(rep())
    day = dedup.day_number("2016-01-07")
    assert (keys["day_from"], keys["day_to"]) == (day - 1, day + 1)
    assert len(keys["cells"]) == 9 and dedup.geo_cell(33.42, 43.30) in keys["cells"]
    assert keys["admin_key"] == "IRQ|anbar"
    assert dedup.candidate_keys(rep(date_precision="year")) is None
    assert dedup.candidate_keys(rep(event_date=None)) is None


def test_dedup_neighbour_cells_wrap_the_antimeridian():
    cells = dedup.neighbour_cells(0.5, 179.5)
    assert "0:-180" in cells and "0:179" in cells


@pytest.mark.parametrize("actor, key", [
    ("Military Forces of Iraq (2014-)", "state:iraq"),
    ("Police Forces of Iraq", "state:iraq"),
    ("Islamic State (ISIS)", "islamic state"),
    ("Unidentified Armed Group (Nigeria)", None),
    ("Civilians (Iraq)", None),
    (None, None),
])
def test_dedup_actor_key(actor, key):
    assert dedup.actor_key(actor) == key


def test_dedup_reconcile_picks_conservative_toll_and_most_precise_place():
    reports = [rep(fatalities=0, geo_precision=2, location="Anbar"), rep(fatalities=20, outlet="B"),
               rep(fatalities=15, outlet="C", lang="ar")]
    out = dedup.reconcile(reports)
    assert out["fatalities"] == 15 and out["fatalities_max"] == 20
    assert "15, 20" in out["fatalities_note"]
    assert out["location"] == "Ramadi" and out["n_sources"] == 3
    assert out["source"] == "B; C" and out["langs"] == ["ar"]


def test_dedup_reconcile_keeps_reviewer_edits():
    out = dedup.reconcile([rep(), rep(fatalities=30)], keep={"fatalities": 7})
    assert out["fatalities"] == 7


def test_dedup_best_match_prefers_highest_score_then_lowest_id():
    cands = [dict(rep(location="Elsewhere", latitude=33.50), event_id=5), dict(rep(), event_id=9),
             dict(rep(), event_id=3)]
    event_id, dec = dedup.best_match(rep(), cands)
    assert event_id == 3 and dec.match
