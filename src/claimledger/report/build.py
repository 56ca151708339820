"""Build the "What we know" report model from stored extractions.

The model is plain data; `render.py` turns it into Markdown, HTML or JSON. Every line keeps the
attribution (or quantity) it came from, so each can cite its document and character offsets.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from claimledger.extract.claims import claims_of, denied_statement
from claimledger.extract.speakers import institution_of_title
from claimledger.ledger.model import StoryLedger
from claimledger.ledger.sides import better_person_name, better_role, person_key, translit_key
from claimledger.models import Attribution, Document, Entity, Extraction, Quantity
from claimledger.report.where_when import WhereWhen

NO_STORY = "(no story)"


@dataclass(frozen=True, slots=True)
class SourceRef:
    """A document as the report cites it: a short key ("D1") plus what a reader needs to find it."""

    key: str
    document: Document

    @property
    def label(self) -> str:
        doc = self.document
        return doc.outlet or doc.title or doc.source_path or doc.id


@dataclass(frozen=True, slots=True)
class Statement:
    attribution: Attribution
    source: SourceRef
    quantities: tuple[Quantity, ...] = ()

    @property
    def citation(self) -> str:
        a = self.attribution
        return f"{self.source.key}:{a.start}-{a.end}"

    @property
    def anchor(self) -> str:
        return f"{self.source.key}-{self.attribution.start}-{self.attribution.end}"


@dataclass(slots=True)
class SpeakerGroup:
    speaker: str
    kind: str | None
    role: str | None
    statements: list[Statement] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class NumberLine:
    quantity: Quantity
    source: SourceRef
    claimant: str | None

    @property
    def citation(self) -> str:
        return f"{self.source.key}:{self.quantity.span.start}-{self.quantity.span.end}"

    @property
    def anchor(self) -> str:
        return f"{self.source.key}-{self.quantity.span.start}-{self.quantity.span.end}"


@dataclass(frozen=True, slots=True)
class DenialLine:
    """One denial as the sheet lists it: the same speaker denying the same thing in several reports is one
    line with each report's citation; a denial of "this" names the statement it points back at."""

    speaker: str
    plural: bool  # "Ukraine and the US deny", "Ukrainian officials deny"
    statements: tuple[Statement, ...]
    denied: Statement | None = None
    denied_speaker: str | None = None

    @property
    def text(self) -> str:
        return self.statements[0].attribution.content_text


@dataclass(slots=True)
class StoryReport:
    name: str
    sources: list[SourceRef]
    speakers: list[SpeakerGroup]
    denials: list[DenialLine]
    unverified: list[Statement]
    numbers: list[NumberLine]
    actors: list[tuple[Entity, SourceRef]]
    ledger: StoryLedger | None = None
    where_when: WhereWhen | None = None  # events and places, when `claimledger events` has run
    # which kinds of outlets carry each claim group / dispute side ("carried only by Russian
    # state-controlled media"), keyed by group id and by "<dispute id>/<position>"
    outlets: dict[str, str] = field(default_factory=dict)
    not_claims: int = 0  # attributions left out: they state no claim (`claims_of`)

    @property
    def n_statements(self) -> int:
        return sum(len(g.statements) for g in self.speakers)

    @property
    def n_denials(self) -> int:
        return sum(len(line.statements) for line in self.denials)


@dataclass(slots=True)
class Report:
    stories: list[StoryReport]
    extractions: list[Extraction]
    reviewed: frozenset[str] = frozenset()  # ids an analyst corrected (see claimledger.corrections)
    # attribution id -> "outlet → Telegram post → speaker" for claims made on Telegram
    chains: dict[str, str] = field(default_factory=dict)


def speaker_label(attribution: Attribution) -> str:
    if attribution.speaker:
        return attribution.speaker
    if attribution.source:
        return attribution.source.text
    return "(unattributed)"


def _restates_an_outer(statement: Statement, group: list[Statement]) -> bool:
    """A statement nested in another of the same speaker, cue and all ("posted a video that *appears to
    show* the flag"), adds a line but no claim; denials and verification notes are always kept."""
    inner = statement.attribution
    if inner.cue is None or inner.polarity == "deny" or inner.verification is not None:
        return False
    for other in group:
        outer = other.attribution
        if other is statement or other.source.key != statement.source.key:
            continue
        if all(any(o.covers(i.start, i.end) for o in outer.content) for i in (inner.cue, *inner.content)):
            return True
    return False


def _speaker_key(attribution: Attribution, label: str, merged: dict[str, str] | None = None) -> str:
    """Statements of one named speaker, whatever the outlet's spelling (Zelensky / Zelenskyy, Kyiv / Kiev,
    ISW / Institute for the Study of War), are listed together; other sources ("officials", "he") only when
    written alike."""
    if attribution.speaker_kind == "person":
        # "Ukraine’s president, Volodymyr Zelenskiy" is Zelenskyy; "Martin Griffith" is Griffiths
        return f"person:{person_key((merged or {}).get(label, label))}"
    if attribution.speaker_kind == "organization":
        return f"organization:{' '.join(_organization_words((merged or {}).get(label, label)))}"
    if attribution.speaker_kind == "collective" and re.search(r"\band\b", label):
        # "Kyiv and Moscow", "Moscow and Kyiv", "Kiev and Moscow"; "Both Russia and Ukraine" and "Both
        # Ukraine and Russia": one speaker in any order and spelling
        words = sorted(set(_organization_words(label)) - {"and", "both"})
        return f"collective:{' '.join(words)}"
    return label.casefold()


def _organization_words(name: str) -> list[str]:
    """Spelling-insensitive words of an organisation's name, a country named by its name, possessive or
    demonym alike ("Ukraine's Intelligence", "Ukrainian Intelligence"); no initials."""
    from claimledger.extract.geo import country_named

    words: list[str] = []
    for word in name.split():
        bare = re.sub(r"['’]s$", "", word)
        country = country_named(bare) if bare[:1].isupper() else None
        words.extend(w for w in translit_key(country or bare).split() if len(w) > 1)
    return words


def build_report(
    extractions: Iterable[Extraction],
    *,
    ledgers: dict[str, StoryLedger] | None = None,
    with_ledger: bool = True,
    seen: dict[str, str] | None = None,
) -> Report:
    """The report model. Each story gets its cross-source ledger: taken from `ledgers` when given
    (e.g. read back from the database), otherwise built in memory from the extractions (`seen`: when each
    document was ingested, as for the stored ledger)."""
    extractions = list(extractions)
    by_story: dict[str, list[Extraction]] = defaultdict(list)
    for extraction in extractions:
        by_story[extraction.document.story or NO_STORY].append(extraction)
    stories = []
    for name, items in sorted(by_story.items()):
        ledger: StoryLedger | None = None
        if ledgers and name in ledgers:
            ledger = ledgers[name]
        elif with_ledger:
            from claimledger.ledger.build import build_story_ledger

            ledger = build_story_ledger(name, items, seen=seen)
        story = _story(name, items, _merged_names(ledger), _people(ledger))
        story.ledger = ledger
        stories.append(story)
    return Report(stories=stories, extractions=extractions)


_DANGLING = frozenset({"the", "of", "in", "a", "an", "and", "to", "for", "at", "on", "by", "from", "with"})


def _whole(role: str) -> bool:
    """A role the entity reader did not cut short ("chairman of ... in the Moscow-occupied parts of the")."""
    words = role.split()
    return bool(words) and words[-1].casefold() not in _DANGLING


def _merged_names(ledger: StoryLedger | None) -> dict[str, str]:
    """Each spelling of a person, organisation or speaking place the ledger merged (a typo such as "Martin
    Griffith" for "Martin Griffiths", an acronym such as "ISW", "Kiev" for "Kyiv") -> its name, so "Who
    claims what" groups speakers as the ledger does."""
    if ledger is None:
        return {}
    return {variant: entity.name for entity in ledger.entities if entity.type in ("PERSON", "ORG", "GPE")
            for variant in entity.variants}


def _people(ledger: StoryLedger | None) -> frozenset[str]:
    """Every spelling of a person the ledger knows ("Klitschko", tagged as a people in one report)."""
    if ledger is None:
        return frozenset()
    return frozenset(v for entity in ledger.entities if entity.type == "PERSON" for v in entity.variants)


def _story(name: str, extractions: list[Extraction], merged: dict[str, str] | None = None,
           people: frozenset[str] = frozenset()) -> StoryReport:
    sources = [SourceRef(f"D{i}", e.document) for i, e in enumerate(extractions, start=1)]
    groups: dict[str, SpeakerGroup] = {}
    denials: list[tuple[Statement, SpeakerGroup, Statement | None]] = []
    unverified: list[Statement] = []
    numbers: list[NumberLine] = []
    actors: list[tuple[Entity, SourceRef]] = []
    not_claims = 0
    for extraction, source in zip(extractions, sources, strict=True):
        roles = {e.id: e.role for e in extraction.entities} | {
            e.name: e.role for e in extraction.entities
        }
        quantities_by_attribution: dict[str, list[Quantity]] = defaultdict(list)
        for quantity in extraction.quantities:
            if quantity.attribution_id:
                quantities_by_attribution[quantity.attribution_id].append(quantity)
        speakers: dict[str, str | None] = {}
        claims = claims_of(extraction.attributions)
        not_claims += len(extraction.attributions) - len(claims)
        for attribution in claims:
            if attribution.speaker_kind in ("group", "organization") and speaker_label(attribution) in people:
                # "Klitschko wrote on Telegram", "Rouhani said", tagged as a people or an organisation
                attribution = replace(attribution, speaker_kind="person")
            statement = Statement(
                attribution, source, tuple(quantities_by_attribution.get(attribution.id, ()))
            )
            label = speaker_label(attribution)
            # "Ukraine's military", as the ledger names the lead's "the military" under "Ukraine says ..."
            document = extraction.document
            label = institution_of_title(document.title or "", document.text, attribution, label) or label
            speakers[attribution.id] = label if attribution.source or attribution.speaker else None
            role = roles.get(attribution.speaker_entity_id or "") or roles.get(label)
            named = attribution.speaker_kind in ("person", "organization")
            shown = (merged or {}).get(label, label) if named else label
            group = groups.setdefault(
                _speaker_key(attribution, label, merged),
                SpeakerGroup(shown, attribution.speaker_kind, role),
            )
            if role and _whole(role) and better_role(role, group.role):
                group.role = role  # a role given later, and "city mayor" over "Мэр Новой Каховки"
            if attribution.speaker_kind == "person" and better_person_name(shown, group.speaker):
                group.speaker = shown  # shown by the plain name: "Volodymyr Zelenskyy"
            group.statements.append(statement)
            if attribution.polarity == "deny":
                denied = denied_statement(attribution, claims, extraction.document.text)
                denials.append((statement, group, Statement(denied, source) if denied else None))
            if attribution.verification is not None:
                unverified.append(statement)
        for quantity in extraction.quantities:
            claimant = speakers.get(quantity.attribution_id or "")
            numbers.append(NumberLine(quantity, source, claimant))
        actors.extend((entity, source) for entity in extraction.entities if entity.type != "GPE")
    for group in groups.values():
        group.statements = [s for s in group.statements if not _restates_an_outer(s, group.statements)]
    ordered = sorted(
        groups.values(),
        key=lambda g: (g.speaker == "(unattributed)", -len(g.statements), g.statements[0].citation),
    )
    numbers.sort(key=lambda n: (n.quantity.category == "other", n.quantity.category))
    return StoryReport(name, sources, ordered, _denial_lines(denials, merged), unverified, numbers, actors,
                       not_claims=not_claims)


def _denial_lines(denials: list[tuple[Statement, SpeakerGroup, Statement | None]],
                  merged: dict[str, str] | None) -> list[DenialLine]:
    """Denials by speaker (as "Who claims what" names them) and wording, in the order first met."""
    lines: dict[tuple[int, str, str], list[tuple[Statement, SpeakerGroup, Statement | None]]] = {}
    for statement, group, denied in denials:
        said = " ".join(statement.attribution.content_text.casefold().split())
        key = (id(group), said, denied.citation if denied else "")
        lines.setdefault(key, []).append((statement, group, denied))
    out = []
    for same in lines.values():
        _, group, denied = same[0]
        label = speaker_label(denied.attribution) if denied else None
        out.append(DenialLine(
            speaker=group.speaker,
            plural=group.kind == "collective" or bool(re.search(r"\band\b", group.speaker)),
            statements=tuple(s for s, _, _ in same),
            denied=denied,
            denied_speaker=(merged or {}).get(label, label) if label else None,
        ))
    return out
