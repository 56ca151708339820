"""The PostgreSQL store: the same methods as `SQLiteStore`, for databases shared by many processes.

`PostgresStore("postgresql://user@host/dbname")` connects with psycopg 3 (autocommit; every write is
an explicit transaction: one per document in `add`), brings the schema up to date through
`claimledger.store.migrations.pg`, and stores the same tables and columns as the SQLite file (plus
`schema_migrations`, a `seq` insertion counter on `documents` and generated tsvector `search` columns
with GIN indexes on `documents` and `attributions`, where the SQLite store has FTS5).

The modules that still reach into `store.db` (a sqlite-utils Database: ledger, events, provenance,
corrections, web) need the SQLite store for now: `store.db` raises a `StoreError` saying so.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, NoReturn
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg.rows import dict_row

from claimledger.errors import ErrorCode, StoreError
from claimledger.models import Document, Extraction, Failure, RawInput
from claimledger.store.migrations import pg as migrations
from claimledger.store.migrations import version_key
from claimledger.store.sqlite import SQLiteStore

log = logging.getLogger(__name__)

Row = dict[str, Any]

# Row <-> model conversions are the SQLite store's: both backends store the same columns.
_document_row = SQLiteStore._document_row
_attribution_row = SQLiteStore._attribution_row
_entity_row = SQLiteStore._entity_row
_quantity_row = SQLiteStore._quantity_row
_document_from = SQLiteStore._document_from
_attribution_from = SQLiteStore._attribution_from
_entity_from = SQLiteStore._entity_from
_quantity_from = SQLiteStore._quantity_from

DOCUMENT_COLUMNS = (
    "id, url, outlet, title, authors, published, updated, fetched, language, text, raw_sha256, "
    "source_path, source_locator, input_kind, story, ingested_at, extractor"
)
# SQLite's order: NULLs first, bytewise text comparison.
_BY_PUBLISHED = ' ORDER BY {0}published COLLATE "C" NULLS FIRST, {0}id COLLATE "C"'


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def redact(location: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(location)
    if parts.password is None:
        return location
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def _insert(table: str, row: Row, suffix: str = "") -> tuple[str, list[Any]]:
    columns = ", ".join(row)
    marks = ", ".join(["%s"] * len(row))
    return f"INSERT INTO {table} ({columns}) VALUES ({marks}){suffix}", list(row.values())


class PostgresStore:
    """Documents and their extractions in a PostgreSQL database."""

    def __init__(self, location: str) -> None:
        self.location = location
        self.where = redact(location)
        try:
            self.conn: psycopg.Connection[Row] = psycopg.connect(
                location, autocommit=True, row_factory=dict_row
            )
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to PostgreSQL ({exc})", where=self.where) from exc
        try:
            migrations.upgrade(self.conn, where=self.where)
        except BaseException:
            self.conn.close()
            raise

    @property
    def db(self) -> NoReturn:
        """The sqlite-utils handle other modules use: not available on PostgreSQL (yet)."""
        raise StoreError(
            "this step needs the SQLite store for now (it reads and writes the database directly); "
            "run it on a SQLite file (--db FILE.db)",
            where=self.where,
            code=ErrorCode.STORE_ERROR,
        )

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _rows(self, sql: str, params: list[Any] | None = None) -> list[Row]:
        return self.conn.execute(sql, params or []).fetchall()

    def _value(self, sql: str, params: list[Any] | None = None) -> Any:
        row = self.conn.execute(sql, params or []).fetchone()
        return next(iter(row.values())) if row else None

    # -- versions and runs ----------------------------------------------------------------------

    def _record_version(self, document: Document) -> None:
        key = version_key(document.url, document.source_path, document.source_locator)
        # Serialise numbering per page across processes (the primary key would reject a race anyway).
        self.conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])
        number = int(self._value("SELECT max(version) FROM versions WHERE key = %s", [key]) or 0) + 1
        self.conn.execute(
            "INSERT INTO versions (key, version, doc_id, deleted, recorded_at) VALUES (%s, %s, %s, 0, %s)",
            [key, number, document.id, _now()],
        )

    def versions(self, key: str) -> list[Row]:
        """Every version of one page (`key`: its URL, see `version_key`), oldest first."""
        return self._rows("SELECT * FROM versions WHERE key = %s ORDER BY version", [key])

    def version_of(self, doc_id: str) -> Row | None:
        rows = self._rows("SELECT * FROM versions WHERE doc_id = %s", [doc_id])
        return rows[0] if rows else None

    def mark_deleted(self, key: str) -> int | None:
        """Record that the page is gone: a tombstone version. Returns its number, None if unknown page.

        Marking a page that is already marked deleted changes nothing (returns the existing number).
        """
        with self.conn.transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])
            versions = self.versions(key)
            if not versions:
                return None
            if versions[-1]["deleted"]:
                return int(versions[-1]["version"])
            number = int(versions[-1]["version"]) + 1
            self.conn.execute(
                "INSERT INTO versions (key, version, doc_id, deleted, recorded_at) "
                "VALUES (%s, %s, NULL, 1, %s)",
                [key, number, _now()],
            )
        return number

    def latest_documents(self, story: str | None = None) -> list[Document]:
        """The newest version of every page that is not marked deleted (documents without a version row
        count as their own page)."""
        sql = (
            "SELECT d.* FROM documents d LEFT JOIN versions v ON v.doc_id = d.id "
            "WHERE (v.key IS NULL OR (v.deleted = 0 AND v.version = "
            "(SELECT max(version) FROM versions w WHERE w.key = v.key)))"
        )
        params: list[str] = []
        if story is not None:
            sql += " AND d.story = %s"
            params.append(story)
        return [_document_from(r) for r in self._rows(sql + _BY_PUBLISHED.format("d."), params)]

    def document(self, doc_id: str) -> Document | None:
        rows = self._rows(f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = %s", [doc_id])
        return _document_from(rows[0]) if rows else None

    def record_run(self, manifest: Row, started_at: str, finished_at: str | None = None) -> int:
        """Store one run's manifest (JSON-serialisable); returns the run's number."""
        with self.conn.transaction():
            number = self._value(
                "INSERT INTO runs (started_at, finished_at, manifest) VALUES (%s, %s, %s) RETURNING id",
                [started_at, finished_at or _now(), json.dumps(manifest, ensure_ascii=False, sort_keys=True)],
            )
        return int(number)

    def runs(self) -> list[Row]:
        """Every recorded run, oldest first: id, started_at, finished_at and the decoded manifest."""
        rows = self._rows("SELECT id, started_at, finished_at, manifest FROM runs ORDER BY id")
        return [{**r, "manifest": json.loads(r["manifest"])} for r in rows]

    # -- writes ---------------------------------------------------------------------------------

    def has_document(self, doc_id: str) -> bool:
        return self._value("SELECT 1 FROM documents WHERE id = %s", [doc_id]) is not None

    def add(self, extraction: Extraction, raw: RawInput | None, *, extractor: str = "") -> bool:
        """Store one document and everything extracted from it in a single transaction.

        Returns False (and writes nothing) when the document is already stored.
        """
        document = extraction.document
        with self.conn.transaction():
            if self.has_document(document.id):
                return False
            if raw is not None:
                self.conn.execute(
                    *_insert(
                        "raw",
                        {"sha256": raw.sha256, "data": raw.data, "media_type": raw.media_type,
                         "encoding": raw.encoding, "size": len(raw.data)},
                        " ON CONFLICT (sha256) DO NOTHING",
                    )
                )
            self.conn.execute(*_insert("documents", _document_row(document, extractor)))
            self._record_version(document)
            self._insert_all("attributions", [_attribution_row(a) for a in extraction.attributions])
            self._insert_all("entities", [_entity_row(e) for e in extraction.entities])
            self._insert_all("quantities", [_quantity_row(q) for q in extraction.quantities])
            if document.source_path:
                self._clear_failure(document.source_path, document.source_locator or "")
        return True

    def _insert_all(self, table: str, rows: list[Row]) -> None:
        if not rows:
            return
        sql, _ = _insert(table, rows[0])
        with self.conn.cursor() as cur:
            cur.executemany(sql, [list(r.values()) for r in rows])

    def record_failure(self, failure: Failure) -> None:
        now = _now()
        row = {
            "id": failure.id, "source": failure.where, "locator": failure.locator,
            "input_kind": failure.input_kind, "code": failure.code, "message": failure.message,
            "first_seen": now, "last_seen": now, "attempts": 1,
        }
        update = (
            " ON CONFLICT (id) DO UPDATE SET source = excluded.source, locator = excluded.locator, "
            "input_kind = excluded.input_kind, code = excluded.code, message = excluded.message, "
            "last_seen = excluded.last_seen, attempts = failures.attempts + 1"
        )
        with self.conn.transaction():
            self.conn.execute(*_insert("failures", row, update))

    def clear_failure(self, where: str, locator: str = "") -> None:
        with self.conn.transaction():
            self._clear_failure(where, locator)

    def _clear_failure(self, where: str, locator: str) -> None:
        self.conn.execute("DELETE FROM failures WHERE source = %s AND locator = %s", [where, locator])

    # -- reads ----------------------------------------------------------------------------------

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
        rows = self._rows(sql + " ORDER BY rank DESC, id LIMIT %s", [*params, limit])
        return [_document_from(r) for r in rows]

    def source_counts(self, where: str) -> tuple[int, int]:
        """Documents stored from the input `where` (all versions) and failures recorded for it."""
        documents = self._value("SELECT count(*) FROM documents WHERE source_path = %s", [where])
        failed = self._value("SELECT count(*) FROM failures WHERE source = %s", [where])
        return int(documents), int(failed)

    def failures(self) -> list[Failure]:
        rows = self._rows('SELECT * FROM failures ORDER BY source COLLATE "C", locator COLLATE "C"')
        return [
            Failure(
                where=r["source"],
                code=r["code"],
                message=r["message"],
                locator=r["locator"] or "",
                input_kind=r["input_kind"],
            )
            for r in rows
        ]

    def stories(self) -> list[tuple[str | None, int]]:
        rows = self._rows(
            'SELECT story, count(*) AS n FROM documents GROUP BY story ORDER BY story COLLATE "C" NULLS FIRST'
        )
        return [(r["story"], int(r["n"])) for r in rows]

    def count_documents(self) -> int:
        return int(self._value("SELECT count(*) FROM documents"))

    def documents(self, story: str | None = None) -> list[Document]:
        sql = f"SELECT {DOCUMENT_COLUMNS} FROM documents"
        params: list[str] = []
        if story is not None:
            sql += " WHERE story = %s"
            params.append(story)
        return [_document_from(r) for r in self._rows(sql + _BY_PUBLISHED.format(""), params)]

    def raw(self, sha256: str) -> RawInput | None:
        rows = self._rows("SELECT sha256, data, media_type, encoding FROM raw WHERE sha256 = %s", [sha256])
        if not rows:
            return None
        r = rows[0]
        return RawInput(r["sha256"], bytes(r["data"]), r["media_type"], r["encoding"])

    def extractions(self, story: str | None = None) -> Iterator[Extraction]:
        for document in self.documents(story):
            yield self.extraction(document)

    def extraction(self, document: Document) -> Extraction:
        params = [document.id]
        attributions = tuple(
            _attribution_from(r)
            for r in self._rows(
                'SELECT * FROM attributions WHERE doc_id = %s ORDER BY char_start, id COLLATE "C"', params
            )
        )
        entities = tuple(
            _entity_from(r)
            for r in self._rows(
                'SELECT * FROM entities WHERE doc_id = %s ORDER BY name COLLATE "C", id COLLATE "C"', params
            )
        )
        quantities = tuple(
            _quantity_from(r)
            for r in self._rows(
                'SELECT * FROM quantities WHERE doc_id = %s ORDER BY char_start, id COLLATE "C"', params
            )
        )
        return Extraction(document, attributions, entities, quantities)
