"""SQLite access for the web UI: one short-lived connection per request, indexes for what pages query."""

from __future__ import annotations

import sqlite3
from pathlib import Path

# Each (table, columns) is queried by a page; created at startup if the table exists.
INDEXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("documents", ("story", "published")),
    ("attributions", ("speaker_entity_id",)),
    ("attributions", ("speaker",)),
    ("entities", ("name",)),
    ("entities", ("type",)),
    ("ledger_groups", ("story", "n_origins")),
    ("ledger_members", ("attribution_id",)),
    ("ledger_members", ("doc_id",)),
    ("ledger_disputes", ("group_id",)),
)


def connect(path: str | Path, *, readonly: bool = True) -> sqlite3.Connection:
    uri = f"file:{Path(path).resolve()}" + ("?mode=ro" if readonly else "")
    conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    return conn


def table_exists(conn: sqlite3.Connection, name: str) -> bool:
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name]).fetchone()
    return row is not None


def ensure_indexes(path: str | Path) -> None:
    """Create the indexes the pages rely on (no-op when present; skipped for missing tables)."""
    conn = connect(path, readonly=False)
    try:
        with conn:
            for table, columns in INDEXES:
                if table_exists(conn, table):
                    name = f"web_{table}_{'_'.join(columns)}"
                    conn.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({', '.join(columns)})")
    finally:
        conn.close()
