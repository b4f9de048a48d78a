"""PostgreSQL backend (psycopg 3): the same schema and behaviour as SQLite, for teams."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

from kabar.dedup import DedupConfig
from kabar.errors import StoreError
from kabar.store.schema import ddl
from kabar.store.sql import SQLStore


class PostgresStore(SQLStore):
    """The store in a PostgreSQL database (``postgresql://user@host:port/db``)."""

    _paramstyle = "format"
    _pk = "SERIAL PRIMARY KEY"
    _real = "DOUBLE PRECISION"

    def __init__(self, url: str, config: DedupConfig | None = None):
        super().__init__(url, config)
        try:
            import psycopg
        except ImportError:
            raise StoreError("PostgreSQL support needs psycopg", where=_redact(url),
                             hint="pip install 'kabar[postgres]'") from None
        self._errors = psycopg.Error
        conninfo = url.replace("postgresql+psycopg://", "postgresql://", 1)
        try:
            self._conn = psycopg.connect(conninfo, autocommit=True, connect_timeout=10)
            # Serialise schema creation between processes opening the same database at once.
            with self._transaction(write=True) as cur:
                cur.execute("SELECT pg_advisory_xact_lock(726167)")
                for stmt in ddl(self._pk, self._real):
                    cur.execute(stmt)
            self._create_schema([])
        except psycopg.Error as exc:
            raise StoreError(f"cannot open PostgreSQL store: {str(exc).strip().splitlines()[0]}",
                             where=_redact(url)) from None

    def _serialise_writers(self, cur: Any) -> None:
        cur.execute("SELECT pg_advisory_xact_lock(726168)")

    @contextmanager
    def _transaction(self, write: bool = False) -> Iterator[Any]:
        if self._conn is None:
            raise StoreError("store is closed", where=_redact(self.url))
        with self._conn.transaction():
            with self._conn.cursor() as cur:
                yield cur


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        cred, host = rest.rsplit("@", 1)
        return f"{scheme}://{cred.split(':', 1)[0]}@{host}"
    return url
