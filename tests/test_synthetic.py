"""The synthetic benchmark corpus: deterministic, multilingual, realistic in size and boilerplate."""

from __future__ import annotations

import json
import re
import statistics

import pytest

from kabar.errors import ConfigError
from kabar.readers import iter_pages
from kabar.records import Page
from kabar.synthetic import EVENT_KINDS, LANGS, Generator, Options, write_corpus, write_jsonl
from kabar.taxonomy import EVENT_TYPES


@pytest.fixture(scope="module")
def sample() -> list[dict]:
    return list(Generator(Options(seed=11)).pages(600))


def test_synthetic_page_depends_only_on_seed_and_index():
    a, b = Generator(seed=5), Generator(seed=5)
    assert a.page(123) == b.page(123)
    assert list(a.pages(3, start=10)) == [b.page(10), b.page(11), b.page(12)]
    assert Generator(seed=6).page(123) != a.page(123)


def test_synthetic_pages_cover_six_languages_at_about_3kb(sample):
    langs = {p["synthetic"]["lang"] for p in sample}
    assert langs == set(LANGS)
    sizes = [len(p["text"].encode("utf-8")) for p in sample]
    assert 2700 <= statistics.mean(sizes) <= 3700
    assert min(sizes) >= 1000


def test_synthetic_mix_of_event_and_no_event_pages(sample):
    with_events = [p for p in sample if p["synthetic"]["events"]]
    assert 0.5 <= len(with_events) / len(sample) <= 0.7
    assert any(len(p["synthetic"]["events"]) > 1 for p in with_events)


def test_synthetic_planted_events_use_acled_names(sample):
    subs = {e["sub_event_type"] for p in sample for e in p["synthetic"]["events"]}
    assert subs == {sub for _, sub in EVENT_KINDS.values()}
    for p in sample:
        for e in p["synthetic"]["events"]:
            assert e["sub_event_type"] in EVENT_TYPES[e["event_type"]]
            assert e["event_date"] <= p["published"]


def test_synthetic_pages_carry_site_boilerplate(sample):
    texts = [p["text"] for p in sample]
    glued = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+[A-ZÀ-Ýء-ي]", re.M)  # a slug glued to the dateline
    assert sum(bool(glued.search(t)) for t in texts) > 0.9 * len(texts)
    for marker in ("Baca juga:", "READ MORE:", "Lire aussi", "Lea también", "اقرأ أيضا", "Facebook"):
        assert any(marker in t for t in texts), marker
    assert any(t.rstrip().endswith(("Selengkapnya", "Continue reading", "Lire la suite", "Leer más", "[…]"))
               for t in texts)


@pytest.mark.parametrize("lang", LANGS)
def test_synthetic_templates_fill_for_every_language(lang):
    pages = list(Generator(Options(seed=2, langs=(lang,))).pages(150))
    assert all("{" not in p["text"] and "}" not in p["text"] for p in pages)
    assert {p["synthetic"]["lang"] for p in pages} == {lang}


def test_synthetic_unknown_language_raises_config_error():
    with pytest.raises(ConfigError, match="xx"):
        Generator(Options(langs=("en", "xx")))


def test_synthetic_jsonl_reads_back_as_pages_without_language_hint(tmp_path):
    path = tmp_path / "c.jsonl"
    size = write_jsonl(path, 40, Options(seed=3))
    assert size == path.stat().st_size
    items = list(iter_pages([str(path)]))
    assert len(items) == 40 and all(isinstance(p, Page) for p in items)
    first = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    assert items[0].doc_id == first["id"] == "syn3-0000000"
    assert items[0].published == first["published"] and items[0].lang is None


def test_synthetic_parquet_has_the_same_pages(tmp_path):
    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    path = tmp_path / "c.parquet"
    assert write_corpus(path, 30, Options(seed=3)) == 30
    table = pq.read_table(path)
    assert table.num_rows == 30
    assert table.column("text").to_pylist()[7] == Generator(seed=3).page(7)["text"]
