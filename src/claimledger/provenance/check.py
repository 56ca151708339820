"""Source check: every quote and number stored is found verbatim at its offsets in the stored text.

Checked per attribution: the source, the cue, each content fragment and the verification note; per
quantity: its span. The report build calls `check_sources` and fails when the list is not empty.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from claimledger.models import JSON, Extraction, Span
from claimledger.store import Store


@dataclass(frozen=True, slots=True)
class Mismatch:
    """A stored span whose text is not what the document text holds at its offsets."""

    doc_id: str
    item_id: str
    field: (
        str  # attribution.source, attribution.cue, attribution.content[0], attribution.verification, quantity
    )
    start: int
    end: int
    expected: str  # the stored span text
    found: str  # what the document text holds there

    def line(self) -> str:
        return (
            f"{self.doc_id} {self.item_id} {self.field} [{self.start}:{self.end}]: "
            f"stored {self.expected!r}, source has {self.found!r}"
        )

    def to_json(self) -> JSON:
        return {
            "doc_id": self.doc_id,
            "item_id": self.item_id,
            "field": self.field,
            "start": self.start,
            "end": self.end,
            "expected": self.expected,
            "found": self.found,
        }


def _spans(extraction: Extraction) -> Iterator[tuple[str, str, Span]]:
    for a in extraction.attributions:
        if a.source is not None:
            yield a.id, "attribution.source", a.source
        if a.cue is not None:
            yield a.id, "attribution.cue", a.cue
        for i, span in enumerate(a.content):
            yield a.id, f"attribution.content[{i}]", span
        if a.verification is not None:
            yield a.id, "attribution.verification", a.verification.span
    for q in extraction.quantities:
        yield q.id, "quantity", q.span


def check_extraction(extraction: Extraction) -> list[Mismatch]:
    text = extraction.document.text
    mismatches = []
    for item_id, name, span in _spans(extraction):
        found = text[span.start : span.end] if 0 <= span.start <= span.end <= len(text) else ""
        if found != span.text or not span.text:
            mismatches.append(
                Mismatch(extraction.document.id, item_id, name, span.start, span.end, span.text, found)
            )
    return mismatches


def check_sources(store: Store, story: str | None = None) -> list[Mismatch]:
    """Every stored span (of every version) that is not verbatim at its offsets; empty when all hold."""
    return [m for extraction in store.extractions(story) for m in check_extraction(extraction)]
