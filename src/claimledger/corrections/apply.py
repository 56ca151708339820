"""Apply corrections at read time to extractions, story ledgers and stored ledger rows.

`apply_corrections` never changes stored data: it returns corrected copies. The report and the web UI
call it on what they read, so corrections survive any re-extraction that reproduces the same ids.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any, TypeVar, overload

from claimledger.corrections.store import CorrectionSet
from claimledger.ledger.model import ClaimGroup, Member, StoryLedger
from claimledger.models import Attribution, Extraction, Verification, stable_id

T = TypeVar("T")
JSON = dict[str, Any]


def correct_attribution(a: Attribution, cs: CorrectionSet) -> Attribution:
    if not cs.reviewed("attribution", a.id):
        return a
    changes: dict[str, Any] = {}
    if (speaker := cs.value("attribution", a.id, "speaker")) is not None:
        changes["speaker"] = speaker
    if (polarity := cs.value("attribution", a.id, "polarity")) is not None:
        changes["polarity"] = polarity
    if cs.has("attribution", a.id, "status"):
        status = cs.value("attribution", a.id, "status")
        span = a.verification.span if a.verification else None
        changes["verification"] = Verification(status, span) if status and span else None  # type: ignore[arg-type]
    return replace(a, **changes)


def _correct_extraction(extraction: Extraction, cs: CorrectionSet) -> Extraction:
    attributions = tuple(correct_attribution(a, cs) for a in extraction.attributions)
    entities = tuple(
        replace(e, name=name) if (name := cs.value("entity", e.id, "name")) else e
        for e in extraction.entities
    )
    return replace(extraction, attributions=attributions, entities=entities)


def _member(m: Member, cs: CorrectionSet) -> Member:
    if not m.attribution_id or not cs.reviewed("attribution", m.attribution_id):
        return m
    speaker = cs.value("attribution", m.attribution_id, "speaker")
    stance = cs.value("attribution", m.attribution_id, "stance")
    return replace(m, claimant=speaker or m.claimant, stance=stance or m.stance)


def _correct_ledger(ledger: StoryLedger, cs: CorrectionSet) -> StoryLedger:
    ledger = copy.copy(ledger)
    groups: dict[str, ClaimGroup] = {}
    for g in ledger.groups:
        groups[g.id] = replace(g, members=[_member(m, cs) for m in g.members])
    for gid in list(groups):
        target = cs.resolve("group", gid)
        if target != gid and target in groups:
            groups[target].members.extend(groups.pop(gid).members)
    for gid in list(groups):
        for att in cs.splits("group", gid):
            moved = [m for m in groups[gid].members if m.attribution_id == att]
            if moved and len(moved) < len(groups[gid].members):
                groups[gid].members = [m for m in groups[gid].members if m.attribution_id != att]
                new = split_group_id(gid, att)
                groups[new] = replace(groups[gid], id=new, members=moved, topic=moved[0].text)
    for g in groups.values():
        if status := cs.value("group", g.id, "status"):
            g.status = status
    ledger.groups = list(groups.values())
    return ledger


def split_group_id(group_id: str, attribution_id: str) -> str:
    """The id of the group made by splitting `attribution_id` out of `group_id` (stable)."""
    return stable_id("grp", group_id, "split", attribution_id)


def apply_to_group_json(group: JSON, cs: CorrectionSet) -> JSON:
    """A claim group as stored (`ledger_groups.data`): corrected status and members, `reviewed` flags."""
    group = copy.deepcopy(group)
    if status := cs.value("group", group["id"], "status"):
        group["status"] = status
    group["reviewed"] = cs.reviewed("group", group["id"])
    for member in group.get("members", []):
        apply_to_member_json(member, cs)
    return group


def apply_to_member_json(member: JSON, cs: CorrectionSet) -> JSON:
    """Correct one member dict in place (claimant, stance) and mark it `reviewed`."""
    att = member.get("attribution_id") or ""
    member["reviewed"] = bool(att) and cs.reviewed("attribution", att)
    if member["reviewed"]:
        member["claimant"] = cs.value("attribution", att, "speaker") or member.get("claimant")
        member["stance"] = cs.value("attribution", att, "stance") or member.get("stance")
    return member


@overload
def apply_corrections(target: Extraction, cs: CorrectionSet) -> Extraction: ...
@overload
def apply_corrections(target: StoryLedger, cs: CorrectionSet) -> StoryLedger: ...
@overload
def apply_corrections(target: list[T], cs: CorrectionSet) -> list[T]: ...
def apply_corrections(target: Any, cs: CorrectionSet) -> Any:
    """Corrected copies of extractions, story ledgers (or lists of them); unknown types pass through."""
    if not cs:
        return target
    if isinstance(target, list):
        return [apply_corrections(item, cs) for item in target]
    if isinstance(target, Extraction):
        return _correct_extraction(target, cs)
    if isinstance(target, StoryLedger):
        return _correct_ledger(target, cs)
    return target
