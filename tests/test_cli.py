"""CLI behaviour through Typer's CliRunner: exact messages, exit codes, idempotence, failures, retry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.cli import app

from .conftest import SEED

runner = CliRunner()

ARTICLE = (
    "<html><head><title>Drone strike hits border town</title></head><body><article>"
    "<h1>Drone strike hits border town</h1>"
    + "".join(
        f"<p>Paragraph {i}: two houses caught fire after the drone attack overnight, the regional "
        f"governor said on Telegram, adding that nine people were taken to hospital.</p>"
        for i in range(6)
    )
    + "</article></body></html>"
)


def invoke(*args: str) -> object:
    return runner.invoke(app, list(args))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "page.html").write_text(ARTICLE, encoding="utf-8")
    return folder


def test_ingest_twice_is_idempotent(tmp_path: Path, corpus: Path) -> None:
    db = str(tmp_path / "t.db")
    first = runner.invoke(app, ["ingest", str(corpus), "--db", db])
    assert first.exit_code == 0, first.output
    assert first.stdout == "2 new, 0 unchanged, 0 failed\n"
    second = runner.invoke(app, ["ingest", str(corpus), "--db", db])
    assert second.exit_code == 0
    assert second.stdout == "0 new, 2 unchanged, 0 failed\n"


def test_bad_input_is_recorded_and_the_batch_goes_on(tmp_path: Path, corpus: Path) -> None:
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "junk.html").write_bytes(bytes(range(256)) * 20)
    (corpus / "lines.jsonl").write_text('{"url": "https://e.org/1", "text": "x"\n', encoding="utf-8")
    db = str(tmp_path / "t.db")
    result = runner.invoke(app, ["ingest", str(corpus), "--db", db])
    assert result.exit_code == 1
    assert result.stdout == "2 new, 0 unchanged, 3 failed\n"
    assert f"failed: {corpus / 'empty.txt'}: E101 " in result.stderr
    assert f"failed: {corpus / 'junk.html'}: E102 " in result.stderr
    assert f"failed: {corpus / 'lines.jsonl'} line 1: E105 " in result.stderr

    listed = runner.invoke(app, ["failures", "--db", db, "--json"])
    assert listed.exit_code == 0
    rows = json.loads(listed.stdout)
    assert [(Path(r["source"]).name, r["locator"], r["code"]) for r in rows] == [
        ("empty.txt", "", "E101"),
        ("junk.html", "", "E102"),
        ("lines.jsonl", "line 1", "E105"),
    ]

    (corpus / "empty.txt").write_text(ARTICLE.replace("houses", "barns"), encoding="utf-8")
    retried = runner.invoke(app, ["ingest", "--retry-failed", "--db", db])
    assert retried.exit_code == 1  # two inputs are still broken
    assert retried.stdout == "1 new, 0 unchanged, 2 failed\n"
    assert len(json.loads(runner.invoke(app, ["failures", "--db", db, "--json"]).stdout)) == 2


def test_nothing_to_ingest_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", "--db", str(tmp_path / "t.db")])
    assert result.exit_code == 2
    assert result.stderr == "error: nothing to ingest: give files, directories or URLs, or --retry-failed\n"


def test_report_on_a_missing_database(tmp_path: Path) -> None:
    db = tmp_path / "none.db"
    result = runner.invoke(app, ["report", "--db", str(db)])
    assert result.exit_code == 1
    expected = f"error: {db}: no such database (create it with `claimledger ingest ... --db {db}`)\n"
    assert result.stderr == expected
    assert not db.exists()


def test_report_with_an_unknown_format(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", "--db", str(tmp_path / "t.db"), "--format", "pdf"])
    assert result.exit_code == 2
    assert result.stderr == "error: unknown format 'pdf': choose one of md, html, json\n"


def test_report_on_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    db = tmp_path / "junk.db"
    db.write_bytes(b"not a database at all" * 50)
    result = runner.invoke(app, ["report", "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {db}: E301 not-a-store: not a claimledger database")


def test_fetch_is_refused_without_the_flag(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", "http://127.0.0.1:9/x", "--db", str(tmp_path / "t.db")])
    assert result.exit_code == 1
    assert "failed: http://127.0.0.1:9/x: E109 " in result.stderr


def test_extract_json_needs_no_database(tmp_path: Path, corpus: Path) -> None:
    result = runner.invoke(app, ["extract", str(corpus / "page.html"), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    (doc,) = payload["documents"]
    assert doc["title"] == "Drone strike hits border town"
    assert list(tmp_path.glob("*.db")) == []


def test_every_ingest_run_writes_a_manifest(tmp_path: Path, corpus: Path) -> None:
    db = str(tmp_path / "t.db")
    manifest = tmp_path / "run.json"
    result = runner.invoke(app, ["ingest", str(corpus), "--db", db, "--manifest", str(manifest)])
    assert result.exit_code == 0, result.output
    written = json.loads(manifest.read_text(encoding="utf-8"))
    assert written["counts"]["new"] == 2
    runner.invoke(app, ["ingest", str(corpus), "--db", db])
    shown = runner.invoke(app, ["manifest", "--db", db, "--all", "--json"])
    assert shown.exit_code == 0, shown.output
    assert len(json.loads(shown.stdout)) == 2


def test_version() -> None:
    from claimledger import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"claimledger {__version__}\n"
