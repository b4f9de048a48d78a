"""kabar.output: every format carries the same fields; csv has ACLED's columns first, in ACLED's
order; geojson is a valid FeatureCollection; json is a list; an empty run is still valid output."""

from __future__ import annotations

import csv
import io
import json

import pytest

from kabar.output import FORMATS, EventWriter, acled_row
from kabar.records import Event

# ACLED's export columns in ACLED's order (acleddata.com export tool / API, 2024)
ACLED = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
         "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
         "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
         "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp"]
OURS = {"doc_id", "event_id", "date_precision", "cited_sources", "confidence", "evidence"}


def sample_events() -> list[Event]:
    a = Event(doc_id="page-1", event_id="e1", event_date="2016-01-07", date_precision="day",
              event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
              actor1="Military Forces of Iraq", actor2="Islamic State (ISIS)", inter1=1, inter2=2, interaction=12,
              country="Iraq", iso="IRQ", admin1="Al Anbar", location="Lake Tharthar", latitude=33.97, longitude=43.18,
              geo_precision=2, fatalities=75, source="LiputanIslam.com", cited_sources=["al-Sumaria News"],
              notes="Air/drone strike: Military Forces of Iraq against Islamic State (ISIS).", confidence=0.9,
              lang="id", evidence={"fatalities": [(10, 25)], "location": [(40, 48)]})
    b = Event(doc_id="page-2", event_id="e2", event_date="2024-03-04", date_precision="day", event_type="Protests",
              sub_event_type="Peaceful protest", actor1="Protesters (Indonesia)", inter1=6, interaction=60,
              country="Indonesia", iso="IDN", admin1="East Java", location=None, latitude=None, longitude=None,
              geo_precision=3, fatalities=0, source="kabar.example", notes="Peaceful protest, \"quoted\", a,b.",
              confidence=0.6, lang="id")
    return [a, b]


def write(fmt: str, events: list[Event]) -> str:
    buf = io.StringIO()
    w = EventWriter(buf, fmt)
    w.write(events[:1])
    w.write(events[1:])   # written in two batches, as the CLI does page by page
    w.close()
    return buf.getvalue()


def test_output_formats_listed():
    assert set(FORMATS) == {"table", "json", "jsonl", "csv", "geojson"}


def test_output_csv_header_is_acled_columns_first():
    rows = list(csv.reader(io.StringIO(write("csv", sample_events()))))
    header = rows[0]
    assert header[: len(ACLED)] == ACLED
    assert OURS <= set(header[len(ACLED):])
    assert len(rows) == 3


def test_output_csv_values():
    rows = list(csv.DictReader(io.StringIO(write("csv", sample_events()))))
    a, b = rows
    assert a["event_date"] == "2016-01-07" and a["year"] == "2016" and a["time_precision"] == "1"
    assert a["disorder_type"] == "Political violence" and b["disorder_type"] == "Demonstrations"
    assert a["interaction"] == "12" and a["fatalities"] == "75" and a["geo_precision"] == "2"
    assert a["latitude"] == "33.97" and b["latitude"] == ""
    assert "LiputanIslam.com" in a["source"] and "al-Sumaria News" in a["source"]
    assert b["notes"] == 'Peaceful protest, "quoted", a,b.'   # quoting round-trips
    assert json.loads(a["evidence"]) == {"fatalities": [[10, 25]], "location": [[40, 48]]}


def test_output_json_is_a_list_of_events():
    data = json.loads(write("json", sample_events()))
    assert isinstance(data, list) and len(data) == 2
    assert data[0]["fatalities"] == 75 and data[0]["evidence"]["fatalities"] == [[10, 25]]
    assert Event.from_dict(data[0]) == sample_events()[0]


def test_output_jsonl_one_event_per_line():
    lines = write("jsonl", sample_events()).splitlines()
    assert len(lines) == 2
    assert [json.loads(x)["doc_id"] for x in lines] == ["page-1", "page-2"]


def test_output_geojson_is_valid():
    fc = json.loads(write("geojson", sample_events()))
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 2
    f0, f1 = fc["features"]
    assert f0["type"] == "Feature"
    assert f0["geometry"] == {"type": "Point", "coordinates": [43.18, 33.97]}   # lon, lat
    assert f1["geometry"] is None        # no coordinates: a null geometry, still a valid feature
    assert f0["properties"]["sub_event_type"] == "Air/drone strike"


@pytest.mark.parametrize("fmt, check", [
    ("json", lambda s: json.loads(s) == []),
    ("geojson", lambda s: json.loads(s) == {"type": "FeatureCollection", "features": []}),
    ("jsonl", lambda s: s == ""),
    ("csv", lambda s: s == "" or s.splitlines()[0].split(",")[: len(ACLED)] == ACLED),
    ("table", lambda s: "no events" in s),
])
def test_output_no_events_is_still_valid(fmt, check):
    assert check(write(fmt, []))


def test_output_table_is_readable():
    out = write("table", sample_events())
    assert "Air/drone strike" in out and "Lake Tharthar" in out and "75" in out
    assert out.rstrip().endswith("2 events")


def test_output_same_fields_in_every_format():
    ev = sample_events()[0]
    j = json.loads(write("jsonl", [ev]))
    g = json.loads(write("geojson", [ev]))["features"][0]["properties"]
    c = next(csv.DictReader(io.StringIO(write("csv", [ev]))))
    assert set(j) == set(g)
    for k in ("event_date", "sub_event_type", "actor1", "actor2", "admin1", "location", "fatalities", "doc_id"):
        assert str(j[k]) == str(g[k]) == str(c[k])


def test_output_acled_row_civilian_targeting():
    ev = Event(doc_id="d", event_type="Violence against civilians", sub_event_type="Attack", inter1=3, inter2=7)
    assert acled_row(ev)["civilian_targeting"] == "Civilian targeting"
