"""Source versions: numbering by URL, the schema migration, claim-level diffs, deleted pages."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.cli import app
from claimledger.errors import StoreError
from claimledger.models import Attribution, Document, Extraction, Quantity, Span
from claimledger.provenance.versions import diff_extractions, history, latest_documents, latest_extractions
from claimledger.store import SCHEMA_VERSION, open_store

runner = CliRunner()
URL = "https://example.org/dam"


def _span(text: str, needle: str) -> Span:
    i = text.index(needle)
    return Span(i, i + len(needle), needle)


def _version(
    text: str, quotes: list[tuple[str, str]], numbers: list[tuple[str, float, str]], url: str = URL
) -> Extraction:
    doc = Document(id=Document.make_id(text, url), text=text, url=url, outlet="example.org", story="s")
    atts = []
    for speaker, quote in quotes:
        content = (_span(text, quote),)
        atts.append(
            Attribution(
                id=Attribution.make_id(doc.id, content),
                doc_id=doc.id,
                kind="direct",
                content=content,
                source=_span(text, speaker),
                speaker=speaker,
            )
        )
    qtys = [
        Quantity(id=Quantity.make_id(doc.id, s.start, s.end), doc_id=doc.id, value=v, category=c, span=s)
        for needle, v, c in numbers
        for s in [_span(text, needle)]
    ]
    return Extraction(doc, tuple(atts), (), tuple(qtys))


V1_TEXT = (
    "The governor said: “Twelve people died in the flood.” The ministry said: “We will rebuild "
    "the dam within a year.” Rescuers evacuated 300 residents."
)
V2_TEXT = "The governor said: “Seventeen people died in the flood.” Rescuers evacuated 300 residents."
V1 = _version(
    V1_TEXT,
    [
        ("The governor", "Twelve people died in the flood."),
        ("The ministry", "We will rebuild the dam within a year."),
    ],
    [("Twelve people", 12, "killed"), ("300 residents", 300, "evacuated")],
)
V2 = _version(
    V2_TEXT,
    [("The governor", "Seventeen people died in the flood.")],
    [("Seventeen people", 17, "killed"), ("300 residents", 300, "evacuated")],
)


def test_diff_names_changed_numbers_and_removed_quotes() -> None:
    summaries = [(c.kind, c.summary) for c in diff_extractions(V1, V2)]
    assert summaries == [
        (
            "changed",
            "quote changed (The governor): “Twelve people died in the flood.” → "
            "“Seventeen people died in the flood.”",
        ),
        ("removed", "quote removed: The ministry: “We will rebuild the dam within a year.”"),
        ("changed", "death toll 12 → 17"),
    ]


def test_diff_of_identical_versions_is_empty() -> None:
    assert diff_extractions(V1, V1) == ()


def test_an_added_quote_and_number() -> None:
    summaries = [c.summary for c in diff_extractions(V2, V1)]
    assert "quote added: The ministry: “We will rebuild the dam within a year.”" in summaries
    assert "death toll 17 → 12" in summaries


def test_versions_are_numbered_per_url_and_all_kept(tmp_path: Path) -> None:
    with open_store(tmp_path / "t.db") as store:
        assert store.add(V1, None) and store.add(V2, None)
        assert [r["version"] for r in store.versions(URL)] == [1, 2]
        assert store.count_documents() == 2
        assert [d.id for d in latest_documents(store)] == [V2.document.id]
        found = history(store, URL)
        assert [v.number for v in found.versions] == [1, 2]
        assert [c.summary for c in found.versions[1].changes][-1] == "death toll 12 → 17"


def test_a_deleted_page_leaves_the_ledger_until_it_returns(tmp_path: Path) -> None:
    other = _version("Another page: “Water is falling.”", [], [], url="https://example.org/other")
    with open_store(tmp_path / "t.db") as store:
        store.add(V1, None)
        store.add(other, None)
        assert store.mark_deleted(URL) == 2
        assert store.mark_deleted(URL) == 2
        assert store.mark_deleted("https://nowhere.example") is None
        assert [d.id for d in latest_documents(store)] == [other.document.id]
        assert history(store, URL).deleted
        store.add(V2, None)
        assert [d.id for d in latest_documents(store, story="s")] == sorted(
            [other.document.id, V2.document.id]
        )


def test_a_version_1_database_is_migrated(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with open_store(db) as store:
        store.add(V1, None)
        store.add(V2, None)
    con = sqlite3.connect(db)
    con.execute("DROP TABLE versions")
    con.execute("DROP TABLE runs")
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    with open_store(db) as store:
        assert store.db.execute("SELECT value FROM meta").fetchone()[0] == str(SCHEMA_VERSION)
        assert sorted(r["doc_id"] for r in store.versions(URL)) == sorted([V1.document.id, V2.document.id])
        assert store.runs() == []


def _db_with_versions(tmp_path: Path) -> Path:
    db = tmp_path / "t.db"
    with open_store(db) as store:
        store.add(V1, None)
        store.add(V2, None)
    return db


def _without_times(text: str) -> str:
    return re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", "TIME", text)


def test_history_command(tmp_path: Path) -> None:
    db = _db_with_versions(tmp_path)
    result = runner.invoke(app, ["history", URL, "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert _without_times(result.stdout).splitlines() == [
        f"v1  TIME  {V1.document.id}",
        f"v2  TIME  {V2.document.id}",
        "    changed  quote changed (The governor): “Twelve people died in the flood.” → "
        "“Seventeen people died in the flood.”",
        "    removed  quote removed: The ministry: “We will rebuild the dam within a year.”",
        "    changed  death toll 12 → 17",
    ]
    payload = json.loads(runner.invoke(app, ["history", URL, "--db", str(db), "--json"]).stdout)
    assert payload["versions"][1]["changes"][2]["summary"] == "death toll 12 → 17"


def test_history_mark_deleted(tmp_path: Path) -> None:
    db = _db_with_versions(tmp_path)
    result = runner.invoke(app, ["history", URL, "--db", str(db), "--mark-deleted"])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"marked {URL} deleted (version 3)\n"
    assert _without_times(result.stdout).splitlines()[-1] == "v3  TIME  deleted"


def test_history_of_an_unknown_page(tmp_path: Path) -> None:
    db = _db_with_versions(tmp_path)
    result = runner.invoke(app, ["history", "https://nowhere.example/", "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr == "error: https://nowhere.example/: no stored version of this page\n"


def test_diff_command_shows_claim_changes_of_an_edited_page(tmp_path: Path) -> None:
    old_db = tmp_path / "old.db"
    with open_store(old_db) as store:
        store.add(V1, None)
    new_db = _db_with_versions(tmp_path)
    result = runner.invoke(app, ["diff", str(old_db), str(new_db)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "documents added (1):",
        f"  {V2.document.id} {URL} (example.org)",
        "pages changed (1):",
        f"  {URL}: {V1.document.id} → {V2.document.id}",
        "      changed quote changed (The governor): “Twelve people died in the flood.” → "
        "“Seventeen people died in the flood.”",
        "      removed quote removed: The ministry: “We will rebuild the dam within a year.”",
        "      changed death toll 12 → 17",
    ]


def test_latest_extractions_carry_the_claims(tmp_path: Path) -> None:
    with open_store(_db_with_versions(tmp_path)) as store:
        assert latest_extractions(store) == [V2]


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    open_store(db).close()
    con = sqlite3.connect(db)
    con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="written by a newer claimledger"):
        open_store(db)
