"""Geocoding: normalisation, matching, relative places, admin words, countries and resolution.

All sentences are invented for these tests; the place names are real.
"""

from __future__ import annotations

import pytest

from kabar.geo.text import arabic_variants, norm_name, tokenize


@pytest.fixture(scope="module")
def geo():
    from kabar.geo import Geocoder

    return Geocoder.load()


def _by_surface(mentions):
    return {m.surface: m for m in mentions}


# -- normalisation -----------------------------------------------------------------------------

@pytest.mark.parametrize("a,b", [
    ("Al-Ba'aj", "al baaj"),
    ("Al Ba‘āj", "al baaj"),
    ("Tall ʿAfar", "tall afar"),
    ("Niafunké", "niafunke"),
    ("البعاج", norm_name("بعاج")),
    ("نينوى", norm_name("نينوي")),
    ("مُحافَظة", norm_name("محافظه")),
])
def test_norm_name_folds_spelling_variants(a, b):
    assert norm_name(a) == b


def test_arabic_variants_peel_proclitics():
    assert "موصل" in arabic_variants(norm_name("بالموصل"))
    assert "موصل" in arabic_variants(norm_name("والموصل"))
    assert "موصل" in arabic_variants(norm_name("للموصل"))


def test_tokenize_keeps_offsets_and_drops_elision():
    text = "à l'est de Gao"
    toks = tokenize(text)
    gao = toks[-1]
    assert text[gao.start:gao.end] == "Gao" and gao.key == "gao" and gao.upper
    assert [t.key for t in toks] == ["a", "est", "de", "gao"]


# -- the seed case --------------------------------------------------------------------------

def test_seed_places_resolve_in_iraq(geo):
    text = ("Angkatan udara Irak menggempur markas ISIS di persimpangan barat Tharthar. "
            "Delapan belas pemimpin ISIS meninggalkan Mosul menuju kawasan Biaj (Al-Ba'aj) di barat Mosul.")
    ms = _by_surface(geo.find_places(text, "id"))
    thar = ms["barat Tharthar"]
    assert thar.place.iso == "IRQ" and thar.place.admin1 == "Al Anbar"
    assert thar.relation == "west" and thar.geo_precision == 2
    assert abs(thar.place.latitude - 33.97) < 0.2 and abs(thar.place.longitude - 43.18) < 0.2
    assert text[thar.anchor[0]:thar.anchor[1]] == "Tharthar"
    assert ms["Mosul"].place.admin1 == "Ninawa" and ms["Mosul"].geo_precision == 1
    biaj = ms["Biaj"]
    assert biaj.place.admin1 == "Ninawa" and abs(biaj.place.latitude - 36.04) < 0.1
    assert ms["Al-Ba'aj"].place.geonameid == biaj.place.geonameid
    assert ms["barat Mosul"].relation == "west"


@pytest.mark.parametrize("phrase", ["Biaj", "Al-Ba'aj", "البعاج", "al Baaj"])
def test_geocode_baaj_spellings(geo, phrase):
    best = geo.geocode(phrase, country="IRQ")[0]
    assert best.place.admin1 == "Ninawa" and abs(best.place.longitude - 41.72) < 0.1


# -- every language -------------------------------------------------------------------------

CASES = [
    # (lang, text, surface, place name, iso, admin1, relation, precision)
    ("id", "Kontak senjata pecah di Kabupaten Intan Jaya, Papua, Selasa pagi.",
     "Kabupaten Intan Jaya", "Intan Jaya", "IDN", "Papua", None, 2),
    ("id", "Bom meledak di sebuah pasar di selatan Mosul, kata polisi Irak.",
     "selatan Mosul", "Mosul", "IRQ", "Ninawa", "south", 2),
    ("ms", "Pasukan keselamatan menahan tiga lelaki di Lahad Datu, Sabah semalam.",
     "Lahad Datu", "Lahad Datu", "MYS", "Sabah", None, 1),
    ("en", "Gunmen attacked a checkpoint 30 km north of Kirkuk on Monday, Iraqi officials said.",
     "30 km north of Kirkuk", "Kirkuk", "IRQ", "Kirkuk", "north", 2),
    ("en", "Clashes broke out in Anbar province as Iraqi troops advanced.",
     "Anbar province", "Al Anbar", "IRQ", "Al Anbar", None, 3),
    ("ar", "قتل ثلاثة أشخاص بانفجار عبوة ناسفة جنوب الموصل في محافظة نينوى.",
     "جنوب الموصل", "Mosul", "IRQ", "Ninawa", "south", 2),
    ("ar", "اندلعت اشتباكات في محافظة الأنبار غربي العراق.",
     "محافظة الأنبار", "Al Anbar", "IRQ", "Al Anbar", None, 3),
    ("fr", "Des hommes armés ont attaqué un camp militaire à l'est de Gao, a indiqué l'armée malienne.",
     "à l'est de Gao", "Gao", "MLI", "Gao", "east", 2),
    ("fr", "Une embuscade a visé une patrouille près de Niafunké, dans la région de Tombouctou.",
     "près de Niafunké", "Niafunke", "MLI", "Timbuktu", "near", 2),
    ("es", "Un enfrentamiento al sur de Chilpancingo dejó cuatro muertos en el estado de Guerrero.",
     "al sur de Chilpancingo", "Chilpancingo", "MEX", "Guerrero", "south", 2),
    ("es", "La guerrilla atacó una patrulla en el departamento del Cauca, en Colombia.",
     "departamento del Cauca", "Cauca", "COL", "Cauca", None, 3),
]


@pytest.mark.parametrize("lang,text,surface,name,iso,admin1,relation,prec", CASES)
def test_find_places_per_language(geo, lang, text, surface, name, iso, admin1, relation, prec):
    ms = _by_surface(geo.find_places(text, lang))
    assert surface in ms, sorted(ms)
    m = ms[surface]
    assert (m.place.name, m.place.iso, m.place.admin1) == (name, iso, admin1)
    assert m.relation == relation and m.geo_precision == prec
    assert text[m.start:m.end] == surface


def test_find_places_respects_spans(geo):
    text = "Baghdad. Serangan terjadi di Mosul."
    ms = geo.find_places(text, "id", spans=[(9, len(text))])
    assert [m.surface for m in ms] == ["Mosul"]


def test_distance_moves_the_point(geo):
    m = _by_surface(geo.find_places("A bomb exploded 50 km south of Mosul.", "en"))["50 km south of Mosul"]
    assert m.distance_km == 50 and m.place.latitude < 36.0 and m.place.name == "Mosul"


# -- countries ------------------------------------------------------------------------------

@pytest.mark.parametrize("lang,text,word,iso3", [
    ("en", "Iraqi forces entered the town.", "Iraqi", "IRQ"),
    ("fr", "Les soldats maliens ont riposté.", "maliens", "MLI"),
    ("fr", "L'armée a frappé en Irak.", "Irak", "IRQ"),
    ("ar", "قال مسؤول عراقي إن القوات العراقية تقدمت.", "العراقية", "IRQ"),
    ("es", "Fuerzas colombianas patrullan la frontera con Venezuela.", "Venezuela", "VEN"),
    ("id", "Pasukan Suriah menyerang kota itu.", "Suriah", "SYR"),
    ("ms", "Kerajaan Amerika Syarikat mengecam serangan itu.", "Amerika Syarikat", "USA"),
])
def test_find_countries_names_and_demonyms(geo, lang, text, word, iso3):
    found = {text[s:e]: iso for s, e, iso in geo.find_countries(text, lang)}
    assert found.get(word) == iso3, found


def test_country_uses_acled_names(geo):
    assert geo.country("SYR").name == "Syria"
    assert geo.country("IRN").country == "Iran"
    assert geo.country("Russia (Soviet Union)").iso == "RUS"
    assert geo.country("USA").name == "United States"
    assert geo.country("Atlantis") is None
    assert geo.country("IRQ").kind == "country"


def test_country_mention_invents_no_town(geo):
    ms = geo.find_places("Protests spread across Indonesia on Friday.", "en")
    assert [(m.place.kind, m.geo_precision) for m in ms] == [("country", 3)]


# -- false positives ------------------------------------------------------------------------

@pytest.mark.parametrize("lang,text", [
    ("id", "Bahwa pasukan itu datang Dari arah yang tidak diketahui."),
    ("en", "Of the wounded, many were taken to hospital by the Mobile unit."),
    ("en", "The IRNA agency quoted a KDP official."),
    ("ar", "وقال المصدر إن الشباب خرجوا من المدينة."),
    ("fr", "Le village de Kotoura est calme."),
    ("id", "Berita Duka, Seorang Warga Tewas dalam Baku Tembak di Perbatasan"),
    ("ms", "Anda boleh membaca laporan penuh di laman web kami."),
    ("en", "Fighters of Hayat Tahrir al-Sham withdrew overnight."),
])
def test_common_words_are_not_places(geo, lang, text):
    assert [m for m in geo.find_places(text, lang) if m.place.kind != "country"] == []


@pytest.mark.parametrize("lang,text,name", [
    ("fr", "Deux soldats ont été tués au sud de Mossoul.", "Mosul"),  # an exonym, no country named
    ("en", "A bomb exploded at a market in Kandahar.", "Kandahar"),  # a town alone vouches for itself
    ("es", "Dos soldados murieron al sur de Mosul.", "Mosul"),
])
def test_well_known_town_needs_no_country_context(geo, lang, text, name):
    assert [m.place.name for m in geo.find_places(text, lang)] == [name]


def test_regency_prefix_gives_district_precision(geo):
    m = _by_surface(geo.find_places("Banjir melanda Kabupaten Sidoarjo, Jawa Timur.", "id"))["Kabupaten Sidoarjo"]
    assert m.place.admin1 == "East Java" and m.geo_precision == 2


def test_lowercase_word_does_not_match_capitalised_place(geo):
    assert geo.find_places("the attack was near the market wall", "en") == []


def test_context_picks_the_country(geo):
    ms = _by_surface(geo.find_places("Fighting in Karak district of Pakistan's Khyber Pakhtunkhwa.", "en"))
    assert ms["Karak district"].place.iso == "PAK"


def test_admin_context_picks_the_namesake(geo):
    best = geo.geocode("Xoxocotla town, Morelos\r\n100 km southwest of Mexico City", country="Mexico")[0]
    assert best.place.admin1 == "Morelos" and best.geo_precision == 1


def test_geocode_ranks_town_before_province(geo):
    best = geo.geocode("Khan Sheikhun village, Idlib province", country="Syria")[0]
    assert best.place.admin1 == "Idlib" and best.place.kind == "city"


def test_geocode_unknown_phrase_is_empty(geo):
    assert geo.geocode("somewhere nobody knows") == []
