"""Document-level event records: sentences, type, actors, place, date, fatalities, claimants, storage."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimledger.events import build_events, load_events, load_places, load_time_expressions
from claimledger.events.extract import extract_document_events
from claimledger.events.store import event_from_json
from claimledger.extract.geo import base_nlp
from claimledger.store import open_store
from tests.test_events_helpers import PUBLISHED, fast_model, raid_extraction, tiny_resolver


@pytest.fixture(scope="module")
def nlp() -> Any:
    return base_nlp()


def test_events_of_the_raid_document(tmp_path: Path, nlp: Any) -> None:
    extraction = raid_extraction()
    found = extract_document_events(
        extraction,
        nlp(extraction.document.text),
        tiny_resolver(tmp_path),
        fast_model(),
    )
    by_start = {e.span.text.split()[0]: e for e in found.events}
    assert set(by_start) == {"Two", "One", "The"}  # the question is not an event
    drones, died, legion = by_start["Two"], by_start["One"], by_start["The"]

    assert drones.sub_event_type == "Air/drone strike"
    assert (drones.date_start, drones.date_end, drones.date_granularity) == (
        "2023-05-22T18:00",
        "2023-05-23T06:00",
        "range",
    )
    assert drones.place is not None and drones.place.name == "Belgorod Oblast"
    assert drones.claimant == "Vyacheslav Gladkov" and drones.claimant_role == "regional governor"

    assert died.event_type == "Battles"
    assert died.place is not None and died.place.name == "Kozinka" and died.place.precision == 1
    assert died.place.lat == pytest.approx(50.46)
    assert died.date_start == PUBLISHED and died.date_span is not None and died.date_span.text == "Tuesday"
    assert died.fatalities == 1
    report = died.fatality_reports[0]
    assert (report.value, report.speaker, report.attribution_id) == (
        1.0,
        "Vyacheslav Gladkov",
        extraction.attributions[1].id,
    )
    assert died.attribution_ids == (extraction.attributions[1].id,)
    assert died.actor2 is not None and died.actor2.name == "Civilians (Russia)" and died.actor2.inter == 7

    assert legion.actor1 is not None and legion.actor1.name == "Freedom of Russia Legion"
    assert legion.actor2 is not None and legion.actor2.name == "Military Forces of Russia (2000-)"
    assert legion.actor2.inter == 1
    assert legion.date_granularity == "week" and legion.date_start == "2023-05-15"
    assert extraction.document.text[legion.span.start : legion.span.end] == legion.span.text
    assert event_from_json(json.loads(json.dumps(legion.to_json()))) == legion

    assert {p.span.text for p in found.places} >= {"Belgorod", "Kozinka"}
    assert {t.span.text for t in found.times} >= {"overnight", "Tuesday", "last week"}


def test_build_events_stores_and_reloads(tmp_path: Path, nlp: Any) -> None:
    extraction = raid_extraction()
    with open_store(tmp_path / "s.db") as store:
        store.add(extraction, None)
        n = build_events(store, resolver=tiny_resolver(tmp_path), model=fast_model(), nlp=nlp)
        assert n == 3
        again = build_events(store, "raid", resolver=tiny_resolver(tmp_path), model=fast_model(), nlp=nlp)
        assert again == 3  # recomputed, not duplicated
        events = load_events(store)
        assert len(events) == 3 and load_events(store, "other-story") == []
        assert all(e.doc_id == extraction.document.id for e in events)
        assert load_places(store, "raid") and load_time_expressions(store, "raid")
        row = store.db.execute(
            "SELECT location, fatalities FROM events WHERE fatalities IS NOT NULL"
        ).fetchone()
        assert row == ("Kozinka", 1)


def test_assume_published_anchors_undated_documents(tmp_path: Path, nlp: Any) -> None:
    from dataclasses import replace

    extraction = raid_extraction()
    undated = replace(extraction, document=replace(extraction.document, published=None))
    doc = nlp(undated.document.text)
    without = extract_document_events(undated, doc, tiny_resolver(tmp_path), fast_model())
    assert all(e.date_start is None for e in without.events)
    with_date = extract_document_events(
        undated, doc, tiny_resolver(tmp_path), fast_model(), assume_published=PUBLISHED
    )
    assert {e.date_start for e in with_date.events} >= {PUBLISHED}


def test_events_command_lists_stored_events(tmp_path: Path, nlp: Any) -> None:
    from claimledger.cli import app

    db = tmp_path / "s.db"
    with open_store(db) as store:
        store.add(raid_extraction(), None)
        build_events(store, resolver=tiny_resolver(tmp_path), model=fast_model(), nlp=nlp)
    result = CliRunner().invoke(app, ["events", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert len(payload) == 3 and {e["sub_event_type"] for e in payload} >= {"Air/drone strike"}
    missing = CliRunner().invoke(app, ["events", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 1


@pytest.mark.parametrize(
    ("url", "path", "expected"),
    [
        ("https://www.theguardian.com/world/2023/jun/07/kherson-dam", None, "2023-06-07"),
        (None, "examples/belgorod/cnn-2023-05-23-belgorod-incursion.txt", "2023-05-23"),
        ("https://example.org/news/20230606/dam", None, "2023-06-06"),
        ("https://example.org/id/123456789", None, None),
        ("https://beta.candorium.com/news/20230606045059993/major-dam-collapses", None, "2023-06-06"),
        ("https://example.org/id/20231345120000", None, None),
        ("https://example.org/2023/13/45/x", None, None),
        ("https://example.org/news-griffiths-statement-12-06-2023.html", None, "2023-06-12"),
        ("https://example.org/a/31-02-2023.html", None, None),
    ],
)
def test_date_from_locator(url: str | None, path: str | None, expected: str | None) -> None:
    from claimledger.extract.dates import date_from_locator
    from claimledger.models import Document

    assert date_from_locator(Document(id="d", text="t", url=url, source_path=path)) == expected
