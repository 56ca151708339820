"""Exports: ACLED CSV (header, order, types), GeoJSON (RFC 7946), JSONL, brat, ClaimReview JSON-LD."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimledger.eval.brat import read_ann
from claimledger.events import build_events, load_events, load_places
from claimledger.export import export
from claimledger.export.acled import COLUMNS, FLOAT_COLUMNS, INT_COLUMNS, acled_rows
from claimledger.export.claimreview import claim_review_document, validate_claim_review_document
from claimledger.export.geojson import feature_collection, validate_geojson
from claimledger.extract.geo import base_nlp
from claimledger.store import open_store
from claimledger.store.sqlite import SQLiteStore
from tests.test_events_helpers import fast_model, raid_extraction, tiny_resolver

ACLED_HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
    "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,"
    "admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,"
    "tags,timestamp"
)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("export")
    path = tmp / "s.db"
    with open_store(path) as store:
        store.add(raid_extraction(), None)
        build_events(store, resolver=tiny_resolver(tmp), model=fast_model(), nlp=base_nlp())
    return path


def _text(store: SQLiteStore, fmt: str) -> str:
    out = io.StringIO()
    export(store, fmt, out, timestamp=1700000000)
    return out.getvalue()


def test_acled_csv_header_order_and_types(db: Path) -> None:
    with open_store(db) as store:
        text = _text(store, "acled")
    assert text.splitlines()[0] == ACLED_HEADER == ",".join(COLUMNS)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 3
    for row in rows:
        for column in INT_COLUMNS:
            assert row[column] == "" or row[column].lstrip("-").isdigit(), (column, row[column])
        for column in FLOAT_COLUMNS:
            if row[column]:
                float(row[column])
        assert row["event_id_cnty"].startswith("RUS")
        assert row["event_date"] == "" or len(row["event_date"]) == 10
        assert row["timestamp"] == "1700000000"
        assert row["iso"] == "643" and row["country"] == "Russia" and row["region"] == "Europe"
    died = next(r for r in rows if "Kozinka has died" in r["notes"])
    assert died["fatalities"] == "1" and died["location"] == "Kozinka" and died["geo_precision"] == "1"
    assert died["notes"].startswith("On 23 May 2023, according to regional governor Vyacheslav Gladkov: ")
    assert "Reported fatalities: One civilian (Vyacheslav Gladkov)" in died["notes"]
    assert (
        died["disorder_type"] == "Political violence" and died["civilian_targeting"] == "Civilian targeting"
    )
    assert died["inter2"] == "7" and died["interaction"] == died["inter1"] + "7"
    legion = next(r for r in rows if r["actor1"] == "Freedom of Russia Legion")
    assert legion["actor2"] == "Military Forces of Russia (2000-)" and legion["interaction"] == "12"
    assert legion["time_precision"] == "2"  # last week


def test_acled_non_acled_types_become_strategic_developments(db: Path) -> None:
    from dataclasses import replace

    with open_store(db) as store:
        event = load_events(store)[0]
    flood = replace(event, event_type="Other", sub_event_type="Natural disaster")
    row = acled_rows([flood], {}, timestamp=0)[0]
    assert (row["event_type"], row["sub_event_type"]) == ("Strategic developments", "Other")
    assert row["tags"] == "claimledger_type=Natural disaster"


def test_geojson_is_rfc7946(db: Path) -> None:
    with open_store(db) as store:
        collection = json.loads(_text(store, "geojson"))
        places = load_places(store)
    assert validate_geojson(collection) == []
    assert collection["type"] == "FeatureCollection" and "crs" not in collection
    kinds = {f["properties"]["kind"] for f in collection["features"]}
    assert kinds == {"event", "place"}
    kozinka = next(f for f in collection["features"] if f["properties"].get("name") == "Kozinka")
    assert kozinka["geometry"]["coordinates"] == [35.6, 50.46]  # [lon, lat]
    assert len(feature_collection([], places)["features"]) == sum(p.status == "resolved" for p in places)


def test_geojson_validator_catches_mistakes() -> None:
    point = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [35.6, 50.46]}, "properties": {}}
    assert validate_geojson({"type": "FeatureCollection", "features": [point]}) == []
    swapped = {**point, "geometry": {"type": "Point", "coordinates": [50.46, 135.6]}}
    assert any(
        "latitude" in e for e in validate_geojson({"type": "FeatureCollection", "features": [swapped]})
    )
    assert validate_geojson({"type": "FeatureCollection", "features": [], "crs": {}})
    assert validate_geojson({"type": "Feature"})
    assert validate_geojson({"type": "FeatureCollection", "features": [{"type": "Feature"}]})


def test_jsonl_has_every_item_with_a_type(db: Path) -> None:
    with open_store(db) as store:
        lines = _text(store, "jsonl").splitlines()
    items = [json.loads(line) for line in lines]
    types = {i["type"] for i in items}
    assert types == {"document", "attribution", "entity", "quantity", "event", "place", "time_expression"}
    assert sum(i["type"] == "event" for i in items) == 3


def test_brat_pairs_match_the_text(db: Path, tmp_path: Path) -> None:
    with open_store(db) as store:
        summary = export(store, "brat", tmp_path / "brat")
        document = store.documents()[0]
    assert summary.startswith("1 documents")
    txt = tmp_path / "brat" / f"{document.id}.txt"
    ann = tmp_path / "brat" / f"{document.id}.ann"
    assert txt.read_text(encoding="utf-8") == document.text
    lines = ann.read_text(encoding="utf-8").splitlines()
    for line in lines:
        if line.startswith("T"):
            _, kind_offsets, shown = line.split("\t")
            offsets = kind_offsets.split(" ", 1)[1]
            pieces = [tuple(map(int, p.split())) for p in offsets.split(";")]
            assert shown == " ".join(document.text[s:e] for s, e in pieces)
    assert len(read_ann(ann)) == 3  # the attribution relations read back as PolNeAR's scorer reads them
    assert any(line.split("\t")[1].startswith("PERSON ") for line in lines if line.startswith("T"))
    assert any("AnnotatorNotes" in line and "killed=1" in line for line in lines)


def test_claimreview_jsonld_structure(db: Path) -> None:
    with open_store(db) as store:
        document = json.loads(_text(store, "claimreview"))
    assert validate_claim_review_document(document) == []
    graph = document["@graph"]
    assert len(graph) == 3
    gladkov = next(
        r for r in graph if r["itemReviewed"].get("author", {}).get("name") == "Vyacheslav Gladkov"
    )
    assert gladkov["itemReviewed"]["author"]["@type"] == "Person"
    assert gladkov["itemReviewed"]["appearance"][0]["url"] == "https://example.org/raid"
    assert "reviewRating" not in gladkov  # no verification note: no rating at all
    legion = next(r for r in graph if "reviewRating" in r)
    assert legion["itemReviewed"]["author"] == {"@type": "Organization", "name": "Freedom of Russia Legion"}
    assert legion["reviewRating"]["alternateName"] == "Unverified"
    assert "ratingValue" not in legion["reviewRating"]


def test_claimreview_groups_appearances_across_documents() -> None:
    from dataclasses import replace

    one = raid_extraction()
    other_doc = replace(one.document, id="doc_other", url="https://example.com/copy")
    two = replace(one, document=other_doc)
    graph = claim_review_document([one, two])["@graph"]
    assert len(graph) == 3
    assert {len(r["itemReviewed"]["appearance"]) for r in graph} == {2}
    bad = {"@context": "https://schema.org", "@graph": [{**graph[0], "reviewRating": {"ratingValue": 1}}]}
    assert validate_claim_review_document(bad)


def test_export_command(db: Path, tmp_path: Path) -> None:
    from claimledger.cli import app

    out = tmp_path / "events.geojson"
    result = CliRunner().invoke(app, ["export", "--db", str(db), "--format", "geojson", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert validate_geojson(json.loads(out.read_text(encoding="utf-8"))) == []
    result = CliRunner().invoke(app, ["export", "--db", str(db), "--format", "acled"])
    assert result.exit_code == 0 and result.stdout.startswith("event_id_cnty,")
    assert CliRunner().invoke(app, ["export", "--db", str(db), "--format", "kml"]).exit_code == 2
    assert CliRunner().invoke(app, ["export", "--db", str(db), "--format", "brat"]).exit_code == 2


def test_claimreview_lists_claims_not_acts() -> None:
    from dataclasses import replace

    from claimledger.models import Attribution, Span

    one = raid_extraction()
    text = one.document.text + " Moscow has responded with a barrage of missile attacks."
    start = text.index("with a barrage")
    content = (Span(start, len(text) - 1, text[start:-1]),)
    act = Attribution(id=Attribution.make_id(one.document.id, content), doc_id=one.document.id,
                      kind="indirect", content=content, source=Span(text.index("Moscow has"),
                                                                    text.index("Moscow has") + 6, "Moscow"),
                      cue=Span(text.index("has responded"), start - 1, "has responded"), speaker="Moscow",
                      speaker_kind="organization")
    with_act = replace(one, document=replace(one.document, text=text), attributions=(*one.attributions, act))
    graph = claim_review_document([with_act])["@graph"]
    assert len(graph) == 3  # the raid's three claims; Moscow's barrage of missiles is an act, no claim
    assert all("barrage" not in r["claimReviewed"] for r in graph)
