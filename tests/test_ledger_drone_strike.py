"""An eleventh story, the air defence story told from the other side (`tests/fixtures/pskov_drones`):
Ukraine's drones strike an airfield in Pskov, Russia says it shot them down. The question of interception
asked with the sides reversed and in other words."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .conftest import REPO, claimants_by_position, cli_json, story_fixtures

JSON = dict[str, Any]
CORPUS = REPO / "tests/fixtures/pskov_drones/pskov_drones.jsonl"


db, story, events = story_fixtures(CORPUS, "pskov")


def test_the_interception_dispute_with_the_sides_reversed(story: JSON) -> None:
    (dispute,) = [d for d in story["disputes"] if d["kind"] == "interception"]
    said = claimants_by_position(dispute)
    assert {"Ukraine's military intelligence", "Andriy Yusov", "analysts at the Conflict Monitor",
            "Satellite images taken on Thursday"} <= said["the targets were hit"]
    assert said["the missiles were shot down"] == {"Russian Ministry of Defence", "Mikhail Vedernikov",
                                                   "governor of the Pskov region"}
    # "Drones struck an airfield ... overnight on Aug. 30, hitting four Il-76 ...": one sentence
    texts = [m["text"] for side in dispute["sides"] for m in side["members"]]
    assert any(t.startswith("Drones struck an airfield") and t.endswith("intelligence said.") for t in texts)


def test_not_claiming_responsibility_blames_no_one(story: JSON) -> None:
    """ "Kyiv has not officially claimed responsibility for the attack" (was "Russia is responsible")."""
    assert not [d for d in story["disputes"] if d["kind"] == "blame"]


def test_drones_are_no_actor_and_a_state_agencys_dateline_no_statement(story: JSON) -> None:
    assert "Drones" not in {e["name"] for e in story["entities"]}
    texts = [m["text"] for g in story["claim_groups"] for m in g["members"]]
    assert not any(t.startswith("/Moscow State News/") for t in texts)
    assert any(t.startswith("Russian air defence systems destroyed Ukrainian drones") for t in texts)


def test_an_intercepted_strike_is_the_launching_sides_and_a_dateline_no_place(db: Path) -> None:
    rows: list[JSON] = cli_json("events", "--db", str(db), "--json")
    (defence,) = [r for r in rows if "Russian air defence systems destroyed Ukrainian drones" in r["text"]]
    assert (defence["actor1"] or {}).get("name") == "Military Forces of Ukraine (2019-)"
    assert (defence["actor2"] or {}).get("name") == "Military Forces of Russia (2000-)"
    (wire,) = [r for r in rows if r["text"].startswith("MOSCOW, Aug 30 (Wire Agency) - Drones attacked")]
    assert wire["place"]["name"] == "Pskov"  # "in the Russian city of Pskov", not the dateline's Moscow
