"""The data model. Every extracted item carries `doc_id` and character offsets into `Document.text`.

All models are frozen, slotted dataclasses: cheap to create, hashable, and impossible to mutate behind
the store's back. `to_json()` gives the documented JSON contract (see `schema/document.schema.json`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

AttributionKind = Literal["direct", "indirect", "mixed"]
Polarity = Literal["assert", "deny"]
# languages read by rules (`extract.cyrillic`, `extract.german`, `extract.arabic`): quotations and reported
# speech
RULE_LANGUAGES = ("ru", "uk", "de", "ar")
# ... of which these readers also count people killed, injured, evacuated or missing (`extract.cyrillic`)
RULE_COUNTED_LANGUAGES = ("ru", "uk")
SpeakerKind = Literal["person", "organization", "group", "anonymous", "collective", "unresolved"]
VerificationStatus = Literal["unverified", "no_evidence", "disputed", "confirmed", "withdrawn"]

JSON = dict[str, Any]


def stable_id(prefix: str, *parts: object) -> str:
    """A short id derived only from content, so it survives re-ingest and re-extraction."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}_{digest[:16]}"


@dataclass(frozen=True, slots=True)
class Span:
    """Characters `text == doc.text[start:end]` of one document."""

    start: int
    end: int
    text: str

    def covers(self, start: int, end: int) -> bool:
        """Whether the characters start..end lie inside this span."""
        return self.start <= start and end <= self.end

    def to_json(self) -> JSON:
        return {"text": self.text, "start": self.start, "end": self.end}

    @classmethod
    def from_json(cls, data: JSON) -> Span:
        return cls(start=int(data["start"]), end=int(data["end"]), text=str(data["text"]))


@dataclass(frozen=True, slots=True)
class Document:
    """One article: clean text plus metadata. `id` depends only on the URL and the clean text."""

    id: str
    text: str
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None  # ISO 8601 date or datetime, as precise as the source says
    updated: str | None = None
    fetched: str | None = None
    language: str | None = None
    raw_sha256: str | None = None
    source_path: str | None = None  # where it was read from (file path or URL)
    source_locator: str | None = None  # place inside the source: "line 3", "record 2"
    input_kind: str | None = None  # html, text, jsonl, warc, url
    story: str | None = None

    @staticmethod
    def make_id(text: str, url: str | None) -> str:
        return stable_id("doc", url or "", text)

    @property
    def published_date(self) -> str | None:
        return self.published[:10] if self.published else None

    @property
    def language_code(self) -> str | None:
        """The language without its region, lower case ("en" for "en-GB"); None when unknown."""
        return None if self.language is None else self.language.lower().split("-")[0]

    @property
    def in_english(self) -> bool:
        """True unless the document is known to be in another language (the extractors read English)."""
        return self.language_code in (None, "en")

    @property
    def extractable(self) -> bool:
        """Whether claimledger extracts statements from it: English fully, Arabic, German, Russian and
        Ukrainian by rules."""
        return self.in_english or self.language_code in RULE_LANGUAGES

    def to_json(self) -> JSON:
        return {
            "id": self.id,
            "url": self.url,
            "outlet": self.outlet,
            "title": self.title,
            "authors": list(self.authors),
            "published": self.published_date,
            "updated": self.updated,
            "fetched": self.fetched,
            "language": self.language,
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class RawInput:
    """Raw bytes kept so that re-extraction never needs the source again."""

    sha256: str
    data: bytes
    media_type: str
    encoding: str | None = None

    @classmethod
    def of(cls, data: bytes, media_type: str, encoding: str | None = None) -> RawInput:
        return cls(hashlib.sha256(data).hexdigest(), data, media_type, encoding)


@dataclass(frozen=True, slots=True)
class Verification:
    """A note on whether the reporter could check a claim ("CNN could not independently verify")."""

    status: VerificationStatus
    span: Span

    def to_json(self) -> JSON:
        return {"status": self.status, **self.span.to_json()}


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who said what: source, cue and content (possibly in several fragments)."""

    id: str
    doc_id: str
    kind: AttributionKind
    content: tuple[Span, ...]
    source: Span | None = None
    cue: Span | None = None
    speaker: str | None = None  # resolved name ("Vyacheslav Gladkov"), or the source as written
    speaker_kind: SpeakerKind | None = None
    speaker_entity_id: str | None = None
    channel: str | None = None  # telegram, statement, briefing, interview, tv, social_media, ...
    verification: Verification | None = None
    polarity: Polarity = "assert"

    @staticmethod
    def make_id(doc_id: str, content: tuple[Span, ...]) -> str:
        return stable_id("att", doc_id, *(f"{s.start}-{s.end}" for s in content))

    @property
    def content_text(self) -> str:
        return " … ".join(s.text for s in self.content)

    @property
    def start(self) -> int:
        spans = [*self.content, *(s for s in (self.source, self.cue) if s is not None)]
        return min(s.start for s in spans)

    @property
    def end(self) -> int:
        spans = [*self.content, *(s for s in (self.source, self.cue) if s is not None)]
        return max(s.end for s in spans)

    def to_json(self) -> JSON:
        return {
            "id": self.id,
            "kind": self.kind,
            "source": self.source.to_json() if self.source else None,
            "speaker": self.speaker,
            "speaker_kind": self.speaker_kind,
            "speaker_entity_id": self.speaker_entity_id,
            "cue": self.cue.to_json() if self.cue else None,
            "content": [s.to_json() for s in self.content],
            "channel": self.channel,
            "verification": self.verification.to_json() if self.verification else None,
            "polarity": self.polarity,
        }


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation, place or group, with every mention and alias in one document."""

    id: str
    doc_id: str
    name: str
    type: str  # PERSON, ORG, GPE, NORP, LOC, FAC, GROUP
    aliases: tuple[str, ...] = ()
    mentions: tuple[Span, ...] = ()
    role: str | None = None  # "regional governor", "Kremlin spokesperson"

    @staticmethod
    def make_id(doc_id: str, name: str, type_: str) -> str:
        return stable_id("ent", doc_id, type_, name.casefold())

    def to_json(self) -> JSON:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "role": self.role,
            "aliases": list(self.aliases),
            "mentions": [{"start": m.start, "end": m.end} for m in self.mentions],
        }


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number and what it counts ("nine people" sent to hospital -> 9, injured)."""

    id: str
    doc_id: str
    value: float
    category: str  # killed, injured, evacuated, fighters, vehicles, drones, people, other ...
    span: Span
    low: float | None = None
    high: float | None = None
    qualifier: str | None = None  # "at least", "about", "more than" ...
    attribution_id: str | None = None

    @staticmethod
    def make_id(doc_id: str, start: int, end: int) -> str:
        return stable_id("qty", doc_id, start, end)

    def to_json(self) -> JSON:
        return {
            "id": self.id,
            "value": self.value,
            "low": self.low,
            "high": self.high,
            "qualifier": self.qualifier,
            "category": self.category,
            "text": self.span.text,
            "start": self.span.start,
            "end": self.span.end,
            "attribution_id": self.attribution_id,
        }


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one document."""

    document: Document
    attributions: tuple[Attribution, ...] = ()
    entities: tuple[Entity, ...] = ()
    quantities: tuple[Quantity, ...] = ()

    def to_json(self) -> JSON:
        return {
            **self.document.to_json(),
            "attributions": [a.to_json() for a in self.attributions],
            "entities": [e.to_json() for e in self.entities],
            "quantities": [q.to_json() for q in self.quantities],
        }


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be ingested, kept so it can be listed and retried."""

    where: str
    code: str
    message: str
    locator: str = ""
    input_kind: str | None = None

    @property
    def id(self) -> str:
        return stable_id("fail", self.where, self.locator)

    def line(self) -> str:
        """`file.jsonl line 3: E105 malformed JSON: ...`, as the CLI prints it."""
        place = " ".join(p for p in (self.where, self.locator) if p)
        return f"{place}: {self.code} {self.message}"


@dataclass(slots=True)
class IngestSummary:
    new: int = 0
    unchanged: int = 0
    failed: int = 0
    failures: list[Failure] = field(default_factory=list)
    new_ids: list[str] = field(default_factory=list)

    def to_json(self) -> JSON:
        return {
            "new": self.new,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "failures": [
                {"where": f.where, "locator": f.locator, "code": f.code, "message": f.message}
                for f in self.failures
            ],
        }
