"""kabar.numbers: digits, number words (compound too), Arabic-Indic digits, vague amounts with
ACLED's values, "at least", and numbers that are not counts (ages, names, dates, clock times)."""

from __future__ import annotations

import pytest


def xfail(*args, reason):
    return pytest.param(*args, marks=pytest.mark.xfail(strict=True, reason=reason))



@pytest.fixture(scope="module")
def readers(run):
    return run


def values(run, lang, text):
    return [q.value for q in run.quantities(lang, text)]


def quantities(run, lang, text):
    return run.quantities(lang, text)


@pytest.mark.parametrize("lang, text, expected", [
    # digits
    ("id", "Sebanyak 75 orang tewas.", [75]),
    ("ms", "Seramai 14 orang cedera.", [14]),
    ("en", "Police said 1,200 people marched.", [1200]),
    ("fr", "Au total 23 personnes ont été blessées.", [23]),
    ("es", "La policía contó 1.500 manifestantes.", [1500]),
    ("ar", "قتل ٧٥ مسلحا في الغارة", [75]),
    ("ar", "أصيب 12 شخصا", [12]),
    # simple words
    ("id", "Tiga orang tewas.", [3]),
    ("ms", "Lapan orang terbunuh.", [8]),
    ("en", "Seven soldiers died.", [7]),
    ("fr", "Huit soldats sont morts.", [8]),
    ("es", "Nueve soldados murieron.", [9]),
    ("ar", "قتل ثلاثة جنود", [3]),
    # compound words
    ("id", "Tujuh puluh lima orang tewas.", [75]),
    ("id", "Dua belas orang luka-luka.", [12]),
    ("id", "Seratus dua puluh warga mengungsi.", [120]),
    ("ms", "Dua puluh tiga orang ditahan.", [23]),
    ("en", "Seventy-five fighters were killed.", [75]),
    ("en", "Two hundred and forty people were arrested.", [240]),
    ("fr", "Soixante-quinze combattants ont été tués.", [75]),
    ("fr", "Vingt et un soldats ont été tués.", [21]),
    ("es", "Treinta y dos personas murieron.", [32]),
    ("es", "Veintidós soldados resultaron heridos.", [22]),
    ("ar", "قتل خمسة وعشرون شخصا", [25]),
])
def test_numbers_digits_and_words(readers, lang, text, expected):
    assert values(readers, lang, text) == expected


@pytest.mark.parametrize("lang, text, expected", [
    ("id", "Puluhan orang luka-luka.", 12),
    ("id", "Belasan rumah terbakar.", 10),
    ("id", "Ratusan mahasiswa berunjuk rasa.", 100),
    ("ms", "Puluhan penduduk cedera.", 12),
    ("en", "Dozens of people were wounded.", 12),
    ("en", "Hundreds of protesters gathered.", 100),
    ("fr", "Des dizaines de personnes ont été blessées.", 12),
    ("es", "Decenas de personas resultaron heridas.", 12),
    ("es", "Una docena de soldados murieron.", 12),
    ("ar", "أصيب عشرات الأشخاص", 12),
    ("ar", "قتل المئات في القصف", 100),
    ("ms", "Berpuluh-puluh penduduk cedera.", 12),
    ("fr", "Une dizaine de personnes ont été blessées.", 10),
    ("fr", "Des centaines de manifestants ont défilé.", 100),
    ("es", "Una decena de personas resultaron heridas.", 10),
    ("es", "Cientos de manifestantes marcharon.", 100),
    ("en", "A dozen people were wounded.", 12),
])
def test_numbers_vague_quantities_have_acled_values(readers, lang, text, expected):
    qs = quantities(readers, lang, text)
    assert [q.value for q in qs] == [expected]
    assert qs[0].vague


@pytest.mark.parametrize("lang, text, expected", [
    ("id", "Setidaknya 75 orang tewas.", 75),
    ("id", "Tak kurang dari 30 orang tewas.", 30),
    ("ms", "Sekurang-kurangnya 12 orang terbunuh.", 12),
    ("en", "At least 40 people were killed.", 40),
    ("fr", "Au moins 40 personnes ont été tuées.", 40),
    ("es", "Al menos 40 personas murieron.", 40),
    ("ar", "قتل ما لا يقل عن 40 شخصا", 40),
    xfail("ar", "قتل 40 شخصا على الأقل", 40,
          reason="kabar/numbers.py NumberReader.find marks 'at least' only when the marker comes BEFORE the "
                 "number (0 <= q.first - m.last <= 2); Arabic puts 'على الأقل' after it (the flag is not used "
                 "downstream yet, so fatalities are unaffected)"),
    ("en", "No fewer than 40 people were killed.", 40),
    ("fr", "Au moins quarante personnes ont été tuées.", 40),
    ("es", "Por lo menos cuarenta personas murieron.", 40),
    ("ms", "Sekurang-kurangnya empat puluh orang terbunuh.", 40),
    ("id", "Sedikitnya empat puluh orang tewas.", 40),
])
def test_numbers_at_least(readers, lang, text, expected):
    qs = quantities(readers, lang, text)
    assert [q.value for q in qs] == [expected]
    assert qs[0].at_least


@pytest.mark.parametrize("lang, text", [
    ("id", "Korban berusia 50 tahun."),            # an age
    ("id", "Kontak tembak berlangsung 3 jam."),     # a duration
    ("id", "Anggota Densus 88 tiba di lokasi."),
    ("id", "Peristiwa terjadi pukul 14.20 WIB."),   # a clock time
    ("id", "Peristiwa terjadi Kamis (7/1)."),       # a date
    ("ms", "Mangsa berusia 40 tahun."),
    ("en", "The victim was 35 years old."),
    ("en", "The blast happened at 05:30."),
    ("fr", "La victime était âgée de 35 ans."),
    ("es", "La víctima tenía 35 años."),
    ("ar", "يبلغ الضحية من العمر 35 عاما"),
])
def test_numbers_that_are_not_counts(readers, lang, text):
    assert values(readers, lang, text) == []


@pytest.mark.parametrize("lang, text", [
    ("id", "Serangan pada 2016 menewaskan tujuh orang."),
    ("en", "In 2016 seven people were killed."),
])
def test_numbers_keep_spans_into_original(readers, lang, text):
    for q in quantities(readers, lang, text):
        assert text[q.start:q.end].strip()
        assert q.start < q.end
