"""The `Doc._` extensions every claimledger component reads or writes."""

from __future__ import annotations

from spacy.tokens import Doc

DOC_EXTENSIONS: dict[str, object] = {
    "doc_id": "",
    "cl_entities": None,  # list[Entity]
    "cl_attributions": None,  # list[Attribution]
    "cl_quantities": None,  # list[Quantity]
}


def register_extensions() -> None:
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register_extensions()
