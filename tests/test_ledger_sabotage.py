"""A nineteenth story, of sabotage with many accused (`tests/fixtures/nord_stream`): the Nord Stream pipelines
blown up in September 2022; Russia blames Britain and the United States, Polish and Ukrainian officials blame
Russia, German media and U.S. officials point to a pro-Ukrainian group, and each accused state denies it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .conftest import REPO, claimants_by_position, cli_json, dispute_of, story_fixtures

JSON = dict[str, Any]
CORPUS = REPO / "tests/fixtures/nord_stream/nord_stream.jsonl"

db, story, events = story_fixtures(CORPUS, "nord_stream")


def test_each_accused_and_each_denial(story: JSON) -> None:
    """Four parties held responsible outright, each by whoever names it, and each accused state's denial; no
    "other party" inferred ("looks like an act of sabotage", said by the Kremlin, blames no one)."""
    blame = dispute_of(story, "blame")
    assert blame["topic"] == "Who is responsible for the sabotage"
    assert claimants_by_position(blame) == {
        "Russia is responsible": {"Some Polish and Ukrainian officials", "Mykhailo Podolyak"},
        "Russia is not responsible": {"Dmitry Peskov"},
        "United States is responsible": {"Russia's Foreign Ministry"},
        "United States is not responsible": {"a State Department spokesman", "White House"},
        "United Kingdom is responsible": {"Russian Ministry of Defence"},
        "United Kingdom is not responsible": {"British Ministry of Defence"},
        "A pro-Ukrainian group is responsible": {"German media", "U.S. officials"},
        "Ukraine is not responsible": {"Mykhailo Podolyak"},
    }


def test_each_partys_accusation_beside_its_denial(story: JSON) -> None:
    """Each party's "is responsible" and "is not responsible" side by side, in the order the parties were
    first named."""
    positions = [side["position"] for side in dispute_of(story, "blame")["sides"]]
    assert positions.index("United Kingdom is not responsible") == \
        positions.index("United Kingdom is responsible") + 1
    assert positions[:2] == ["Russia is responsible", "Russia is not responsible"]


def test_every_accused_state_is_a_party(story: JSON) -> None:
    """The State Department, the White House and U.S. officials speak for the United States, Podolyak for
    Ukraine, the British Defence Ministry for Britain: in a story that accuses them, none is a third party;
    "a joint report by German media" is a country's outlets, not its government."""
    sides = {m["claimant"]: m["side"] for d in story["disputes"] for s in d["sides"] for m in s["members"]}
    assert sides["a State Department spokesman"] == sides["White House"] == sides["U.S. officials"] \
        == "american_government"
    assert sides["Mykhailo Podolyak"] == "ukrainian_government"
    assert sides["British Ministry of Defence"] == "british_government"
    assert sides["German media"] == "media"


def test_deliberate_damage_is_a_settled_question(story: JSON) -> None:
    """Whether the damage was deliberate has one answer, given by sources of several sides (the Kremlin,
    Denmark's prime minister, European officials, Sweden's prosecutor): a corroborated question, not a
    dispute; the White House, which dismissed a report "that U.S. Navy divers had planted the explosives",
    does not hold it."""
    (cause,) = [g for g in story["claim_groups"] if g["kind"] == "cause"]
    assert (cause["status"], cause["answer"]) == ("corroborated", "deliberate sabotage")
    claimants = {m["claimant"] for m in cause["members"]}
    assert {"Dmitry Peskov", "Mette Frederiksen", "European officials", "Mats Ljungqvist"} <= claimants
    assert "White House" not in claimants
    assert not [d for d in story["disputes"] if d["kind"] == "cause"]


def test_a_quotation_after_a_time_of_day(db: Path) -> None:
    """ '... the second at 7:04 p.m. "There is no doubt that these were explosions," said Bjorn Lund': the
    quotation starts a sentence, so Lund's statement is the quotation alone."""
    report = cli_json("report", "--db", str(db), "--format", "json")
    (lund,) = [a for d in report["documents"] for a in d["attributions"] if a["speaker"] == "Bjorn Lund"]
    assert [c["text"] for c in lund["content"]] == ['"There is no doubt that these were explosions,"']


def test_the_sabotage_as_event_rows(events: list[JSON]) -> None:
    """Russia's account of the blasts is a remote explosive by Britain's forces (the ministry that says so is
    no doer), and the prosecutor's "Traces of explosives" is the blasts, not a disrupted weapon."""
    (ministry,) = [e for e in events if e["text"].startswith("Personnel of the British navy")]
    assert ministry["sub_event_type"] == "Remote explosive/landmine/IED"
    assert ministry["actor1"]["name"] == "Military Forces of United Kingdom"
    assert not any(e["sub_event_type"] == "Disrupted weapons use" for e in events)


def test_no_blast_placed_where_a_report_was_filed(events: list[JSON]) -> None:
    """A pipeline lies far from the capitals its reports are filed from: no row placed in Moscow, Stockholm or
    Washington by a dateline (nor by "the Nord Stream blast site", a name the gazetteer lacks put in the
    dateline's city), nor by "Washington was behind the attack", the government accused."""
    assert {(e["place"] or {}).get("name") for e in events} <= {"Baltic Sea", None}
