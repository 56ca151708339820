"""spaCy component factories. Importing this module registers them.

Each component lives in the module of its stage; this file only wires names to classes, so that a
backend can be swapped (see `claimledger.nlp.pipeline.ATTRIBUTION_BACKENDS`).
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from claimledger.extract.attribution import RuleAttributionComponent
from claimledger.extract.entities import EntityComponent
from claimledger.extract.learned.component import LearnedAttributionComponent, default_model_dir
from claimledger.extract.quantities import QuantityComponent
from claimledger.extract.speakers import SpeakerComponent


@Language.component("claimledger_paragraphs")
def paragraph_starts(doc: Doc) -> Doc:
    """A paragraph opens a sentence: a heading ("What does each side say?") or a dateline line is not the
    start of the next paragraph's sentence, which the parser would otherwise read on through."""
    for token in doc[1:]:
        before = doc[token.i - 1]
        if not token.is_space and _after_a_paragraph_break(doc, token.i):
            token.is_sent_start = True
        elif token.text in _CLOSING and not before.whitespace_ and _before_a_paragraph_break(doc, token.i):
            token.is_sent_start = False  # '... period of time."' before a blank line ends the sentence
        elif _quote_after_a_clock(doc, token.i):
            token.is_sent_start = True
    return doc


_OPENING = frozenset({'"', "“"})
_CLOCK = frozenset({"a.m.", "p.m."})


def _quote_after_a_clock(doc: Doc, i: int) -> bool:
    """ '... the second at 7:04 p.m. | "There is no doubt ...," said Bjorn Lund': a quotation that opens on a
    capital after a time of day's closing period starts a sentence (the parser reads on through "p.m.")."""
    before, token = doc[i - 1], doc[i]
    return token.text in _OPENING and before.lower_ in _CLOCK and bool(before.whitespace_) \
        and i + 1 < len(doc) and not token.whitespace_ and doc[i + 1].text[:1].isupper()


_CLOSING = frozenset({'"', "”", "’", "'", ")", "]", "»"})


def _after_a_paragraph_break(doc: Doc, i: int) -> bool:
    """Token `i` follows a blank line. A single line break is left to the parser: it may end a sentence or
    wrap a line inside one ("followed | by reports")."""
    return doc[i - 1].text_with_ws.count("\n") >= 2


def _before_a_paragraph_break(doc: Doc, i: int) -> bool:
    return doc[i].text_with_ws.count("\n") >= 2 or (i + 1 < len(doc) and doc[i + 1].is_space
                                                     and doc[i + 1].text.count("\n") >= 2)


@Language.factory("claimledger_entities")
def make_entities(nlp: Language, name: str) -> EntityComponent:
    return EntityComponent()


@Language.factory("claimledger_attribution_rules")
def make_attribution_rules(nlp: Language, name: str) -> RuleAttributionComponent:
    return RuleAttributionComponent()


@Language.factory(
    "claimledger_attribution_model",
    default_config={"model_dir": "", "variant": "fast", "rule_fallback": True},
)
def make_attribution_model(
    nlp: Language, name: str, model_dir: str, variant: str, rule_fallback: bool
) -> LearnedAttributionComponent:
    folder = Path(model_dir) if model_dir else default_model_dir(variant)
    return LearnedAttributionComponent(folder, rule_fallback=rule_fallback)


@Language.factory("claimledger_speakers")
def make_speakers(nlp: Language, name: str) -> SpeakerComponent:
    return SpeakerComponent()


@Language.factory("claimledger_quantities")
def make_quantities(nlp: Language, name: str) -> QuantityComponent:
    return QuantityComponent()
