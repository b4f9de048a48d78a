"""kabar.langid: one of the installed packs' languages per page; Malay told from Indonesian."""

from __future__ import annotations

import pytest

from kabar.errors import ConfigError
from kabar.langid import ScriptDetector, make_detector


@pytest.mark.parametrize("lang, text", [
    ("id", "Dua orang tewas dan lima luka-luka dalam ledakan bom di pasar sentral Poso, Kamis kemarin, "
           "kata polisi kepada wartawan."),
    ("id", "Ratusan mahasiswa menggelar unjuk rasa di depan gedung DPRD, menuntut pemerintah membatalkan "
           "kenaikan harga BBM."),
    ("ms", "Dua askar terbunuh dan tiga cedera dalam serangan di Lahad Datu semalam, kata polis dalam "
           "satu kenyataan."),
    ("ms", "Kerajaan berkata beliau akan mengambil tindakan tegas terhadap mereka yang terlibat dalam "
           "rusuhan itu."),
    ("en", "Four police officers were killed and six wounded when a roadside bomb exploded on Tuesday, "
           "officials said."),
    ("fr", "Deux soldats maliens ont été tués et cinq blessés mardi dans une embuscade près de Gao, "
           "a indiqué l'armée."),
    ("es", "Tres policías murieron y ocho resultaron heridos el martes en un ataque con explosivos, "
           "según la policía."),
    ("ar", "قتل ثلاثة جنود وأصيب خمسة آخرون في انفجار عبوة ناسفة قرب الموصل يوم الخميس."),
])
def test_langid_detects_each_language(pipeline, lang, text):
    assert pipeline.detect_language(text) == lang


def test_langid_arabic_page_with_latin_furniture(pipeline):
    text = "Share | Facebook | Twitter\n" + "قتل ثلاثة جنود وأصيب خمسة آخرون في انفجار عبوة ناسفة قرب الموصل. " * 3
    assert pipeline.detect_language(text) == "ar"


def test_langid_only_installed_languages(pipeline):
    # Portuguese is not among kabar's packs: the answer is still one of them
    code = pipeline.detect_language("Dois soldados foram mortos numa emboscada perto da fronteira, disse o exército.")
    assert code in pipeline.packs.codes


def test_langid_script_detector():
    det = ScriptDetector(["id", "ar"])
    assert det("قتل جنديان") == "ar"
    assert det("Dua tentara tewas") == "id"


def test_langid_unknown_backend_is_a_config_error():
    with pytest.raises(ConfigError, match="unknown language detector"):
        make_detector("nope", ["en"])


def test_langid_lang_hint_skips_detection(run):
    # an English sentence given as Indonesian stays Indonesian: the user's hint wins
    doc = run.clean("Title line of the page\nTwo people were killed in Poso on Thursday.", "id")
    assert doc.lang == "id"
