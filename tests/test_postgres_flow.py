"""The whole flow on PostgreSQL, compared with the same flow on SQLite.

ingest (the Belgorod example and 8 Kakhovka articles) -> ledger -> events -> report (md, json) -> export
-> provenance (check, history, diff, canonical dump) -> web pages and API (with a correction), each step
through the CLI or the web app, once on a SQLite file and once on a PostgreSQL schema; the outputs must
be the same. Needs `scripts/with-postgres.sh` (CLAIMLEDGER_TEST_POSTGRES); skipped without it.

The slow models are swapped for small ones, the same on both backends (this is a storage test): the
claim-group embedder for hashed word features, the stance classifier for "reports" everywhere, the
gazetteer for a tiny one, the event classifier for one trained on a few sentences.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from claimledger.cli import app
from claimledger.ledger.build import _hash_embed
from claimledger.provenance.canonical import diff_stores, dump_canonical
from claimledger.store import open_store
from claimledger.web.app import create_app
from claimledger.web.db import ensure_indexes

from .conftest import KAKHOVKA, SEED
from .test_events_helpers import fast_model, tiny_resolver
from .test_store_backends import POSTGRES, postgres_schema

pytestmark = pytest.mark.skipif(not POSTGRES, reason="CLAIMLEDGER_TEST_POSTGRES is not set")

runner = CliRunner()
N_KAKHOVKA = 8
TOKEN = "flow-token"
JSON = dict[str, Any]


def cli(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (args, result.output)
    return result.stdout


@dataclass
class Run:
    """What one backend produced."""

    location: str
    outputs: dict[str, str] = field(default_factory=dict)


def run_flow(location: str, kakhovka: Path) -> Run:
    run = Run(location)
    db = ["--db", location]
    run.outputs["ingest seed"] = cli("ingest", str(SEED.parent), "--story", "belgorod-raid", *db)
    run.outputs["ingest kakhovka"] = cli("ingest", str(kakhovka), "--story", "kakhovka-dam", *db)
    run.outputs["stories"] = cli("stories", *db)
    run.outputs["ledger"] = cli("ledger", *db, "--json")
    run.outputs["ledger again"] = cli("ledger", *db, "--json")
    run.outputs["events"] = cli("events", *db, "--json")
    run.outputs["report json"] = cli("report", *db, "--format", "json")
    run.outputs["report md"] = cli("report", *db, "--format", "md")
    run.outputs["export geojson"] = cli("export", *db, "--format", "geojson")
    run.outputs["export claimreview"] = cli("export", *db, "--format", "claimreview",
                                            "--story", "kakhovka-dam")
    run.outputs["check"] = cli("check", *db, "--json")
    run.outputs["outlets"] = cli("outlets", *db, "--json")
    run.outputs["failures"] = cli("failures", *db, "--json")
    return run


@pytest.fixture(scope="module")
def kakhovka(tmp_path_factory: pytest.TempPathFactory) -> Path:
    lines = [line for line in KAKHOVKA.read_text(encoding="utf-8").splitlines() if line.strip()]
    path = tmp_path_factory.mktemp("input") / "kakhovka.jsonl"
    path.write_text("\n".join(lines[:N_KAKHOVKA]) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    with postgres_schema() as url:
        yield url


@pytest.fixture(scope="module")
def small_models(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    resolver = tiny_resolver(tmp_path_factory.mktemp("gazetteer"))
    model = fast_model()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("claimledger.ledger.build.default_embedder", lambda: _hash_embed)
        patch.setattr("claimledger.ledger.stance.classify_stance_batch",
                      lambda pairs, model=None: [("reports", 1.0)] * len(pairs))
        patch.setattr("claimledger.extract.geo.default_resolver", lambda: resolver)
        patch.setattr("claimledger.extract.events.load_default_model", lambda: model)
        yield


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, kakhovka: Path, postgres: str,
         small_models: None) -> tuple[Run, Run]:
    sqlite = run_flow(str(tmp_path_factory.mktemp("sqlite") / "flow.db"), kakhovka)
    return sqlite, run_flow(postgres, kakhovka)


def _untimed(text: str) -> str:
    """The Markdown report says when it was rendered (to the minute): the one legitimate difference."""
    return re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", "<generated>", text)


def test_every_command_gives_the_same_output(runs: tuple[Run, Run]) -> None:
    sqlite, postgres = runs
    assert postgres.outputs["ingest kakhovka"] == f"{N_KAKHOVKA} new, 0 unchanged, 0 failed\n"
    for step, text in sqlite.outputs.items():
        assert _untimed(postgres.outputs[step]) == _untimed(text), step


def test_the_report_json_is_the_same(runs: tuple[Run, Run]) -> None:
    """Nothing needs ignoring: ids are content-based and the report carries no run times."""
    sqlite, postgres = (json.loads(r.outputs["report json"]) for r in runs)
    assert postgres == sqlite
    assert len(postgres["documents"]) == N_KAKHOVKA + 1


def test_the_ledger_is_not_trivial(runs: tuple[Run, Run]) -> None:
    summaries = {s["story"]: s for s in json.loads(runs[1].outputs["ledger"])}
    assert summaries["kakhovka-dam"]["claim_groups"] > 0
    assert summaries["kakhovka-dam"]["disputes"] > 0
    again = {s["story"]: s for s in json.loads(runs[1].outputs["ledger again"])}
    assert again["kakhovka-dam"]["changed_groups"] == 0  # the update is incremental on PostgreSQL too
    assert json.loads(runs[1].outputs["events"])


def test_stores_hold_the_same_content(runs: tuple[Run, Run]) -> None:
    sqlite, postgres = runs
    with open_store(sqlite.location) as a, open_store(postgres.location) as b:
        assert diff_stores(a, b).empty
        assert dump_canonical(a) == dump_canonical(b)
    assert cli("diff", sqlite.location, postgres.location) == "no differences\n"


def test_page_history_on_postgres(runs: tuple[Run, Run]) -> None:
    url = json.loads(runs[0].outputs["report json"])["documents"][0]["url"]
    histories = [json.loads(cli("history", url, "--db", r.location, "--json")) for r in runs]
    for history in histories:
        for version in history["versions"]:
            version.pop("recorded_at")
    assert histories[0] == histories[1]
    assert len(histories[1]["versions"]) == 1


def _api(client: TestClient, path: str, **params: Any) -> Any:
    response = client.get(path, params=params)
    assert response.status_code == 200, (path, response.text[:300])
    return response.json()


def _comparable_places(payload: JSON) -> JSON:
    """The map's markers as a sorted list with each marker's event kinds as a set: `group_concat` lists
    kinds in scan order on SQLite, `string_agg` in its own order on PostgreSQL, and markers with equal
    counts come in either order (the only legitimate differences between the backends' pages)."""
    places = [p | {"kinds": sorted((p["kinds"] or "").split(","))} for p in payload["places"]]
    key = lambda p: (p["kind"], p["name"] or "", p["lat"], p["lon"])  # noqa: E731
    return payload | {"places": sorted(places, key=key)}


def _web_tour(client: TestClient) -> dict[str, Any]:
    """Every API answer of the pages a reader visits, and a status check of the HTML pages."""
    seen: dict[str, Any] = {"stories": _api(client, "/api/stories")}
    story = _api(client, "/api/stories/kakhovka-dam")
    seen["story"] = story
    doc_id = story["documents"][0]["id"]
    document = _api(client, f"/api/documents/{doc_id}")
    seen["document"] = document
    group_id = story["key_facts"][0]["id"]
    seen["group"] = _api(client, f"/api/groups/{group_id}")
    dispute_id = story["disputes"][0]["id"]
    seen["dispute"] = _api(client, f"/api/disputes/{dispute_id}")
    entity_id = document["entities"][0]["id"]
    seen["entity"] = _api(client, f"/api/entities/{entity_id}")
    seen["places"] = _comparable_places(_api(client, "/api/stories/kakhovka-dam/places"))
    search = _api(client, "/api/search", q="dam Kherson")
    # ranks differ (bm25 against ts_rank): compare what is found, not its order
    seen["search ids"] = (sorted(d["id"] for d in search["documents"]),
                          sorted(c["id"] for c in search["claims"]))
    for page in ("/", "/stories/kakhovka-dam", f"/documents/{doc_id}", f"/groups/{group_id}",
                 f"/disputes/{dispute_id}", f"/entities/{entity_id}", "/stories/kakhovka-dam/map",
                 "/stories/kakhovka-dam/report", "/search?q=dam", "/corrections"):
        assert client.get(page).status_code == 200, page
    return seen


def test_the_web_app_serves_postgres_like_sqlite(runs: tuple[Run, Run]) -> None:
    tours = []
    for run in runs:
        ensure_indexes(run.location)  # what `claimledger serve` does first
        with TestClient(create_app(run.location, geocoder=lambda name: (50.0, 36.0))) as client:
            tours.append(_web_tour(client))
    assert tours[0]["search ids"][0]  # full-text search finds documents on both backends
    for key in tours[0]:
        assert tours[1][key] == tours[0][key], key


def test_corrections_on_postgres_reach_the_report(runs: tuple[Run, Run]) -> None:
    postgres = runs[1].location
    report = json.loads(runs[1].outputs["report json"])
    doc_id, attribution = next((d["id"], a) for d in report["documents"] for a in d["attributions"]
                               if a.get("speaker"))
    with TestClient(create_app(postgres, edit_token=TOKEN, geocoder=lambda name: None)) as client:
        made = client.post("/api/corrections", headers={"X-Edit-Token": TOKEN},
                           json={"target_kind": "attribution", "target_id": attribution["id"],
                                 "field": "speaker", "new": "Named By Analyst", "author": "ana"})
        assert made.status_code == 201, made.text
        assert made.json()["id"] == 1
        listed = _api(client, "/api/corrections")["corrections"]
        assert [c["new"] for c in listed] == ["Named By Analyst"]
        assert "Named By Analyst" in client.get(f"/documents/{doc_id}").text
    assert "Named By Analyst" in cli("report", "--db", postgres, "--format", "md")
