"""Source check: every stored quote and number is verbatim at its offsets in the stored text."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.cli import app
from claimledger.models import Extraction
from claimledger.provenance.check import check_extraction, check_sources
from claimledger.store import open_store

REPO = Path(__file__).resolve().parents[1]
runner = CliRunner()


@pytest.fixture(scope="module")
def corpora_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("check") / "corpora.db"
    for target, story in [
        ("examples/belgorod", "belgorod-raid"),
        ("examples/kakhovka", "kakhovka-dam"),
        ("tests/fixtures/telegram", "telegram"),
    ]:
        result = runner.invoke(app, ["ingest", str(REPO / target), "--story", story, "--db", str(db)])
        assert result.exit_code == 0, result.output
    return db


def test_bundled_corpora_have_no_mismatch(corpora_db: Path) -> None:
    with open_store(corpora_db) as store:
        assert check_sources(store) == []
        spans = sum(len(e.attributions) + len(e.quantities) for e in store.extractions())
    assert spans > 300  # the check really looked at something
    result = runner.invoke(app, ["check", "--db", str(corpora_db)])
    assert (result.exit_code, result.stdout) == (0, "all quotes and numbers found verbatim in 44 documents\n")
    result = runner.invoke(app, ["check", "--db", str(corpora_db), "--story", "belgorod-raid"])
    assert result.stdout == "all quotes and numbers found verbatim in 1 documents\n"


def test_a_corrupted_database_fails_the_check(corpora_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "corrupt.db"
    db.write_bytes(corpora_db.read_bytes())
    con = sqlite3.connect(db)
    att_id, doc_id, content = con.execute(
        "SELECT id, doc_id, content FROM attributions ORDER BY id LIMIT 1"
    ).fetchone()
    spans = json.loads(content)
    spans[0]["start"] += 1
    con.execute("UPDATE attributions SET content = ? WHERE id = ?", [json.dumps(spans), att_id])
    qty_id = con.execute("SELECT id FROM quantities ORDER BY id LIMIT 1").fetchone()[0]
    con.execute("UPDATE quantities SET text = 'forty-two' WHERE id = ?", [qty_id])
    con.commit()
    con.close()
    with open_store(db) as store:
        mismatches = check_sources(store)
    assert [(m.item_id, m.field) for m in mismatches] == sorted(
        [(att_id, "attribution.content[0]"), (qty_id, "quantity")], key=lambda t: t[1]
    )
    result = runner.invoke(app, ["check", "--db", str(db)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[-1] == "2 mismatches in 44 documents"
    assert any(line.startswith(f"mismatch: {doc_id} {att_id} attribution.content[0] ") for line in lines)
    assert any("stored 'forty-two', source has" in line for line in lines)
    payload = json.loads(runner.invoke(app, ["check", "--db", str(db), "--json"]).stdout)
    assert len(payload["mismatches"]) == 2


def test_an_offset_past_the_end_is_a_mismatch(small_extraction: Extraction) -> None:
    assert check_extraction(small_extraction) == []
    q = small_extraction.quantities[0]
    broken = type(q)(
        id=q.id,
        doc_id=q.doc_id,
        value=q.value,
        category=q.category,
        span=type(q.span)(10_000, 10_010, q.span.text),
    )
    bad = Extraction(small_extraction.document, small_extraction.attributions, (), (broken,))
    (mismatch,) = check_extraction(bad)
    assert (mismatch.field, mismatch.found) == ("quantity", "")
