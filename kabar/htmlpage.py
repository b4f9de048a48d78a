"""HTML pages: main text and metadata (title, date, site name) via trafilatura."""

from __future__ import annotations

from kabar.errors import InputError
from kabar.records import Page


def page_from_html(html: str, doc_id: str, *, origin: str, published: str | None = None,
                   lang: str | None = None, url: str | None = None, title: str | None = None) -> Page:
    """Extract the article text of an HTML page (comments and furniture excluded)."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(html, url=url, include_comments=False, include_tables=False,
                                          with_metadata=True, favor_precision=False)
    except Exception as exc:  # trafilatura raises a variety of parser errors on broken markup
        raise InputError(f"cannot parse HTML: {exc.__class__.__name__}", where=origin) from None
    if doc is None:
        raise InputError("HTML page has no extractable main text", where=origin)
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = (data.get("text") or "").strip()
    if not text:
        raise InputError("HTML page has no extractable main text", where=origin)
    page_title = title or data.get("title")
    if page_title and page_title.strip() and not text.startswith(page_title.strip()):
        text = page_title.strip() + "\n\n" + text
    meta_date = data.get("date")
    return Page(
        doc_id=doc_id,
        text=text,
        url=url or data.get("url"),
        published=published or (meta_date[:10] if isinstance(meta_date, str) and len(meta_date) >= 10 else None),
        lang=lang,
        title=page_title,
        source=data.get("sitename") or data.get("hostname"),
        html=html,
        origin=origin,
    )
