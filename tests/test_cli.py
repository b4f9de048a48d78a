"""The command line: `kabar extract` over files, directories, JSONL and stdin, in every format; bad
input gives one clear line naming it, the batch goes on, and the exit code and summary say how many
pages failed."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kabar.cli import COMMANDS, build_parser, main

FIX = Path(__file__).resolve().parent / "fixtures"
ROOT = Path(__file__).resolve().parents[1]


def f(name: str) -> str:
    return str(FIX / name)


def test_cli_help_lists_every_installed_command(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for name in ("extract", "eval"):
        assert name in out


def test_cli_every_command_module_has_the_contract():
    import importlib

    for name in COMMANDS:
        try:
            mod = importlib.import_module(f"kabar.commands.{name}")
        except ModuleNotFoundError:
            continue
        assert isinstance(mod.HELP, str) and mod.HELP
        assert callable(mod.add_arguments) and callable(mod.run)


def test_cli_no_command_prints_help(capsys):
    assert main([]) == 2
    assert "usage" in capsys.readouterr().out.lower()


def test_cli_extract_jsonl(capsys, cli_pipeline):
    assert main(["extract", f("pages/id_poso.txt"), "--format", "jsonl", "--published", "2016-01-09"]) == 0
    lines = capsys.readouterr().out.splitlines()
    events = [json.loads(x) for x in lines]
    assert [e["sub_event_type"] for e in events] == ["Remote explosive/landmine/IED"]
    e = events[0]
    assert e["doc_id"] == f("pages/id_poso.txt")
    assert e["fatalities"] == 2 and e["event_date"] == "2016-01-07" and e["location"] == "Poso"


def test_cli_extract_directory_csv(capsys, cli_pipeline):
    assert main(["extract", f("pages"), "--format", "csv", "--published", "2016-01-09"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {Path(r["doc_id"]).name for r in rows} == {"id_poso.txt", "en_ied.txt"}
    assert all(r["event_id_cnty"] for r in rows)


def test_cli_extract_json_and_geojson_to_file(tmp_path, cli_pipeline):
    out = tmp_path / "ev.json"
    assert main(["extract", f("pages/id_poso.txt"), "-f", "json", "-o", str(out), "--published", "2016-01-09"]) == 0
    assert isinstance(json.loads(out.read_text(encoding="utf-8")), list)
    out = tmp_path / "ev.geojson"
    assert main(["extract", f("pages"), "-f", "geojson", "-o", str(out), "--published", "2016-01-09"]) == 0
    fc = json.loads(out.read_text(encoding="utf-8"))
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) >= 2


def test_cli_extract_jsonl_corpus_uses_ids_and_dates(capsys, cli_pipeline):
    code = main(["extract", f("corpus.jsonl"), "--format", "jsonl"])
    cap = capsys.readouterr()
    events = [json.loads(x) for x in cap.out.splitlines()]
    assert {e["doc_id"] for e in events} >= {"doc-en", "doc-fr"}
    en = [e for e in events if e["doc_id"] == "doc-en"]
    assert en and en[0]["event_date"] == "2024-03-05"     # Tuesday before the JSONL's published 2024-03-06
    assert code == 1                                        # two bad lines in the corpus
    assert "2 of 5 pages failed" in cap.err


def test_cli_extract_bad_inputs_batch_goes_on(capsys, cli_pipeline):
    paths = [f("empty.txt"), f("photo.png"), f("page_cp1252.txt"), "/nonexistent/kabar/page.txt", f("corpus.jsonl")]
    code = main(["extract", *paths, "--format", "jsonl"])
    cap = capsys.readouterr()
    assert code == 1
    errors = [x for x in cap.err.splitlines() if "error:" in x]
    assert len(errors) == 5
    for name in ("empty.txt", "photo.png", "/nonexistent/kabar/page.txt", "corpus.jsonl:2", "corpus.jsonl:4"):
        assert sum(name in x for x in errors) == 1, name
    assert "5 of 9 pages failed" in cap.err
    assert "Traceback" not in cap.err
    # the good pages still produced events
    docs = {json.loads(x)["doc_id"] for x in cap.out.splitlines()}
    assert f("page_cp1252.txt") in docs and "doc-en" in docs


def test_cli_extract_oversized_page(monkeypatch, capsys, cli_pipeline):
    monkeypatch.setenv("KABAR_MAX_PAGE_BYTES", "100")
    code = main(["extract", f("pages/id_poso.txt"), f("photo.png"), "--format", "jsonl"])
    cap = capsys.readouterr()
    assert code == 1
    err = [x for x in cap.err.splitlines() if "id_poso.txt" in x]
    assert len(err) == 1 and "limit" in err[0]
    assert "2 of 2 pages failed" in cap.err


def test_cli_extract_bad_published_is_one_line(capsys):
    assert main(["extract", f("pages/id_poso.txt"), "--published", "7/1/2016"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--published" in err[0] and "YYYY-MM-DD" in err[0]


def test_cli_extract_stdin(monkeypatch, capsys, cli_pipeline):
    text = (FIX / "pages" / "id_poso.txt").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text)))
    assert main(["extract", "-", "--published", "2016-01-09", "--format", "jsonl"]) == 0
    events = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [e["location"] for e in events] == ["Poso"]


def test_cli_extract_lang_option(capsys, cli_pipeline):
    assert main(["extract", f("pages/id_poso.txt"), "--lang", "id", "--format", "jsonl"]) == 0
    assert all(json.loads(x)["lang"] == "id" for x in capsys.readouterr().out.splitlines())


def test_cli_extract_table(capsys, cli_pipeline):
    assert main(["extract", f("pages/id_poso.txt"), "--format", "table", "--published", "2016-01-09"]) == 0
    out = capsys.readouterr().out
    assert "Remote explosive/landmine/IED" in out and "Poso" in out and "1 event" in out


def test_cli_extract_unknown_format_is_rejected():
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args(["extract", "x.txt", "--format", "xml"])
    assert exc.value.code == 2


def test_cli_real_process_exit_code_and_summary():
    """The installed entry point, in its own process: bad inputs, exit code 1, one summary line."""
    proc = subprocess.run([sys.executable, "-m", "kabar.cli", "extract", f("empty.txt"), f("page_latin1.txt"),
                           "/nonexistent/kabar/x.txt", "--format", "jsonl"],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "2 of 3 pages failed" in proc.stderr
    assert any(json.loads(x)["doc_id"].endswith("page_latin1.txt") for x in proc.stdout.splitlines())


# ----------------------------------------------------------------------------- the seed page
SEED_EXPECTED = [
    # sub_event_type, actor1, actor2, admin1, fatalities, date, allowed day drift, (lat, lon)
    ("Air/drone strike", "Military Forces of Iraq", "Islamic State (ISIS)", "Al Anbar", 75, "2016-01-07", 0,
     (33.97, 43.18)),
    ("Other", "Islamic State (ISIS)", None, "Ninawa", 0, "2016-01-07", 1, (36.04, 41.72)),
    ("Armed clash", "Unidentified Armed Group (Iraq)", "Islamic State (ISIS)", "Ninawa", 1, "2016-01-06", 0,
     (36.34, 43.13)),
    ("Looting/property destruction", "Islamic State (ISIS)", "Civilians (Iraq)", "Ninawa", 0, "2016-01-07", 1,
     (36.34, 43.13)),
]


@pytest.mark.benchdata
def test_cli_seed_page_gives_the_four_expected_events(benchdata, capsys, cli_pipeline):
    import datetime as dt
    import math

    seed = benchdata / "seed" / "000_84b83cd747adaf32.txt"
    if not seed.is_file():
        pytest.skip("../shared/seed not present")
    text = seed.read_text(encoding="utf-8")
    assert main(["extract", str(seed), "--format", "jsonl"]) == 0   # no --published: the year is inferred
    events = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert sorted(e["sub_event_type"] for e in events) == sorted(x[0] for x in SEED_EXPECTED)

    def km(a, b):
        la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
        h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
        return 6371 * 2 * math.asin(math.sqrt(h))

    assert len({e["event_id"] for e in events}) == 4, "event ids must be unique"
    assert all(e["source"] == "LiputanIslam.com" for e in events)
    by_sub = {e["sub_event_type"]: e for e in events}
    assert any("Sumaria" in c for c in by_sub["Air/drone strike"]["cited_sources"])
    for sub in ("Other", "Armed clash", "Looting/property destruction"):
        assert "IRNA" in by_sub[sub]["cited_sources"], sub
    # "west of Tharthar", "south of Mosul": near a named place, ACLED geo_precision 2
    assert by_sub["Air/drone strike"]["geo_precision"] == 2
    assert by_sub["Looting/property destruction"]["geo_precision"] == 2
    furniture = text.index("DISKUSI:")
    for sub, a1, a2, admin1, killed, date, drift, near in SEED_EXPECTED:
        e = next(e for e in events if e["sub_event_type"] == sub)
        assert (e["actor1"], e["actor2"]) == (a1, a2), sub
        assert e["admin1"] == admin1, sub
        assert e["country"] == "Iraq" and e["iso"] == "IRQ"
        assert e["fatalities"] == killed, sub
        got = dt.date.fromisoformat(e["event_date"])
        assert abs((got - dt.date.fromisoformat(date)).days) <= drift, (sub, e["event_date"])
        assert km((e["latitude"], e["longitude"]), near) <= 50, (sub, e["location"])
        for field, spans in e["evidence"].items():
            for a, b in spans:
                assert 0 <= a < b <= furniture, f"{sub}: {field} evidence outside the article body"
                assert text[a:b].strip()


def test_cli_extract_progress_goes_to_stderr_only(capsys, cli_pipeline):
    assert main(["extract", f("pages"), "--progress", "--format", "jsonl", "--published", "2016-01-09"]) == 0
    cap = capsys.readouterr()
    assert all(json.loads(x) for x in cap.out.splitlines())      # stdout is clean JSONL
    assert "extract" in cap.err and "page" in cap.err


def test_cli_extract_empty_directory_fails_clearly(tmp_path, capsys, cli_pipeline):
    assert main(["extract", str(tmp_path), "--format", "jsonl"]) == 1
    err = capsys.readouterr().err
    assert str(tmp_path) in err and "no files" in err and "1 of 1 page failed" in err
