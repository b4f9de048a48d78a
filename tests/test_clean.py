"""kabar.clean: a page -> article sentences (no furniture), dateline and outlet, sentences split
right, publication date from metadata, URL or text. Nothing is deleted: spans point into the page."""

from __future__ import annotations

import pytest

from pages import PAGES

def xfail(*args, reason):
    return pytest.param(*args, marks=pytest.mark.xfail(strict=True, reason=reason))


def _span_of(text: str, line: str) -> tuple[int, int]:
    a = text.index(line)
    return a, a + len(line)


@pytest.mark.parametrize("page", PAGES, ids=[p.lang for p in PAGES])
def test_clean_dateline_is_found(run, page):
    doc = run.clean(page.text, page.lang, page.published)
    assert doc.dateline is not None
    assert doc.dateline.lower() == page.dateline.lower()
    a, b = doc.dateline_span
    assert page.dateline.lower() in page.text[a:b].lower()


@pytest.mark.parametrize("page", PAGES, ids=[p.lang for p in PAGES])
def test_clean_related_links_and_tail_are_not_sentences(run, page):
    doc = run.clean(page.text, page.lang, page.published)
    related = _span_of(page.text, page.related)
    tail_start = page.text.index(page.tail)
    for s in doc.sentences:
        assert s.end <= related[0] or s.start >= related[1], f"sentence from the related link: {s.text!r}"
        assert s.start < tail_start, f"sentence from the page furniture: {s.text!r}"
    for (a, b) in doc.body:
        assert b <= tail_start


@pytest.mark.parametrize("page", PAGES, ids=[p.lang for p in PAGES])
def test_clean_sentences_are_spans_of_the_page(run, page):
    doc = run.clean(page.text, page.lang, page.published)
    assert doc.sentences
    for s in doc.sentences:
        assert page.text[s.start:s.end] == s.text
    # the dateline is not part of the first sentence
    first_body = [s for s in doc.sentences if not s.is_title][0]
    assert not first_body.text.lower().startswith(page.dateline.lower())


@pytest.mark.parametrize("page", PAGES, ids=[p.lang for p in PAGES])
def test_clean_detects_the_language(run, page):
    assert run.clean(page.text).lang == page.lang


@pytest.mark.parametrize("line, place", [
    ("Quetta, Mar 3 (PTI) Four soldiers were killed when militants attacked a post on Sunday, officials said.",
     "Quetta"),
    ("NEW DELHI, Jan. 5 (Reuters) Police detained dozens of farmers marching on the capital on Tuesday.",
     "New Delhi"),
])
def test_clean_wire_dateline_with_date_and_agency(run, line, place):
    doc = run.clean(line + "\nThe officials gave no further details of what happened there.\n", "en")
    assert doc.dateline == place
    a, b = doc.dateline_span
    assert line[a:b].endswith(")") and not doc.sentences[0].text.startswith(place.split()[0])


def test_clean_a_long_line_in_another_language_is_not_the_article(run):
    caption = ("Members of the rebel group parade with their rifles during an anniversary celebration in the "
               "hills of the province on Friday, in a photo taken by the agency years ago")
    text = (caption + "\nLima pemberontak tewas dalam bentrokan dengan tentara di dekat kota itu pada Selasa, "
            "kata juru bicara militer kepada wartawan.\nMayat para pemberontak ditemukan setelah bentrokan.\n")
    doc = run.clean(text, "id")
    assert doc.sentences and all(not s.text.startswith("Members") for s in doc.sentences)
    assert any(s.text.startswith("Lima pemberontak") for s in doc.sentences)


def test_clean_glued_slug_and_outlet(run):
    text = ("pasukan-irakBaghdad, LiputanIslam.com – Pasukan Irak menewaskan 40 anggota ISIS di Ramadi, Kamis (7/1).\n"
            "Serangan itu dilakukan setelah laporan intelijen diterima.\n")
    doc = run.clean(text, "id")
    assert doc.dateline == "Baghdad"
    assert doc.source == "LiputanIslam.com"
    assert all("pasukan-irak" not in s.text for s in doc.sentences)
    assert all(s.start >= text.index("Baghdad") for s in doc.sentences)


@pytest.mark.parametrize("lang, text, n", [
    ("id", "Polisi menangkap tiga orang di Kab. Poso pada Kamis. Mereka dibawa ke Palu.", 2),
    ("en", "Gen. Smith said two soldiers died. The army did not comment.", 2),
    ("en", "The U.S. embassy said the blast was heard at 5 p.m. in the city. Nobody was hurt.", 2),
    ("fr", "Deux soldats ont été tués. L'armée a ouvert une enquête.", 2),
    ("es", "Dos soldados murieron. ¿Quién disparó? Nadie lo sabe.", 3),
    ("ar", "قتل جنديان في الهجوم. وفتحت الشرطة تحقيقا.", 2),
    ("ms", "Polis menahan tiga lelaki. Mereka dibawa ke balai polis.", 2),
])
def test_clean_sentence_split(run, lang, text, n):
    title = {"ar": "عنوان الخبر هنا للاختبار"}.get(lang, "Title line of the page")
    doc = run.clean(title + "\n" + text, lang)
    body = [s.text for s in doc.sentences if not s.is_title]
    assert len(body) == n, body


@pytest.mark.parametrize("url, expected", [
    ("https://news.example.com/2016/01/07/iraq-strike", "2016-01-07"),
    ("https://example.id/read/2021-10-26/bentrok", "2021-10-26"),
    ("https://example.com/world/7-jan-2016-iraq", "2016-01-07"),
])
def test_clean_publication_date_from_url(run, url, expected):
    doc = run.clean("Title line of the page\nTwo soldiers were killed in Mosul on Thursday.", "en", url=url)
    assert (doc.published, doc.published_origin) == (expected, "url")


def test_clean_publication_date_from_metadata_wins(run):
    doc = run.clean("Title line of the page\nTwo soldiers were killed in Mosul.", "en", "2016-01-09",
                    url="https://news.example.com/2016/01/07/x")
    assert (doc.published, doc.published_origin) == ("2016-01-09", "metadata")


def test_clean_outlet_from_url(run):
    doc = run.clean("Title line of the page\nTwo soldiers were killed in Mosul.", "en",
                    url="https://www.kabarwire.example/world/x")
    assert doc.source == "kabarwire.example"


@pytest.mark.parametrize("lang, related", [
    ("id", "Polisi Tangkap Tiga Terduga Teroris Di Bima Usai Kontak Tembak"),
    ("en", "Suicide Bomber Kills Twelve At Market In Maiduguri"),
    ("fr", "Attaque Meurtrière Contre Un Convoi Militaire Près De Tombouctou"),
    ("es", "Enfrentamiento Armado Deja Cinco Muertos En Zona Rural De Cauca"),
])
def test_clean_headline_links_inside_the_body_are_left_out(run, lang, related):
    first = {"id": "Dua orang tewas dalam ledakan bom di pasar Poso, Kamis (7/1).",
             "en": "Two people were killed in a bomb blast at a market in Kandahar on Tuesday.",
             "fr": "Deux soldats ont été tués mardi dans une embuscade près de Gao.",
             "es": "Dos soldados murieron el martes en una emboscada cerca de Tumaco."}[lang]
    text = f"A page title with several words\n{first}\n{related}\n{first.replace('Dua', 'Tiga')}\n"
    doc = run.clean(text, lang)
    a, b = _span_of(text, related)
    assert all(s.end <= a or s.start >= b for s in doc.sentences)
