"""PolNeAR articles as training examples: parsed once, gold relations mapped onto spaCy tokens."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language

from claimledger.eval.brat import Relation
from claimledger.eval.polnear import load_gold
from claimledger.extract.attribution import RuleAttributionComponent
from claimledger.extract.learned.features import DocFeatures, TokenRoles, Vocab, doc_features

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Article:
    name: str
    text: str
    feats: DocFeatures
    gold: list[TokenRoles]


def gold_tokens(feats: DocFeatures, rel: Relation) -> TokenRoles:
    return TokenRoles(
        cue=feats.tokens_in(rel.cue), source=feats.tokens_in(rel.source), content=feats.tokens_in(rel.content)
    )


def load_articles(
    folder: Path,
    nlp: Language,
    vocab: Vocab,
    *,
    max_docs: int | None = None,
    batch_size: int = 16,
    context_layers: Sequence[int] = (),
) -> Iterator[Article]:
    """Parse every article of a PolNeAR folder (first annotator's file is gold, as the scorer does)."""
    texts, gold, _ = load_gold(folder)
    names = sorted(texts)[:max_docs] if max_docs else sorted(texts)
    rules = RuleAttributionComponent()
    docs = nlp.pipe((texts[n] for n in names), batch_size=batch_size)
    for name, doc in zip(names, docs, strict=True):
        feats = doc_features(doc, vocab, rules, context_layers=context_layers)
        rels = [gold_tokens(feats, r) for r in gold[name]]
        yield Article(name, texts[name], feats, [r for r in rels if r.content])
