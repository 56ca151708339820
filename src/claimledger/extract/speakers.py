"""Speaker resolution: pronouns and role nouns resolved to the entity they refer to."""

from __future__ import annotations

from spacy.tokens import Doc


class SpeakerComponent:
    """Rewrites `doc._.cl_attributions` with `speaker`, `speaker_kind` and `speaker_entity_id` set."""

    def __call__(self, doc: Doc) -> Doc:
        return doc
