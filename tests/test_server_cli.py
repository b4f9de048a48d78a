"""`kabar serve` and `kabar report`: defaults, refusals, and the self-contained report file."""

from __future__ import annotations

import json
import re

import pytest

pytest.importorskip("fastapi")

from kabar.cli import main  # noqa: E402
from kabar.records import Event  # noqa: E402
from kabar.server.sample import fill_store  # noqa: E402
from kabar.store import PageMeta, open_store  # noqa: E402


@pytest.fixture
def db(tmp_path):
    url = f"sqlite:///{tmp_path / 'kabar.db'}"
    with open_store(url) as store:
        fill_store(store, 60, seed=2)
        text = "Attackers struck a village near Kirkuk. </script><script>alert(1)</script>"
        store.add_document(PageMeta(doc_key="evil", text=text), [Event(
            doc_id="evil", event_date="2023-04-01", event_type="Violence against civilians", sub_event_type="Attack",
            country="Iraq", iso="IRQ", admin1="Kirkuk", location="Kirkuk", latitude=35.4, longitude=44.4,
            notes="</script><script>alert(1)</script>", evidence={"location": [(32, 38)]})])
    return url


def test_serve_binds_loopback_by_default(db, monkeypatch, capsys):
    import uvicorn

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw, app=app))
    monkeypatch.delenv("KABAR_TOKEN", raising=False)
    assert main(["serve", "--db", db]) == 0
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8000
    cfg = seen["app"].state.kabar.config
    assert cfg.token is None and "localhost" in cfg.allowed_hosts
    assert "read-only" in capsys.readouterr().err


def test_serve_takes_the_token_from_the_environment_and_warns_off_loopback(db, monkeypatch, capsys):
    import uvicorn

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw, app=app))
    monkeypatch.setenv("KABAR_TOKEN", "short")
    assert main(["serve", "--db", db, "--host", "0.0.0.0", "--port", "8123"]) == 0
    err = capsys.readouterr().err
    assert seen["app"].state.kabar.config.token == "short" and seen["app"].state.kabar.config.allowed_hosts is None
    assert "shorter than 16" in err and "not loopback" in err and "reviews enabled" in err


@pytest.mark.parametrize("argv, message", [
    (["--port", "70000"], "--port must be 1-65535"),
    (["--max-body", "10"], "--max-body must be at least 1024"),
    (["--db", "sqlite:////no/such/dir/kabar.db"], "does not exist"),
    (["--db", "mysql://x"], "unknown store URL scheme"),
])
def test_serve_refuses_bad_options_in_one_line(argv, message, capsys):
    assert main(["serve", *argv]) == 1
    err = capsys.readouterr().err.strip()
    assert message in err and "Traceback" not in err and len(err.splitlines()) == 1


def test_report_is_one_file_with_the_filtered_events(db, tmp_path, capsys):
    from kabar.server.config import STATIC_DIR

    if not (STATIC_DIR / "app.js").is_file():
        pytest.skip("dashboard not built (scripts/setup.d/30-frontend.sh)")
    out = tmp_path / "iraq.html"
    assert main(["report", "--html", str(out), "--db", db, "--country", "Iraq", "--title", "Iraq <weekly>"]) == 0
    html = out.read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="kabar-data">(.*?)</script>', html, re.S).group(1))
    assert data["events"] and all(e["country"] == "Iraq" for e in data["events"])
    assert data["title"] == "Iraq <weekly>" and "<title>Iraq &lt;weekly&gt;</title>" in html
    evil = next(e for e in data["events"] if e["location"] == "Kirkuk" and "alert" in (e["notes"] or ""))
    assert evil["sources"][0]["snippets"]["location"] == ["Kirkuk"]
    # The hostile note cannot close the data element: only our own script tags are in the file.
    assert html.count("<script") == 3 and html.count("</script>") == 3
    assert "src=" not in html.split("<script>")[0] and "http://" not in html.split("<style>")[0]
    assert "events" in capsys.readouterr().err


def test_report_without_built_assets_says_how_to_build(db, tmp_path, monkeypatch, capsys):
    import kabar.report

    monkeypatch.setattr(kabar.report, "STATIC_DIR", tmp_path / "nothing")
    assert main(["report", "--html", str(tmp_path / "r.html"), "--db", db]) == 1
    err = capsys.readouterr().err
    assert "not built" in err and "30-frontend.sh" in err


def test_report_limit_keeps_the_newest(db, tmp_path):
    from kabar.report import build_report
    from kabar.server.config import STATIC_DIR

    if not (STATIC_DIR / "app.js").is_file():
        pytest.skip("dashboard not built (scripts/setup.d/30-frontend.sh)")
    with open_store(db) as store:
        html, stats = build_report(store, limit=5, evidence=False)
        newest = [e["id"] for e in store.list_events(None, limit=5, order="-event_date")]
    data = json.loads(re.search(r'id="kabar-data">(.*?)</script>', html, re.S).group(1))
    assert [e["id"] for e in data["events"]] == newest and stats["matching"] > 5
    assert "sources" not in data["events"][0]
