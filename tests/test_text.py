"""kabar.text: normalisation for matching, with every token pointing back into the original text."""

from __future__ import annotations

import pytest

from kabar.text import NormText, normalize, script_of, words


@pytest.mark.parametrize("lang, raw, expected", [
    ("id", "Menewaskan TUJUH Orang", "menewaskan tujuh orang"),
    ("ms", "Polis DiRaja Malaysia", "polis diraja malaysia"),
    ("en", "Killed in KABUL", "killed in kabul"),
    ("fr", "Tués à l'Été, CÔTE", "tues a l'ete, cote"),
    ("es", "Muertos en Peñón, AÑO", "muertos en penon, ano"),
    ("ar", "أُسْرة إِسلامية آمنة", "اسره اسلاميه امنه"),
])
def test_normalize_folds_case_diacritics_and_letter_variants(lang, raw, expected):
    assert normalize(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("قُتِلَ", "قتل"),            # harakat removed
    ("قـــتل", "قتل"),            # tatweel removed
    ("مستشفى", "مستشفي"),         # alif maqsura -> ya
    ("مؤسسة", "موسسه"),           # hamza on waw, ta marbuta
    ("٧٥ قتيلا", "75 قتيلا"),      # Arabic-Indic digits
    ("۱۲ جريحا", "12 جريحا"),      # Persian digits
])
def test_normalize_arabic(raw, expected):
    assert normalize(raw) == expected


@pytest.mark.parametrize("lang, text", [
    ("id", "Pasukan Irak menewaskan 75 anggota ISIS di Tharthar."),
    ("ms", "Seorang askar terbunuh di Sabah, kata polis."),
    ("en", "Two soldiers were killed near Mosul on Thursday."),
    ("fr", "Deux soldats ont été tués près de Gao, jeudi."),
    ("es", "Dos militares fueron asesinados en Cúcuta el jueves."),
    ("ar", "قُتِلَ ٧٥ مُسلّحاً في غارةٍ جويةٍ قرب الموصل"),
])
def test_tokens_spans_point_into_original(lang, text):
    nt = NormText(text)
    toks = nt.tokens()
    assert toks, "no tokens"
    for t in toks:
        assert normalize(text[t.start:t.end]) == t.norm
        assert text[t.start:t.end].strip() == text[t.start:t.end]


def test_tokens_arabic_with_harakat_map_to_whole_original_word():
    text = "قُتِلَ ٧٥ مُسلّحاً"
    toks = NormText(text).tokens()
    assert [t.norm for t in toks] == ["قتل", "75", "مسلحا"]
    assert [text[t.start:t.end] for t in toks] == ["قُتِلَ", "٧٥", "مُسلّحاً"]


def test_tokens_of_a_range_keep_original_offsets():
    text = "Intro line.\nقُتِلَ ثلاثة أشخاص في بغداد"
    start = text.index("ثلاثة")
    toks = NormText(text).tokens(start, len(text))
    assert text[toks[0].start:toks[0].end] == "ثلاثة"
    assert text[toks[-1].start:toks[-1].end] == "بغداد"


def test_words_split_hyphens_and_apostrophes():
    assert words("luka-luka") == ["luka", "luka"]
    assert words("l'armée") == ["l", "armee"]


@pytest.mark.parametrize("text, expected", [
    ("قتل ثلاثة أشخاص في بغداد", "arabic"),
    ("Tiga orang tewas di Baghdad", "latin"),
    ("Trois personnes tuées à Bagdad (بغداد)", "latin"),
])
def test_script_of(text, expected):
    assert script_of(text) == expected


def test_normalize_keeps_length_for_plain_latin_text():
    text = "Éléphant À Ñandú"
    nt = NormText(text)
    assert len(nt.norm) == len(text)
    assert nt.orig(3) == 3


@pytest.mark.parametrize("text, expected", [
    # Latin text with non-ASCII runs, folded run by run
    ("Le CAFÉ « Ñandú » İzmir’de", "le cafe « nandu » izmir’de"),
    # upper case outside the table (Greek) falls back to folding letter by letter
    ("ΑΘΗΝΑ Café", "αθηνα cafe"),
])
def test_normalize_latin_paths_agree_letter_for_letter(text, expected):
    assert normalize(text) == expected


def test_offsets_with_dropped_marks_in_a_mostly_latin_text():
    text = "Reuters said (قُتِلَ ثلاثة) in Mosul on Friday."
    nt = NormText(text)
    assert "قتل ثلاثه" in nt.norm
    for t in nt.tokens():
        assert normalize(text[t.start:t.end]) == t.norm
    mosul = nt.norm.index("mosul")
    assert text[nt.orig(mosul):nt.orig(mosul) + 5] == "Mosul"
    assert nt.orig(len(nt.norm)) == len(text)
