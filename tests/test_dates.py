"""kabar.dates: full dates, day/month without a year, weekdays, relative days, resolved against the
publication date; the year inferred without one only when a single year fits; numbers next to dates
are not years."""

from __future__ import annotations

import datetime as dt

import pytest

from kabar.dates import DateMention, resolve

TODAY = dt.date(2026, 11, 27)


def xfail(*args, reason):
    return pytest.param(*args, marks=pytest.mark.xfail(strict=True, reason=reason))


@pytest.fixture(scope="module")
def readers(run):
    return run


def mentions(run, lang, text):
    return run.date_mentions(lang, text)


def resolved(readers, lang, text, published):
    ref = dt.date.fromisoformat(published) if published else None
    ms = mentions(readers, lang, text)
    assert ms, f"no date found in {text!r}"
    return [resolve(m, ref, today=TODAY).date for m in ms]


# publication dates used below: 2016-01-07 is a Thursday; 2024-03-07 a Thursday
@pytest.mark.parametrize("lang, text, published, expected", [
    ("id", "Serangan terjadi Rabu kemarin.", "2016-01-07", "2016-01-06"),
    ("id", "Bentrokan pecah pada Senin lalu.", "2016-01-07", "2016-01-04"),
    ("ms", "Kejadian berlaku pada Selasa lalu.", "2024-03-07", "2024-03-05"),
    ("ms", "Serangan itu berlaku pada hari Khamis.", "2024-03-07", "2024-03-07"),
    ("en", "The attack took place on Wednesday.", "2016-01-07", "2016-01-06"),
    ("en", "Fighting broke out last Monday.", "2016-01-07", "2016-01-04"),
    ("fr", "L'attaque a eu lieu mardi dernier.", "2024-03-07", "2024-03-05"),
    ("fr", "Les combats ont éclaté dimanche.", "2024-03-07", "2024-03-03"),
    ("es", "El ataque ocurrió el jueves.", "2024-03-07", "2024-03-07"),
    ("es", "El martes pasado hubo enfrentamientos.", "2024-03-07", "2024-03-05"),
    ("ar", "وقع الهجوم يوم الخميس.", "2024-03-07", "2024-03-07"),
    ("ar", "وقعت الاشتباكات يوم الثلاثاء الماضي.", "2024-03-07", "2024-03-05"),
])
def test_dates_weekday_resolved_against_publication(readers, lang, text, published, expected):
    assert resolved(readers, lang, text, published)[0] == dt.date.fromisoformat(expected)


@pytest.mark.parametrize("lang, text, published, expected", [
    ("id", "Serangan terjadi pada Kamis (7/1).", "2016-01-09", "2016-01-07"),
    ("id", "Ledakan terjadi pada 7 Januari.", "2016-01-09", "2016-01-07"),
    ("ms", "Kejadian pada 7 Januari lalu.", "2016-01-09", "2016-01-07"),
    ("en", "The blast happened on January 7.", "2016-01-09", "2016-01-07"),
    ("en", "The blast happened on 7 January.", "2016-01-09", "2016-01-07"),
    ("fr", "L'explosion a eu lieu le 7 janvier.", "2016-01-09", "2016-01-07"),
    ("es", "La explosión ocurrió el 7 de enero.", "2016-01-09", "2016-01-07"),
    ("ar", "وقع الانفجار في 7 يناير.", "2016-01-09", "2016-01-07"),
    ("ar", "وقع الانفجار في 7 كانون الثاني.", "2016-01-09", "2016-01-07"),
    # published early in January: December is last year's
    ("id", "Penembakan terjadi pada 30 Desember.", "2016-01-02", "2015-12-30"),
    ("en", "The shooting happened on December 30.", "2016-01-02", "2015-12-30"),
])
def test_dates_day_month_resolved_against_publication(readers, lang, text, published, expected):
    assert resolved(readers, lang, text, published)[0] == dt.date.fromisoformat(expected)


@pytest.mark.parametrize("lang, text, expected", [
    ("id", "Kamis (7/1)", (7, 1)),   # day first: 7 January, not 1 July
    ("ms", "Khamis (7/1)", (7, 1)),
    ("fr", "jeudi 7/1", (7, 1)),
    ("es", "jueves 7/1", (7, 1)),
    ("ar", "الخميس 7/1", (7, 1)),
])
def test_dates_numeric_day_month_is_day_first(readers, lang, text, expected):
    ms = mentions(readers, lang, text)
    assert len(ms) == 1
    assert (ms[0].day, ms[0].month) == expected
    assert ms[0].weekday == 3   # the weekday qualifies the date, it is not a second date


@pytest.mark.parametrize("lang, text, published, expected", [
    ("id", "Ledakan terjadi kemarin.", "2024-03-07", "2024-03-06"),
    ("id", "Ledakan terjadi hari ini.", "2024-03-07", "2024-03-07"),
    ("ms", "Letupan berlaku semalam.", "2024-03-07", "2024-03-06"),
    ("en", "The blast happened yesterday.", "2024-03-07", "2024-03-06"),
    ("fr", "L'explosion a eu lieu hier.", "2024-03-07", "2024-03-06"),
    ("fr", "L'explosion a eu lieu avant-hier.", "2024-03-07", "2024-03-05"),
    ("es", "La explosión ocurrió ayer.", "2024-03-07", "2024-03-06"),
    ("es", "La explosión ocurrió anteayer.", "2024-03-07", "2024-03-05"),
    ("ar", "وقع الانفجار أمس.", "2024-03-07", "2024-03-06"),
    ("ar", "وقع الانفجار أول أمس.", "2024-03-07", "2024-03-05"),
])
def test_dates_relative_days(readers, lang, text, published, expected):
    assert resolved(readers, lang, text, published)[0] == dt.date.fromisoformat(expected)


@pytest.mark.parametrize("lang, text, expected", [
    ("id", "Serangan pada 26 Oktober 2021 menewaskan dua orang.", "2021-10-26"),
    ("ms", "Serangan pada 26 Oktober 2021.", "2021-10-26"),
    ("en", "On October 26, 2021 two people were killed.", "2021-10-26"),
    ("en", "The report is dated 2021-10-26.", "2021-10-26"),
    ("fr", "Le 26 octobre 2021, deux personnes ont été tuées.", "2021-10-26"),
    ("es", "El 26 de octubre de 2021 murieron dos personas.", "2021-10-26"),
    ("ar", "في 26 أكتوبر 2021 قتل شخصان.", "2021-10-26"),
    ("id", "Tanggal 26/10/2021 terjadi bentrokan.", "2021-10-26"),
])
def test_dates_full_dates_need_no_publication(readers, lang, text, expected):
    assert resolved(readers, lang, text, None)[0] == dt.date.fromisoformat(expected)


@pytest.mark.parametrize("lang, text", [
    ("id", "Pada 7 Januari 75 orang tewas."),
    ("en", "On January 7 75 people were killed."),
    ("fr", "Le 7 janvier 75 personnes ont été tuées."),
    ("es", "El 7 de enero 75 personas murieron."),
    ("ar", "في 7 يناير 75 قتيلا."),
    ("ms", "Pada 7 Januari 75 orang terbunuh."),
])
def test_dates_casualty_number_after_a_date_is_not_a_year(readers, lang, text):
    ms = mentions(readers, lang, text)
    assert len(ms) == 1
    assert ms[0].year is None, f"75 read as year {ms[0].year}"
    assert resolve(ms[0], dt.date(2016, 1, 9), today=TODAY).date == dt.date(2016, 1, 7)


def test_dates_hijri_month_is_not_a_gregorian_month(readers):
    text = "الخميس 13 ذو الحجة 1437 هـ الموافق 15 أيلول 2016 م"
    dates = [resolve(m, None, today=TODAY).date for m in mentions(readers, "ar", text)]
    assert dt.date(2016, 9, 15) in dates
    assert all(d is None or d.month != 12 for d in dates)


# --- year inference without a publication date --------------------------------------------------

def test_dates_year_inferred_only_when_unique():
    # Thursday 7 January since 1990: 1993, 1999, 2010, 2016, 2021 (2027 is after "today")
    m = DateMention("daymonth", 0, 10, None, 1, 7, weekday=3)
    r = resolve(m, None, today=TODAY)
    assert r.date is None
    assert {c.year for c in r.candidates} == {1993, 1999, 2010, 2016, 2021}


def test_dates_year_inferred_from_context_range():
    # the page's context (ISIS held Mosul 2014-06..2017-07) leaves one Thursday 7 January
    m = DateMention("daymonth", 0, 10, None, 1, 7, weekday=3)
    r = resolve(m, None, year_ranges=[(dt.date(2014, 6, 10), dt.date(2017, 7, 10))], today=TODAY)
    assert r.date == dt.date(2016, 1, 7)
    assert r.precision == "day"


def test_dates_year_inferred_when_one_year_fits_the_weekday():
    # Monday 29 February: only 2016 since 1990
    m = DateMention("daymonth", 0, 10, None, 2, 29, weekday=0)
    assert resolve(m, None, today=TODAY).date == dt.date(2016, 2, 29)


def test_dates_day_month_without_weekday_or_year_stays_unresolved():
    m = DateMention("daymonth", 0, 10, None, 1, 7)
    assert resolve(m, None, today=TODAY).date is None


def test_dates_weekday_without_reference_stays_unresolved():
    m = DateMention("weekday", 0, 5, weekday=2)
    assert resolve(m, None, today=TODAY).date is None


def test_dates_weekday_same_as_publication_day_with_past_marker_is_a_week_before():
    m = DateMention("weekday", 0, 5, weekday=3, past=True)
    assert resolve(m, dt.date(2016, 1, 7), today=TODAY).date == dt.date(2015, 12, 31)


@pytest.mark.parametrize("lang, text", [
    ("id", "Seorang warga ditembak Rabu kemarin di Poso."),
    ("ms", "Seorang penduduk ditembak pada Rabu lalu."),
    ("en", "A man was shot dead last Wednesday in Kabul."),
    ("fr", "Un homme a été abattu mercredi dernier à Gao."),
    ("es", "Un hombre fue asesinado el miércoles pasado en Cúcuta."),
    ("ar", "قتل رجل بالرصاص يوم الأربعاء الماضي في الموصل."),
])
def test_dates_past_marker_gives_one_date(run, lang, text):
    # published Wednesday 2024-03-13: "last Wednesday" is 2024-03-06, and "kemarin"/"lalu" is no extra date
    an = run.analyse(text, lang, "2024-03-13")
    found = {resolve(m, dt.date(2024, 3, 13), today=TODAY).date for s in an.sentences for m in s.dates}
    assert found == {dt.date(2024, 3, 6)}
