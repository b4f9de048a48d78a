"""kabar.actors and kabar.extraction.roles: aliases across languages and scripts map to one name;
generic role words per language; state forces named by country in ACLED's style."""

from __future__ import annotations

import pytest

from kabar.actors import role_name, state_force_name

ISIS = "Islamic State (ISIS)"


def xfail(*args, reason):
    return pytest.param(*args, marks=pytest.mark.xfail(strict=True, reason=reason))


def actor_names(run, text, lang):
    an = run.analyse(text, lang, "2016-01-09")
    return {a.name for s in an.sentences for a in s.actors if a.name}


def roles(run, text, lang):
    an = run.analyse(text, lang, "2016-01-09")
    return {a.role for s in an.sentences for a in s.actors}


@pytest.mark.parametrize("lang, text", [
    ("id", "Kelompok ISIS mengklaim bertanggung jawab atas serangan di Ramadi itu."),
    ("id", "Militan Negara Islam menyerang pos tentara di dekat Mosul."),
    ("ms", "Kumpulan Daesh mengaku bertanggungjawab atas serangan di Raqqa itu."),
    ("en", "ISIL fighters attacked an army post near Mosul on Thursday."),
    ("en", "Daesh claimed responsibility for the attack in Raqqa."),
    ("en", "The Islamic State group claimed the bombing in Raqqa."),
    ("fr", "Le groupe État islamique a revendiqué l'attaque contre une base de l'armée à Mossoul."),
    ("fr", "Des combattants de l'EI ont attaqué une position de l'armée près de Raqqa."),
    ("es", "El Estado Islámico reivindicó el ataque contra una base militar en Mosul."),
    ("ar", "تبنى تنظيم داعش الهجوم على موقع للجيش قرب الموصل."),
    ("ar", "أعلن تنظيم الدولة الإسلامية مسؤوليته عن التفجير في الرقة."),
])
def test_actors_isis_aliases_in_every_language(run, lang, text):
    assert ISIS in actor_names(run, text, lang)


@pytest.mark.parametrize("lang, text", [
    ("en", "This is what residents said about the market."),
    ("fr", "Il est arrivé à la gare vers midi."),
    ("es", "Es lo que dijeron los vecinos del barrio."),
])
def test_actors_short_aliases_do_not_match_common_words(run, lang, text):
    assert ISIS not in actor_names(run, text, lang)


@pytest.mark.parametrize("lang, text, role", [
    ("id", "Polisi membubarkan massa di depan kantor bupati.", "police"),
    ("id", "Tentara berjaga di perbatasan.", "military"),
    ("id", "Ratusan demonstran berkumpul di alun-alun.", "protesters"),
    ("id", "Orang tak dikenal menembak seorang warga.", "armed_group"),
    ("ms", "Polis menahan tiga lelaki di Sandakan.", "police"),
    ("ms", "Askar berkawal di sempadan.", "military"),
    ("ms", "Penunjuk perasaan berhimpun di hadapan bangunan parlimen.", "protesters"),
    ("en", "Police dispersed the crowd outside parliament.", "police"),
    ("en", "Soldiers guarded the border crossing.", "military"),
    ("en", "Hundreds of protesters gathered in the square.", "protesters"),
    ("en", "Gunmen shot dead a shopkeeper.", "armed_group"),
    ("fr", "La police a dispersé la foule devant le parlement.", "police"),
    ("fr", "Des soldats gardaient le poste frontière.", "military"),
    ("fr", "Des centaines de manifestants se sont rassemblés sur la place.", "protesters"),
    ("fr", "Des hommes armés ont tué un commerçant.", "armed_group"),
    ("es", "La policía dispersó a la multitud frente al congreso.", "police"),
    ("es", "Los soldados custodiaban el paso fronterizo.", "military"),
    ("es", "Cientos de manifestantes se concentraron en la plaza.", "protesters"),
    ("es", "Hombres armados asesinaron a un comerciante.", "armed_group"),
    ("ar", "فرقت الشرطة الحشود أمام البرلمان.", "police"),
    ("ar", "انتشر الجيش على الحدود.", "military"),
    ("ar", "تجمع مئات المتظاهرين في الساحة.", "protesters"),
    ("ar", "قتل مسلحون مجهولون صاحب متجر.", "armed_group"),
])
def test_actors_role_words(run, lang, text, role):
    assert role in roles(run, text, lang)


@pytest.mark.parametrize("force, country, expected", [
    ("military", "Iraq", "Military Forces of Iraq"),
    ("police", "Indonesia", "Police Forces of Indonesia"),
    ("military", "Philippines", "Military Forces of the Philippines"),
    ("military", "Democratic Republic of Congo", "Military Forces of the Democratic Republic of Congo"),
])
def test_actors_state_force_names(force, country, expected):
    assert state_force_name(force, country) == expected


@pytest.mark.parametrize("role, country, expected", [
    ("protesters", "Indonesia", "Protesters (Indonesia)"),
    ("rioters", "France", "Rioters (France)"),
    ("civilians", "Iraq", "Civilians (Iraq)"),
    ("armed_group", "Nigeria", "Unidentified Armed Group (Nigeria)"),
])
def test_actors_role_names(role, country, expected):
    assert role_name(role, country) == expected


# An Iraqi air strike on ISIS told in each language: actor1 is Iraq's military, actor2 ISIS (ACLED inter 1, 2).
@pytest.mark.parametrize("lang, text", [
    ("id", "Pesawat tempur Irak membombardir markas ISIS di Ramadi, Kamis (7/1), menewaskan 20 militan."),
    ("ms", "Jet pejuang tentera Iraq mengebom markas Daesh di Ramadi pada Khamis, membunuh 20 militan."),
    ("en", "Iraqi warplanes bombed an ISIS headquarters in Ramadi on Thursday, killing 20 militants."),
    ("fr", "L'aviation irakienne a bombardé jeudi un QG de l'EI à Ramadi, tuant 20 jihadistes."),
    ("es", "La aviación iraquí bombardeó el jueves un cuartel del Estado Islámico en Ramadi y mató a 20 yihadistas."),
    ("ar", "شن الطيران العراقي يوم الخميس غارة جوية على مقر لتنظيم داعش في الرمادي ما أسفر عن مقتل 20 مسلحا."),
])
def test_actors_air_strike_actor_pair(run, lang, text):
    evs = run.extract(text, lang, "2016-01-09")
    strikes = [e for e in evs if e.sub_event_type == "Air/drone strike"]
    assert strikes, [(e.sub_event_type, e.actor1) for e in evs]
    e = strikes[0]
    assert (e.actor1, e.actor2) == ("Military Forces of Iraq", ISIS)
    assert (e.inter1, e.inter2, e.interaction) == (1, 2, 12)
    assert e.country == "Iraq" and e.iso == "IRQ"


# Protests are coded with protesters named by country, and police who intervene as actor2
@pytest.mark.parametrize("lang, text, country", [
    ("id", "Polisi menembakkan gas air mata untuk membubarkan ratusan mahasiswa yang berunjuk rasa di Makassar, Senin (4/1).",
     "Indonesia"),
    ("ms", "Polis melepaskan gas pemedih mata untuk menyuraikan ratusan penunjuk perasaan yang berhimpun di Kuala Lumpur semalam.",
     "Malaysia"),
    ("en", "Police fired tear gas to disperse hundreds of protesters in Nairobi on Monday.", "Kenya"),
    ("fr", "La police a tiré des gaz lacrymogènes pour disperser des centaines de manifestants à Dakar lundi.", "Senegal"),
    ("es", "La policía lanzó gases lacrimógenos para dispersar a cientos de manifestantes en Quito el lunes.", "Ecuador"),
    ("ar", "أطلقت الشرطة الغاز المسيل للدموع لتفريق مئات المتظاهرين في الخرطوم يوم الاثنين.", "Sudan"),
])
def test_actors_protest_with_intervention(run, lang, text, country):
    evs = run.extract(text, lang, "2016-01-06")
    assert [e.sub_event_type for e in evs] == ["Protest with intervention"]
    e = evs[0]
    assert e.actor1 == f"Protesters ({country})"
    assert e.actor2 == f"Police Forces of {country}"
    assert (e.inter1, e.inter2, e.interaction) == (6, 1, 16)


# Agreements: coded where they were signed, between the parties; a government is named by its own
# country (the demonym beside it), not by the country hosting the signing.
def _agreement_params():
    rows = [
        ("id", "Pemerintah Indonesia dan GAM menandatangani perjanjian damai di Helsinki, Kamis (7/1).",
         "Government of Indonesia", (60.17, 24.94),
         "location None: the gazetteer has no entry for 'Helsinki' (Geocoder.geocode('Helsinki') == [])"),
        ("ms", "Kerajaan Thailand dan kumpulan pemisah BRN menandatangani perjanjian damai di Kuala Lumpur pada Khamis.",
         "Government of Thailand", (3.14, 101.69),
         "location None: 'Kuala Lumpur' is not found as a place in this sentence (the geocoder returns only "
         "'Kerajaan Thailand'), likely the kabar/geo context filter favouring the named country"),
        ("en", "The South Sudanese government and the rebels signed a ceasefire agreement in Addis Ababa on Thursday.",
         "Government of South Sudan", (9.03, 38.74),
         "actor1/actor2 empty: kabar/lang/en/actors.yaml government role matches only 'the government' "
         "(not 'the South Sudanese government'), and kabar/extraction/roles.py's Agreement template takes "
         "parties from named groups and state actors only, ignoring the 'rebels' role it found"),
        ("fr", "Le gouvernement malien et les groupes armés ont signé jeudi un accord de cessez-le-feu à Alger.",
         "Government of Mali", (36.75, 3.06),
         "'Government of Algeria': kabar/extraction/roles.py names the government role after the event's "
         "country (the signing place, Algiers) instead of the demonym beside it ('malien'); the armed groups "
         "are not made actor2"),
        ("es", "El Gobierno colombiano y el ELN firmaron el jueves un acuerdo de alto el fuego en La Habana.",
         "Government of Colombia", (23.13, -82.38),
         "'Government of Cuba': kabar/extraction/roles.py names the government after the signing place's "
         "country, not the demonym 'colombiano' beside it"),
        ("ar", "وقعت الحكومة السودانية والحركات المسلحة يوم الخميس اتفاقا لوقف إطلاق النار في جوبا.",
         "Government of Sudan", (4.85, 31.58),
         "no event: kabar/lang/ar/events.yaml lists 'اتفاقا لوقف إطلاق النار' only under generic, and a generic "
         "trigger without casualties never makes an event; also 'لوقف' (proclitic + 'halt') is geocoded as "
         "the place 'Al Waqf' while 'جوبا' (Juba) gets no place"),
    ]
    return [pytest.param(*r[:4], id=r[0], marks=pytest.mark.xfail(strict=True, reason=r[4])) for r in rows]


@pytest.mark.parametrize("lang, text, government, signed_at", _agreement_params())
def test_actors_agreement_names_the_government_by_its_country(run, lang, text, government, signed_at):
    import math

    evs = run.extract(text, lang, "2016-01-09")
    assert [e.sub_event_type for e in evs] == ["Agreement"]
    e = evs[0]
    assert government in (e.actor1, e.actor2)
    assert e.actor1 and e.actor2, "an agreement has two parties"
    la1, lo1, la2, lo2 = map(math.radians, (e.latitude, e.longitude, *signed_at))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    assert 6371 * 2 * math.asin(math.sqrt(h)) <= 50


NAMED_GROUPS = [
    ("id", "Kelompok Abu Sayyaf menculik lima nelayan di perairan Sabah.", "Abu Sayyaf Group"),
    ("id", "KKB menembak seorang tukang ojek di Intan Jaya.", "West Papua National Liberation Army (TPNPB)"),
    ("ms", "Kumpulan Abu Sayyaf menculik lima nelayan di perairan Sabah.", "Abu Sayyaf Group"),
    ("en", "Al-Shabaab fighters attacked a military base near Mogadishu.", "Al Shabaab"),
    ("en", "Houthi rebels fired missiles at Marib.", "Houthis (Ansar Allah)"),
    ("fr", "Les jihadistes du GSIM ont attaqué un poste militaire près de Mopti.",
     "JNIM - Group for Support of Islam and Muslims"),
    ("fr", "Les rebelles houthistes ont tiré des missiles sur Marib.", "Houthis (Ansar Allah)"),
    ("es", "Guerrilleros del ELN atacaron una base militar en Arauca.", "ELN: National Liberation Army"),
    ("es", "Los hutíes dispararon misiles contra Marib.", "Houthis (Ansar Allah)"),
    ("ar", "هاجم مسلحو حركة الشباب قاعدة عسكرية قرب مقديشو.", "Al Shabaab"),
    ("ar", "أطلق الحوثيون صواريخ على مأرب.", "Houthis (Ansar Allah)"),
    ("ar", "هاجمت جماعة نصرة الإسلام والمسلمين موقعا للجيش قرب موبتي.", "JNIM - Group for Support of Islam and Muslims"),
]


@pytest.mark.parametrize("lang, text, name", NAMED_GROUPS, ids=[f"{x[0]}-{i}" for i, x in enumerate(NAMED_GROUPS)])
def test_actors_named_groups_across_languages(run, lang, text, name):
    an = run.analyse(text, lang, "2016-01-09")
    found = {(a.name, a.inter) for s in an.sentences for a in s.actors if a.name}
    assert (name, 2) in found, found
