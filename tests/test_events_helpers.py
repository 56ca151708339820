"""Hand-built inputs shared by the event, export and "Where and when" tests (no tests here).

A tiny GeoNames-format gazetteer, an events model trained in milliseconds without embeddings, and one
document about the Belgorod raid with its entities, attributions and quantities.
"""

from __future__ import annotations

from pathlib import Path

from claimledger.extract.events import EventConfig, EventModel, fit_events
from claimledger.extract.geo import Gazetteer, Resolver, load_geonames_dump
from claimledger.models import Attribution, Document, Entity, Extraction, Quantity, Span, Verification

from .conftest import geonames_row


def _row(
    gid: int, name: str, lat: float, lon: float, fclass: str, fcode: str, cc: str, admin1: str, pop: int
) -> str:
    return geonames_row(gid, name, "", lat, lon, fclass, fcode, cc, admin1, pop)


DUMP = (
    "\n".join(
        [
            _row(2017370, "Russia", 60.0, 100.0, "A", "PCLI", "RU", "00", 140_000_000),
            _row(690791, "Ukraine", 49.0, 32.0, "A", "PCLI", "UA", "00", 44_000_000),
            _row(578071, "Belgorod Oblast", 50.75, 37.25, "A", "ADM1", "RU", "09", 1_500_000),
            _row(578072, "Belgorod", 50.61, 36.58, "P", "PPLA", "RU", "09", 356_000),
            _row(900001, "Kozinka", 50.46, 35.60, "P", "PPL", "RU", "09", 1097),
            _row(703448, "Kyiv", 50.45, 30.52, "P", "PPLC", "UA", "12", 2_800_000),
        ]
    )
    + "\n"
)


def tiny_gazetteer(tmp_path: Path) -> Gazetteer:
    path = tmp_path / "tiny_geonames.txt"
    path.write_text(DUMP, encoding="utf-8")
    gaz = load_geonames_dump(path)
    gaz.add(gaz.countries["RU"], ["Russian", "Russians"], ["Russian"])
    gaz.add(gaz.countries["UA"], ["Ukrainian", "Ukrainians"], ["Ukrainian"])
    return gaz


def tiny_resolver(tmp_path: Path) -> Resolver:
    return Resolver(tiny_gazetteer(tmp_path))


TRAINING = [
    ("Drones struck two houses overnight, causing a fire", "AIR_STRIKE"),
    ("Warplanes and drones hit the town, officials said", "AIR_STRIKE"),
    ("An air strike and drone attack destroyed a depot", "AIR_STRIKE"),
    ("Fighting broke out as rebels clashed with troops near the border", "ARMED_CLASH"),
    ("A civilian died in cross-border fighting between the two forces", "ARMED_CLASH"),
    ("Troops exchanged fire with militants in a gun battle", "ARMED_CLASH"),
    ("Thousands marched peacefully through the capital to demand reforms", "PEACE_PROTEST"),
    ("Demonstrators held a sit-in outside parliament with placards", "PEACE_PROTEST"),
    ("Students rallied on campus against the tuition rise", "PEACE_PROTEST"),
]


def fast_model() -> EventModel:
    return fit_events(
        [t for t, _ in TRAINING], [label for _, label in TRAINING], EventConfig(use_embeddings=False)
    )


PUBLISHED = "2023-05-23"
TEXT = (
    "Two areas of the Belgorod region were hit overnight by drones, according to regional Governor "
    "Vyacheslav Gladkov. One civilian from the village of Kozinka has died as a result of the "
    "cross-border fighting, Gladkov said on Tuesday. What happened in Belgorod? "
    "The Freedom of Russia Legion said its fighters clashed with Russian forces near Kozinka last week. "
    "CNN could not independently verify the claim."
)


def span(needle: str, start: int = 0) -> Span:
    i = TEXT.index(needle, start)
    return Span(i, i + len(needle), needle)


def _entity(doc_id: str, name: str, type_: str, role: str | None = None) -> Entity:
    mentions: list[Span] = []
    i = TEXT.find(name)
    while i >= 0:
        mentions.append(Span(i, i + len(name), name))
        i = TEXT.find(name, i + 1)
    return Entity(
        Entity.make_id(doc_id, name, type_), doc_id, name, type_, mentions=tuple(mentions), role=role
    )


def raid_extraction() -> Extraction:
    document = Document(
        id=Document.make_id(TEXT, "https://example.org/raid"),
        text=TEXT,
        url="https://example.org/raid",
        outlet="example.org",
        title="Raid",
        published=PUBLISHED,
        story="raid",
    )
    doc_id = document.id
    gladkov = _entity(doc_id, "Vyacheslav Gladkov", "PERSON", "regional governor")
    entities = (
        gladkov,
        _entity(doc_id, "Belgorod", "GPE"),
        _entity(doc_id, "Kozinka", "GPE"),
        _entity(doc_id, "Freedom of Russia Legion", "ORG"),
        _entity(doc_id, "Russian", "NORP"),
        _entity(doc_id, "CNN", "ORG"),
    )
    drones = span("Two areas of the Belgorod region were hit overnight by drones")
    died = span("One civilian from the village of Kozinka has died as a result of the cross-border fighting")
    legion = span("its fighters clashed with Russian forces near Kozinka last week")
    attributions = (
        Attribution(
            Attribution.make_id(doc_id, (drones,)),
            doc_id,
            "indirect",
            (drones,),
            source=span("regional Governor Vyacheslav Gladkov"),
            cue=span("according to"),
            speaker="Vyacheslav Gladkov",
            speaker_kind="person",
            speaker_entity_id=gladkov.id,
        ),
        Attribution(
            Attribution.make_id(doc_id, (died,)),
            doc_id,
            "indirect",
            (died,),
            source=span("Gladkov", died.end),
            cue=span("said", died.end),
            speaker="Vyacheslav Gladkov",
            speaker_kind="person",
            speaker_entity_id=gladkov.id,
        ),
        Attribution(
            Attribution.make_id(doc_id, (legion,)),
            doc_id,
            "indirect",
            (legion,),
            source=span("The Freedom of Russia Legion"),
            cue=span("said", legion.start - 6),
            speaker="Freedom of Russia Legion",
            speaker_kind="group",
            verification=Verification("unverified", span("CNN could not independently verify the claim")),
        ),
    )
    civilian = span("One civilian")
    quantities = (
        Quantity(
            Quantity.make_id(doc_id, civilian.start, civilian.end),
            doc_id,
            1.0,
            "killed",
            civilian,
            attribution_id=attributions[1].id,
        ),
    )
    return Extraction(document, attributions, entities, quantities)
