"""Benchmark the extract path on the bundled example corpus.

    python benchmarks/bench_extract.py [--repeats 5] [--corpus examples] [--backends rules,model]

Prints a table of words/s and articles/s for bare spaCy (en_core_web_sm) and for claimledger's full
extract pipeline (spaCy + entities + attributions + speakers + quantities) with each attribution
backend, the median of several repeats after one warm-up, plus peak RSS of the process. Single
process on one core (torch and BLAS limited to one thread). Only the corpus's English documents are
timed (the others are stored without extraction).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import torch
from rich.console import Console
from rich.table import Table

from claimledger.ingest import Loaded, read_inputs
from claimledger.nlp import annotate, load_pipeline
from claimledger.nlp.pipeline import _load_base


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--corpus", default=str(Path(__file__).resolve().parents[1] / "examples"))
    parser.add_argument("--backends", default="rules,model")
    args = parser.parse_args()
    torch.set_num_threads(1)

    # documents in other languages are skipped by the pipeline: they would inflate words/s
    loaded = [item.document for item in read_inputs([args.corpus]) if isinstance(item, Loaded)]
    documents = [d for d in loaded if d.in_english]
    words = sum(len(d.text.split()) for d in documents)
    bare = _load_base()

    def run_bare() -> None:
        for _ in bare.pipe((d.text for d in documents), batch_size=16):
            pass

    def run_with(backend: str) -> Callable[[], None]:
        nlp = load_pipeline(backend)

        def run() -> None:
            for _ in annotate(nlp, documents, batch_size=16):
                pass

        return run

    runs = [("bare spaCy en_core_web_sm", run_bare)]
    runs += [(f"claimledger extract ({b})", run_with(b)) for b in args.backends.split(",")]

    table = Table(title=f"extract on {len(documents)} articles, {words:,} words, {args.repeats} repeats")
    for column in ("pipeline", "median s", "words/s", "articles/s"):
        table.add_column(column, justify="right" if column != "pipeline" else "left")
    timings: dict[str, float] = {}
    for name, run in runs:
        run()  # warm-up
        samples = []
        for _ in range(args.repeats):
            started = time.perf_counter()
            run()
            samples.append(time.perf_counter() - started)
        timings[name] = seconds = statistics.median(samples)
        table.add_row(name, f"{seconds:.3f}", f"{words / seconds:,.0f}", f"{len(documents) / seconds:.1f}")
    console = Console()
    console.print(table)
    for name, seconds in timings.items():
        if name.startswith("claimledger"):
            ratio = seconds / timings["bare spaCy en_core_web_sm"]
            console.print(f"{name}: x{ratio:.2f} the time of bare spaCy")
    console.print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
