"""The executor contract: how pages are spread over cores or machines and results handed back.

An engine reads the inputs (files, directories, JSONL, Parquet), runs an extraction pipeline on
every page and hands each :class:`Outcome` back, in input order, to the caller: either as an
iterator (:meth:`Engine.results`) or to a sink (:meth:`Engine.run`). Engines never touch the
store; the caller (``kabar ingest``, ``kabar bench``) does, on the machine it runs on.

The pipeline is given as a ``"module:function"`` spec (or a picklable factory) so that a remote
worker can build its own copy once and reuse it for every page it processes.
"""

from __future__ import annotations

import gc
import importlib
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Protocol, Sequence, Union

from kabar.errors import ConfigError, InputError
from kabar.records import Page, PageResult

DEFAULT_PIPELINE = "kabar.pipeline:default_pipeline"

PipelineSpec = Union[str, Callable[[], Any], None]


@dataclass
class Outcome:
    """What became of one input: its page (or why it could not be read) and the extraction result.

    ``result`` is None for an unreadable input. ``failure`` is ``(exception type, message)`` when
    the pipeline raised on the page (a bug on one page never stops a batch).
    """

    item: Page | InputError
    result: PageResult | None = None
    failure: tuple[str, str] | None = None

    @property
    def n_events(self) -> int:
        return len(self.result.events) if self.result is not None else 0

    @property
    def ok(self) -> bool:
        return isinstance(self.item, Page) and self.failure is None and self.result is not None \
            and not self.result.error


Sink = Callable[[Outcome], None]


@dataclass
class RunStats:
    """Counts and wall time of one engine run."""

    pages: int = 0  # inputs seen (pages and unreadable inputs)
    events: int = 0
    errors: int = 0  # unreadable inputs, pipeline errors and failures
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    def add(self, outcome: Outcome) -> None:
        self.pages += 1
        self.events += outcome.n_events
        if not outcome.ok:
            self.errors += 1


class Engine(Protocol):
    """An executor: ``local`` (this process, default) or ``ray`` (a Ray cluster)."""

    name: str

    def results(self, inputs: Sequence[str], pipeline: PipelineSpec = None, *, published: str | None = None,
                lang: str | None = None) -> Iterator[Outcome]:
        """Every input's outcome, in input order, streamed."""
        ...

    def run(self, inputs: Sequence[str], pipeline: PipelineSpec, sink: Sink, *, published: str | None = None,
            lang: str | None = None) -> RunStats:
        """Hand every outcome to ``sink``; return the counts."""
        ...

    def ingest_source(self, inputs: Sequence[str], pipeline: PipelineSpec = None, *, published: str | None = None,
                      lang: str | None = None) -> tuple[Iterable[Page | InputError], Any]:
        """``(items, pipeline)`` for :func:`kabar.ingest.ingest`: the engine does the extraction."""
        ...


def resolve_pipeline(spec: PipelineSpec) -> Callable[[], Any]:
    """The pipeline factory a spec names: ``"module:function"``, a callable, or None (kabar's own)."""
    if callable(spec):
        return spec
    spec = spec or DEFAULT_PIPELINE
    mod_name, _, attr = spec.partition(":")
    try:
        return getattr(importlib.import_module(mod_name), attr or "default_pipeline")
    except (ImportError, AttributeError) as exc:
        raise ConfigError(f"cannot load pipeline {spec!r}: {exc}", hint="give MODULE:FACTORY") from None


def settle() -> None:
    """Mark everything loaded so far as permanent for Python's cyclic garbage collector.

    A built pipeline (language packs, actor catalogue, gazetteer index: hundreds of thousands of
    objects) lives as long as the process; without this, every full collection during a batch walks
    all of it again (some 4 % of extraction time in ``kabar bench``). Objects freed later are still
    freed by reference counting.
    """
    gc.freeze()


def build_pipeline(spec: PipelineSpec) -> Any:
    """Build the pipeline a spec names for a run in this process (then :func:`settle`)."""
    pipeline = resolve_pipeline(spec)()
    settle()
    return pipeline


def process(pipeline: Any, item: Page | InputError) -> Outcome:
    """Run the pipeline on one item, turning an exception into a recorded failure."""
    if isinstance(item, InputError):
        return Outcome(item)
    try:
        return Outcome(item, pipeline.process(item))
    except Exception as exc:  # noqa: BLE001 - one bad page must not stop a batch of millions
        where = item.origin or item.doc_id
        return Outcome(item, PageResult(doc_id=item.doc_id, error=f"{where}: extraction failed: "
                                                                 f"{type(exc).__name__}: {exc}"),
                       failure=(type(exc).__name__, str(exc)))


class BaseEngine:
    """``run`` and ``ingest_source`` in terms of ``results``; engines implement ``results``."""

    name = "base"

    def results(self, inputs: Sequence[str], pipeline: PipelineSpec = None, *, published: str | None = None,
                lang: str | None = None) -> Iterator[Outcome]:  # pragma: no cover - abstract
        raise NotImplementedError

    def run(self, inputs: Sequence[str], pipeline: PipelineSpec, sink: Sink, *, published: str | None = None,
            lang: str | None = None) -> RunStats:
        stats = RunStats()
        start = time.perf_counter()
        try:
            for outcome in self.results(inputs, pipeline, published=published, lang=lang):
                stats.add(outcome)
                sink(outcome)
        finally:
            stats.seconds = time.perf_counter() - start
        return stats

    def ingest_source(self, inputs: Sequence[str], pipeline: PipelineSpec = None, *, published: str | None = None,
                      lang: str | None = None) -> tuple[Iterable[Page | InputError], Any]:
        adapter = PrecomputedPipeline()
        return adapter.feed(self.results(inputs, pipeline, published=published, lang=lang)), adapter


class PrecomputedPipeline:
    """A pipeline whose results an engine computed elsewhere: ``process(page)`` hands them over.

    ``feed(outcomes)`` yields each outcome's item and remembers its result until the next one, so
    :func:`kabar.ingest.ingest` stores engine results with its usual logic (hash check, errors).
    """

    def __init__(self) -> None:
        self._pending: dict[int, Outcome] = {}

    def feed(self, outcomes: Iterable[Outcome]) -> Iterator[Page | InputError]:
        for outcome in outcomes:
            self._pending.clear()
            self._pending[id(outcome.item)] = outcome
            yield outcome.item

    def process(self, page: Page) -> PageResult:
        outcome = self._pending.pop(id(page), None)
        if outcome is None:
            raise RuntimeError(f"no engine result for page {page.doc_id!r}")
        if outcome.failure is not None:
            raise type(outcome.failure[0], (Exception,), {})(outcome.failure[1])
        assert outcome.result is not None
        return outcome.result
