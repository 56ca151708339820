"""Dask scale-out: two local workers give exactly the single-process result."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.cli import app
from claimledger.errors import ClaimLedgerError
from claimledger.runner import ingest
from claimledger.store import open_store

from .conftest import KAKHOVKA, SEED
from .test_crash_safety import Dump, canonical_dump

pytest.importorskip("dask.distributed")

cli = CliRunner()
TARGETS = ((str(SEED.parent), "belgorod-raid"), (str(KAKHOVKA), "kakhovka-dam"))


def ingest_examples(db: Path, workers: int | None) -> Dump:
    with open_store(db) as store:
        for target, story in TARGETS:
            summary = ingest(store, [target], story=story, workers=workers, batch_size=4)
            assert summary.failed == 0, summary.failures
    return canonical_dump(db)


def test_two_workers_store_the_same_content_as_one_process(tmp_path: Path) -> None:
    single = ingest_examples(tmp_path / "single.db", workers=None)
    distributed = ingest_examples(tmp_path / "dask.db", workers=2)
    assert len(single["documents"]) == 41
    assert {table: len(rows) for table, rows in distributed.items()} == {
        table: len(rows) for table, rows in single.items()
    }
    assert distributed == single


def test_scheduler_address_and_rerun_is_idempotent(tmp_path: Path) -> None:
    from dask.distributed import LocalCluster

    db = tmp_path / "t.db"
    with LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=None) as cluster:
        address = cluster.scheduler_address
        first = cli.invoke(app, ["ingest", str(SEED.parent), "--db", str(db), "--scheduler", address])
        assert first.exit_code == 0, first.output
        assert first.stdout == "1 new, 0 unchanged, 0 failed\n"
        with open_store(db) as store:
            second = ingest(store, [str(SEED.parent)], scheduler=address)
    assert (second.new, second.unchanged) == (0, 1)


def test_workers_and_scheduler_together_are_a_usage_error(tmp_path: Path) -> None:
    args = ["ingest", str(SEED), "--db", str(tmp_path / "t.db"), "--workers", "2", "--scheduler", "tcp://x:1"]
    result = cli.invoke(app, args)
    assert result.exit_code == 2
    assert "give --workers or --scheduler, not both" in result.output


def test_single_process_path_does_not_import_dask() -> None:
    code = (
        "import sys, claimledger.runner, claimledger.cli; "
        "assert not any(m == 'dask' or m.startswith(('dask.', 'distributed')) for m in sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_unreachable_scheduler_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import claimledger.distributed

    monkeypatch.setattr(claimledger.distributed, "CONNECT_TIMEOUT", "1s")
    with open_store(tmp_path / "t.db") as store, pytest.raises(ClaimLedgerError, match="cannot connect"):
        ingest(store, [str(SEED)], scheduler="tcp://127.0.0.1:9")


def test_results_come_back_in_order_when_batches_finish_out_of_order(monkeypatch: pytest.MonkeyPatch) -> None:
    """A new batch goes out whenever any batch finishes; results are still stored in input order."""
    import time

    from dask.distributed import Client, LocalCluster

    import claimledger.distributed as distributed
    from claimledger.ingest import Loaded
    from claimledger.models import Document, Failure, RawInput
    from claimledger.runner import Result

    def slow_first(documents: list[Document], attribution: str) -> list[Result]:
        time.sleep(0.5 if documents[0].id == "d0" else 0.01)
        return [Failure(d.id, "E000", attribution) for d in documents]

    monkeypatch.setattr(distributed, "extract_on_worker", slow_first)
    raw = RawInput.of(b"x", "text/plain")
    items = [Loaded(Document(id=f"d{i}", text="x"), raw) for i in range(12)]
    batches = [items[i : i + 2] for i in range(0, 12, 2)]
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        done = list(distributed._run(client, "rules", 2, batches))
    assert [item.document.id for item, _ in done] == [f"d{i}" for i in range(12)]
    assert [result.where for _, result in done if isinstance(result, Failure)] == [f"d{i}" for i in range(12)]


def test_local_clusters_do_not_trim_memory_or_profile() -> None:
    """The workers of `local_cluster` run without the profiler and without MALLOC_TRIM_THRESHOLD_."""
    import dask
    from dask.distributed import Client

    from claimledger.distributed import local_cluster

    def settings() -> tuple[str | None, bool]:
        profiling = bool(dask.config.get("distributed.worker.profile.enabled"))
        return os.environ.get("MALLOC_TRIM_THRESHOLD_"), profiling

    with local_cluster(1) as cluster, Client(cluster) as client:
        assert list(client.run(settings).values()) == [(os.environ.get("MALLOC_TRIM_THRESHOLD_"), False)]
