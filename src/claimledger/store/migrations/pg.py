"""PostgreSQL migrations: the SQL files in `postgres/`, `NNNN_name.sql` taking schema N-1 to N.

Applied versions are rows of `schema_migrations`; pending steps run in one transaction under an
advisory lock, so two processes opening a fresh database at once do not both migrate it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import psycopg
from psycopg.rows import tuple_row

from claimledger.errors import ErrorCode, StoreError
from claimledger.store.migrations import SCHEMA_VERSION

log = logging.getLogger(__name__)

# Any constant works: it only has to be the same for every claimledger process.
_LOCK_ID = 0x636C6C67
_FILE = re.compile(r"^(\d{4})_(\w+)\.sql$")


@dataclass(frozen=True, slots=True)
class Step:
    version: int
    name: str
    sql: str


def steps() -> list[Step]:
    """Every migration step shipped with this release, oldest first."""
    found: list[Step] = []
    for entry in resources.files(__package__ or __name__).joinpath("postgres").iterdir():
        match = _FILE.match(entry.name)
        if match:
            found.append(Step(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda s: s.version)
    if [s.version for s in found] != list(range(1, len(found) + 1)):
        raise RuntimeError(f"gaps in the PostgreSQL migrations: {[s.version for s in found]}")
    return found


def current_version(conn: psycopg.Connection[Any]) -> int:
    """The schema version of the connected database (0: empty)."""
    with conn.cursor(row_factory=tuple_row) as cur:
        cur.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
            "name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
        row = cur.execute("SELECT max(version) FROM schema_migrations").fetchone()
    return int(row[0] or 0) if row else 0


def upgrade(conn: psycopg.Connection[Any], target: int = SCHEMA_VERSION, *, where: str = "") -> list[int]:
    """Bring the database to schema `target`; returns the versions applied (empty when up to date)."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_ID])
        found = current_version(conn)
        if found > SCHEMA_VERSION:
            raise StoreError(
                f"written by a newer claimledger (schema {found}, this one reads {SCHEMA_VERSION})",
                where=where,
                code=ErrorCode.NOT_A_STORE,
            )
        applied: list[int] = []
        for step in steps():
            if found < step.version <= target:
                log.info("migrating the PostgreSQL store to schema %d (%s)", step.version, step.name)
                conn.execute(step.sql.encode("utf-8"))
                conn.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES (%s, %s)", [step.version, step.name]
                )
                applied.append(step.version)
        if applied:
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('schema_version', %s) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [str(applied[-1])],
            )
    return applied
