"""The spaCy component that starts a sentence at a paragraph break, before the parser: the attribution
pipeline's (`claimledger.nlp.pipeline`) and the event stage's (`extract.geo.base_nlp`). A module of its own,
so that the event stage registers it without importing the attribution components."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


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
