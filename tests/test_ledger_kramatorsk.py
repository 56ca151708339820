"""A fourth story, of another kind (`tests/fixtures/kramatorsk_wire`): a missile strike on a restaurant.
What its sheet must carry over from the stories the ledger was built on, and must not invent."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .conftest import REPO, claimants_by_position, dispute_of, story_fixtures

JSON = dict[str, Any]
CORPUS = REPO / "tests/fixtures/kramatorsk_wire/kramatorsk_wire.jsonl"


db, story, events = story_fixtures(CORPUS, "kramatorsk")


def test_what_the_strike_hit_is_disputed_between_the_sides(story: JSON) -> None:
    sides = claimants_by_position(dispute_of(story, "target"))
    military, civilian = sides["a military target"], sides["a civilian site"]
    assert {"Igor Konashenkov", "Russian Ministry of Defence", "Maria Zakharova", "Kremlin"} <= military
    assert {"Andriy Yermak", "Oleksandr Honcharenko"} <= civilian
    assert not civilian & {"Dmitry Peskov", "Maria Zakharova"}  # "does not strike civilian infrastructure"


def test_a_toll_rising_over_days_is_a_series_without_its_parts(story: JSON) -> None:
    (killed,) = [n for n in story["numbers"] if n["category"] == "killed" and n["place"] == "all areas"]
    values = {int(v["value"]) for v in killed["values"]}
    assert {4, 8, 10, 13} <= values
    assert not values & {2, 3}  # "Two of the children killed", "the dead included three children"
    assert killed["series"] and not killed["disputed"]
    assert not [d for d in story["disputes"] if d["kind"] == "number" and d["topic"].startswith("killed")]
    rose_to = [v for v in killed["values"] if v["text"].startswith("до 10")]
    assert rose_to and rose_to[0]["qualifier"] is None  # "зросла до 10": rose to 10, not up to 10


def test_officials_of_a_ukrainian_town_and_region_speak_for_ukraine(story: JSON) -> None:
    sides = {e["name"]: e["side"] for e in story["entities"]}
    assert sides["Pavlo Kyrylenko"] == "ukrainian_government"
    assert sides["Oleksandr Honcharenko"] == "ukrainian_government"
    assert sides["Andriy Yermak"] == "ukrainian_government"
    assert sides["PEN Ukraine"] == "unknown"  # "PEN Ukraine said": a writers' association, not the state
    assert (sides["Gustavo Petro"], sides["Denise Brown"]) == ("third_party", "third_party")


def test_a_denial_of_this_disputes_what_russia_said_the_building_was(story: JSON) -> None:
    (group,) = [g for g in story["claim_groups"] if g["kind"] == "claim"
                and any(m["text"] == "Ukrainian officials reject this" for m in g["members"])]
    assert group["status"] == "disputed"
    assert "Ukrainian" in group["topic"]



def test_the_strike_happened_in_kramatorsk_though_the_tagger_misses_the_name(events: list[JSON]) -> None:
    # "the eastern Ukrainian city of Kramatorsk", "Kramatorsk, Donetsk Oblast": the small model tags neither;
    # before, rows fell back to "Ukraine" or to "Moscow" ("There was no immediate comment from Moscow")
    places = Counter(e["place"]["name"] for e in events if e.get("place"))
    assert places.most_common(1)[0][0] == "Kramatorsk" and places["Kramatorsk"] >= 15  # 16 of 21
    assert "Moscow" not in places and "Bilenke" in places  # "the village of Bilenke on the outskirts of ..."


def test_a_missile_strike_is_russias_and_no_clash_and_its_reporters_are_no_actors(events: list[JSON]) -> None:
    opening = next(e for e in events if "A Russian missile struck a crowded" in e["text"])
    assert opening["actor1"]["name"] == "Military Forces of Russia (2000-)"  # "A Russian missile struck ..."
    assert not [e for e in events if e["sub_event_type"] == "Armed clash"]  # one side's strike, no fighting
    actors = {a["name"] for e in events for a in (e["actor1"], e["actor2"]) if a}
    assert not [a for a in actors if a.startswith("Police Forces")]  # "Ukraine's National Police said ..."
    # "Two of the children killed", "the dead included three children": parts of the toll, not fatalities
    assert not [e for e in events if e["fatalities"] in (2, 3)]
