"""Token features for the learned attribution model, read off one parsed spaCy `Doc`.

Two views: document features (every token: the small English pipeline's tok2vec vector, hashed word
form, tags, the rule lexicon, quote state, what the rules proposed) feed the cue tagger; a cue window
adds where each token sits relative to one cue (distance, sentence offset, dependency path, the rules'
source and content for that cue) for the argument tagger.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from spacy.language import Language
from spacy.tokens import Doc

from claimledger.extract import cues
from claimledger.extract.attribution import Candidate, RuleAttributionComponent, find_quotes

NORM_BUCKETS = 1 << 15
MAX_SENT_OFFSET = 2  # the argument window: the cue's sentence and two either side
MAX_WINDOW = 140  # tokens; longer windows are cut around the cue

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float32]
TokenSet = frozenset[int]

# Categorical columns of `DocFeatures.cats`.
DOC_CATS = ("norm", "pos", "tag", "dep", "ent", "lex", "quote")
# Categorical columns added for a cue window.
CUE_CATS = ("is_cue", "distance", "sent_offset", "tree", "branch")
# Tree relation of a token to the cue's head.
TREE = ("cue", "child", "descendant", "ancestor", "sibling", "same_sentence", "other_sentence")
_DISTANCE_EDGES = (1, 2, 3, 4, 5, 8, 16, 32)


@dataclass(frozen=True, slots=True)
class Vocab:
    """Label inventories of the base pipeline, fixed at training time and saved with the model."""

    pos: tuple[str, ...]
    tag: tuple[str, ...]
    dep: tuple[str, ...]
    ent: tuple[str, ...]

    @classmethod
    def from_nlp(cls, nlp: Language) -> Vocab:
        from spacy.parts_of_speech import IDS as POS_IDS

        def labels(pipe: str) -> tuple[str, ...]:
            return tuple(sorted(getattr(nlp.get_pipe(pipe), "labels", ())))

        return cls(pos=tuple(sorted(POS_IDS)), tag=labels("tagger"), dep=labels("parser"), ent=labels("ner"))

    def sizes(self) -> dict[str, int]:
        # index 0 is "unknown / none" everywhere
        return {
            "norm": NORM_BUCKETS,
            "pos": len(self.pos) + 1,
            "tag": len(self.tag) + 1,
            "dep": len(self.dep) + 1,
            "ent": len(self.ent) + 1,
            "lex": 4,
            "quote": 3,
            "is_cue": 2,
            "distance": 2 * (len(_DISTANCE_EDGES) + 1) + 1,
            "sent_offset": 2 * MAX_SENT_OFFSET + 1,
            "tree": len(TREE),
            "branch": len(self.dep) + 1,
        }

    def to_json(self) -> dict[str, Any]:
        return {"pos": list(self.pos), "tag": list(self.tag), "dep": list(self.dep), "ent": list(self.ent)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Vocab:
        return cls(*(tuple(data[k]) for k in ("pos", "tag", "dep", "ent")))


@dataclass(frozen=True, slots=True)
class TokenRoles:
    """Cue, source and content of one relation in token indices (a gold relation or a rule guess)."""

    cue: TokenSet
    source: TokenSet
    content: TokenSet


@dataclass(slots=True)
class DocFeatures:
    """Everything the model reads from one document; arrays are per token."""

    starts: IntArray
    ends: IntArray
    sent: IntArray
    sent_bounds: list[tuple[int, int]]  # token [start, end) per sentence
    heads: IntArray
    vectors: FloatArray
    cats: IntArray
    rule_flags: FloatArray  # token is inside a rule cue / source / content
    rules: list[TokenRoles] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.starts)

    @property
    def deps(self) -> IntArray:
        return self.cats[:, DOC_CATS.index("dep")]

    def char_fragments(self, tokens: Iterable[int]) -> list[tuple[int, int]]:
        """Character [start, end) of each run of consecutive tokens."""
        return [(int(self.starts[run[0]]), int(self.ends[run[-1]])) for run in token_runs(tokens)]

    def tokens_in(self, frags: Iterable[tuple[int, int]]) -> TokenSet:
        """Tokens overlapping any character fragment."""
        out: set[int] = set()
        for s, e in frags:
            i = bisect.bisect_right(self.ends, s)
            while i < len(self.starts) and self.starts[i] < e:
                out.add(i)
                i += 1
        return frozenset(out)


def token_runs(tokens: Iterable[int]) -> list[list[int]]:
    """Sorted token indices grouped into runs of consecutive tokens."""
    out: list[list[int]] = []
    for t in sorted(tokens):
        if out and t == out[-1][-1] + 1:
            out[-1].append(t)
        else:
            out.append([t])
    return out


def _lexicon_class(lemma: str, pos: str) -> int:
    if lemma in cues.SPEECH_VERBS:
        return 1
    if pos in {"VERB", "AUX"} and lemma in cues.VERB_FRAMES:
        return 2
    if pos in {"NOUN", "PROPN"} and lemma in cues.NOMINAL_FRAMES:
        return 3
    return 0


def _index(labels: Sequence[str]) -> dict[str, int]:
    return {label: i + 1 for i, label in enumerate(labels)}


def _quote_state(doc: Doc) -> list[int]:
    """0 outside quotes, 1 inside, 2 a quotation mark itself."""
    quotes = find_quotes(doc.text)
    starts = [s for s, _ in quotes]
    out = []
    for tok in doc:
        k = bisect.bisect_right(starts, tok.idx) - 1
        inside = k >= 0 and quotes[k][0] <= tok.idx < quotes[k][1]
        out.append(2 if tok.text in cues.QUOTE_CHARS else int(inside))
    return out


def doc_features(
    doc: Doc,
    vocab: Vocab,
    rules: RuleAttributionComponent | None = None,
    *,
    context_layers: Sequence[int] = (),
) -> DocFeatures:
    """Features of a parsed document (tagger, parser, NER and tok2vec must have run).

    With `context_layers`, each token's vector also carries MiniLM's contextual state (the accurate model).
    """
    n = len(doc)
    pos, tag, dep, ent = (_index(v) for v in (vocab.pos, vocab.tag, vocab.dep, vocab.ent))
    quote = _quote_state(doc)
    cats = np.zeros((n, len(DOC_CATS)), dtype=np.int64)
    sent = np.zeros(n, dtype=np.int64)
    bounds: list[tuple[int, int]] = []
    for k, s in enumerate(doc.sents):
        bounds.append((s.start, s.end))
        sent[s.start : s.end] = k
    for tok in doc:
        cats[tok.i] = (
            tok.norm % NORM_BUCKETS,
            pos.get(tok.pos_, 0),
            tag.get(tok.tag_, 0),
            dep.get(tok.dep_, 0),
            ent.get(tok.ent_type_, 0),
            _lexicon_class(tok.lemma_.lower(), tok.pos_),
            quote[tok.i],
        )
    vectors = doc.tensor if doc.tensor.shape[0] == n else np.zeros((n, 96))
    starts = np.array([t.idx for t in doc], dtype=np.int64)
    ends = np.array([t.idx + len(t) for t in doc], dtype=np.int64)
    if context_layers:
        from claimledger.nlp.encoder import token_states  # torch only for the accurate model

        sentences = [(s.start_char, s.end_char) for s in doc.sents]
        vectors = np.hstack([vectors, token_states(doc.text, starts, ends, sentences, context_layers)])
    feats = DocFeatures(
        starts=starts,
        ends=ends,
        sent=sent,
        sent_bounds=bounds,
        heads=np.array([t.head.i for t in doc], dtype=np.int64),
        vectors=np.asarray(vectors, dtype=np.float32),
        cats=cats,
        rule_flags=np.zeros((n, 3), dtype=np.float32),
    )
    if rules is not None:
        add_rule_guesses(feats, rules.candidates(doc))
    return feats


def add_rule_guesses(feats: DocFeatures, candidates: Iterable[Candidate]) -> None:
    for cand in candidates:
        guess = TokenRoles(
            cue=feats.tokens_in([cand.cue] if cand.cue else []),
            source=feats.tokens_in([cand.source] if cand.source else []),
            content=feats.tokens_in(cand.content),
        )
        feats.rules.append(guess)
        for col, toks in enumerate((guess.cue, guess.source, guess.content)):
            for t in toks:
                feats.rule_flags[t, col] = 1.0


# ------------------------------------------------------------------ cue windows


def cue_head(feats: DocFeatures, cue: TokenSet) -> int:
    """The cue token whose syntactic head lies outside the cue (its first such token)."""
    for t in sorted(cue):
        h = int(feats.heads[t])
        if h == t or h not in cue:
            return t
    return min(cue)


def window(feats: DocFeatures, cue: TokenSet) -> tuple[int, int]:
    """Token range [lo, hi) the argument tagger reads for one cue."""
    k = int(feats.sent[min(cue)])
    first = max(0, k - MAX_SENT_OFFSET)
    last = min(len(feats.sent_bounds) - 1, k + MAX_SENT_OFFSET)
    lo, hi = feats.sent_bounds[first][0], feats.sent_bounds[last][1]
    if hi - lo > MAX_WINDOW:
        centre = min(cue)
        lo = max(lo, min(centre - MAX_WINDOW // 2, hi - MAX_WINDOW))
        hi = lo + MAX_WINDOW
    return lo, hi


def _distance_bucket(d: int) -> int:
    b = bisect.bisect_right(_DISTANCE_EDGES, abs(d))
    if d == 0:
        return 0
    return b + 1 if d < 0 else b + len(_DISTANCE_EDGES) + 2


def _path_up(feats: DocFeatures, t: int) -> list[int]:
    path = [t]
    while int(feats.heads[path[-1]]) != path[-1] and len(path) < 64:
        path.append(int(feats.heads[path[-1]]))
    return path


def cue_window_features(
    feats: DocFeatures, cue: TokenSet, lo: int, hi: int
) -> tuple[IntArray, FloatArray]:
    """Per token in [lo, hi): the CUE_CATS columns and the rules' (source, content) flags for this cue."""
    head = cue_head(feats, cue)
    head_sent = int(feats.sent[head])
    head_up = set(_path_up(feats, head))
    cats = np.zeros((hi - lo, len(CUE_CATS)), dtype=np.int64)
    for t in range(lo, hi):
        offset = int(feats.sent[t]) - head_sent
        tree, branch = _tree_relation(feats, t, head, head_up, offset)
        cats[t - lo] = (
            int(t in cue),
            _distance_bucket(t - (min(cue) if t < min(cue) else max(cue))) if t not in cue else 0,
            max(-MAX_SENT_OFFSET, min(MAX_SENT_OFFSET, offset)) + MAX_SENT_OFFSET,
            tree,
            branch,
        )
    flags = np.zeros((hi - lo, 2), dtype=np.float32)
    guess = matching_rule(feats, cue)
    if guess is not None:
        for col, toks in enumerate((guess.source, guess.content)):
            for t in toks:
                if lo <= t < hi:
                    flags[t - lo, col] = 1.0
    return cats, flags


def _tree_relation(
    feats: DocFeatures, t: int, head: int, head_up: set[int], offset: int
) -> tuple[int, int]:
    if offset != 0:
        return TREE.index("other_sentence"), 0
    if t == head:
        return TREE.index("cue"), 0
    path = _path_up(feats, t)
    if head in path:
        below = path[path.index(head) - 1]
        kind = "child" if len(path) >= 2 and path[1] == head else "descendant"
        return TREE.index(kind), int(feats.deps[below])
    if t in head_up:
        return TREE.index("ancestor"), 0
    if int(feats.heads[t]) == int(feats.heads[head]):
        return TREE.index("sibling"), int(feats.deps[t])
    return TREE.index("same_sentence"), 0


def matching_rule(feats: DocFeatures, cue: TokenSet) -> TokenRoles | None:
    for guess in feats.rules:
        if guess.cue & cue:
            return guess
    return None
