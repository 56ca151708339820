"""A synthetic news corpus for benchmarks: real paragraphs from the bundled and shared corpora, recombined.

Every article is a title plus 8-14 paragraphs drawn (seeded) from the bundled examples and the PolNeAR
training texts, so the text has the length, vocabulary and attribution density of real news.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from claimledger.ingest import Loaded, read_inputs

REPO = Path(__file__).resolve().parents[1]
POLNEAR_TEXTS = REPO.parent / "shared" / "data" / "polnear" / "train" / "text"
MIN_PARAGRAPH_WORDS = 12


def paragraph_pool() -> list[str]:
    """Paragraphs of the bundled examples (cleaned by the ingest step) and of the PolNeAR texts."""
    texts = [item.document.text for item in read_inputs([str(REPO / "examples")]) if isinstance(item, Loaded)]
    texts += [p.read_text(encoding="utf-8") for p in sorted(POLNEAR_TEXTS.glob("*.txt"))]
    return [
        paragraph.strip()
        for text in texts
        for paragraph in text.split("\n\n")
        if len(paragraph.split()) >= MIN_PARAGRAPH_WORDS
    ]


def write_corpus(path: Path, articles: int, seed: int = 0) -> tuple[int, int]:
    """Write `articles` JSONL records to `path`; returns (articles, words)."""
    rng = random.Random(seed)
    pool = paragraph_pool()
    path.parent.mkdir(parents=True, exist_ok=True)
    words = 0
    with path.open("w", encoding="utf-8") as out:
        for number in range(articles):
            paragraphs = rng.sample(pool, rng.randint(8, 14))
            text = "\n\n".join(paragraphs)
            words += len(text.split())
            record = {
                "url": f"https://bench.example/{seed}/{number}",
                "outlet": "Bench",
                "title": f"Synthetic article {number}",
                "published": "2023-05-23",
                "text": text,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return articles, words
