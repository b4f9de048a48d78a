"""`kabar geocode` (phrase table and JSONL batch), the gazetteer cache, and the UCDP quality floor."""

from __future__ import annotations

import json

import pytest

from kabar.cli import main


def test_geocode_phrase_prints_ranked_table(capsys):
    assert main(["geocode", "Khan Sheikhun village, Idlib province", "--country", "Syria"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:3] == ["#", "place", "kind"]
    assert "Idlib" in out[1] and out[1].split()[0] == "1"


def test_geocode_phrase_without_place_fails(capsys):
    assert main(["geocode", "somewhere nobody knows"]) == 1
    assert "no place found" in capsys.readouterr().out


def test_geocode_jsonl_one_line_per_input(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join([
        json.dumps({"id": "a", "text": "Biaj", "country": "Iraq"}),
        json.dumps({"id": "b", "text": "nothing to see"}),
        "{broken",
        json.dumps({"id": "c", "text": "جنوب الموصل", "lang": "ar"}),
    ]) + "\n", encoding="utf-8")
    assert main(["geocode", "--jsonl", str(src)]) == 1  # one bad line
    captured = capsys.readouterr()
    lines = [json.loads(ln) for ln in captured.out.splitlines()]
    assert [d["id"] for d in lines] == ["a", "b", "c"]
    assert lines[0]["admin1"] == "Ninawa" and lines[0]["iso"] == "IRQ" and lines[0]["geo_precision"] == 1
    assert set(lines[0]) == {"id", "location", "admin1", "country", "iso", "latitude", "longitude",
                             "geo_precision", "score"}
    assert lines[1]["location"] is None and lines[1]["latitude"] is None
    assert lines[2]["location"] == "Mosul" and lines[2]["geo_precision"] == 2
    assert "in.jsonl:3" in captured.err and "1 of 4 lines failed" in captured.err


def test_geocode_missing_file_is_one_line_error(tmp_path, capsys):
    assert main(["geocode", "--jsonl", str(tmp_path / "nope.jsonl")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "nope.jsonl" in err[0] and "no such file" in err[0]


def test_gazetteer_cache_is_reused(tmp_path, monkeypatch):
    from kabar.geo import build, gazetteer

    src = gazetteer.default_cache_dir()
    cached = sorted(src.glob("gazetteer-*.pkl"))
    if not cached:
        pytest.skip("no compiled gazetteer in the cache yet")
    (tmp_path / cached[-1].name).write_bytes(cached[-1].read_bytes())
    monkeypatch.setattr(gazetteer, "build", lambda: pytest.fail("rebuilt although cached"))
    g = gazetteer.Gazetteer.load(tmp_path)
    assert g.ids("mosul") and build.BUILD_VERSION


def test_corrupt_cache_is_a_data_error(tmp_path, monkeypatch):
    from kabar.errors import DataError
    from kabar.geo import gazetteer

    monkeypatch.setattr(gazetteer, "cache_key", lambda: "broken")
    (tmp_path / "gazetteer-broken.pkl").write_bytes(b"not a pickle")
    with pytest.raises(DataError) as exc:
        gazetteer.Gazetteer.load(tmp_path)
    assert "gazetteer-broken.pkl" in str(exc.value)


@pytest.mark.benchdata
def test_ucdp_sample_quality_floor(benchdata):
    """A floor under the UCDP benchmark (first 600 rows), so changes that lose accuracy fail."""
    from kabar.geo import Geocoder
    from kabar.geo.bench import accuracy, read_rows

    rows = read_rows(str(benchdata / "data" / "dev" / "ucdp-ged-sample.jsonl"))[:600]
    acc = accuracy(Geocoder.load(), rows)
    assert acc["rows"] > 400
    assert acc["within_25km"] >= 0.70 and acc["admin1_right"] >= 0.74, acc


@pytest.mark.benchdata
def test_seed_page_places(benchdata):
    from kabar.geo import Geocoder

    text = (benchdata / "seed" / "000_84b83cd747adaf32.txt").read_text(encoding="utf-8")
    ms = Geocoder.load().find_places(text, "id")
    got = {(m.place.name, m.place.admin1) for m in ms if m.place.iso == "IRQ"}
    assert ("Lake Tharthar", "Al Anbar") in got
    assert ("Mosul", "Ninawa") in got
    assert any(name.startswith("Al Ba") and a1 == "Ninawa" for name, a1 in got)
