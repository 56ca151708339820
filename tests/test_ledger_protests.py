"""An eighth story, of protests (`tests/fixtures/france_protests`): the marches in France against the pension
reform in March 2023. Nobody is armed; what its sheet must get right that a ledger of wars gets wrong."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from claimledger.ledger.sides import RUSSIA_UKRAINE, protest_movement, side_of, story_parties

from .conftest import REPO, claimants_by_position, contract_checked_sheet, story_fixtures

JSON = dict[str, Any]
CORPUS = REPO / "tests/fixtures/france_protests/france_protests.jsonl"
PROTESTERS = "group_protesters"
GOVERNMENT = "french_government"


db, story, events = story_fixtures(CORPUS, "france")


def _numbers(story: JSON) -> dict[tuple[str, str], JSON]:
    return {(n["category"], n["place"]): n for n in story["numbers"]}


def test_the_parties_are_the_government_and_the_protesters(story: JSON) -> None:
    sides = {e["name"]: e["side"] for e in story["entities"]}
    for protester in ("CGT", "CFDT", "SUD-Rail", "Laurent Berger", "Philippe Martinez"):
        assert sides[protester] == PROTESTERS, protester
    for government in ("Interior Ministry", "Gerald Darmanin", "Olivier Veran", "Emmanuel Macron",
                       "Elisabeth Borne", "France"):
        assert sides[government] == GOVERNMENT, government
    for third in ("Council of Europe", "Amnesty International"):
        assert sides[third] == "third_party", third
    # "Darmanin said 201 people had been arrested", tagged as an organisation: the minister
    assert "Darmanin" not in sides


def test_each_days_crowd_is_disputed_between_the_ministry_and_the_union(story: JSON) -> None:
    numbers = _numbers(story)
    expected = {
        ("protesters on 2023-03-07", "all areas"): {1_280_000: GOVERNMENT, 3_500_000: PROTESTERS},
        ("protesters on 2023-03-23", "all areas"): {1_089_000: GOVERNMENT, 3_500_000: PROTESTERS},
        ("protesters on 2023-03-23", "Paris"): {119_000: GOVERNMENT, 800_000: PROTESTERS},
        ("protesters on 2023-03-28", "all areas"): {740_000: GOVERNMENT, 2_000_000: PROTESTERS},
        ("protesters on 2023-03-28", "Paris"): {93_000: GOVERNMENT, 450_000: PROTESTERS},
    }
    for key, values in expected.items():
        fact = numbers[key]
        assert fact["disputed"], key
        given = {v["value"]: v["side"] for v in fact["values"] if not v["vague"]}
        assert given == values, key
    # "More than a million people marched": the outlet's bound is no count of its own
    (bound,) = [v for v in numbers[("protesters on 2023-03-07", "all areas")]["values"] if v["vague"]]
    assert bound["claimant"] == "wire-agency.example"
    topics = {d["topic"] for d in story["disputes"] if d["kind"] == "number"}
    assert "protesters on 2023-03-23 (Paris)" in topics


def test_arrests_and_injured_officers_rise_within_one_day_and_stay_apart_from_another(story: JSON) -> None:
    numbers = _numbers(story)
    arrested = numbers[("arrested on 2023-03-23", "all areas")]
    assert {v["value"] for v in arrested["values"]} == {172, 457}  # the evening's figure, then the next day's
    assert arrested["series"] and not arrested["disputed"]
    assert {v["value"] for v in numbers[("arrested on 2023-03-28", "all areas")]["values"]} == {201}
    injured = numbers[("police injured on 2023-03-23", "all areas")]
    assert {v["value"] for v in injured["values"]} == {149, 441} and injured["series"]


def test_whether_the_police_used_excessive_force_is_disputed(story: JSON) -> None:
    (force,) = [d for d in story["disputes"] if d["kind"] == "police force"]
    assert force["topic"] == "Whether the police used excessive force in the protests"
    said = claimants_by_position(force)
    assert {"Philippe Martinez", "Amnesty International"} <= said["the police used excessive force"]
    # "The Paris police prefect, Laurent Nunez, denied ...": his too is "There was no excessive use of force"
    assert {"Gerald Darmanin", "Olivier Veran", "Laurent Nunez"} <= said["the police used no excessive force"]
    nunez = [m for side in force["sides"] for m in side["members"] if m["text"].startswith('"There was no')]
    assert [m["claimant"] for m in nunez] == ["Laurent Nunez"]
    texts = {side["position"]: " ".join(m["text"] for m in side["members"]) for side in force["sides"]}
    assert "denied that officers had used excessive force" in texts["the police used no excessive force"]
    assert "could not justify excessive use of force" in texts["the police used excessive force"]


def test_a_count_said_of_one_day_is_not_grouped_with_the_same_words_of_another(story: JSON) -> None:
    marched = [g for g in story["claim_groups"]
               if any("3.5 million people had marched" in m["text"] for m in g["members"])]
    assert marched
    march_7 = [g for g in marched if any(m["published"] == "2023-03-07" for m in g["members"])]
    assert march_7 and all({m["published"] for m in g["members"]} == {"2023-03-07"} for g in march_7)


def test_a_weekday_still_to_come_is_the_next_one(story: JSON) -> None:
    called = [t for t in story["timeline"] if "a new day of strikes for Tuesday" in t["text"]]
    assert called and all(t["date"] == "2023-03-28" for t in called)
    visit = [t for t in story["timeline"] if "due to begin on Sunday" in t["text"]]
    assert visit and all(t["date"] == "2023-03-26" for t in visit)


def test_the_sheet_names_both_parties_and_the_json_keeps_its_contract(db: Path) -> None:
    sheet = contract_checked_sheet(db)
    assert "**CGT** (ORG): Protesters;" in sheet or "**CGT** (ORG): Protesters ·" in sheet
    assert "1,089,000" in sheet and "1.089e+06" not in sheet



def _actors(event: JSON) -> tuple[str | None, str | None]:
    return (event["actor1"] or {}).get("name"), (event["actor2"] or {}).get("name")


def test_event_rows_use_acleds_protest_sub_events_and_actors(events: list[JSON]) -> None:
    leads = [e for e in events if e["text"].startswith("Hundreds of thousands of people marched")]
    # "police fired tear gas at protesters in Paris." / "... as clashes broke out"
    tear_gas = [e for e in leads if "clashes" not in e["text"]]
    assert [e["sub_event_type"] for e in tear_gas] == ["Protest with intervention"]
    assert _actors(tear_gas[0]) == ("Protesters (France)", "Police Forces of France")
    clashes = [e for e in leads if "clashes" in e["text"]]
    assert [e["sub_event_type"] for e in clashes] == ["Violent demonstration"]
    rubbish = [e for e in events if "smashed shop windows" in e["text"]]
    assert rubbish and all(e["sub_event_type"] == "Violent demonstration" for e in rubbish)
    assert all(_actors(e) == ("Rioters (France)", "Police Forces of France") for e in rubbish)
    grenade = [e for e in events if "hit by a police grenade" in e["text"]]
    assert [e["sub_event_type"] for e in grenade] == ["Excessive force against protesters"]
    assert _actors(grenade[0]) == ("Police Forces of France", "Protesters (France)")
    assert not any("Unidentified Armed Group" in (name or "") for e in events for name in _actors(e))
    # "172 people had been arrested": the police arrest, though no report names them
    arrests = [e for e in events if e["sub_event_type"] == "Arrests"]
    assert arrests and all(_actors(e)[0] == "Police Forces of France" for e in arrests)
    # a day of action called for next Tuesday has not happened yet
    assert not [e for e in events if "called a tenth day" in e["text"]]


def test_a_count_across_the_country_is_the_countrys_and_a_town_the_tagger_called_an_organisation_is_a_place(
        events: list[JSON]) -> None:
    """ "Darmanin said 172 people had been arrested ... across the country": France (was Paris, named in the
    sentences before); "In Bordeaux, protesters set fire to the door of the city hall": Bordeaux (the tagger's
    organisation), a violent demonstration there."""
    (arrests,) = [e for e in events if e["sub_event_type"] == "Arrests" and "across the country" in e["text"]]
    assert arrests["place"]["name"] == "France" and arrests["place"]["precision"] == 3
    bordeaux = [e for e in events if e["text"].startswith("In Bordeaux, protesters set fire")]
    found = [(e["sub_event_type"], e["place"]["name"]) for e in bordeaux]
    assert found == [("Violent demonstration", "Bordeaux")]


def test_a_story_most_of_whose_reports_open_on_protests_sets_the_protesters_against_the_state() -> None:
    texts = ["Thousands of protesters marched in Paris on Thursday. The CGT union said 3.5 million joined.",
             "Police fired tear gas at demonstrators in Lyon, the Interior Ministry said.",
             "Protests against the reform continued, and the SUD-Rail union called a strike.",
             "The government said France would not withdraw the reform."]
    movement = protest_movement(texts)
    assert movement is not None and {"CGT", "SUD-Rail"} <= set(movement.members)
    parties = story_parties(texts)
    assert parties.names == ("France", "Protesters")
    assert side_of("Laurent Berger", "head of the CFDT union", parties=parties) == PROTESTERS
    assert side_of("Sophie Binet", "CGT leader", parties=parties) == PROTESTERS
    assert side_of("Laurent Nunez", "Paris police prefect", parties=parties) == GOVERNMENT
    assert side_of("Emmanuel Macron", "President", parties=parties) == GOVERNMENT
    assert side_of("Joe Biden", "US President", parties=parties) == "third_party"
    # a war story with a protest or two is no story of protests
    war = ["Russian forces shelled Kherson on Tuesday.", "Ukraine said Russian troops attacked the town.",
           "Hundreds of protesters rallied in Kyiv.", "Russian missiles struck Odesa."]
    assert story_parties(war) is RUSSIA_UKRAINE


@pytest.mark.parametrize(("sentence", "label", "protests", "expected"), [
    ("Police fired tear gas at protesters in Lyon.", "PEACE_PROTEST", True, "PROTEST_WITH_INTER"),
    ("Protesters smashed windows and set fire to bins.", "PEACE_PROTEST", True, "VIOL_DEMONSTR"),
    ("Thousands marched peacefully through Nantes.", "PEACE_PROTEST", True, "PEACE_PROTEST"),
    ("A man lost an eye after being hit by a police grenade.", "GRENADE", True, "FORCE_AGAINST_PROTEST"),
    ("A man lost an eye after being hit by a police grenade.", "GRENADE", False, "GRENADE"),
    ("Police said Russian troops shelled the town.", "ART_MISS_ATTACK", True, "ART_MISS_ATTACK"),
])
def test_protest_sub_events_follow_what_the_sentence_tells(sentence: str, label: str, protests: bool,
                                                          expected: str) -> None:
    from claimledger.events.extract import _protest_label

    assert _protest_label(label, sentence, protests) == expected


@pytest.mark.parametrize(("text", "coming"), [
    ("The unions called a new day of strikes for Tuesday", True),
    ("The visit, which was due to begin on Sunday", True),
    ("Talks will resume on Monday", True),
    ("People marched across France on Thursday", False),
    ("Darmanin said on Friday", False),
    ("The town was shelled until Tuesday", False),
])
def test_a_weekday_is_the_next_one_only_when_the_words_before_it_look_ahead(text: str, coming: bool) -> None:
    from claimledger.extract.dates import names_a_coming_day

    day = text.rsplit(" ", 2)
    start = len(text) - len(day[-1]) - (3 if day[-2] == "on" else 0)
    assert names_a_coming_day(text, start, len(text)) is coming


def test_a_decimal_point_ends_no_sentence() -> None:
    from claimledger.ledger.times import sentence_at

    text = "The ministry said 1.089 million people marched, including 119,000 in Paris. The CGT disagreed."
    sentence = sentence_at(text, text.index("119,000"), text.index(" in Paris"))
    assert sentence.text.startswith("The ministry said")
