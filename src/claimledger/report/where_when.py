"""The report's "Where and when" section: places with coordinates and geocoding status, events with
their dates, as a Markdown table and an HTML fragment with an inline SVG map.

The map is an equirectangular projection of the located events and places over a graticule, fitted to
their bounding box: no tiles, no JavaScript, no network. Unresolved and ambiguous places are listed
but never drawn (they have no coordinates of their own).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from markupsafe import Markup, escape

from claimledger.events.model import EventRecord, PlaceMention
from claimledger.store.sqlite import SQLiteStore

Cite = Callable[[str, int, int], str]
MAP_WIDTH = 720
MAP_HEIGHT = 420
_PAD = 30
_WIDE = frozenset({"country", "continent", "region"})
_GRID = 'stroke="#d5dde5"'
_AXIS = 'fill="#789"'


@dataclass(frozen=True, slots=True)
class PlaceRow:
    """One place of the story, merged over its mentions."""

    name: str
    status: str
    kind: str | None
    lat: float | None
    lon: float | None
    country: str | None
    admin1: str | None
    precision: int | None
    mentions: int
    documents: int
    surface: tuple[str, ...]  # how the texts wrote it
    candidates: tuple[str, ...] = ()
    first: tuple[str, int, int] | None = None  # (doc_id, start, end) of one mention


@dataclass(frozen=True, slots=True)
class EventRow:
    date: str | None
    date_end: str | None
    granularity: str | None
    event_type: str
    sub_event_type: str
    location: str | None
    lat: float | None
    lon: float | None
    precision: int | None
    kind: str | None  # gazetteer kind of the place: city, admin1, country ...
    actors: str
    fatalities: int | None
    claimant: str | None
    doc_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class ReportedEvent:
    """An event of one kind on one day that several documents describe (their own words or a claim)."""

    sub_event_type: str
    date: str
    location: str | None
    documents: int
    origins: int
    rows: tuple[EventRow, ...]  # one per document, the earliest sentence of each

    def to_json(self) -> dict[str, Any]:
        return {"sub_event_type": self.sub_event_type, "date": self.date, "location": self.location,
                "n_documents": self.documents, "n_origins": self.origins,
                "events": [{"doc_id": r.doc_id, "start": r.start, "end": r.end} for r in self.rows]}


@dataclass(frozen=True, slots=True)
class WhereWhen:
    places: tuple[PlaceRow, ...]
    events: tuple[EventRow, ...]

    @property
    def located(self) -> list[tuple[str, float, float, str]]:
        """(label, lat, lon, kind) of everything the map draws: towns and admin regions, not the
        centre points of countries and continents (which would stretch the map to the world)."""
        points = [(p.name, p.lat, p.lon, "place") for p in self.places
                  if p.lat is not None and p.lon is not None and p.kind not in _WIDE]
        points += [(e.location or "", e.lat, e.lon, "event") for e in self.events
                   if e.lat is not None and e.lon is not None and e.kind not in _WIDE]
        return [(label, float(lat), float(lon), kind) for label, lat, lon, kind in points]  # type: ignore[arg-type]

    def widely_reported(self, origins: dict[str, str], min_documents: int = 3) -> list[ReportedEvent]:
        """Events of one kind on one day described by at least `min_documents` documents from at least two
        independent origins (`origins`: document id -> origin id), most documents first. The place shown
        is the town or region most of them name."""
        groups: dict[tuple[str, str], dict[str, EventRow]] = {}
        rows: dict[tuple[str, str], list[EventRow]] = {}
        for row in self.events:
            if row.date and _within_a_day(row):
                groups.setdefault((row.sub_event_type, row.date[:10]), {}).setdefault(row.doc_id, row)
                rows.setdefault((row.sub_event_type, row.date[:10]), []).append(row)
        out = []
        for (kind, day), by_doc in groups.items():
            n_origins = len({origins.get(d, d) for d in by_doc})
            if len(by_doc) < min_documents or n_origins < 2:
                continue
            named = Counter(r.location for r in by_doc.values() if r.location and r.kind not in _WIDE)
            # a tie between the documents' first rows goes to the place all rows name most (a report's
            # first row of the day can be a side event: "A second missile struck the village of Bilenke")
            every = Counter(r.location for r in rows[kind, day] if r.location and r.kind not in _WIDE)
            place = max(named, key=lambda name: (named[name], every[name])) if named else None
            out.append(ReportedEvent(kind, day, place, len(by_doc), n_origins, tuple(by_doc.values())))
        return sorted(out, key=lambda e: (-e.documents, e.date, e.sub_event_type))

    def to_json(self) -> dict[str, Any]:
        from dataclasses import asdict

        return {"places": [asdict(p) for p in self.places], "events": [asdict(e) for e in self.events]}


def _within_a_day(row: EventRow) -> bool:
    """A day, a time, or a range of at most a night ("overnight")."""
    if row.granularity in ("day", "time"):
        return True
    if row.granularity != "range" or not row.date or not row.date_end:
        return False
    try:
        return (date.fromisoformat(row.date_end[:10]) - date.fromisoformat(row.date[:10])).days <= 1
    except ValueError:
        return False


def _place_key(p: PlaceMention) -> tuple[str, str]:
    return (p.name or p.span.text, p.status)


def place_rows(places: Sequence[PlaceMention]) -> list[PlaceRow]:
    groups: dict[tuple[str, str], list[PlaceMention]] = {}
    for p in places:
        groups.setdefault(_place_key(p), []).append(p)
    rows = []
    for (name, status), members in groups.items():
        p = members[0]
        surface = tuple(dict.fromkeys(m.span.text for m in members))
        rows.append(PlaceRow(
            name=name if status != "unresolved" else p.span.text, status=status, kind=p.kind, lat=p.lat,
            lon=p.lon, country=p.country, admin1=p.admin1, precision=p.precision, mentions=len(members),
            documents=len({m.doc_id for m in members}), surface=surface, candidates=p.candidates,
            first=(p.doc_id, p.span.start, p.span.end),
        ))
    status_rank = {"resolved": 0, "ambiguous": 1, "unresolved": 2}
    rows.sort(key=lambda r: (status_rank.get(r.status, 3), -r.mentions, r.name))
    return rows


def event_rows(events: Sequence[EventRecord]) -> list[EventRow]:
    rows = []
    for e in events:
        lat = e.place.lat if e.place else None
        lon = e.place.lon if e.place else None
        actors = " vs ".join(a.name for a in (e.actor1, e.actor2) if a is not None)
        rows.append(EventRow(
            date=e.date_start, date_end=e.date_end, granularity=e.date_granularity, event_type=e.event_type,
            sub_event_type=e.sub_event_type, location=e.place.name if e.place else None, lat=lat, lon=lon,
            precision=e.place.precision if e.place else None, kind=e.place.kind if e.place else None,
            actors=actors, fatalities=e.fatalities,
            claimant=e.claimant, doc_id=e.doc_id, start=e.span.start, end=e.span.end,
            text=" ".join(e.span.text.split()),
        ))
    rows.sort(key=lambda r: (r.date or "9999", r.doc_id, r.start))
    return rows


def where_when_from(events: Sequence[EventRecord], places: Sequence[PlaceMention]) -> WhereWhen:
    return WhereWhen(tuple(place_rows(places)), tuple(event_rows(events)))


def build_where_when(store: SQLiteStore, story: str | None = None) -> WhereWhen:
    """The section for one story (or the whole store) from the tables `build_events` fills."""
    from claimledger.events.store import load_events, load_places

    return where_when_from(load_events(store, story), load_places(store, story))


# --- Markdown ------------------------------------------------------------------------------------


def _md(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _coords(lat: float | None, lon: float | None) -> str:
    return f"{lat:.3f}, {lon:.3f}" if lat is not None and lon is not None else "–"


def _when(row: EventRow) -> str:
    if not row.date:
        return "date unknown"
    if row.date_end and row.date_end != row.date:
        return f"{row.date} – {row.date_end} ({row.granularity})"
    return f"{row.date} ({row.granularity})"


def _plain_cite(doc_id: str, start: int, end: int) -> str:
    return f"[{doc_id}:{start}-{end}]"


def render_markdown(section: WhereWhen, cite: Cite = _plain_cite) -> str:
    """`## Where and when` with an events table and a places table."""
    lines = ["## Where and when", ""]
    if section.events:
        lines += ["| When | What | Where | Who | Killed | Reported by | Source |",
                  "|---|---|---|---|---|---|---|"]
        for e in section.events:
            where = f"{e.location} (precision {e.precision})" if e.location else "–"
            lines.append(
                f"| {_md(_when(e))} | {_md(e.sub_event_type)} | {_md(where)} | {_md(e.actors or '–')} | "
                f"{'' if e.fatalities is None else e.fatalities} | {_md(e.claimant or '–')} | "
                f"{_md(cite(e.doc_id, e.start, e.end))} |"
            )
    else:
        lines.append("No event records (run `claimledger events --rebuild`).")
    lines += ["", "| Place | Status | Coordinates | Region | Country | Mentions |",
              "|---|---|---|---|---|---|"]
    for p in section.places:
        status = p.status if p.status != "ambiguous" else f"ambiguous: {'; '.join(p.candidates[:3])}"
        if p.status == "unresolved" and p.admin1:
            status = f"unresolved (in {p.admin1})"
        lines.append(f"| {_md(p.name)} | {_md(status)} | {_coords(p.lat, p.lon)} | {_md(p.admin1 or '–')} | "
                     f"{_md(p.country or '–')} | {p.mentions} |")
    return "\n".join(lines) + "\n"


# --- HTML and SVG --------------------------------------------------------------------------------


def _bounds(points: Sequence[tuple[str, float, float, str]]) -> tuple[float, float, float, float]:
    lats = [p[1] for p in points]
    lons = [p[2] for p in points]
    south, north, west, east = min(lats), max(lats), min(lons), max(lons)
    span = max(north - south, (east - west) * 0.6, 2.0)
    mid_lat, mid_lon = (north + south) / 2, (east + west) / 2
    south, north = max(-90.0, mid_lat - span * 0.6), min(90.0, mid_lat + span * 0.6)
    half_lon = span * 0.6 * MAP_WIDTH / MAP_HEIGHT
    return south, north, max(-180.0, mid_lon - half_lon), min(180.0, mid_lon + half_lon)


def _step(extent: float) -> float:
    for step in (0.5, 1, 2, 5, 10, 20, 30, 45, 60, 90):
        if extent / step <= 8:
            return float(step)
    return 90.0


def map_svg(section: WhereWhen) -> str:
    """An inline SVG map (equirectangular) of the located events and places, or "" if none."""
    points = section.located
    if not points:
        return ""
    south, north, west, east = _bounds(points)
    width, height = MAP_WIDTH - 2 * _PAD, MAP_HEIGHT - 2 * _PAD

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return (_PAD + (lon - west) / (east - west) * width, _PAD + (north - lat) / (north - south) * height)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {MAP_WIDTH} {MAP_HEIGHT}" '
             f'width="{MAP_WIDTH}" height="{MAP_HEIGHT}" role="img" aria-label="Map of events and places" '
             'style="background:#f4f8fb;font:11px system-ui,sans-serif">']
    step = _step(max(north - south, east - west))
    for lon in _ticks(west, east, step):
        x, _ = xy(south, lon)
        parts.append(f'<line x1="{x:.1f}" y1="{_PAD}" x2="{x:.1f}" y2="{MAP_HEIGHT - _PAD}" {_GRID}/>')
        parts.append(f'<text x="{x:.1f}" y="{MAP_HEIGHT - 10}" text-anchor="middle" {_AXIS}>{lon:g}°</text>')
    for lat in _ticks(south, north, step):
        _, y = xy(lat, west)
        parts.append(f'<line x1="{_PAD}" y1="{y:.1f}" x2="{MAP_WIDTH - _PAD}" y2="{y:.1f}" {_GRID}/>')
        parts.append(f'<text x="4" y="{y + 4:.1f}" {_AXIS}>{lat:g}°</text>')
    labelled: set[str] = set()
    for label, lat, lon, kind in sorted(points, key=lambda p: p[3] == "event"):
        x, y = xy(lat, lon)
        colour, radius = ("#c0392b", 5) if kind == "event" else ("#2f6fad", 3.5)
        title = escape(f"{label} ({kind}, {lat:.3f}, {lon:.3f})")
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius}" fill="{colour}" fill-opacity="0.75">'
                     f"<title>{title}</title></circle>")
        if label and label not in labelled:
            labelled.add(label)
            parts.append(f'<text x="{x + 6:.1f}" y="{y - 6:.1f}" fill="#234">{escape(label)}</text>')
    parts.append(f'<text x="{_PAD}" y="18" fill="#456">● events (red) ● places (blue) · equirectangular, '
                 f"{south:.1f}°–{north:.1f}°N, {west:.1f}°–{east:.1f}°E</text>")
    parts.append("</svg>")
    return "".join(parts)


def _ticks(low: float, high: float, step: float) -> list[float]:
    first = math.ceil(low / step) * step
    count = int((high - first) // step) + 1
    return [round(first + i * step, 6) for i in range(max(count, 0))]


def _html_cite(doc_id: str, start: int, end: int) -> str:
    return f'<span class="cite">[{escape(doc_id)}:{start}-{end}]</span>'


def render_html(section: WhereWhen, cite: Cite = _html_cite) -> Markup:
    """`<section>` with the map, an events table and a places table. `cite(doc_id, start, end)` returns
    the (trusted) HTML of a citation link; the default prints the offsets."""
    out = ['<section class="where-when">', "<h3>Where and when</h3>", map_svg(section)]
    if section.events:
        out.append("<table><thead><tr><th>When</th><th>What</th><th>Where</th><th>Who</th><th>Killed</th>"
                   "<th>Reported by</th><th>Source</th></tr></thead><tbody>")
        for e in section.events:
            where = f"{e.location} (precision {e.precision})" if e.location else "–"
            out.append(
                f"<tr><td>{escape(_when(e))}</td><td>{escape(e.event_type)}: {escape(e.sub_event_type)}</td>"
                f"<td>{escape(where)}</td><td>{escape(e.actors or '–')}</td>"
                f"<td>{'' if e.fatalities is None else e.fatalities}</td><td>{escape(e.claimant or '–')}</td>"
                f'<td title="{escape(e.text)}">{cite(e.doc_id, e.start, e.end)}</td></tr>'
            )
        out.append("</tbody></table>")
    else:
        out.append("<p>No event records.</p>")
    out.append("<table><thead><tr><th>Place</th><th>Status</th><th>Coordinates</th><th>Region</th>"
               "<th>Country</th><th>Mentions</th></tr></thead><tbody>")
    for p in section.places:
        status = p.status
        if p.status == "ambiguous":
            status = f"ambiguous: {'; '.join(p.candidates[:3])}"
        elif p.status == "unresolved" and p.admin1:
            status = f"unresolved (in {p.admin1})"
        out.append(f"<tr><td>{escape(p.name)}</td><td>{escape(status)}</td><td>{_coords(p.lat, p.lon)}</td>"
                   f"<td>{escape(p.admin1 or '–')}</td><td>{escape(p.country or '–')}</td>"
                   f"<td>{p.mentions}</td></tr>")
    out.append("</tbody></table></section>")
    return Markup("\n".join(out))
