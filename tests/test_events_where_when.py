"""The "Where and when" report section: model, Markdown table, HTML fragment with an inline SVG map."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from claimledger.events import build_events
from claimledger.events.model import EventRecord, PlaceMention
from claimledger.extract.geo import base_nlp
from claimledger.models import Span
from claimledger.report.where_when import (
    build_where_when,
    map_svg,
    render_html,
    render_markdown,
    where_when_from,
)
from claimledger.store import open_store
from tests.test_events_helpers import fast_model, raid_extraction, tiny_resolver

SVG = "{http://www.w3.org/2000/svg}"


def _place(name: str, status: str, lat: float | None, lon: float | None, start: int) -> PlaceMention:
    return PlaceMention(
        "doc_1",
        Span(start, start + len(name), name),
        status,
        name if status != "unresolved" else "Belgorod Oblast",
        "city",
        lat,
        lon,
        "RU",
        "Belgorod Oblast",
        1 if lat else 3,
    )


def _event(place: PlaceMention, date: str) -> EventRecord:
    return EventRecord(
        "doc_1",
        Span(0, 20, "Drones hit the town."),
        "AIR_STRIKE",
        "Explosions/Remote violence",
        "Air/drone strike",
        0.5,
        place=place,
        date_start=date,
        date_end=date,
        date_granularity="day",
        fatalities=1,
        claimant="Vyacheslav Gladkov",
    )


def test_section_lists_places_and_events_and_draws_only_located_ones() -> None:
    kozinka = _place("Kozinka", "resolved", 50.46, 35.60, 10)
    glotovo = _place("Glotovo", "unresolved", None, None, 30)
    springfield = PlaceMention(
        "doc_1",
        Span(50, 61, "Springfield"),
        "ambiguous",
        candidates=("Springfield, Illinois, US", "Springfield, Missouri, US"),
    )
    section = where_when_from([_event(kozinka, "2023-05-23")], [kozinka, glotovo, springfield])
    assert [p.status for p in section.places] == ["resolved", "ambiguous", "unresolved"]
    assert len(section.located) == 2  # the place and the event at it; never the unresolved one
    russia = PlaceMention("doc_1", Span(70, 76, "Russia"), "resolved", "Russia", "country", 60.0, 100.0, "RU")
    wide = where_when_from([_event(kozinka, "2023-05-23")], [kozinka, russia])
    assert [p[0] for p in wide.located] == ["Kozinka", "Kozinka"]  # a country's centre point is not drawn
    assert "Russia" in render_markdown(wide)

    md = render_markdown(section)
    assert md.startswith("## Where and when")
    assert "| 2023-05-23 (day) | Air/drone strike | Kozinka (precision 1) |" in md
    assert "unresolved (in Belgorod Oblast)" in md and "ambiguous: Springfield, Illinois, US" in md
    assert "[doc_1:0-20]" in md

    html = str(render_html(section, cite=lambda d, s, e: f'<a href="#{d}-{s}-{e}">src</a>'))
    assert (
        '<a href="#doc_1-0-20">src</a>' in html
        and "<script" not in html
        and "http" not in html.replace("http://www.w3.org/2000/svg", "")
    )
    svg = ET.fromstring(map_svg(section))
    circles = svg.findall(f"{SVG}circle")
    assert len(circles) == 2
    labels = [t.text for t in svg.findall(f"{SVG}text")]
    assert "Kozinka" in labels and "Glotovo" not in labels


def test_projection_is_equirectangular() -> None:
    west = _place("West", "resolved", 50.0, 30.0, 0)
    east = _place("East", "resolved", 50.0, 40.0, 10)
    north = _place("North", "resolved", 55.0, 35.0, 20)
    svg = ET.fromstring(map_svg(where_when_from([], [west, east, north])))
    points = {
        c.findtext(f"{SVG}title", "").split(" (")[0]: (float(c.get("cx", "nan")), float(c.get("cy", "nan")))
        for c in svg.findall(f"{SVG}circle")
    }
    assert points["West"][0] < points["North"][0] < points["East"][0]
    assert points["West"][1] == points["East"][1] > points["North"][1]
    assert points["North"][0] == pytest.approx((points["West"][0] + points["East"][0]) / 2)


def test_empty_section_and_escaping() -> None:
    section = where_when_from([], [])
    assert map_svg(section) == ""
    assert "No event records" in render_markdown(section)
    odd = _place("<b>Kozinka</b>", "resolved", 50.46, 35.60, 0)
    html = str(render_html(where_when_from([], [odd])))
    assert "<b>Kozinka" not in html and "&lt;b&gt;Kozinka" in html


def test_build_from_store(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store:
        store.add(raid_extraction(), None)
        assert build_where_when(store).events == ()
        build_events(store, resolver=tiny_resolver(tmp_path), model=fast_model(), nlp=base_nlp())
        section = build_where_when(store, "raid")
    assert len(section.events) == 3
    assert {p.name for p in section.places} >= {"Kozinka", "Belgorod Oblast"}
    assert section.to_json()["events"][0]["date"]


def test_an_event_many_documents_describe_is_a_key_fact() -> None:
    from dataclasses import replace

    kozinka = _place("Kozinka", "resolved", 50.46, 35.60, 10)
    day = _event(kozinka, "2023-05-22")
    events = [replace(day, doc_id=f"doc_{i}") for i in range(1, 4)]
    events.append(replace(day, doc_id="doc_4", date_start="2023-05-22T18:00", date_end="2023-05-23T06:00",
                          date_granularity="range"))  # overnight counts
    events.append(replace(day, doc_id="doc_5", date_start="2023-05-01", date_end="2023-05-31",
                          date_granularity="month"))  # a month does not
    events.append(replace(day, doc_id="doc_1", span=Span(30, 40, "Drones hit.")))  # one row per document
    section = where_when_from(events, [kozinka])
    (fact,) = section.widely_reported({})
    assert (fact.sub_event_type, fact.date, fact.location, fact.documents, fact.origins) == (
        "Air/drone strike", "2023-05-22", "Kozinka", 4, 4)
    assert [r.start for r in fact.rows if r.doc_id == "doc_1"] == [0]
    reprints = {f"doc_{i}": "doc_1" for i in range(1, 5)}  # one wire story: a single origin is no key fact
    assert section.widely_reported(reprints) == []


def test_the_report_lists_widely_described_events_among_key_facts() -> None:
    from dataclasses import replace

    from claimledger.models import Document, Extraction
    from claimledger.report.build import build_report
    from claimledger.report.render import render

    text = "Drones hit the town."
    docs = [Document(id=f"doc_{i}", text=f"{text} Report {i}.", url=f"https://outlet{i}.example/a",
                     outlet=f"outlet{i}.example", story="raid") for i in range(1, 4)]
    kozinka = _place("Kozinka", "resolved", 50.46, 35.60, 10)
    events = [replace(_event(kozinka, "2023-05-22"), doc_id=d.id) for d in docs]
    report = build_report([Extraction(d) for d in docs])
    report.stories[0].where_when = where_when_from(events, [kozinka])
    markdown = render(report, "md")
    keys = sorted(f"[D{i}:0-20]" for i in range(1, 4))
    line = next(line for line in markdown.splitlines() if "described by" in line)
    assert line.startswith("- Air/drone strike in Kozinka on 2023-05-22: described by 3 documents from 3 "
                           "independent origins")
    assert sorted(line.split(": ")[-1].split()) == keys
