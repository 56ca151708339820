"""A twentieth story, of a battle for a town (`tests/fixtures/soledar`): Wagner and Russia's Defence Ministry
say Soledar was taken, Ukraine's military says it still holds it, until Ukraine reports its withdrawal two
weeks later; each side counts the other's dead."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from claimledger.models import Attribution, Span

from .conftest import (
    REPO,
    claimants_by_position,
    cli_json,
    contract_checked_sheet,
    dispute_of,
    story_fixtures,
)

JSON = dict[str, Any]
CORPUS = REPO / "tests/fixtures/soledar/soledar.jsonl"

db, story, events = story_fixtures(CORPUS, "soledar")


def test_whether_the_town_was_taken(story: JSON) -> None:
    """The attacker's "taken control of the whole territory", "The liberation of Soledar was completed" and
    the observers' "probably taken control of most of Soledar" against the defender's "Fighting continues in
    Soledar", "still holding Soledar" and its denial of "Russia's claim that its forces have captured" the
    town: one question, named by its town."""
    capture = dispute_of(story, "capture")
    assert capture["topic"] == "Whether Soledar was taken"
    held = claimants_by_position(capture)
    assert {"Yevgeny Prigozhin", "Igor Konashenkov", "British Ministry of Defence",
            "Institute for the Study of War"} <= held["Soledar was taken"]
    assert {"Ukraine's military", "Serhiy Cherevatyi", "Ukraine"} <= held["Soledar is still held"]


def test_the_defender_later_reports_its_withdrawal(story: JSON) -> None:
    """Ukraine's side said the town was held on 11 and 13 January and that its troops had left it on 25
    January: a change of position, shown with the day of each; Russia's side never changed its answer (the
    denial of "Russia's claim" is Ukraine's, not a Russian position)."""
    (change,) = dispute_of(story, "capture")["changes"]
    assert change == {"side": "ukrainian_government", "steps": [
        {"position": "Soledar is still held", "first_seen": "2023-01-11"},
        {"position": "Soledar was taken", "first_seen": "2023-01-25"}]}


def test_no_position_from_a_refusal_or_a_supposition(story: JSON) -> None:
    """The Kremlin "declined ... to confirm that Russian forces had taken Soledar" and Kirby said "even if
    Soledar and Bakhmut fell": neither holds that the town was taken; "only Wagner fighters had taken part in
    the assault" names no town taken."""
    members = [m for side in dispute_of(story, "capture")["sides"] for m in side["members"]]
    assert not [m for m in members if m["claimant"] in ("Kremlin", "John Kirby")]
    assert not [m for m in members if "taken part" in m["text"]]


def test_each_side_counts_the_other_sides_dead(story: JSON) -> None:
    """Prigozhin's "about 500 Ukrainian servicemen" and Cherevatyi's "the Russian forces had lost more than
    3,000 soldiers" count different dead: two counted things, no dispute between them."""
    numbers = {n["category"]: [v["value"] for v in n["values"]] for n in story["numbers"]}
    assert numbers["Ukrainian fighters killed"] == [500.0]
    assert numbers["Russian fighters killed"] == [3000.0]
    assert not [d for d in story["disputes"] if d["kind"] == "number"]


def test_a_headline_names_the_military_of_its_lead(story: JSON, db: Path) -> None:
    """ "Ukrainian forces are still holding Soledar, the military said", under the headline "Ukraine says
    Soledar still held ...": Ukraine's military, on Ukraine's side, in the ledger, in "Who claims what" and as
    the claimant of the event row."""
    sides = {m["claimant"]: m["side"] for d in story["disputes"] for s in d["sides"] for m in s["members"]}
    assert sides["Ukraine's military"] == "ukrainian_government"
    assert "military" not in sides
    report = cli_json("report", "--db", str(db), "--format", "json")
    speakers = {a["speaker"] for d in report["documents"] for a in d["attributions"]}
    assert "military" in speakers  # the stored statement keeps the words of its source
    assert "#### Ukraine's military" in contract_checked_sheet(db)


def test_no_claim_of_what_a_town_is_known_for(db: Path) -> None:
    """ "Soledar, known for its salt mines", "The first statement did not mention Wagner" and "The Kremlin
    declined ... to confirm": none is a claim on the sheet (whose JSON, with its new question, keeps to the
    contract)."""
    markdown = contract_checked_sheet(db)
    assert "known for" not in markdown
    assert "*did not mention*" not in markdown
    assert "*declined*" not in markdown


def test_the_capture_as_event_rows(events: list[JSON]) -> None:
    """ACLED codes a town taken by a non-state actor or a foreign state's forces as "Non-state actor overtakes
    territory": Wagner's claim, and the Defence Ministry's "The liberation of Soledar was completed", whose
    doer is the ministry's own forces, both placed in Soledar (a town of 10,000 the tagger read as a
    person)."""
    def row(start: str) -> JSON:
        (found,) = [e for e in events if e["text"].startswith(start)]
        return found

    wagner = row("Units of the Wagner private military company")
    ministry = row("The liberation of Soledar was completed")
    for taken in (wagner, ministry):
        assert taken["sub_event_type"] == "Non-state actor overtakes territory"
        assert taken["place"]["name"] == "Soledar"
    assert wagner["actor1"]["name"] == "Wagner"
    assert ministry["actor1"]["name"] == "Military Forces of Russia (2000-)"


def test_the_town_still_held_is_fighting(events: list[JSON]) -> None:
    """The defender's "still holding Soledar" is the battle going on (an armed clash), not the town taken; its
    withdrawal is no capture by Ukraine's forces; an observer (Britain's Ministry of Defence) is no actor."""
    def row(start: str) -> JSON:
        (found,) = [e for e in events if e["text"].startswith(start)]
        return found

    assert row("Ukrainian forces are still holding Soledar")["sub_event_type"] == "Armed clash"
    withdrawal = row("Ukrainian troops have withdrawn from Soledar")
    assert withdrawal["sub_event_type"] not in ("Government regains territory",
                                                "Non-state actor overtakes territory")
    observed = row("Britain's Ministry of Defence said")
    assert observed["actor1"]["name"] == "Wagner"
    assert observed["actor2"] is None


def statement(text: str, source: str) -> Attribution:
    start = text.index(source)
    body = (Span(0, start, text[:start]),)
    return Attribution(id=Attribution.make_id("d", body), doc_id="d", kind="indirect", content=body,
                       source=Span(start, start + len(source), source), speaker=source.removeprefix("the "),
                       speaker_kind="organization")


@pytest.mark.parametrize(("title", "text", "source", "named"), [
    ("Ukraine says Soledar still held as Russia claims its capture",
     "Ukrainian forces are still holding Soledar, the military said on Jan. 11.", "the military",
     "Ukraine's military"),
    ("Ukraine confirms withdrawal from Soledar", "Ukrainian troops have withdrawn, the army confirmed.",
     "the army", "Ukraine's army"),
    # no country speaks in the headline, or the institution is not the lead paragraph's
    ("Soledar still held", "Ukrainian forces are still holding Soledar, the military said.", "the military",
     None),
    ("Zelensky says Soledar still held", "Soledar is held, the military said.", "the military", None),
    ("Ukraine says Soledar still held", "Soledar is held.\n\nFighting goes on, the military said.",
     "the military", None),
    ("Ukraine says Soledar still held", "Soledar is held, the spokesman said.", "the spokesman", None),
])  # fmt: skip
def test_the_state_a_headline_has_speak(title: str, text: str, source: str, named: str | None) -> None:
    from claimledger.extract.speakers import institution_of_title

    found = institution_of_title(title, text, statement(text, source), source.removeprefix("the "))
    assert found == named


def test_the_place_a_question_names() -> None:
    """The name the wordings use most, not a country's; "the town" when they name none."""
    from claimledger.ledger.build import _place_named

    wordings = ["have taken control of the whole territory of Soledar", "Fighting continues in Soledar",
                "Russian forces had likely captured the town", "liberation of Soledar"]
    assert _place_named(wordings) == "Soledar"
    assert _place_named(["had been captured", "still holding"]) == "the town"


def test_a_small_town_fought_over_is_a_place() -> None:
    """ "the whole territory of Soledar" (10,000 people, read as a person by the tagger) is a place where a
    town is fought over; a town that small after "in" needs the tagger."""
    from claimledger.events.extract import _untagged_cities

    text = "Wagner has taken control of the whole territory of Soledar. Soledar is known for its salt."
    assert text[slice(*_untagged_cities(text, [])[0])] == "Soledar"
    assert _untagged_cities("Fighting goes on in Soledar. Soledar holds.", []) == []


def test_a_paragraph_ends_an_event_sentence() -> None:
    """The event stage's parser ends a sentence at a paragraph break after a closing quotation mark."""
    from claimledger.extract.geo import base_nlp

    text = '"Our units are holding their positions."\n\nBritain\'s Ministry of Defence said so on Friday.'
    assert [s.text.strip() for s in base_nlp()(text).sents] == [
        '"Our units are holding their positions."', "Britain's Ministry of Defence said so on Friday."]


def test_the_event_rows_name_the_military_as_the_ledger_does(events: list[JSON]) -> None:
    (held,) = [e for e in events if e["text"].startswith("Ukrainian forces are still holding Soledar")]
    assert held["claimant"] == "Ukraine's military"
