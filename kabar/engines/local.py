"""The local engine: one pipeline, this process, one core. The default; needs nothing extra."""

from __future__ import annotations

from typing import Any, Iterable, Iterator, Sequence

from kabar.engines.base import BaseEngine, Outcome, PipelineSpec, build_pipeline, process
from kabar.engines.sources import iter_shard_pages, plan_shards
from kabar.errors import InputError
from kabar.records import Page


class LocalEngine(BaseEngine):
    """Reads the inputs in order and extracts page after page with one pipeline.

    Args:
        pipeline_instance: an already built pipeline to reuse (saves loading the language packs
            and the gazetteer again when one process runs several jobs, e.g. ``kabar bench``).
    """

    name = "local"

    def __init__(self, pipeline_instance: Any = None, **_ignored: Any):
        self._pipeline = pipeline_instance

    def _build(self, pipeline: PipelineSpec) -> Any:
        if self._pipeline is None:
            self._pipeline = build_pipeline(pipeline)
        return self._pipeline

    def results(self, inputs: Sequence[str], pipeline: PipelineSpec = None, *, published: str | None = None,
                lang: str | None = None) -> Iterator[Outcome]:
        built = self._build(pipeline)
        for item in iter_inputs(inputs, published, lang):
            yield process(built, item)

    def ingest_source(self, inputs: Sequence[str], pipeline: PipelineSpec = None, *, published: str | None = None,
                      lang: str | None = None) -> tuple[Iterable[Page | InputError], Any]:
        # Extraction stays lazy here: ingest checks the content hash first and skips stored pages.
        return iter_inputs(inputs, published, lang), self._build(pipeline)


def iter_inputs(inputs: Sequence[str], published: str | None = None, lang: str | None = None
                ) -> Iterator[Page | InputError]:
    """Every page of the inputs (Parquet included), in order, without cutting files."""
    return iter_shard_pages(plan_shards(inputs, pages_per_shard=None, bytes_per_shard=None), published, lang)
