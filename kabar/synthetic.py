"""Synthetic multilingual news pages for benchmarks: kabar's own, deterministic, any number of them.

Each page is built from sentence templates written for kabar (``kabar/data/synthetic/<lang>.yaml``)
and a small world table (``world.yaml``: countries, towns, armed groups per language). Pages look
like what crawlers store: a navigation line, a slug glued to the dateline, captions, "read also"
links, share buttons, tags, related headlines, footers and sometimes a cut-off ending; about 3 KB
each. About 60 % of pages report one to three events (air strikes, clashes, bombs, attacks,
abductions, shelling, protests, riots: dates relative to the publication date, casualty numbers in
digits, words and vague quantities); the others report none (plans, threats, denials, history,
prices, floods, football).

Page ``i`` of seed ``s`` depends only on ``(s, i)``, so a corpus of any size is generated streaming
and any slice of it can be regenerated. Records are JSONL-ready dicts: ``id, url, title, published,
text`` plus ``synthetic`` (language and the events planted, for sanity checks; readers ignore it).
The language is deliberately NOT given as ``lang`` so that benchmarks exercise language detection.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import random
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Iterator

LANGS: tuple[str, ...] = ("id", "ms", "en", "ar", "fr", "es")

# Share of each language in a corpus (roughly what a SEA-focused news crawl looks like).
LANG_WEIGHTS: dict[str, int] = {"id": 30, "ms": 10, "en": 25, "ar": 15, "fr": 10, "es": 10}

# Template key -> (ACLED event type, sub-event type).
EVENT_KINDS: dict[str, tuple[str, str]] = {
    "air_strike": ("Explosions/Remote violence", "Air/drone strike"),
    "clash": ("Battles", "Armed clash"),
    "ied": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "suicide": ("Explosions/Remote violence", "Suicide bomb"),
    "attack": ("Violence against civilians", "Attack"),
    "abduction": ("Violence against civilians", "Abduction/forced disappearance"),
    "shelling": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "protest": ("Protests", "Peaceful protest"),
    "riot": ("Riots", "Violent demonstration"),
}
EVENT_WEIGHTS: dict[str, int] = {"air_strike": 12, "clash": 18, "ied": 12, "suicide": 5, "attack": 18,
                                 "abduction": 7, "shelling": 8, "protest": 14, "riot": 6}
NONEVENT_WEIGHTS: dict[str, int] = {"plan": 20, "threat": 15, "denial": 15, "history": 15, "other": 35}
# Kinds whose lead sentence carries a death toll (the others report none: fatalities 0).
_LETHAL = {"air_strike", "clash", "ied", "suicide", "attack", "shelling"}

DATA_DIR = Path(__file__).parent / "data" / "synthetic"
_FIRST_DAY = _dt.date(2014, 1, 1)
_DAYS = (_dt.date(2024, 12, 31) - _FIRST_DAY).days


@dataclass(frozen=True)
class Options:
    """How a synthetic corpus is made. ``event_share``: pages reporting at least one event."""

    seed: int = 0
    langs: tuple[str, ...] = LANGS
    event_share: float = 0.6
    target_bytes: int = 3000  # mean UTF-8 size of a page's text


class Generator:
    """Makes synthetic pages. Templates load once, on first use."""

    def __init__(self, options: Options | None = None, **kw: Any):
        self.options = options or Options(**kw)
        unknown = [lang for lang in self.options.langs if lang not in LANGS]
        if unknown:
            from kabar.errors import ConfigError

            raise ConfigError(f"no synthetic templates for language(s) {', '.join(unknown)}",
                              hint=f"choose among {', '.join(LANGS)}")

    @cached_property
    def _world(self) -> dict[str, Any]:
        from kabar import yamlio

        return yamlio.load((DATA_DIR / "world.yaml").read_text(encoding="utf-8"))

    @cached_property
    def _lang(self) -> dict[str, dict[str, Any]]:
        from kabar import yamlio

        return {lang: yamlio.load((DATA_DIR / f"{lang}.yaml").read_text(encoding="utf-8"))
                for lang in self.options.langs}

    def pages(self, n: int, start: int = 0) -> Iterator[dict[str, Any]]:
        """Pages ``start`` .. ``start + n - 1``."""
        for i in range(start, start + n):
            yield self.page(i)

    def page(self, i: int) -> dict[str, Any]:
        """Page number ``i`` of this seed (the same dict every time)."""
        rng = random.Random(f"kabar-synthetic:{self.options.seed}:{i}")
        langs = self.options.langs
        lang = rng.choices(langs, weights=[LANG_WEIGHTS[x] for x in langs])[0]
        return _PageBuilder(self, rng, lang, i).build()


class _PageBuilder:
    """Assembles one page: a few paragraphs of story wrapped in site boilerplate."""

    def __init__(self, gen: Generator, rng: random.Random, lang: str, index: int):
        self.gen, self.rng, self.lang, self.index = gen, rng, lang, index
        self.t = gen._lang[lang]
        world = gen._world
        iso_list = [iso for iso, c in world["countries"].items() if c["weight"].get(lang, 0) > 0]
        self.iso = rng.choices(iso_list, weights=[world["countries"][x]["weight"][lang] for x in iso_list])[0]
        self.country = world["countries"][self.iso]
        self.published = _FIRST_DAY + _dt.timedelta(days=rng.randrange(_DAYS))
        self.outlet = rng.choice(self.t["outlets"])

    # --- small helpers ---------------------------------------------------------------------
    def _pick(self, key: str) -> str:
        return self.rng.choice(self.t[key])

    def _local(self, entry: dict[str, str], key: str = "") -> str:
        """A place's (or admin1's) name in this page's language."""
        if key:
            return entry.get(f"{key}_{self.lang}") or entry[key]
        return entry.get(self.lang) or entry["en"]

    def _number(self, value: int, vague_ok: bool = True) -> tuple[str, int]:
        """A casualty figure as the page writes it, and the number it codes to."""
        rng, t = self.rng, self.t
        roll = rng.random()
        if vague_ok and roll < 0.12 and t.get("vague"):
            coded = rng.choice(list(t["vague"]))
            return rng.choice(t["vague"][coded]), int(coded)
        if roll < 0.32:
            return rng.choice(t["at_least"]).format(n=value), value
        if value <= 10 and roll < 0.6:
            return t["numbers"][value], value
        return str(value), value

    def _date_phrase(self, days_before: int) -> tuple[str, _dt.date]:
        day = self.published - _dt.timedelta(days=days_before)
        forms = self.t["date"][min(days_before, 1) if days_before < 2 else "n"]
        wd = self.t["weekdays"]
        phrase = self.rng.choice(forms).format(
            weekday=wd[day.weekday()], weekday_prev=wd[(day.weekday() - 1) % 7], d=day.day, m=day.month,
            month=self.t["months"][day.month - 1], y=day.year)
        return phrase, day

    def _slots(self, kind: str) -> dict[str, Any]:
        """Fresh values for one event's template slots (place, actors, date, numbers)."""
        rng, c, lang = self.rng, self.country, self.lang
        place = rng.choice(c["places"])
        group_key = rng.choice(c["groups"])
        days = rng.choices((0, 1, 2, 3, 4, 5, 6), weights=(25, 45, 10, 8, 5, 4, 3))[0]
        date, day = self._date_phrase(days)
        killed_value = rng.choices((rng.randint(1, 5), rng.randint(6, 30), rng.randint(31, 120)),
                                   weights=(50, 35, 15))[0]
        killed, killed_coded = self._number(killed_value)
        wounded, _ = self._number(rng.randint(2, 60))
        n, _ = self._number(rng.randint(2, 25), vague_ok=False)
        admin1 = self._local(place, "admin1")
        slots = {
            "army": c[lang]["army"], "police": c[lang]["police"], "country": c[lang]["name"],
            "group": rng.choice(self.gen._world["groups"][group_key][lang]),
            "place": self._local(place), "admin1": admin1, "capital": self._local(c["capital"]),
            "date": date, "killed": killed, "wounded": wounded, "n": n,
            "outlet": self.outlet, "crowd": self._pick("crowd"), "victims": self._pick("victims"),
            "year": rng.randint(2003, self.published.year - 1), "y": self.published.year,
        }
        slots["cited"] = self._pick("cited").format(**slots)
        slots["official"] = self._pick("officials").format(**slots)
        et, sub = EVENT_KINDS.get(kind, (None, None))
        slots["_planted"] = {
            "event_type": et, "sub_event_type": sub, "event_date": day.isoformat(),
            "country": c["en"]["name"], "admin1": place["admin1"], "location": place["en"],
            "fatalities": killed_coded if kind in _LETHAL else 0,
        }
        return slots

    def _fill(self, template: str, slots: dict[str, Any]) -> str:
        s = template.format(**slots)
        return s[:1].upper() + s[1:]

    def _story(self, kind: str, section: str, slots: dict[str, Any], n_details: int) -> list[str]:
        block = self.t[section][kind]
        sentences = [self._fill(self.rng.choice(block["lead"]), slots)]
        details = self.rng.sample(block["detail"], min(n_details, len(block["detail"])))
        sentences += [self._fill(d, slots) for d in details]
        return sentences

    def _headline(self) -> str:
        """A headline of some other story (for "read also" and related links)."""
        rng = self.rng
        if rng.random() < 0.5:
            kind = rng.choice(list(EVENT_KINDS))
            block = self.t["events"][kind]
        else:
            kind = rng.choice(list(NONEVENT_WEIGHTS))
            block = self.t["nonevents"][kind]
        slots = self._slots(kind)
        return self._fill(rng.choice(block["title"]), slots)

    def _slug(self, title: str, slots: dict[str, Any]) -> str:
        words = re.findall(r"[a-z0-9]+", title.lower().encode("ascii", "ignore").decode())
        if len(words) < 2:  # e.g. Arabic titles: sites use an ASCII slug of their own
            words = [self.country["en"]["name"].lower().replace(" ", "-"), "news"]
        return "-".join(words[: self.rng.randint(2, 4)])

    # --- the page --------------------------------------------------------------------------
    def build(self) -> dict[str, Any]:
        rng, t = self.rng, self.t
        has_events = rng.random() < self.gen.options.event_share
        if self.country.get("protest_only") and has_events:
            kinds = [rng.choice(("protest", "protest", "riot"))]
        elif has_events:
            kinds = rng.choices(list(EVENT_WEIGHTS), weights=list(EVENT_WEIGHTS.values()),
                                k=rng.choices((1, 2, 3), weights=(65, 28, 7))[0])
        else:
            kinds = []
        main_kind = kinds[0] if kinds else rng.choices(list(NONEVENT_WEIGHTS),
                                                      weights=list(NONEVENT_WEIGHTS.values()))[0]
        section = "events" if kinds else "nonevents"
        main = self._slots(main_kind)
        title = self._fill(rng.choice(t[section][main_kind]["title"]), main)
        planted = [main.pop("_planted")] if kinds else []

        paragraphs: list[list[str]] = [self._story(main_kind, section, main, rng.randint(1, 3))]
        for kind in kinds[1:]:
            extra = self._slots(kind)
            planted.append(extra.pop("_planted"))
            paragraphs.append(self._story(kind, "events", extra, rng.randint(1, 2)))
        if rng.random() < 0.4:  # background history, a classic false-positive trap
            paragraphs.append(self._story("history", "nonevents", self._slots("history"), 1))
        quote = self._fill(rng.choice(t["quote"]), main)
        paragraphs.insert(rng.randint(1, len(paragraphs)), [quote])
        # Neutral context (no event) pads the story to a realistic length, as sites do.
        pool = [self._fill(s, main) for s in t["context"]] + list(t["filler"])
        rng.shuffle(pool)
        head, tail = self._head(title, main), self._tail(main)
        target = max(1500, int(rng.gauss(self.gen.options.target_bytes, 350)))
        fixed = len((head + tail).encode("utf-8"))
        while fixed + sum(len(" ".join(p).encode("utf-8")) + 2 for p in paragraphs) < target:
            if not pool:  # long pages: the same kind of context about another town
                other = self._slots("other")
                pool = [self._fill(s, other) for s in rng.sample(t["context"], 4)]
            k = rng.randint(1, 3)
            paragraphs.insert(rng.randint(1, len(paragraphs)), pool[:k])
            pool = pool[k:]
        body = self._body(paragraphs, title, main)
        if rng.random() < 0.3:
            body += "\n\n" + paragraphs[0][0]  # a closing paragraph restating the lead
        if rng.random() < 0.25:  # cut-off ending: the crawler stopped mid-sentence
            cut = body.rfind(" ", 0, len(body) - rng.randint(5, 60))
            body = body[:cut].rstrip(" ,") + " " + self._pick_boiler("cutoff")
        text = head + body + tail
        return self._record(title, text, planted)

    def _pick_boiler(self, key: str, **kw: Any) -> str:
        value = self.t["boiler"][key]
        return (self.rng.choice(value) if isinstance(value, list) else value).format(**kw)

    def _head(self, title: str, slots: dict[str, Any]) -> str:
        rng = self.rng
        lines = []
        if rng.random() < 0.5:
            lines.append(self._pick_boiler("nav", country=slots["country"]))
        if rng.random() < 0.6:
            lines.append(title)
        if rng.random() < 0.3:
            lines.append(self._pick_boiler("author", outlet=self.outlet))
        return "\n\n".join(lines) + ("\n\n" if lines else "")

    def _body(self, paragraphs: list[list[str]], title: str, slots: dict[str, Any]) -> str:
        rng = self.rng
        city = slots["capital"] if rng.random() < 0.5 else slots["place"]
        p = self.published
        dateline = rng.choice(self.t["dateline"]).format(
            slug=self._slug(title, slots), city=city, CITY=city.upper(), outlet=self.outlet,
            d=p.day, month=self.t["months"][p.month - 1])
        texts = [" ".join(s) for s in paragraphs]
        texts[0] = dateline + texts[0]
        if rng.random() < 0.45:
            texts.insert(rng.randint(1, len(texts)), self._pick_boiler("caption", place=slots["place"]))
        if rng.random() < 0.5:
            texts.insert(rng.randint(1, len(texts)), self._pick_boiler("read_also", headline=self._headline()))
        if rng.random() < 0.2:
            texts.insert(rng.randint(1, len(texts)), self._pick_boiler("ad"))
        return "\n\n".join(texts)

    def _tail(self, slots: dict[str, Any]) -> str:
        rng = self.rng
        lines = []
        if rng.random() < 0.6:
            lines.append(self._pick_boiler("share"))
        if rng.random() < 0.5:
            tags = ", ".join(dict.fromkeys([slots["group"], slots["country"], slots["admin1"]]))
            lines.append(self._pick_boiler("tags", tags=tags))
        if rng.random() < 0.5:
            lines.append(self.t["boiler"]["related"])
            lines += [self._headline() for _ in range(rng.randint(2, 4))]
        if rng.random() < 0.3:
            lines.append(self._pick_boiler("comments"))
        if rng.random() < 0.6:
            lines.append(self._pick_boiler("footer", y=self.published.year, outlet=self.outlet))
        return ("\n\n" + "\n".join(lines)) if lines else ""

    def _record(self, title: str, text: str, planted: list[dict[str, Any]]) -> dict[str, Any]:
        opts = self.gen.options
        domain = re.sub(r"[^a-z0-9.]", "", self.outlet.lower().encode("ascii", "ignore").decode())
        if "." not in domain:
            domain = (domain or "berita") + ".com"
        p = self.published
        slug = self._slug(title, {})
        return {
            "id": f"syn{opts.seed}-{self.index:07d}",
            "url": f"https://www.{domain}/{p.year}/{p.month:02d}/{p.day:02d}/{slug}-{self.index}",
            "title": title,
            "published": p.isoformat(),
            "text": text,
            "synthetic": {"lang": self.lang, "events": planted},
        }


def write_jsonl(path: str | os.PathLike[str], n: int, options: Options | None = None, start: int = 0) -> int:
    """Write ``n`` synthetic pages to ``path`` (JSONL, one page per line), streaming.

    Returns:
        The number of bytes written.
    """
    gen = Generator(options)
    size = 0
    with open(path, "w", encoding="utf-8") as fh:
        for rec in gen.pages(n, start):
            line = json.dumps(rec, ensure_ascii=False) + "\n"
            fh.write(line)
            size += len(line.encode("utf-8"))
    return size


def write_parquet(path: str | os.PathLike[str], n: int, options: Options | None = None,
                  row_group_size: int = 1000) -> int:
    """Write ``n`` synthetic pages to a Parquet file (needs pyarrow: ``kabar[parquet]``).

    Returns:
        The number of rows written.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    gen = Generator(options)
    schema = pa.schema([(k, pa.string()) for k in ("id", "url", "title", "published", "text")])
    with pq.ParquetWriter(str(path), schema) as writer:
        for start in range(0, n, row_group_size):
            rows = list(gen.pages(min(row_group_size, n - start), start))
            cols = {k: [r[k] for r in rows] for k in schema.names}
            writer.write_table(pa.table(cols, schema=schema), row_group_size=row_group_size)
    return n


def write_corpus(path: str | os.PathLike[str], n: int, options: Options | None = None) -> int:
    """Write a corpus in the format the path's suffix names (.jsonl or .parquet)."""
    if str(path).endswith(".parquet"):
        return write_parquet(path, n, options)
    return write_jsonl(path, n, options)
