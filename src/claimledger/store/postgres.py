"""The PostgreSQL store: the same methods as `SQLiteStore`, for databases shared by many processes.

`PostgresStore("postgresql://user@host/dbname")` connects with psycopg 3 (autocommit; every write is
an explicit transaction: one per document in `add`; reads and writes are `claimledger.store.base.SqlStore`'s,
shared with SQLite), brings the schema up to date through
`claimledger.store.migrations.pg`, and stores the same tables and columns as the SQLite file (plus
`schema_migrations`, a `seq` insertion counter on `documents` and generated tsvector `search` columns
with GIN indexes on `documents` and `attributions`, where the SQLite store has FTS5).

Feature modules (ledger, events, corrections, provenance, web) reach the tables through `store.sql`,
the backend-neutral `claimledger.store.sql.PostgresDatabase` over the same connection; `store.db` (the
SQLite store's sqlite-utils handle) raises a `StoreError`.
"""

from __future__ import annotations

import logging
from typing import Any, NoReturn
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg.rows import dict_row

from claimledger.errors import ErrorCode, StoreError
from claimledger.models import Document
from claimledger.store import rows
from claimledger.store.base import DOCUMENT_COLUMNS, SqlStore
from claimledger.store.migrations import pg as migrations
from claimledger.store.sql import PostgresDatabase

log = logging.getLogger(__name__)

Row = dict[str, Any]


def redact(location: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(location)
    if parts.password is None:
        return location
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def connect_postgres(location: str) -> psycopg.Connection[Row]:
    """An autocommit connection with dict rows; a `StoreError` (password hidden) when it fails."""
    try:
        return psycopg.connect(location, autocommit=True, row_factory=dict_row)
    except psycopg.Error as exc:
        raise StoreError(f"cannot connect to PostgreSQL ({exc})", where=redact(location)) from exc


class PostgresStore(SqlStore):
    """Documents and their extractions in a PostgreSQL database (reads and writes: `SqlStore`)."""

    def __init__(self, location: str) -> None:
        self.location = location
        self.where = redact(location)
        self.conn = connect_postgres(location)
        try:
            migrations.upgrade(self.conn, where=self.where)
        except BaseException:
            self.conn.close()
            raise
        self.sql = PostgresDatabase(self.conn, self.where)

    @property
    def db(self) -> NoReturn:
        """The SQLite store's sqlite-utils handle: feature code uses the backend-neutral `sql`."""
        raise StoreError(
            "`store.db` is the SQLite store's sqlite-utils handle; use `store.sql` (both backends)",
            where=self.where,
            code=ErrorCode.STORE_ERROR,
        )

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- PostgreSQL only ----------------------------------------------------------------------

    def search_documents(self, query: str, story: str | None = None, limit: int = 20) -> list[Document]:
        """Documents matching a web-search style query (`"exact phrase" -word or`), best first."""
        sql = (
            f"SELECT {DOCUMENT_COLUMNS}, ts_rank(search, q) AS rank FROM documents, "
            "websearch_to_tsquery('simple', %s) q WHERE search @@ q"
        )
        params: list[Any] = [query]
        if story is not None:
            sql += " AND story = %s"
            params.append(story)
        found = self.conn.execute(sql + ' ORDER BY rank DESC, id COLLATE "C" LIMIT %s', [*params, limit])
        return [rows.document_from(r) for r in found.fetchall()]
