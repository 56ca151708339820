"""A document the store refuses is recorded as that document's failure; the rest of the batch lands."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

import claimledger.runner
from claimledger.store import open_store
from claimledger.store.base import SqlStore

ARTICLE = (
    "Officials in Kherson said on Tuesday that {n} residents had been evacuated. "
    "The governor said the water was still rising."
)


def write_articles(folder: Path, names: list[str]) -> list[str]:
    folder.mkdir()
    for n, name in enumerate(names, start=1):
        (folder / name).write_text(ARTICLE.format(n=100 * n), encoding="utf-8")
    return [str(folder / name) for name in names]


def refuse(name: str, error: Exception, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make `Store.add` raise `error` for the document read from the file called `name`."""
    real_add = SqlStore.add

    def add(self: SqlStore, extraction: Any, raw: Any, *, extractor: str = "") -> bool:
        if Path(extraction.document.source_path or "").name == name:
            raise error
        return real_add(self, extraction, raw, extractor=extractor)

    monkeypatch.setattr(SqlStore, "add", add)


def test_a_refused_document_is_recorded_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = write_articles(tmp_path / "in", ["a.txt", "bad.txt", "c.txt"])
    refuse("bad.txt", sqlite3.IntegrityError("UNIQUE constraint failed: attributions.id"), monkeypatch)
    with open_store(tmp_path / "s.db") as store:
        summary = claimledger.runner.ingest(store, paths, story="s", attribution="rules")
        assert (summary.new, summary.failed) == (2, 1)
        assert store.count_documents() == 2
        (failure,) = store.failures()
    assert failure.where == paths[1]
    assert failure.code == "E300"
    assert failure.message == (
        "could not store the document: IntegrityError: UNIQUE constraint failed: attributions.id"
    )


def test_a_refused_document_is_stored_on_retry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = write_articles(tmp_path / "in", ["a.txt", "bad.txt"])
    with monkeypatch.context() as patch:
        refuse("bad.txt", sqlite3.IntegrityError("constraint"), patch)
        with open_store(tmp_path / "s.db") as store:
            claimledger.runner.ingest(store, paths, story="s", attribution="rules")
    with open_store(tmp_path / "s.db") as store:
        summary = claimledger.runner.ingest(store, [], retry_failed=True, story="s", attribution="rules")
        assert (summary.new, summary.failed) == (1, 0)
        assert store.failures() == []
        assert store.count_documents() == 2


def test_a_store_that_cannot_record_failures_stops_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Disk full or connection lost: every document would fail alike, so the first error ends the run."""
    paths = write_articles(tmp_path / "in", ["a.txt", "b.txt"])
    broken = sqlite3.OperationalError("database or disk is full")
    refuse("a.txt", broken, monkeypatch)

    def cannot_record(self: SqlStore, failure: Any) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(SqlStore, "record_failure", cannot_record)
    with open_store(tmp_path / "s.db") as store, pytest.raises(sqlite3.OperationalError) as raised:
        claimledger.runner.ingest(store, paths, story="s", attribution="rules")
    assert raised.value is broken
