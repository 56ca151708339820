"""What the rule readers of other languages share (`extract.german`, `extract.arabic`): a found statement,
and the step that turns found statements into Attributions and the speakers they name into Entities; and,
with `extract.cyrillic`, the blank spaCy pipeline each reader runs in (`blank_pipeline`).

A reader finds statements sentence by sentence as character offsets (`Found`); `assemble` resolves each
source to a speaker with the reader's own `SpeakerOf` (names the text introduces, pronouns, role nouns), lets
a statement without a source of its own continue the last speaker's words, and gives every named speaker
one Entity whose aliases are the forms the text wrote.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from claimledger.models import Attribution, AttributionKind, Entity, Polarity, Span, SpeakerKind
from claimledger.nlp.extensions import register_extensions

# a name as written -> (the name the ledger knows it by, the role the text gives it)
People = dict[str, tuple[str, str | None]]
# (source phrase, people, last person named) -> (speaker, kind, role, form written)
SpeakerOf = Callable[[str, People, str | None], tuple[str | None, SpeakerKind, str | None, str]]
Channels = tuple[tuple[str, re.Pattern[str]], ...]


@dataclass(slots=True)
class Found:
    """A statement as offsets: content, cue (empty when none) and source (None when the sentence gives
    none); `resolve_previous`: the last speaker's words continue."""

    content: tuple[int, int]
    cue: tuple[int, int]
    source: tuple[int, int] | None
    resolve_previous: bool = False


@dataclass(slots=True)
class _Named:
    kind: SpeakerKind
    role: str | None
    written: set[str] = field(default_factory=set)
    mentions: list[Span] = field(default_factory=list)


def quote_kind(text: str, content: tuple[int, int], opening: str, closing: str) -> AttributionKind:
    """direct when the content is one quotation, mixed when it holds one, else indirect."""
    start, end = content
    if start > 0 and text[start - 1] in opening and end < len(text) and text[end] in closing:
        return "direct"
    quoted = re.compile(f"[{re.escape(opening)}][^{re.escape(opening + closing)}]+[{re.escape(closing)}]")
    return "mixed" if quoted.search(text[start:end]) else "indirect"


def inner(text: str, start: int, end: int, quotes: tuple[str, str], stops: str = ".!?") -> tuple[int, int]:
    """start..end without surrounding spaces and final stops, and without its quotation marks when it is one
    quotation (`quotes`: the opening and the closing marks)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in stops):
        end -= 1
    opening, closing = quotes
    if end - start > 2 and text[start] in opening and text[end - 1] in closing and \
            not any(c in opening + closing for c in text[start + 1 : end - 1]):
        return start + 1, end - 1
    return start, end


def _span(text: str, where: tuple[int, int]) -> Span:
    return Span(where[0], where[1], text[where[0]:where[1]])


def assemble(text: str, doc_id: str, sentences: list[tuple[int, int]], found: Iterable[Found], *,
             people: People, speaker_of: SpeakerOf, deny: re.Pattern[str], channels: Channels,
             quotes: tuple[str, str]) -> tuple[list[Attribution], list[Entity]]:
    """Attributions and named speakers (as entities) of one document from its found statements."""
    attributions: list[Attribution] = []
    speakers: dict[str, _Named] = {}
    last_person: str | None = None
    last_speaker: tuple[str | None, SpeakerKind | None] = (None, None)
    for item in found:
        content = (_span(text, item.content),)
        cue = _span(text, item.cue)
        source = _span(text, item.source) if item.source else None
        speaker: str | None
        kind: SpeakerKind | None
        if item.resolve_previous or source is None:
            speaker, kind = last_speaker
        else:
            speaker, kind, role, written = speaker_of(source.text, people, last_person)
            if speaker and kind in ("person", "organization"):
                named = speakers.setdefault(speaker, _Named(kind, role))
                named.written.add(written if written in people or kind == "organization" else speaker)
                named.mentions.append(source)
                named.role = named.role or role
            if kind == "person":
                last_person = speaker
        last_speaker = (speaker, kind)
        sentence = next(((s, e) for s, e in sentences if s <= item.content[0] < e), item.content)
        polarity: Polarity = "deny" if deny.match(cue.text) else "assert"
        attributions.append(Attribution(
            id=Attribution.make_id(doc_id, content), doc_id=doc_id,
            kind=quote_kind(text, item.content, *quotes), content=content, source=source,
            cue=cue if cue.end > cue.start else None, speaker=speaker, speaker_kind=kind, polarity=polarity,
            channel=next((n for n, p in channels if p.search(text[sentence[0]:sentence[1]])), None),
        ))
    for written, (name, _) in people.items():
        if name in speakers:
            speakers[name].written.add(written)
    entities = [
        Entity(id=Entity.make_id(doc_id, name, "PERSON" if n.kind == "person" else "ORG"), doc_id=doc_id,
               name=name, type="PERSON" if n.kind == "person" else "ORG",
               aliases=tuple(sorted(n.written - {name})),
               mentions=tuple(sorted(set(n.mentions), key=lambda s: s.start)), role=n.role)
        for name, n in speakers.items()
    ]
    ids = {entity.name: entity.id for entity in entities}
    return [replace(a, speaker_entity_id=ids.get(a.speaker or "")) for a in attributions], entities


Reader = Callable[[Doc], tuple[list[Attribution], list[Entity]]]


class RuleAttributions:
    """The pipeline component of a rule reader: fills `Doc._.cl_attributions` and `Doc._.cl_entities` (no
    quantities; those readers do not count)."""

    def __init__(self, read: Reader) -> None:
        self.read = read

    def __call__(self, doc: Doc) -> Doc:
        doc._.cl_attributions, doc._.cl_entities = self.read(doc)
        doc._.cl_quantities = []
        return doc


def blank_pipeline(language: str, component: str, *, sentencizer: bool = True) -> Language:
    """spaCy's blank pipeline for `language` (its tokenizer), a sentencizer unless the reader cuts its own
    sentences, and the reader's component."""
    register_extensions()
    nlp = spacy.blank(language)
    if sentencizer:
        nlp.add_pipe("sentencizer")
    nlp.add_pipe(component)
    return nlp

