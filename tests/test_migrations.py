"""Schema migrations on both backends: a version-1 database is upgraded to the current schema in place.

The SQLite upgrade is also covered by tests/test_provenance_versions.py (kept as it was); here both
backends get the same scenario: documents stored under schema 1 (two versions of one page, one file
page) become numbered versions in ingest order, and the store works normally afterwards.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from claimledger.errors import StoreError
from claimledger.models import Document, Extraction
from claimledger.store import SCHEMA_VERSION, open_store
from claimledger.store.migrations import sqlite as sqlite_migrations

from .test_store_backends import postgres_schema

URL = "https://example.org/a"


@pytest.fixture
def postgres_location() -> Iterator[str]:
    with postgres_schema() as url:
        yield url


def _pages(base: Extraction) -> list[Extraction]:
    """Stored in this order: v1 of URL, a file page, v2 of URL."""
    out = []
    for text, url, path in (("one", URL, None), ("file", None, "f.txt"), ("two", URL, None)):
        doc = replace(base.document, id=Document.make_id(text, url), text=text, url=url, source_path=path)
        out.append(Extraction(doc))
    return out


def _assert_migrated(location: str, pages: list[Extraction]) -> None:
    with open_store(location) as store:
        assert [r["doc_id"] for r in store.versions(URL)] == [pages[0].document.id, pages[2].document.id]
        assert [r["version"] for r in store.versions(URL)] == [1, 2]
        assert [r["doc_id"] for r in store.versions("file:f.txt")] == [pages[1].document.id]
        assert store.runs() == []
        latest = sorted([pages[1].document.id, pages[2].document.id])
        assert [d.id for d in store.latest_documents()] == latest
        assert store.mark_deleted(URL) == 3
        assert store.record_run({"after": "migration"}, "2026-01-01T00:00:00+00:00") == 1


# -- SQLite -----------------------------------------------------------------------------------------


def _sqlite_version_1(path: Path, pages: list[Extraction]) -> None:
    with open_store(path) as store:
        for item in pages:
            store.add(item, None)
    con = sqlite3.connect(path)
    con.execute("DROP TABLE versions")
    con.execute("DROP TABLE runs")
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.commit()
    con.close()


def test_sqlite_steps_cover_every_version() -> None:
    assert sorted(sqlite_migrations.STEPS) == list(range(2, SCHEMA_VERSION + 1))


def test_sqlite_upgrades_from_version_1(tmp_path: Path, small_extraction: Extraction) -> None:
    path = tmp_path / "old.db"
    pages = _pages(small_extraction)
    _sqlite_version_1(path, pages)
    _assert_migrated(str(path), pages)
    with sqlite3.connect(path) as con:
        assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(
            SCHEMA_VERSION
        )


def test_sqlite_upgrade_is_all_or_nothing(
    tmp_path: Path, small_extraction: Extraction, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.db"
    _sqlite_version_1(path, _pages(small_extraction))

    def broken(db: object) -> None:
        raise RuntimeError("step failed")

    monkeypatch.setitem(sqlite_migrations.STEPS, 2, broken)
    with pytest.raises(RuntimeError):
        open_store(path)
    with sqlite3.connect(path) as con:
        assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "1"


# -- PostgreSQL -------------------------------------------------------------------------------------


def _postgres_version_1(location: str, pages: list[Extraction]) -> None:
    """A database as the first release wrote it: schema step 1 only, documents inserted by hand."""
    import psycopg

    from claimledger.store.migrations import pg
    from claimledger.store.sqlite import SQLiteStore

    with psycopg.connect(location, autocommit=True) as conn:
        assert pg.upgrade(conn, target=1) == [1]
        for i, item in enumerate(pages):
            row = SQLiteStore._document_row(item.document, "v1")
            row["ingested_at"] = "2026-01-01T00:00:00+00:00"  # same second: insertion order decides
            conn.execute(
                f"INSERT INTO documents ({', '.join(row)}) VALUES ({', '.join(['%s'] * len(row))})",
                list(row.values()),
            )
            assert i == len(conn.execute("SELECT id FROM documents").fetchall()) - 1


def test_postgres_steps_are_numbered_without_gaps() -> None:
    pytest.importorskip("psycopg")
    from claimledger.store.migrations import pg

    assert [s.version for s in pg.steps()] == list(range(1, SCHEMA_VERSION + 1))


def test_postgres_upgrades_from_version_1(postgres_location: str, small_extraction: Extraction) -> None:
    import psycopg

    pages = _pages(small_extraction)
    _postgres_version_1(postgres_location, pages)
    _assert_migrated(postgres_location, pages)
    with psycopg.connect(postgres_location) as conn:
        applied = conn.execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
        meta = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    assert applied == [(1, "initial"), (2, "versions_runs")]
    assert meta == (str(SCHEMA_VERSION),)


def test_postgres_reopening_applies_nothing(postgres_location: str) -> None:
    import psycopg

    from claimledger.store.migrations import pg

    open_store(postgres_location).close()
    with psycopg.connect(postgres_location, autocommit=True) as conn:
        assert pg.upgrade(conn) == []
        assert pg.current_version(conn) == SCHEMA_VERSION


def test_postgres_refuses_a_newer_schema(postgres_location: str) -> None:
    import psycopg

    open_store(postgres_location).close()
    with psycopg.connect(postgres_location, autocommit=True) as conn:
        conn.execute("INSERT INTO schema_migrations (version, name) VALUES (99, 'future')")
    with pytest.raises(StoreError, match="written by a newer claimledger"):
        open_store(postgres_location)
