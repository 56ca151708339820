"""The report build from the store: refuses unverifiable spans, shows only the latest page version."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.cli import app
from claimledger.errors import ClaimLedgerError, ErrorCode
from claimledger.models import Extraction
from claimledger.report.source import report_from_store
from claimledger.store import open_store

runner = CliRunner()


def test_report_builds_from_a_clean_store(tmp_path: Path, small_extraction: Extraction) -> None:
    with open_store(tmp_path / "t.db") as store:
        store.add(small_extraction, None)
        report = report_from_store(store)
    assert [s.name for s in report.stories] == ["test-story"]
    assert report.reviewed == frozenset()


def test_report_refuses_a_quote_not_at_its_offsets(tmp_path: Path, small_extraction: Extraction) -> None:
    db = tmp_path / "t.db"
    with open_store(db) as store:
        store.add(small_extraction, None)
        store.db.execute("UPDATE documents SET text = replace(text, 'Two houses', 'Ten houses')")
        store.db.conn.commit()
        with pytest.raises(ClaimLedgerError) as info:
            report_from_store(store)
    assert info.value.code is ErrorCode.SOURCE_CHECK
    result = runner.invoke(app, ["report", "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {db}: E302 source-check: source check failed, ")
