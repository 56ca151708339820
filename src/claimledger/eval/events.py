"""Scores for the event sub-type classifier on CASE 2021 task-2 files (`id, EventSnippet, SubType`).

`evaluate_events` cross-validates (stratified k-fold, fixed seed) on one file, which is how the numbers
for the dev file are reported since the shipped model is trained on it; with `nested=True` the keyword
bonus is not taken from the config but chosen from `BONUS_GRID` on inner folds of each outer training
part, so no hyper-parameter sees the snippets it is scored on. `score_events` scores a trained model on
any file of that format.
"""

from __future__ import annotations

import logging
import warnings
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import accuracy_score, classification_report, f1_score
from sklearn.model_selection import StratifiedKFold

from claimledger.extract.events import EventConfig, EventModel, fit_events, read_events_tsv

log = logging.getLogger(__name__)

SEED = 13
BONUS_GRID: tuple[float, ...] = (0.0, 0.1, 0.2, 0.3)
INNER_FOLDS = 4


def metrics(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, Any]:
    """Weighted F1, macro F1 and accuracy (percent), plus per-label precision/recall/F1."""
    labels = sorted(set(gold) | set(predicted))
    report = classification_report(gold, predicted, labels=labels, output_dict=True, zero_division=0)
    per_label = {
        label: {k: round(100 * float(report[label][k]), 1) for k in ("precision", "recall", "f1-score")}
        | {"support": int(report[label]["support"])}
        for label in labels
    }
    return {
        "n": len(gold),
        "weighted_f1": round(100 * float(f1_score(gold, predicted, average="weighted", zero_division=0)), 2),
        "macro_f1": round(100 * float(f1_score(gold, predicted, average="macro", zero_division=0)), 2),
        "accuracy": round(100 * float(accuracy_score(gold, predicted)), 2),
        "per_label": per_label,
    }


def score_events(model: EventModel, tsv_path: Path) -> dict[str, Any]:
    """Score a trained model on a CASE-format TSV."""
    texts, gold = read_events_tsv(tsv_path)
    predicted = model.predict(texts)
    result = metrics(gold, predicted)
    result["file"] = str(tsv_path)
    result["confusions"] = confusions(gold, predicted)
    return result


def _splits(labels: Sequence[str], folds: int) -> Iterator[tuple[list[int], list[int]]]:
    y = np.asarray(labels, dtype=object)
    with warnings.catch_warnings():  # labels with fewer members than folds are expected here
        warnings.filterwarnings("ignore", message="The least populated class", category=UserWarning)
        splits = list(StratifiedKFold(folds, shuffle=True, random_state=SEED).split(np.zeros(len(y)), y))
    for train, test in splits:
        yield [int(i) for i in train], [int(i) for i in test]


def _pick(items: Sequence[str], index: Sequence[int]) -> list[str]:
    return [items[i] for i in index]


def cross_validate(
    texts: Sequence[str], labels: Sequence[str], folds: int = 5, config: EventConfig | None = None
) -> list[str]:
    """Out-of-fold predictions of stratified k-fold cross-validation (seed `SEED`)."""
    predicted = [""] * len(labels)
    for i, (train, test) in enumerate(_splits(labels, folds)):
        model = fit_events(_pick(texts, train), _pick(labels, train), config)
        for j, label in zip(test, model.predict(_pick(texts, test)), strict=True):
            predicted[j] = label
        log.info("fold %d/%d done", i + 1, folds)
    return predicted


def choose_keyword_bonus(
    texts: Sequence[str],
    labels: Sequence[str],
    config: EventConfig | None = None,
    folds: int = INNER_FOLDS,
    grid: Sequence[float] = BONUS_GRID,
) -> float:
    """The bonus of `grid` with the best out-of-fold weighted F1 on `texts` (the smallest on ties).

    The SVM does not depend on the bonus, so each inner fold is trained once and every bonus is
    applied to the same scores.
    """
    config = replace(config or EventConfig(), keyword_bonus=0.0)
    gold: list[str] = []
    by_bonus: dict[float, list[str]] = {b: [] for b in grid}
    for train, test in _splits(labels, folds):
        model = fit_events(_pick(texts, train), _pick(labels, train), config)
        held_out = _pick(texts, test)
        raw, hits = model.raw_decision(held_out), model.keyword_hits(held_out)
        gold.extend(_pick(labels, test))
        for bonus in grid:
            by_bonus[bonus].extend(model.labels[i] for i in np.argmax(raw + bonus * hits, axis=1))
    scores = {b: f1_score(gold, p, average="weighted", zero_division=0) for b, p in by_bonus.items()}
    return max(grid, key=lambda b: (scores[b], -b))


def nested_cross_validate(
    texts: Sequence[str], labels: Sequence[str], folds: int = 5, config: EventConfig | None = None
) -> tuple[list[str], list[float]]:
    """Out-of-fold predictions with the keyword bonus chosen inside each training part (nested CV)."""
    config = config or EventConfig()
    predicted = [""] * len(labels)
    chosen: list[float] = []
    for i, (train, test) in enumerate(_splits(labels, folds)):
        train_texts, train_labels = _pick(texts, train), _pick(labels, train)
        bonus = choose_keyword_bonus(train_texts, train_labels, config)
        model = fit_events(train_texts, train_labels, replace(config, keyword_bonus=bonus))
        for j, label in zip(test, model.predict(_pick(texts, test)), strict=True):
            predicted[j] = label
        chosen.append(bonus)
        log.info("outer fold %d/%d done (keyword bonus %.1f)", i + 1, folds, bonus)
    return predicted, chosen


def evaluate_events(
    tsv_path: Path, folds: int = 5, config: EventConfig | None = None, nested: bool = False
) -> dict[str, Any]:
    """Cross-validated weighted F1 / macro F1 / accuracy of the classifier on one CASE-format TSV.

    `nested=True` chooses the keyword bonus on inner folds (see `nested_cross_validate`) and reports the
    bonus each outer fold chose.
    """
    texts, gold = read_events_tsv(tsv_path)
    config = config or EventConfig()
    extra: dict[str, Any] = {}
    if nested:
        predicted, chosen = nested_cross_validate(texts, gold, folds, config)
        extra = {
            "nested": True,
            "inner_folds": INNER_FOLDS,
            "keyword_bonus_grid": list(BONUS_GRID),
            "keyword_bonus_chosen": chosen,
        }
    else:
        predicted = cross_validate(texts, gold, folds, config)
    result = metrics(gold, predicted)
    result.update({"file": str(tsv_path), "folds": folds, "seed": SEED, "config": repr(config), **extra})
    result["confusions"] = confusions(gold, predicted)
    return result


def confusions(gold: Sequence[str], predicted: Sequence[str], top: int = 10) -> list[dict[str, Any]]:
    """The most frequent (gold, predicted) mistakes, largest first."""
    pairs = Counter((g, p) for g, p in zip(gold, predicted, strict=True) if g != p)
    return [{"gold": g, "predicted": p, "count": n} for (g, p), n in pairs.most_common(top)]
