"""The learned attribution model: find cues, then tag each cue's source and content.

A cue-conditioned design (like semantic role labelling) rather than one flat tagging pass: each relation
is read from the cue's point of view, so the linking is part of the prediction and nested or adjacent
attributions do not bleed into each other. Both taggers read the small English pipeline's own token
vectors, so the model adds little to the cost of the parse.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from claimledger.errors import ClaimLedgerError, ErrorCode
from claimledger.extract.learned.features import (
    CUE_CATS,
    DOC_CATS,
    DocFeatures,
    FloatArray,
    IntArray,
    TokenSet,
    Vocab,
    cue_window_features,
    matching_rule,
    window,
)
from claimledger.extract.learned.network import ARG_TAGS, CUE_TAGS, Tagger, TaggerEnsemble

log = logging.getLogger(__name__)

CHUNK_TOKENS = 120  # cue tagger reads whole sentences, grouped up to about this many tokens
VECTOR_DIM = 96
CONTEXT_DIM = 384  # MiniLM's hidden size (`claimledger.nlp.encoder.DIM`, not imported: it loads the pipeline)
CONFIG_FILE = "config.json"
WEIGHTS_FILE = "weights.pt"

Sequence_ = tuple[IntArray, FloatArray]


@dataclass(frozen=True, slots=True)
class TokenRelation:
    """A predicted relation in token indices of one document."""

    cue: TokenSet
    source: TokenSet
    content: TokenSet
    score: float


def chunks(feats: DocFeatures, limit: int = CHUNK_TOKENS) -> list[tuple[int, int]]:
    """Consecutive sentences grouped into token ranges of about `limit` tokens."""
    out: list[tuple[int, int]] = []
    lo = hi = 0
    for s, e in feats.sent_bounds:
        if hi > lo and e - lo > limit:
            out.append((lo, hi))
            lo = s
        hi = e
    if hi > lo:
        out.append((lo, hi))
    return out


def cue_sequence(feats: DocFeatures, lo: int, hi: int) -> Sequence_:
    dense = np.concatenate([feats.vectors[lo:hi], feats.rule_flags[lo:hi]], axis=1)
    return feats.cats[lo:hi], dense


def arg_sequence(feats: DocFeatures, cue: TokenSet, lo: int, hi: int) -> Sequence_:
    cats, flags = cue_window_features(feats, cue, lo, hi)
    dense = np.concatenate([feats.vectors[lo:hi], feats.rule_flags[lo:hi], flags], axis=1)
    return np.concatenate([feats.cats[lo:hi], cats], axis=1), dense


def collate(seqs: Sequence[Sequence_]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    lengths = [len(c) for c, _ in seqs]
    width = max(lengths)
    n_cats, n_dense = seqs[0][0].shape[1], seqs[0][1].shape[1]
    cats = np.zeros((len(seqs), width, n_cats), dtype=np.int64)
    dense = np.zeros((len(seqs), width, n_dense), dtype=np.float32)
    for i, (c, d) in enumerate(seqs):
        cats[i, : len(c)] = c
        dense[i, : len(d)] = d
    return torch.from_numpy(cats), torch.from_numpy(dense), torch.tensor(lengths)


def bio_transitions(n_tags: int) -> tuple[FloatArray, FloatArray]:
    """Log-weights (0 or -inf) of the valid BIO moves for tags O, B-x, I-x, B-y, I-y, ...

    An I-x may only follow B-x or I-x; every other move (and every start but I) is allowed.
    """
    inside = [t for t in range(1, n_tags) if t % 2 == 0]
    moves = np.zeros((n_tags, n_tags), dtype=np.float32)
    for t in inside:
        moves[:, t] = -np.inf
        moves[[t - 1, t], t] = 0.0
    start = np.zeros(n_tags, dtype=np.float32)
    start[inside] = -np.inf
    return moves, start


def constrained_decode(log_probs: torch.Tensor, lengths: Sequence[int]) -> list[list[int]]:
    """The most probable valid BIO tag sequence of each row (Viterbi over the tagger's log-probabilities).

    Greedy argmax can open a content with I, or switch from I-source to I-content mid-run; the
    best valid path keeps spans whole, which mostly shows in exact content boundaries.
    """
    scores = log_probs.detach().numpy().astype(np.float32)
    batch, width, n_tags = scores.shape
    moves, start = bio_transitions(n_tags)
    past_end = np.full(n_tags, -np.inf, dtype=np.float32)
    past_end[0] = 0.0  # after its end a row is padded with O, which any tag may precede
    for row, length in enumerate(lengths):
        scores[row, length:] = past_end
    best = scores[:, 0] + start
    back = np.zeros((batch, width, n_tags), dtype=np.int64)
    for t in range(1, width):
        candidates = best[:, :, None] + moves[None]
        back[:, t] = candidates.argmax(1)
        best = candidates.max(1) + scores[:, t]
    paths = []
    for row, length in enumerate(lengths):
        tag = int(best[row].argmax())
        path = [tag]
        for t in range(width - 1, 0, -1):
            tag = int(back[row, t, tag])
            path.append(tag)
        paths.append(path[::-1][:length])
    return paths


def bio_spans(tags: Sequence[int], begin: int, inside: int) -> list[list[int]]:
    """Token runs of one label from BIO tag ids (an I after O opens a run)."""
    spans: list[list[int]] = []
    current: list[int] | None = None
    for i, tag in enumerate(tags):
        if tag == begin or (tag == inside and current is None):
            current = [i]
            spans.append(current)
        elif tag == inside and current is not None:
            current.append(i)
        else:
            current = None
    return spans


class AttributionModel:
    """Cue tagger + argument tagger with the label inventories they were trained with."""

    def __init__(self, vocab: Vocab, hidden: int = 64, context_layers: Sequence[int] = ()) -> None:
        """`context_layers`: MiniLM layers whose token states join spaCy's vectors (none: the fast model)."""
        self.vocab = vocab
        self.hidden = hidden
        self.context_layers = tuple(context_layers)
        vectors = VECTOR_DIM + (CONTEXT_DIM if self.context_layers else 0)
        sizes = vocab.sizes()
        self.cue_tagger: nn.Module = Tagger(DOC_CATS, sizes, vectors + 3, len(CUE_TAGS), hidden)
        self.arg_tagger: nn.Module = Tagger(DOC_CATS + CUE_CATS, sizes, vectors + 5, len(ARG_TAGS), hidden)
        self.cue_o_penalty = 0.0  # subtracted from the cue tagger's "no cue" log-probability: more recall

    @property
    def members(self) -> int:
        """How many models this one averages (1 unless it was loaded from an ensemble's folder)."""
        return len(self.cue_tagger.members) if isinstance(self.cue_tagger, TaggerEnsemble) else 1

    def eval(self) -> AttributionModel:
        self.cue_tagger.eval()
        self.arg_tagger.eval()
        return self

    # ---------------------------------------------------------- prediction

    @torch.no_grad()
    def predict_cues(self, feats: DocFeatures) -> list[TokenSet]:
        ranges = chunks(feats)
        if not ranges:
            return []
        scores = self.cue_tagger(*collate([cue_sequence(feats, lo, hi) for lo, hi in ranges]))
        log_probs = torch.log_softmax(scores, -1)
        log_probs[..., 0] -= self.cue_o_penalty
        tags = constrained_decode(log_probs, [hi - lo for lo, hi in ranges])
        out: list[TokenSet] = []
        for (lo, _), row in zip(ranges, tags, strict=True):
            for run in bio_spans(row, 1, 2):
                out.append(frozenset(lo + t for t in run))
        return out

    @torch.no_grad()
    def predict_arguments(self, feats: DocFeatures, cues: Sequence[TokenSet]) -> list[TokenRelation]:
        if not cues:
            return []
        windows = [window(feats, cue) for cue in cues]
        seqs = [arg_sequence(feats, cue, lo, hi) for cue, (lo, hi) in zip(cues, windows, strict=True)]
        log_probs = torch.log_softmax(self.arg_tagger(*collate(seqs)), dim=-1)
        tags = constrained_decode(log_probs, [hi - lo for lo, hi in windows])
        probs = log_probs.exp()
        out: list[TokenRelation] = []
        for k, (cue, (lo, hi)) in enumerate(zip(cues, windows, strict=True)):
            row = tags[k]
            content = {lo + t for run in bio_spans(row, 3, 4) for t in run} - cue
            if not content:
                continue
            sources = [[lo + t for t in run] for run in bio_spans(row, 1, 2)]
            source = _pick_source(feats, cue, sources)
            content = _past_the_window(feats, content, lo, hi) - cue - source
            picked = probs[k, : hi - lo].max(-1).values
            out.append(TokenRelation(cue, source, frozenset(content), float(picked.mean())))
        return out

    def predict(self, feats: DocFeatures) -> list[TokenRelation]:
        return self.predict_arguments(feats, self.predict_cues(feats))

    # ---------------------------------------------------------- files

    def save(self, folder: Path, extra: dict[str, Any] | None = None) -> None:
        if self.members > 1:
            raise ClaimLedgerError(
                "an ensemble is written by merge_models, from its members' folders", code=ErrorCode.USAGE
            )
        folder.mkdir(parents=True, exist_ok=True)
        config = {"vocab": self.vocab.to_json(), "hidden": self.hidden, **(extra or {})}
        if self.context_layers:
            config["context_layers"] = list(self.context_layers)
        (folder / CONFIG_FILE).write_text(json.dumps(config, indent=2, sort_keys=True) + "\n")
        state = {
            **{f"cue.{k}": v.half() for k, v in self.cue_tagger.state_dict().items()},
            **{f"arg.{k}": v.half() for k, v in self.arg_tagger.state_dict().items()},
        }
        torch.save(state, folder / WEIGHTS_FILE)

    @classmethod
    def load(cls, folder: Path) -> AttributionModel:
        """The model in `folder`; a folder whose config lists several weight files is an ensemble."""
        config = _read_config(folder)
        vocab = Vocab.from_json(config["vocab"])
        layers = [int(k) for k in config.get("context_layers", [])]
        members = []
        for weights in config.get("weights", [WEIGHTS_FILE]):
            member = cls(vocab, hidden=int(config.get("hidden", 64)), context_layers=layers)
            member._load_weights(folder, weights)
            members.append(member)
        model = members[0]
        model.cue_o_penalty = float(config.get("cue_o_penalty", 0.0))
        if len(members) > 1:
            model.cue_tagger = TaggerEnsemble([m.cue_tagger for m in members])
            model.arg_tagger = TaggerEnsemble([m.arg_tagger for m in members])
        return model.eval()

    def _load_weights(self, folder: Path, weights: str) -> None:
        try:
            state = torch.load(folder / weights, map_location="cpu", weights_only=True)
        except (OSError, ValueError, RuntimeError) as exc:
            raise _unreadable(folder, exc) from exc
        for prefix, tagger in (("cue.", self.cue_tagger), ("arg.", self.arg_tagger)):
            part = {k[len(prefix) :]: v.float() for k, v in state.items() if k.startswith(prefix)}
            tagger.load_state_dict(part)


def merge_models(folders: Sequence[Path], out: Path) -> None:
    """Write the models in `folders` (same vocabulary, width and inputs) as one ensemble into `out`.

    The first folder's config is kept, with the weight files listed and each member's training summary.
    """
    configs = [_read_config(folder) for folder in folders]
    shape = ("vocab", "hidden", "context_layers")
    for folder, config in zip(folders[1:], configs[1:], strict=True):
        if any(config.get(key) != configs[0].get(key) for key in shape):
            raise ClaimLedgerError(
                f"{folder}: not the same vocabulary, width and inputs as {folders[0]}", code=ErrorCode.USAGE
            )
        if "weights" in config:
            raise ClaimLedgerError(f"{folder}: already an ensemble", code=ErrorCode.USAGE)
    out.mkdir(parents=True, exist_ok=True)
    names = [WEIGHTS_FILE if k == 0 else f"weights.{k}.pt" for k in range(len(folders))]
    for folder, name in zip(folders, names, strict=True):
        (out / name).write_bytes((folder / WEIGHTS_FILE).read_bytes())
    summary = [{key: c.get(key) for key in ("best_epoch", "dev", "config", "seconds")} for c in configs]
    merged = {**configs[0], "weights": names, "members": summary}
    (out / CONFIG_FILE).write_text(json.dumps(merged, indent=2, sort_keys=True) + "\n")


def _read_config(folder: Path) -> dict[str, Any]:
    try:
        config: dict[str, Any] = json.loads((folder / CONFIG_FILE).read_text())
    except (OSError, ValueError) as exc:
        raise _unreadable(folder, exc) from exc
    return config


def _unreadable(folder: Path, exc: Exception) -> ClaimLedgerError:
    return ClaimLedgerError(f"cannot load the attribution model in {folder}: {exc}", code=ErrorCode.USAGE)


def _pick_source(feats: DocFeatures, cue: TokenSet, runs: list[list[int]]) -> TokenSet:
    """Of several tagged source runs, the one the rules also found, else the one nearest the cue."""
    guess = matching_rule(feats, cue)
    agreed = [run for run in runs if guess is not None and guess.source & set(run)]
    picked = agreed[0] if agreed else min(runs, key=lambda run: _gap(run, cue), default=[])
    return frozenset(picked) - cue


def _past_the_window(feats: DocFeatures, content: set[int], lo: int, hi: int) -> set[int]:
    """A content cut by the window's edge runs on to the end of its quotation, else of its sentence."""
    quoted = feats.cats[:, DOC_CATS.index("quote")]
    out = set(content)
    if max(content) == hi - 1 and hi < len(feats):
        if quoted[hi - 1]:
            t = hi
            while t < len(feats) and quoted[t]:
                out.add(t)
                t += 1
        else:
            out.update(range(hi, feats.sent_bounds[int(feats.sent[hi - 1])][1]))
    if min(content) == lo and lo > 0:
        if quoted[lo]:
            t = lo - 1
            while t >= 0 and quoted[t]:
                out.add(t)
                t -= 1
        else:
            out.update(range(feats.sent_bounds[int(feats.sent[lo])][0], lo))
    return out


def _gap(run: Iterable[int], cue: TokenSet) -> int:
    return min(abs(t - c) for t in run for c in cue)
