"""Extraction end to end (kabar.extraction.analyse/assemble/roles through the pipeline), in six languages:
triggers per event family, killed vs wounded, markers that suppress events, places that are not event
places, furniture that gives no evidence, evidence spans into the original text, one event per incident.
"""

from __future__ import annotations

import math

import pytest

import kabar
from conftest import EXTRACT
from kabar.taxonomy import EVENT_TYPE_OF as EVENT_TYPE
from pages import PAGES


def xfail(*args, reason):
    return pytest.param(*args, marks=pytest.mark.xfail(strict=True, reason=reason))


def _lang_i(rows):
    return [f"{(x.values if hasattr(x, 'values') else x)[0]}-{i}" for i, x in enumerate(rows)]


def km(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def subs(evs):
    return [e.sub_event_type for e in evs]


# ------------------------------------------------------------------ triggers per event family
FAMILY = [
    # Battles
    ("id", "Kontak senjata antara TNI dan kelompok bersenjata terjadi di Intan Jaya, Senin (4/1), menewaskan dua prajurit.", "Armed clash"),
    ("ms", "Dua askar terbunuh dalam pertempuran dengan kumpulan bersenjata di Lahad Datu pada Isnin.", "Armed clash"),
    ("en", "Soldiers clashed with Boko Haram fighters near Maiduguri on Monday, leaving five militants dead.", "Armed clash"),
    ("fr", "Des affrontements ont opposé lundi l'armée à des jihadistes près de Djibo, faisant cinq morts parmi les assaillants.", "Armed clash"),
    ("es", "Militares y guerrilleros del ELN se enfrentaron el lunes en zona rural de Arauca; murieron cinco guerrilleros.", "Armed clash"),
    ("ar", "اندلعت اشتباكات عنيفة بين الجيش ومسلحي داعش قرب الموصل يوم الاثنين أسفرت عن مقتل خمسة مسلحين.", "Armed clash"),
    # Explosions/Remote violence
    ("id", "Bom rakitan meledak di depan gereja di Samarinda, Senin (4/1), melukai empat anak.", "Remote explosive/landmine/IED"),
    ("ms", "Sebutir bom tangan meletup di sebuah kedai di Pattani pada Isnin, mencederakan empat orang.", "Grenade"),
    ("en", "A suicide bomber blew himself up at a checkpoint in Mogadishu on Monday, killing six soldiers.", "Suicide bomb"),
    ("fr", "Des obus de mortier sont tombés lundi sur le camp militaire de Tessalit, tuant deux casques bleus.", "Shelling/artillery/missile attack"),
    ("es", "Una mina antipersonal estalló el lunes al paso de una patrulla del Ejército en Tame, matando a dos soldados.", "Remote explosive/landmine/IED"),
    ("ar", "قتل ستة جنود بتفجير انتحاري استهدف حاجزا للجيش في مقديشو يوم الاثنين.", "Suicide bomb"),
    # Violence against civilians
    ("id", "Kelompok bersenjata menculik tiga pekerja proyek jalan di Nduga, Senin (4/1).", "Abduction/forced disappearance"),
    ("ms", "Seorang penduduk kampung ditembak mati oleh lelaki bersenjata di Narathiwat pada Isnin.", "Attack"),
    ("en", "Gunmen abducted twelve passengers from a bus near Kaduna on Monday.", "Abduction/forced disappearance"),
    ("fr", "Des hommes armés ont enlevé dix civils lundi dans un village près de Diffa.", "Abduction/forced disappearance"),
    xfail("es", "Hombres armados asesinaron el lunes a un líder comunitario en Tumaco.", "Attack",
          reason="regression after a0d5ec3: kabar/numbers.py no longer reads 'un' as 1, so 'asesinaron a un líder' "
                 "has no casualty, and 'asesinaron' is only a generic trigger in kabar/lang/es/events.yaml; no event"),
    ("ar", "خطف مسلحون مجهولون عشرة مدنيين من قرية قرب الموصل يوم الاثنين.", "Abduction/forced disappearance"),
    # Protests
    ("id", "Ratusan buruh berunjuk rasa di depan kantor Gubernur Jawa Timur di Surabaya, Senin (4/1), menuntut kenaikan upah.", "Peaceful protest"),
    ("ms", "Ratusan penunjuk perasaan berhimpun secara aman di hadapan Parlimen di Kuala Lumpur pada Isnin.", "Peaceful protest"),
    ("en", "Hundreds of teachers marched peacefully through Nairobi on Monday to demand higher pay.", "Peaceful protest"),
    ("fr", "Des centaines d'enseignants ont manifesté lundi à Dakar pour réclamer des hausses de salaire.", "Peaceful protest"),
    ("es", "Cientos de maestros marcharon el lunes en Quito para exigir aumentos salariales.", "Peaceful protest"),
    ("ar", "تظاهر مئات المعلمين يوم الاثنين في الخرطوم للمطالبة بزيادة الرواتب.", "Peaceful protest"),
    # Riots
    ("id", "Massa yang marah membakar kantor polisi dan melempari petugas dengan batu di Jayapura, Senin (4/1).", "Violent demonstration"),
    ("ms", "Perusuh membakar kereta dan membaling batu ke arah polis di Pattani pada Isnin.", "Violent demonstration"),
    ("en", "Rioters torched cars and threw stones at police in Nairobi on Monday.", "Violent demonstration"),
    ("fr", "Des émeutiers ont incendié des voitures et lancé des pierres sur la police lundi à Dakar.", "Violent demonstration"),
    ("es", "Manifestantes encapuchados quemaron vehículos y lanzaron piedras contra la policía el lunes en Quito.", "Violent demonstration"),
    ("ar", "أحرق محتجون غاضبون إطارات ورشقوا الشرطة بالحجارة في الخرطوم يوم الاثنين.", "Violent demonstration"),
    # Strategic developments
    ("id", "Densus 88 menangkap tiga terduga teroris di Bima, Senin (4/1).", "Arrests"),
    ("ms", "Polis menahan lima suspek militan di Sandakan pada Isnin.", "Arrests"),
    ("en", "Police arrested five suspected militants in Mombasa on Monday.", "Arrests"),
    ("fr", "La police a arrêté lundi cinq jihadistes présumés à Niamey.", "Arrests"),
    ("es", "La policía detuvo el lunes a cinco presuntos miembros del Clan del Golfo en Medellín.", "Arrests"),
    ("ar", "اعتقلت قوات الأمن خمسة مشتبه بهم ينتمون لتنظيم داعش في كركوك يوم الاثنين.", "Arrests"),
]


def one_event_near(run, lang, text, published, near, within=25.0):
    """The page's single event, checked to lie within ``within`` km of ``near``."""
    evs = run.extract(text, lang, published)
    assert len(evs) == 1, [(e.sub_event_type, e.location) for e in evs]
    e = evs[0]
    assert e.latitude is not None and km((e.latitude, e.longitude), near) <= within, e.location
    return e


def _id(x):
    v = x.values if hasattr(x, "values") else x
    return f"{v[0]}-{v[2]}"


@pytest.mark.parametrize("lang, text, sub", FAMILY, ids=[_id(x) for x in FAMILY])
def test_extract_trigger_per_event_family(run, lang, text, sub):
    evs = run.extract(text, lang, "2016-01-06")
    assert sub in subs(evs), f"got {subs(evs)}"
    e = next(e for e in evs if e.sub_event_type == sub)
    assert e.event_type == EVENT_TYPE[sub]
    assert e.event_date == "2016-01-04"
    assert len(evs) == 1, f"one incident, several events: {subs(evs)}"


# ------------------------------------------------------------------ killed vs wounded
KILLED_WOUNDED = [
    ("id", "Lima orang tewas dan 12 luka-luka dalam ledakan bom di pasar Poso, Kamis (7/1).", 5, 12),
    ("id", "Ledakan bom di pasar Poso melukai 12 orang dan menewaskan lima lainnya.", 5, 12),
    ("id", "Setidaknya 75 orang tewas dan puluhan lainnya luka-luka dalam serangan udara itu.", 75, 12),
    ("ms", "Lima orang terbunuh manakala 12 lagi cedera dalam letupan bom di Pattani.", 5, 12),
    ("en", "Five people were killed and 12 wounded in a bomb blast at a market in Kandahar.", 5, 12),
    ("en", "The blast in Kandahar wounded dozens of people and killed at least 40.", 40, 12),
    ("fr", "Cinq personnes ont été tuées et douze blessées dans l'explosion d'une bombe sur un marché de Gao.", 5, 12),
    ("fr", "L'attentat à la bombe de Gao a fait au moins quarante morts et des dizaines de blessés.", 40, 12),
    ("es", "Cinco personas murieron y doce resultaron heridas en la explosión de una bomba en un mercado de Tumaco.", 5, 12),
    ("es", "El atentado con bomba en Tumaco dejó al menos cuarenta muertos y decenas de heridos.", 40, 12),
    ("ar", "قتل خمسة أشخاص وأصيب 12 آخرون في انفجار قنبلة في سوق بالموصل.", 5, 12),
    ("ar", "أسفر التفجير في الموصل عن مقتل ٤٠ شخصا على الأقل وإصابة عشرات آخرين.", 40, 12),
]


@pytest.mark.parametrize("lang, text, killed, wounded", KILLED_WOUNDED, ids=_lang_i(KILLED_WOUNDED))
def test_extract_killed_and_wounded_kept_apart(run, lang, text, killed, wounded):
    an = run.analyse(text, lang, "2016-01-09")
    assert max(s.killed for s in an.sentences) == killed
    assert max(s.wounded for s in an.sentences) == wounded
    evs = run.extract(text, lang, "2016-01-09")
    assert evs and max(e.fatalities for e in evs) == killed


@pytest.mark.parametrize("lang, text", [
    ("id", "Ledakan bom di pasar Poso melukai lima orang, tidak ada korban jiwa dalam peristiwa itu."),
    ("en", "A bomb exploded at a market in Kandahar, wounding five people; no one was killed."),
    ("fr", "Une bombe a explosé sur un marché de Gao, blessant cinq personnes, sans faire de morts."),
    ("es", "Una bomba estalló en un mercado de Tumaco e hirió a cinco personas, sin dejar muertos."),
    ("ar", "انفجرت قنبلة في سوق بالموصل ما أدى إلى إصابة خمسة أشخاص دون وقوع قتلى."),
    ("ms", "Sebutir bom meletup di pasar Pattani, mencederakan lima orang, tiada kematian dilaporkan."),
])
def test_extract_wounded_only_means_zero_fatalities(run, lang, text):
    evs = run.extract(text, lang, "2016-01-09")
    assert evs, "the explosion is an event"
    assert all(e.fatalities == 0 for e in evs)


# ------------------------------------------------------------------ markers that suppress events
NOT_EVENTS = [
    # future / plans
    ("id", "Operasi militer untuk membebaskan Mosul akan digelar dalam waktu dekat, kata komandan pasukan Irak."),
    ("ms", "Polis akan mengadakan operasi besar-besaran terhadap kumpulan militan di Sabah minggu depan."),
    ("en", "The army will launch an offensive to retake Mosul from Islamic State militants next month."),
    ("fr", "L'armée va lancer une offensive contre les jihadistes dans la région de Gao le mois prochain."),
    ("es", "El Ejército lanzará una ofensiva contra el ELN en Arauca la próxima semana."),
    ("ar", "سوف يشن الجيش العراقي هجوما لاستعادة الموصل من تنظيم داعش الشهر المقبل."),
    # threats
    ("id", "Kelompok bersenjata itu mengancam akan menyerang pos polisi di Puncak."),
    ("en", "The militants threatened to attack police stations across the province."),
    # negation / denials
    ("id", "Polisi membantah ada penembakan terhadap warga di Wamena, Senin (4/1)."),
    ("ms", "Polis menafikan berlaku tembakan di Pattani pada Isnin."),
    ("en", "The army denied that soldiers had shot protesters in the capital on Monday."),
    ("fr", "L'armée a démenti toute frappe aérienne contre des civils près de Gao lundi."),
    ("es", "El Ejército negó haber bombardeado un campamento de civiles en Arauca el lunes."),
    ("ar", "نفى الجيش قصف مخيم للمدنيين قرب الموصل يوم الاثنين."),
    # hypothetical
    ("id", "Jika kelompok itu menyerang lagi, polisi siap menembak di tempat."),
    ("ms", "Jika kumpulan itu menyerang semula, polis bersedia bertindak."),
    ("en", "If the militants attack the town again, the army says it will respond with force."),
    ("fr", "Si les jihadistes attaquent de nouveau la ville, l'armée ripostera."),
    ("es", "Si los guerrilleros atacan de nuevo el pueblo, el Ejército responderá."),
    ("ar", "إذا هاجم المسلحون المدينة مرة أخرى فإن الجيش سيرد بقوة."),
    # background history
    ("en", "Islamic State militants seized Mosul in June 2014 and held it for three years."),
    ("id", "ISIS merebut kota Mosul pada Juni 2014 dan menguasainya selama tiga tahun."),
]


@pytest.mark.parametrize("lang, text", NOT_EVENTS, ids=_lang_i(NOT_EVENTS))
def test_extract_plans_threats_denials_hypotheses_history_are_not_events(run, lang, text):
    evs = run.extract(text, lang, "2016-01-06")
    assert evs == [], f"got {[(e.sub_event_type, e.event_date) for e in evs]}"


# ------------------------------------------------------------------ pages: dateline, furniture, evidence
@pytest.mark.parametrize("page", PAGES, ids=[p.lang for p in PAGES])
def test_extract_page_one_event_in_the_right_place(run, page):
    evs = run.extract(page.text, page.lang, page.published)
    assert subs(evs) == [page.sub_event_type], "furniture or related links made extra events"
    e = evs[0]
    assert e.fatalities == page.killed
    assert e.event_date == page.event_date
    assert e.latitude is not None, "no coordinates"
    assert km((e.latitude, e.longitude), page.location_near) <= 50, f"placed at {e.location}, not near the event"
    assert (e.location or "").lower() != page.dateline.lower()


@pytest.mark.parametrize("page", PAGES, ids=[p.lang for p in PAGES])
def test_extract_page_evidence_not_in_furniture(run, page):
    evs = run.extract(page.text, page.lang, page.published)
    rel_a = page.text.index(page.related)
    rel_b = rel_a + len(page.related)
    tail = page.text.index(page.tail)
    for e in evs:
        for name, spans in e.evidence.items():
            for a, b in spans:
                assert b <= rel_a or a >= rel_b, f"{name} evidence in the related link"
                assert b <= tail, f"{name} evidence in the page furniture"


@pytest.mark.parametrize("page", PAGES, ids=[p.lang for p in PAGES])
def test_extract_evidence_spans_point_into_original_text(run, page):
    from kabar.text import normalize

    evs = run.extract(page.text, page.lang, page.published)
    assert evs
    for e in evs:
        assert {"event_type", "fatalities", "location"} <= set(e.evidence)
        for name, spans in e.evidence.items():
            for a, b in spans:
                assert 0 <= a < b <= len(page.text)
                phrase = page.text[a:b]
                assert phrase.strip(), f"{name}: {phrase!r}"
                if name != "source":   # the dateline span: see test_extract_dateline_evidence_is_the_phrase
                    assert phrase == phrase.strip(), f"{name}: {phrase!r}"
        # the fatalities evidence says the number; the location evidence names the place
        fat = " ".join(page.text[a:b] for a, b in e.evidence["fatalities"])
        assert any(w in normalize(fat) for w in ("2", "3", "4", "dua", "two", "four", "deux", "tres", "ثلاثه")), fat


def test_extract_dateline_evidence_is_the_phrase(run):
    page = [p for p in PAGES if p.lang == "en"][0]
    evs = run.extract(page.text, page.lang, page.published)
    a, b = evs[0].evidence["source"][0]
    assert page.text[a:b] == "KABUL (Kabar Wire) -"


@pytest.mark.parametrize("lang, text, published, place, near", [
    ("id", "IRNA melaporkan dari Arbil bahwa tiga anggota ISIS tewas dalam ledakan bom di Mosul, Rabu (6/1).",
     "2016-01-07", "Arbil", (36.34, 43.13)),
    ("en", "Reporting from Erbil, the agency said three ISIS members were killed in a bomb blast in Mosul on Wednesday.",
     "2016-01-07", "Erbil", (36.34, 43.13)),
    ("ms", "Bernama melaporkan dari Kuala Lumpur bahawa tiga askar terbunuh dalam letupan bom di Lahad Datu semalam.",
     "2016-01-07", "Kuala Lumpur", (5.03, 118.33)),
    ("fr", "Notre correspondant à Bamako indique que trois soldats ont été tués par une mine près de Gao mercredi.",
     "2016-01-07", "Bamako", (16.27, -0.04)),
    ("es", "Nuestro corresponsal en Bogotá informa que tres soldados murieron por una mina antipersonal en Tumaco el miércoles.",
     "2016-01-07", "Bogotá", (1.80, -78.76)),
])
def test_extract_reporting_from_place_is_not_the_event_place(run, lang, text, published, place, near):
    evs = run.extract(text, lang, published)
    assert evs
    for e in evs:
        assert (e.location or "").lower() != place.lower()
        assert e.latitude is not None and km((e.latitude, e.longitude), near) <= 50, e.location


# ------------------------------------------------------------------ one incident, one event
SAME_TWICE = [
    ("id", """Bom Meledak di Pasar Sentral Poso
Bom rakitan meledak di pasar sentral Poso, Sulawesi Tengah, Kamis (7/1) pagi, menewaskan dua pedagang.
Kapolres Poso mengatakan ledakan bom di pasar itu terjadi sekitar pukul 07.30 WITA.
Dua pedagang tewas seketika akibat ledakan bom tersebut, sementara lima lainnya luka-luka.
"""),
    ("ms", """Bom Meletup di Pasar Pattani
Sebutir bom meletup di sebuah pasar di Pattani pada Khamis, membunuh dua peniaga.
Polis berkata letupan bom di pasar itu berlaku kira-kira jam 7.30 pagi.
Dua peniaga terbunuh di tempat kejadian akibat letupan bom itu manakala lima lagi cedera.
"""),
    ("en", """Bomb Kills Two Traders At Kandahar Market
A bomb exploded at the main market in Kandahar on Thursday morning, killing two traders.
The police chief said the bomb blast at the market happened at around 7:30 am.
Two traders died at the scene of the bomb explosion and five others were wounded.
"""),
    ("fr", """Une bombe tue deux commerçants au marché de Gao
Une bombe a explosé jeudi matin au grand marché de Gao, tuant deux commerçants.
Selon la police, l'explosion de la bombe au marché s'est produite vers 7h30.
Deux commerçants ont été tués sur le coup par l'explosion de la bombe et cinq autres blessés.
"""),
    ("es", """Una bomba mata a dos comerciantes en el mercado de Tumaco
Una bomba estalló el jueves por la mañana en el mercado central de Tumaco y mató a dos comerciantes.
Según la policía, la explosión de la bomba en el mercado ocurrió hacia las 7:30.
Dos comerciantes murieron en el acto por la explosión de la bomba y otros cinco resultaron heridos.
"""),
    ("ar", """مقتل تاجرين بانفجار قنبلة في سوق الموصل
انفجرت قنبلة صباح يوم الخميس في السوق الرئيسي بالموصل ما أسفر عن مقتل تاجرين.
وقالت الشرطة إن انفجار القنبلة في السوق وقع نحو الساعة السابعة والنصف صباحا.
وقتل تاجران في مكان الحادث جراء انفجار القنبلة وأصيب خمسة آخرون.
"""),
]


SAME_TWICE[5] = xfail(*SAME_TWICE[5], reason=(
    "fatalities 0, expected 2: Arabic dual nouns ('مقتل تاجرين', 'قتل تاجران' = two traders) carry the "
    "number in the noun; kabar/lang/ar/numbers.yaml lists only some duals (شخصين...), so no count is found"))


@pytest.mark.parametrize("lang, text", SAME_TWICE, ids=["id", "ms", "en", "fr", "es", "ar"])
def test_extract_same_incident_told_three_times_is_one_event(run, lang, text):
    evs = run.extract(text, lang, "2016-01-09")
    assert subs(evs) == ["Remote explosive/landmine/IED"]
    assert evs[0].fatalities == 2
    assert evs[0].event_date == "2016-01-07"


# ------------------------------------------------------------------ dates through extraction
@pytest.mark.parametrize("lang, text", [
    ("id", "Pasukan Irak menewaskan 75 anggota ISIS dalam serangan udara di Ramadi, Kamis (7/1)."),
    ("id", "Pada Kamis (7/1) 75 anggota ISIS tewas dalam serangan udara di Ramadi."),
    ("en", "On Thursday, January 7 75 Islamic State fighters were killed in an air strike in Ramadi."),
    ("fr", "Le jeudi 7 janvier 75 jihadistes de l'EI ont été tués dans une frappe aérienne à Ramadi."),
    ("es", "El jueves 7 de enero 75 yihadistas del Estado Islámico murieron en un bombardeo aéreo en Ramadi."),
    ("ar", "قتل 75 عنصرا من داعش في غارة جوية على الرمادي يوم الخميس 7 يناير."),
])
def test_extract_casualty_number_beside_a_date(run, lang, text):
    evs = run.extract(text, lang, "2016-01-09")
    assert evs
    assert evs[0].event_date == "2016-01-07"
    assert evs[0].fatalities == 75


def test_extract_year_inferred_from_context_without_publication(run):
    # ISIS held Ramadi from May 2015 to February 2016: Thursday 7 January fits only 2016
    text = "Pesawat tempur Irak membombardir markas ISIS di Ramadi, Kamis (7/1), menewaskan 40 militan."
    evs = run.extract(text, "id")
    assert evs and evs[0].event_date == "2016-01-07"


def test_extract_no_confident_wrong_day_without_year(run):
    # Thursday 7 January fits 1993, 1999, 2010, 2016, 2021: no day may be claimed
    text = "Bom rakitan meledak di pasar sentral Poso, Kamis (7/1), menewaskan dua pedagang."
    evs = run.extract(text, "id")
    assert evs
    for e in evs:
        assert e.event_date is None or e.date_precision != "day"


@pytest.mark.parametrize("lang, text, expected", [
    ("id", "Bom rakitan meledak di pasar Poso kemarin, menewaskan dua pedagang.", "2024-03-06"),
    ("ms", "Sebutir bom meletup di pasar Pattani semalam, membunuh dua peniaga.", "2024-03-06"),
    ("en", "A bomb exploded at a market in Kandahar yesterday, killing two traders.", "2024-03-06"),
    ("fr", "Une bombe a explosé hier sur un marché de Gao, tuant deux commerçants.", "2024-03-06"),
    ("es", "Una bomba estalló ayer en un mercado de Tumaco y mató a dos comerciantes.", "2024-03-06"),
    ("ar", "انفجرت قنبلة أمس في سوق بالموصل ما أسفر عن مقتل ثلاثة أشخاص.", "2024-03-06"),
])
def test_extract_relative_day_dates_the_event(run, lang, text, expected):
    evs = run.extract(text, lang, "2024-03-07")
    assert [e.event_date for e in evs] == [expected]


# ------------------------------------------------------------------ API and errors
def test_extract_public_api_returns_events_with_evidence():
    text = "Dua orang tewas dan lima luka-luka dalam ledakan bom di pasar sentral Poso, Kamis (7/1)."
    evs = EXTRACT(text, published="2016-01-09", lang="id")
    assert EXTRACT(text, published="2016-01-09", lang="id") == evs   # a second call, same result
    assert subs(evs) == ["Remote explosive/landmine/IED"]
    e = evs[0]
    assert e.doc_id == "text" and e.event_id and e.lang == "id"
    assert e.notes.endswith(".") and 0 < e.confidence <= 1
    assert e.country == "Indonesia" and e.iso == "IDN" and e.admin1
    assert "7/1" in text[slice(*e.evidence["event_date"][0])]


def test_extract_date_evidence_is_the_whole_phrase(run):
    text = "Dua orang tewas dan lima luka-luka dalam ledakan bom di pasar sentral Poso, Kamis (7/1)."
    e = run.extract(text, "id", "2016-01-09")[0]
    assert text[slice(*e.evidence["event_date"][0])] == "Kamis (7/1)"


def test_extract_page_without_events_yields_nothing(run):
    text = "Pemerintah kota meresmikan taman baru di pusat kota Poso pada Kamis (7/1), disambut gembira warga."
    assert run.extract(text, "id", "2016-01-09") == []


def test_extract_empty_page_is_an_input_error(pipeline):
    from kabar.errors import InputError
    from kabar.records import Page

    with pytest.raises(InputError, match="empty"):
        pipeline.extract_page(Page(doc_id="blank", text="   \n"))
    res = pipeline.process(Page(doc_id="blank", text=""))
    assert res.error and "blank" in res.error and not res.events


def test_extract_unknown_language_hint_is_an_input_error(pipeline):
    from kabar.records import Page

    res = pipeline.process(Page(doc_id="p1", text="Dois soldados morreram.", lang="pt"))
    assert res.error and "pt" in res.error


def test_extract_html_text_through_api():
    html = ("<html><body><article><h1>Bomb kills two in Kandahar</h1><p>A bomb exploded at a market in "
            "Kandahar on Tuesday, killing two traders and wounding five others, police said.</p>"
            "<p>No group claimed the attack on the market.</p></article></body></html>")
    evs = EXTRACT(html, published="2024-03-07", lang="en")
    assert subs(evs) == ["Remote explosive/landmine/IED"]
    assert evs[0].fatalities == 2 and evs[0].event_date == "2024-03-05"


def test_extract_public_api_still_callable_after_the_pipeline_ran(run):
    run.extract("Dua orang tewas dalam ledakan bom di pasar Poso.", "id", "2016-01-09")
    assert callable(kabar.extract)
    assert kabar.extract("Dua orang tewas dalam ledakan bom di pasar Poso, Kamis (7/1).", published="2016-01-09",
                         lang="id")


# ------------------------------------------------------------------ relative places
RELATIVE_PLACES = [
    ("id", "Dua tentara tewas dalam kontak senjata dengan kelompok bersenjata di sebelah selatan Mosul, Senin (4/1).",
     "Mosul", (36.34, 43.13)),
    ("ms", "Dua askar terbunuh dalam pertempuran dengan militan di selatan Mosul pada Isnin.", "Mosul", (36.34, 43.13)),
    ("en", "Two soldiers were killed in clashes with militants south of Mosul on Monday.", "Mosul", (36.34, 43.13)),
    ("fr", "Deux soldats ont été tués lundi dans des affrontements avec des jihadistes au sud de Mossoul.", "Mosul",
     (36.34, 43.13)),
    ("es", "Dos soldados murieron el lunes en enfrentamientos con yihadistas al sur de Mosul.", "Mosul",
     (36.34, 43.13)),
    xfail("ar", "قتل جنديان يوم الاثنين في اشتباكات مع مسلحين جنوب الموصل.", "Mosul", (36.34, 43.13),
          reason="fatalities 0, expected 2: the dual 'جنديان' (two soldiers) carries the number in the noun; "
                 "kabar/lang/ar/numbers.yaml lists only some duals, so no count is found"),
]


@pytest.mark.parametrize("lang, text, anchor, near", RELATIVE_PLACES, ids=_lang_i(RELATIVE_PLACES))
def test_extract_relative_place_keeps_anchor_with_lower_precision(run, lang, text, anchor, near):
    evs = run.extract(text, lang, "2016-01-06")
    assert subs(evs) == ["Armed clash"]
    e = evs[0]
    assert km((e.latitude, e.longitude), near) <= 50, e.location
    assert e.geo_precision == 2, "'south of X' is near a named place: ACLED geo_precision 2"
    assert e.fatalities == 2


# ------------------------------------------------------------------ conservative figures, cited sources
CONSERVATIVE = [
    ("id", "Polisi menyebut 10 orang tewas dalam ledakan bom di pasar Poso, Senin (4/1), sementara warga mengatakan 15 orang tewas.", 10),
    ("ms", "Polis berkata 10 orang terbunuh dalam letupan bom di pasar Pattani pada Isnin, manakala penduduk berkata 15 orang terbunuh.", 10),
    ("en", "Police said 10 people were killed in the bomb blast at a market in Kandahar on Monday, while residents said 15 died.", 10),
    ("fr", "La police a fait état de 10 morts dans l'explosion d'une bombe sur un marché de Gao lundi, des habitants parlent de 15 morts.", 10),
    ("es", "La policía informó de 10 muertos en la explosión de una bomba en un mercado de Tumaco el lunes, mientras vecinos hablan de 15 muertos.", 10),
    ("ar", "قالت الشرطة إن 10 أشخاص قتلوا في انفجار قنبلة في سوق بالموصل يوم الاثنين، فيما قال سكان إن 15 شخصا قتلوا.", 10),
]


_CONSERVATIVE_LEFT = {
    "fr": "fatalities 25 = 10 + 15: the alternatives rule needs each figure introduced by an attribution, and "
          "kabar/lang/fr/markers.yaml attribution lacks 'fait état de' and 'parlent de'",
    "ar": "fatalities 0, expected 10: the passive plural 'قتلوا' (they were killed) after the figure is not matched "
          "by kabar/lang/ar/casualties.yaml killed (exact 'قتل'), so neither figure is read",
}
CONSERVATIVE = [xfail(*x, reason=_CONSERVATIVE_LEFT[x[0]]) if x[0] in _CONSERVATIVE_LEFT else x for x in CONSERVATIVE]


@pytest.mark.parametrize("lang, text, killed", CONSERVATIVE, ids=_lang_i(CONSERVATIVE))
def test_extract_disagreeing_reports_take_the_lower_figure(run, lang, text, killed):
    evs = run.extract(text, lang, "2016-01-06")
    assert len(evs) == 1, subs(evs)
    assert evs[0].fatalities == killed


CITED = [
    ("id", "Menurut kantor berita Reuters, dua orang tewas dalam ledakan bom di pasar Kandahar, Senin (4/1).", "Reuters"),
    ("ms", "Menurut agensi berita Reuters, dua orang terbunuh dalam letupan bom di pasar Kandahar pada Isnin.", "Reuters"),
    ("en", "Two people were killed in a bomb blast at a market in Kandahar on Monday, Reuters reported.", "Reuters"),
    ("fr", "Deux personnes ont été tuées lundi dans l'explosion d'une bombe sur un marché de Kandahar, selon l'agence Reuters.", "Reuters"),
    ("es", "Dos personas murieron el lunes en la explosión de una bomba en un mercado de Kandahar, según la agencia Reuters.", "Reuters"),
    ("ar", "قتل شخصان في انفجار قنبلة في سوق بقندهار يوم الاثنين، بحسب وكالة رويترز.", "Reuters"),
]


@pytest.mark.parametrize("lang, text, outlet", CITED, ids=[x[0] for x in CITED])
def test_extract_cited_source_is_recorded(run, lang, text, outlet):
    evs = run.extract(text, lang, "2016-01-06")
    assert evs
    assert any(outlet in c for c in evs[0].cited_sources), evs[0].cited_sources
    a, b = evs[0].evidence["cited_sources"][0]
    assert text[a:b].strip()


# ------------------------------------------------------------------ one event per place
TWO_PLACES = [
    ("id", "Serangan udara menghantam Ramadi dan Fallujah, Senin (4/1); lima warga tewas di Ramadi dan tiga di Fallujah."),
    ("ms", "Serangan udara menghentam Ramadi dan Fallujah pada Isnin, membunuh lima penduduk di Ramadi dan tiga di Fallujah."),
    ("en", "Air strikes hit Ramadi and Fallujah on Monday, killing five civilians in Ramadi and three in Fallujah."),
    ("fr", "Des frappes aériennes ont touché lundi Ramadi et Fallouja, tuant cinq civils à Ramadi et trois à Fallouja."),
    ("es", "Bombardeos aéreos alcanzaron el lunes Ramadi y Faluya, matando a cinco civiles en Ramadi y a tres en Faluya."),
    ("ar", "استهدفت غارات جوية الرمادي والفلوجة يوم الاثنين ما أسفر عن مقتل خمسة مدنيين في الرمادي وثلاثة في الفلوجة."),
]


@pytest.mark.parametrize("lang, text", TWO_PLACES, ids=_lang_i(TWO_PLACES))
def test_extract_two_places_struck_are_two_events(run, lang, text):
    evs = run.extract(text, lang, "2016-01-06")
    strikes = [e for e in evs if e.sub_event_type == "Air/drone strike"]
    assert len(strikes) == 2, [(e.sub_event_type, e.location) for e in evs]
    assert len({e.location for e in strikes}) == 2
    # each town its own dead, the total not counted twice
    assert sorted(e.fatalities for e in strikes) == [3, 5], [(e.location, e.fatalities) for e in strikes]


BETWEEN_TWO_TOWNS = [
    ("id", "Bentrokan di jalan antara Ramadi dan Fallujah menewaskan empat tentara, Senin (4/1)."),
    ("en", "Clashes on the road between Ramadi and Fallujah killed four soldiers on Monday."),
    ("fr", "Des affrontements sur la route entre Ramadi et Fallouja ont tué quatre soldats lundi."),
    ("es", "Enfrentamientos en la carretera entre Ramadi y Faluya mataron a cuatro soldados el lunes."),
]


@pytest.mark.parametrize("lang, text", BETWEEN_TWO_TOWNS, ids=_lang_i(BETWEEN_TWO_TOWNS))
def test_extract_a_stretch_between_two_towns_is_one_event(run, lang, text):
    evs = run.extract(text, lang, "2016-01-06")
    assert len(evs) == 1, [(e.sub_event_type, e.location) for e in evs]
    assert evs[0].fatalities == 4


# ------------------------------------------------------------------ refinements of the sub-event type
REFINED = [
    ("id", "Polisi menembak mati dua mahasiswa dengan peluru tajam saat membubarkan unjuk rasa di Makassar, Senin (4/1).",
     "Excessive force against protesters"),
    ("en", "Security forces opened fire on protesters in Khartoum on Monday, killing three demonstrators.",
     "Excessive force against protesters"),
    ("fr", "Les forces de l'ordre ont tiré à balles réelles sur des manifestants lundi à Conakry, tuant trois d'entre eux.",
     "Excessive force against protesters"),
    ("es", "La policía disparó con munición real contra manifestantes en Quito el lunes y mató a tres de ellos.",
     "Excessive force against protesters"),
    ("ar", "أطلقت قوات الأمن الرصاص الحي على المتظاهرين في الخرطوم يوم الاثنين ما أدى إلى مقتل ثلاثة منهم.",
     "Excessive force against protesters"),
    ("ms", "Polis melepaskan tembakan ke arah penunjuk perasaan di Kuala Lumpur pada Isnin, membunuh tiga daripada mereka.",
     "Excessive force against protesters"),
    ("id", "Seorang pelaku bom bunuh diri meledakkan diri di depan Mapolresta Surakarta, Senin (4/1), melukai seorang polisi.",
     "Suicide bomb"),
    ("ms", "Seorang pengebom berani mati meletupkan diri di sebuah pasar di Pattani pada Isnin, membunuh tiga orang.",
     "Suicide bomb"),
    ("fr", "Un kamikaze s'est fait exploser lundi devant un commissariat de Maiduguri, tuant trois policiers.",
     "Suicide bomb"),
    ("es", "Un terrorista suicida se inmoló el lunes frente a una comisaría de Kabul y mató a tres policías.",
     "Suicide bomb"),
]


@pytest.mark.parametrize("lang, text, sub", REFINED, ids=_lang_i(REFINED))
def test_extract_refined_sub_event_types(run, lang, text, sub):
    evs = run.extract(text, lang, "2016-01-06")
    assert subs(evs) == [sub]


# ------------------------------------------------------------------ background history and photo captions
BACKGROUND = [
    ("id", """Bom Meledak di Pasar Poso
Bom rakitan meledak di pasar sentral Poso, Kamis (7/1), menewaskan dua pedagang.
Pada tahun 2005, ledakan bom di pasar yang sama menewaskan 22 orang.
Foto: Petugas memeriksa lokasi ledakan bom yang menewaskan 10 orang di Makassar.
""", 2, (-1.39, 120.75)),
    ("ms", """Bom Meletup di Pasar Kota Bharu
Sebutir bom meletup di pasar Kota Bharu pada Khamis, membunuh dua peniaga.
Pada tahun 2005, letupan bom di pasar yang sama membunuh 22 orang.
Foto: Polis memeriksa lokasi letupan bom yang membunuh 10 orang di Kuantan.
""", 2, (6.13, 102.24)),
    ("en", """Bomb Kills Two At Kandahar Market
A bomb exploded at the main market in Kandahar on Thursday, killing two traders.
In 2005, a bomb at the same market killed 22 people.
Photo: Police inspect the site of a bombing that killed 10 people in Herat.
""", 2, (31.61, 65.71)),
    ("fr", """Une bombe tue deux commerçants à Gao
Une bombe a explosé jeudi au marché de Gao, tuant deux commerçants.
En 2005, une bombe au même marché avait tué 22 personnes.
Photo d'illustration : la police inspecte le site d'un attentat qui a tué 10 personnes à Tombouctou.
""", 2, (16.27, -0.04)),
    ("es", """Una bomba mata a dos comerciantes en Tumaco
Una bomba estalló el jueves en el mercado de Tumaco y mató a dos comerciantes.
En 2005, una bomba en el mismo mercado mató a 22 personas.
Foto: la policía inspecciona el lugar de un atentado que mató a 10 personas en Pasto.
""", 2, (1.80, -78.76)),
    ("ar", """مقتل ثلاثة تجار بانفجار قنبلة في سوق الموصل
انفجرت قنبلة يوم الخميس في السوق الرئيسي بالموصل ما أسفر عن مقتل ثلاثة تجار.
وفي عام 2005 قتل 22 شخصا في انفجار قنبلة في السوق نفسه.
صورة: الشرطة تعاين موقع تفجير أودى بحياة 10 أشخاص في كركوك.
""", 3, (36.34, 43.13)),
]


@pytest.mark.parametrize("lang, text, killed, near", BACKGROUND, ids=_lang_i(BACKGROUND))
def test_extract_background_and_captions_add_nothing(run, lang, text, killed, near):
    evs = run.extract(text, lang, "2016-01-09")
    assert subs(evs) == ["Remote explosive/landmine/IED"]
    e = evs[0]
    assert e.fatalities == killed and e.event_date == "2016-01-07"
    assert e.latitude is not None and km((e.latitude, e.longitude), near) <= 50
    third_line = text.split("\n")[2]
    start = text.index(third_line)
    for spans in e.evidence.values():
        assert all(b <= start for a, b in spans), "evidence from the background or the caption"


YEAR_NOT_COUNT = [
    ("id", "Pada tahun 2005, 22 orang tewas dalam ledakan bom di pasar itu."),
    ("ms", "Pada tahun 2005, 22 orang terbunuh dalam letupan bom di pasar itu."),
    ("en", "In 2005, 22 people were killed in a bomb blast at the market."),
    ("fr", "En 2005, 22 personnes avaient été tuées dans un attentat à la bombe sur ce marché."),
    ("es", "En 2005, 22 personas murieron en un atentado con bomba en ese mercado."),
    ("ar", "وفي عام 2005 قتل 22 شخصا في انفجار قنبلة في السوق نفسه."),
]


@pytest.mark.parametrize("lang, text", YEAR_NOT_COUNT, ids=_lang_i(YEAR_NOT_COUNT))
def test_extract_a_year_is_not_a_casualty_count(run, lang, text):
    an = run.analyse(text, lang, "2016-01-09")
    assert max(s.killed for s in an.sentences) == 22


# ------------------------------------------------------------------ offsets survive odd text
def _check_spans(text, evs):
    assert evs
    for e in evs:
        for name, spans in e.evidence.items():
            for a, b in spans:
                phrase = text[a:b]
                assert 0 <= a < b <= len(text) and phrase.strip(), (name, phrase)
                if name != "source":
                    assert phrase == phrase.strip(), (name, phrase)


def test_extract_crlf_page_spans(run):
    text = ("Bom Meledak di Pasar Poso\r\n\r\nDua orang tewas dan lima luka-luka dalam ledakan bom di pasar "
            "sentral Poso, Kamis (7/1).\r\nPolisi masih menyelidiki pelaku ledakan itu.\r\n")
    evs = run.extract(text, "id", "2016-01-09")
    _check_spans(text, evs)
    assert evs[0].fatalities == 2
    assert text[slice(*evs[0].evidence["location"][0])] == "Poso"


def test_extract_arabic_with_harakat_and_indic_digits_spans(run):
    text = ("مقتل ثلاثة جنود في الموصل\n"
            "قُتِلَ ٣ جُنُودٍ وَأُصِيبَ ٥ آخَرُونَ بِانْفِجَارِ عُبْوَةٍ نَاسِفَةٍ فِي الْمَوْصِلِ يَوْمَ الثُّلَاثَاءِ.\n")
    evs = run.extract(text, "ar", "2024-03-07")
    _check_spans(text, evs)
    e = evs[0]
    assert e.fatalities == 3 and e.event_date == "2024-03-05"
    assert any("٣" in text[a:b] for a, b in e.evidence["fatalities"])


def test_extract_non_breaking_spaces_and_tabs(run):
    text = "Title line of the page\nAt\u00a0least\u00a075 people were killed\tin an air strike on Ramadi on Thursday."
    evs = run.extract(text, "en", "2016-01-09")
    _check_spans(text, evs)
    assert evs[0].fatalities == 75


def test_extract_long_page_is_cut_not_refused(run, pipeline, monkeypatch):
    from dataclasses import replace

    filler = "Warga kota itu menjalani hari seperti biasa tanpa kejadian apa pun. " * 50
    text = "Bom Meledak di Pasar Poso\nDua orang tewas dalam ledakan bom di pasar sentral Poso, Kamis (7/1).\n" + filler
    monkeypatch.setattr(pipeline, "config", replace(pipeline.config, max_chars=500))
    evs = run.extract(text, "id", "2016-01-09")
    assert subs(evs) == ["Remote explosive/landmine/IED"]


# ------------------------------------------------------------------ inflected casualty words
INFLECTED = [
    ("ar", "ارتفع عدد القتلى إلى 12 في انفجار سيارة مفخخة بكركوك.", 12, 0),
    ("ar", "وقتل 4 من عناصر الشرطة وجرح 6 آخرون بهجوم على حاجز في الرمادي.", 4, 6),
    ("ar", "ولقي 7 أشخاص حتفهم بانفجار عبوة ناسفة في بعقوبة.", 7, 0),
    ("fr", "Une femme a été tuée et trois enfants blessés par balles à Bangui.", 1, 3),
    ("fr", "Sept civils tués, dont deux enfants, dans une attaque près de Mopti.", 7, 0),
    ("es", "Cinco militares fueron asesinados y tres resultaron lesionados en una emboscada en Arauca.", 5, 3),
    ("es", "Asesinaron a cuatro campesinos en una vereda de Tumaco.", 4, 0),
    ("id", "Empat polisi gugur dan tiga lainnya kritis setelah diserang kelompok bersenjata di Puncak.", 4, 3),
    ("id", "Serangan itu menewaskan tujuh warga dan melukai sembilan lainnya di Nduga.", 7, 9),
    ("en", "Gunmen shot dead three villagers and injured two others near Kaduna.", 3, 2),
    ("ms", "Dua askar maut dan empat cedera dalam serangan hendap di Sabah.", 2, 4),
    ("ms", "Tiga anggota polis maut manakala dua lagi parah dalam serangan di Yala.", 3, 2),
]


@pytest.mark.parametrize("lang, text, killed, wounded", INFLECTED, ids=_lang_i(INFLECTED))
def test_extract_inflected_casualty_words(run, lang, text, killed, wounded):
    an = run.analyse(text, lang, "2016-01-09")
    assert (max(s.killed for s in an.sentences), max(s.wounded for s in an.sentences)) == (killed, wounded)


MID_CONDITIONAL = [
    ("en", "The army says it is ready to respond if militants attack the town of Kandahar again."),
    ("id", "Polisi siap menindak tegas apabila kelompok bersenjata menyerang warga di Puncak lagi."),
    ("fr", "L'armée ripostera si les jihadistes attaquent de nouveau la ville de Gao."),
    ("es", "El Ejército responderá si los guerrilleros atacan de nuevo el pueblo de Tame."),
    ("ar", "سيرد الجيش بقوة إذا هاجم المسلحون مدينة الموصل مرة أخرى."),
    ("ms", "Polis bersedia bertindak sekiranya kumpulan militan menyerang penduduk di Sabah lagi."),
    ("en", "Residents fear that militants could attack the market in Kandahar during the festival."),
]


@pytest.mark.parametrize("lang, text", MID_CONDITIONAL, ids=_lang_i(MID_CONDITIONAL))
def test_extract_conditions_inside_a_sentence_are_not_events(run, lang, text):
    assert run.extract(text, lang, "2016-01-09") == []


# ------------------------------------------------------------------ one victim, no number word
SINGULAR = [
    ("id", "Orang tak dikenal menembak mati seorang warga di Intan Jaya, Senin (4/1)."),
    ("ms", "Lelaki bersenjata menembak mati seorang penduduk kampung di Narathiwat pada Isnin."),
    xfail("en", "Gunmen shot dead a shopkeeper in Kaduna on Monday.",
          reason="fatalities 0: 'a shopkeeper' after a kill verb is one victim, but kabar/lang/en/numbers.yaml has "
                 "no reading for the article 'a/an' (id 'seorang', ms 'seorang' and fr 'un' are read as 1)"),
    ("fr", "Des hommes armés ont tué un commerçant lundi à Mopti."),
    xfail("es", "Hombres armados asesinaron el lunes a un líder comunitario en Tumaco.",
          reason="no event: since a0d5ec3 kabar/numbers.py no longer reads es 'un/una' as 1, so 'asesinaron a un "
                 "líder' has no casualty; 'asesinaron' is only a generic Attack trigger in kabar/lang/es/events.yaml "
                 "and a generic trigger without casualties makes no event (regression of the es Attack family test)"),
    xfail("ar", "قتل مسلحون مجهولون شخصا واحدا في الموصل يوم الاثنين.",
          reason="no event: the sentence has a casualty (1), an armed actor and a place but no trigger; "
                 "kabar/lang/ar/events.yaml has no (generic) Attack trigger for the verb قتل with an armed "
                 "subject ('killed', as en/id list kill verbs under generic Attack)"),
]


@pytest.mark.parametrize("lang, text", SINGULAR, ids=_lang_i(SINGULAR))
def test_extract_one_victim_counts_one(run, lang, text):
    evs = run.extract(text, lang, "2016-01-06")
    assert subs(evs) == ["Attack"]
    assert evs[0].fatalities == 1
    assert evs[0].event_date == "2016-01-04"


# ISIS held Ramadi from May 2015 to February 2016: without a publication date, Thursday 7 January is 2016
YEAR_FROM_CONTEXT = [
    ("id", "Pesawat tempur Irak membombardir markas ISIS di Ramadi, Kamis (7/1), menewaskan 40 militan."),
    ("ms", "Jet pejuang Iraq mengebom markas Daesh di Ramadi pada Khamis, 7 Januari, membunuh 40 militan."),
    ("en", "Iraqi warplanes bombed an ISIS headquarters in Ramadi on Thursday, January 7, killing 40 militants."),
    ("fr", "L'aviation irakienne a bombardé le jeudi 7 janvier un QG de l'EI à Ramadi, tuant 40 jihadistes."),
    ("es", "La aviación iraquí bombardeó el jueves 7 de enero un cuartel del Estado Islámico en Ramadi y mató a 40 yihadistas."),
    ("ar", "شن الطيران العراقي يوم الخميس 7 يناير غارة جوية على مقر لتنظيم داعش في الرمادي ما أسفر عن مقتل 40 مسلحا."),
]


@pytest.mark.parametrize("lang, text", YEAR_FROM_CONTEXT, ids=_lang_i(YEAR_FROM_CONTEXT))
def test_extract_year_from_context_in_every_language(run, lang, text):
    evs = run.extract(text, lang)
    assert subs(evs) == ["Air/drone strike"]
    assert evs[0].event_date == "2016-01-07" and evs[0].date_precision == "day"
    assert evs[0].fatalities == 40


NO_CONTEXT_YEAR = [
    ("id", "Bom rakitan meledak di pasar sentral Poso, Kamis (7/1), menewaskan dua pedagang."),
    ("ms", "Sebutir bom meletup di pasar Kota Bharu pada Khamis, 7 Januari, membunuh dua peniaga."),
    ("en", "A bomb exploded at the main market in Kaduna on Thursday, January 7, killing two traders."),
    ("fr", "Une bombe a explosé le jeudi 7 janvier au marché de Gao, tuant deux commerçants."),
    ("es", "Una bomba estalló el jueves 7 de enero en el mercado de Tumaco y mató a dos comerciantes."),
    ("ar", "انفجرت قنبلة يوم الخميس 7 يناير في سوق بالموصل ما أسفر عن مقتل ثلاثة أشخاص."),
]


@pytest.mark.parametrize("lang, text", NO_CONTEXT_YEAR, ids=_lang_i(NO_CONTEXT_YEAR))
def test_extract_no_confident_day_when_the_year_is_unknown(run, lang, text):
    evs = run.extract(text, lang)
    assert evs
    for e in evs:
        assert e.event_date is None or e.date_precision != "day", e.event_date


# ------------------------------------------------------------------ more event families, six languages
LOOTING_REASON = ("no event: kabar/lang/{}/events.yaml has no Looting/property destruction trigger for armed actors "
                  "blowing up houses ({}), the seed's event 4 told in this language")
MORE_FAMILIES = [
    ("id", "ISIS meledakkan beberapa rumah warga di Mosul, Senin (4/1).", "Looting/property destruction",
     "Islamic State (ISIS)"),
    ("ms", "Militan Daesh meletupkan beberapa buah rumah di Mosul pada Isnin.", "Looting/property destruction",
     "Islamic State (ISIS)"),
    ("en", "Islamic State militants blew up several houses in Mosul on Monday.", "Looting/property destruction",
     "Islamic State (ISIS)"),
    ("fr", "Les jihadistes de l'EI ont fait exploser plusieurs maisons à Mossoul lundi.",
          "Looting/property destruction", "Islamic State (ISIS)"),
    ("es", "Milicianos del Estado Islámico volaron varias casas en Mosul el lunes.",
          "Looting/property destruction", "Islamic State (ISIS)"),
    ("ar", "فجر تنظيم داعش عدة منازل في الموصل يوم الاثنين.", "Looting/property destruction",
          "Islamic State (ISIS)"),
    ("id", "Massa main hakim sendiri terhadap seorang terduga pencuri di Medan, Senin (4/1), hingga tewas.",
     "Mob violence", "Rioters (Indonesia)"),
    xfail("ms", "Sekumpulan penduduk membelasah seorang suspek pencuri hingga mati di Kota Bharu pada Isnin.",
          "Mob violence", "Rioters (Malaysia)",
          reason="no event: kabar/lang/ms/events.yaml has no Mob violence trigger for 'membelasah ... hingga mati' "
                 "(beat to death) by a group of residents"),
    ("fr", "Une foule en colère a lynché un voleur présumé lundi à Bouaké.", "Mob violence", "Rioters (Ivory Coast)"),
    ("es", "Una turba linchó a un presunto ladrón el lunes en Cochabamba.", "Mob violence", "Rioters (Bolivia)"),
    ("ar", "أقدم حشد غاضب على قتل لص مشتبه به ضربا في الخرطوم يوم الاثنين.", "Mob violence", "Rioters (Sudan)"),
    ("es", "El ELN tomó el control del municipio de Tame el lunes tras la retirada del Ejército.",
     "Non-state actor overtakes territory", "ELN: National Liberation Army"),
    ("ar", "سيطر مسلحو حركة الشباب على مدينة بيدوا يوم الاثنين بعد انسحاب القوات الحكومية.",
     "Non-state actor overtakes territory", "Al Shabaab"),
    ("en", "Al-Shabaab fighters seized the town of Baidoa on Monday after government troops withdrew.",
     "Non-state actor overtakes territory", "Al Shabaab"),
    ("id", "Pasukan pemerintah Filipina merebut kembali kota Marawi dari kelompok Maute, Senin (4/1).",
     "Government regains territory", "Military Forces of the Philippines"),
    ("ms", "Tentera Filipina merampas semula bandar Marawi daripada kumpulan Maute pada Isnin.",
     "Government regains territory", "Military Forces of the Philippines"),
]


@pytest.mark.parametrize("lang, text, sub, actor1", MORE_FAMILIES, ids=_lang_i(MORE_FAMILIES))
def test_extract_more_event_families(run, lang, text, sub, actor1):
    evs = run.extract(text, lang, "2016-01-06")
    assert subs(evs) == [sub]
    assert evs[0].actor1 == actor1
    assert evs[0].event_date == "2016-01-04"


# ------------------------------------------------------------------ protests told town by town
PROTEST_TOWNS = [
    ("fr", "Manifestations contre la réforme des retraites\nÀ Lyon, 2000 personnes ont manifesté samedi contre "
           "la réforme.\nÀ Marseille, 1500 manifestants ont défilé samedi sur la Canebière.\n", {"Lyon", "Marseille"}),
    ("en", "Protests against fuel prices\nIn Lagos, about 2,000 people marched on Saturday against the fuel price "
           "rise.\nIn Abuja, 1,500 protesters rallied on Saturday outside the parliament.\n", {"Lagos", "Abuja"}),
    ("id", "Demo Tolak Kenaikan BBM\nDi Surabaya, sekitar 2.000 mahasiswa berunjuk rasa, Sabtu (2/1), menolak "
          "kenaikan harga BBM.\nDi Makassar, 1.500 buruh berdemonstrasi di depan kantor gubernur, Sabtu (2/1).\n",
          {"Surabaya", "Makassar"}),
    ("es", "Protestas contra la reforma\nEn Quito, unas 2.000 personas marcharon el sábado contra la reforma.\n"
           "En Guayaquil, 1.500 manifestantes protestaron el sábado frente a la gobernación.\n", {"Quito", "Guayaquil"}),
    ("ar", "احتجاجات على غلاء الأسعار\nفي الخرطوم، تظاهر نحو ألفي شخص يوم السبت احتجاجا على غلاء الأسعار.\n"
           "وفي بورتسودان، تظاهر 1500 شخص يوم السبت أمام مقر الولاية.\n", {"Khartoum", "Port Sudan"}),
    ("ms", "Bantahan Kenaikan Harga\nDi Kuala Lumpur, kira-kira 2,000 orang berhimpun pada Sabtu membantah kenaikan "
           "harga.\nDi Johor Bahru, 1,500 penunjuk perasaan berarak pada Sabtu di hadapan bangunan kerajaan negeri.\n",
     {"Kuala Lumpur", "Johor Bahru"}),
]


@pytest.mark.parametrize("lang, text, towns", PROTEST_TOWNS, ids=_lang_i(PROTEST_TOWNS))
def test_extract_protests_town_by_town_are_separate_events(run, lang, text, towns):
    evs = run.extract(text, lang, "2016-01-03")
    assert subs(evs) == ["Peaceful protest", "Peaceful protest"]
    assert {e.location for e in evs} == towns
    assert all(e.event_date == "2016-01-02" for e in evs)


# ------------------------------------------------------------------ a well-known town named alone is placed
NOT_IN_GAZETTEER = ("no place: the gazetteer has no entry for '{0}' at all (Geocoder.geocode('{0}') == [] after "
                    "20644e4), so the event loses its location; kabar/geo/build.py seems to leave out big cities of "
                    "countries outside its list")
TOWN_ALONE = [
    ("id", "Bom rakitan meledak di pasar Kandahar, Senin (4/1), menewaskan dua orang.", (31.61, 65.71)),
    xfail("id", "Bom rakitan meledak di sebuah kafe di Helsinki, Senin (4/1), melukai dua orang.", (60.17, 24.94),
          reason=NOT_IN_GAZETTEER.format("Helsinki")),
    ("ms", "Sebutir bom meletup di pasar Pattani pada Isnin, membunuh dua peniaga.", (6.87, 101.25)),
    ("en", "A bomb exploded at a market in Kisumu on Monday, killing two traders.", (-0.09, 34.77)),
    xfail("en", "Troops recaptured Marawi from the militants on Monday after heavy fighting.", (8.00, 124.29),
          reason="no place: Geocoder.geocode('Marawi') offers 'Marawi City' (260k people) but find_places "
                 "drops it in 'Troops recaptured Marawi ...' with no country named (kabar/geo context rule, still "
                 "after 20644e4)"),
    xfail("fr", "Une bombe a explosé lundi dans un marché à Lyon, tuant deux commerçants.", (45.76, 4.84),
          reason=NOT_IN_GAZETTEER.format("Lyon")),
    ("fr", "Une bombe a explosé lundi dans un marché à Marseille, tuant deux commerçants.", (43.30, 5.37)),
    ("es", "Una bomba estalló el lunes en un mercado de Cali y mató a dos comerciantes.", (3.44, -76.52)),
    ("ar", "انفجرت قنبلة في سوق بكركوك يوم الاثنين ما أسفر عن مقتل ثلاثة أشخاص.", (35.47, 44.39)),
]


@pytest.mark.parametrize("lang, text, near", TOWN_ALONE, ids=_lang_i(TOWN_ALONE))
def test_extract_a_known_town_named_alone_is_placed(run, lang, text, near):
    evs = run.extract(text, lang, "2016-01-06")
    assert evs
    e = evs[0]
    assert e.latitude is not None, "no place"
    assert km((e.latitude, e.longitude), near) <= 50, e.location


# ------------------------------------------------------------------ scheduled for after publication
SCHEDULED = [
    ("id", "Unjuk rasa buruh dijadwalkan berlangsung di depan kantor Gubernur Jawa Timur di Surabaya, Senin (11/1)."),
    ("ms", "Perhimpunan aman dijadual diadakan di hadapan Parlimen di Kuala Lumpur pada 11 Januari."),
    ("en", "A protest is scheduled for January 11 outside parliament in Nairobi."),
    ("fr", "Une manifestation est prévue le 11 janvier devant le parlement à Dakar."),
    ("es", "Una marcha está convocada para el 11 de enero frente al congreso en Quito."),
    ("ar", "من المقرر تنظيم مظاهرة يوم 11 يناير أمام البرلمان في الخرطوم."),
]


@pytest.mark.parametrize("lang, text", SCHEDULED, ids=_lang_i(SCHEDULED))
def test_extract_events_dated_after_publication_are_not_reported(run, lang, text):
    assert run.extract(text, lang, "2016-01-09") == []


# ------------------------------------------------------------------ Hijri dates on Arabic pages
HIJRI_PAGE = ("الخميس 13 ذو الحجة 1437 هـ الموافق 15 أيلول 2016 م\n"
              "قتل ثلاثة جنود وأصيب خمسة آخرون بانفجار عبوة ناسفة في الموصل اليوم الخميس.\n")


def test_extract_hijri_header_gregorian_date_wins(run):
    evs = run.extract(HIJRI_PAGE, "ar")
    assert [(e.sub_event_type, e.event_date, e.fatalities) for e in evs] == [
        ("Remote explosive/landmine/IED", "2016-09-15", 3)]


@pytest.mark.xfail(strict=True, reason="the Hijri month 'ذو الحجة' is geocoded as the Yemeni town Hajjah "
                   "(الحجة): kabar/geo does not skip date spans, and kabar/lang/ar/geo.yaml's stop list lacks the "
                   "Hijri month names that dates.yaml lists")
def test_extract_hijri_month_is_not_a_place(run):
    an = run.analyse(HIJRI_PAGE, "ar")
    names = {p.place.name for p in an.places if p.place}
    assert "Hajjah" not in names


def test_extract_is_deterministic_and_ids_are_stable(run):
    page = PAGES[0]
    a = run.extract(page.text, page.lang, page.published)
    b = run.extract(page.text, page.lang, page.published)
    assert [e.to_dict() for e in a] == [e.to_dict() for e in b]
    from kabar.records import Page

    other = run.p.extract_page(Page(doc_id="another-doc", text=page.text, lang=page.lang, published=page.published))
    assert {e.event_id for e in other}.isdisjoint({e.event_id for e in a})


# ------------------------------------------------------------------ two groups, one casualty word
_GROUPS_LEFT = {
    "ar": "fatalities 3, expected 8: the joiner و is a proclitic glued to the next figure ('وخمسة'), so the "
          "numbers:joiners scan in kabar/extraction/analyse.py never sees a separate 'و' between the figures",
}
GROUPS = [xfail(*x, reason=_GROUPS_LEFT[x[0]]) if x[0] in _GROUPS_LEFT else x for x, g in [
    (("id", "Dua prajurit TNI dan lima anggota kelompok bersenjata tewas dalam kontak senjata di Intan Jaya, Senin (4/1).", 7), 5),
    (("ms", "Dua askar dan lima militan terbunuh dalam pertempuran di Lahad Datu pada Isnin.", 7), 5),
    (("en", "Two soldiers and five attackers were killed in clashes near Maiduguri on Monday.", 7), 5),
    (("fr", "Deux soldats et cinq assaillants ont été tués lundi dans des affrontements près de Djibo.", 7), 5),
    (("es", "Dos soldados y cinco guerrilleros murieron el lunes en combates en Arauca.", 7), 5),
    (("ar", "قتل ثلاثة جنود وخمسة مسلحين في اشتباكات قرب الموصل يوم الاثنين.", 8), 3),
]]


@pytest.mark.parametrize("lang, text, killed", GROUPS, ids=_lang_i(GROUPS))
def test_extract_groups_sharing_one_casualty_word_add_up(run, lang, text, killed):
    evs = run.extract(text, lang, "2016-01-06")
    assert subs(evs) == ["Armed clash"]
    assert evs[0].fatalities == killed


# ACLED: deaths reported without a number in a limited attack are coded 3
SEVERAL = [
    ("id", "Beberapa orang tewas dalam ledakan bom di pasar Poso, Senin (4/1)."),
    ("ms", "Beberapa orang terbunuh dalam letupan bom di pasar Kota Bharu pada Isnin."),
    ("en", "Several people were killed in a bomb blast at a market in Kandahar on Monday."),
    ("fr", "Plusieurs personnes ont été tuées lundi dans l'explosion d'une bombe sur un marché de Gao."),
    ("es", "Varias personas murieron el lunes en la explosión de una bomba en un mercado de Tumaco."),
    ("ar", "قتل عدة أشخاص في انفجار قنبلة في سوق بالموصل يوم الاثنين."),
]


@pytest.mark.parametrize("lang, text", SEVERAL, ids=_lang_i(SEVERAL))
def test_extract_several_killed_is_three(run, lang, text):
    evs = run.extract(text, lang, "2016-01-06")
    assert subs(evs) == ["Remote explosive/landmine/IED"]
    assert evs[0].fatalities == 3


# ------------------------------------------------------------------ the body says where, exactly
# A headline names the story by its best-known town; the body names the town that was struck.
HEADLINE_TOWN = [
    ("en", "Mosul: jets pound militant hideouts\nAbout twenty militants were killed in air strikes outside "
           "Mosul on Monday, officials said. The strikes destroyed two hideouts in Sinjar, near the border.",
     (36.32, 41.88)),
    ("id", "Maiduguri: Serangan udara hantam markas militan\nSekitar dua puluh militan tewas dalam serangan udara "
           "di dekat Maiduguri, Senin (4/1). Serangan udara itu menghancurkan dua markas di Bama.",
     (11.52, 13.69)),
    ("fr", "Kidal : frappes aériennes contre des jihadistes\nUne vingtaine de jihadistes ont été tués lundi dans "
           "des frappes aériennes près de Kidal. Les frappes ont détruit deux bases à Tessalit.",
     (20.20, 1.01)),
    ("es", "Tumaco: bombardeo contra disidencias\nUnos veinte disidentes murieron el lunes en un bombardeo cerca "
           "de Tumaco. El bombardeo destruyó dos campamentos en Barbacoas.",
     (1.67, -78.14)),
]


@pytest.mark.parametrize("lang, text, near", HEADLINE_TOWN, ids=_lang_i(HEADLINE_TOWN))
def test_extract_the_body_places_an_event_its_headline_names_by_a_nearby_town(run, lang, text, near):
    one_event_near(run, lang, text, "2016-01-06", near)


# A lede gives the province; a later, weaker mention of the same attack names the district or town.
LATER_TOWN = [
    ("id", "Kelompok bersenjata menyerang sebuah pos polisi di provinsi Kandahar, Afghanistan, Senin (4/1). "
           "Serangan itu menewaskan enam polisi.\nSeorang pejabat mengatakan dalam serangan tersebut para "
           "penyerang menembaki pos di Spin Boldak.", (31.01, 66.40)),
    ("en", "Gunmen attacked a police post in Kandahar province, Afghanistan, on Monday. Six policemen were "
           "killed.\nAn official said that in the attack the gunmen fired on the post in Spin Boldak from two "
           "sides.", (31.01, 66.40)),
]


@pytest.mark.parametrize("lang, text, near", LATER_TOWN, ids=_lang_i(LATER_TOWN))
def test_extract_a_later_mention_of_the_attack_places_it_more_exactly(run, lang, text, near):
    assert one_event_near(run, lang, text, "2016-01-06", near).fatalities == 6


# A trigger word with no company of its own ("They were abducted in X on Monday") tells where an event
# the page reports happened; alone it is never an event (see the football-score case below).
LONE_MENTION_PLACES = [
    ("id", "Kelompok bersenjata kembali melakukan aksi penculikan terhadap pedagang. Korbannya dua warga Medan "
           "yang berdagang di negeri jiran. Keluarga korban di Medan meminta pemerintah bertindak cepat. Polisi "
           "masih menyelidiki kasus itu.\nMereka diculik di Zamboanga, Filipina, Senin (4/1).", (6.91, 122.07)),
    ("en", "Gunmen carried out another kidnapping of traders. The victims were two residents of Medan who ran "
           "shops abroad. Relatives in Medan urged the government to act. Police are investigating the case.\n"
           "They were abducted in Zamboanga, Philippines, on Monday.", (6.91, 122.07)),
]


@pytest.mark.parametrize("lang, text, near", LONE_MENTION_PLACES, ids=_lang_i(LONE_MENTION_PLACES))
def test_extract_a_lone_trigger_word_places_the_event_it_tells_more_of(run, lang, text, near):
    assert one_event_near(run, lang, text, "2016-01-06", near).sub_event_type == "Abduction/forced disappearance"


@pytest.mark.parametrize("lang, text", [
    ("id", "Persib ditahan imbang di Bandung, Sabtu (2/1)."),
    ("en", "The champions were held in Manchester on Saturday."),
])
def test_extract_a_lone_trigger_word_is_no_event(run, lang, text):
    assert run.extract(text, lang, "2016-01-06") == []


# "another suicide bomber": a second event, even in the same city on the same day
ANOTHER_EVENT = [
    ("id", "Lima orang tewas dalam ledakan bom bunuh diri di sebuah pasar di Baghdad, Minggu (3/1). Pada Minggu "
           "sore, pembom bunuh diri lainnya meledakkan diri di Kota Sadr dan menewaskan delapan orang."),
    ("en", "Five people were killed in a suicide bombing at a market in Baghdad on Sunday. Later on Sunday another "
           "suicide bomber blew himself up in Sadr City, killing eight people."),
    ("fr", "Cinq personnes ont été tuées dimanche dans un attentat-suicide sur un marché de Bagdad. Dimanche soir, "
           "un autre kamikaze s'est fait exploser à Sadr City, tuant huit personnes."),
    ("es", "Cinco personas murieron el domingo en un atentado suicida en un mercado de Bagdad. El domingo por la "
           "tarde, otro terrorista suicida se inmoló en Sadr City y mató a ocho personas."),
    ("ar", "قتل خمسة أشخاص في تفجير انتحاري في سوق ببغداد يوم الأحد. وفي مساء الأحد فجر انتحاري آخر نفسه في "
           "مدينة الصدر ما أسفر عن مقتل ثمانية أشخاص."),
]


@pytest.mark.parametrize("lang, text", ANOTHER_EVENT, ids=_lang_i(ANOTHER_EVENT))
def test_extract_another_attack_is_an_event_of_its_own(run, lang, text):
    evs = run.extract(text, lang, "2016-01-04")
    assert sorted(e.fatalities for e in evs) == [5, 8], [(e.sub_event_type, e.location, e.fatalities) for e in evs]
    assert all(e.sub_event_type == "Suicide bomb" for e in evs), subs(evs)


# An address chain names a place, then what contains it: a first name found only as a namesake in
# another province ("Kampung Sri Jaya" of Pahang) is not the place; the container is.
ADDRESS_CHAIN = [
    ("ms", "Dua anggota polis terbunuh dalam pertempuran dengan kumpulan bersenjata di Kampung Sri Jaya, "
           "Semporna, Sabah pada Sabtu."),
    ("ms", "Dua anggota polis terbunuh dalam pertempuran dengan kumpulan bersenjata di Kampung Sri Jaya Semporna "
           "pada Sabtu."),
    ("id", "Dua polisi tewas dalam baku tembak dengan kelompok bersenjata di Kampung Sri Jaya, Semporna, Sabah, Malaysia, "
           "Sabtu (2/1)."),
]


@pytest.mark.parametrize("lang, text", ADDRESS_CHAIN, ids=_lang_i(ADDRESS_CHAIN))
def test_extract_address_chain_drops_a_namesake_outside_its_container(run, lang, text):
    e = one_event_near(run, lang, text, "2016-01-04", (4.48, 118.61), within=50)
    assert e.admin1 == "Sabah", (e.location, e.admin1)


# The damage told after a riot, with no place of its own, is the riot's, not an event of its own.
RIOT_DAMAGE = [
    ("id", "Ratusan massa merusak dan membakar kantor bupati di Wamena, Senin (4/1). Polisi menembakkan gas air "
           "mata untuk membubarkan massa.\nSetelah massa bubar, polisi mendata kerusakan bangunan kantor tersebut."),
    ("en", "Hundreds of rioters stormed and torched the district office in Wamena on Monday. Police fired tear gas "
           "to disperse the crowd.\nAfter the crowd dispersed, officers assessed the damage to the office."),
]


@pytest.mark.parametrize("lang, text", RIOT_DAMAGE, ids=_lang_i(RIOT_DAMAGE))
def test_extract_damage_told_after_a_riot_is_the_riots(run, lang, text):
    evs = run.extract(text, lang, "2016-01-05")
    assert [e.event_type for e in evs] == ["Riots"], subs(evs)


# "in Kasserine, north-west of the capital": the relative place after a place says where that one lies
LOCATOR = [
    ("en", "Protesters clashed with police in Kasserine, 300 km southwest of the capital, on Friday, throwing "
           "stones at officers."),
    ("en", "Protesters clashed with police in Kasserine, north-west of Tunis, on Friday, throwing stones at officers."),
    ("fr", "Des manifestants ont affronté la police vendredi à Kasserine, au nord-ouest de la capitale, en lançant "
           "des pierres."),
    ("id", "Demonstran bentrok dengan polisi di Kasserine, barat laut ibu kota Tunisia, Jumat (8/1), sambil "
           "melempar batu."),
    ("ar", "اندلعت مواجهات بين محتجين وقوات الأمن في القصرين شمال غرب العاصمة تونس يوم الجمعة ورشق المحتجون "
           "الأمن بالحجارة."),
]


@pytest.mark.parametrize("lang, text", LOCATOR, ids=_lang_i(LOCATOR))
def test_extract_a_place_located_from_another_is_the_place(run, lang, text):
    one_event_near(run, lang, text, "2016-01-09", (35.17, 8.84), within=50)


def test_extract_wire_dateline_city_is_not_the_event_place_but_guides_it(run):
    text = ("Quetta, Mar 3 (PTI) Four soldiers were killed when militants attacked a checkpost in the Turbat area "
            "of Balochistan province on Sunday, officials said.\nThe attackers fled after an hour-long gunfight.")
    assert one_event_near(run, "en", text, "2016-03-03", (26.0, 63.05), within=50).fatalities == 4


def test_extract_a_late_undated_unplaced_mention_is_background(run):
    text = ("Dua tentara tewas dalam serangan kelompok bersenjata di Intan Jaya, Papua, Senin (4/1).\n"
            "Serangan terjadi saat patroli melintas di jalan desa.\nKorban dibawa ke rumah sakit terdekat.\n"
            "Polisi masih mengejar para pelaku.\nWarga diminta tetap tenang.\n"
            "Situasi keamanan di wilayah itu telah lama tegang.\nKelompok itu sejak lama menentang proyek jalan.\n"
            "Dulu aparat pernah membubarkan unjuk rasa warga yang menolak proyek itu dengan gas air mata.")
    evs = run.extract(text, "id", "2016-01-05")
    assert [e.event_type for e in evs] == ["Violence against civilians"] or \
        [e.event_type for e in evs] == ["Battles"], subs(evs)


# A page announcing a protest names it with and without future words; a page reporting one may add a
# plan to return: only the second has an event.
@pytest.mark.parametrize("lang, text, n", [
    ("id", "Ratusan buruh akan menggelar unjuk rasa di depan kantor gubernur di Surabaya besok.\nPolisi akan "
           "menyiagakan personel untuk pengamanan.\nSurat pemberitahuan unjuk rasa sudah diterima polisi, kata "
           "juru bicara.\nPara buruh akan menuntut kenaikan upah.\nMereka juga akan berunjuk rasa di gedung DPRD.", 0),
    ("en", "Hundreds of workers will stage a protest outside the governor's office in Surabaya tomorrow.\nPolice "
           "will deploy officers to keep order.\nThe notice of the protest has been handed to the police, a "
           "spokesman said.\nThe workers will demand higher wages.\nThey will also protest at the city council.", 0),
    ("id", "Ratusan buruh berunjuk rasa di depan kantor gubernur di Surabaya, Senin (4/1).\nMereka menuntut "
           "kenaikan upah.\nPara buruh mengancam akan kembali berunjuk rasa pekan depan.", 1),
])
def test_extract_a_planned_protest_is_no_event(run, lang, text, n):
    assert len(run.extract(text, lang, "2016-01-04")) == n


# Armed groups do not arrest, they abduct: told either way, one abduction; the state's arrests stay arrests.
@pytest.mark.parametrize("lang, text", [
    ("id", "Sekelompok pria bersenjata menyerbu sebuah sekolah di Kaduna, Senin (4/1), dan menangkap tiga guru.\n"
           "Para penculik membawa ketiga guru itu ke hutan, kata pejabat setempat."),
])
def test_extract_armed_men_seizing_people_is_one_abduction(run, lang, text):
    evs = run.extract(text, lang, "2016-01-05")
    assert subs(evs) == ["Abduction/forced disappearance"]


def test_extract_the_state_arresting_after_a_clash_is_no_abduction(run):
    text = ("L'armée malienne annonce avoir tué cinq terroristes et arrêté un suspect après une attaque contre "
            "son poste de Niafunké dimanche.")
    evs = run.extract(text, "fr", "2016-01-05")
    assert "Abduction/forced disappearance" not in subs(evs), subs(evs)


@pytest.mark.parametrize("lang, text", [
    ("es", "Decenas de estudiantes incendiaron vehículos frente a la fiscalía en Chilpancingo el lunes; la madre "
           "del estudiante asesinado encabezó la protesta."),
    ("fr", "Des dizaines d'étudiants ont incendié des voitures devant le tribunal à Bamako lundi ; la mère de "
           "l'étudiant tué menait le cortège."),
])
def test_extract_a_death_named_through_a_relative_counts_nobody(run, lang, text):
    evs = run.extract(text, lang, "2016-01-05")
    assert evs and all(e.fatalities == 0 for e in evs), [(e.sub_event_type, e.fatalities) for e in evs]


# ACLED codes one event a day: "abducted on Thursday and Friday" is two events; the dead are not doubled.
DAY_BY_DAY = [
    ("fr", "Des hommes armés ont enlevé une vingtaine de villageois jeudi et vendredi près de Djibo, selon des "
           "sources locales."),
    ("en", "Gunmen abducted twenty villagers on Thursday and Friday near Djibo, local sources said."),
    ("id", "Kelompok bersenjata menculik dua puluh warga desa pada Kamis dan Jumat di dekat Djibo, kata sumber "
           "setempat."),
    ("es", "Hombres armados secuestraron a veinte aldeanos el jueves y el viernes cerca de Djibo, según fuentes "
           "locales."),
]


@pytest.mark.parametrize("lang, text", DAY_BY_DAY, ids=_lang_i(DAY_BY_DAY))
def test_extract_an_event_told_over_two_days_is_one_a_day(run, lang, text):
    evs = run.extract(text, lang, "2016-01-09")
    assert subs(evs) == ["Abduction/forced disappearance"] * 2, subs(evs)
    assert sorted(e.event_date for e in evs) == ["2016-01-07", "2016-01-08"]


def test_extract_deaths_told_over_two_days_are_not_doubled(run):
    text = "Militants killed six soldiers on Thursday and Friday in attacks on army posts near Djibo, officials said."
    evs = run.extract(text, "en", "2016-01-09")
    assert len(evs) == 2 and sum(e.fatalities for e in evs) == 6, [(e.event_date, e.fatalities) for e in evs]


# A town followed by its own province vouches for its country, even on a page in a language not
# spoken there and naming no country.
@pytest.mark.parametrize("lang, text", [
    ("id", "Dua polisi tewas dalam baku tembak dengan kelompok bersenjata di Semporna, Sabah, Sabtu (2/1)."),
    ("en", "Two policemen were killed in a gunfight with armed men in Semporna, Sabah, on Saturday."),
])
def test_extract_a_town_and_its_province_place_the_event_abroad(run, lang, text):
    e = one_event_near(run, lang, text, "2016-01-04", (4.48, 118.61))
    assert e.country == "Malaysia"
