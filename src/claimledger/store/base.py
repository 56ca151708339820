"""What both stores do, written once over `self.sql` (a `claimledger.store.sql.SqlDatabase`).

`SQLiteStore` and `PostgresStore` only open the connection and bring the schema up to date; every read
and write of the core tables (documents, raw, attributions, entities, quantities, failures, versions,
runs) is here, in the SQL both backends share (see `claimledger.store.sql` for its conventions: text
sort keys `COLLATE BINARY`, nullable ones `NULLS FIRST`, so both backends return SQLite's order).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from claimledger.models import Document, Extraction, Failure, RawInput
from claimledger.store import rows
from claimledger.store.migrations import version_key
from claimledger.store.sql import SqlDatabase

Row = rows.Row

DOCUMENT_COLUMNS = (
    "id, url, outlet, title, authors, published, updated, fetched, language, text, raw_sha256, "
    "source_path, source_locator, input_kind, story, ingested_at, extractor"
)
_D_COLUMNS = ", ".join(f"d.{c.strip()}" for c in DOCUMENT_COLUMNS.split(","))
BY_PUBLISHED = " ORDER BY {0}published COLLATE BINARY NULLS FIRST, {0}id COLLATE BINARY"
BY_OFFSET = " WHERE doc_id = ? ORDER BY char_start, id COLLATE BINARY"


class SqlStore:
    """Documents and their extractions in a database reached through `self.sql`."""

    sql: SqlDatabase
    where: str

    # -- versions and runs ----------------------------------------------------------------------

    def _record_version(self, document: Document) -> None:
        key = version_key(document.url, document.source_path, document.source_locator)
        self.sql.lock(key)  # numbering per page, across processes (the primary key rejects a race anyway)
        number = int(self.sql.value("SELECT max(version) FROM versions WHERE key = ?", [key]) or 0) + 1
        self.sql.insert_all(
            "versions",
            [{"key": key, "version": number, "doc_id": document.id, "deleted": 0, "recorded_at": rows.now()}],
        )

    def versions(self, key: str) -> list[Row]:
        """Every version of one page (`key`: its URL, see `version_key`), oldest first."""
        return self.sql.query("SELECT * FROM versions WHERE key = ? ORDER BY version", [key])

    def version_of(self, doc_id: str) -> Row | None:
        found = self.sql.query("SELECT * FROM versions WHERE doc_id = ?", [doc_id])
        return found[0] if found else None

    def mark_deleted(self, key: str) -> int | None:
        """Record that the page is gone: a tombstone version. Returns its number, None if unknown page.

        Marking a page that is already marked deleted changes nothing (returns the existing number).
        """
        with self.sql.transaction():
            self.sql.lock(key)
            versions = self.versions(key)
            if not versions:
                return None
            if versions[-1]["deleted"]:
                return int(versions[-1]["version"])
            number = int(versions[-1]["version"]) + 1
            self.sql.insert_all(
                "versions",
                [{"key": key, "version": number, "doc_id": None, "deleted": 1, "recorded_at": rows.now()}],
            )
        return number

    def latest_documents(self, story: str | None = None) -> list[Document]:
        """The newest version of every page that is not marked deleted (documents without a version row
        count as their own page)."""
        sql = (
            f"SELECT {_D_COLUMNS} FROM documents d LEFT JOIN versions v ON v.doc_id = d.id "
            "WHERE (v.key IS NULL OR (v.deleted = 0 AND v.version = "
            "(SELECT max(version) FROM versions w WHERE w.key = v.key)))"
        )
        params: list[str] = []
        if story is not None:
            sql += " AND d.story = ?"
            params.append(story)
        return [rows.document_from(r) for r in self.sql.query(sql + BY_PUBLISHED.format("d."), params)]

    def document(self, doc_id: str) -> Document | None:
        found = self.sql.query(f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = ?", [doc_id])
        return rows.document_from(found[0]) if found else None

    def record_run(self, manifest: Row, started_at: str, finished_at: str | None = None) -> int:
        """Store one run's manifest (JSON-serialisable); returns the run's number."""
        row = {
            "started_at": started_at,
            "finished_at": finished_at or rows.now(),
            "manifest": json.dumps(manifest, ensure_ascii=False, sort_keys=True),
        }
        with self.sql.transaction():
            return self.sql.insert("runs", row)

    def runs(self) -> list[Row]:
        """Every recorded run, oldest first: id, started_at, finished_at and the decoded manifest."""
        found = self.sql.query("SELECT id, started_at, finished_at, manifest FROM runs ORDER BY id")
        return [{**r, "manifest": json.loads(r["manifest"])} for r in found]

    # -- writes ---------------------------------------------------------------------------------

    def has_document(self, doc_id: str) -> bool:
        return self.sql.value("SELECT 1 FROM documents WHERE id = ?", [doc_id]) is not None

    def add(self, extraction: Extraction, raw: RawInput | None, *, extractor: str = "") -> bool:
        """Store one document and everything extracted from it in a single transaction.

        Returns False (and writes nothing) when the document is already stored.
        """
        document = extraction.document
        with self.sql.transaction():
            if self.has_document(document.id):
                return False
            if raw is not None:
                self.sql.insert_all(
                    "raw",
                    [{"sha256": raw.sha256, "data": raw.data, "media_type": raw.media_type,
                      "encoding": raw.encoding, "size": len(raw.data)}],
                    ignore=True,
                )
            self.sql.insert_all("documents", [rows.document_row(document, extractor)])
            self._record_version(document)
            self.sql.insert_all("attributions", [rows.attribution_row(a) for a in extraction.attributions])
            self.sql.insert_all("entities", [rows.entity_row(e) for e in extraction.entities])
            self.sql.insert_all("quantities", [rows.quantity_row(q) for q in extraction.quantities])
            if document.source_path:
                self._clear_failure(document.source_path, document.source_locator or "")
        return True

    def record_failure(self, failure: Failure) -> None:
        now = rows.now()
        with self.sql.transaction():
            self.sql.lock(failure.id)
            found = self.sql.query("SELECT attempts, first_seen FROM failures WHERE id = ?", [failure.id])
            existing = found[0] if found else None
            self.sql.upsert(
                "failures",
                {
                    "id": failure.id,
                    "source": failure.where,
                    "locator": failure.locator,
                    "input_kind": failure.input_kind,
                    "code": failure.code,
                    "message": failure.message,
                    "first_seen": existing["first_seen"] if existing else now,
                    "last_seen": now,
                    "attempts": (existing["attempts"] if existing else 0) + 1,
                },
                pk="id",
            )

    def clear_failure(self, where: str, locator: str = "") -> None:
        with self.sql.transaction():
            self._clear_failure(where, locator)

    def _clear_failure(self, where: str, locator: str) -> None:
        self.sql.execute("DELETE FROM failures WHERE source = ? AND locator = ?", [where, locator])

    # -- reads ----------------------------------------------------------------------------------

    def failures(self) -> list[Failure]:
        found = self.sql.query(
            "SELECT * FROM failures "
            "ORDER BY source COLLATE BINARY NULLS FIRST, locator COLLATE BINARY NULLS FIRST"
        )
        return [
            Failure(
                where=r["source"],
                code=r["code"],
                message=r["message"],
                locator=r["locator"] or "",
                input_kind=r["input_kind"],
            )
            for r in found
        ]

    def stories(self) -> list[tuple[str | None, int]]:
        found = self.sql.query(
            "SELECT story, count(*) AS n FROM documents GROUP BY story "
            "ORDER BY story COLLATE BINARY NULLS FIRST"
        )
        return [(r["story"], int(r["n"])) for r in found]

    def source_counts(self, where: str) -> tuple[int, int]:
        """Documents stored from one input (all versions) and failures recorded for it."""
        documents = self.sql.value("SELECT count(*) FROM documents WHERE source_path = ?", [where])
        failed = self.sql.value("SELECT count(*) FROM failures WHERE source = ?", [where])
        return int(documents), int(failed)

    def count_documents(self) -> int:
        return self.sql.count("documents")

    def documents(self, story: str | None = None) -> list[Document]:
        sql = f"SELECT {DOCUMENT_COLUMNS} FROM documents"
        params: list[str] = []
        if story is not None:
            sql += " WHERE story = ?"
            params.append(story)
        return [rows.document_from(r) for r in self.sql.query(sql + BY_PUBLISHED.format(""), params)]

    def raw(self, sha256: str) -> RawInput | None:
        sql = "SELECT sha256, data, media_type, encoding FROM raw WHERE sha256 = ?"
        found = self.sql.query(sql, [sha256])
        if not found:
            return None
        r = found[0]
        return RawInput(r["sha256"], bytes(r["data"]), r["media_type"], r["encoding"])

    def extractions(self, story: str | None = None) -> Iterator[Extraction]:
        for document in self.documents(story):
            yield self.extraction(document)

    def extraction(self, document: Document) -> Extraction:
        params = [document.id]
        attributions = tuple(
            rows.attribution_from(r) for r in self.sql.query("SELECT * FROM attributions" + BY_OFFSET, params)
        )
        by_name = " WHERE doc_id = ? ORDER BY name COLLATE BINARY, id COLLATE BINARY"
        entities = tuple(
            rows.entity_from(r) for r in self.sql.query("SELECT * FROM entities" + by_name, params)
        )
        quantities = tuple(
            rows.quantity_from(r) for r in self.sql.query("SELECT * FROM quantities" + BY_OFFSET, params)
        )
        return Extraction(document, attributions, entities, quantities)


__all__ = ["DOCUMENT_COLUMNS", "SqlStore"]
