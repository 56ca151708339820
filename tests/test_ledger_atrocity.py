"""A sixteenth story, of an atrocity the accused army denies (`tests/fixtures/bucha`): civilians found dead in
Bucha after Russian forces withdrew; Ukraine and the West say Russia's troops killed them, Russia says the
scenes were staged after its forces left, and satellite images show the bodies while its forces held the
town."""

from __future__ import annotations

from typing import Any

from .conftest import REPO, annotated, claimants_by_position, dispute_of, story_fixtures

JSON = dict[str, Any]
CORPUS = REPO / "tests/fixtures/bucha/bucha.jsonl"

db, story, events = story_fixtures(CORPUS, "bucha")


def _annotated(text: str) -> Any:
    return annotated(text, "2022-04-04")


def test_who_killed_them(story: JSON) -> None:
    """The story's event is the killings ("Bodies of civilians lay in the streets", "accusations over the
    killings"), and a crime named is blame: "had deliberately killed civilians", "war crimes", "genocide",
    "a war criminal", "committing laws-of-war violations"; "staged", "a fake attack staged" and "another
    provocation staged by the Kyiv regime" blame Ukraine; "rejected any accusations" clears Russia."""
    blame = dispute_of(story, "blame")
    assert blame["topic"] == "Who is responsible for the killings"
    said = claimants_by_position(blame)
    assert said["Russia is responsible"] == {"Dmytro Kuleba", "Volodymyr Zelenskiy", "Joe Biden",
                                             "Human Rights Watch"}
    assert said["Ukraine is responsible"] >= {"Russian Ministry of Defence", "Sergei Lavrov"}
    assert said["Russia is not responsible"] == {"Dmitry Peskov"}


def test_while_the_army_held_the_town_or_after_it_left(story: JSON) -> None:
    """The satellite images: "lying in the street since at least March 18, when Russian forces were in control
    of the town"; the Defence Ministry: "appeared only four days later", "appeared after its troops had
    left", and "During the time the town was under the control of Russian armed forces, not a single local
    resident suffered from any violent action"."""
    control = dispute_of(story, "control")
    said = claimants_by_position(control)
    assert said["while the army held the place"] == {"us-paper.example"}
    assert said["after the army left"] == {"Russian Ministry of Defence"}
    texts = [m["text"] for side in control["sides"] for m in side["members"]]
    assert any("not a single local resident suffered" in t for t in texts)


def test_the_dead_counted_by_bodies_and_graves(story: JSON) -> None:
    (killed,) = [n for n in story["numbers"] if n["category"] == "killed"]
    assert sorted(v["value"] for v in killed["values"]) == [280, 410]


def test_speakers_and_sides(story: JSON) -> None:
    """ "an analysis by US Paper" is the outlet's, not the United States'; "Bucha's mayor" is a Ukrainian
    official; "Prosecutor General Iryna Venediktova" in a report filed from Kyiv too; "The U.N. human rights
    chief" is a third party."""
    sides = {e["name"]: e["side"] for e in story["entities"]}
    assert sides["US Paper"] == "media" and "United States" not in sides
    assert sides["Anatoliy Fedoruk"] == sides["Iryna Venediktova"] == "ukrainian_government"
    assert sides["Michelle Bachelet"] == "third_party"


def test_a_note_that_no_evidence_was_offered_holds_a_claim() -> None:
    """ "Russia has not offered any evidence for its claim that the scenes were staged": no statement of
    Russia's, but "its claim" is one, resolved to the subject of its clause."""
    from claimledger.extract.claims import claims_of

    extraction = _annotated("Russia has not offered any evidence for its claim that the scenes were staged.")
    claims = {(a.speaker, a.cue.text if a.cue else None) for a in claims_of(extraction.attributions)}
    assert claims == {("Russia", "claim")}


def test_a_speakers_second_verb_and_a_word_cut_at_its_hyphen() -> None:
    extraction = _annotated(
        "Foreign Minister Dmytro Kuleba said Russian troops had deliberately killed civilians in Bucha and "
        "called on the West to impose tougher sanctions on Moscow.\n\nSatellite images taken in mid-March "
        "show dark objects on Yablunska Street.")
    by_cue = {a.cue.text: a for a in extraction.attributions if a.cue is not None}
    assert by_cue["called"].speaker == "Dmytro Kuleba"
    source = by_cue["show"].source
    assert source is not None and source.text == "Satellite images taken in mid-March"


def test_the_event_rows(events: list[JSON]) -> None:
    """ "Russian troops had deliberately killed civilians in Bucha and called on the West to impose tougher
    sanctions": an attack on civilians (not diplomacy, nor a territory "liberated" by "deliberately"), in
    Bucha, a town the report names twice; "rounded up five men in Bucha and shot one of them" is an attack,
    not an arrest."""
    from claimledger.extract.events import NEEDS_WORDING

    assert not NEEDS_WORDING["GOV_REGAINS_TERIT"].search("had deliberately killed civilians")
    rows = {(e["claimant"], e["sub_event_type"], (e["actor1"] or {}).get("name"),
             (e["place"] or {}).get("name")) for e in events}
    assert ("Dmytro Kuleba", "Attack", "Military Forces of Russia (2000-)", "Bucha") in rows
    assert ("Human Rights Watch", "Attack", "Military Forces of Russia (2000-)", "Bucha") in rows
    assert not any(e["sub_event_type"] == "Arrests" for e in events)
