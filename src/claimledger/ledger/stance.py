"""Stance of a text toward a claim: it supports, contradicts or merely reports it.

The model is a logistic regression over frozen MiniLM embeddings of claim and text ([v, u*v, |u-v|] and
their cosine) plus lexical features in the style of Ferreira & Vlachos (2016): hedging and refuting cue
words present in the text but not in the claim, a question mark, word overlap and negation mismatch.
It is trained on the Emergent headline/claim pairs (`train_stance`) and ships as a small .npz file.
"""

from __future__ import annotations

import csv
import functools
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from claimledger.nlp.encoder import embed

log = logging.getLogger(__name__)

STANCES = ("supports", "contradicts", "reports")
EMERGENT_LABELS = {"for": "supports", "against": "contradicts", "observing": "reports"}
MODEL_FILE = "stance_lr.npz"
EMBED_SCALE = 0.6  # relative weight of the embedding block under one L2 penalty
DEFAULT_C = 0.3

HEDGES = tuple(
    [
        "reportedly",
        "claim",
        "claims",
        "claimed",
        "claiming",
        "rumour",
        "rumor",
        "rumours",
        "rumors",
        "rumoured",
        "rumored",
        "may",
        "might",
        "allegedly",
        "alleged",
        "apparently",
        "could",
        "reports",
        "report",
        "reported",
        "says",
        "said",
        "purportedly",
        "possibly",
        "suggests",
        "supposedly",
        "unconfirmed",
        "unverified",
        "believed",
        "according",
        "sources",
        "source",
        "appears",
        "seems",
        "likely",
        "speculation",
        "whether",
        "if",
    ]
)
REFUTES = tuple(
    [
        "fake",
        "hoax",
        "false",
        "debunk",
        "debunked",
        "debunks",
        "not",
        "denies",
        "denied",
        "deny",
        "untrue",
        "myth",
        "no",
        "evidence",
        "isn't",
        "wasn't",
        "doesn't",
        "didn't",
        "won't",
        "hasn't",
        "never",
        "refutes",
        "rejects",
        "satire",
        "fraud",
        "nope",
        "busted",
        "truth",
        "actually",
        "really",
        "scam",
        "misleading",
        "wrong",
    ]
)
_NEGATIONS = frozenset({"not", "no", "never", "n't", "isn't", "wasn't", "doesn't", "didn't", "denies"})
_TOKEN = re.compile(r"[a-z']+|\?")


@dataclass(frozen=True, slots=True)
class StanceModel:
    """Weights of the stance classifier: `coef` is (classes, features)."""

    coef: np.ndarray
    intercept: np.ndarray
    classes: tuple[str, ...]

    def predict_proba(self, features: np.ndarray) -> np.ndarray:
        logits = features @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return np.asarray(exp / exp.sum(axis=1, keepdims=True))

    def save(self, path: str | Path) -> None:
        np.savez_compressed(
            path,
            coef=self.coef.astype(np.float32),
            intercept=self.intercept.astype(np.float32),
            classes=np.array(self.classes),
        )


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def lexical_features(claim: str, text: str) -> list[float]:
    """Cue-word, question, overlap and negation features of one (claim, text) pair."""
    claim_words = set(_tokens(claim))
    words = set(_tokens(text))
    overlap = len(words & claim_words)
    new_cues = [float(w in words and w not in claim_words) for w in HEDGES + REFUTES]
    return [
        float(sum(w in words for w in HEDGES)),
        float(sum(w in words for w in REFUTES)),
        float("?" in text),
        overlap / max(1, len(words | claim_words)),
        overlap / max(1, len(claim_words)),
        float(bool(words & _NEGATIONS) != bool(claim_words & _NEGATIONS)),
        1.0,
        *new_cues,
    ]


def pair_features(claims: Sequence[str], texts: Sequence[str]) -> np.ndarray:
    """Feature matrix for (claim, text) pairs; each distinct string is embedded once."""
    unique = sorted(set(claims) | set(texts))
    vectors = embed(unique)
    row = {s: i for i, s in enumerate(unique)}
    u = vectors[[row[c] for c in claims]]
    v = vectors[[row[t] for t in texts]]
    lexical = np.array([lexical_features(c, t) for c, t in zip(claims, texts, strict=True)], dtype=np.float32)
    cosine = (u * v).sum(axis=1, keepdims=True)
    dense = EMBED_SCALE * np.hstack([v, u * v, np.abs(u - v)])
    return np.hstack([lexical, cosine, dense]).astype(np.float32)


def read_emergent(csv_path: str | Path) -> tuple[list[str], list[str], list[str], list[str]]:
    """Claims, headlines, stances (our labels) and claim ids of an Emergent-format CSV."""
    claims: list[str] = []
    texts: list[str] = []
    labels: list[str] = []
    groups: list[str] = []
    with open(csv_path, newline="", encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            claims.append(record["claimHeadline"])
            texts.append(record["articleHeadline"])
            labels.append(EMERGENT_LABELS[record["articleHeadlineStance"].strip().lower()])
            groups.append(record["claimId"])
    return claims, texts, labels, groups


def fit_stance(features: np.ndarray, labels: Sequence[str], c: float = DEFAULT_C) -> StanceModel:
    """Fit the logistic regression on precomputed features."""
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=c, max_iter=5000).fit(features, list(labels))
    return StanceModel(np.asarray(lr.coef_), np.asarray(lr.intercept_), tuple(str(k) for k in lr.classes_))


def train_stance(csv_path: str | Path, out_path: str | Path, *, c: float = DEFAULT_C) -> StanceModel:
    """Train on an Emergent-format CSV and save the weights to `out_path` (.npz)."""
    claims, texts, labels, _ = read_emergent(csv_path)
    model = fit_stance(pair_features(claims, texts), labels, c)
    model.save(out_path)
    log.info("stance model trained on %d pairs, saved to %s", len(labels), out_path)
    return model


def load_stance_model(path: str | Path | None = None) -> StanceModel:
    """Load weights from `path`, or the model shipped with the package."""
    if path is None:
        return _shipped_model()
    with np.load(path, allow_pickle=False) as data:
        return StanceModel(data["coef"], data["intercept"], tuple(str(k) for k in data["classes"]))


@functools.lru_cache(maxsize=1)
def _shipped_model() -> StanceModel:
    ref = resources.files("claimledger.resources").joinpath("stance", MODEL_FILE)
    with resources.as_file(ref) as path:
        return load_stance_model(path)


def classify_stance_batch(
    pairs: Sequence[tuple[str, str]], model: StanceModel | None = None
) -> list[tuple[str, float]]:
    """(label, probability) for each (claim, text) pair; labels are in `STANCES`."""
    if not pairs:
        return []
    weights = model or load_stance_model()
    proba = weights.predict_proba(pair_features([p[0] for p in pairs], [p[1] for p in pairs]))
    best = proba.argmax(axis=1)
    return [(weights.classes[k], float(proba[i, k])) for i, k in enumerate(best)]


def classify_stance(claim: str, text: str, model: StanceModel | None = None) -> tuple[str, float]:
    """Stance of `text` toward `claim`: ("supports" | "contradicts" | "reports", probability)."""
    return classify_stance_batch([(claim, text)], model)[0]
