"""Crash safety of the ledger step: `kill -9` `claimledger ledger` at random points, rerun it, and the
ledger tables end identical to an uninterrupted run.

(A file of its own next to tests/test_crash_safety.py: each ledger run loads the sentence encoder,
about 9 s, and both suites together would exceed the 60 s budget of one test file.)

One ingested database (ten Kakhovka lines, split into two stories so that a kill can land between
the per-story transactions) is copied for the reference run and for every seed. Each seed kills the
ledger once, either as soon as the first story's ledger is committed or after a random part of a full
run's time, then reruns it to completion. The comparison covers every `ledger_*` table (rows sorted,
without the columns that record when something was written) and the documents' story assignment.
"""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from .conftest import KAKHOVKA
from .test_crash_safety import CLAIMLEDGER, sigkill

SEEDS = (1, 2, 3)
N_LINES = 10
LEDGER_TABLES = (
    "ledger_stories", "ledger_groups", "ledger_members", "ledger_disputes", "ledger_numbers",
    "ledger_number_history",
)
# When a row was written, not what it says: differs between two runs by design.
VOLATILE = {"first_seen", "last_seen", "updated_at", "built_at", "recorded_at"}

Dump = dict[str, list[str]]


def _without_volatile(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_volatile(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_without_volatile(v) for v in value]
    return value


def _canonical(row: dict[str, Any]) -> str:
    kept = {}
    for key, value in row.items():
        if key in VOLATILE:
            continue
        if key == "data" and isinstance(value, str):
            value = _without_volatile(json.loads(value))
        kept[key] = value
    return json.dumps(kept, sort_keys=True, ensure_ascii=False)


def ledger_dump(db: Path) -> Dump:
    """Every row of the ledger tables (and the documents' stories) as sorted canonical JSON lines."""
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        dump: Dump = {}
        for table in LEDGER_TABLES:
            dump[table] = sorted(_canonical(dict(r)) for r in conn.execute(f"SELECT * FROM {table}"))
        stories = conn.execute("SELECT id, story FROM documents")
        dump["documents"] = sorted(_canonical(dict(r)) for r in stories)
    return dump


def stories_written(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.2) as conn:
            return int(conn.execute("SELECT count(*) FROM ledger_stories").fetchone()[0])
    except sqlite3.Error:  # no table yet, or locked for a moment
        return 0


def copy_db(source: Path, target: Path) -> Path:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


def ledger(db: Path) -> list[str]:
    return [CLAIMLEDGER, "ledger", "--db", str(db)]


def run_ledger(db: Path) -> None:
    done = subprocess.run(ledger(db), capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ten Kakhovka reports in two stories (no ledger yet)."""
    folder = tmp_path_factory.mktemp("ledger-crash")
    lines = KAKHOVKA.read_text(encoding="utf-8").splitlines(keepends=True)[:N_LINES]
    (folder / "corpus").mkdir()
    (folder / "corpus" / "kakhovka.jsonl").write_text("".join(lines), encoding="utf-8")
    db = folder / "ingested.db"
    command = [CLAIMLEDGER, "ingest", str(folder / "corpus"), "--db", str(db), "--story", "dam-a"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE documents SET story = 'dam-b' WHERE id IN "
                     "(SELECT id FROM documents ORDER BY id LIMIT ?)", [N_LINES // 2])
    return db


@pytest.fixture(scope="module")
def reference(ingested: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Dump, float]:
    db = copy_db(ingested, tmp_path_factory.mktemp("ledger-ref") / "ref.db")
    started = time.monotonic()
    run_ledger(db)
    seconds = time.monotonic() - started
    dump = ledger_dump(db)
    assert len(dump["ledger_stories"]) == 2
    assert dump["ledger_groups"] and dump["ledger_members"] and dump["ledger_number_history"]
    return dump, seconds


def kill_ledger(db: Path, rng: random.Random, full_run: float) -> str:
    """Start `claimledger ledger` and SIGKILL it; returns where (for the assertion message)."""
    process = subprocess.Popen(ledger(db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if rng.random() < 0.5:
        return sigkill(
            process,
            until=lambda: stories_written(db) >= 1,
            where=lambda: f"after {stories_written(db)} committed stories",
        )
    return sigkill(process, delay=rng.uniform(0.1, 0.7) * full_run)


@pytest.mark.parametrize("seed", SEEDS)
def test_killed_ledger_reruns_to_the_same_tables(
    seed: int, ingested: Path, reference: tuple[Dump, float], tmp_path: Path
) -> None:
    expected, full_run = reference
    db = copy_db(ingested, tmp_path / "crash.db")
    where = kill_ledger(db, random.Random(seed), full_run)
    survived = stories_written(db)
    run_ledger(db)
    context = f"seed {seed}: killed {where}; {survived} stories' ledgers survived the kill"
    final = ledger_dump(db)
    for table in expected:
        assert final[table] == expected[table], f"{table} differs; {context}"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", context
