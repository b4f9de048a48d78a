"""The whole flow from a raw page to events, in one screen.

    Page --clean--> Document --analyse--> mentions --assemble--> Events
         (language, boilerplate,    (triggers, numbers,   (merge, date, place,
          dateline, sentences)       dates, actors, places) actors, evidence)

Backends (language detector, geocoder) are chosen by name and built when the pipeline is built,
never at import time. A pipeline holds every cache; build one and reuse it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator

from kabar import settings
from kabar.errors import ConfigError, InputError, KabarError
from kabar.records import Event, Page, PageResult


@dataclass(frozen=True)
class PipelineConfig:
    langs: tuple[str, ...] = tuple(str(settings.get("langs")).split(","))
    language_detector: str = str(settings.get("language_detector"))
    geocoder: str = str(settings.get("geocoder"))
    min_confidence: float = float(settings.get("min_confidence"))
    max_chars: int = int(settings.get("max_chars_extracted"))


def _make_geocoder(name: str):
    if name in ("none", ""):
        return None
    if name == "gazetteer":
        from kabar.geo import Geocoder

        return Geocoder.load(cache_dir=settings.get("cache_dir"))
    raise ConfigError(f"unknown geocoder '{name}'", hint="choose 'gazetteer' or 'none'")


class Pipeline:
    """Builds every stage once; ``process`` turns a page into a PageResult."""

    def __init__(self, config: PipelineConfig | None = None):
        from kabar.actors import ActorCatalog
        from kabar.clean import Cleaner
        from kabar.extraction.analyse import Analyser
        from kabar.lang import PackRegistry, available_languages
        from kabar.langid import make_detector

        self.config = config or PipelineConfig()
        installed = set(available_languages())
        langs = [c for c in self.config.langs if c in installed]
        if not langs:
            raise ConfigError(f"no installed language pack among {', '.join(self.config.langs)}",
                              hint=f"installed: {', '.join(sorted(installed))}")
        self.packs = PackRegistry(langs)
        self.detect_language = make_detector(self.config.language_detector, langs)
        self.cleaner = Cleaner(self.packs, self.detect_language)
        self.catalog = ActorCatalog()
        self.geocoder = _make_geocoder(self.config.geocoder)
        self.analyser = Analyser(self.catalog, self.geocoder)
        for code in langs:  # every pack compiled now, not in the middle of a batch
            self.analyser.prepare(self.packs.get(code))

    def extract_page(self, page: Page) -> list[Event]:
        """The events of one page; raises InputError for a page that cannot be read."""
        from kabar.extraction.assemble import build_events

        if not page.text or not page.text.strip():
            raise InputError("empty page: no text", where=page.origin or page.doc_id)
        if page.lang and page.lang not in self.packs.codes:
            raise InputError(f"no language pack for '{page.lang}'", where=page.origin or page.doc_id,
                             hint=f"installed: {', '.join(self.packs.codes)}")
        if len(page.text) > self.config.max_chars:
            page = Page(**{**page.__dict__, "text": page.text[: self.config.max_chars]})
        doc = self.cleaner.clean(page)
        pack = self.packs.get(doc.lang)
        analysis = self.analyser.analyse(doc, pack)
        events = build_events(analysis, self.catalog, self.geocoder, self.config.min_confidence)
        for ev in events:
            ev.source = ev.source or doc.source
        return events

    def process(self, page: Page) -> PageResult:
        """Like extract_page, but a bad page becomes a PageResult with an error, never an exception."""
        try:
            return PageResult(page.doc_id, self.extract_page(page))
        except KabarError as exc:
            return PageResult(page.doc_id, error=exc.render())
        except Exception as exc:  # a bug must not lose the rest of a batch: record it, go on
            return PageResult(page.doc_id, error=f"{page.origin or page.doc_id}: internal error "
                                                 f"({exc.__class__.__name__}: {exc}); please report it")

    def run(self, pages: Iterable[Page | InputError]) -> Iterator[PageResult]:
        """PageResults for a stream of pages (errors from the reader pass through as results)."""
        for p in pages:
            if isinstance(p, InputError):
                yield PageResult(p.where or "?", error=p.render())
            else:
                yield self.process(p)


@lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    """One shared pipeline with the default settings (what ``kabar.extract`` uses)."""
    return Pipeline()
