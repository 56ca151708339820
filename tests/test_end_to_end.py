"""One end-to-end run on the bundled example corpus: ingest -> store -> report in every format."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from claimledger.cli import app

from .conftest import KAKHOVKA, REPO, SEED

runner = CliRunner()
SCHEMA = json.loads((REPO / "src/claimledger/schema/document.schema.json").read_text(encoding="utf-8"))
N_KAKHOVKA = sum(1 for line in KAKHOVKA.read_text(encoding="utf-8").splitlines() if line.strip())


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("e2e") / "demo.db"
    seed = runner.invoke(app, ["ingest", str(SEED.parent), "--story", "belgorod-raid", "--db", str(db)])
    assert seed.exit_code == 0, seed.output
    assert seed.stdout == "1 new, 0 unchanged, 0 failed\n"
    kakhovka = runner.invoke(app, ["ingest", str(KAKHOVKA), "--story", "kakhovka-dam", "--db", str(db)])
    assert kakhovka.exit_code == 0, kakhovka.output
    assert kakhovka.stdout == f"{N_KAKHOVKA} new, 0 unchanged, 0 failed\n"
    return db


def report(db: Path, fmt: str, *extra: str) -> str:
    result = runner.invoke(app, ["report", "--db", str(db), "--format", fmt, *extra])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_stories_are_listed(demo_db: Path) -> None:
    result = runner.invoke(app, ["stories", "--db", str(demo_db)])
    assert result.stdout == f"belgorod-raid\t1\nkakhovka-dam\t{N_KAKHOVKA}\n"


def test_json_report_validates_and_every_span_is_verbatim(demo_db: Path) -> None:
    payload = json.loads(report(demo_db, "json"))
    jsonschema.validate(payload, SCHEMA)
    assert len(payload["documents"]) == N_KAKHOVKA + 1
    for doc in payload["documents"]:
        text = doc["text"]
        for a in doc["attributions"]:
            for span in [a["source"], a["cue"], a["verification"], *a["content"]]:
                if span:
                    assert text[span["start"]:span["end"]] == span["text"]
        for e in doc["entities"]:
            assert all(0 <= m["start"] < m["end"] <= len(text) for m in e["mentions"])
        for q in doc["quantities"]:
            assert text[q["start"]:q["end"]] == q["text"]


def test_seed_report_reads_like_the_explainer(demo_db: Path) -> None:
    md = report(demo_db, "md", "--story", "belgorod-raid")
    assert "## belgorod-raid" in md
    assert "**D1** CNN: Anti-Putin Russians say they launched a cross-border attack from Ukraine" in md
    assert "Rob Picheta, Nathan Hodge" in md
    for speaker in ("Vyacheslav Gladkov", "Dmitry Peskov", "Oleksiy Danilov", "Caesar"):
        assert f"#### {speaker}" in md
    assert "on Telegram" in md
    assert "**Denies:**" in md
    assert "### Could not be verified" in md
    for boilerplate in ("Skip to Content", "Jump to comments", "KTVZ", "All rights reserved"):
        assert boilerplate not in md


def test_html_report_links_every_citation_to_its_span(demo_db: Path) -> None:
    html = report(demo_db, "html", "--story", "belgorod-raid")
    targets = set(re.findall(r'href="#(D\d+-\d+-\d+)"', html))
    assert targets
    for target in targets:
        assert f'id="{target}"' in html
    assert "<script" not in html


def test_claims_made_on_telegram_show_their_chain(demo_db: Path) -> None:
    md = report(demo_db, "md", "--story", "belgorod-raid")
    assert "via CNN → Telegram (post not captured) → speaker: Russia's Investigative Committee" in md
    assert "via CNN → Telegram (post not captured) → speaker: Freedom of Russia Legion" in md


def test_report_traces_a_quote_to_the_ingested_telegram_post(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    export = REPO / "tests" / "fixtures" / "telegram" / "legion_export"
    for target in (SEED.parent, export):
        result = runner.invoke(app, ["ingest", str(target), "--story", "belgorod-raid", "--db", db])
        assert result.exit_code == 0, result.output
    md = report(Path(db), "md", "--story", "belgorod-raid")
    assert re.search(r"via CNN → Telegram channel [^→]+ → post https://t\.me/\S+ → ", md)


def test_seed_disputes_are_shown_side_by_side(demo_db: Path) -> None:
    payload = json.loads(report(demo_db, "json", "--story", "belgorod-raid"))
    (story,) = payload["stories"]
    # the four open disputes the explainer describes: who is behind the raid (and whether Kyiv is), how it
    # ended, who the attackers are, and who sent the drones over the Kremlin earlier that month
    assert sorted(d["topic"] for d in story["disputes"]) == [
        "Outcome of the raid", "Who is responsible for the earlier attack", "Who is responsible for the raid",
        "Who the attackers in the raid are",
    ]
    disputes = {d["kind"]: d for d in story["disputes"] if "earlier" not in d["topic"]}

    def claimants(kind: str) -> dict[str, set[str]]:
        return {s["position"]: {m["claimant"] for m in s["members"]} for s in disputes[kind]["sides"]}

    outcome = claimants("outcome")
    assert "Russian Ministry of Defence" in outcome["the attack was repelled"]
    assert "Freedom of Russia Legion" in outcome["the fighting goes on"]
    identity = claimants("identity")
    assert "Dmitry Peskov" in identity["Ukrainian forces"]
    assert {"Andriy Yusov", "Oleksiy Danilov"} <= identity["Russian nationals"]
    blame = claimants("blame")
    assert "Oleksiy Danilov" in blame["Ukraine is not responsible"]
    (drones,) = [d for d in story["disputes"] if d["topic"] == "Who is responsible for the earlier attack"]
    assert {s["position"]: [m["claimant"] for m in s["members"]] for s in drones["sides"]} == {
        "Ukraine is responsible": ["Moscow"], "Ukraine is not responsible": ["Ukraine and the US"]}
