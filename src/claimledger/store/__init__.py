"""Storage. SQLite (via sqlite-utils) is the default; every backend offers the same methods."""

from __future__ import annotations

from pathlib import Path

from claimledger.store.sqlite import SCHEMA_VERSION, SQLiteStore

Store = SQLiteStore


def open_store(location: str | Path) -> Store:
    """Open (creating if needed) the store at `location`, a SQLite file path."""
    return SQLiteStore(location)


__all__ = ["SCHEMA_VERSION", "SQLiteStore", "Store", "open_store"]
