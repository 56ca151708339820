"""Scores for the event sub-type classifier on CASE 2021 task-2 files (`id, EventSnippet, SubType`).

`evaluate_events` cross-validates (stratified k-fold, fixed seed) on one file, which is how the numbers
for the dev file are reported since the shipped model is trained on it; `score_events` scores a trained
model on any file of that format.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import accuracy_score, classification_report, f1_score
from sklearn.model_selection import StratifiedKFold

from claimledger.extract.events import EventConfig, EventModel, fit_events, read_events_tsv

log = logging.getLogger(__name__)

SEED = 13


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
    result = metrics(gold, model.predict(texts))
    result["file"] = str(tsv_path)
    return result


def cross_validate(
    texts: Sequence[str], labels: Sequence[str], folds: int = 5, config: EventConfig | None = None
) -> list[str]:
    """Out-of-fold predictions of stratified k-fold cross-validation (seed `SEED`)."""
    x = np.asarray(texts, dtype=object)
    y = np.asarray(labels, dtype=object)
    predicted = np.empty(len(y), dtype=object)
    with warnings.catch_warnings():  # labels with fewer members than folds are expected here
        warnings.filterwarnings("ignore", message="The least populated class", category=UserWarning)
        splits = list(StratifiedKFold(folds, shuffle=True, random_state=SEED).split(x, y))
    for i, (train, test) in enumerate(splits):
        model = fit_events(list(x[train]), list(y[train]), config)
        predicted[test] = model.predict(list(x[test]))
        log.info("fold %d/%d done", i + 1, folds)
    return [str(p) for p in predicted]


def evaluate_events(tsv_path: Path, folds: int = 5, config: EventConfig | None = None) -> dict[str, Any]:
    """Cross-validated weighted F1 / macro F1 / accuracy of the classifier on one CASE-format TSV."""
    texts, gold = read_events_tsv(tsv_path)
    result = metrics(gold, cross_validate(texts, gold, folds, config))
    result.update({"file": str(tsv_path), "folds": folds, "seed": SEED,
                   "config": (config or EventConfig()).__repr__()})
    return result
