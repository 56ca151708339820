"""A fourteenth story, of a blast each side lays on the other's weapon (`tests/fixtures/gaza_hospital`): the
Health Ministry in Gaza says an Israeli air strike killed hundreds at al-Ahli Arab Hospital; Israel says a
rocket of the Palestinian Islamic Jihad misfired; the US, Britain and France side with Israel's account, and
a US intelligence estimate puts the toll far below the ministry's."""

from __future__ import annotations

from typing import Any

from claimledger.ledger.build import weapon_of
from claimledger.ledger.sides import RUSSIA_UKRAINE, ArmedGroup, Parties

from .conftest import REPO, annotated, claimants_by_position, dispute_of, story_fixtures

JSON = dict[str, Any]
CORPUS = REPO / "tests/fixtures/gaza_hospital/gaza_hospital.jsonl"

db, story, events = story_fixtures(CORPUS, "gaza")


def _annotated(text: str) -> Any:
    return annotated(text, "2023-10-18")


def test_whose_weapon_did_the_harm(story: JSON) -> None:
    """ "an Israeli air strike had killed at least 500 people" against "a rocket fired by the Palestinian
    Islamic Jihad militant group had misfired", "caused by militants rather than by Israel"; "Israel was not
    responsible" is no blame of Israel; the group's "the Israeli accusations were "lies"" clears the group."""
    said = claimants_by_position(dispute_of(story, "blame"))
    assert said == {
        "Israel's army is responsible": {"Health Ministry", "Hamas"},
        "Palestinian Islamic Jihad is not responsible": {"Palestinian Islamic Jihad"},
        "Palestinian Islamic Jihad is responsible": {"Israeli military", "Israel Defense Forces", "Israel",
                                                     "Daniel Hagari", "Benjamin Netanyahu", "Joe Biden"},
        "Israel's army is not responsible": {"Israeli military", "Adrienne Watson"},
    }
    texts = [m["text"] for side in dispute_of(story, "blame")["sides"] for m in side["members"]]
    assert "Islamic Jihad rejected the accusation" in texts
    assert not any(t.startswith("Israel was trying to evade") for t in texts)  # Hamas's words, not Israel's


def test_the_parties_are_the_state_and_the_group_that_fired(story: JSON) -> None:
    """The group is introduced only through its weapon ("a failed rocket launch by the Palestinian Islamic
    Jihad"); "Islamic Jihad" is the same group, and "IDF spokesman" speaks for the Israel Defense Forces."""
    sides = {e["name"]: e["side"] for e in story["entities"]}
    assert sides["Palestinian Islamic Jihad"] == "group_palestinian_islamic_jihad"
    assert "Islamic Jihad" not in sides
    assert sides["Israel Defense Forces"] == sides["Daniel Hagari"] == "israeli_government"
    assert sides["Human Rights Watch"] == "third_party"


def test_no_target_question_and_a_question_heading_is_no_claim(story: JSON) -> None:
    """ "denied that it had struck the hospital" denies the strike, not that the site was civilian; "What does
    the evidence show?" is an explainer's heading."""
    kinds = [d["kind"] for d in story["disputes"]]
    assert "target" not in kinds
    evidence = claimants_by_position(dispute_of(story, "evidence"))
    assert evidence["no evidence offered"] == {"Human Rights Watch"}
    texts = [m["text"] for side in dispute_of(story, "evidence")["sides"] for m in side["members"]]
    assert not any(t.rstrip().endswith("?") for t in texts)


def test_a_toll_against_an_estimate_below_it(story: JSON) -> None:
    """ "likely at the low end of a range of 100 to 300, well below the figure announced by the Health
    Ministry": a range, and a dispute with the ministry's 471, though the ministry's side is unknown."""
    (toll,) = [d for d in story["disputes"] if d["kind"] == "number" and d["topic"].startswith("killed")]
    assert {side["position"] for side in toll["sides"]} >= {"100–300", "471"}


def test_a_rank_of_two_words_is_no_name() -> None:
    extraction = _annotated("IDF spokesman Rear Adm. Daniel Hagari told a news briefing that the rockets "
                            "had been fired from Gaza.")
    people = {e.name: e.role for e in extraction.entities if e.type == "PERSON"}
    assert people == {"Daniel Hagari": "IDF spokesman"}


def test_the_group_that_spoke() -> None:
    """ "the evidence it had gathered on the explosion at al-Ahli Arab Hospital": the group's, not the
    hospital's; "The group said" is the organisation that spoke, not the one named last."""
    extraction = _annotated(
        "Human Rights Watch said on Sunday that the evidence it had gathered on the October 17 explosion at "
        "al-Ahli Arab Hospital in Gaza City indicated that it was caused by a rocket. The group said it had "
        "interviewed witnesses.")
    assert {a.speaker for a in extraction.attributions} == {"Human Rights Watch"}


def test_a_heading_ends_its_sentence() -> None:
    """A paragraph opens a sentence: the question heading before it is no part of its parse."""
    extraction = _annotated("What does each side say?\n\nThe Health Ministry in Gaza, which is run by Hamas, "
                            "says an Israeli air strike hit the hospital.")
    (statement,) = [a for a in extraction.attributions if "air strike" in a.content_text]
    assert statement.speaker == "Health Ministry"


def test_how_an_official_spoke_is_no_claim() -> None:
    from claimledger.extract.claims import claims_of

    extraction = _annotated("A U.S. intelligence official said the toll was lower. The official spoke on "
                            "condition of anonymity to discuss the intelligence assessment.")
    assert [a.cue.text for a in claims_of(extraction.attributions) if a.cue] == ["said"]


def test_the_party_whose_weapon_did_it() -> None:
    parties = Parties.of("Israel", ArmedGroup("Palestinian Islamic Jihad"))
    group = "Palestinian Islamic Jihad"
    assert weapon_of("a rocket fired by the Palestinian Islamic Jihad militant group had misfired", parties) \
        == group
    assert weapon_of("a failed rocket launch by Islamic Jihad caused the deadly blast", parties) == group
    assert weapon_of("the explosion appeared to have been caused by militants rather than by Israel",
                     parties) == group
    assert weapon_of("an Israeli air strike had killed at least 500 people", parties) == "Israel"
    assert weapon_of("471 people had been killed in the Israeli air strike", parties) == "Israel"
    # fired, but no harm said: the air defence story's "all 18 missiles that Russia fired"
    assert weapon_of("all 18 missiles launched by Russia were shot down", RUSSIA_UKRAINE) is None


def test_the_event_rows(events: list[JSON]) -> None:
    """ "a failed rocket launch by the Palestinian Islamic Jihad caused the deadly blast": the group fired it;
    "the Hamas-run Health Ministry" and "the Health Ministry, which is run by Hamas" name whose the ministry
    is, no doer."""
    doers = {(e["claimant"], (e["actor1"] or {}).get("name")) for e in events}
    assert ("Israel Defense Forces", "Palestinian Islamic Jihad") in doers
    ministry = [e for e in events if e["claimant"] == "Health Ministry"]
    actors = {(e[role] or {}).get("name") for e in ministry for role in ("actor1", "actor2")}
    assert ministry and "Hamas" not in actors  # nor "The Health Ministry in Gaza, which is run by Hamas"
