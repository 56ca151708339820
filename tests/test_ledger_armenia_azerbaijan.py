"""A sixth story, of two states neither of which is Russia or Ukraine (`tests/fixtures/armenia_azerbaijan`):
the Armenia–Azerbaijan border fighting of September 2022. What its sheet must get right that a lexicon of
the bundled stories' two states gets wrong."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from claimledger.ledger.sides import RUSSIA_UKRAINE, government_side, side_of, story_parties

from .conftest import REPO, claimants_by_position, contract_checked_sheet, story_fixtures

JSON = dict[str, Any]
CORPUS = REPO / "tests/fixtures/armenia_azerbaijan/armenia_azerbaijan.jsonl"


db, story, events = story_fixtures(CORPUS, "caucasus")


def test_the_two_states_are_the_storys_own_and_russia_is_a_third_party(story: JSON) -> None:
    sides = {e["name"]: e["side"] for e in story["entities"]}
    for armenian in ("Nikol Pashinyan", "Armenian Ministry of Defence", "Armenia"):
        assert sides[armenian] == "armenian_government", armenian
    for azerbaijani in ("Ilham Aliyev", "Hikmet Hajiyev", "Azerbaijani Ministry of Defence"):
        assert sides[azerbaijani] == "azerbaijani_government", azerbaijani
    for third in ("Sergei Lavrov", "Dmitry Peskov", "Maria Zakharova", "Vladimir Putin", "Antony Blinken",
                  "European Union"):
        assert sides[third] == "third_party", third


def test_two_defence_ministries_in_one_report_stay_apart(story: JSON) -> None:
    # "Armenia's Defence Ministry said Azerbaijani forces had opened intensive fire ... Azerbaijan's Defence
    # Ministry said Armenian forces had carried out 'large-scale provocations'"
    said = {m["claimant"] for g in story["claim_groups"] for m in g["members"]
            if "opened intensive fire" in m["text"]}
    assert said == {"Armenian Ministry of Defence"}
    said = {m["claimant"] for g in story["claim_groups"] for m in g["members"]
            if "large-scale provocations" in m["text"]}
    assert said == {"Azerbaijani Ministry of Defence"}


def test_each_side_blames_the_other(story: JSON) -> None:
    (blame,) = [d for d in story["disputes"] if d["kind"] == "blame"]
    sides = {side["position"]: {m["side"] for m in side["members"]} for side in blame["sides"]}
    assert sides["Armenia is responsible"] == {"azerbaijani_government"}  # Hajiyev: "Armenia bore full ..."
    assert sides["Azerbaijan is responsible"] == {"armenian_government"}  # "accused Azerbaijan of attacking"
    said = claimants_by_position(blame)
    # each ministry's account of who fired: "Azerbaijani forces had opened intensive fire ...", "Armenian
    # forces had carried out 'large-scale provocations'"; Pashinyan's "an act of aggression against Armenia"
    assert {"Armenian Ministry of Defence", "Nikol Pashinyan"} <= said["Azerbaijan is responsible"]
    assert {"Azerbaijani Ministry of Defence", "Hikmet Hajiyev"} <= said["Armenia is responsible"]


def test_a_denial_of_striking_civilians_is_the_striking_sides_answer(story: JSON) -> None:
    (target,) = [d for d in story["disputes"] if d["kind"] == "target"]
    texts = {side["position"]: {m["text"] for m in side["members"]} for side in target["sides"]}
    assert "Azerbaijan said its forces had not targeted civilian areas." in texts["a military target"]
    assert not any("no military solution" in text for text in texts["a civilian site"])
    civilian = {m["side"] for side in target["sides"] if side["position"] == "a civilian site"
                for m in side["members"]}
    assert civilian == {"armenian_government"}  # Armenia's Human Rights Defender: "civilian infrastructure"


def test_two_people_of_one_surname_stay_apart(story: JSON) -> None:
    people = {e["name"] for e in story["entities"] if e["type"] == "PERSON"}
    assert {"Kristine Grigoryan", "Armen Grigoryan"} <= people
    assert not any(name.startswith("Defender") for name in people)  # "Armenia's Human Rights Defender"


def test_each_states_toll_is_its_own_rising_series(story: JSON) -> None:
    numbers = {n["category"]: n for n in story["numbers"]}
    armenian, azerbaijani = numbers["Armenian fighters killed"], numbers["Azerbaijani fighters killed"]
    assert {v["value"] for v in armenian["values"]} == {49, 105, 135}  # "... had risen to 105"
    # "It said the number of its servicemen killed had risen to 71": "It" is Azerbaijan, named before
    assert {50, 71, 80} <= {v["value"] for v in azerbaijani["values"]}
    assert armenian["series"] and azerbaijani["series"]
    assert not armenian["disputed"] and not azerbaijani["disputed"]
    assert not any(d["kind"] == "number" and "49" in {s["position"] for s in d["sides"]} and
                   "50" in {s["position"] for s in d["sides"]} for d in story["disputes"])


def test_the_sheet_names_each_government_and_the_json_keeps_its_contract(db: Path, story: JSON) -> None:
    sheet = contract_checked_sheet(db)
    assert "Armenian government" in sheet and "Azerbaijani government" in sheet
    assert "Russian-held areas" not in sheet  # the bundled stories' front line is not this story's


def test_a_storys_two_states_are_those_it_names_at_war() -> None:
    caucasus = ["Azerbaijani forces shelled Armenian positions.", "Armenia's Defence Ministry said ...",
                "Russia called for restraint; Russian Foreign Minister Sergei Lavrov spoke to both."]
    assert story_parties(caucasus).names == ("Armenia", "Azerbaijan")
    # a mediator named more often than a state at war is still a third party
    mutiny = ["Russian troops blocked the road. Belarus said Belarus's president, Belarus's leader, "
              "had brokered a deal.", "Ukrainian forces watched."]
    assert story_parties(mutiny) is RUSSIA_UKRAINE
    assert story_parties(["No state is named here."]) is RUSSIA_UKRAINE


def test_sides_of_a_story_of_other_states() -> None:
    parties = story_parties(["Azerbaijani forces shelled Armenian positions."])
    assert side_of("Ilham Aliyev", "Azerbaijani President", parties=parties) == "azerbaijani_government"
    assert side_of("Armenia's Defence Ministry", parties=parties) == "armenian_government"
    assert side_of("Sergei Lavrov", "Russian Foreign Minister", parties=parties) == "third_party"
    assert side_of("Armenian and Azerbaijani officials", parties=parties) == "unknown"
    assert side_of("Armenians", parties=parties) == "unknown"  # a people, not its government
    assert side_of("Sergei Lavrov", "Russian Foreign Minister") == "russian_government"  # the bundled stories
    assert government_side("Ukraine") == "ukrainian_government"
    assert government_side("Azerbaijan") == "azerbaijani_government"



def test_event_rows_code_both_states_forces_and_no_speaker_is_a_place(events: list[JSON]) -> None:
    def actors(event: JSON) -> tuple[str | None, str | None]:
        return (event["actor1"] or {}).get("name"), (event["actor2"] or {}).get("name")

    armenia, azerbaijan = "Military Forces of Armenia", "Military Forces of Azerbaijan"
    fired = [e for e in events if "opened intensive fire" in e["text"]]
    assert fired and {actors(e) for e in fired} == {(azerbaijan, armenia)}
    leads = [e for e in events if "fighting between Armenia and Azerbaijan" in e["text"]]
    assert leads and {actors(e) for e in leads} == {(armenia, azerbaijan)}
    # "There was no immediate comment from Baku": Azerbaijan's government, not where anything happened
    assert not [e for e in events if e["place"] and e["place"]["name"] == "Baku"]
    # "Armenia said 135 of its soldiers had been killed": fighting, not violence against civilians
    tolls = [e for e in events if "of its soldiers had been killed" in e["text"]]
    assert tolls and {e["event_type"] for e in tolls} == {"Battles"}


def test_whether_territory_was_taken_is_disputed(story: JSON) -> None:
    (territory,) = [d for d in story["disputes"] if d["kind"] == "territory"]
    sides = claimants_by_position(territory)
    assert sides["territory was taken"] == {"Nikol Pashinyan"}  # "had seized 10 square kilometres ..."
    # "has not crossed into the territory of Armenia", "denied that its troops had crossed into Armenia",
    # "Claims ... that the Azerbaijani army occupied Armenian territory are groundless"
    assert sides["no territory was taken"] == {"Hikmet Hajiyev", "Azerbaijan"}


def test_whether_the_ceasefire_held_is_disputed(story: JSON) -> None:
    (ceasefire,) = [d for d in story["disputes"] if d["kind"] == "ceasefire"]
    texts = {side["position"]: [m["text"] for m in side["members"]] for side in ceasefire["sides"]}
    # "... a ceasefire that took effect at 9 a.m. Moscow time.": a clock time's dots end no sentence
    assert any(text.endswith("at 9 a.m. Moscow time.") for text in texts["a ceasefire took hold"])
    assert "Armenian officials said the shelling had not stopped." in texts["the fighting went on"]
    sides = {m["claimant"]: m["side"] for side in ceasefire["sides"] for m in side["members"]}
    assert sides["Armen Grigoryan"] == "armenian_government"  # "the secretary of Armenia's Security Council"
