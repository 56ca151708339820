"""Database access for the web UI: one short-lived connection per request (a SQLite file or a
PostgreSQL URL, through `claimledger.store.sql`), indexes for what pages query."""

from __future__ import annotations

from pathlib import Path

from claimledger.store.schema import WEB_INDEXES
from claimledger.store.sql import SqlDatabase, opened
from claimledger.store.sql import connect as sql_connect

# Each (table, columns) is queried by a page; created at startup if the table exists.
INDEXES: tuple[tuple[str, tuple[str, ...]], ...] = tuple((t, index.columns) for t, index in WEB_INDEXES)


def connect(location: str | Path, *, readonly: bool = True) -> SqlDatabase:
    return sql_connect(location, readonly=readonly)


def table_exists(conn: SqlDatabase, name: str) -> bool:
    return conn.table_exists(name)


def ensure_indexes(location: str | Path) -> None:
    """Create the indexes the pages rely on (no-op when present; skipped for missing tables)."""
    with opened(location, readonly=False) as db, db.transaction():
        for table, index in WEB_INDEXES:
            if db.table_exists(table):
                db.create_index(table, index)
