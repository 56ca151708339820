"""Tables `events`, `places` and `time_expressions` in the claimledger store, and `build_events`.

The tables (`claimledger.store.schema.EVENTS`) are created here on first use, through `store.sql` (either
backend), not by the store module; `build_events` recomputes them for every document of a story (or the
store).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from claimledger.events.extract import extract_document_events
from claimledger.events.model import Actor, EventRecord, FatalityReport, PlaceMention
from claimledger.extract.dates import TimeExpression
from claimledger.extract.geo import Resolver
from claimledger.models import Span
from claimledger.store import StoreBackend
from claimledger.store.schema import EVENTS

log = logging.getLogger(__name__)

Row = dict[str, Any]


def ensure_tables(store: StoreBackend) -> None:
    store.sql.create_tables(EVENTS)


def _event_row(e: EventRecord) -> Row:
    return {
        "id": e.id, "doc_id": e.doc_id, "char_start": e.span.start, "char_end": e.span.end,
        "sentence": e.span.text, "label": e.label, "event_type": e.event_type,
        "sub_event_type": e.sub_event_type, "confidence": e.confidence,
        "actor1": e.actor1.name if e.actor1 else None, "inter1": e.actor1.inter if e.actor1 else None,
        "actor2": e.actor2.name if e.actor2 else None, "inter2": e.actor2.inter if e.actor2 else None,
        "place_id": e.place.id if e.place else None, "location": e.place.name if e.place else None,
        "latitude": e.place.lat if e.place else None, "longitude": e.place.lon if e.place else None,
        "country": e.place.country if e.place else None, "admin1": e.place.admin1 if e.place else None,
        "geo_precision": e.place.precision if e.place else None,
        "place_status": e.place.status if e.place else None, "date_start": e.date_start,
        "date_end": e.date_end, "date_granularity": e.date_granularity, "fatalities": e.fatalities,
        "claimant": e.claimant, "attribution_ids": json.dumps(list(e.attribution_ids)),
        "record": json.dumps(e.to_json(), ensure_ascii=False),
    }


def _place_row(p: PlaceMention) -> Row:
    return {"id": p.id, "doc_id": p.doc_id, "text": p.span.text, "char_start": p.span.start,
            "char_end": p.span.end, "status": p.status, "name": p.name, "kind": p.kind, "latitude": p.lat,
            "longitude": p.lon, "country": p.country, "admin1": p.admin1, "geo_precision": p.precision,
            "geonameid": p.geonameid, "candidates": json.dumps(list(p.candidates), ensure_ascii=False),
            "area_lat": p.area_lat, "area_lon": p.area_lon}


def _time_row(t: TimeExpression) -> Row:
    from claimledger.models import stable_id

    return {"id": stable_id("tex", t.doc_id, t.span.start, t.span.end), "doc_id": t.doc_id,
            "text": t.span.text, "char_start": t.span.start, "char_end": t.span.end,
            "value_start": t.value_start, "value_end": t.value_end, "granularity": t.granularity}


def build_events(
    store: StoreBackend,
    story: str | None = None,
    *,
    resolver: Resolver | None = None,
    model: Any = None,
    nlp: Any = None,
    progress: Callable[[str], None] | None = None,
    assume_published: str | None = None,
) -> int:
    """(Re)compute events, places and time expressions of every document of `story` (all if None).

    Defaults: the cached default gazetteer, the shipped events model and spaCy's base English model.
    `assume_published` (YYYY-MM-DD) anchors relative dates of documents that have no publication date.
    Returns the number of events stored.
    """
    from claimledger.extract.events import load_default_model
    from claimledger.extract.geo import base_nlp, default_resolver

    ensure_tables(store)
    resolver = resolver or default_resolver()
    model = model or load_default_model()
    nlp = nlp or base_nlp()
    total = 0
    for extraction in store.extractions(story):
        found = extract_document_events(extraction, nlp(extraction.document.text), resolver, model,
                                        assume_published=assume_published)
        doc_id = extraction.document.id
        with store.sql.transaction():
            for table in ("events", "places", "time_expressions"):
                store.sql.execute(f"DELETE FROM {table} WHERE doc_id = ?", [doc_id])
            store.sql.insert_all("places", [_place_row(p) for p in found.places], pk="id", replace=True)
            store.sql.insert_all("time_expressions", [_time_row(t) for t in found.times], pk="id",
                                 replace=True)
            store.sql.insert_all("events", [_event_row(e) for e in found.events], pk="id", replace=True)
        total += len(found.events)
        if progress:
            progress(doc_id)
    log.info("stored %d events", total)
    return total


def _story_clause(story: str | None, alias: str) -> tuple[str, list[Any]]:
    if story is None:
        return "", []
    return f" WHERE {alias}.doc_id IN (SELECT id FROM documents WHERE story = ?)", [story]


def load_events(store: StoreBackend, story: str | None = None) -> list[EventRecord]:
    """Stored event records in document and text order."""
    if not store.sql.table_exists("events"):
        return []
    where, params = _story_clause(story, "e")
    rows = store.sql.query(
        f"SELECT e.record FROM events e{where} ORDER BY e.doc_id COLLATE BINARY, e.char_start", params)
    return [event_from_json(json.loads(r["record"])) for r in rows]


def load_places(store: StoreBackend, story: str | None = None) -> list[PlaceMention]:
    if not store.sql.table_exists("places"):
        return []
    where, params = _story_clause(story, "p")
    rows = store.sql.query(
        f"SELECT * FROM places p{where} ORDER BY p.doc_id COLLATE BINARY, p.char_start", params)
    return [_place_from(r) for r in rows]


def load_time_expressions(store: StoreBackend, story: str | None = None) -> list[TimeExpression]:
    if not store.sql.table_exists("time_expressions"):
        return []
    where, params = _story_clause(story, "t")
    rows = store.sql.query(
        f"SELECT * FROM time_expressions t{where} ORDER BY t.doc_id COLLATE BINARY, t.char_start", params)
    return [TimeExpression(r["doc_id"], Span(r["char_start"], r["char_end"], r["text"]), r["value_start"],
                           r["value_end"], r["granularity"]) for r in rows]


def _place_from(r: Row) -> PlaceMention:
    return PlaceMention(r["doc_id"], Span(r["char_start"], r["char_end"], r["text"]), r["status"], r["name"],
                        r["kind"], r["latitude"], r["longitude"], r["country"], r["admin1"],
                        r["geo_precision"], r["geonameid"], tuple(json.loads(r["candidates"] or "[]")),
                        r.get("area_lat"), r.get("area_lon"))


def place_from_json(d: dict[str, Any]) -> PlaceMention:
    return PlaceMention(d["doc_id"], Span.from_json(d), d["status"], d["name"], d["kind"], d["lat"], d["lon"],
                        d["country"], d["admin1"], d["precision"], d["geonameid"], tuple(d["candidates"]),
                        d.get("area_lat"), d.get("area_lon"))


def _actor_from(d: dict[str, Any] | None) -> Actor | None:
    return Actor(d["name"], int(d["inter"]), d.get("entity_id")) if d else None


def event_from_json(d: dict[str, Any]) -> EventRecord:
    """Inverse of `EventRecord.to_json`."""
    date_span = None
    if d.get("date_text") is not None and d.get("date_span_start") is not None:
        date_span = Span(d["date_span_start"], d["date_span_end"], d["date_text"])
    return EventRecord(
        doc_id=d["doc_id"], span=Span.from_json(d), label=d["label"], event_type=d["event_type"],
        sub_event_type=d["sub_event_type"], confidence=float(d["confidence"]),
        actor1=_actor_from(d["actor1"]), actor2=_actor_from(d["actor2"]),
        place=place_from_json(d["place"]) if d["place"] else None, place_inferred=d["place_inferred"],
        date_start=d["date_start"], date_end=d["date_end"], date_granularity=d["date_granularity"],
        date_span=date_span, fatalities=d["fatalities"],
        fatality_reports=tuple(FatalityReport(**r) for r in d["fatality_reports"]),
        attribution_ids=tuple(d["attribution_ids"]), claimant=d["claimant"],
        claimant_role=d["claimant_role"],
    )
