"""GeoJSON (RFC 7946) of events and places: a FeatureCollection of Point features, [lon, lat] order,
WGS 84 without a `crs` member, coordinates rounded to 6 decimals. Unlocated items are left out.
`validate_geojson` checks the rules a consumer (QGIS, geojson.io) relies on."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from claimledger.events.model import EventRecord, PlaceMention

JSON = dict[str, Any]


def _point(lat: float, lon: float) -> JSON:
    return {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}


def _event_feature(e: EventRecord) -> JSON | None:
    if e.place is None:
        return None
    lat, lon = e.place.lat, e.place.lon
    if lat is None or lon is None:
        lat, lon = e.place.area_lat, e.place.area_lon
    if lat is None or lon is None:
        return None
    props = {
        "kind": "event", "id": e.id, "doc_id": e.doc_id, "event_type": e.event_type,
        "sub_event_type": e.sub_event_type, "date": e.date_start, "date_end": e.date_end,
        "date_granularity": e.date_granularity, "actor1": e.actor1.name if e.actor1 else None,
        "actor2": e.actor2.name if e.actor2 else None, "location": e.place.name,
        "place_status": e.place.status, "geo_precision": e.place.precision, "fatalities": e.fatalities,
        "claimant": e.claimant, "text": " ".join(e.span.text.split()), "start": e.span.start,
        "end": e.span.end,
    }
    return {"type": "Feature", "id": e.id, "geometry": _point(lat, lon), "properties": props}


def _place_feature(p: PlaceMention) -> JSON | None:
    if p.status != "resolved" or p.lat is None or p.lon is None:
        return None
    props = {"kind": "place", "id": p.id, "doc_id": p.doc_id, "name": p.name, "text": p.span.text,
             "start": p.span.start, "end": p.span.end, "place_kind": p.kind, "country": p.country,
             "admin1": p.admin1, "geo_precision": p.precision, "geonameid": p.geonameid}
    return {"type": "Feature", "id": p.id, "geometry": _point(p.lat, p.lon), "properties": props}


def feature_collection(events: Sequence[EventRecord], places: Sequence[PlaceMention]) -> JSON:
    features = [f for f in (*map(_event_feature, events), *map(_place_feature, places)) if f is not None]
    return {"type": "FeatureCollection", "features": features}


def _position_errors(where: str, coords: Any) -> list[str]:
    if not isinstance(coords, list) or len(coords) not in (2, 3):
        return [f"{where}: a position is an array of 2 or 3 numbers"]
    if not all(isinstance(c, int | float) and not isinstance(c, bool) for c in coords):
        return [f"{where}: coordinates must be numbers"]
    lon, lat = coords[0], coords[1]
    errors = []
    if not -180 <= lon <= 180:
        errors.append(f"{where}: longitude {lon} out of range (is the order [lon, lat]?)")
    if not -90 <= lat <= 90:
        errors.append(f"{where}: latitude {lat} out of range (is the order [lon, lat]?)")
    return errors


def validate_geojson(obj: Any) -> list[str]:
    """RFC 7946 problems of a FeatureCollection of Point (or null-geometry) features; [] if none."""
    if not isinstance(obj, dict) or obj.get("type") != "FeatureCollection":
        return ["top level must be an object with type FeatureCollection"]
    errors = ["the crs member was removed in RFC 7946"] if "crs" in obj else []
    features = obj.get("features")
    if not isinstance(features, list):
        return [*errors, "features must be an array"]
    for i, feature in enumerate(features):
        where = f"features[{i}]"
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            errors.append(f"{where}: type must be Feature")
            continue
        if "geometry" not in feature or "properties" not in feature:
            errors.append(f"{where}: a Feature has geometry and properties members")
            continue
        if not isinstance(feature["properties"], dict | None):
            errors.append(f"{where}: properties must be an object or null")
        if "id" in feature and not isinstance(feature["id"], str | int | float):
            errors.append(f"{where}: id must be a string or a number")
        geometry = feature["geometry"]
        if geometry is None:
            continue
        if not isinstance(geometry, dict) or geometry.get("type") != "Point":
            errors.append(f"{where}: geometry must be a Point")
            continue
        errors += _position_errors(where, geometry.get("coordinates"))
    return errors
