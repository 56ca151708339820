"""SQLite migrations: step N is a function taking a version N-1 database (sqlite-utils) to version N.

The tables of the current schema are created with `IF NOT EXISTS` before the steps run, so a step only
moves data (and adds what `CREATE ... IF NOT EXISTS` cannot, such as new columns).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import sqlite_utils

from claimledger.store.migrations import SCHEMA_VERSION, version_key

log = logging.getLogger(__name__)

Step = Callable[[sqlite_utils.Database], None]


def _next_version(db: sqlite_utils.Database, key: str) -> int:
    row = db.execute("SELECT max(version) FROM versions WHERE key = ?", [key]).fetchone()
    return int(row[0] or 0) + 1


def migrate_1_to_2(db: sqlite_utils.Database) -> None:
    """Schema 1 -> 2: number the stored documents of each page in ingest order."""
    rows = db.execute(
        "SELECT id, url, source_path, source_locator, ingested_at FROM documents "
        "WHERE id NOT IN (SELECT doc_id FROM versions WHERE doc_id IS NOT NULL) "
        "ORDER BY ingested_at, rowid"
    ).fetchall()
    for doc_id, url, source_path, locator, ingested_at in rows:
        key = version_key(url, source_path, locator)
        db.table("versions").insert(
            {
                "key": key,
                "version": _next_version(db, key),
                "doc_id": doc_id,
                "deleted": 0,
                "recorded_at": ingested_at,
            }
        )


STEPS: dict[int, Step] = {2: migrate_1_to_2}


def upgrade(db: sqlite_utils.Database, found: int, target: int = SCHEMA_VERSION) -> None:
    """Run every step after `found` up to `target` (the caller holds the transaction)."""
    for version in range(found + 1, target + 1):
        log.info("migrating the SQLite store to schema %d", version)
        STEPS[version](db)
