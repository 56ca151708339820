"""The two taggers: a BiLSTM over token features, one for cues, one for a cue's source and content."""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

EMBED_DIMS = {
    "norm": 64,
    "pos": 16,
    "tag": 16,
    "dep": 16,
    "ent": 8,
    "lex": 8,
    "quote": 4,
    "is_cue": 4,
    "distance": 12,
    "sent_offset": 4,
    "tree": 8,
    "branch": 16,
}

CUE_TAGS = ("O", "B-CUE", "I-CUE")
ARG_TAGS = ("O", "B-SRC", "I-SRC", "B-CON", "I-CON")


class Tagger(nn.Module):
    """Embeddings of categorical columns + dense features -> 2-layer BiLSTM -> tag scores per token."""

    def __init__(
        self,
        columns: Sequence[str],
        sizes: dict[str, int],
        dense_dim: int,
        n_tags: int,
        hidden: int = 64,
        dropout: float = 0.25,
    ) -> None:
        super().__init__()
        self.columns = tuple(columns)
        self.embeds = nn.ModuleList(nn.Embedding(sizes[c], EMBED_DIMS[c]) for c in self.columns)
        in_dim = dense_dim + sum(EMBED_DIMS[c] for c in self.columns)
        self.proj = nn.Linear(in_dim, hidden)
        self.lstm = nn.LSTM(
            hidden, hidden, num_layers=2, bidirectional=True, batch_first=True, dropout=dropout
        )
        self.drop = nn.Dropout(dropout)
        self.out = nn.Linear(2 * hidden, n_tags)

    def forward(self, cats: torch.Tensor, dense: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """cats [B, T, C] long, dense [B, T, D] float, lengths [B] -> scores [B, T, n_tags]."""
        parts = [emb(cats[:, :, k]) for k, emb in enumerate(self.embeds)]
        x = torch.relu(self.proj(self.drop(torch.cat([*parts, dense], dim=-1))))
        packed = pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
        y, _ = self.lstm(packed)
        y, _ = pad_packed_sequence(y, batch_first=True, total_length=cats.shape[1])
        scores: torch.Tensor = self.out(self.drop(y))
        return scores


class TaggerEnsemble(nn.Module):
    """Taggers of one shape reading the same input: the mean of their log-probabilities.

    Independently trained taggers disagree mostly on span edges, so averaging them (a product of
    experts, renormalised by the caller's softmax) makes the boundaries steadier.
    """

    def __init__(self, members: Sequence[nn.Module]) -> None:
        super().__init__()
        self.members = nn.ModuleList(members)

    def forward(self, cats: torch.Tensor, dense: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        scores = [torch.log_softmax(member(cats, dense, lengths), dim=-1) for member in self.members]
        return torch.stack(scores).mean(0)
