"""Speed-up of `ingest --workers N` (Dask) over one process, on a synthetic corpus.

    python benchmarks/bench_distributed.py [--articles 400] [--workers 2] [--out /tmp/claimledger-bench]

Generates the corpus (real paragraphs recombined, see `synthetic.py`), ingests it once in a fresh
single process and once on a local Dask cluster of N single-threaded workers, checks that both
databases hold the same content, and prints wall time, throughput, speed-up and peak RSS per process.
Both timings include loading the pipeline (once per process); the cluster start-up is excluded.
The machine's load average is printed with the table: on a shared machine the numbers are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from synthetic import write_corpus

from claimledger.runner import ingest
from claimledger.store import open_store

VOLATILE = {"ingested_at"}
TABLES = ("documents", "attributions", "entities", "quantities")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed_ingest(corpus: Path, db: Path, **options: Any) -> tuple[float, int, int]:
    """Seconds, new documents and failures of one ingest into a fresh database."""
    db.unlink(missing_ok=True)
    with open_store(db) as store:
        started = time.perf_counter()
        summary = ingest(store, [str(corpus)], story="bench", **options)
        seconds = time.perf_counter() - started
    return seconds, summary.new, summary.failed


def single_process(corpus: Path, db: Path) -> dict[str, float]:
    """Run the single-process ingest in a fresh interpreter, so its peak RSS is its own."""
    done = subprocess.run(
        [sys.executable, __file__, "--single", str(corpus), "--db", str(db)],
        capture_output=True, text=True, check=True,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def on_cluster(corpus: Path, db: Path, workers: int) -> tuple[dict[str, float], list[float], list[float]]:
    from dask.distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        seconds, new, failed = timed_ingest(corpus, db, scheduler=cluster.scheduler_address)
        rss = client.run(peak_rss_mb)
        cpu = client.run(cpu_seconds)
    run = {"seconds": seconds, "new": new, "failed": failed, "rss": peak_rss_mb(), "cpu": cpu_seconds()}
    return run, sorted(rss.values()), sorted(cpu.values())


def content(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(db) as conn:
        dump = {}
        for table in TABLES:
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in VOLATILE]
            rows = conn.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
            dump[table] = sorted(rows, key=repr)
    return dump


def report(articles: int, words: int, single: dict[str, float], dask: dict[str, float],
           worker_rss: list[float], worker_cpu: list[float], workers: int, same: bool) -> None:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    table = Table(title=f"ingest of {articles} synthetic articles ({words:,} words); load average {load}")
    columns = ("run", "s", "articles/s", "words/s", "speed-up", "CPU s / process", "peak RSS / process (MB)")
    for column in columns:
        table.add_column(column, justify="left" if column == "run" else "right")
    for name, run, cpu, rss in (
        ("1 process", single, f"{single['cpu']:.0f}", f"{single['rss']:.0f}"),
        (f"Dask, {workers} workers", dask,
         " / ".join(f"{c:.0f}" for c in worker_cpu) + f" (client {dask['cpu']:.0f})",
         " / ".join(f"{r:.0f}" for r in worker_rss) + f" (client {dask['rss']:.0f})"),
    ):
        seconds = run["seconds"]
        table.add_row(name, f"{seconds:.1f}", f"{articles / seconds:.2f}", f"{words / seconds:,.0f}",
                      f"x{single['seconds'] / seconds:.2f}", cpu, rss)
    console = Console(width=150)
    console.print(table)
    console.print(f"cores: {os.cpu_count()}; same stored content: {same}; "
                  f"failures: {single['failed']:.0f} / {dask['failed']:.0f}")
    # On a busy machine wall time says little; CPU time says how the work was split. With one free
    # core per worker, wall time is bounded below by the busiest worker's CPU time.
    bound = single["cpu"] / max(worker_cpu)
    console.print(f"CPU-time bound on the speed-up with {workers} free cores: x{bound:.2f} "
                  f"(single-process CPU s / busiest worker's CPU s)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path("/tmp/claimledger-bench"))
    parser.add_argument("--single", type=Path, help=argparse.SUPPRESS)  # internal: the child run
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.single:
        seconds, new, failed = timed_ingest(args.single, args.db)
        print(json.dumps({"seconds": seconds, "new": new, "failed": failed, "rss": peak_rss_mb(),
                          "cpu": cpu_seconds()}))
        return
    corpus = args.out / f"corpus-{args.articles}-{args.seed}.jsonl"
    articles, words = write_corpus(corpus, args.articles, args.seed)
    single = single_process(corpus, args.out / "single.db")
    dask, worker_rss, worker_cpu = on_cluster(corpus, args.out / "dask.db", args.workers)
    same = content(args.out / "single.db") == content(args.out / "dask.db")
    report(articles, words, single, dask, worker_rss, worker_cpu, args.workers, same)


if __name__ == "__main__":
    main()
