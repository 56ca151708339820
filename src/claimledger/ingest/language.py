"""The language of a document whose source declares none.

py3langid (a numpy port of langid.py, 97 languages, its model ships inside the wheel) reads the start of the
clean text. Declared languages (HTML `lang`, JSON-LD, a JSONL field) always win over the guess.
"""

from __future__ import annotations

import functools
from typing import Any

SAMPLE_CHARS = 4000  # the opening paragraphs decide; whole long texts only cost time
MIN_CHARS = 40  # shorter texts (a headline, a caption) are left undetermined
MIN_PROBABILITY = 0.8


@functools.lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language ("en", "ru", "uk"), or None when the guess is not sure."""
    sample = text[:SAMPLE_CHARS].strip()
    if len(sample) < MIN_CHARS:
        return None
    code, probability = _identifier().classify(sample)
    return str(code) if probability >= MIN_PROBABILITY else None
