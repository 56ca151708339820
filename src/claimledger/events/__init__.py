"""Document-level event records: ACLED-style events, geocoded places and time expressions."""

from claimledger.events.model import Actor, EventRecord, FatalityReport, PlaceMention
from claimledger.events.store import build_events, load_events, load_places, load_time_expressions

__all__ = [
    "Actor",
    "EventRecord",
    "FatalityReport",
    "PlaceMention",
    "build_events",
    "load_events",
    "load_places",
    "load_time_expressions",
]
