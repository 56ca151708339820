"""One command, one table: throughput of every ingest stage, peak RSS, and bare spaCy for comparison.

    python benchmarks/run_all.py [--articles 100] [--repeats 1] [--corpus FILE_OR_DIR]

Stages, timed separately on the same documents (single process):
  ingest/clean    read_inputs: decode, parse, clean -> Document (the synthetic corpus is JSONL text,
                  cheap to read; a second row times HTML pages of the shared AEB set, with trafilatura)
  spaCy           the en_core_web_sm components inside our pipeline (tokenizer, tok2vec, tagger,
                  parser, attribute_ruler, lemmatizer, ner)
  entities, attributions, speakers, quantities   claimledger's components, each on its own
  store write     SQLiteStore.add, one transaction per document, into a fresh file
Then bare spaCy en_core_web_sm (the base model alone, `nlp.pipe`) and the full claimledger pipeline
(`annotate`) end to end on the same texts, so the pipeline's overhead is a ratio. Peak RSS is the
process high-water mark after each stage (it only grows). The corpus is synthetic by default (real
paragraphs recombined, see `synthetic.py`). Ledger time vs corpus size comes from bench_ledger.py
(run here when it exists). For the Dask speed-up see bench_distributed.py.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from spacy.language import Language
from spacy.tokens import Doc
from synthetic import write_corpus

from claimledger.ingest import Loaded, read_inputs
from claimledger.models import Document, Extraction
from claimledger.nlp import annotate, load_pipeline
from claimledger.nlp.pipeline import BASE_MODEL, _load_base
from claimledger.store import open_store

HERE = Path(__file__).resolve().parent
AEB_HTML = HERE.parents[1] / "shared" / "data" / "aeb" / "html"
BATCH = 16
STAGE_NAMES = {
    "claimledger_entities": "entities",
    "claimledger_attributions": "attributions",
    "claimledger_speakers": "speakers",
    "claimledger_quantities": "quantities",
}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Stages:
    """Seconds and peak RSS per stage, in the order stages were first timed."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.rss: dict[str, float] = {}

    def time(self, stage: str, run: Callable[[], Any]) -> Any:
        started = time.perf_counter()
        result = run()
        self.seconds[stage] += time.perf_counter() - started
        self.rss[stage] = peak_rss_mb()
        return result


def read(corpus: Path, stages: Stages) -> list[Loaded]:
    items = stages.time("ingest/clean", lambda: list(read_inputs([str(corpus)])))
    return [item for item in items if isinstance(item, Loaded)]


def read_html(pages: int, stages: Stages) -> tuple[int, int]:
    """Time reading `pages` gzipped HTML pages of the AEB set; (articles, words) read."""
    paths = [str(p) for p in sorted(AEB_HTML.glob("*.html.gz"))[:pages]]
    items = stages.time("ingest/clean (HTML pages)", lambda: list(read_inputs(paths)))
    documents = [item.document for item in items if isinstance(item, Loaded)]
    return len(documents), sum(len(d.text.split()) for d in documents)


def run_stages(nlp: Language, documents: list[Document], stages: Stages) -> list[Extraction]:
    """The pipeline one component at a time over batches, timing each component."""
    extractions: list[Extraction] = []
    for start in range(0, len(documents), BATCH):
        batch = documents[start:start + BATCH]
        docs: list[Doc] = stages.time("spaCy", partial(_make_docs, nlp, batch))
        for name, component in nlp.pipeline:
            docs = stages.time(STAGE_NAMES.get(name, "spaCy"), partial(_apply, component, docs))
        extractions += [_extraction(document, doc) for document, doc in zip(batch, docs, strict=True)]
    return extractions


def _make_docs(nlp: Language, documents: list[Document]) -> list[Doc]:
    docs = []
    for document in documents:
        doc = nlp.make_doc(document.text)
        doc._.doc_id = document.id
        docs.append(doc)
    return docs


def _apply(component: Any, docs: list[Doc]) -> list[Doc]:
    if hasattr(component, "pipe"):
        return list(component.pipe(docs, batch_size=BATCH))
    return [component(doc) for doc in docs]


def _extraction(document: Document, doc: Doc) -> Extraction:
    return Extraction(document, tuple(doc._.cl_attributions or ()), tuple(doc._.cl_entities or ()),
                      tuple(doc._.cl_quantities or ()))


def write_store(loaded: list[Loaded], extractions: list[Extraction], stages: Stages) -> None:
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "bench.db") as store:
        def write() -> None:
            for item, extraction in zip(loaded, extractions, strict=True):
                store.add(extraction, item.raw, extractor="bench")

        stages.time("store write", write)


def end_to_end(bare: Language, full: Language, documents: list[Document], stages: Stages) -> None:
    texts = [d.text for d in documents]
    stages.time(f"bare spaCy ({BASE_MODEL})", lambda: _drain(bare.pipe(texts, batch_size=BATCH)))
    stages.time("claimledger pipeline (annotate)",
                lambda: _drain(annotate(full, documents, batch_size=BATCH)))


def warm_up(full: Language, bare: Language, corpus: Path) -> None:
    """One untimed pass over a few documents, so lazy loading is not billed to the first stage."""
    documents = [i.document for i in read_inputs([str(corpus)]) if isinstance(i, Loaded)][:4]
    _drain(annotate(full, documents))
    _drain(bare.pipe(d.text for d in documents))


def _drain(items: Iterable[object]) -> None:
    for _ in items:
        pass


def table(stages: Stages, articles: int, words: int, repeats: int,
          html: tuple[int, int] | None) -> Table:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    result = Table(title=f"{articles} articles, {words:,} words, {repeats} repeat(s); "
                         f"{os.cpu_count()} cores, load average {load}")
    for column in ("stage", "s", "words/s", "articles/s", "share of pipeline", "peak RSS MB"):
        result.add_column(column, justify="left" if column == "stage" else "right")
    pipeline = sum(stages.seconds[s] for s in ("spaCy", *STAGE_NAMES.values()))
    for stage, total in stages.seconds.items():
        seconds = total / repeats
        if stage == "ingest/clean (HTML pages)" and html:
            result.add_row(f"{stage}: {html[0]} pages", f"{seconds:.2f}", f"{html[1] / seconds:,.0f}",
                           f"{html[0] / seconds:.1f}", "", f"{stages.rss[stage]:.0f}")
            continue
        share = f"{total / pipeline:.0%}" if stage in ("spaCy", *STAGE_NAMES.values()) else ""
        result.add_row(stage, f"{seconds:.2f}", f"{words / seconds:,.0f}", f"{articles / seconds:.1f}",
                       share, f"{stages.rss[stage]:.0f}")
    return result


def ledger_slot(console: Console) -> None:
    script = HERE / "bench_ledger.py"
    if not script.exists():
        console.print("ledger time vs corpus size: benchmarks/bench_ledger.py not present yet")
        return
    console.print("ledger time vs corpus size (benchmarks/bench_ledger.py):")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=False,
                          env={**os.environ, "COLUMNS": "150"})
    console.print(done.stdout or done.stderr, markup=False, highlight=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100, help="size of the synthetic corpus")
    parser.add_argument("--corpus", type=Path, help="use these files instead of a synthetic corpus")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--html-pages", type=int, default=40, help="AEB pages for the HTML row (0: none)")
    parser.add_argument("--no-ledger", action="store_true", help="skip bench_ledger.py")
    args = parser.parse_args()
    default = Path(tempfile.gettempdir()) / "claimledger-bench" / f"stages-{args.articles}.jsonl"
    corpus = args.corpus or default
    if args.corpus is None:
        write_corpus(corpus, args.articles)
    full, bare = load_pipeline("rules"), _load_base()
    warm_up(full, bare, corpus)
    stages = Stages()
    html = None
    for _ in range(args.repeats):
        loaded = read(corpus, stages)
        if args.html_pages and AEB_HTML.is_dir():
            html = read_html(args.html_pages, stages)
        documents = [item.document for item in loaded]
        extractions = run_stages(full, documents, stages)
        write_store(loaded, extractions, stages)
        end_to_end(bare, full, documents, stages)
    words = sum(len(d.text.split()) for d in documents)
    console = Console(width=150)
    console.print(table(stages, len(documents), words, args.repeats, html))
    ratio = stages.seconds["claimledger pipeline (annotate)"] / stages.seconds[f"bare spaCy ({BASE_MODEL})"]
    console.print(f"pipeline overhead over bare spaCy: x{ratio:.2f} (time of the full pipeline / bare model)")
    if not args.no_ledger:
        ledger_slot(console)


if __name__ == "__main__":
    main()
