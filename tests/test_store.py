from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from claimledger.errors import ErrorCode, StoreError
from claimledger.models import Extraction, Failure, RawInput
from claimledger.store import SCHEMA_VERSION, open_store


def test_round_trip_keeps_every_field(tmp_path: Path, small_extraction: Extraction) -> None:
    raw = RawInput.of(b"<html>raw</html>", "text/html", "utf-8")
    with open_store(tmp_path / "t.db") as store:
        assert store.add(small_extraction, raw, extractor="test")
        loaded = list(store.extractions())
        assert store.raw(raw.sha256) == raw
    assert loaded == [small_extraction]


def test_adding_twice_writes_nothing(tmp_path: Path, small_extraction: Extraction) -> None:
    with open_store(tmp_path / "t.db") as store:
        assert store.add(small_extraction, None)
        assert not store.add(small_extraction, None)
        assert store.count_documents() == 1


def test_failures_are_upserted_and_cleared(tmp_path: Path) -> None:
    failure = Failure(where="a.jsonl", code=ErrorCode.MALFORMED_JSON.value, message="bad", locator="line 2")
    with open_store(tmp_path / "t.db") as store:
        store.record_failure(failure)
        store.record_failure(failure)
        assert store.failures() == [failure]
        attempts = store.db.execute("SELECT attempts FROM failures").fetchone()[0]
        assert attempts == 2
        store.clear_failure("a.jsonl", "line 2")
        assert store.failures() == []


def test_file_opens_as_plain_sqlite_for_datasette(tmp_path: Path, small_extraction: Extraction) -> None:
    path = tmp_path / "t.db"
    with open_store(path) as store:
        store.add(small_extraction, None)
    db = sqlite_utils.Database(path)
    tables = set(db.table_names())
    assert {"documents", "attributions", "entities", "quantities", "failures", "raw", "meta"} <= tables
    assert db.table("meta").get("schema_version")["value"] == str(SCHEMA_VERSION)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    hits = list(db.table("attributions").search("nothing"))
    assert len(hits) == 1
    row = next(db.table("attributions").rows_where("polarity = ?", ["deny"]))
    text = db.table("documents").get(row["doc_id"])["text"]
    assert text[row["source_start"]:row["source_end"]] == row["source_text"]


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError) as info:
        open_store(path)
    assert info.value.code is ErrorCode.NOT_A_STORE
    assert str(path) in str(info.value)


def test_failed_transaction_leaves_no_partial_document(tmp_path: Path, small_extraction: Extraction) -> None:
    broken = Extraction(small_extraction.document, small_extraction.attributions * 2)  # duplicate ids
    with open_store(tmp_path / "t.db") as store:
        with pytest.raises(sqlite3.IntegrityError):
            store.add(broken, None)
        assert store.count_documents() == 0
        assert store.db.execute("SELECT count(*) FROM attributions").fetchone()[0] == 0
