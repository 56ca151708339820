"""Quantities: numbers and number words with what they count, linked to the attribution claiming them."""

from __future__ import annotations

from spacy.tokens import Doc


class QuantityComponent:
    """Fills `doc._.cl_quantities` with `Quantity` objects."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.cl_quantities = []
        return doc
