"""Evaluation of the stance model and of claim grouping on Emergent-format files.

Stance: 5-fold cross-validation grouped by claimId (no claim is in both train and test folds), optionally
nested (the regularisation C chosen per outer fold by an inner grouped CV on its training part only), and
scoring of a trained model on any file. The model reads each test claim's headlines together (its second
stage uses their mean first-stage probabilities as context, never their labels), as the ledger does.
Grouping: adjusted Rand index of `cluster_claims(articleHeadlines)` against claimId, on the whole file and
on two halves of the claims (the default threshold was tuned on half A).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from claimledger.ledger.similarity import DEFAULT_THRESHOLD, claim_vectors, cluster_vectors
from claimledger.ledger.stance import (
    DEFAULT_C,
    STANCES,
    StanceModel,
    fit_stance,
    pair_features,
    read_emergent,
)
from claimledger.nlp.encoder import embed

log = logging.getLogger(__name__)
SEED = 0
INNER_FOLDS = 4
C_GRID = (0.1, 0.3, 1.0)


def _metrics(gold: Sequence[str], pred: Sequence[str]) -> dict[str, Any]:
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

    labels = list(STANCES)
    return {
        "n": len(gold),
        "accuracy": float(accuracy_score(gold, pred)),
        "macro_f1": float(f1_score(gold, pred, labels=labels, average="macro", zero_division=0)),
        "f1": {
            label: float(score)
            for label, score in zip(
                labels, f1_score(gold, pred, labels=labels, average=None, zero_division=0), strict=True
            )
        },
        "confusion": {"labels": labels, "matrix": confusion_matrix(gold, pred, labels=labels).tolist()},
    }


def _predict(model: StanceModel, features: np.ndarray, claims: Sequence[str]) -> list[str]:
    return [model.classes[k] for k in model.predict_proba(features, groups=claims).argmax(axis=1)]


def _fit(features: np.ndarray, gold: np.ndarray, claims: np.ndarray, c: float) -> StanceModel:
    return fit_stance(features, gold.tolist(), c, groups=claims.tolist())


def _inner_best_c(features: np.ndarray, gold: np.ndarray, groups: np.ndarray, grid: Sequence[float]) -> float:
    """The C of `grid` with the best accuracy in a grouped inner cross-validation (ties: the first)."""
    from sklearn.model_selection import GroupKFold

    splits = list(GroupKFold(n_splits=INNER_FOLDS).split(features, gold, groups))

    def accuracy(c: float) -> float:
        hits = [
            np.mean(
                np.array(_predict(_fit(features[a], gold[a], groups[a], c), features[b], groups[b].tolist()))
                == gold[b]
            )
            for a, b in splits
        ]
        return float(np.mean(hits))

    scores = [accuracy(c) for c in grid]
    return float(grid[int(np.argmax(scores))])


def evaluate_stance_cv(
    csv_path: str | Path, folds: int = 5, *, c: float = DEFAULT_C, c_grid: Sequence[float] | None = None
) -> dict[str, Any]:
    """Grouped (by claimId) k-fold cross-validation of the stance model on an Emergent-format CSV.

    With `c_grid`, nested: each outer fold picks its C from the grid by an inner grouped CV on its own
    training claims, so the reported numbers carry no choice made on their test claims.
    """
    from sklearn.model_selection import GroupKFold

    claims, texts, labels, groups = read_emergent(csv_path)
    features = pair_features(claims, texts)
    gold = np.array(labels)
    group_ids = np.array(groups)
    claim_texts = np.array(claims, dtype=object)
    pred = np.empty(len(gold), dtype=object)
    chosen: list[float] = []
    splitter = GroupKFold(n_splits=folds, shuffle=True, random_state=SEED)
    for train, test in splitter.split(features, gold, groups):
        fold_c = (
            c if c_grid is None else _inner_best_c(features[train], gold[train], group_ids[train], c_grid)
        )
        chosen.append(fold_c)
        model = _fit(features[train], gold[train], claim_texts[train], fold_c)
        pred[test] = _predict(model, features[test], claims=claim_texts[test].tolist())
    result = _metrics(labels, pred.tolist())
    result.update(folds=folds, grouped_by="claimId", seed=SEED, c_per_fold=chosen)
    if c_grid is not None:
        result["nested_c_grid"] = list(c_grid)
    return result


def score_stance(model: StanceModel, csv_path: str | Path) -> dict[str, Any]:
    """Accuracy, macro F1, per-class F1 and confusion of a trained model on an Emergent-format CSV."""
    claims, texts, labels, _ = read_emergent(csv_path)
    return _metrics(labels, _predict(model, pair_features(claims, texts), claims))


def _ari_subset(
    texts: Sequence[str], groups: Sequence[str], vectors: np.ndarray, keep: np.ndarray, threshold: float
) -> float:
    from sklearn.metrics import adjusted_rand_score

    sub_texts = [texts[i] for i in keep]
    predicted = cluster_vectors(claim_vectors(sub_texts, vectors[keep]), threshold)
    return float(adjusted_rand_score([groups[i] for i in keep], predicted))


def _ledger_ari(texts: Sequence[str], groups: Sequence[str], vectors: np.ndarray, keep: np.ndarray) -> float:
    """ARI of the grouping the ledger itself runs on a story's statements (`ledger.build.group_statements`,
    at its own threshold), with the headlines as one story's statements."""
    from sklearn.metrics import adjusted_rand_score

    from claimledger.ledger.build import group_statements

    row_of = {text: i for i, text in enumerate(texts)}

    def embedder(batch: Sequence[str]) -> np.ndarray:
        return vectors[[row_of[t] for t in batch]]

    predicted = [0] * len(keep)
    parts = group_statements(list(range(len(keep))), lambda i: texts[keep[i]], embedder)
    for label, part in enumerate(parts):
        for i in part:
            predicted[i] = label
    return float(adjusted_rand_score([groups[i] for i in keep], predicted))


def evaluate_grouping(csv_path: str | Path, *, threshold: float = DEFAULT_THRESHOLD) -> dict[str, Any]:
    """ARI over the headlines vs claimId: all rows, and half A / half B of the claims.

    `ari*` score `cluster_claims` (hybrid vectors, average linkage; its threshold was tuned on half A);
    `ledger_ari*` score the ledger's own claim grouping (`group_statements`), which keeps a stricter
    threshold because it separates propositions inside one story rather than different rumours.
    """
    _, texts, _, groups = read_emergent(csv_path)
    vectors = embed(texts)
    ids = sorted(set(groups))
    np.random.RandomState(SEED).shuffle(ids)
    half_a = set(ids[: len(ids) // 2])
    in_a = np.array([g in half_a for g in groups])
    every = np.arange(len(texts))
    return {
        "n": len(texts),
        "claims": len(ids),
        "threshold": threshold,
        "ari": _ari_subset(texts, groups, vectors, every, threshold),
        "ari_half_a_tuning": _ari_subset(texts, groups, vectors, every[in_a], threshold),
        "ari_half_b_held_out": _ari_subset(texts, groups, vectors, every[~in_a], threshold),
        "ledger_ari": _ledger_ari(texts, groups, vectors, every),
        "ledger_ari_half_a": _ledger_ari(texts, groups, vectors, every[in_a]),
        "ledger_ari_half_b": _ledger_ari(texts, groups, vectors, every[~in_a]),
    }
