"""Storage. SQLite (via sqlite-utils) is the default; PostgreSQL (`--db postgresql://...`) offers the
same methods (`PostgresStore`); `open_store` picks the backend from the location."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol, Self, cast

from claimledger.models import Document, Extraction, Failure, RawInput
from claimledger.store.migrations import SCHEMA_VERSION
from claimledger.store.sql import SqlDatabase
from claimledger.store.sqlite import SQLiteStore

Store = SQLiteStore


class StoreBackend(Protocol):
    """What every backend offers (SQLiteStore and PostgresStore both satisfy it).

    `sql` reaches any table (ledger, events, corrections...) the same way on both backends; `where`
    names the database in messages (a file path, or the URL without its password).
    """

    @property
    def sql(self) -> SqlDatabase: ...
    @property
    def where(self) -> str: ...

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


def store_exists(location: str | Path) -> bool:
    """Whether there is a database at `location` (a PostgreSQL URL always counts: the server says)."""
    return postgres_url(location) is not None or Path(location).exists()


def describe(location: str | Path) -> str:
    """`location` for messages: a PostgreSQL URL without its password, else the path as given."""
    url = postgres_url(location)
    if url is None:
        return str(location)
    from claimledger.store.postgres import redact

    return redact(url)


def open_store(location: str | Path) -> Store:
    """Open (creating if needed) the store at `location`: a SQLite file path or a postgresql:// URL.

    For a URL this returns a `PostgresStore`: it has every method of `StoreBackend` (feature modules
    use `store.sql`), but its `db` (the SQLite store's sqlite-utils handle) raises a `StoreError`. The
    return type stays `SQLiteStore` until every caller is typed against `StoreBackend`.
    """
    url = postgres_url(location)
    if url is None:
        return SQLiteStore(location)
    from claimledger.store.postgres import PostgresStore  # psycopg is only needed for PostgreSQL

    return cast(Store, PostgresStore(url))


__all__ = [
    "SCHEMA_VERSION",
    "SQLiteStore",
    "SqlDatabase",
    "Store",
    "StoreBackend",
    "describe",
    "open_store",
    "postgres_url",
    "store_exists",
]
