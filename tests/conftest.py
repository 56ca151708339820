"""Shared fixtures: hand-built documents and extractions, paths to the shared data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from claimledger.models import Attribution, Document, Entity, Extraction, Quantity, Span, Verification

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = REPO / "examples" / "belgorod" / "cnn-2023-05-23-belgorod-incursion.txt"
KAKHOVKA = REPO / "examples" / "kakhovka" / "kakhovka.jsonl"


def seed_body() -> str:
    """The seed article's body, dateline to copyright line, as the extract components see it."""
    raw = SEED.read_text(encoding="utf-8")
    return raw[raw.index("(CNN) —") : raw.index("™ & ©")]


def read_by_rules(nlp: Language, text: str) -> tuple[list[Attribution], list[Entity]]:
    """The statements and speakers a rule reader's pipeline (Arabic, German, Russian, Ukrainian) finds."""
    doc = nlp.make_doc(text)
    doc._.doc_id = "doc_x"
    doc = nlp(doc)
    return list(doc._.cl_attributions), list(doc._.cl_entities)


def assert_verbatim(text: str, attributions: list[Attribution]) -> None:
    """Every source, cue and content span is the text at its offsets."""
    for attribution in attributions:
        for span in (attribution.source, attribution.cue, *attribution.content):
            assert span is None or text[span.start : span.end] == span.text


def span_of(text: str, needle: str, start: int = 0) -> Span:
    i = text.index(needle, start)
    return Span(i, i + len(needle), needle)


@pytest.fixture
def small_extraction() -> Extraction:
    text = (
        "Two houses caught fire, Governor Vyacheslav Gladkov said on Telegram.\n\n"
        "“We had nothing to do with it,” the ministry said. CNN could not independently verify the claim."
    )
    url = "https://example.org/a"
    doc = Document(id=Document.make_id(text, url), text=text, url=url, outlet="Example", title="A <test>",
                   authors=("Jane Doe",), published="2023-05-23", story="test-story")
    c1 = (span_of(text, "Two houses caught fire"),)
    a1 = Attribution(
        id=Attribution.make_id(doc.id, c1), doc_id=doc.id, kind="indirect", content=c1,
        source=span_of(text, "Governor Vyacheslav Gladkov"), cue=span_of(text, "said"),
        speaker="Vyacheslav Gladkov", speaker_kind="person", channel="telegram",
    )
    c2 = (span_of(text, "We had nothing to do with it"),)
    a2 = Attribution(
        id=Attribution.make_id(doc.id, c2), doc_id=doc.id, kind="direct", content=c2,
        source=span_of(text, "the ministry"), cue=span_of(text, "said", 80), speaker="the ministry",
        speaker_kind="organization", polarity="deny",
        verification=Verification(
            "unverified", span_of(text, "CNN could not independently verify the claim")
        ),
    )
    gladkov = Entity(id=Entity.make_id(doc.id, "Vyacheslav Gladkov", "PERSON"), doc_id=doc.id,
                     name="Vyacheslav Gladkov", type="PERSON", aliases=("Gladkov",),
                     mentions=(span_of(text, "Vyacheslav Gladkov"),), role="governor")
    two = span_of(text, "Two houses")
    quantity = Quantity(id=Quantity.make_id(doc.id, two.start, two.end), doc_id=doc.id, value=2.0,
                        category="buildings", span=two, attribution_id=a1.id)
    return Extraction(doc, (a1, a2), (gladkov,), (quantity,))


def geonames_row(
    gid: int,
    name: str,
    alts: str,
    lat: float,
    lon: float,
    fclass: str,
    fcode: str,
    cc: str,
    admin1: str,
    pop: int,
) -> str:
    """One line of a GeoNames dump (tab-separated, the 19 columns of allCountries.txt)."""
    cols = [
        str(gid),
        name,
        name,
        alts,
        str(lat),
        str(lon),
        fclass,
        fcode,
        cc,
        "",
        admin1,
        "",
        "",
        "",
        str(pop),
        "",
        "100",
        "Europe/Moscow",
        "2024-01-01",
    ]
    return "\t".join(cols)


def annotated(text: str, published: str) -> Any:
    """One hand-written article, published on `published`, through the whole extract pipeline."""
    from claimledger.models import Document
    from claimledger.nlp.pipeline import annotate, load_pipeline

    doc = Document(id="doc_t", text=text, url="u:t", outlet="X", published=published, story="s")
    (extraction,) = annotate(load_pipeline(), [doc])
    return extraction


def ingested_story(db: Path, corpus: Path, story: str) -> Path:
    """`corpus` ingested into a new store at `db` as `story`, through the CLI."""
    from typer.testing import CliRunner

    from claimledger.cli import app

    result = CliRunner().invoke(app, ["ingest", str(corpus), "--story", story, "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


def cli_json(*args: str) -> Any:
    """What a `claimledger` command with `--json` or `--format json` prints, parsed."""
    import json

    from typer.testing import CliRunner

    from claimledger.cli import app

    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def contract_checked_sheet(db: Path) -> str:
    """The store's Markdown sheet, after its JSON report was validated against the JSON contract."""
    import json

    import jsonschema
    from typer.testing import CliRunner

    from claimledger.cli import app

    schema = json.loads((REPO / "src/claimledger/schema/document.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(cli_json("report", "--db", str(db), "--format", "json"), schema)
    report = db.with_suffix(".md")
    result = CliRunner().invoke(app, ["report", "--db", str(db), "--format", "md", "--out", str(report)])
    assert result.exit_code == 0, result.output
    return report.read_text(encoding="utf-8")


def story_fixtures(corpus: Path, story: str) -> tuple[Any, Any, Any]:
    """The module-scoped fixtures of a story test module: `db` (the corpus ingested as `story`), `story` (its
    one story of the JSON report) and `events` (its event rows).
    Use: `db, story, events = story_fixtures(CORPUS, "name")`."""

    @pytest.fixture(scope="module")
    def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
        return ingested_story(tmp_path_factory.mktemp(story) / "s.db", corpus, story)

    @pytest.fixture(name="story", scope="module")
    def story_fixture(db: Path) -> dict[str, Any]:
        return sole_story(db)

    @pytest.fixture(scope="module")
    def events(db: Path) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = cli_json("events", "--db", str(db), "--json")
        return found

    return db, story_fixture, events


def sole_story(db: Path) -> dict[str, Any]:
    """The one story of the store's JSON report (for tests of a fixture ingested as one story)."""
    (found,) = cli_json("report", "--db", str(db), "--format", "json")["stories"]
    story: dict[str, Any] = found
    return story


def dispute_of(story: dict[str, Any], kind: str) -> dict[str, Any]:
    """The one dispute of `kind` in a story of the JSON report."""
    (dispute,) = [d for d in story["disputes"] if d["kind"] == kind]
    found: dict[str, Any] = dispute
    return found


def claimants_by_position(dispute: dict[str, Any]) -> dict[str, set[str]]:
    """A dispute's positions, each with the names of the claimants who hold it."""
    return {side["position"]: {m["claimant"] for m in side["members"]} for side in dispute["sides"]}
