"""The default store: one SQLite file, WAL mode, one transaction per document, readable by Datasette.

Tables: `documents`, `raw` (the exact input bytes), `attributions`, `entities`, `quantities`,
`failures` (inputs that could not be ingested, kept for `--retry-failed`), `versions` (the versions of
each page: documents with the same URL, numbered in ingest order, and tombstones for pages marked
deleted), `runs` (one manifest per ingest run) and `meta` (schema version).

Schema history: 1 = the first release; 2 adds `versions` and `runs` (a version-1 file is migrated in
place when opened: every stored document becomes version 1, 2, ... of its page in ingest order). The
steps live in `claimledger.store.migrations.sqlite`.
Offsets are stored as `char_start`/`char_end` (START/END are SQL keywords); the JSON contract calls
them `start`/`end`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from claimledger.errors import ErrorCode, StoreError
from claimledger.models import (
    Attribution,
    Document,
    Entity,
    Extraction,
    Failure,
    Quantity,
    RawInput,
    Span,
    Verification,
)
from claimledger.store.migrations import SCHEMA_VERSION, version_key
from claimledger.store.migrations import sqlite as migrations

Row = dict[str, Any]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _span_columns(prefix: str, span: Span | None) -> Row:
    return {
        f"{prefix}_text": span.text if span else None,
        f"{prefix}_start": span.start if span else None,
        f"{prefix}_end": span.end if span else None,
    }


def _span_from(row: Row, prefix: str) -> Span | None:
    if row[f"{prefix}_start"] is None:
        return None
    return Span(row[f"{prefix}_start"], row[f"{prefix}_end"], row[f"{prefix}_text"])


def _spans_json(spans: tuple[Span, ...]) -> str:
    return json.dumps([s.to_json() for s in spans], ensure_ascii=False)


def _spans_from_json(value: str) -> tuple[Span, ...]:
    return tuple(Span.from_json(item) for item in json.loads(value))


class SQLiteStore:
    """Documents and their extractions in one SQLite file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if self.path.exists() and self.path.is_dir():
            raise StoreError("is a directory, not a database file", where=str(path))
        if self.path.parent and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite_utils.Database(self.path)
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

    # -- versions and runs ----------------------------------------------------------------------

    def _next_version(self, key: str) -> int:
        row = self.db.execute("SELECT max(version) FROM versions WHERE key = ?", [key]).fetchone()
        return int(row[0] or 0) + 1

    def _record_version(self, document: Document) -> None:
        key = version_key(document.url, document.source_path, document.source_locator)
        self.db.table("versions").insert(
            {
                "key": key,
                "version": self._next_version(key),
                "doc_id": document.id,
                "deleted": 0,
                "recorded_at": _now(),
            }
        )

    def versions(self, key: str) -> list[Row]:
        """Every version of one page (`key`: its URL, see `version_key`), oldest first."""
        return list(self.db.query("SELECT * FROM versions WHERE key = ? ORDER BY version", [key]))

    def version_of(self, doc_id: str) -> Row | None:
        rows = list(self.db.query("SELECT * FROM versions WHERE doc_id = ?", [doc_id]))
        return rows[0] if rows else None

    def mark_deleted(self, key: str) -> int | None:
        """Record that the page is gone: a tombstone version. Returns its number, None if unknown page.

        Marking a page that is already marked deleted changes nothing (returns the existing number).
        """
        with self.db.atomic():
            versions = self.versions(key)
            if not versions:
                return None
            if versions[-1]["deleted"]:
                return int(versions[-1]["version"])
            number = int(versions[-1]["version"]) + 1
            self.db.table("versions").insert(
                {"key": key, "version": number, "doc_id": None, "deleted": 1, "recorded_at": _now()}
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
            sql += " AND d.story = ?"
            params.append(story)
        rows = self.db.query(sql + " ORDER BY d.published, d.id", params)
        return [self._document_from(r) for r in rows]

    def document(self, doc_id: str) -> Document | None:
        rows = list(self.db.query("SELECT * FROM documents WHERE id = ?", [doc_id]))
        return self._document_from(rows[0]) if rows else None

    def record_run(self, manifest: Row, started_at: str, finished_at: str | None = None) -> int:
        """Store one run's manifest (JSON-serialisable); returns the run's number."""
        with self.db.atomic():
            table = self.db.table("runs")
            table.insert(
                {
                    "started_at": started_at,
                    "finished_at": finished_at or _now(),
                    "manifest": json.dumps(manifest, ensure_ascii=False, sort_keys=True),
                }
            )
            return int(table.last_pk)  # type: ignore[arg-type]

    def runs(self) -> list[Row]:
        """Every recorded run, oldest first: id, started_at, finished_at and the decoded manifest."""
        rows = self.db.query("SELECT id, started_at, finished_at, manifest FROM runs ORDER BY id")
        return [{**r, "manifest": json.loads(r["manifest"])} for r in rows]

    # -- writes ---------------------------------------------------------------------------------

    def has_document(self, doc_id: str) -> bool:
        return bool(self.db.execute("SELECT 1 FROM documents WHERE id = ?", [doc_id]).fetchone())

    def add(self, extraction: Extraction, raw: RawInput | None, *, extractor: str = "") -> bool:
        """Store one document and everything extracted from it in a single transaction.

        Returns False (and writes nothing) when the document is already stored.
        """
        document = extraction.document
        with self.db.atomic():
            if self.has_document(document.id):
                return False
            if raw is not None:
                self.db.table("raw").insert(
                    {
                        "sha256": raw.sha256,
                        "data": raw.data,
                        "media_type": raw.media_type,
                        "encoding": raw.encoding,
                        "size": len(raw.data),
                    },
                    ignore=True,
                )
            self.db.table("documents").insert(self._document_row(document, extractor))
            self._record_version(document)
            rows = {
                "attributions": [self._attribution_row(a) for a in extraction.attributions],
                "entities": [self._entity_row(e) for e in extraction.entities],
                "quantities": [self._quantity_row(q) for q in extraction.quantities],
            }
            for table, table_rows in rows.items():
                self.db.table(table).insert_all(table_rows)
            if document.source_path:
                self._clear_failure(document.source_path, document.source_locator or "")
        return True

    def record_failure(self, failure: Failure) -> None:
        now = _now()
        with self.db.atomic():
            existing = self.db.execute(
                "SELECT attempts, first_seen FROM failures WHERE id = ?", [failure.id]
            ).fetchone()
            self.db.table("failures").upsert(
                {
                    "id": failure.id,
                    "source": failure.where,
                    "locator": failure.locator,
                    "input_kind": failure.input_kind,
                    "code": failure.code,
                    "message": failure.message,
                    "first_seen": existing[1] if existing else now,
                    "last_seen": now,
                    "attempts": (existing[0] if existing else 0) + 1,
                },
                pk="id",
            )

    def clear_failure(self, where: str, locator: str = "") -> None:
        with self.db.atomic():
            self._clear_failure(where, locator)

    def _clear_failure(self, where: str, locator: str) -> None:
        self.db.execute("DELETE FROM failures WHERE source = ? AND locator = ?", [where, locator])

    # -- rows -----------------------------------------------------------------------------------

    @staticmethod
    def _document_row(document: Document, extractor: str) -> Row:
        return {
            "id": document.id,
            "url": document.url,
            "outlet": document.outlet,
            "title": document.title,
            "authors": json.dumps(list(document.authors), ensure_ascii=False),
            "published": document.published,
            "updated": document.updated,
            "fetched": document.fetched,
            "language": document.language,
            "text": document.text,
            "raw_sha256": document.raw_sha256,
            "source_path": document.source_path,
            "source_locator": document.source_locator,
            "input_kind": document.input_kind,
            "story": document.story,
            "ingested_at": _now(),
            "extractor": extractor,
        }

    @staticmethod
    def _attribution_row(a: Attribution) -> Row:
        verification = a.verification
        return {
            "id": a.id,
            "doc_id": a.doc_id,
            "kind": a.kind,
            **_span_columns("source", a.source),
            "speaker": a.speaker,
            "speaker_kind": a.speaker_kind,
            "speaker_entity_id": a.speaker_entity_id,
            **_span_columns("cue", a.cue),
            "content_text": a.content_text,
            "content": _spans_json(a.content),
            "channel": a.channel,
            "verification_status": verification.status if verification else None,
            **_span_columns("verification", verification.span if verification else None),
            "polarity": a.polarity,
            "char_start": a.start,
            "char_end": a.end,
        }

    @staticmethod
    def _entity_row(e: Entity) -> Row:
        return {
            "id": e.id,
            "doc_id": e.doc_id,
            "name": e.name,
            "type": e.type,
            "role": e.role,
            "aliases": json.dumps(list(e.aliases), ensure_ascii=False),
            "mentions": _spans_json(e.mentions),
        }

    @staticmethod
    def _quantity_row(q: Quantity) -> Row:
        return {
            "id": q.id,
            "doc_id": q.doc_id,
            "value": q.value,
            "low": q.low,
            "high": q.high,
            "qualifier": q.qualifier,
            "category": q.category,
            "text": q.span.text,
            "char_start": q.span.start,
            "char_end": q.span.end,
            "attribution_id": q.attribution_id,
        }

    # -- reads ----------------------------------------------------------------------------------

    def failures(self) -> list[Failure]:
        rows = self.db.query("SELECT * FROM failures ORDER BY source, locator")
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
        rows = self.db.execute(
            "SELECT story, count(*) FROM documents GROUP BY story ORDER BY story"
        ).fetchall()
        return [(r[0], r[1]) for r in rows]

    def source_counts(self, where: str) -> tuple[int, int]:
        """Documents stored from one input (all versions) and failures recorded for it."""
        docs = self.db.execute("SELECT count(*) FROM documents WHERE source_path = ?", [where]).fetchone()[0]
        failed = self.db.execute("SELECT count(*) FROM failures WHERE source = ?", [where]).fetchone()[0]
        return int(docs), int(failed)

    def count_documents(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM documents").fetchone()[0])

    def documents(self, story: str | None = None) -> list[Document]:
        if story is None:
            rows = self.db.query("SELECT * FROM documents ORDER BY published, id")
        else:
            rows = self.db.query(
                "SELECT * FROM documents WHERE story = ? ORDER BY published, id", [story]
            )
        return [self._document_from(r) for r in rows]

    def raw(self, sha256: str) -> RawInput | None:
        row = self.db.execute(
            "SELECT sha256, data, media_type, encoding FROM raw WHERE sha256 = ?", [sha256]
        ).fetchone()
        return RawInput(row[0], row[1], row[2], row[3]) if row else None

    def extractions(self, story: str | None = None) -> Iterator[Extraction]:
        for document in self.documents(story):
            yield self.extraction(document)

    def extraction(self, document: Document) -> Extraction:
        params = [document.id]
        attributions = tuple(
            self._attribution_from(r)
            for r in self.db.query(
                "SELECT * FROM attributions WHERE doc_id = ? ORDER BY char_start, id", params
            )
        )
        entities = tuple(
            self._entity_from(r)
            for r in self.db.query("SELECT * FROM entities WHERE doc_id = ? ORDER BY name, id", params)
        )
        quantities = tuple(
            self._quantity_from(r)
            for r in self.db.query(
                "SELECT * FROM quantities WHERE doc_id = ? ORDER BY char_start, id", params
            )
        )
        return Extraction(document, attributions, entities, quantities)

    @staticmethod
    def _document_from(r: Row) -> Document:
        return Document(
            id=r["id"],
            text=r["text"],
            url=r["url"],
            outlet=r["outlet"],
            title=r["title"],
            authors=tuple(json.loads(r["authors"] or "[]")),
            published=r["published"],
            updated=r["updated"],
            fetched=r["fetched"],
            language=r["language"],
            raw_sha256=r["raw_sha256"],
            source_path=r["source_path"],
            source_locator=r["source_locator"],
            input_kind=r["input_kind"],
            story=r["story"],
        )

    @staticmethod
    def _attribution_from(r: Row) -> Attribution:
        verification_span = _span_from(r, "verification")
        return Attribution(
            id=r["id"],
            doc_id=r["doc_id"],
            kind=r["kind"],
            content=_spans_from_json(r["content"]),
            source=_span_from(r, "source"),
            cue=_span_from(r, "cue"),
            speaker=r["speaker"],
            speaker_kind=r["speaker_kind"],
            speaker_entity_id=r["speaker_entity_id"],
            channel=r["channel"],
            verification=Verification(r["verification_status"], verification_span)
            if verification_span
            else None,
            polarity=r["polarity"],
        )

    @staticmethod
    def _entity_from(r: Row) -> Entity:
        return Entity(
            id=r["id"],
            doc_id=r["doc_id"],
            name=r["name"],
            type=r["type"],
            aliases=tuple(json.loads(r["aliases"] or "[]")),
            mentions=_spans_from_json(r["mentions"] or "[]"),
            role=r["role"],
        )

    @staticmethod
    def _quantity_from(r: Row) -> Quantity:
        return Quantity(
            id=r["id"],
            doc_id=r["doc_id"],
            value=r["value"],
            category=r["category"],
            span=Span(r["char_start"], r["char_end"], r["text"]),
            low=r["low"],
            high=r["high"],
            qualifier=r["qualifier"],
            attribution_id=r["attribution_id"],
        )


__all__ = ["SCHEMA_VERSION", "SQLiteStore", "version_key"]
