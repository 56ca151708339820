"""A thirteenth story, the crash story told the other way round (`tests/fixtures/il76_crash`): Russia says
Ukraine shot down an Il-76 carrying Ukrainian prisoners near Belgorod, Ukraine neither confirms nor denies and
says Russia is playing with the prisoners' lives. The rules of the Prigozhin crash, asked of an attack on a
plane."""

from __future__ import annotations

from typing import Any

from .conftest import REPO, claimants_by_position, dispute_of, story_fixtures

JSON = dict[str, Any]
CORPUS = REPO / "tests/fixtures/il76_crash/il76_crash.jsonl"

db, story, events = story_fixtures(CORPUS, "il76")


def test_who_is_responsible_for_the_downed_plane(story: JSON) -> None:
    """ "the Kyiv regime carried out a terrorist attack against an Il-76 aircraft", "The Ukrainian armed
    forces shot down an Il-76 plane" against "the Russians are playing with the lives of Ukrainian
    prisoners": one event, whether a report calls it the attack or the crash."""
    said = claimants_by_position(dispute_of(story, "blame"))
    assert said == {"Ukraine is responsible": {"Russian Ministry of Defence"},
                    "Russia is responsible": {"Volodymyr Zelensky"}}
    assert [d["kind"] for d in story["disputes"]] == ["blame"]  # no interception question of a plane


def test_the_parties_are_the_two_states(story: JSON) -> None:
    """ "Russia's Defence Ministry" names a party at war; "American or German missiles" do not."""
    sides = {e["name"]: e["side"] for e in story["entities"]}
    assert sides["Russian Ministry of Defence"] == "russian_government"
    assert sides["Ukraine's General Staff"] == "ukrainian_government"  # not "Staff (General)"
    assert sides.get("Germany") != "german_government"


def test_neither_confirming_nor_denying_is_no_statement(story: JSON) -> None:
    texts = [m["text"] for g in story["claim_groups"] for m in g["members"]]
    assert not any("did not confirm or deny" in t for t in texts)


def test_a_clock_is_no_place(events: list[JSON]) -> None:
    places = {(e["place"] or {}).get("name") if isinstance(e["place"], dict) else e["place"] for e in events}
    assert "Moscow" not in places  # "At 11:15 a.m. Moscow time"
    assert "Belgorod Oblast" in places


def test_a_village_far_from_the_region_the_text_names_is_not_that_village() -> None:
    """The gazetteer's only Yablonovo is in Zabaykalsky Krai, 4,000 km east of the Belgorod region the text
    is about: unresolved, and placed by its context."""
    from claimledger.extract.geo import default_resolver

    text = ("A plane crashed in Russia's Belgorod region. Belgorod regional governor Vyacheslav Gladkov said "
            "the plane had come down near the village of Yablonovo in the Korochansky district.")
    spans = [(text.index(name), text.index(name) + len(name)) for name in ("Russia", "Belgorod", "Yablonovo")]
    *_, village = default_resolver().resolve_document(text, spans)
    assert village.status == "unresolved"
    assert village.within is not None and village.within.admin1 == "Belgorod Oblast"


def test_the_missiles_that_shot_a_plane_down_were_fired(story: JSON) -> None:
    """ "the plane had been shot down by the Ukrainian armed forces with two missiles": two missiles fired,
    not two missiles shot down."""
    counted = {n["category"] for n in story["numbers"]}
    assert "missiles fired" in counted and "missiles shot down" not in counted

