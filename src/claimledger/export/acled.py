"""ACLED-style CSV: one row per event record, ACLED's columns in ACLED's order.

Codebook conventions followed: `event_date` as YYYY-MM-DD; `time_precision` 1 (the day is known),
2 (a range of days or a week), 3 (only the month or a longer period); `inter1`/`inter2` numeric actor
types (1 state forces, 2 rebel groups, 3 political militias, 4 identity militias, 5 rioters,
6 protesters, 7 civilians, 8 external/other forces) and `interaction` their two-digit combination
(lower first; a sole actor gives N0); `geo_precision` 1-3; `fatalities` the most conservative reported
figure (0 when none is reported); `iso` the numeric ISO 3166 code. Event types that are not ACLED's
(CASE 2021's disasters, organised crime) are written as "Strategic developments / Other" with the
finer type in `tags`. `notes` cite the claimant and the document offsets.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any, TextIO

from claimledger.events.model import EventRecord
from claimledger.export.countries import country
from claimledger.models import Document

COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities",
    "tags", "timestamp",
)
INT_COLUMNS = frozenset({"year", "time_precision", "inter1", "inter2", "interaction", "iso",
                         "geo_precision", "fatalities", "timestamp"})
FLOAT_COLUMNS = frozenset({"latitude", "longitude"})

ACLED_EVENT_TYPES: dict[str, str] = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Political violence",
    "Strategic developments": "Strategic developments",
}
_VIOLENT_DEMONSTRATION = "Violent demonstration"


def _precision(e: EventRecord) -> int:
    if e.date_granularity in ("day", "time"):
        return 1
    if e.date_granularity == "range":
        return 1 if (e.date_start or "")[:10] == (e.date_end or "")[:10] else 2
    if e.date_granularity == "week":
        return 2
    return 3


def _types(e: EventRecord) -> tuple[str, str, str, str]:
    """(disorder_type, event_type, sub_event_type, tags)."""
    if e.event_type not in ACLED_EVENT_TYPES:
        tag = f"claimledger_type={e.sub_event_type}"
        return "Strategic developments", "Strategic developments", "Other", tag
    disorder = ACLED_EVENT_TYPES[e.event_type]
    if e.sub_event_type == _VIOLENT_DEMONSTRATION:
        disorder = "Political violence; Demonstrations"
    return disorder, e.event_type, e.sub_event_type, ""


def _interaction(inter1: int | None, inter2: int | None) -> int | None:
    if inter1 is None:
        return None
    if inter2 is None:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def _long_date(value: str | None) -> str | None:
    if not value:
        return None
    day = date.fromisoformat(value[:10])
    return f"{day.day} {day.strftime('%B')} {day.year}"


def notes(e: EventRecord) -> str:
    """"On 23 May 2023, according to regional governor Vyacheslav Gladkov, ..." plus every reported toll."""
    sentence = " ".join(e.span.text.split())
    lead = f"On {_long_date(e.date_start)}, " if e.date_start else ""
    if e.claimant:
        who = f"{e.claimant_role} {e.claimant}" if e.claimant_role else e.claimant
        text = f"{lead}according to {who}: {sentence}" if lead else f"According to {who}: {sentence}"
    else:
        text = f"{lead.rstrip(', ')}: {sentence}" if lead else sentence
    if e.fatality_reports:
        figures = "; ".join(f"{r.text} ({r.speaker or 'the outlet'})" for r in e.fatality_reports)
        text += f" [Reported fatalities: {figures}; coded: the lowest.]"
    return f"{text} [{e.doc_id} {e.span.start}-{e.span.end}]"


def _coordinates(e: EventRecord) -> tuple[float | None, float | None]:
    if e.place is None:
        return None, None
    if e.place.lat is not None and e.place.lon is not None:
        return round(e.place.lat, 4), round(e.place.lon, 4)
    if e.place.area_lat is not None and e.place.area_lon is not None:
        return round(e.place.area_lat, 4), round(e.place.area_lon, 4)
    return None, None


def acled_rows(
    events: Sequence[EventRecord], documents: dict[str, Document], *, timestamp: int | None = None
) -> list[dict[str, Any]]:
    """One ACLED row (column -> value) per event; `timestamp` defaults to now (Unix seconds)."""
    stamp = int(datetime.now(UTC).timestamp()) if timestamp is None else timestamp
    numbers: Counter[str] = Counter()
    rows = []
    ordered = sorted(events, key=lambda e: (e.date_start or "9999", e.doc_id, e.span.start))
    for e in ordered:
        info = country(e.place.country if e.place else None)
        prefix = info.alpha3 if info else "XXX"
        numbers[prefix] += 1
        disorder, event_type, sub_type, tags = _types(e)
        inter1 = e.actor1.inter if e.actor1 else None
        inter2 = e.actor2.inter if e.actor2 else None
        lat, lon = _coordinates(e)
        doc = documents.get(e.doc_id)
        civilians = 7 in (inter1, inter2) and disorder == "Political violence"
        precision = e.place.precision if e.place else None
        if e.place is not None and e.place_inferred and precision is not None:
            precision = max(precision, 2)  # the place is near the event, not named with it
        rows.append({
            "event_id_cnty": f"{prefix}{numbers[prefix]}",
            "event_date": (e.date_start or "")[:10],
            "year": int(e.date_start[:4]) if e.date_start else None,
            "time_precision": _precision(e) if e.date_start else None,
            "disorder_type": disorder, "event_type": event_type, "sub_event_type": sub_type,
            "actor1": e.actor1.name if e.actor1 else "", "assoc_actor_1": "", "inter1": inter1,
            "actor2": e.actor2.name if e.actor2 else "", "assoc_actor_2": "", "inter2": inter2,
            "interaction": _interaction(inter1, inter2),
            "civilian_targeting": "Civilian targeting" if civilians else "",
            "iso": info.numeric if info else None, "region": info.region if info else "",
            "country": info.name if info else "", "admin1": (e.place.admin1 if e.place else None) or "",
            "admin2": "", "admin3": "", "location": (e.place.name if e.place else None) or "",
            "latitude": lat, "longitude": lon, "geo_precision": precision,
            "source": (doc.outlet if doc else None) or (doc.url if doc else None) or e.doc_id,
            "source_scale": "", "notes": notes(e), "fatalities": e.fatalities or 0, "tags": tags,
            "timestamp": stamp,
        })
    return rows


def write_acled_csv(rows: Sequence[dict[str, Any]], out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if row.get(k) is None else row[k] for k in COLUMNS})
