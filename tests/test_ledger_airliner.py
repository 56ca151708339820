"""A fifteenth story, of an airliner shot down and a party that changed its answer
(`tests/fixtures/ukraine_airliner`): Iran's officials say for three days that no missile hit flight PS752,
Canada and Britain say an Iranian missile did, and then Iran's armed forces say they shot it down by
mistake."""

from __future__ import annotations

from typing import Any

from claimledger.extract.quantities import counts_a_part
from claimledger.ledger.build import position_changes
from claimledger.ledger.model import Dispute, DisputeSide, Member

from .conftest import REPO, annotated, claimants_by_position, dispute_of, story_fixtures

JSON = dict[str, Any]
CORPUS = REPO / "tests/fixtures/ukraine_airliner/ukraine_airliner.jsonl"

db, story, events = story_fixtures(CORPUS, "airliner")


def _annotated(text: str, published: str = "2020-01-11") -> Any:
    return annotated(text, published)


def test_what_brought_the_plane_down(story: JSON) -> None:
    """A missile (Canada, Britain, and at last Iran's armed forces), a technical fault (Iranian state
    television, Ukraine's embassy), "impossible that a missile hit the Ukrainian plane", and an inquiry
    "checking four versions"."""
    said = claimants_by_position(dispute_of(story, "cause"))
    assert said["it was shot down"] >= {"Justin Trudeau", "Boris Johnson", "Iran's armed forces",
                                        "Amirali Hajizadeh"}
    assert said["a technical fault"] == {"Iranian state television", "Ukraine's embassy in Tehran"}
    assert said["no missile hit it"] >= {"Ali Abedzadeh", "Iranian officials"}
    assert said["the cause is not established"] == {"Oleksiy Danilov"}
    # "blaming human error", "caused by an engine failure": no party held responsible (it was Ukraine)
    assert not any(d["kind"] == "blame" for d in story["disputes"])


def test_a_party_that_changed_its_answer(story: JSON) -> None:
    """Iran's side said a technical fault (8 January), then no missile (10 January), then that its forces shot
    the plane down (11 January): a change of position, shown as one, not a dispute of Iran with itself."""
    changes = {c["side"]: [(s["position"], s["first_seen"]) for s in c["steps"]]
               for c in dispute_of(story, "cause")["changes"]}
    assert changes["iranian_government"] == [("a technical fault", "2020-01-08"),
                                             ("no missile hit it", "2020-01-10"),
                                             ("it was shot down", "2020-01-11")]


def test_whether_the_plane_left_its_course(story: JSON) -> None:
    said = claimants_by_position(dispute_of(story, "course"))
    assert said["the aircraft changed course"] >= {"Iran's armed forces", "Iran's military"}
    assert said["the aircraft kept its course"] == {"Ukraine International Airlines", "Yevhenii Dykhne"}


def test_tolls_of_one_countrys_citizens(story: JSON) -> None:
    """ "63 Canadians were among the 176 people killed" is no second toll of the crash: the Canadian dead
    are counted apart (63, then 57), and "nine crew members and two passengers" are parts of the
    Ukrainians' 11."""
    values = {n["category"]: sorted({v["value"] for v in n["values"]}) for n in story["numbers"]}
    assert values["killed"] == [176]
    assert values["Canadian nationals killed"] == [57, 63]
    assert values["Ukrainian nationals killed"] == [11]


def test_officeholders_of_the_capital_a_report_was_filed_from(story: JSON) -> None:
    """ "OTTAWA - Prime Minister Justin Trudeau", "TEHRAN (TNA) - ... Government spokesman Ali Rabiei"; but
    "the airline's president" holds no national office, and an airline named after its country is not its
    government."""
    sides = {e["name"]: e["side"] for e in story["entities"]}
    assert sides["Justin Trudeau"] == sides["Francois-Philippe Champagne"] == "third_party"
    assert sides["Ali Rabiei"] == "iranian_government"
    assert sides["Yevhenii Dykhne"] == sides["Ukraine International Airlines"] == "unknown"
    assert not any(name.startswith("KYIV") for name in sides)


def test_a_hyphenated_given_name_and_a_dateline_without_an_agency() -> None:
    extraction = _annotated("KYIV - Ukraine International Airlines said on Saturday that its plane had not "
                            "changed course.\n\nForeign Affairs Minister Francois-Philippe Champagne said 63 "
                            "Canadians were among the 176 people killed.")
    people = {e.name: e.role for e in extraction.entities if e.type == "PERSON"}
    assert people == {"Francois-Philippe Champagne": "Foreign Affairs Minister"}
    sources = [a.source.text for a in extraction.attributions if a.source is not None]
    assert sources[0] == "Ukraine International Airlines"


def test_a_statement_called_a_lie_and_a_military_statement() -> None:
    extraction = _annotated(
        "Government spokesman Ali Rabiei called the Western reports a big lie.\n\n"
        "DUBAI, Jan 11 (Wire Agency) - Iran's armed forces said on Saturday they had unintentionally shot "
        "down the airliner, blaming human error after the plane flew close to a military site of the "
        "Revolutionary Guards.\n\nThe military statement said the plane had turned toward the site.")
    by_cue = {a.cue.text: a for a in extraction.attributions if a.cue is not None}
    assert by_cue["called"].polarity == "deny"
    assert by_cue["blaming"].speaker == "Iran's armed forces"
    statement = next(a for a in extraction.attributions
                     if a.source is not None and a.source.text == "The military statement")
    assert statement.speaker == "Iran's armed forces"


def test_the_parts_listed_after_a_toll() -> None:
    text = "Eleven Ukrainians were killed, nine crew members and two passengers."
    assert counts_a_part(text, text.index("nine"), text.index(" and"))
    assert counts_a_part(text, text.index("two"), len(text) - 1)
    other = "Five people were killed, 20 injured. Three were killed, two soldiers were wounded."
    assert not counts_a_part(other, other.index("20"), other.index("20") + 2)
    assert not counts_a_part(other, other.index("two"), other.index(" were wounded"))
    by_place = "31 people were killed, 29 in the Kherson region and 2 in Mykolaiv."
    assert not counts_a_part(by_place, by_place.index("29"), by_place.index("29") + 2)


def _member(side: str, day: str) -> Member:
    return Member("d", 0, 1, "x", "someone", side, published=day)


def test_which_answers_of_a_question_are_a_change() -> None:
    """In a dispute of blame only "X is responsible" and "X is not responsible" answer each other; a third
    party or a side only ever on one answer changes nothing; nor does a question whose answer moves with
    events, nor "the cause is not established", which answers nothing."""
    blame = Dispute("d1", "blame", "t", [
        DisputeSide("Ukraine is responsible", [_member("russian_government", "2023-06-06")]),
        DisputeSide("Russia is not responsible", [_member("russian_government", "2023-06-07")]),
        DisputeSide("Russia is responsible", [_member("third_party", "2023-06-06")]),
    ])
    assert position_changes(blame) == []
    turned = Dispute("d2", "blame", "t", [
        DisputeSide("Iran is not responsible", [_member("iranian_government", "2020-01-10")]),
        DisputeSide("Iran is responsible", [_member("iranian_government", "2020-01-11")]),
    ])
    assert [c.side for c in position_changes(turned)] == ["iranian_government"]
    same_day = Dispute("d3", "cause", "t", [
        DisputeSide("it was shot down", [_member("iranian_government", "2020-01-11")]),
        DisputeSide("no missile hit it", [_member("iranian_government", "2020-01-11")]),
    ])
    assert position_changes(same_day) == []
    evolving = Dispute("d4", "ceasefire", "t", [
        DisputeSide("a ceasefire took hold", [_member("armenian_government", "2022-09-14")]),
        DisputeSide("the fighting went on", [_member("armenian_government", "2022-09-13")]),
    ])
    assert position_changes(evolving) == []  # the fighting stopped: events moved, not the account
    no_answer = Dispute("d5", "cause", "t", [
        DisputeSide("it was shot down", [_member("russian_government", "2023-08-24")]),
        DisputeSide("the cause is not established", [_member("russian_government", "2023-08-25")]),
    ])
    assert position_changes(no_answer) == []


def test_the_web_page_of_a_dispute_shows_the_change(db: Any, story: JSON) -> None:
    from fastapi.testclient import TestClient
    from typer.testing import CliRunner

    from claimledger.cli import app
    from claimledger.web.app import create_app

    assert CliRunner().invoke(app, ["ledger", "--db", str(db)]).exit_code == 0
    cause = dispute_of(story, "cause")
    page = TestClient(create_app(db, geocoder=lambda name: None)).get(f"/disputes/{cause['id']}")
    assert page.status_code == 200
    assert ("Changed position:</em> Iranian government: “a technical fault” (from 2020-01-08), then “no "
            "missile hit it” (from 2020-01-10), then “it was shot down” (from 2020-01-11)") in page.text


def test_the_event_rows(events: list[JSON]) -> None:
    """ "shot down by an Iranian surface-to-air missile": Iran's forces fired it; "missile strikes on U.S.
    targets in Iraq" were in Iraq; "the corridor assigned to it" signed no agreement; the arrests Iran's
    judiciary announced are not placed in the first of the countries the sentence before lists."""
    doers = {(e["claimant"], (e["actor1"] or {}).get("name")) for e in events}
    assert ("Justin Trudeau", "Military Forces of Iran") in doers
    places = {(e["place"] or {}).get("name") for e in events}
    assert "United States" not in places and "Sweden" not in places
    assert not any(e["sub_event_type"] == "Agreement" for e in events)
    (arrests,) = [e for e in events if e["sub_event_type"] == "Arrests"]
    assert (arrests["place"] or {}).get("country") == "IR"


def test_a_statement_taken_back(story: JSON) -> None:
    """ "initially said ..., but later withdrew the statement, saying ...": the statement before the note is
    withdrawn, the reason after it is not."""
    extraction = _annotated(
        "Ukraine's embassy in Tehran initially said the crash had been caused by an engine failure and ruled "
        "out terrorism, but later withdrew the statement, saying any comment on the cause before an official "
        "inquiry was not authoritative.", published="2020-01-08")
    notes = {a.cue.text: a.verification and a.verification.status for a in extraction.attributions if a.cue}
    assert notes == {"initially said": "withdrawn", "saying": None}
    listed = {(u["claimant"], u["status"]) for u in story["unverified"]}
    assert ("Ukraine's embassy in Tehran", "withdrawn (wire-agency.example)") in listed
