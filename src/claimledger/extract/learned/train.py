"""Train the attribution model on PolNeAR train, select the epoch on dev by the scorer's own metrics."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from claimledger.errors import ClaimLedgerError, ErrorCode
from claimledger.eval.brat import Relation
from claimledger.eval.polnear import quote_class, score
from claimledger.extract.learned.data import Article
from claimledger.extract.learned.features import (
    DocFeatures,
    TokenRoles,
    TokenSet,
    Vocab,
    token_runs,
    window,
)
from claimledger.extract.learned.model import (
    AttributionModel,
    Sequence_,
    TokenRelation,
    arg_sequence,
    chunks,
    collate,
    cue_sequence,
)

log = logging.getLogger(__name__)

Example = tuple[Sequence_, list[int]]


@dataclass(slots=True)
class TrainConfig:
    epochs: int = 8
    batch_size: int = 64
    learning_rate: float = 2e-3
    hidden: int = 64
    seed: int = 13
    threads: int = 2
    patience: int = 2
    lr_decay: float = 0.5  # learning rate x this after an epoch that does not improve on dev
    init: str | None = None  # warm start from this model folder (same vocabulary)
    context: bool = False  # MiniLM token states as extra input: the accurate model


@dataclass(slots=True)
class TrainResult:
    best_epoch: int
    dev: dict[str, Any]
    history: list[dict[str, float]] = field(default_factory=list)
    seconds: float = 0.0


# ------------------------------------------------------------------ examples


def _bio(length: int, runs: Iterable[Iterable[int]], begin: int, inside: int, tags: list[int]) -> None:
    for run in runs:
        for k, t in enumerate(sorted(run)):
            if 0 <= t < length:
                tags[t] = begin if k == 0 else inside


def cue_examples(article: Article) -> list[Example]:
    out: list[Example] = []
    for lo, hi in chunks(article.feats):
        tags = [0] * (hi - lo)
        runs = [[t - lo for t in run] for g in article.gold for run in token_runs(g.cue)]
        _bio(hi - lo, runs, 1, 2, tags)
        out.append((cue_sequence(article.feats, lo, hi), tags))
    return out


def arg_examples(article: Article) -> list[Example]:
    """One window per gold cue; rule cues that match no gold cue are negatives (all outside)."""
    feats = article.feats
    out: list[Example] = []
    seen: set[TokenSet] = set()
    for g in article.gold:
        if not g.cue or g.cue in seen:
            continue
        seen.add(g.cue)
        out.append(_arg_example(feats, g.cue, g))
    gold_cues = frozenset(t for g in article.gold for t in g.cue)
    for guess in feats.rules:
        if guess.cue and not guess.cue & gold_cues and guess.cue not in seen:
            seen.add(guess.cue)
            out.append(_arg_example(feats, guess.cue, None))
    return out


def _arg_example(feats: DocFeatures, cue: TokenSet, gold: TokenRoles | None) -> Example:
    lo, hi = window(feats, cue)
    tags = [0] * (hi - lo)
    if gold is not None:
        _bio(hi - lo, [[t - lo for t in r] for r in token_runs(gold.source - cue)], 1, 2, tags)
        _bio(hi - lo, [[t - lo for t in r] for r in token_runs(gold.content - cue)], 3, 4, tags)
    return arg_sequence(feats, cue, lo, hi), tags


# ------------------------------------------------------------------ scoring


def to_brat(feats: DocFeatures, rel: TokenRelation) -> Relation:
    def frags(tokens: TokenSet) -> tuple[tuple[int, int], ...]:
        return tuple(feats.char_fragments(tokens))

    return Relation(content=frags(rel.content), source=frags(rel.source), cue=frags(rel.cue))


def univocal(relations: Sequence[TokenRelation]) -> list[TokenRelation]:
    """PolNeAR's convention: a relation whose cue sits inside another's content is dropped."""
    return [
        r for r in relations if not any(o is not r and min(r.cue) in o.content for o in relations)
    ]


def evaluate(model: AttributionModel, articles: Sequence[Article]) -> dict[str, Any]:
    """Scorer metrics (`eval.polnear.score`) of the model on parsed articles with gold."""
    texts = {a.name: a.text for a in articles}
    gold, pred, classes = {}, {}, {}
    for a in articles:
        gold[a.name] = [to_brat(a.feats, TokenRelation(g.cue, g.source, g.content, 1.0)) for g in a.gold]
        classes[a.name] = [quote_class(a.text, g.content) for g in gold[a.name]]
        pred[a.name] = [to_brat(a.feats, r) for r in univocal(model.predict(a.feats))]
    out, extra = score(gold, pred, texts, gold_class=classes)
    metrics: dict[str, Any] = {k: {"P": p, "R": r, "F1": f} for k, (p, r, f) in out.items()}
    metrics["recall_by_class"] = extra["recall_by_class"]
    return metrics


def headline(metrics: dict[str, Any]) -> dict[str, float]:
    return {
        "relation_f1": metrics["relation (content overlap)"]["F1"],
        "full_exact_f1": metrics["full relation exact"]["F1"],
        "source_f1": metrics["source exact (unlinked fragments)"]["F1"],
        "cue_f1": metrics["cue exact (unlinked fragments)"]["F1"],
        "content_f1": metrics["content exact (unlinked fragments)"]["F1"],
    }


# ------------------------------------------------------------------ training


def _batches(examples: list[Example], size: int, rng: random.Random) -> list[list[Example]]:
    order = examples[:]
    rng.shuffle(order)
    return [order[i : i + size] for i in range(0, len(order), size)]


def _step(tagger: nn.Module, batch: list[Example], optim: torch.optim.Optimizer) -> float:
    cats, dense, lengths = collate([seq for seq, _ in batch])
    target = torch.full(cats.shape[:2], -100, dtype=torch.long)
    for i, (_, tags) in enumerate(batch):
        target[i, : len(tags)] = torch.tensor(tags)
    scores = tagger(cats, dense, lengths)
    loss = nn.functional.cross_entropy(scores.reshape(-1, scores.shape[-1]), target.reshape(-1))
    optim.zero_grad()
    loss.backward()  # type: ignore[no-untyped-call]
    nn.utils.clip_grad_norm_(tagger.parameters(), 5.0)
    optim.step()
    return float(loss.detach())


def train(
    train_articles: Sequence[Article],
    dev_articles: Sequence[Article],
    vocab: Vocab,
    config: TrainConfig,
    on_epoch: Callable[[int, dict[str, float]], None] | None = None,
    on_best: Callable[[AttributionModel, int, dict[str, Any]], None] | None = None,
) -> tuple[AttributionModel, TrainResult]:
    """Train both taggers; keep the epoch with the best dev relation F1 + full-relation exact F1."""
    started = time.perf_counter()
    torch.manual_seed(config.seed)
    torch.set_num_threads(config.threads)
    rng = random.Random(config.seed)
    if config.init:
        model = AttributionModel.load(Path(config.init))
        if model.members > 1:
            message = f"{config.init}: an ensemble; continue training one of its members"
            raise ClaimLedgerError(message, code=ErrorCode.USAGE)
    else:
        model = AttributionModel(vocab, config.hidden, _context_layers(config))
    cue_ex = [ex for a in train_articles for ex in cue_examples(a)]
    arg_ex = [ex for a in train_articles for ex in arg_examples(a)]
    log.info("training on %d cue windows and %d argument windows", len(cue_ex), len(arg_ex))
    optims = {
        "cue": torch.optim.Adam(model.cue_tagger.parameters(), lr=config.learning_rate),
        "arg": torch.optim.Adam(model.arg_tagger.parameters(), lr=config.learning_rate),
    }
    best: tuple[float, int, dict[str, Any], dict[str, torch.Tensor]] | None = None
    history: list[dict[str, float]] = []
    size = config.batch_size
    for epoch in range(1, config.epochs + 1):
        model.cue_tagger.train()
        model.arg_tagger.train()
        losses = [_step(model.cue_tagger, b, optims["cue"]) for b in _batches(cue_ex, size, rng)]
        losses += [_step(model.arg_tagger, b, optims["arg"]) for b in _batches(arg_ex, size, rng)]
        model.eval()
        metrics = evaluate(model, dev_articles)
        row = {"epoch": float(epoch), "loss": float(np.mean(losses)), **headline(metrics)}
        history.append(row)
        if on_epoch is not None:
            on_epoch(epoch, row)
        key = row["relation_f1"] + row["full_exact_f1"]
        if best is None or key > best[0]:
            best = (key, epoch, metrics, _snapshot(model))
            if on_best is not None:
                on_best(model, epoch, metrics)
        elif epoch - best[1] >= config.patience:
            break
        else:
            for optim in optims.values():
                for group in optim.param_groups:
                    group["lr"] *= config.lr_decay
    assert best is not None
    _restore(model, best[3])
    result = TrainResult(best[1], best[2], history, time.perf_counter() - started)
    return model.eval(), result


def _context_layers(config: TrainConfig) -> tuple[int, ...]:
    from claimledger.nlp.encoder import CONTEXT_LAYERS

    return CONTEXT_LAYERS if config.context else ()


def _snapshot(model: AttributionModel) -> dict[str, torch.Tensor]:
    state = {f"cue.{k}": v.clone() for k, v in model.cue_tagger.state_dict().items()}
    state.update({f"arg.{k}": v.clone() for k, v in model.arg_tagger.state_dict().items()})
    return state


def _restore(model: AttributionModel, state: dict[str, torch.Tensor]) -> None:
    for prefix, tagger in (("cue.", model.cue_tagger), ("arg.", model.arg_tagger)):
        tagger.load_state_dict({k[len(prefix) :]: v for k, v in state.items() if k.startswith(prefix)})


def save_model(model: AttributionModel, result: TrainResult, out: Path, extra: dict[str, Any]) -> None:
    model.save(out, {"best_epoch": result.best_epoch, "dev": headline(result.dev), **extra})


def train_attribution(
    train_dir: Path,
    dev_dir: Path,
    out: Path,
    config: TrainConfig,
    *,
    max_docs: int | None = None,
    on_epoch: Callable[[int, dict[str, float]], None] | None = None,
) -> TrainResult:
    """Parse both splits with the base pipeline, train, and write the selected model to `out`."""
    import spacy

    from claimledger.extract.learned.data import load_articles
    from claimledger.nlp.pipeline import BASE_MODEL

    nlp = spacy.load(BASE_MODEL)
    vocab = Vocab.from_nlp(nlp)
    layers = _context_layers(config)
    train_articles = list(load_articles(train_dir, nlp, vocab, max_docs=max_docs, context_layers=layers))
    dev_articles = list(load_articles(dev_dir, nlp, vocab, max_docs=max_docs, context_layers=layers))
    model, result = train(train_articles, dev_articles, vocab, config, on_epoch)
    extra = {
        "train": {"folder": train_dir.name, "articles": len(train_articles)},
        "dev_articles": len(dev_articles),
        "seconds": round(result.seconds, 1),
        "config": asdict(config),
    }
    save_model(model, result, out, extra)
    return result
