"""Short pages we wrote, one per language, shaped like crawled news: a title, a dateline naming the
city the story was filed from (not where it happened), one event, a "read also" link reporting
another incident, and a comments/share tail that must yield nothing. Used by test_clean and
test_extract. Incidents are invented; place names are real.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TestPage:
    lang: str
    text: str
    published: str
    dateline: str            # the place the story was filed from
    related: str             # a line linking another story (must yield no evidence)
    tail: str                # the first line of the furniture tail (all after it is out)
    sub_event_type: str
    killed: int
    location_near: tuple[float, float]  # where the event happened
    event_date: str


PAGES = [
    TestPage("id", """Ledakan Bom di Pasar Poso Tewaskan Dua Orang
JAKARTA, KabarKita.com – Dua orang tewas dan lima luka-luka dalam ledakan bom di pasar sentral Poso, Sulawesi Tengah, Kamis (7/1).
Polisi masih menyelidiki pelaku ledakan bom tersebut, kata juru bicara Polda Sulawesi Tengah.
Baca juga: Sepuluh orang tewas dalam baku tembak di Nduga
DISKUSI:
Tiga puluh orang tewas dalam serangan bom di Makassar kemarin, tulis seorang pembaca.
""", "2016-01-09", "Jakarta", "Baca juga: Sepuluh orang tewas dalam baku tembak di Nduga", "DISKUSI:",
             "Remote explosive/landmine/IED", 2, (-1.39, 120.75), "2016-01-07"),
    TestPage("ms", """Dua Askar Terbunuh Dalam Serangan Bom di Lahad Datu
KUALA LUMPUR, 7 Mac – Dua askar terbunuh dan tiga cedera dalam letupan bom di Lahad Datu, Sabah, semalam, kata polis.
Polis masih memburu suspek yang meletakkan bom itu di tepi jalan.
Baca juga: Lima orang terbunuh dalam tembakan di Sandakan
Catat Ulasan
Sepuluh orang terbunuh dalam serangan bom di Tawau semalam, tulis seorang pembaca.
""", "2024-03-07", "Kuala Lumpur", "Baca juga: Lima orang terbunuh dalam tembakan di Sandakan", "Catat Ulasan",
             "Remote explosive/landmine/IED", 2, (5.03, 118.33), "2024-03-06"),
    TestPage("en", """Roadside bomb kills four police officers in Kandahar
KABUL (Kabar Wire) - Four police officers were killed and six wounded when a roadside bomb exploded in Kandahar on Tuesday, officials said.
The bomb struck a patrol vehicle on the main road, a provincial spokesman told reporters.
Read more: Ten people killed in suicide bombing in Jalalabad
Leave a Reply
Twenty people were killed in a bomb attack in Herat yesterday, a reader wrote.
""", "2024-03-07", "Kabul", "Read more: Ten people killed in suicide bombing in Jalalabad", "Leave a Reply",
             "Remote explosive/landmine/IED", 4, (31.61, 65.71), "2024-03-05"),
    TestPage("fr", """Deux soldats tués dans l'explosion d'une mine près de Gao
BAMAKO (AFP) - Deux soldats maliens ont été tués et cinq blessés mardi dans l'explosion d'une mine au passage de leur véhicule près de Gao, a indiqué l'armée.
L'armée a lancé des recherches pour retrouver les auteurs de l'attaque.
Lire aussi : Dix civils tués dans une attaque à Mopti
Laisser un commentaire
Vingt personnes ont été tuées dans un attentat à Tombouctou hier, écrit un lecteur.
""", "2024-03-07", "Bamako", "Lire aussi : Dix civils tués dans une attaque à Mopti", "Laisser un commentaire",
             "Remote explosive/landmine/IED", 2, (16.27, -0.04), "2024-03-05"),
    TestPage("es", """Tres policías muertos por un artefacto explosivo en Tumaco
BOGOTÁ (EFE) - Tres policías murieron y ocho resultaron heridos el martes por la explosión de un artefacto explosivo en Tumaco, según la Policía Nacional.
Las autoridades ofrecieron una recompensa por información sobre los responsables.
Lee también: Diez muertos en un ataque armado en Cali
Deja un comentario
Veinte personas murieron en un atentado con bomba en Pasto ayer, escribió un lector.
""", "2024-03-07", "Bogotá", "Lee también: Diez muertos en un ataque armado en Cali", "Deja un comentario",
             "Remote explosive/landmine/IED", 3, (1.80, -78.76), "2024-03-05"),
    TestPage("ar", """مقتل ثلاثة جنود بانفجار عبوة ناسفة قرب الموصل
بغداد - قتل ثلاثة جنود وأصيب خمسة آخرون بانفجار عبوة ناسفة في الموصل يوم الثلاثاء، بحسب مصدر أمني.
وقال المصدر إن القوات الأمنية فتحت تحقيقا في الحادث.
اقرأ أيضا: مقتل عشرة مدنيين في قصف على حلب
اترك تعليقا
قتل عشرون شخصا في تفجير في كركوك أمس، كتب أحد القراء.
""", "2024-03-07", "بغداد", "اقرأ أيضا: مقتل عشرة مدنيين في قصف على حلب", "اترك تعليقا",
             "Remote explosive/landmine/IED", 3, (36.34, 43.13), "2024-03-05"),
]

BY_LANG = {p.lang: p for p in PAGES}
