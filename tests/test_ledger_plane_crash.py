"""A twelfth story, the first of a crash rather than an attack (`tests/fixtures/prigozhin_crash`): the jet
that carried Wagner's chief Yevgeny Prigozhin fell north of Moscow on 23 August 2023. A Wagner-linked channel
says Russian air defences shot it down, US officials say a bomb on board brought it down and no missile hit
it, the Kremlin says the cause is not established and calls the West's claim that it ordered the crash an
absolute lie; what its sheet must get right that earlier stories never asked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from claimledger.extract.geo import named_as_a_bearing
from claimledger.ledger.times import sentences

from .conftest import REPO, claimants_by_position, cli_json, dispute_of, story_fixtures

JSON = dict[str, Any]
CORPUS = REPO / "tests/fixtures/prigozhin_crash/prigozhin_crash.jsonl"

db, story, events = story_fixtures(CORPUS, "prigozhin")


def _statements(story: JSON) -> list[JSON]:
    return [m for g in story["claim_groups"] for m in g["members"]]


def test_what_brought_the_plane_down(story: JSON) -> None:
    said = claimants_by_position(dispute_of(story, "cause"))
    assert list(said) == ["it was shot down", "an explosion on board", "no missile hit it",
                          "the cause is not established"]
    assert said["it was shot down"] == {"Grey Zone", "Wagner-linked Telegram channels"}
    assert said["an explosion on board"] == {"two US officials", "one of two US officials"}
    assert said["no missile hit it"] == {"two US officials", "Pat Ryder"}
    assert said["the cause is not established"] == {"Dmitry Peskov"}


def test_who_ordered_the_crash(story: JSON) -> None:
    """ "had ordered the crash", "had ordered Prigozhin killed", "had been ordered by Russia's security
    service", "There's not much that happens in Russia that Putin's not behind": blame, and "an absolute lie"
    its denial."""
    said = claimants_by_position(dispute_of(story, "blame"))
    assert said["Russia is responsible"] == {"British Ministry of Defence", "Joe Biden"}
    assert said["Russia is not responsible"] == {"Dmitry Peskov", "Kremlin"}
    assert said["Ukraine is not responsible"] == {"Volodymyr Zelensky"}
    denials = [m["text"] for side in dispute_of(story, "blame")["sides"] for m in side["members"]]
    assert any("an absolute lie" in text for text in denials)


def test_an_order_of_a_deed_is_no_statement(story: JSON) -> None:
    assert not [m for m in _statements(story) if m["claimant"] in ("Kremlin", "Vladimir Putin")
                and "had ordered" in m["text"]]  # "the Kremlin had ordered the crash", "Putin had ordered"


def test_an_infinitive_inside_a_statement_or_its_source_is_none_of_its_own() -> None:
    from claimledger.extract.claims import claims_of
    from claimledger.models import Document
    from claimledger.nlp.pipeline import annotate, load_pipeline

    text = ("The officials, who spoke on condition of anonymity to discuss intelligence, said there was no "
            "indication that a missile had struck the jet. Ryder told reporters that the United States had "
            "no information at this time to indicate that a missile had hit the aircraft. The ministry "
            "ordered the evacuation of several villages near the border.")
    doc = Document(id="doc_t", text=text, url="u:t", outlet="X", published="2023-08-24", story="s")
    (extraction,) = annotate(load_pipeline(), [doc])
    cues = {a.cue.text for a in claims_of(extraction.attributions) if a.cue}
    assert not cues & {"to discuss", "to indicate"}
    assert "ordered" in cues  # an order of an evacuation is reported, not a deed of violence


def test_who_speaks(story: JSON) -> None:
    entities = {e["name"]: e for e in story["entities"]}
    assert entities["Pat Ryder"]["role"] == "Pentagon press secretary"  # not "Gen."
    assert entities["Pat Ryder"]["side"] == "third_party"
    assert entities["Dmitry Peskov"]["role"] == "Kremlin spokesman"  # not "State News/. Kremlin spokesman"
    assert entities["Grey Zone"]["type"] == "ORG"
    claimants = {m["claimant"] for m in _statements(story)}
    assert "Europe Daily" not in claimants  # "Wagner-linked Telegram channels claimed": theirs
    assert "its press service" not in claimants
    assert "Investigative Committee" in claimants  # "The Investigative Committee has opened ..., its press
    # service said"
    assert not any(m["text"].startswith("State News/.") for m in _statements(story))


def test_the_reporters_notes_on_what_they_name(story: JSON) -> None:
    unverified = {u["claimant"] for u in story["unverified"]}
    # "US Network could not independently confirm the assessment" (Ryder's "Our assessment is ...", the last
    # assessment before it); "... the residents' accounts"
    assert {"Pat Ryder", "Residents of this village in the Tver region", "Grey Zone"} <= unverified
    # "The Kyiv Herald could not verify who was on board" is no note on Yusov; "the residents' accounts" none
    # on Britain's Defence Ministry
    assert not unverified & {"Andriy Yusov", "British Ministry of Defence"}


def test_numbers(db: Path, story: JSON) -> None:
    (killed,) = [n for n in story["numbers"] if n["category"] == "killed"]
    assert (killed["min"], killed["max"], killed["n_origins"]) == (10, 10, 3)
    documents = cli_json("report", "--db", str(db), "--format", "json")["documents"]
    counted = [q["text"] for d in documents for q in d["quantities"]]
    assert "23" not in counted  # "MOSCOW, Aug 23 (Wire Agency)"


def test_the_event_rows(events: list[JSON]) -> None:
    places = {(e["place"] or {}).get("name") if isinstance(e["place"], dict) else e["place"] for e in events}
    assert not places & {"Moscow", "United States", "Washington"}  # a bearing, a route's end, a dateline
    assert "Tver' Oblast" in places
    shot_down = [e for e in events if e["claimant"] == "Grey Zone"]
    assert [e["actor1"]["name"] for e in shot_down] == ["Military Forces of Russia (2000-)"]
    assert not [e for e in events if e["claimant"] == "Vladimir Putin"]  # "the families of those killed"
    assert not [e for e in events if (e["actor1"] or {}).get("name") == "Wagner"]  # "Wagner chief ..."


def test_a_rank_before_a_name_ends_no_sentence() -> None:
    text = ("Pentagon press secretary Brig. Gen. Pat Ryder told reporters. A jet flying to St. Petersburg "
            "crashed. Mr. Peskov said so.")
    assert [s.text for s in sentences(text)] == [
        "Pentagon press secretary Brig. Gen. Pat Ryder told reporters.",
        "A jet flying to St. Petersburg crashed.", "Mr. Peskov said so."]


def test_bearings_and_the_ends_of_a_route() -> None:
    def bearing(text: str, name: str) -> bool:
        return named_as_a_bearing(text, text.index(name))

    assert bearing("a plane crash north of Moscow", "Moscow")
    assert bearing("a jet flying from Moscow to St. Petersburg", "Moscow")
    assert bearing("a jet flying from Moscow to St. Petersburg", "St. Petersburg")
    assert not bearing("fighting in the east of Ukraine", "Ukraine")
    assert not bearing("the jet crashed in the Tver region", "Tver")


def test_one_speakers_fact_in_two_reports_is_one_claim(story: JSON) -> None:
    """Rosaviatsia's "the passenger list included Yevgeny Prigozhin and Dmitry Utkin" and "Prigozhin was on
    the passenger list of the Embraer Legacy jet" (cosine 0.62, under the threshold): one claim, two
    reports."""
    (group,) = [g for g in story["claim_groups"] if any("passenger list" in m["text"] for m in g["members"])]
    assert len({m["document_id"] for m in group["members"]}) == 2
    assert {m["claimant"] for m in group["members"]} == {"Russia's Federal Air Transport Agency"}
