"""A second story, so the ledger is not shaped to Kakhovka alone: eight short reports of the May 2023
Belgorod incursion written for these tests (`tests/fixtures/belgorod_multi`). Each known disagreement in
them must come out as a dispute with the right claimants on each side."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import REPO, cli_json, ingested_story

JSON = dict[str, Any]
CORPUS = REPO / "tests/fixtures/belgorod_multi/belgorod_multi.jsonl"


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> JSON:
    db = ingested_story(tmp_path_factory.mktemp("belgorod") / "b.db", CORPUS, "belgorod-multi")
    (found,) = cli_json("report", "--db", str(db), "--format", "json")["stories"]
    data: JSON = found
    return data


def _sides(story: JSON, kind: str, topic: str = "") -> dict[str, list[JSON]]:
    disputes = [d for d in story["disputes"] if d["kind"] == kind and topic in d["topic"]]
    assert len(disputes) == 1, [d["topic"] for d in story["disputes"]]
    return {side["position"]: side["members"] for side in disputes[0]["sides"]}


def _claimants(members: list[JSON]) -> set[str]:
    return {m["claimant"] for m in members}


def test_blame_sets_moscow_against_kyivs_denials(story: JSON) -> None:
    sides = _sides(story, "blame", "raid")
    assert {"Dmitry Peskov", "Moscow"} <= _claimants(sides["Ukraine is responsible"])
    assert {"Andriy Yusov", "Mykhailo Podolyak", "Ukraine"} <= _claimants(sides["Ukraine is not responsible"])
    assert "Freedom of Russia Legion" in _claimants(sides["The attackers are responsible"])
    assert "Russia is responsible" not in sides  # Ukraine's "internal Russian affair" blames no one


def test_who_the_attackers_are(story: JSON) -> None:
    sides = _sides(story, "identity", "raid")
    assert "Andriy Yusov" in _claimants(sides["Russian nationals"])
    assert {"Vyacheslav Gladkov", "Dmitry Peskov", "Sergei Shoigu"} <= _claimants(sides["Ukrainian forces"])


def test_whether_the_raid_is_over(story: JSON) -> None:
    sides = _sides(story, "outcome", "raid")
    assert "Igor Konashenkov" in _claimants(sides["the attack was repelled"])
    assert "Russian Volunteer Corps" in _claimants(sides["the fighting goes on"])


def test_attackers_losses_are_one_dispute_apart_from_civilian_injuries(story: JSON) -> None:
    sides = _sides(story, "number", "fighters killed")
    assert _claimants(sides["2"]) == {"Denis Kapustin"}
    # Kapustin denies the 70: it is Russia's figure, not his
    assert "Denis Kapustin" not in _claimants(sides["70"])
    assert {"Russian Ministry of Defence", "Sergei Shoigu"} <= _claimants(sides["70"])
    numbers = {n["category"]: n for n in story["numbers"]}
    injured = numbers["injured"]
    assert [v["value"] for v in injured["values"]] == [8, 8, 12, 13]
    assert injured["series"]
    assert [v["value"] for v in numbers["fighters injured"]["values"]] == [10]


def test_the_ministry_spokesman_takes_the_ministrys_side(story: JSON) -> None:
    sides = {e["name"]: e["side"] for e in story["entities"]}
    assert sides["Igor Konashenkov"] == "russian_government"


def test_statements_giving_other_figures_are_other_facts(story: JSON) -> None:
    (group,) = [g for g in story["claim_groups"] if any("eight people" in m["text"] for m in g["members"])]
    assert not any("13 civilians" in m["text"] for m in group["members"])  # "eight" is a figure too


def test_names_of_one_actor_are_merged(story: JSON) -> None:
    by_name = {e["name"]: e for e in story["entities"]}
    assert {"Ukraine", "Ukrainian"} <= set(by_name["Ukraine"]["variants"])
    assert "Legion" not in by_name  # "the Legion" is the Freedom of Russia Legion, in its document already
    assert by_name["Kyiv"]["type"] == "GPE"  # "Kyiv denied any role": the capital, not a person


def test_when_the_raid_began_is_disputed_by_day(story: JSON) -> None:
    sides = _sides(story, "time", "began")
    assert _claimants(sides["2023-05-21"]) == {"Freedom of Russia Legion"}  # "begun on Sunday night"
    assert _claimants(sides["2023-05-22"]) == {"Vyacheslav Gladkov"}  # "crossed the border on Monday morning"
