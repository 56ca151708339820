"""Rule-based attribution extraction (v1): source / cue / content spans."""

from __future__ import annotations

from spacy.tokens import Doc


class RuleAttributionComponent:
    """Fills `doc._.cl_attributions` with `Attribution` objects (speaker left to the speaker stage)."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.cl_attributions = []
        return doc
