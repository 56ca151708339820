"""Benchmark the cross-source ledger build against corpus size.

    python benchmarks/bench_ledger.py [--sizes 250,1000,2500,5000] [--embedder minilm|hash]

Extracts the bundled example corpora once (spaCy), then synthesises N articles by recombining their
attributed sentences: each synthetic article is 4-8 sentences drawn from the real ones, with their
attributions, quantities and entities moved to the new offsets, a publication date within a month and one
of 300 outlets. No NLP runs for the synthetic articles. Prints ledger build time per size and the ratio
to the previous size (2.0 for a 2x larger corpus would mean linear growth; all-pairs would be 4.0).
Embeddings are cached per unique text (the synthetic corpus reuses the real sentences), so the table
measures grouping, blocking and disputes, not the encoder; the warm-up line shows the encoder cost.
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from rich.console import Console
from rich.table import Table

from claimledger.ledger.build import _hash_embed, build_story_ledger, cached, default_embedder
from claimledger.ledger.times import sentence_at
from claimledger.models import Attribution, Document, Entity, Extraction, Quantity, Span
from claimledger.runner import extract_documents

Piece = tuple[str, list[Attribution], list[Quantity], list[Entity]]


def _shift(span: Span, delta: int) -> Span:
    return Span(span.start + delta, span.end + delta, span.text)


def sentence_pieces(extractions: list[Extraction]) -> list[Piece]:
    """Each attributed sentence with the items inside it, offsets relative to the sentence."""
    pieces: list[Piece] = []
    for e in extractions:
        text = e.document.text
        for a in e.attributions:
            s = sentence_at(text, a.start, a.end)
            if not (s.start <= a.start and a.end <= s.end):
                continue
            d = -s.start
            att = replace(a, content=tuple(_shift(c, d) for c in a.content),
                          source=_shift(a.source, d) if a.source else None,
                          cue=_shift(a.cue, d) if a.cue else None, verification=None)
            qs = [replace(q, span=_shift(q.span, d)) for q in e.quantities
                  if s.start <= q.span.start and q.span.end <= s.end]
            ents = [replace(en, mentions=tuple(_shift(m, d) for m in en.mentions
                                               if s.start <= m.start and m.end <= s.end))
                    for en in e.entities if any(s.start <= m.start and m.end <= s.end for m in en.mentions)]
            pieces.append((s.text, [att], qs, ents))
    return pieces


def synthesise(pieces: list[Piece], n: int, seed: int = 7) -> list[Extraction]:
    rng = random.Random(seed)
    base = date(2023, 6, 6)
    out: list[Extraction] = []
    for i in range(n):
        chosen = rng.sample(pieces, rng.randint(4, 8))
        text = ""
        atts: list[Attribution] = []
        qs: list[Quantity] = []
        ents: list[Entity] = []
        url = f"https://synthetic.invalid/{i}"
        doc_text = " ".join(p[0] for p in chosen)
        doc_id = Document.make_id(doc_text, url)
        for sentence, p_atts, p_qs, p_ents in chosen:
            d = len(text) + (1 if text else 0)
            text = f"{text} {sentence}" if text else sentence
            for a in p_atts:
                content = tuple(_shift(c, d) for c in a.content)
                atts.append(replace(a, id=Attribution.make_id(doc_id, content), doc_id=doc_id,
                                    content=content,
                                    source=_shift(a.source, d) if a.source else None,
                                    cue=_shift(a.cue, d) if a.cue else None, speaker_entity_id=None))
            for q in p_qs:
                span = _shift(q.span, d)
                qs.append(replace(q, id=Quantity.make_id(doc_id, span.start, span.end), doc_id=doc_id,
                                  span=span, attribution_id=atts[-1].id if q.attribution_id else None))
            for en in p_ents:
                ents.append(replace(en, id=Entity.make_id(doc_id, en.name + str(d), en.type), doc_id=doc_id,
                                    mentions=tuple(_shift(m, d) for m in en.mentions)))
        published = (base + timedelta(days=rng.randint(0, 30))).isoformat()
        document = Document(id=doc_id, text=text, url=url, outlet=f"outlet{rng.randint(0, 299)}.example",
                            published=published, story="synthetic")
        out.append(Extraction(document, tuple(atts), tuple(ents), tuple(qs)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="250,1000,2500,5000")
    parser.add_argument("--embedder", choices=["minilm", "hash"], default="minilm")
    parser.add_argument("--corpus", default=str(Path(__file__).resolve().parents[1] / "examples"))
    args = parser.parse_args()
    console = Console()

    extractions, _ = extract_documents([args.corpus])
    pieces = sentence_pieces(extractions)
    embedder = cached(default_embedder()) if args.embedder == "minilm" else _hash_embed
    started = time.perf_counter()
    embedder(sorted({a.content_text for _, atts, _, _ in pieces for a in atts}))
    console.print(f"{len(extractions)} real articles, {len(pieces)} attributed sentences; "
                  f"encoder warm-up {time.perf_counter() - started:.1f} s")
    real_start = time.perf_counter()
    kakhovka = [e for e in extractions if "kakhovka" in (e.document.source_path or "")]
    build_story_ledger("kakhovka-dam", kakhovka, embedder=embedder)
    console.print(f"real Kakhovka corpus ({len(kakhovka)} articles) ledger, encoder warm: "
                  f"{time.perf_counter() - real_start:.2f} s")

    table = Table("articles", "attributions", "claim groups", "disputes", "numbers", "seconds",
                  "ratio to previous", "size ratio", title="ledger build time")
    previous: tuple[int, float] | None = None
    for size in (int(s) for s in args.sizes.split(",")):
        corpus = synthesise(pieces, size)
        start = time.perf_counter()
        ledger = build_story_ledger("synthetic", corpus, embedder=embedder)
        seconds = time.perf_counter() - start
        ratio = f"{seconds / previous[1]:.2f}" if previous else ""
        size_ratio = f"{size / previous[0]:.1f}" if previous else ""
        table.add_row(str(size), str(sum(len(e.attributions) for e in corpus)), str(len(ledger.groups)),
                      str(len(ledger.disputes)), str(len(ledger.numbers)), f"{seconds:.2f}", ratio,
                      size_ratio)
        previous = (size, seconds)
    console.print(table)


if __name__ == "__main__":
    main()
