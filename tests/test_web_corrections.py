"""Corrections: validation, storage (who/when), latest-wins, merges/splits, applying at read time."""

from __future__ import annotations

import sqlite3

import pytest

from claimledger.corrections import (
    CorrectionSet,
    add_correction,
    apply_corrections,
    apply_to_group_json,
    list_corrections,
    load_corrections,
)
from claimledger.corrections.apply import split_group_id
from claimledger.ledger.model import ClaimGroup, Member, StoryLedger
from claimledger.models import Extraction


@pytest.fixture
def conn() -> sqlite3.Connection:
    return sqlite3.connect(":memory:")


def test_stored_with_author_and_time_latest_wins(conn: sqlite3.Connection) -> None:
    assert list_corrections(conn) == [] and not load_corrections(conn)
    add_correction(conn, "attribution", "att_1", "speaker", "A", old="x", author="ana")
    second = add_correction(conn, "attribution", "att_1", "speaker", "B", old="A", author="bo")
    rows = list_corrections(conn, "attribution", "att_1")
    assert [(c.new, c.author) for c in rows] == [("A", "ana"), ("B", "bo")]
    assert second.created_at.endswith("+00:00")
    cs = load_corrections(conn)
    assert cs.value("attribution", "att_1", "speaker") == "B" and cs.reviewed("attribution", "att_1")
    assert not cs.reviewed("attribution", "att_2")


@pytest.mark.parametrize(
    ("kind", "target", "field", "new"),
    [("attribution", "att_1", "colour", "x"), ("nope", "att_1", "speaker", "x"),
     ("attribution", "ent_1", "speaker", "x"), ("group", "grp_1", "status", "true"),
     ("attribution", "att_1", "polarity", "maybe"), ("group", "grp_1", "merge_into", "grp_1"),
     ("entity", "ent_1", "merge_into", "att_2"), ("attribution", "att_1", "speaker", "  ")],
)
def test_invalid_corrections_are_refused(conn: sqlite3.Connection, kind: str, target: str, field: str,
                                         new: str) -> None:
    with pytest.raises(ValueError):
        add_correction(conn, kind, target, field, new, author="ana")
    assert list_corrections(conn) == []


def test_merge_chains_resolve_and_cycles_stop(conn: sqlite3.Connection) -> None:
    add_correction(conn, "entity", "ent_a", "merge_into", "ent_b", author="x")
    add_correction(conn, "entity", "ent_b", "merge_into", "ent_c", author="x")
    cs = load_corrections(conn)
    assert cs.resolve("entity", "ent_a") == "ent_c"
    assert cs.merged_into("entity", "ent_c") == ["ent_a", "ent_b"]
    add_correction(conn, "entity", "ent_c", "merge_into", "ent_a", author="x")
    assert load_corrections(conn).resolve("entity", "ent_a") in {"ent_a", "ent_b", "ent_c"}


def test_apply_to_extraction(conn: sqlite3.Connection, small_extraction: Extraction) -> None:
    first, second = small_extraction.attributions
    add_correction(conn, "attribution", first.id, "speaker", "Someone Else", author="x")
    add_correction(conn, "attribution", second.id, "polarity", "assert", author="x")
    add_correction(conn, "attribution", second.id, "status", "", author="x")
    entity = small_extraction.entities[0]
    add_correction(conn, "entity", entity.id, "name", "V. Gladkov", author="x")
    fixed = apply_corrections(small_extraction, load_corrections(conn))
    assert fixed.attributions[0].speaker == "Someone Else"
    assert fixed.attributions[1].polarity == "assert" and fixed.attributions[1].verification is None
    assert fixed.entities[0].name == "V. Gladkov"
    assert small_extraction.attributions[0].speaker == "Vyacheslav Gladkov"  # stored data untouched
    assert apply_corrections([small_extraction], CorrectionSet()) == [small_extraction]


def _member(att: str, claimant: str) -> Member:
    return Member("doc_1", 0, 5, "text", claimant, "unknown", attribution_id=att)


def test_apply_to_story_ledger(conn: sqlite3.Connection) -> None:
    g1 = ClaimGroup("grp_1", "claim", "t1", [_member("att_1", "A"), _member("att_2", "B")])
    g2 = ClaimGroup("grp_2", "claim", "t2", [_member("att_3", "C")])
    ledger = StoryLedger("s", ["doc_1"], [], [g1, g2], [], [], [])
    add_correction(conn, "group", "grp_2", "merge_into", "grp_1", author="x")
    add_correction(conn, "group", "grp_1", "split", "att_2", author="x")
    add_correction(conn, "group", "grp_1", "status", "corroborated", author="x")
    add_correction(conn, "attribution", "att_1", "speaker", "Z", author="x")
    add_correction(conn, "attribution", "att_1", "stance", "contradicts", author="x")
    fixed = apply_corrections(ledger, load_corrections(conn))
    groups = {g.id: g for g in fixed.groups}
    assert set(groups) == {"grp_1", split_group_id("grp_1", "att_2")}
    assert [m.attribution_id for m in groups["grp_1"].members] == ["att_1", "att_3"]
    assert groups["grp_1"].status == "corroborated"
    assert groups["grp_1"].members[0].claimant == "Z" and groups["grp_1"].members[0].stance == "contradicts"
    assert [m.claimant for m in ledger.groups[0].members] == ["A", "B"]


def test_apply_to_group_json(conn: sqlite3.Connection) -> None:
    add_correction(conn, "group", "grp_1", "status", "denied", author="x")
    add_correction(conn, "attribution", "att_1", "speaker", "Z", author="x")
    stored = {"id": "grp_1", "status": "claimed",
              "members": [{"attribution_id": "att_1", "claimant": "A"}, {"attribution_id": None}]}
    fixed = apply_to_group_json(stored, load_corrections(conn))
    assert fixed["status"] == "denied" and fixed["reviewed"]
    assert fixed["members"][0] == {"attribution_id": "att_1", "claimant": "Z", "reviewed": True,
                                   "stance": None}
    assert fixed["members"][1]["reviewed"] is False and stored["status"] == "claimed"
