"""Speed-up of `ingest --workers N` (Dask) over one process, on a synthetic corpus.

    python benchmarks/bench_distributed.py [--articles 1000] [--repeats 2] [--workers 2]
                                           [--batch-size 16] [--out /tmp/claimledger-bench]

Generates the corpus (real paragraphs recombined, see `synthetic.py`), then, `--repeats` times, ingests
it once in a fresh single process and once on a local Dask cluster of N single-threaded worker processes
(started by `claimledger.distributed.local_cluster`, as `ingest --workers N` does; the start-up is timed
but kept out of the ingest time), each run in its own interpreter so that its CPU time and peak RSS are
its own. Checks that both databases hold the same content and prints, per run and as medians:
wall time, speed-up, CPU seconds of the client (which reads, cleans, writes the store and hosts the
scheduler and the nannies) and of every worker over the ingest only, peak RSS per process, and the
machine's load average before and after every run.

CPU-time bound: on a busy machine wall time says little, CPU time says how the work was split. With
`cores` free cores the Dask run cannot take less than max(busiest worker's CPU s, all CPU s / cores),
so the speed-up is at most the single process's CPU s over that.

Runtime: about `repeats * (0.17 s * articles + 40 s)` on a quiet 2-core machine, i.e. about 7 minutes
for `--articles 1000 --repeats 2` (the script prints what it took).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from synthetic import write_corpus

from claimledger.runner import ingest
from claimledger.store import open_store

VOLATILE = {"ingested_at"}
TABLES = ("documents", "attributions", "entities", "quantities")
SECONDS_PER_ARTICLE = 0.17  # one-process run + two-worker run, quiet machine (for the estimate only)
SECONDS_PER_REPEAT = 40


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


@dataclass
class Run:
    """One timed ingest; CPU seconds are deltas over the ingest only."""

    seconds: float
    new: int
    failed: int
    cpu: float  # this process: reader, store writer and, for Dask, scheduler and nannies
    rss: float
    load_before: str
    load_after: str
    worker_cpu: list[float] = field(default_factory=list)
    worker_rss: list[float] = field(default_factory=list)
    startup: float = 0.0

    @property
    def total_cpu(self) -> float:
        return self.cpu + sum(self.worker_cpu)


def timed_ingest(corpus: Path, db: Path, **options: Any) -> Run:
    db.unlink(missing_ok=True)
    with open_store(db) as store:
        load_before, cpu = load_average(), cpu_seconds()
        started = time.perf_counter()
        summary = ingest(store, [str(corpus)], story="bench", **options)
        seconds = time.perf_counter() - started
        cpu = cpu_seconds() - cpu
    return Run(seconds, summary.new, summary.failed, cpu, peak_rss_mb(), load_before, load_average())


def dask_run(corpus: Path, db: Path, workers: int, batch_size: int) -> Run:
    from claimledger.distributed import local_cluster

    started = time.perf_counter()
    with local_cluster(workers) as cluster, cluster.get_client() as client:
        client.wait_for_workers(workers)
        startup = time.perf_counter() - started
        before = client.run(cpu_seconds)
        run = timed_ingest(corpus, db, scheduler=cluster.scheduler_address, batch_size=batch_size)
        after = client.run(cpu_seconds)
        run.worker_cpu = sorted(after[w] - before[w] for w in after)
        run.worker_rss = sorted(client.run(peak_rss_mb).values())
    run.startup = startup
    return run


def child(mode: str, corpus: Path, db: Path, workers: int, batch_size: int) -> Run:
    """Run one ingest in a fresh interpreter, so its CPU time and peak RSS are its own."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--corpus", str(corpus), "--db", str(db),
         "--workers", str(workers), "--batch-size", str(batch_size)],
        capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        sys.exit(f"the {mode} run failed:\n{done.stderr}")
    return Run(**json.loads(done.stdout.strip().splitlines()[-1]))


def content(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(db) as conn:
        dump = {}
        for table in TABLES:
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in VOLATILE]
            rows = conn.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
            dump[table] = sorted(rows, key=repr)
    return dump


def cpu_bound(single: Run, dask: Run, cores: int) -> float:
    """The speed-up the CPU times allow: single CPU s / max(busiest worker, all CPU s / cores)."""
    return single.cpu / max(max(dask.worker_cpu), dask.total_cpu / cores)


def report(articles: int, words: int, runs: list[tuple[Run, Run]], workers: int, same: bool) -> None:
    cores = min(workers, os.cpu_count() or 1)
    table = Table(title=f"ingest of {articles} synthetic articles ({words:,} words), {workers} Dask workers")
    for column in ("repeat", "1 process s", "Dask s", "speed-up", "CPU-time bound", "client CPU s",
                   "worker CPU s", "client share", "peak RSS MB (1 proc / workers / client)",
                   "load before → after (1 proc; Dask)"):
        table.add_column(column, justify="right")
    for number, (single, dask) in enumerate(runs, start=1):
        table.add_row(
            str(number), f"{single.seconds:.1f}", f"{dask.seconds:.1f}",
            f"x{single.seconds / dask.seconds:.2f}", f"x{cpu_bound(single, dask, cores):.2f}",
            f"{single.cpu:.1f} / {dask.cpu:.1f}", " / ".join(f"{c:.1f}" for c in dask.worker_cpu),
            f"{dask.cpu / dask.total_cpu:.1%}",
            f"{single.rss:.0f} / " + " / ".join(f"{r:.0f}" for r in dask.worker_rss) + f" / {dask.rss:.0f}",
            f"{single.load_before} → {single.load_after}; {dask.load_before} → {dask.load_after}",
        )
    console = Console(width=200)
    console.print(table)
    median = statistics.median
    singles, dasks = [s for s, _ in runs], [d for _, d in runs]
    lines = {
        "one process": f"{median(s.seconds for s in singles):.1f} s (median of {len(runs)})",
        "Dask": f"{median(d.seconds for d in dasks):.1f} s (cluster start-up "
                f"{median(d.startup for d in dasks):.1f} s, not included)",
        "speed-up": f"x{median(s.seconds / d.seconds for s, d in runs):.2f}",
        "CPU-time bound": f"x{median(cpu_bound(s, d, cores) for s, d in runs):.2f} on {cores} free cores",
        "client CPU share": f"{median(d.cpu / d.total_cpu for d in dasks):.1%} of the Dask run's CPU time",
        "peak RSS per worker": f"{max(r for d in dasks for r in d.worker_rss):.0f} MB (max)",
        "same stored content": str(same),
        "failures": f"{singles[-1].failed} / {dasks[-1].failed}",
    }
    for name, value in lines.items():
        console.print(f"{name}: {value}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path("/tmp/claimledger-bench"))
    parser.add_argument("--child", choices=("single", "dask"), help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run = (timed_ingest(args.corpus, args.db, batch_size=args.batch_size) if args.child == "single"
               else dask_run(args.corpus, args.db, args.workers, args.batch_size))
        print(json.dumps(run.__dict__))
        return
    started = time.perf_counter()
    estimate = args.repeats * (SECONDS_PER_ARTICLE * args.articles + SECONDS_PER_REPEAT) / 60
    print(f"expect about {estimate:.0f} min on a quiet 2-core machine (load now {load_average()})",
          file=sys.stderr)
    corpus = args.out / f"corpus-{args.articles}-{args.seed}.jsonl"
    articles, words = write_corpus(corpus, args.articles, args.seed)
    runs = []
    for repeat in range(args.repeats):
        single = child("single", corpus, args.out / "single.db", args.workers, args.batch_size)
        dask = child("dask", corpus, args.out / "dask.db", args.workers, args.batch_size)
        print(f"repeat {repeat + 1}: {single.seconds:.1f} s / {dask.seconds:.1f} s", file=sys.stderr)
        runs.append((single, dask))
    same = content(args.out / "single.db") == content(args.out / "dask.db")
    report(articles, words, runs, args.workers, same)
    print(f"benchmark took {(time.perf_counter() - started) / 60:.1f} min", file=sys.stderr)


if __name__ == "__main__":
    main()
