"""Document-level event records (ACLED-style) and the places they happen at."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from claimledger.models import Span, stable_id


@dataclass(frozen=True, slots=True)
class FatalityReport:
    """One reported death toll and who reported it (None: the outlet's own voice)."""

    value: float
    text: str
    quantity_id: str
    attribution_id: str | None = None
    speaker: str | None = None
    qualifier: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "text": self.text, "quantity_id": self.quantity_id,
                "attribution_id": self.attribution_id, "speaker": self.speaker, "qualifier": self.qualifier}


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A geocoded toponym mention. `lat`/`lon` are None unless `status == "resolved"`."""

    doc_id: str
    span: Span
    status: str  # resolved / ambiguous / unresolved
    name: str | None = None  # gazetteer name of the place (or of `within` for unresolved names)
    kind: str | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None
    precision: int | None = None  # ACLED geo_precision 1-3
    geonameid: int | None = None
    candidates: tuple[str, ...] = ()  # "Name, admin1, CC" of ambiguous readings
    # For an unresolved name: the point of the region or town it lies in (`name`), for maps at that
    # region's precision; never presented as the point of the name itself.
    area_lat: float | None = None
    area_lon: float | None = None

    @property
    def id(self) -> str:
        return stable_id("plc", self.doc_id, self.span.start, self.span.end)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "doc_id": self.doc_id, **self.span.to_json(), "status": self.status,
                "name": self.name, "kind": self.kind, "lat": self.lat, "lon": self.lon,
                "country": self.country, "admin1": self.admin1, "precision": self.precision,
                "geonameid": self.geonameid, "candidates": list(self.candidates),
                "area_lat": self.area_lat, "area_lon": self.area_lon}


@dataclass(frozen=True, slots=True)
class Actor:
    """An ACLED actor: name and interaction code (1 state forces ... 8 external/other forces)."""

    name: str
    inter: int
    entity_id: str | None = None


@dataclass(frozen=True, slots=True)
class EventRecord:
    """One event reported in a document: what, who, where, when, how many killed, and who says so."""

    doc_id: str
    span: Span  # the event-bearing sentence
    label: str  # CASE 2021 label
    event_type: str
    sub_event_type: str
    confidence: float  # classifier margin over the runner-up label
    actor1: Actor | None = None
    actor2: Actor | None = None
    place: PlaceMention | None = None
    place_inferred: bool = False  # the place is not named in the sentence but taken from its context
    date_start: str | None = None
    date_end: str | None = None
    date_granularity: str | None = None
    date_span: Span | None = None  # the time expression used (None when the publication date is used)
    fatalities: int | None = None  # the most conservative reported figure
    fatality_reports: tuple[FatalityReport, ...] = ()
    attribution_ids: tuple[str, ...] = ()
    claimant: str | None = None  # speaker of the first attribution reporting it
    claimant_role: str | None = None

    @property
    def id(self) -> str:
        return stable_id("evt", self.doc_id, self.span.start, self.span.end)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "doc_id": self.doc_id, **self.span.to_json(), "label": self.label,
            "event_type": self.event_type, "sub_event_type": self.sub_event_type,
            "confidence": self.confidence,
            "actor1": _actor_json(self.actor1), "actor2": _actor_json(self.actor2),
            "place": self.place.to_json() if self.place else None, "place_inferred": self.place_inferred,
            "date_start": self.date_start, "date_end": self.date_end,
            "date_granularity": self.date_granularity,
            "date_text": self.date_span.text if self.date_span else None,
            "date_span_start": self.date_span.start if self.date_span else None,
            "date_span_end": self.date_span.end if self.date_span else None,
            "fatalities": self.fatalities, "fatality_reports": [r.to_json() for r in self.fatality_reports],
            "attribution_ids": list(self.attribution_ids), "claimant": self.claimant,
            "claimant_role": self.claimant_role,
        }


def _actor_json(actor: Actor | None) -> dict[str, Any] | None:
    if actor is None:
        return None
    return {"name": actor.name, "inter": actor.inter, "entity_id": actor.entity_id}
