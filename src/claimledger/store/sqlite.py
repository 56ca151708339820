"""The default store: one SQLite file, WAL mode, one transaction per document, readable by Datasette.

Tables: `documents`, `raw` (the exact input bytes), `attributions`, `entities`, `quantities`,
`failures` (inputs that could not be ingested, kept for `--retry-failed`), `versions` (the versions of
each page: documents with the same URL, numbered in ingest order, and tombstones for pages marked
deleted), `runs` (one manifest per ingest run) and `meta` (schema version).

Schema history: 1 = the first release; 2 adds `versions` and `runs` (a version-1 file is migrated in
place when opened: every stored document becomes version 1, 2, ... of its page in ingest order). The
steps live in `claimledger.store.migrations.sqlite`.
Offsets are stored as `char_start`/`char_end` (START/END are SQL keywords); the JSON contract calls
them `start`/`end`. Reads and writes are `claimledger.store.base.SqlStore`'s, shared with PostgreSQL.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from claimledger.errors import ErrorCode, StoreError
from claimledger.store import rows
from claimledger.store.base import SqlStore
from claimledger.store.migrations import SCHEMA_VERSION, version_key
from claimledger.store.migrations import sqlite as migrations
from claimledger.store.sql import SQLiteDatabase


class SQLiteStore(SqlStore):
    """Documents and their extractions in one SQLite file (reads and writes: `SqlStore`)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.where = str(path)
        if self.path.exists() and self.path.is_dir():
            raise StoreError("is a directory, not a database file", where=str(path))
        if self.path.parent and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite_utils.Database(self.path)
            self.sql = SQLiteDatabase(self.db, self.where)
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.enable_wal()
            self._ensure_schema()
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"not a claimledger database ({exc})", where=str(path), code=ErrorCode.NOT_A_STORE
            ) from exc

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema ---------------------------------------------------------------------------------

    def _ensure_schema(self) -> None:
        db = self.db
        with db.atomic():
            db.table("meta").create({"key": str, "value": str}, pk="key", if_not_exists=True)
            db.table("raw").create(
                {"sha256": str, "data": bytes, "media_type": str, "encoding": str, "size": int},
                pk="sha256",
                if_not_exists=True,
            )
            db.table("documents").create(
                {
                    "id": str,
                    "url": str,
                    "outlet": str,
                    "title": str,
                    "authors": str,
                    "published": str,
                    "updated": str,
                    "fetched": str,
                    "language": str,
                    "text": str,
                    "raw_sha256": str,
                    "source_path": str,
                    "source_locator": str,
                    "input_kind": str,
                    "story": str,
                    "ingested_at": str,
                    "extractor": str,
                },
                pk="id",
                foreign_keys=[("raw_sha256", "raw", "sha256")],
                if_not_exists=True,
            )
            db.table("attributions").create(
                {
                    "id": str,
                    "doc_id": str,
                    "kind": str,
                    "source_text": str,
                    "source_start": int,
                    "source_end": int,
                    "speaker": str,
                    "speaker_kind": str,
                    "speaker_entity_id": str,
                    "cue_text": str,
                    "cue_start": int,
                    "cue_end": int,
                    "content_text": str,
                    "content": str,
                    "channel": str,
                    "verification_status": str,
                    "verification_text": str,
                    "verification_start": int,
                    "verification_end": int,
                    "polarity": str,
                    "char_start": int,
                    "char_end": int,
                },
                pk="id",
                foreign_keys=[("doc_id", "documents", "id")],
                if_not_exists=True,
            )
            db.table("entities").create(
                {
                    "id": str,
                    "doc_id": str,
                    "name": str,
                    "type": str,
                    "role": str,
                    "aliases": str,
                    "mentions": str,
                },
                pk="id",
                foreign_keys=[("doc_id", "documents", "id")],
                if_not_exists=True,
            )
            db.table("quantities").create(
                {
                    "id": str,
                    "doc_id": str,
                    "value": float,
                    "low": float,
                    "high": float,
                    "qualifier": str,
                    "category": str,
                    "text": str,
                    "char_start": int,
                    "char_end": int,
                    "attribution_id": str,
                },
                pk="id",
                foreign_keys=[("doc_id", "documents", "id")],
                if_not_exists=True,
            )
            db.table("failures").create(
                {
                    "id": str,
                    "source": str,
                    "locator": str,
                    "input_kind": str,
                    "code": str,
                    "message": str,
                    "first_seen": str,
                    "last_seen": str,
                    "attempts": int,
                },
                pk="id",
                if_not_exists=True,
            )
            for table, column in [
                ("attributions", "doc_id"),
                ("entities", "doc_id"),
                ("quantities", "doc_id"),
                ("documents", "story"),
            ]:
                db.table(table).create_index([column], if_not_exists=True)
            self._create_provenance_tables()
            found = self._stored_schema_version()
            if found is not None and found > SCHEMA_VERSION:
                raise StoreError(
                    f"written by a newer claimledger (schema {found}, this one reads {SCHEMA_VERSION})",
                    where=str(self.path),
                    code=ErrorCode.NOT_A_STORE,
                )
            if found is not None and found < SCHEMA_VERSION:
                migrations.upgrade(db, found)
            db.table("meta").upsert({"key": "schema_version", "value": str(SCHEMA_VERSION)}, pk="key")
        if not db.table("documents_fts").exists():
            db.table("documents").enable_fts(["title", "text"], create_triggers=True)
            db.table("attributions").enable_fts(["speaker", "content_text"], create_triggers=True)

    def _stored_schema_version(self) -> int | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else None

    def _create_provenance_tables(self) -> None:
        db = self.db
        db.table("versions").create(
            {"key": str, "version": int, "doc_id": str, "deleted": int, "recorded_at": str},
            pk=("key", "version"),
            if_not_exists=True,
        )
        db.table("versions").create_index(["doc_id"], if_not_exists=True)
        db.table("runs").create(
            {"id": int, "started_at": str, "finished_at": str, "manifest": str},
            pk="id",
            if_not_exists=True,
        )

    # Row <-> model conversions (`claimledger.store.rows`), kept here for callers that use them.
    _document_row = staticmethod(rows.document_row)
    _attribution_row = staticmethod(rows.attribution_row)
    _entity_row = staticmethod(rows.entity_row)
    _quantity_row = staticmethod(rows.quantity_row)
    _document_from = staticmethod(rows.document_from)
    _attribution_from = staticmethod(rows.attribution_from)
    _entity_from = staticmethod(rows.entity_from)
    _quantity_from = staticmethod(rows.quantity_from)


__all__ = ["SCHEMA_VERSION", "SQLiteStore", "version_key"]
