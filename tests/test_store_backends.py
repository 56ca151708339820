"""The store suite on both backends: SQLite always, PostgreSQL when CLAIMLEDGER_TEST_POSTGRES is set.

`scripts/with-postgres.sh COMMAND` (what `make test` runs) starts a throw-away server and sets it; each
PostgreSQL test gets a fresh schema (search_path) in that database, dropped afterwards.
"""

from __future__ import annotations

import json
import os
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest
from typer.testing import CliRunner

from claimledger.cli import app
from claimledger.errors import ErrorCode, StoreError
from claimledger.models import Document, Extraction, Failure, RawInput
from claimledger.store import SCHEMA_VERSION, StoreBackend, open_store, postgres_url
from claimledger.store.migrations import version_key

POSTGRES = os.environ.get("CLAIMLEDGER_TEST_POSTGRES")
NO_POSTGRES = (
    "CLAIMLEDGER_TEST_POSTGRES is not set: PostgreSQL tests skipped "
    "(run them with `scripts/with-postgres.sh .venv/bin/pytest ...` or `make test`)"
)
needs_postgres = pytest.mark.skipif(not POSTGRES, reason=NO_POSTGRES)
BACKENDS = ["sqlite", pytest.param("postgres", marks=needs_postgres)]


def with_search_path(url: str, schema: str) -> str:
    """`url` with every connection using `schema` (created by the caller)."""
    parts = urlsplit(url)
    query = [*parse_qsl(parts.query), ("options", f"-csearch_path={schema}")]
    return urlunsplit(parts._replace(query=urlencode(query)))


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A URL to an empty schema of the test server (dropped afterwards); skips without a server."""
    if not POSTGRES:
        pytest.skip(NO_POSTGRES)
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
        try:
            yield with_search_path(POSTGRES, schema)
        finally:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def postgres_location() -> Iterator[str]:
    with postgres_schema() as url:
        yield url


@pytest.fixture(params=BACKENDS)
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "t.db")
    return str(request.getfixturevalue("postgres_location"))


def scalar(store: Any, sql: str) -> Any:
    """One value from a query written for both backends (no parameters)."""
    if hasattr(store, "conn"):
        row = store.conn.execute(sql).fetchone()
        return next(iter(row.values()))
    return store.db.execute(sql).fetchone()[0]


def page(base: Extraction, text: str, *, url: str | None = "https://example.org/a", story: str = "s",
         published: str | None = "2023-05-23", source_path: str | None = None) -> Extraction:
    """A document without extractions (a version of `url` when it is the same URL)."""
    doc = replace(base.document, id=Document.make_id(text, url), text=text, url=url, story=story,
                  published=published, source_path=source_path)
    return Extraction(doc)


def integrity_errors() -> tuple[type[Exception], ...]:
    errors: list[type[Exception]] = [sqlite3.IntegrityError]
    if POSTGRES:
        import psycopg

        errors.append(psycopg.errors.IntegrityError)
    return tuple(errors)


# -- the suite, on both backends --------------------------------------------------------------------


def test_both_backends_satisfy_the_protocol(location: str) -> None:
    store: StoreBackend = open_store(location)
    with store:
        assert store.count_documents() == 0


def test_round_trip_keeps_every_field(location: str, small_extraction: Extraction) -> None:
    raw = RawInput.of(b"<html>raw \x00\xff</html>", "text/html", "utf-8")
    with open_store(location) as store:
        assert store.add(small_extraction, raw, extractor="test")
        assert list(store.extractions()) == [small_extraction]
        assert store.extraction(small_extraction.document) == small_extraction
        assert store.raw(raw.sha256) == raw
        assert store.raw("0" * 64) is None
        assert store.document(small_extraction.document.id) == small_extraction.document
        assert store.document("nope") is None
        assert store.has_document(small_extraction.document.id)
    with open_store(location) as store:  # survives reopening (and the schema is not re-migrated)
        assert list(store.extractions()) == [small_extraction]


def test_adding_twice_writes_nothing(location: str, small_extraction: Extraction) -> None:
    raw = RawInput.of(b"x", "text/plain", "utf-8")
    with open_store(location) as store:
        assert store.add(small_extraction, raw)
        assert not store.add(small_extraction, raw)
        assert store.count_documents() == 1
        assert scalar(store, "SELECT count(*) FROM attributions") == 2


def test_failures_are_upserted_and_cleared(location: str) -> None:
    failure = Failure(where="a.jsonl", code=ErrorCode.MALFORMED_JSON.value, message="bad", locator="line 2")
    other = Failure(where="b.html", code=ErrorCode.NO_ARTICLE_TEXT.value, message="empty")
    with open_store(location) as store:
        store.record_failure(failure)
        store.record_failure(other)
        store.record_failure(failure)
        assert store.failures() == [failure, other]
        assert scalar(store, "SELECT attempts FROM failures WHERE source = 'a.jsonl'") == 2
        store.clear_failure("a.jsonl", "line 2")
        assert store.failures() == [other]


def test_adding_a_document_clears_its_failure(location: str, small_extraction: Extraction) -> None:
    good = page(small_extraction, "Now it parses.", url=None, source_path="b.html")
    with open_store(location) as store:
        store.record_failure(Failure(where="b.html", code=ErrorCode.NO_ARTICLE_TEXT.value, message="x"))
        assert store.add(good, None)
        assert store.failures() == []


def test_failed_transaction_leaves_no_partial_document(location: str, small_extraction: Extraction) -> None:
    broken = Extraction(small_extraction.document, small_extraction.attributions * 2)  # duplicate ids
    with open_store(location) as store:
        with pytest.raises(integrity_errors()):
            store.add(broken, None)
        assert store.count_documents() == 0
        assert scalar(store, "SELECT count(*) FROM attributions") == 0
        assert scalar(store, "SELECT count(*) FROM versions") == 0
        assert store.add(small_extraction, None)  # the connection is usable afterwards


def test_stories_and_documents_by_story(location: str, small_extraction: Extraction) -> None:
    a = page(small_extraction, "first", url="https://x.org/1", story="b", published="2023-05-24")
    b = page(small_extraction, "second", url="https://x.org/2", story="a", published=None)
    c = page(small_extraction, "third", url="https://x.org/3", story="b", published="2023-05-22")
    with open_store(location) as store:
        for item in (a, b, c):
            store.add(item, None)
        assert store.stories() == [("a", 1), ("b", 2)]
        assert store.count_documents() == 3
        assert [d.id for d in store.documents("b")] == [c.document.id, a.document.id]
        # SQLite's order: documents without a date first
        assert [d.id for d in store.documents()] == [b.document.id, c.document.id, a.document.id]


def test_versions_and_deleted_pages(location: str, small_extraction: Extraction) -> None:
    url = "https://example.org/a"
    v1 = page(small_extraction, "one")
    v2 = page(small_extraction, "two")
    other = page(small_extraction, "other", url="https://example.org/b")
    with open_store(location) as store:
        for item in (v1, other, v2):
            store.add(item, None)
        assert [(r["version"], r["doc_id"], r["deleted"]) for r in store.versions(url)] == [
            (1, v1.document.id, 0),
            (2, v2.document.id, 0),
        ]
        version = store.version_of(v2.document.id)
        assert version is not None and version["key"] == url and version["version"] == 2
        assert store.version_of("nope") is None
        assert sorted(d.id for d in store.latest_documents()) == sorted([v2.document.id, other.document.id])
        assert store.mark_deleted(url) == 3
        assert store.mark_deleted(url) == 3
        assert store.mark_deleted("https://nowhere.example") is None
        assert [d.id for d in store.latest_documents("s")] == [other.document.id]
        assert store.latest_documents("no-such-story") == []


def test_file_pages_are_keyed_by_path(location: str, small_extraction: Extraction) -> None:
    item = page(small_extraction, "from a file", url=None, source_path="notes/a.txt")
    with open_store(location) as store:
        store.add(item, None)
        assert [r["doc_id"] for r in store.versions(version_key(None, "notes/a.txt", None))] == [
            item.document.id
        ]


def test_runs_keep_their_manifests(location: str) -> None:
    manifest = {"claimledger": "0", "inputs": [{"path": "a", "sha256": "f" * 64}], "note": "ü"}
    with open_store(location) as store:
        first = store.record_run(manifest, "2026-01-01T00:00:00+00:00", "2026-01-01T00:01:00+00:00")
        second = store.record_run({}, "2026-01-02T00:00:00+00:00")
        assert second == first + 1
        runs = store.runs()
    assert [r["id"] for r in runs] == [first, second]
    assert runs[0]["manifest"] == manifest
    assert runs[0]["finished_at"] == "2026-01-01T00:01:00+00:00"
    assert runs[1]["finished_at"]


def test_schema_version_is_recorded(location: str) -> None:
    with open_store(location) as store:
        assert scalar(store, "SELECT value FROM meta WHERE key = 'schema_version'") == str(SCHEMA_VERSION)


# -- backend specifics ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u@h/db", "postgresql://u@h/db"),
        (Path("postgresql://u@h:5432/db"), "postgresql://u@h:5432/db"),  # a Path --db loses one slash
        ("postgres://u@/db?host=/tmp/x", "postgres://u@/db?host=/tmp/x"),
        ("PostgreSQL://u@h/db", "postgresql://u@h/db"),
        ("claimledger.db", None),
        (Path("out/postgresql.db"), None),
    ],
)
def test_the_scheme_picks_the_backend(given: str | Path, expected: str | None) -> None:
    assert postgres_url(given) == expected


def test_an_unreachable_server_is_a_clear_error(tmp_path: Path) -> None:
    pytest.importorskip("psycopg")
    url = f"postgresql://nobody:secret@/db?host={tmp_path}&port=1&connect_timeout=2"
    with pytest.raises(StoreError) as info:
        open_store(url)
    assert "cannot connect to PostgreSQL" in str(info.value)
    assert "secret" not in str(info.value)


def test_the_sqlite_handle_is_sqlite_only(postgres_location: str, small_extraction: Extraction) -> None:
    from claimledger.ledger.build import _hash_embed
    from claimledger.ledger.store import stored_ledger, update_all

    with open_store(postgres_location) as store:
        with pytest.raises(StoreError, match=r"use `store\.sql`"):
            _ = store.db
        store.add(small_extraction, None)
        # the ledger works through store.sql
        assert [s.story for s in update_all(store, embedder=_hash_embed)] == ["test-story"]
        assert stored_ledger(store, "test-story") is not None


def test_postgres_full_text_search(postgres_location: str, small_extraction: Extraction) -> None:
    from claimledger.store.postgres import PostgresStore

    flood = page(small_extraction, "The dam burst and the flood reached Kherson.", url="https://x.org/f")
    with PostgresStore(postgres_location) as store:
        store.add(small_extraction, None)
        store.add(flood, None)
        assert [d.id for d in store.search_documents("flood Kherson")] == [flood.document.id]
        assert [d.id for d in store.search_documents("houses", story="test-story")] == [
            small_extraction.document.id
        ]
        assert store.search_documents('"houses caught" -fire') == []
        match = "SELECT count(*) FROM attributions WHERE search @@ to_tsquery('simple', 'nothing')"
        assert scalar(store, match) == 1


def test_postgres_counts_per_source(postgres_location: str, small_extraction: Extraction) -> None:
    from claimledger.store.postgres import PostgresStore

    with PostgresStore(postgres_location) as store:
        store.add(page(small_extraction, "from a", url=None, source_path="a.txt"), None)
        store.record_failure(Failure(where="b.txt", code=ErrorCode.EMPTY_INPUT.value, message="empty"))
        assert store.source_counts("a.txt") == (1, 0)
        assert store.source_counts("b.txt") == (0, 1)


def test_the_cli_reads_a_postgres_store(postgres_location: str, small_extraction: Extraction) -> None:
    with open_store(postgres_location) as store:
        store.add(small_extraction, None)
        store.record_failure(Failure(where="a.jsonl", code=ErrorCode.MALFORMED_JSON.value, message="bad"))
    runner = CliRunner()
    result = runner.invoke(app, ["stories", "--db", postgres_location, "--json"])
    assert result.exit_code == 0, result.output
    assert "test-story" in result.stdout
    result = runner.invoke(app, ["failures", "--db", postgres_location, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["source"] == "a.jsonl"


@needs_postgres
def test_both_backends_store_the_same(tmp_path: Path, postgres_location: str,
                                      small_extraction: Extraction) -> None:
    items = [small_extraction, page(small_extraction, "one"), page(small_extraction, "two", story="t"),
             page(small_extraction, "file", url=None, source_path="f.txt", published=None)]
    failure = Failure(where="z", code=ErrorCode.EMPTY_INPUT.value, message="empty", locator="3")
    key = items[0].document.url or ""
    results = []
    for location in (str(tmp_path / "t.db"), postgres_location):
        with open_store(location) as store:
            for item in items:
                store.add(item, RawInput.of(item.document.text.encode(), "text/plain", "utf-8"))
            store.record_failure(failure)
            store.mark_deleted("file:f.txt")
            results.append((
                list(store.extractions()), store.failures(), store.stories(), store.latest_documents(),
                [{k: v for k, v in r.items() if k != "recorded_at"} for r in store.versions(key)],
            ))
    assert results[0] == results[1]


def test_ingest_into_postgres_through_the_cli(postgres_location: str) -> None:
    from .conftest import SEED

    runner = CliRunner()
    first = runner.invoke(app, ["ingest", str(SEED.parent), "--db", postgres_location])
    assert first.exit_code == 0, first.output
    assert first.stdout == "1 new, 0 unchanged, 0 failed\n"
    second = runner.invoke(app, ["ingest", str(SEED.parent), "--db", postgres_location])
    assert second.exit_code == 0, second.output
    assert second.stdout == "0 new, 1 unchanged, 0 failed\n"
