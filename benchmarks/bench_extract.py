"""Benchmark the extract path on the bundled example corpus.

    python benchmarks/bench_extract.py [--repeats 5] [--corpus examples]

Prints a table of words/s and articles/s for bare spaCy (en_core_web_sm) and for claimledger's full
extract pipeline (spaCy + entities + attributions + speakers + quantities), the median of several
repeats after one warm-up, plus peak RSS of the process. Single process, one core for the model.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from claimledger.ingest import Loaded, read_inputs
from claimledger.nlp import annotate, load_pipeline
from claimledger.nlp.pipeline import _load_base


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--corpus", default=str(Path(__file__).resolve().parents[1] / "examples"))
    args = parser.parse_args()

    documents = [item.document for item in read_inputs([args.corpus]) if isinstance(item, Loaded)]
    words = sum(len(d.text.split()) for d in documents)
    bare = _load_base()
    full = load_pipeline("rules")

    def run_bare() -> None:
        for _ in bare.pipe((d.text for d in documents), batch_size=16):
            pass

    def run_full() -> None:
        for _ in annotate(full, documents, batch_size=16):
            pass

    table = Table(title=f"extract on {len(documents)} articles, {words:,} words, {args.repeats} repeats")
    for column in ("pipeline", "median s", "words/s", "articles/s"):
        table.add_column(column, justify="right" if column != "pipeline" else "left")
    timings: dict[str, float] = {}
    for name, run in (("bare spaCy en_core_web_sm", run_bare), ("claimledger extract", run_full)):
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
    ratio = timings["claimledger extract"] / timings["bare spaCy en_core_web_sm"]
    console.print(f"overhead over bare spaCy: x{ratio:.2f}")
    console.print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
