"""Crash safety: `kill -9` an ingest at random points, rerun it, and nothing is lost or duplicated.

Each seed starts `claimledger ingest` in a subprocess on a small corpus (the seed article and ten
Kakhovka lines), kills it with SIGKILL either once the database holds N documents or after a random
sleep, then reruns the same command to completion. The final database must hold exactly the content
of an uninterrupted run (timestamps and attempt counters aside).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .conftest import KAKHOVKA, SEED

CLAIMLEDGER = str(Path(sys.executable).with_name("claimledger"))
SEEDS = (1, 2, 3)
N_KAKHOVKA_LINES = 10
N_DOCUMENTS = 1 + N_KAKHOVKA_LINES
# Columns that legitimately differ between two runs.
VOLATILE = {"ingested_at", "first_seen", "last_seen", "attempts"}
TABLES = ("documents", "raw", "attributions", "entities", "quantities", "failures")

Dump = dict[str, list[tuple[Any, ...]]]


def canonical_dump(db: Path) -> Dump:
    """Every stored row of the content tables, sorted, without the volatile columns."""
    with sqlite3.connect(db) as conn:
        dump: Dump = {}
        for table in TABLES:
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in VOLATILE]
            rows = conn.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
            dump[table] = sorted(rows, key=repr)
    return dump


def document_count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.2) as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.Error:  # not created yet, or locked for a moment
        return 0


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("crash") / "corpus"
    folder.mkdir()
    (folder / SEED.name).write_bytes(SEED.read_bytes())
    lines = KAKHOVKA.read_text(encoding="utf-8").splitlines(keepends=True)[:N_KAKHOVKA_LINES]
    (folder / "kakhovka.jsonl").write_text("".join(lines), encoding="utf-8")
    return folder


def command(corpus: Path, db: Path) -> list[str]:
    return [CLAIMLEDGER, "ingest", str(corpus), "--db", str(db), "--story", "crash", "--batch-size", "2"]


def run_to_completion(corpus: Path, db: Path) -> None:
    done = subprocess.run(command(corpus, db), capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Dump, float]:
    """The uninterrupted run's content, and how long it took (the range for random kill times)."""
    db = tmp_path_factory.mktemp("reference") / "ref.db"
    started = time.monotonic()
    run_to_completion(corpus, db)
    seconds = time.monotonic() - started
    dump = canonical_dump(db)
    assert len(dump["documents"]) == N_DOCUMENTS
    assert dump["failures"] == []
    return dump, seconds


def kill_at_random_point(corpus: Path, db: Path, rng: random.Random, full_run: float) -> str:
    """Start an ingest and SIGKILL it; returns where it was killed (for the assertion message).

    Half the kills wait for the database to grow by a random number of documents (a kill between
    or during the per-document transactions), half sleep a random part of a full run's time.
    """
    before = document_count(db)
    process = subprocess.Popen(command(corpus, db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if rng.random() < 0.5 and before < N_DOCUMENTS - 1:
        target = rng.randint(before + 1, N_DOCUMENTS - 1)
        return sigkill(
            process,
            until=lambda: document_count(db) >= target,
            where=lambda: f"after {document_count(db)} documents (target {target})",
        )
    return sigkill(process, delay=rng.uniform(0.1, 0.9) * full_run)


def sigkill(
    process: subprocess.Popen[bytes],
    *,
    until: Callable[[], bool] | None = None,
    where: Callable[[], str] | None = None,
    delay: float = 0.0,
) -> str:
    """SIGKILL `process` once `until()` holds (polled every 5 ms) or else after `delay` seconds, and
    return where it was killed (for the assertion message)."""
    started = time.monotonic()
    try:
        if until is not None:
            while not until() and process.poll() is None:
                time.sleep(0.005)
        else:
            time.sleep(delay)
        at = where() if where is not None else f"after {delay:.2f} s"
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    return f"{at}, {time.monotonic() - started:.1f} s in, exit {process.returncode}"


@pytest.mark.parametrize("seed", SEEDS)
def test_kill_and_resume_loses_and_duplicates_nothing(
    seed: int, corpus: Path, reference: tuple[Dump, float], tmp_path: Path
) -> None:
    expected, full_run = reference
    rng = random.Random(seed)
    db = tmp_path / "crash.db"
    kills = [kill_at_random_point(corpus, db, rng, full_run) for _ in range(1 + seed % 2)]
    survived = document_count(db)
    run_to_completion(corpus, db)
    final = canonical_dump(db)
    context = f"seed {seed}: killed {kills}; {survived} documents survived the kills"
    assert len(final["documents"]) == N_DOCUMENTS, context
    assert final == expected, context
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", context
        duplicated = conn.execute(
            "SELECT source_path, source_locator, count(*) FROM documents "
            "GROUP BY source_path, source_locator HAVING count(*) > 1"
        ).fetchall()
    assert duplicated == [], context


def test_kill_points_are_real() -> None:
    """The harness kills for real: a killed process reports SIGKILL."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=10) == -signal.SIGKILL
    assert os.path.exists(CLAIMLEDGER)
