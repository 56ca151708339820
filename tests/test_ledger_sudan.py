"""A seventh story, of a state's army against a non-state armed group (`tests/fixtures/sudan`): the first
days of the fighting in Sudan in April 2023. What its sheet must get right that a ledger of two states gets
wrong."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from claimledger.ledger.sides import RUSSIA_UKRAINE, ArmedGroup, armed_groups, side_of, story_parties

from .conftest import REPO, claimants_by_position, contract_checked_sheet, story_fixtures

JSON = dict[str, Any]
CORPUS = REPO / "tests/fixtures/sudan/sudan.jsonl"
RSF = "group_rapid_support_forces"
ARMY = "sudanese_government"


db, story, events = story_fixtures(CORPUS, "sudan")


def test_the_parties_are_the_army_and_the_paramilitary_group(story: JSON) -> None:
    sides = {e["name"]: e["side"] for e in story["entities"]}
    for rsf in ("Rapid Support Forces", "Mohamed Hamdan Dagalo"):
        assert sides[rsf] == RSF, rsf
    for army in ("army", "Sudanese Armed Forces", "Nabil Abdallah", "Abdel Fattah al-Burhan"):
        assert sides[army] == ARMY, army
    for third in ("Antony Blinken", "Egypt", "United Nations", "World Health Organization",
                  "World Food Programme"):
        assert sides[third] == "third_party", third
    # a doctors' committee named after the country is not its government
    assert sides["Central Committee of Sudan Doctors"] == "unknown"


def test_two_men_named_abdel_fattah_stay_apart(story: JSON) -> None:
    people = {e["name"]: e for e in story["entities"] if e["type"] == "PERSON"}
    assert {"Abdel Fattah al-Burhan", "Abdel Fattah al-Sisi"} <= set(people)
    assert "Abdel Fattah" not in people
    # "General Burhan" and "Burhan" are the army chief
    assert {"Burhan"} <= set(people["Abdel Fattah al-Burhan"]["variants"])


def test_each_party_blames_the_other(story: JSON) -> None:
    (blame,) = [d for d in story["disputes"] if d["kind"] == "blame" and d["topic"].endswith("the attack")]
    sides = {side["position"]: {m["side"] for m in side["members"]} for side in blame["sides"]}
    assert sides["Sudan's army is responsible"] == {RSF}
    assert sides["Rapid Support Forces are responsible"] == {ARMY}
    said = claimants_by_position(blame)
    # "its forces had been attacked by the army at their base in Soba"; "the army had started the fighting"
    assert {"Rapid Support Forces", "Mohamed Hamdan Dagalo"} <= said["Sudan's army is responsible"]
    # "RSF fighters had attacked army positions"; "the RSF had started the fighting by attacking his ..."
    army = said["Rapid Support Forces are responsible"]
    assert {"army", "Nabil Abdallah", "Abdel Fattah al-Burhan"} <= army


def test_blame_for_breaking_the_truce_is_its_own_dispute(story: JSON) -> None:
    breach = "Who is responsible for the breach of the ceasefire"
    (truce,) = [d for d in story["disputes"] if d["topic"] == breach]
    texts = {side["position"]: {m["text"] for m in side["members"]} for side in truce["sides"]}
    assert any("the army had violated it" in text for text in texts["Sudan's army is responsible"])
    rsf = texts["Rapid Support Forces are responsible"]
    assert any("the RSF had broken the truce" in text for text in rsf)
    # "each side accused the other of starting it": the dispute told, a member of the blame group, no key fact
    (attack,) = [g for g in story["claim_groups"] if g["topic"] == "Who is responsible for the attack"]
    told = [m for m in attack["members"] if "each side accused the other of starting it" in m["text"]]
    assert told and {m["stance"] for m in told} == {"reports"}


def test_whether_territory_was_taken_is_disputed(story: JSON) -> None:
    (territory,) = [d for d in story["disputes"] if d["kind"] == "territory"]
    sides = {side["position"]: {m["side"] for m in side["members"]} for side in territory["sides"]}
    assert sides == {"territory was taken": {RSF}, "no territory was taken": {ARMY}}
    texts = {m["text"] for side in territory["sides"] for m in side["members"]}
    assert any("had not lost the presidential palace" in text for text in texts)
    assert any("remained under its control" in text for text in texts)


def test_the_truce_is_not_said_to_have_held(story: JSON) -> None:
    # both parties "had agreed to" a pause, which is no claim that it held; the fighting went on
    (ceasefire,) = [g for g in story["claim_groups"] if g["kind"] == "ceasefire"]
    assert ceasefire["status"] == "claimed"
    assert not [d for d in story["disputes"] if d["kind"] == "ceasefire"]
    # every member holds the question's second position, "the fighting went on"
    assert {m["stance"] for m in ceasefire["members"]} == {"contradicts"}
    texts = {m["text"] for m in ceasefire["members"]}
    assert any("collapsed on Tuesday evening" in text for text in texts)


def test_wounded_are_not_counted_as_killed(story: JSON) -> None:
    numbers = {(n["category"], n["place"]): n for n in story["numbers"]}
    killed = {v["value"] for v in numbers[("killed", "all areas")]["values"]}
    wounded = {v["value"] for v in numbers[("injured", "all areas")]["values"]}
    assert 595 not in killed and 595 in wounded  # "56 civilians had been killed and 595 people wounded"
    assert {27, 56, 97, 174} <= killed


def test_the_sheet_names_both_parties_and_the_json_keeps_its_contract(db: Path) -> None:
    sheet = contract_checked_sheet(db)
    assert "**Rapid Support Forces** (ORG): Rapid Support Forces;" in sheet
    assert "Sudanese government" in sheet
    assert "Russian-held areas" not in sheet


def test_a_non_state_group_named_at_war_more_than_the_second_state_is_a_party() -> None:
    texts = ["Fighting broke out between the army and the paramilitary Rapid Support Forces (RSF).",
             "RSF fighters attacked army positions, and RSF forces took the airport. Sudan's army struck RSF "
             "bases, and Sudan's army held the palace.", "Egypt's army said its soldiers were safe."]
    assert armed_groups(texts)[ArmedGroup("Rapid Support Forces", "RSF")] >= 3
    parties = story_parties(texts)
    assert parties.names == ("Sudan", "Rapid Support Forces")
    assert side_of("Mohamed Hamdan Dagalo", "RSF commander", parties=parties) == RSF
    assert side_of("Nabil Abdallah", "Army spokesman", parties=parties) == ARMY
    assert side_of("Egypt's army", parties=parties) == "third_party"
    assert side_of("Sudanese Doctors Union", parties=parties) == "unknown"
    # a group named once is not a party; nor is a mutiny's group (`rebels_in`: another kind of story)
    once = ["The paramilitary Rapid Support Forces said so. Sudan's army denied it."]
    assert story_parties(once).group is None
    mutiny = ["Wagner fighters seized Rostov. Wagner forces marched north. Wagner's armed rebellion ended.",
              "The paramilitary Wagner Group said so. Russian troops and Ukrainian forces fought on."]
    assert story_parties(mutiny) is RUSSIA_UKRAINE



def test_event_rows_name_the_group_and_the_army(events: list[JSON]) -> None:
    def actors(event: JSON) -> set[str]:
        return {(event[k] or {}).get("name") for k in ("actor1", "actor2")} - {None}

    taken = [e for e in events if "taken control of the presidential palace" in e["text"]]
    assert taken and all(actors(e) == {"Rapid Support Forces"} for e in taken)
    strikes = [e for e in events if "air strikes on RSF bases" in e["text"]]
    assert strikes and all(actors(e) == {"Military Forces of Sudan", "Rapid Support Forces"} for e in strikes)
    assert not any("Unidentified Armed Group" in name for e in taken + strikes for name in actors(e))
    # "its forces had been attacked by the army": the army (no entity) did it, to an armed group: fighting
    attacked = [e for e in events if "attacked by the army at their base" in e["text"]]
    assert attacked and all((e["actor1"] or {}).get("name") == "Military Forces of Sudan" for e in attacked)
    assert {e["sub_event_type"] for e in attacked} == {"Armed clash"}


def test_a_name_a_person_goes_by_in_one_report_is_that_person_in_another() -> None:
    from claimledger.ledger.sides import EntityIndex
    from claimledger.models import Entity

    index = EntityIndex()
    index.add_entities([
        Entity("e1", "d1", "Mohamed Hamdan Dagalo", "PERSON", aliases=("Hemedti", "Dagalo"),
               role="RSF commander"),
        Entity("e2", "d2", "Hemedti", "PERSON"),
        Entity("e3", "d3", "Caesar", "PERSON"),  # a call sign given alone is its own person
    ])
    people = {e.name: e for e in index.entities.values()}
    assert set(people) == {"Mohamed Hamdan Dagalo", "Caesar"}
    assert people["Mohamed Hamdan Dagalo"].doc_ids == {"d1", "d2"}
