"""kabar.readers: files, directories, JSONL corpora, stdin, HTML; encodings detected, not assumed;
every bad input is one clear error naming it, and a batch goes on past it."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from kabar.errors import InputError
from kabar.readers import decode_bytes, iter_pages, looks_like_html
from kabar.records import Page

FIX = Path(__file__).resolve().parent / "fixtures"


def read(*names: str, **kw):
    return list(iter_pages([str(FIX / n) if not n.startswith("/") and n != "-" else n for n in names], **kw))


def one_page(name: str, **kw) -> Page:
    got = read(name, **kw)
    assert len(got) == 1
    assert isinstance(got[0], Page), getattr(got[0], "message", got[0])
    return got[0]


def one_error(name: str) -> InputError:
    got = read(name)
    assert len(got) == 1
    assert isinstance(got[0], InputError), f"expected an error for {name}, got a page"
    return got[0]


def test_fixtures_are_reproduced_by_their_generator():
    sys.path.insert(0, str(FIX))
    try:
        import make_fixtures
    finally:
        sys.path.pop(0)
    for name, data in make_fixtures.write().items():
        assert (FIX / name).read_bytes() == data, f"tests/fixtures/{name} differs from make_fixtures.py"


@pytest.mark.parametrize("name, lang, must_contain", [
    ("page_cp1252.txt", "fr", "Deux soldats ont été tués et cinq blessés jeudi lors d’une embuscade"),
    ("page_latin1.txt", "es", "Tres policías murieron y ocho resultaron heridos"),
    ("page_cp1256.txt", "ar", "قتل ثلاثة جنود وأصيب خمسة آخرون في انفجار"),
])
def test_readers_detect_legacy_encodings(name, lang, must_contain):
    raw = (FIX / name).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")   # the fixture really is not UTF-8
    page = one_page(name)
    assert must_contain in page.text
    assert "\ufffd" not in page.text


def test_readers_utf8_bom_is_dropped():
    page = one_page("page_utf8_bom.txt")
    assert page.text.startswith("Poso, Kabar Kita")


@pytest.mark.parametrize("name, what", [
    ("empty.txt", "empty"),
    ("blank.txt", "empty"),
    ("photo.png", "binary"),
])
def test_readers_bad_files_give_one_line_naming_them(name, what):
    err = one_error(name)
    line = err.render()
    assert "\n" not in line
    assert name in line
    assert what in line.lower()


def test_readers_missing_path_is_named():
    err = one_error("/nonexistent/kabar/page.txt")
    assert "/nonexistent/kabar/page.txt" in err.render()
    assert "no such file" in err.render()


def test_readers_oversized_file_is_refused_without_reading_it(monkeypatch, tmp_path):
    monkeypatch.setenv("KABAR_MAX_PAGE_BYTES", "1000")
    big = tmp_path / "big.txt"
    big.write_text("Dua orang tewas dalam ledakan bom di Poso. " * 100, encoding="utf-8")
    got = list(iter_pages([str(big)]))
    assert len(got) == 1 and isinstance(got[0], InputError)
    line = got[0].render()
    assert str(big) in line and "limit" in line and "\n" not in line


def test_readers_oversized_jsonl_document_is_refused(monkeypatch, tmp_path):
    monkeypatch.setenv("KABAR_MAX_PAGE_BYTES", "1000")
    f = tmp_path / "c.jsonl"
    f.write_text('{"id": "big", "text": "' + "x " * 2000 + '"}\n{"id": "small", "text": "Dua orang tewas."}\n',
                 encoding="utf-8")
    got = list(iter_pages([str(f)]))
    assert isinstance(got[0], InputError) and "big" in got[0].render() and f"{f}:1" in got[0].render()
    assert isinstance(got[1], Page) and got[1].doc_id == "small"


def test_readers_jsonl_goes_on_past_bad_lines():
    got = read("corpus.jsonl")
    kinds = [(type(x).__name__, getattr(x, "doc_id", None) or x.where) for x in got]
    assert kinds == [
        ("Page", "doc-en"),
        ("InputError", f"{FIX / 'corpus.jsonl'}:2"),
        ("Page", "doc-html"),
        ("InputError", f"{FIX / 'corpus.jsonl'}:4"),
        ("Page", "doc-fr"),
    ]
    assert "malformed JSON" in got[1].render()
    assert "doc-notext" in got[3].render()


def test_readers_jsonl_fields():
    pages = [x for x in read("corpus.jsonl") if isinstance(x, Page)]
    en = pages[0]
    assert (en.doc_id, en.lang, en.published, en.url) == ("doc-en", "en", "2024-03-06", "https://example.org/a")
    assert en.origin.endswith("corpus.jsonl:1")
    fr = pages[2]
    assert fr.lang == "fr" and fr.published == "2024-03-08"


def test_readers_jsonl_html_field_is_extracted():
    html_page = [x for x in read("corpus.jsonl") if isinstance(x, Page)][1]
    assert html_page.doc_id == "doc-html"
    assert "Four police officers were killed" in html_page.text
    assert "<p>" not in html_page.text


def test_readers_html_main_text_without_nav_comments_footer():
    page = one_page("page_furniture.html")
    assert "Four police officers were killed and six wounded" in page.text
    assert "west of Kandahar city" in page.text
    for furniture in ("Subscribe to our newsletter", "Reader99", "three people were shot dead", "Cookie policy",
                      "All rights reserved"):
        assert furniture not in page.text
    assert page.title == "Roadside bomb kills four police officers in Kandahar"
    assert page.published == "2024-03-06"
    assert page.source == "Kabar Test Wire"


def test_readers_directory_recursively_in_order():
    got = read("pages")
    assert [Path(p.doc_id).name for p in got] == ["id_poso.txt", "en_ied.txt"]
    assert all(isinstance(p, Page) for p in got)


def test_readers_empty_directory_is_an_error(tmp_path):
    got = list(iter_pages([str(tmp_path)]))
    assert len(got) == 1 and isinstance(got[0], InputError) and str(tmp_path) in got[0].render()


def test_readers_batch_goes_on_past_bad_inputs():
    got = read("empty.txt", "/nonexistent/x.txt", "page_cp1252.txt", "photo.png", "page_utf8_bom.txt")
    assert [type(x).__name__ for x in got] == ["InputError", "InputError", "Page", "InputError", "Page"]


def test_readers_published_and_lang_hints_pass_through():
    page = one_page("page_utf8_bom.txt", published="2016-01-09", lang="id")
    assert page.published == "2016-01-09" and page.lang == "id"


@pytest.mark.parametrize("data, expected", [
    (b"Dua orang tewas.", "Dua orang tewas."),
    ("Deux soldats ont été tués à Gao, a indiqué l’armée.".encode("cp1252"),
     "Deux soldats ont été tués à Gao, a indiqué l’armée."),
    ("Trois civils tués à Mopti et à Ségou.".encode("cp1252"), "Trois civils tués à Mopti et à Ségou."),
    ("\ufeffقتل شخصان".encode("utf-8"), "قتل شخصان"),
])
def test_decode_bytes(data, expected):
    assert decode_bytes(data, "x") == expected


def test_readers_stdin_text(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("Dua orang tewas di Poso.".encode())))
    got = list(iter_pages(["-"], published="2016-01-09"))
    assert len(got) == 1 and got[0].text == "Dua orang tewas di Poso." and got[0].published == "2016-01-09"


def test_readers_stdin_jsonl(monkeypatch):
    data = (FIX / "corpus.jsonl").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    got = list(iter_pages(["-"]))
    assert [getattr(x, "doc_id", None) for x in got if isinstance(x, Page)] == ["doc-en", "doc-html", "doc-fr"]
    assert sum(isinstance(x, InputError) for x in got) == 2


@pytest.mark.parametrize("text, expected", [
    ("<!DOCTYPE html><html><body><p>x</p></body></html>", True),
    ("<html><body>x</body></html>", True),
    ("Dua orang tewas di Poso <3", False),
    ("Harga naik 5% < 10% tahun lalu.", False),
])
def test_looks_like_html(text, expected):
    assert looks_like_html(text) is expected


def test_readers_cp1252_html_page(tmp_path):
    html = ("<html><head><meta charset=\"windows-1252\"><title>Deux soldats tués près de Gao</title></head><body>"
            "<article><p>Deux soldats maliens ont été tués et cinq blessés mardi dans une embuscade près de Gao, "
            "a indiqué l’armée dans un communiqué publié mercredi.</p><p>L’armée a lancé une opération de "
            "ratissage dans la zone, selon la même source.</p></article></body></html>")
    f = tmp_path / "gao.html"
    f.write_bytes(html.encode("cp1252"))
    got = list(iter_pages([str(f)]))
    assert len(got) == 1 and isinstance(got[0], Page)
    assert "Deux soldats maliens ont été tués" in got[0].text and "l’armée" in got[0].text


def test_readers_directory_with_a_corpus_inside(tmp_path):
    (tmp_path / "a.txt").write_text("Dua orang tewas dalam ledakan bom di pasar Poso.", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text('{"id": "x1", "text": "Two people were killed in Kandahar."}\n', encoding="utf-8")
    got = list(iter_pages([str(tmp_path)]))
    assert [p.doc_id for p in got] == [str(tmp_path / "a.txt"), "x1"]


def test_readers_jsonl_with_bom_and_crlf(tmp_path):
    f = tmp_path / "c.jsonl"
    f.write_bytes(b'\xef\xbb\xbf{"id": "x1", "text": "Two people were killed in Kandahar."}\r\n'
                  b'{"id": "x2", "text": "Dua orang tewas di Poso."}\r\n')
    got = list(iter_pages([str(f)]))
    assert [getattr(p, "doc_id", None) for p in got] == ["x1", "x2"]


def test_readers_jsonl_non_object_line(tmp_path):
    f = tmp_path / "c.jsonl"
    f.write_text('["not", "an", "object"]\n{"id": "ok", "text": "Dua orang tewas di Poso."}\n', encoding="utf-8")
    got = list(iter_pages([str(f)]))
    assert isinstance(got[0], InputError) and f"{f}:1" in got[0].render()
    assert isinstance(got[1], Page)
