"""Storage. SQLite (via sqlite-utils) is the default; PostgreSQL (`--db postgresql://...`) offers the
same methods (`PostgresStore`); `open_store` picks the backend from the location."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol, Self, cast

from claimledger.models import Document, Extraction, Failure, RawInput
from claimledger.store.migrations import SCHEMA_VERSION
from claimledger.store.sqlite import SQLiteStore

Store = SQLiteStore


class StoreBackend(Protocol):
    """What every backend offers (SQLiteStore and PostgresStore both satisfy it)."""

    def has_document(self, doc_id: str) -> bool: ...
    def add(self, extraction: Extraction, raw: RawInput | None, *, extractor: str = "") -> bool: ...
    def record_failure(self, failure: Failure) -> None: ...
    def clear_failure(self, where: str, locator: str = "") -> None: ...
    def failures(self) -> list[Failure]: ...
    def stories(self) -> list[tuple[str | None, int]]: ...
    def count_documents(self) -> int: ...
    def documents(self, story: str | None = None) -> list[Document]: ...
    def raw(self, sha256: str) -> RawInput | None: ...
    def extractions(self, story: str | None = None) -> Iterator[Extraction]: ...
    def extraction(self, document: Document) -> Extraction: ...
    def versions(self, key: str) -> list[dict[str, Any]]: ...
    def version_of(self, doc_id: str) -> dict[str, Any] | None: ...
    def mark_deleted(self, key: str) -> int | None: ...
    def latest_documents(self, story: str | None = None) -> list[Document]: ...
    def document(self, doc_id: str) -> Document | None: ...
    def record_run(
        self, manifest: dict[str, Any], started_at: str, finished_at: str | None = None
    ) -> int: ...
    def runs(self) -> list[dict[str, Any]]: ...
    def close(self) -> None: ...
    def __enter__(self) -> Self: ...
    def __exit__(self, *exc: object) -> None: ...

# A `--db` typed as a Path turns "postgresql://u@h/db" into "postgresql:/u@h/db": accept both.
_POSTGRES_URL = re.compile(r"^(postgres(?:ql)?):/+", re.IGNORECASE)


def postgres_url(location: str | Path) -> str | None:
    """`location` as a PostgreSQL connection URL, or None when it names a SQLite file."""
    text = str(location)
    if not _POSTGRES_URL.match(text):
        return None
    return _POSTGRES_URL.sub(lambda m: f"{m[1].lower()}://", text, count=1)


def open_store(location: str | Path) -> Store:
    """Open (creating if needed) the store at `location`: a SQLite file path or a postgresql:// URL.

    For a URL this returns a `PostgresStore`: it has every method of `StoreBackend`, but its `db` (the
    sqlite-utils handle some modules still use directly) raises a `StoreError`. The return type stays
    `SQLiteStore` until those callers are typed against `StoreBackend`.
    """
    url = postgres_url(location)
    if url is None:
        return SQLiteStore(location)
    from claimledger.store.postgres import PostgresStore  # psycopg is only needed for PostgreSQL

    return cast(Store, PostgresStore(url))


__all__ = ["SCHEMA_VERSION", "SQLiteStore", "Store", "StoreBackend", "open_store", "postgres_url"]
