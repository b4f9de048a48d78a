"""Shared fixtures: one Pipeline for the whole session, helpers to run its stages, and the
``benchdata`` skip helper for tests that read ../shared (the evaluation data and the seed page).

Everything a test feeds kabar here is written by us: invented incidents, real place names.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

# The public API function (kabar.extract); test_extract checks it stays callable after pipeline runs.
from kabar import extract as EXTRACT  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"
LANGS = ("id", "ms", "en", "ar", "fr", "es")


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test when it is not there (fresh clones, CI)."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip("../shared/data not present: benchmark data tests skipped")
    return p


@pytest.fixture(scope="session")
def benchdata():
    """The ../shared folder (seed page, dev data); skips cleanly when it is absent."""
    return shared_path()


@pytest.fixture(scope="session")
def pipeline():
    """The pipeline ``kabar.extract`` uses, built once for the session (the gazetteer is heavy)."""
    from kabar.pipeline import default_pipeline

    return default_pipeline()


@pytest.fixture
def cli_pipeline(monkeypatch, pipeline):
    """Commands build ``Pipeline()`` inside ``run``; hand them the session's pipeline (saves seconds each)."""
    import kabar.pipeline

    monkeypatch.setattr(kabar.pipeline, "Pipeline", lambda *a, **k: pipeline)
    return pipeline


class Runner:
    """Runs the pipeline's stages on a text we wrote; keeps tests short."""

    def __init__(self, pipeline):
        self.p = pipeline

    def page(self, text: str, lang: str | None = None, published: str | None = None, url: str | None = None):
        from kabar.records import Page

        return Page(doc_id="test", text=text, lang=lang, published=published, url=url)

    def clean(self, text: str, lang: str | None = None, published: str | None = None, url: str | None = None):
        return self.p.cleaner.clean(self.page(text, lang, published, url))

    def analyse(self, text: str, lang: str | None = None, published: str | None = None):
        doc = self.clean(text, lang, published)
        return self.p.analyser.analyse(doc, self.p.packs.get(doc.lang))

    def extract(self, text: str, lang: str | None = None, published: str | None = None, url: str | None = None):
        return self.p.extract_page(self.page(text, lang, published, url))

    def pack(self, lang: str):
        return self.p.packs.get(lang)

    def tokens(self, text: str):
        from kabar.text import NormText

        return NormText(text).tokens()

    # The stage readers' signatures follow the analyser (a sentence's pack scan may be passed in):
    # these helpers call them the way the analyser does, so the tests state behaviour, not plumbing.
    def _scan(self, lang: str, toks, text: str):
        pack = self.pack(lang)
        if not hasattr(pack, "scanner"):
            return None
        extra = self.p.catalog.scan_entries(pack) if hasattr(self.p.catalog, "scan_entries") else ()
        return pack.scanner(extra).scan(toks, text)

    def _reader(self, kind: str, lang: str):
        from kabar.dates import DateReader
        from kabar.numbers import NumberReader

        cache = self.__dict__.setdefault("_readers", {})
        key = (kind, lang)
        if key not in cache:
            cache[key] = (NumberReader if kind == "numbers" else DateReader)(self.pack(lang))
        return cache[key]

    def quantities(self, lang: str, text: str):
        """The quantities NumberReader finds in one sentence."""
        import inspect

        toks = self.tokens(text)
        reader = self._reader("numbers", lang)
        if "scan" in inspect.signature(reader.find).parameters:
            return reader.find(toks, text, self._scan(lang, toks, text))
        return reader.find(toks, text)

    def date_mentions(self, lang: str, text: str):
        """The date mentions DateReader finds in one sentence."""
        import inspect

        toks = self.tokens(text)
        reader = self._reader("dates", lang)
        if "scan" in inspect.signature(reader.find).parameters:
            return reader.find(toks, text, 0, len(text), self._scan(lang, toks, text))
        return reader.find(toks, text, 0, len(text))


@pytest.fixture(scope="session")
def run(pipeline) -> Runner:
    return Runner(pipeline)


def d(s: str) -> dt.date:
    return dt.date.fromisoformat(s)
