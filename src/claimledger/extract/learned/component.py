"""The learned attribution backend as a spaCy component (`claimledger_attribution_model`).

The model predicts cue, source and content; channel, denial and verification notes are then read
exactly as the rule backend reads them, so both backends fill `doc._.cl_attributions` the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path

from spacy.tokens import Doc, Token

from claimledger.extract import cues
from claimledger.extract.attribution import (
    Candidate,
    RuleAttributionComponent,
    _annotate,
    _attach_verification,
    _dedupe,
    _Index,
    _kind,
    _overlaps,
    quote_kind,
)
from claimledger.extract.learned.features import DocFeatures, add_rule_guesses, doc_features
from claimledger.extract.learned.model import AttributionModel, TokenRelation
from claimledger.models import Polarity

log = logging.getLogger(__name__)


MODEL_VARIANTS = {"fast": "attribution_model", "accurate": "attribution_model_accurate"}


def default_model_dir(variant: str = "fast") -> Path:
    """A model shipped inside the package: `fast` (spaCy's vectors) or `accurate` (also MiniLM's)."""
    return Path(str(resources.files("claimledger.resources") / MODEL_VARIANTS[variant]))


@lru_cache(maxsize=2)
def load_model(folder: str) -> AttributionModel:
    log.info("loading attribution model from %s", folder)
    return AttributionModel.load(Path(folder))


class LearnedAttributionComponent:
    """Fills `doc._.cl_attributions` from the trained cue and argument taggers."""

    def __init__(
        self, model_dir: Path | None = None, *, rule_fallback: bool = True, rule_quotes: bool = True
    ) -> None:
        self.model = load_model(str(model_dir or default_model_dir()))
        self.rules = RuleAttributionComponent()
        self.rule_fallback = rule_fallback
        self.rule_quotes = rule_quotes

    def __call__(self, doc: Doc) -> Doc:
        rule_candidates = self.rules.candidates(doc)
        feats = doc_features(doc, self.model.vocab, context_layers=self.model.context_layers)
        add_rule_guesses(feats, rule_candidates)
        idx = _Index(doc)
        predicted = self.model.predict(feats)
        relations = [_split_at_rule_cues(feats, _repaired(doc, rel), rule_candidates) for rel in predicted]
        found = [self._candidate(doc, feats, rel, rule_candidates, idx) for rel in relations]
        if self.rule_fallback:
            found += _unclaimed(found, rule_candidates)
        found = _dedupe(found)  # an attribution's id is its content: two cues, one content, one attribution
        for cand in found:
            _annotate(cand, idx)
            cand.extra["kind"] = _kind(cand.content, idx)
        found = _attach_verification(sorted(found, key=lambda c: c.content[0]), idx)
        doc._.cl_attributions = [self.rules._to_attribution(doc, c) for c in found]
        return doc

    def _candidate(
        self,
        doc: Doc,
        feats: DocFeatures,
        rel: TokenRelation,
        rule_candidates: list[Candidate],
        idx: _Index,
    ) -> Candidate:
        cue = feats.char_fragments(rel.cue)[0]
        match = next((c for c in rule_candidates if c.cue and _overlaps(c.cue, cue)), None)
        head = doc[min(rel.cue)]
        frags = feats.char_fragments(rel.source)
        source = (frags[0][0], frags[-1][1]) if frags else None
        content = feats.char_fragments(rel.content)
        if self.rule_quotes and match is not None and _mixed_where_rules_quote(doc.text, content, match):
            content, source = list(match.content), match.source or source
        return Candidate(
            content=content,
            cue=cue,
            source=source,
            frame=match.frame if match else "model",
            lemma=match.lemma if match else head.lemma_.lower(),
            sent=idx.sent_of[head.i],
            polarity=match.polarity if match else _polarity_of_cue(doc, rel.cue),
        )


def _polarity_of_cue(doc: Doc, cue: Iterable[int]) -> Polarity:
    """A cue the rules did not find denies when one of its words is a verb of denial ("has denied")."""
    return "deny" if any(doc[i].lemma_.lower() in cues.DENY_VERBS for i in cue) else "assert"


def _mixed_where_rules_quote(text: str, content: list[tuple[int, int]], match: Candidate) -> bool:
    """The model mixed narration into a content that the rules read as one clean quotation."""
    return match.extra.get("kind") == "direct" and quote_kind(text, content) == "mixed"


def _unclaimed(found: list[Candidate], rule_candidates: list[Candidate]) -> list[Candidate]:
    """Rule candidates whose cue the model did not find: beside the model's relations, or nested in
    one of their contents ("Danilov said ..., denying any involvement"), which PolNeAR's one-layer
    annotation never marks but a ledger wants."""
    cues = [c.cue for c in found if c.cue]
    contents = [f for c in found for f in c.content]
    out = []
    for cand in rule_candidates:
        if cand.cue is None or any(_overlaps(cand.cue, k) for k in cues):
            continue
        nested = any(s <= cand.cue[0] < e for s, e in contents)
        spans = [*cand.content, cand.cue]
        if nested or not any(_overlaps(a, b) for a in spans for b in contents + cues):
            out.append(cand)
    return out


def _split_at_rule_cues(feats: DocFeatures, rel: TokenRelation, rules: list[Candidate]) -> TokenRelation:
    """A cue that runs over two of the rules' cues ("rejected | accusations of Ukrainian involvement") ends
    with the first: the rest opens the content, where the second one's own attribution nests."""
    inside = {min(t): t for c in rules if c.cue and (t := feats.tokens_in([c.cue])) and t <= rel.cue}
    if len(inside) < 2:
        return rel
    cue = inside[min(inside)]
    rest = rel.cue - cue
    if min(rest) < max(cue) or (rel.content and max(rest) + 1 != min(rel.content)):
        return rel
    return TokenRelation(cue, rel.source, rel.content | rest, rel.score)


def _complete_cue(doc: Doc, rel: TokenRelation) -> TokenRelation:
    """A cue cut inside a phrase ("claimed in a daily | briefing", "said on | Telegram") takes the rest
    of the phrase back from the content."""
    cue, content = set(rel.cue), set(rel.content)
    while max(cue) + 1 in content:
        last, nxt = doc[max(cue)], doc[max(cue) + 1]
        if last.head.i != nxt.i and not (last.pos_ == "ADP" and nxt.head.i == last.i):
            break
        cue.add(nxt.i)
        content.discard(nxt.i)
    if not content:
        return rel
    return TokenRelation(frozenset(cue), rel.source, frozenset(content), rel.score)


_PHRASE_WINDOW = 6
_INSIDE_A_NOUN_PHRASE = frozenset({"det", "amod", "compound", "poss", "nummod", "case", "nmod", "quantmod"})


def _complete_source(doc: Doc, rel: TokenRelation) -> TokenRelation:
    """A source cut inside its noun phrase ("both sides in the | war", "the Russian | defence ministry")
    takes the rest of the phrase, up to the head its last words hang on, when the cue and content leave
    those words free."""
    if not rel.source:
        return rel
    source, taken = set(rel.source), rel.cue | rel.content
    while (end := _phrase_end(doc, source)) is not None:
        between = range(max(source) + 1, end + 1)
        if end - max(source) > _PHRASE_WINDOW or any(i in taken or doc[i].is_punct for i in between):
            return rel
        source.update(between)
    if source == rel.source:
        return rel
    return TokenRelation(rel.cue, frozenset(source), rel.content, rel.score)


def _phrase_end(doc: Doc, source: set[int]) -> int | None:
    """The last word of the phrase a source's words open but do not close: a head to their right in the
    same sentence, or the object of a closing preposition."""
    last = max(source)
    sent_end = doc[last].sent.end
    heads = [doc[i].head.i for i in source
             if last < doc[i].head.i < sent_end and doc[i].dep_ in _INSIDE_A_NOUN_PHRASE
             and doc[i].head.pos_ in ("NOUN", "PROPN")]
    if heads:
        return max(heads)
    objects = [t.i for t in doc[last].rights] if doc[last].pos_ == "ADP" else []
    return max(objects) if objects else None


def _repaired(doc: Doc, rel: TokenRelation) -> TokenRelation:
    """The taggers' spans with their cut phrases completed: cue, then source, then content."""
    return _tidy_content(doc, _complete_source(doc, _no_expletive_source(doc, _complete_cue(doc, rel))))


def _is_expletive_it(doc: Doc, i: int, cue: frozenset[int]) -> bool:
    """The "it" of "It is also reported that ...": no one, and nothing said. Not the "it" of "it was
    labeled “Mostly True”" or "It has shown it knows how", which PolNeAR keeps."""
    token, after = doc[i], max(cue) + 1
    return (token.lower_ == "it" and token.dep_ in ("nsubjpass", "expl") and i + 1 in cue
            and token.head.i in cue and after < len(doc) and doc[after].lower_ == "that")


def _no_expletive_source(doc: Doc, rel: TokenRelation) -> TokenRelation:
    if len(rel.source) == 1 and _is_expletive_it(doc, min(rel.source), rel.cue):
        return TokenRelation(rel.cue, frozenset(), rel.content, rel.score)
    return rel


_FIGURE_OPENERS = frozenset({"more", "less", "fewer", "over", "nearly", "about"})


def _opens_a_figure(token: Token) -> bool:
    """ "eliminated more | than 70 terrorists": a content fragment cut inside a count."""
    return token.lower_ in _FIGURE_OPENERS and token.dep_ in ("amod", "advmod", "quantmod")


def _phrase_noun(token: Token) -> Token:
    """The noun a determiner or the start of a figure belongs to ("more" -> "terrorists")."""
    noun = token.head
    while noun.dep_ in ("nummod", "quantmod") and noun.i < noun.head.i < token.sent.end:
        noun = noun.head
    return noun


def _tidy_content(doc: Doc, rel: TokenRelation) -> TokenRelation:
    """A content that ends on a conjunction ("... continue supporting Clinton and") ends before it; one
    that ends on a determiner ("his mic the | morning", in any fragment) takes the noun it belongs to, one
    that ends on a preposition ("a brigade in | Kramatorsk") the preposition's object, and any fragment
    cut inside a count ("more | than 70 terrorists") takes the rest of the count; the "it" of "It is also
    reported | that ..." is no part of what was reported (PolNeAR leaves it out)."""
    if len(rel.content) < 2:
        return rel
    content = set(rel.content)
    if _is_expletive_it(doc, min(content), rel.cue) and any(i > max(rel.cue) for i in content):
        content.discard(min(content))
    taken = rel.cue | rel.source
    last = max(content)
    for end in sorted(i for i in content if i + 1 not in content):
        token = doc[end]
        if end == last and token.pos_ == "CCONJ":
            content.discard(end)
            continue
        if end == last and token.pos_ == "ADP":
            # "... brigade in | Kramatorsk, Konashenkov told a briefing": the preposition's object
            noun = next((c for c in token.children if c.dep_ == "pobj" and c.i > end), token)
        elif _opens_a_figure(token) or (token.pos_ == "DET" and (end == last or token.dep_ == "det")):
            # a determiner ends no fragment, the last or another: "on the | protests, the group said"
            noun = _phrase_noun(token)
        else:
            continue
        between = range(end + 1, noun.i + 1)
        if end < noun.i < token.sent.end and noun.i - end <= _PHRASE_WINDOW and not any(
                i in taken for i in between):
            content.update(between)
    if content == rel.content:
        return rel
    return TokenRelation(rel.cue, rel.source, frozenset(content), rel.score)
