"""The ledger's data: claim groups, disputes, number facts and a timeline for one story.

Plain dataclasses with `to_json()`; every member cites a document and character offsets into its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from claimledger.ledger.sides import LedgerEntity

JSON = dict[str, Any]
STATUSES = ("claimed", "corroborated", "disputed", "denied")
# the questions whose one answer, given by sources of several sides, is a key fact: what caused the event (the
# wording of others, "had destroyed" for an outcome, is too loose to settle anything by itself)
SETTLED_KINDS = frozenset({"cause"})
_TWO_FIGURES = re.compile(r"\d[^\d]+\d")  # "100 to 300", not "hundreds of thousands"


def figure_text(value: float) -> str:
    """ "1,089,000", "2.5": a figure as a reader writes it, never "1.089e+06"."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,g}"


def written_range(low: float | None, high: float | None, qualifier: str | None,
                  written: str) -> tuple[float, float] | None:
    """The range a count gives with two figures ("a range of 100 to 300"); None for one figure, a bound ("at
    least 500") or a vague count ("hundreds of thousands")."""
    if low is not None and high is not None and high > low and not qualifier and _TWO_FIGURES.search(written):
        return low, high
    return None


@dataclass(frozen=True, slots=True)
class Member:
    """One report inside a group: who says it, where (document + offsets), and its stance."""

    doc_id: str
    start: int
    end: int
    text: str
    claimant: str
    side: str
    stance: str = "reports"
    attribution_id: str | None = None
    published: str | None = None
    origin: str | None = None
    outlet: str | None = None
    position: str | None = None  # for disputes: which side of the argument this member is on

    def to_json(self) -> JSON:
        return {
            "attribution_id": self.attribution_id,
            "document_id": self.doc_id,
            "stance": self.stance,
            "claimant": self.claimant,
            "side": self.side,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "published": self.published,
            "origin": self.origin,
        }


def n_reports(members: list[Member]) -> int:
    return len({m.doc_id for m in members})


def n_origins(members: list[Member]) -> int:
    return len({m.origin or m.doc_id for m in members})


@dataclass(slots=True)
class ClaimGroup:
    id: str
    kind: str  # claim, blame, evidence, time
    topic: str
    members: list[Member]
    status: str = "claimed"
    first_seen: str | None = None
    last_seen: str | None = None

    @property
    def n_reports(self) -> int:
        return n_reports(self.members)

    @property
    def n_origins(self) -> int:
        return n_origins(self.members)

    @property
    def representative(self) -> Member:
        return self.members[0]

    @property
    def carriers(self) -> list[Member]:
        """The members that state or report the claim; those that contradict it carry no part of it."""
        return [m for m in self.members if m.stance != "contradicts"]

    @property
    def contradicting(self) -> list[Member]:
        return [m for m in self.members if m.stance == "contradicts"]

    @property
    def n_carrying_reports(self) -> int:
        return n_reports(self.carriers)

    @property
    def n_carrying_origins(self) -> int:
        return n_origins(self.carriers)

    @property
    def sides(self) -> list[str]:
        return sorted({m.side for m in self.members})

    @property
    def settled_position(self) -> str | None:
        """A question's one answer, when independent sources of more than one side give it and no one gives
        another ("What caused the sabotage": deliberate sabotage, in Moscow, Copenhagen and Stockholm)."""
        positions = {m.position for m in self.members if m.position}
        if self.kind not in SETTLED_KINDS or self.status != "corroborated" or len(positions) != 1:
            return None
        return positions.pop()

    @property
    def headline(self) -> str:
        """The topic, with its answer when the question is settled."""
        settled = self.settled_position
        return f"{self.topic}: {settled}" if settled else self.topic

    def to_json(self) -> JSON:
        return {
            "id": self.id,
            "kind": self.kind,
            "topic": self.topic,
            "status": self.status,
            "answer": self.settled_position,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "n_reports": self.n_reports,
            "n_origins": self.n_origins,
            "sides": self.sides,
            "members": [m.to_json() for m in self.members],
        }


@dataclass(slots=True)
class DisputeSide:
    position: str
    members: list[Member]

    @property
    def claimants(self) -> list[str]:
        return sorted({m.claimant for m in self.members})

    def to_json(self) -> JSON:
        return {
            "position": self.position,
            "claimant_sides": sorted({m.side for m in self.members}),
            "n_reports": n_reports(self.members),
            "n_origins": n_origins(self.members),
            "members": [m.to_json() for m in self.members],
        }


@dataclass(frozen=True, slots=True)
class PositionChange:
    """A party to the conflict that gave one answer to a dispute's question and later another: Iran's
    officials said no missile had hit the airliner (10 January), then that their forces had shot it down (11
    January). `steps`: each position the side held, with the day it first did, earliest first."""

    side: str
    steps: tuple[tuple[str, str], ...]

    def to_json(self) -> JSON:
        return {"side": self.side, "steps": [{"position": p, "first_seen": day} for p, day in self.steps]}


@dataclass(slots=True)
class Dispute:
    id: str
    kind: str  # blame, evidence, time, number, claim
    topic: str
    sides: list[DisputeSide]
    group_id: str | None = None
    changes: list[PositionChange] = field(default_factory=list)  # `build.position_changes`

    def to_json(self) -> JSON:
        return {
            "id": self.id,
            "kind": self.kind,
            "topic": self.topic,
            "group_id": self.group_id,
            "sides": [s.to_json() for s in self.sides],
            "changes": [c.to_json() for c in self.changes],
        }


@dataclass(frozen=True, slots=True)
class NumberClaim:
    value: float
    text: str
    member: Member
    qualifier: str | None = None
    low: float | None = None
    high: float | None = None
    quantity_id: str | None = None
    vague: bool = False

    def to_json(self) -> JSON:
        return {
            "value": self.value,
            "low": self.low,
            "high": self.high,
            "qualifier": self.qualifier,
            "vague": self.vague,
            "quantity_id": self.quantity_id,
            **self.member.to_json(),
        }


@dataclass(slots=True)
class NumberFact:
    id: str
    category: str
    place: str
    claims: list[NumberClaim]
    disputed: bool = False
    series: bool = False

    @property
    def values(self) -> list[float]:
        return sorted({c.value for c in self.claims})

    @property
    def status(self) -> str:
        """disputed, differs (the values differ but no sides dispute them), agreed (one value from two
        claimants or more) or one claimant (who may be quoted by many reports: that is no agreement)."""
        if self.disputed:
            return "disputed"
        if len(self.values) > 1:
            return "differs"
        return "agreed" if len({c.member.claimant.casefold() for c in self.claims}) > 1 else "one claimant"

    @property
    def figures(self) -> list[float]:
        """The values given as figures: "dozens of attackers" (24 as a value) spans no range."""
        return sorted({c.value for c in self.claims if not c.vague})

    def to_json(self) -> JSON:
        members = [c.member for c in self.claims]
        return {
            "id": self.id,
            "category": self.category,
            "place": self.place,
            "min": min(self.values),
            "max": max(self.values),
            "disputed": self.disputed,
            "series": self.series,
            "n_reports": n_reports(members),
            "n_origins": n_origins(members),
            "values": [c.to_json() for c in self.claims],
        }


@dataclass(frozen=True, slots=True)
class TimelineItem:
    date: str | None  # the time referred to (ISO date), None if only first_reported is known
    time: str | None
    kind: str  # event, claim
    text: str
    first_reported: str | None
    members: tuple[Member, ...]
    group_id: str | None = None

    def to_json(self) -> JSON:
        return {
            "date": self.date,
            "time": self.time,
            "kind": self.kind,
            "text": self.text,
            "first_reported": self.first_reported,
            "group_id": self.group_id,
            "members": [m.to_json() for m in self.members],
        }


@dataclass(frozen=True, slots=True)
class Unverified:
    member: Member
    status: str
    note: str
    note_start: int
    note_end: int
    group_id: str | None = None


@dataclass(slots=True)
class StoryLedger:
    story: str
    doc_ids: list[str]
    entities: list[LedgerEntity]
    groups: list[ClaimGroup]
    disputes: list[Dispute]
    numbers: list[NumberFact]
    timeline: list[TimelineItem]
    unverified: list[Unverified] = field(default_factory=list)
    origins: dict[str, str] = field(default_factory=dict)

    @property
    def key_facts(self) -> list[ClaimGroup]:
        """Claims carried by more than one document, most independent origins first (one line each). A
        document that contradicts a claim does not carry it."""
        facts = [g for g in self.groups if (g.kind == "claim" and g.n_carrying_reports > 1)
                 or g.settled_position is not None]
        return sorted(facts, key=lambda g: (-g.n_carrying_origins, -g.n_carrying_reports, g.first_seen or "",
                                            g.id))

    def disputed_in(self, group: ClaimGroup) -> Dispute | None:
        """The dispute of a question (not of this claim, nor of numbers) that one of the claim's carrying
        statements takes a side in: "a Kinzhal missile had hit a Patriot system" is a key fact of three
        reports and a position in "Whether the attack hit its targets"."""
        carried = {m.attribution_id for m in group.carriers} - {None}
        # not "What the mutiny was", whose positions are words ("rebellion") a statement may use in passing
        return next((d for d in self.disputes if d.kind not in ("claim", "number", "nature") and any(
            m.attribution_id in carried for side in d.sides for m in side.members)), None)

    @property
    def single_source(self) -> int:
        """Claims carried by one document only (whether or not another contradicts them)."""
        return sum(1 for g in self.groups if g.kind == "claim" and g.n_carrying_reports == 1)

    def to_json(self) -> JSON:
        return {
            "story": self.story,
            "documents": self.doc_ids,
            "n_origins": len(set(self.origins.values())),
            "entities": [e.to_json() for e in self.entities],
            "claim_groups": [g.to_json() for g in self.groups],
            "disputes": [d.to_json() for d in self.disputes],
            "numbers": [n.to_json() for n in self.numbers],
            "timeline": [t.to_json() for t in self.timeline],
            "unverified": [
                {
                    **u.member.to_json(),
                    "status": u.status,
                    "note": {"text": u.note, "start": u.note_start, "end": u.note_end},
                    "group_id": u.group_id,
                }
                for u in self.unverified
            ],
        }
