"""Batch ingest: pages from files, directories, JSONL and WARC into the event store.

One page at a time, streamed: read -> (skip if its content hash is stored) -> extract -> store the
page with all its events in one transaction (de-duplicated against the store). So ingest is
idempotent (the same page twice adds nothing), resumable after a crash or Ctrl-C (a page is
stored whole or not at all; a rerun skips what is stored), and memory stays flat.
"""

from __future__ import annotations

import hashlib
import sys
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from kabar.errors import InputError
from kabar.records import Page, PageResult
from kabar.store.base import DocResult, PageMeta, Store
from kabar.store.sql import content_hash


@dataclass
class IngestReport:
    """Counts of one ingest run."""

    pages: int = 0  # pages and unreadable inputs seen
    added: int = 0  # pages stored with their events
    exists: int = 0  # already stored (same content hash): skipped
    errors: int = 0  # stored with an error
    events_new: int = 0  # canonical events created
    events_merged: int = 0  # reports that joined an existing event
    seconds: float = 0.0
    error_lines: list[str] = field(default_factory=list)  # the first errors, for the summary

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    def summary(self) -> str:
        return (f"{self.pages} pages in {self.seconds:.1f} s ({self.pages_per_second:.1f} pages/s): "
                f"{self.added} added, {self.exists} already stored, {self.errors} errors; "
                f"{self.events_new} new events, {self.events_merged} reports merged into existing events")


def load_pipeline(spec: str | None = None) -> Any:
    """The extraction pipeline: a factory named ``module:function`` (default kabar's own), built
    for a long run in this process."""
    from kabar.engines.base import build_pipeline

    return build_pipeline(spec)


def error_meta(err: InputError) -> PageMeta:
    """The document row for an input that could not be read (keyed so a rerun does not repeat it)."""
    where = err.where or "<input>"
    key = hashlib.sha256(f"error\0{where}\0{err.message}".encode("utf-8")).hexdigest()
    return PageMeta(doc_key=where, text="", origin=where, content_hash=key)


def page_meta(page: Page, result: PageResult | None = None, chash: str | None = None) -> PageMeta:
    """The document row for a page (metadata the pipeline found wins over the reader's)."""
    doc = result.document if result is not None else None
    return PageMeta(
        doc_key=page.doc_id, text=page.text, url=page.url,
        source=(doc.source if doc is not None and doc.source else page.source),
        lang=(doc.lang if doc is not None and doc.lang else page.lang),
        title=page.title,
        published=(doc.published if doc is not None and doc.published else page.published),
        origin=page.origin, content_hash=chash)


def ingest_one(item: Page | InputError, store: Store, pipeline: Any, dedup: bool = True) -> DocResult:
    """Store one page (or one unreadable input as an error). Never raises for a bad page."""
    if isinstance(item, InputError):
        meta = error_meta(item)
        if store.has_document(meta.content_hash or ""):
            return DocResult(0, meta.content_hash or "", "exists")
        return store.add_document(meta, [], error=item.render())
    chash = content_hash(item.text)
    if store.has_document(chash):
        return DocResult(0, chash, "exists")
    where = item.origin or item.doc_id
    try:
        result = pipeline.process(item)
    except Exception as exc:  # noqa: BLE001 - a bug on one page must not stop a batch of millions
        return store.add_document(page_meta(item, None, chash), [],
                                  error=f"{where}: extraction failed: {type(exc).__name__}: {exc}")
    meta = page_meta(item, result, chash)
    if result.error:
        err = result.error if result.error.startswith(where) else f"{where}: {result.error}"
        return store.add_document(meta, [], error=err)
    try:
        return store.add_document(meta, result.events, dedup=dedup)
    except (TypeError, ValueError, AttributeError) as exc:  # malformed event fields from an extractor
        return store.add_document(meta, [], error=f"{where}: cannot store its events: {type(exc).__name__}: {exc}")


def _progress(enabled: bool | None) -> Any:
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(unit=" pages", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)


def ingest(items: Iterable[Page | InputError], store: Store, pipeline: Any = None, *, dedup: bool = True,
           progress: bool | None = None, on_result: Callable[[DocResult], None] | None = None,
           max_error_lines: int = 20) -> IngestReport:
    """Ingest pages into a store.

    Args:
        items: pages (and InputErrors for unreadable inputs), e.g. ``kabar.readers.iter_pages(paths)``.
        store: the open store.
        pipeline: an object with ``process(page) -> PageResult``; None = kabar's default pipeline.
        dedup: merge reports of the same event across pages (off: one event per report).
        progress: show a progress bar on stderr (None = when stderr is a terminal).
        on_result: called with each page's DocResult.

    Returns:
        The counts (pages, added, already stored, errors, new and merged events, time).
    """
    pipeline = pipeline if pipeline is not None else load_pipeline()
    report = IngestReport()
    bar = _progress(progress)
    start = time.perf_counter()
    try:
        for item in items:
            res = ingest_one(item, store, pipeline, dedup)
            report.pages += 1
            if res.status == "exists":
                report.exists += 1
            elif res.status == "error":
                report.errors += 1
                if len(report.error_lines) < max_error_lines:
                    report.error_lines.append(res.error or "")
            else:
                report.added += 1
                report.events_new += len(res.new_events)
                report.events_merged += len(res.merged_events)
            if on_result is not None:
                on_result(res)
            if bar is not None:
                bar.update(1)
                bar.set_postfix(events=report.events_new, merged=report.events_merged,
                                errors=report.errors, skipped=report.exists, refresh=False)
    finally:
        report.seconds = time.perf_counter() - start
        if bar is not None:
            bar.close()
    return report


def iter_inputs(paths: list[str], published: str | None = None, lang: str | None = None
                ) -> Iterator[Page | InputError]:
    """Pages under ``paths`` (files, directories, JSONL, WARC, ``-``), streamed."""
    from kabar import warc  # noqa: F401  (registers the WARC reader)
    from kabar.readers import iter_pages

    return iter_pages(paths, published=published, lang=lang)
