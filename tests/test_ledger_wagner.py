"""A fifth story, whose sides are not two countries (`tests/fixtures/wagner_mutiny`): the Wagner mutiny.
What its sheet must get right that a lexicon of the bundled stories' sides gets wrong."""

from __future__ import annotations

from typing import Any

from .conftest import REPO, claimants_by_position, story_fixtures

JSON = dict[str, Any]
CORPUS = REPO / "tests/fixtures/wagner_mutiny/wagner_mutiny.jsonl"


db, story, events = story_fixtures(CORPUS, "wagner")


def test_the_group_that_rose_and_its_leader_are_the_attackers_not_the_russian_government(story: JSON) -> None:
    sides = {e["name"]: e["side"] for e in story["entities"]}
    assert sides["Wagner Group"] == sides["Yevgeny Prigozhin"] == "attackers"  # "Wagner" is the Wagner Group
    assert "Wagner" not in sides
    for official in ("Vladimir Putin", "Russian Ministry of Defence", "Dmitry Peskov",
                     "Federal Security Service", "National Anti-Terrorism Committee", "Sergei Surovikin"):
        assert sides[official] == "russian_government", official
    assert sides["Alexander Lukashenko"] == sides["Antony Blinken"] == "third_party"
    assert "FSB" not in sides  # "The Federal Security Service (FSB)" and "The FSB security service": one body


def test_the_strike_on_wagners_camps_is_disputed_with_both_denials(story: JSON) -> None:
    (blame,) = [d for d in story["disputes"] if d["kind"] == "blame"]
    sides = claimants_by_position(blame)
    assert sides["Russia is responsible"] == {"Yevgeny Prigozhin"}  # "accused Defence Minister Sergei Shoigu"
    denials = [m["text"] for side in blame["sides"] if side["position"] == "Russia is not responsible"
               for m in side["members"]]
    assert any("do not correspond to reality" in text for text in denials)
    assert "The Defence Ministry said the accusation was untrue" in denials  # points back at the accusation
    # Putin's "those responsible would face inevitable punishment" is about the mutiny, not the strike
    assert "The attackers are responsible" not in sides
    (mutiny,) = [g for g in story["claim_groups"]
                 if g["kind"] == "blame" and g["topic"] == "Who is responsible for the mutiny"]
    assert {(m["claimant"], m["stance"]) for m in mutiny["members"]} == {("Vladimir Putin", "contradicts")}


def test_the_rebels_count_is_set_against_the_western_estimate(story: JSON) -> None:
    (fighters,) = [d for d in story["disputes"]
                   if d["kind"] == "number" and d["topic"].startswith("fighters (")]
    sides = {side["position"]: {m["side"] for m in side["members"]} for side in fighters["sides"]}
    assert sides == {"25,000": {"attackers"}, "8,000": {"third_party"}}


def test_airmen_killed_are_not_set_against_fighters_killed(story: JSON) -> None:
    numbers = {n["category"]: n for n in story["numbers"]}
    assert {v["value"] for v in numbers["aircrew killed"]["values"]} == {13}  # "at least 13", "13 to 15"
    assert {v["value"] for v in numbers["fighters killed"]["values"]} == {30}
    assert not numbers["aircrew killed"]["disputed"] and not numbers["fighters killed"]["disputed"]


def _said_by(story: JSON, needle: str) -> set[str]:
    return {m["claimant"] for g in story["claim_groups"] for m in g["members"] if needle in m["text"]}


def test_a_dateline_is_no_speaker_and_a_quote_stays_with_its_own_speaker(story: JSON) -> None:
    # "MOSCOW (US Wire) - The chief of the Wagner private military company said Saturday he was ordering ..."
    assert _said_by(story, "he was ordering his fighters to turn back") == {"Wagner Group"}
    # Zelensky's second quotation ends its paragraph; the next opens with "Podolyak wrote on Twitter that ..."
    assert _said_by(story, "The longer Russia keeps its troops") == {"Volodymyr Zelensky"}
    assert _said_by(story, "humiliated Putin") == {"Mykhailo Podolyak"}



def test_the_seizure_of_rostov_is_wagners_and_a_mutiny_is_no_protest(events: list[JSON]) -> None:
    # "Fighters of the Wagner mercenary group took control of ... headquarters in ... Rostov-on-Don ..., and
    # their leader ... said they would march on Moscow": the hedge is Prigozhin's, the seizure happened
    (seizure,) = [e for e in events if "took control" in e["text"]]
    assert seizure["place"]["name"] == "Rostov-on-Don"
    assert seizure["actor1"]["name"] == "Wagner"  # the dateline "ROSTOV-ON-DON ... -" was the parse's subject
    assert not [e for e in events if e["event_type"] == "Protests"]  # "his forces' march ... was a protest"
    actors = [(e["actor1"] or {}).get("name") for e in events]
    assert "Military Forces of Russia (2000-)" not in [a for a, e in zip(actors, events, strict=True)
                                                     if "military bloggers" in e["text"]]


def test_a_dateline_does_not_place_an_event(events: list[JSON]) -> None:
    # "MOSCOW, June 23. /State Agency/. All the messages ... about an alleged strike ... on the rear camps"
    (denied,) = [e for e in events if "rear camps" in e["text"]]
    assert denied["place"] is None or denied["place"]["name"] != "Moscow"
    assert denied["actor1"]["name"] == "Military Forces of Russia (2000-)"  # "a strike by the ... Ministry"


def test_what_the_mutiny_was_is_disputed_between_the_state_and_the_rebels(story: JSON) -> None:
    (nature,) = [d for d in story["disputes"] if d["kind"] == "nature"]
    sides = claimants_by_position(nature)
    assert sides["a protest, not a coup"] == {"Yevgeny Prigozhin"}  # "a demonstration of protest, not to ..."
    mutiny = sides["a mutiny or treason"]
    assert {"Vladimir Putin", "Dmitry Peskov", "Volodymyr Zelensky", "Antony Blinken"} <= mutiny
    assert "Wagner Group" not in mutiny  # the reporter's words inside the chief's statement
