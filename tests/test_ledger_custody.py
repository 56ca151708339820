"""A seventeenth story, of a death in custody (`tests/fixtures/iran_custody`): Mahsa Amini died after her
arrest by Iran's morality police; witnesses and her family say she was beaten, the police and the coroner an
illness; protests follow, with security forces firing on them and tolls that state television and a rights
group give apart."""

from __future__ import annotations

from typing import Any

from .conftest import REPO, annotated, claimants_by_position, dispute_of, story_fixtures

JSON = dict[str, Any]
CORPUS = REPO / "tests/fixtures/iran_custody/iran_custody.jsonl"

db, story, events = story_fixtures(CORPUS, "iran_custody")


def _annotated(text: str) -> Any:
    return annotated(text, "2022-09-26")


def test_what_killed_the_detainee(story: JSON) -> None:
    """The story's event is a death in custody ("dies after arrest by morality police"), not an attack (the
    police's "heart attack"); its question is blows against an illness, and the coroner's finding the family
    rejected is no second dispute beside it."""
    cause = dispute_of(story, "cause")
    assert cause["topic"] == "What caused the death in custody"
    said = claimants_by_position(cause)
    assert said["blows, not illness"] == {"Activists", "Amjad Amini", "her cousin", "Amini's family"}
    assert said["illness, not blows"] == {"Tehran police", "a police spokesman", "Hossein Rahimi",
                                          "Ahmad Vahidi", "Iran's Forensic Organization"}
    assert not [d for d in story["disputes"] if d["kind"] == "claim"]


def test_excessive_force_against_the_protests(story: JSON) -> None:
    """ "Security forces opened fire on protesters", "had fired live ammunition at protesters" against
    "Iranian officials have denied that security forces used live ammunition"."""
    force = dispute_of(story, "police force")
    said = claimants_by_position(force)
    assert said["the police used excessive force"] == {"Kurdish Rights Network", "Iran Human Rights"}
    assert said["the police used no excessive force"] == {"Iranian officials"}


def test_tolls_of_state_television_and_a_rights_group(story: JSON) -> None:
    """41 by state television (also as the rights group's report quotes it: "the 41 reported by state
    television") against the rights group's 76: a dispute between the state and a third party, not a rising
    series."""
    (killed,) = [n for n in story["numbers"] if n["category"] == "killed"]
    values = {(v["value"], v["claimant"]) for v in killed["values"]}
    assert values == {(41, "Iranian state television"), (41, "state television"), (76, "Iran Human Rights")}
    assert killed["disputed"]


def test_arrests_counted_where_the_governor_counts_them(story: JSON) -> None:
    """ "The governor of Gilan province said 739 people ... had been arrested there": Gilan's count, not the
    whole story's; a story that names two provinces once each (Gilan, Kurdistan) is about neither alone."""
    (arrested,) = [n for n in story["numbers"] if n["category"].startswith("arrested")]
    assert arrested["place"] == "Gilan region"


def test_speakers_and_sides(story: JSON) -> None:
    """ "Tehran's police chief, Brigadier General Hossein Rahimi" speaks for Iran's government, and so does
    the "Supreme Leader" in a story of protests against the state; rights groups are third parties."""
    sides = {e["name"]: e["side"] for e in story["entities"]}
    assert sides["Hossein Rahimi"] == sides["Ahmad Vahidi"] == "iranian_government"
    assert sides["Ayatollah Ali Khamenei"] == "iranian_government"
    assert sides["Iran Human Rights"] == sides["Kurdish Rights Network"] == "third_party"


def test_a_family_speaks_for_its_dead_and_a_group_named_beside_its_noun() -> None:
    extraction = _annotated(
        "At least 76 people have been killed, the Oslo-based group Iran Human Rights said on Monday.\n\n"
        "The group said videos showed that security forces had fired live ammunition.\n\n"
        "Mahsa Amini died in hospital. Amini's family rejected the report. Navalny's lawyer said he was ill.")
    speakers = {a.cue.text: (a.speaker, a.speaker_kind) for a in extraction.attributions if a.cue is not None
                and a.cue.text != "said"}
    assert speakers["rejected"] == ("Amini's family", "collective")
    said = [(a.speaker, a.speaker_kind) for a in extraction.attributions if a.cue and a.cue.text == "said"]
    assert said == [("Iran Human Rights", "organization"), ("Iran Human Rights", "organization"),
                    ("Navalny's lawyer", "person")]


def test_a_second_verb_after_a_perfect_and_an_aside_after_the_cue() -> None:
    """ "said Amini had not been beaten and blamed the violence on ...": the minister blames, and what he said
    ends before "and"; "..., the group said on Monday, a higher toll than the 41 reported by state television"
    is the writer's aside: not what the group said, and no television channel of the group's."""
    extraction = _annotated(
        "Interior Minister Ahmad Vahidi said Amini had not been beaten and blamed the violence on "
        "\"rioters\".\n\nAt least 76 people have been killed by security forces in Iran's crackdown on the "
        "protests, the group said on Monday, a higher toll than the 41 reported by state television.")
    by_cue = {(a.cue.text, a.content[0].start): a for a in extraction.attributions if a.cue is not None}
    blamed = next(a for (cue, _), a in by_cue.items() if cue == "blamed")
    assert blamed.speaker == "Ahmad Vahidi"
    first, toll = sorted((a for (cue, _), a in by_cue.items() if cue == "said"), key=lambda a: a.start)
    assert first.content_text == "Amini had not been beaten"
    assert toll.content_text == ("At least 76 people have been killed by security forces in Iran's crackdown "
                                 "on the protests")
    assert toll.channel is None


def test_the_event_rows(events: list[JSON]) -> None:
    """Security forces firing on mourners in Saqqez is excessive force against protesters, by Iran's police;
    "had died of a heart attack" is no shelling, nor any event."""
    rows = {(e["sub_event_type"], (e["actor1"] or {}).get("name"), (e["place"] or {}).get("name"))
            for e in events}
    assert ("Excessive force against protesters", "Police Forces of Iran", "Saqqez") in rows
    assert not any(e["event_type"] == "Explosions/Remote violence" for e in events)
