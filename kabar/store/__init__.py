"""The event store: documents, canonical events, their sources, merge and audit logs.

``open_store(url)`` picks the backend by URL scheme: ``sqlite:///PATH`` (or a bare path) or
``postgresql://...``. See :mod:`kabar.store.base` for the contract and docs/STORE.md.
"""

from __future__ import annotations

from kabar.store.base import (
    EDITABLE_FIELDS,
    REVIEW_STATUSES,
    DocResult,
    EventFilter,
    PageMeta,
    Store,
)

__all__ = ["open_store", "Store", "EventFilter", "DocResult", "PageMeta", "EDITABLE_FIELDS",
           "REVIEW_STATUSES"]


def open_store(url: str | None = None) -> Store:
    """Open (creating the schema if needed) the store at ``url``.

    Args:
        url: ``sqlite:///path/to/kabar.db``, ``sqlite:///:memory:``, a plain file path, or
            ``postgresql://user@host/db``. None = the ``db`` setting (default ``sqlite:///kabar.db``).

    Returns:
        A Store. Raises kabar.errors.StoreError when it cannot be opened.
    """
    from kabar import settings
    from kabar.errors import StoreError

    url = url or settings.get("db")
    if url.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        from kabar.store.postgres import PostgresStore

        return PostgresStore(url)
    if url.startswith("sqlite:") or "://" not in url:
        from kabar.store.sqlite import SQLiteStore

        return SQLiteStore(url)
    raise StoreError(f"unknown store URL scheme in {url!r}",
                     hint="use sqlite:///PATH or postgresql://USER@HOST/DB")
