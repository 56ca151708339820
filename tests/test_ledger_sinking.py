"""An eighteenth story, of a warship lost (`tests/fixtures/moskva_sinking`): Ukraine says its missiles struck
the cruiser Moskva, Russia says a fire detonated ammunition, U.S. officials later confirm the strike; Russia
counts one dead and 27 missing, sailors' relatives dozens dead."""

from __future__ import annotations

from typing import Any

from .conftest import REPO, claimants_by_position, dispute_of, story_fixtures

JSON = dict[str, Any]
CORPUS = REPO / "tests/fixtures/moskva_sinking/moskva_sinking.jsonl"

db, story, events = story_fixtures(CORPUS, "moskva_sinking")


def test_what_sank_the_ship(story: JSON) -> None:
    """The story's event is the sinking (not the strike that may have caused it); its question sets the strike
    against a fire on board, with those who say the cause is not established."""
    cause = dispute_of(story, "cause")
    assert cause["topic"] == "What caused the sinking"
    said = claimants_by_position(cause)
    assert said["a strike hit it"] == {"Maksym Marchenko", "Oleksiy Arestovych", "Ukraine", "U.S. officials"}
    assert said["a fire on board"] == {"Russian Ministry of Defence", "Russia"}
    assert said["the cause is not established"] == {"Russian Ministry of Defence",
                                                    "a senior U.S. defense official"}


def test_the_crew_counted_as_the_ships_fighters(story: JSON) -> None:
    """ "One serviceman was killed and 27 crew members were missing", "dozens of crew members had died",
    "at least 40 sailors killed": one count of the crew's dead, disputed by name ("disputing the Defence
    Ministry's account of one dead and 27 missing"), whose quoted 27 missing are the ministry's."""
    by_category = {n["category"]: n for n in story["numbers"]}
    killed = by_category["fighters killed"]
    assert {(v["value"], v["claimant"]) for v in killed["values"]} == {
        (1, "Russian Ministry of Defence"), (24, "Relatives of sailors who served on the Moskva"),
        (40, "mother of a conscript")}
    assert killed["disputed"]
    missing = by_category["fighters missing"]
    assert {v["claimant"] for v in missing["values"]} == {"Russian Ministry of Defence"}
    assert [v["value"] for v in by_category["evacuated"]["values"]] == [396]


def test_a_capital_that_confirms_is_no_place(events: list[JSON]) -> None:
    """ "A senior U.S. defense official said Washington could not confirm what had caused the explosion":
    Washington is the government, so no event happened there, nor did an unidentified American group act."""
    assert not any((e["place"] or {}).get("name") == "Washington" for e in events)
    assert not any("United States" in ((e["actor1"] or {}).get("name") or "") for e in events)


def test_the_strike_and_the_fire_as_event_rows(events: list[JSON]) -> None:
    """The governor's "Ukrainian forces struck the Russian Black Sea Fleet's flagship" is Ukraine's forces
    against Russia's (though the tagger left "Ukrainian" untagged), as is "Two Ukrainian Neptune missiles
    struck the Russian cruiser"; the ministry's fire that "broke out" is no strike but a strategic
    development; and "confirming Ukraine's account" puts nothing in Ukraine."""
    def row(opening: str) -> JSON:
        (found,) = [e for e in events if e["text"].startswith(opening)]
        return found

    def actors(e: JSON) -> tuple[str | None, str | None]:
        return ((e["actor1"] or {}).get("name"), (e["actor2"] or {}).get("name"))

    ukraine, russia = "Military Forces of Ukraine (2019-)", "Military Forces of Russia (2000-)"
    assert actors(row("ODESA - Ukrainian forces struck")) == (ukraine, russia)
    assert actors(row("Two Ukrainian Neptune missiles")) == (ukraine, russia)
    for opening in ("A fire broke out", "One serviceman was killed"):
        found = row(opening)
        assert (found["event_type"], found["sub_event_type"]) == ("Strategic developments", "Other")
    assert not any((e["place"] or {}).get("name") == "Ukraine" for e in events)
