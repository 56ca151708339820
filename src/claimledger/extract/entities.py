"""Entities with aliases within one document."""

from __future__ import annotations

from spacy.tokens import Doc


class EntityComponent:
    """Fills `doc._.cl_entities` with `Entity` objects."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.cl_entities = []
        return doc
