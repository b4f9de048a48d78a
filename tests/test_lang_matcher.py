"""kabar.lang: the pattern syntax of SCHEMA.md (exact, prefix, suffix, ~stem, gaps, =Case) and
the morphology (Indonesian/Malay affixes, Arabic proclitics), on sentences we wrote."""

from __future__ import annotations

import pytest

from kabar.lang import LanguagePack, Morphology, PhraseMatcher, available_languages
from kabar.text import NormText

ID_MORPH = Morphology(prefixes=["di", "ter", "ber", "me", "mem", "men", "meng", "meny", "pe", "pem", "pen",
                                "peng", "peny"],
                      suffixes=["kan", "an", "i", "nya"],
                      prefix_restore={"men": ["t"], "mem": ["p"], "meng": ["k"], "meny": ["s"], "pen": ["t"],
                                      "pem": ["p"], "peng": ["k"], "peny": ["s"]})
AR_MORPH = Morphology(proclitics=["وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك"])


def found(patterns, text, morph=None):
    """The matched surface strings of ``patterns`` in ``text``."""
    m = PhraseMatcher([("x", p) for p in patterns], morph or Morphology())
    toks = NormText(text).tokens()
    return [text[x.start:x.end] for x in m.find(toks, text)]


@pytest.mark.parametrize("pattern, text, expected", [
    ("tewas", "Dua orang tewas di Poso.", ["tewas"]),
    ("tué*", "Trois civils ont été tués.", ["tués"]),
    ("tué*", "Une femme a été tuée.", ["tuée"]),
    ("*tembak", "Ia tertembak di kaki.", ["tertembak"]),
    ("killed .. people", "killed at least ten people", ["killed at least ten people"]),
    ("killed .. people", "killed in the town of Ghazni many people", []),  # gap over 3 words
    ("luka-luka", "lima orang luka luka", ["luka luka"]),
    ("l'armée", "selon l’armée malienne", ["l’armée"]),
])
def test_matcher_pattern_forms(pattern, text, expected):
    assert found([pattern], text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Pasukan menembak dua orang.", ["menembak"]),
    ("Seorang warga ditembak di Intan Jaya.", ["ditembak"]),
    ("Ia tertembak di kaki.", ["tertembak"]),
    ("Penembakan terjadi Kamis malam.", ["Penembakan"]),
    ("Terdengar tembakan dari arah hutan.", ["tembakan"]),
    ("Polisi tembakkan gas air mata.", ["tembakkan"]),
])
def test_matcher_stem_with_indonesian_affixes(text, expected):
    assert found(["~tembak"], text, ID_MORPH) == expected


@pytest.mark.parametrize("text, expected", [
    ("Kelompok itu menyerang pos polisi.", ["menyerang"]),
    ("Pos polisi diserang kelompok itu.", ["diserang"]),
    ("Serangan itu menewaskan dua orang.", ["Serangan"]),
])
def test_matcher_stem_restores_dropped_sound(text, expected):
    assert found(["~serang"], text, ID_MORPH) == expected


@pytest.mark.parametrize("text, expected", [
    ("قتل شخصان بانفجار في السوق", ["بانفجار"]),
    ("والانفجار وقع صباحا", ["والانفجار"]),
    ("انفجار سيارة مفخخة", ["انفجار"]),
    ("وقع إنفجار في المدينة", ["إنفجار"]),
])
def test_matcher_arabic_proclitics_and_alef_variants(text, expected):
    assert found(["انفجار"], text, AR_MORPH) == expected


def test_matcher_case_sensitive_acronym():
    assert found(["=IS"], "Militan IS menyerang desa itu.") == ["IS"]
    assert found(["=IS"], "This is not a group.") == []
    assert found(["=EI"], "Le groupe EI a revendiqué l'attaque.") == ["EI"]


def test_matcher_returns_longest_first_at_each_position():
    m = PhraseMatcher([("a", "bom"), ("b", "bom bunuh diri")], Morphology())
    text = "Bom bunuh diri meledak."
    ms = m.find(NormText(text).tokens(), text)
    assert [x.label for x in ms][:2] == ["b", "a"]
    assert text[ms[0].start:ms[0].end] == "Bom bunuh diri"


def test_matcher_is_falsy_without_patterns():
    assert not PhraseMatcher([], Morphology())
    assert PhraseMatcher([("x", "bom")], Morphology())


def test_morphology_stems_of_indonesian_words():
    assert "tewas" in ID_MORPH.stems("menewaskan")
    assert "tembak" in ID_MORPH.stems("penembakan")
    assert "serang" in ID_MORPH.stems("menyerang")
    assert "bunuh" in ID_MORPH.stems("dibunuh")


def test_morphology_arabic_variants_strip_one_proclitic():
    v = AR_MORPH.variants("والقتلي")
    assert "قتلي" in v and "والقتلي" in v


@pytest.mark.parametrize("lang", ["id", "ms", "en", "ar", "fr", "es"])
def test_every_language_pack_is_installed_and_loads(lang):
    assert lang in available_languages()
    pack = LanguagePack(lang)
    assert pack.code == lang
    assert pack.script == ("arabic" if lang == "ar" else "latin")
    for file in ("events", "casualties", "numbers", "dates", "markers", "actors", "boilerplate"):
        assert pack.data[file], f"{lang}/{file}.yaml is empty or missing"
    assert pack.matcher("events", "triggers")
    assert pack.matcher("casualties", "killed")
    assert pack.matcher("casualties", "wounded")


@pytest.mark.parametrize("lang", ["id", "ms", "en", "ar", "fr", "es"])
def test_every_trigger_key_is_an_acled_sub_event_type(lang):
    from kabar.taxonomy import EVENT_TYPE_OF

    pack = LanguagePack(lang)
    for key in ("triggers", "generic"):
        for sub in (pack.get("events", key) or {}):
            assert sub in EVENT_TYPE_OF, f"{lang}/events.yaml {key}: '{sub}' is not an ACLED sub-event type"


def test_unknown_pack_is_a_clear_data_error():
    from kabar.errors import DataError

    with pytest.raises(DataError, match="no language pack for 'xx'"):
        LanguagePack("xx")
