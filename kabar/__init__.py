"""kabar: raw multilingual news pages in, ACLED-style conflict events out, offline."""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from kabar.records import Event

__all__ = ["extract", "Pipeline", "__version__"]


def extract(text: str, published: str | None = None, lang: str | None = None, url: str | None = None,
            doc_id: str = "text") -> "list[Event]":
    """Extract the events one page reports.

    Args:
        text: the page as plain text (or HTML: it is recognised and its main text extracted).
        published: publication date "YYYY-MM-DD", used to resolve "Thursday", "yesterday", "7/1".
        lang: ISO 639-1 code to skip language detection.
        url: the page's address (gives the outlet, and sometimes the date).
        doc_id: the id events carry.

    Returns:
        The events, each with evidence spans into ``text``.
    """
    from kabar.pipeline import default_pipeline
    from kabar.readers import page_from_text

    page = page_from_text(text, doc_id, origin=doc_id, published=published, lang=lang, url=url)
    return default_pipeline().extract_page(page)


def __getattr__(name: str):
    if name == "Pipeline":
        from kabar.pipeline import Pipeline

        return Pipeline
    raise AttributeError(name)
