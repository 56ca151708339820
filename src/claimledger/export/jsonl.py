"""JSON Lines of every stored item: one object per line with a "type" key."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from claimledger.events.store import load_events, load_places, load_time_expressions
from claimledger.store.sqlite import SQLiteStore


def iter_items(store: SQLiteStore, story: str | None = None) -> Iterator[dict[str, Any]]:
    """Documents, then each document's attributions, entities and quantities; then events, places and
    time expressions (when `build_events` has run). An entity's own type (PERSON, ORG ...) is
    `entity_type`."""
    for extraction in store.extractions(story):
        doc = extraction.document
        yield {"type": "document", **doc.to_json(), "story": doc.story, "source_path": doc.source_path}
        for a in extraction.attributions:
            yield {"type": "attribution", "doc_id": doc.id, **a.to_json()}
        for e in extraction.entities:
            yield {**e.to_json(), "type": "entity", "entity_type": e.type, "doc_id": doc.id}
        for q in extraction.quantities:
            yield {"type": "quantity", "doc_id": doc.id, **q.to_json()}
    for event in load_events(store, story):
        yield {"type": "event", **event.to_json()}
    for place in load_places(store, story):
        yield {"type": "place", **place.to_json()}
    for time in load_time_expressions(store, story):
        yield {"type": "time_expression", **time.to_json()}
