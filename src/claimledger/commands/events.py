"""Events, places and dates: `events`, `export`, `gazetteer load`, `eval events|geo`, `train events`."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from claimledger.cli import DbOption, JsonFlag, fail, print_metrics, progress_bar, stderr, user_errors

StoryOption = Annotated[str | None, typer.Option("--story", help="Only this story.")]
gazetteer_app = typer.Typer(help="The offline gazetteer used to geocode place names.", no_args_is_help=True)


def _need_db(db: Path) -> None:
    from claimledger.store import store_exists

    if not store_exists(db):
        fail(f"{db}: no such database (create it with `claimledger ingest ... --db {db}`)")


def events(
    db: DbOption = Path("claimledger.db"),
    story: StoryOption = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Recompute events, places and dates.")] = False,
    published: Annotated[
        str | None,
        typer.Option("--assume-published", help="YYYY-MM-DD for documents without a publication date."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """List the event records of the store (computed on first use, or again with --rebuild)."""
    from claimledger.events import build_events, load_events
    from claimledger.store import open_store

    _need_db(db)
    with user_errors(), open_store(db) as store:
        if rebuild or not store.sql.table_exists("events") or published:
            total = store.count_documents()
            with progress_bar("events", total) as advance:
                build_events(store, story, progress=advance, assume_published=published)
        records = load_events(store, story)
    if as_json:
        sys.stdout.write(json.dumps([e.to_json() for e in records], ensure_ascii=False, indent=1) + "\n")
        return
    sys.stdout.write("date\tevent type\tsub-event type\tactor1\tactor2\tlocation\tprecision\tfatalities\t"
                     "claimant\tdocument\toffsets\n")
    for e in records:
        cells: list[Any] = [e.date_start, e.event_type, e.sub_event_type, e.actor1 and e.actor1.name,
                            e.actor2 and e.actor2.name, e.place and e.place.name,
                            e.place and e.place.precision, e.fatalities, e.claimant, e.doc_id,
                            f"{e.span.start}-{e.span.end}"]
        sys.stdout.write("\t".join("-" if c is None else str(c) for c in cells) + "\n")
    stderr.print(f"{len(records)} events", markup=False)


def export(
    db: DbOption = Path("claimledger.db"),
    fmt: Annotated[
        str, typer.Option("--format", help="acled | geojson | jsonl | brat | claimreview")
    ] = "jsonl",
    story: StoryOption = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Output file (a directory for brat); default stdout.")
    ] = None,
) -> None:
    """Export events, places, claims and annotations in the formats analysts load."""
    from claimledger.events.store import build_events
    from claimledger.export import FORMATS
    from claimledger.export import export as run_export
    from claimledger.store import open_store

    if fmt not in FORMATS:
        fail(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})", code=2)
    if fmt == "brat" and out is None:
        fail("brat export writes one .txt/.ann pair per document: give --out DIR", code=2)
    _need_db(db)
    with user_errors(), open_store(db) as store:
        if fmt in ("acled", "geojson", "jsonl") and not store.sql.table_exists("events"):
            build_events(store, story)
        summary = run_export(store, fmt, out if out is not None else sys.stdout, story=story)
    stderr.print(summary, markup=False)


def gazetteer_load(
    dump: Annotated[
        Path, typer.Argument(help="GeoNames dump: allCountries.txt, cities500.txt, XX.txt (.zip/.gz).")
    ],
    min_population: Annotated[int, typer.Option(help="Skip populated places smaller than this.")] = 0,
) -> None:
    """Add a GeoNames dump to the default gazetteer; every later geocoding uses it (cached on disk)."""
    from claimledger.extract.geo import (
        build_gazetteer,
        custom_gazetteer_path,
        load_geonames_dump,
        write_gazetteer,
    )

    started = time.monotonic()
    with user_errors():
        gazetteer = load_geonames_dump(dump, build_gazetteer(), min_population=min_population)
        path = custom_gazetteer_path()
        write_gazetteer(gazetteer, path)
    stderr.print(f"gazetteer with {len(gazetteer)} names written to {path} "
                 f"in {time.monotonic() - started:.0f} s", markup=False)


def gazetteer_info(as_json: JsonFlag = False) -> None:
    """Where the gazetteer cache lives and how long it takes to open (builds it if missing)."""
    from claimledger.extract.geo import cache_dir, custom_gazetteer_path, default_gazetteer

    started = time.monotonic()
    with user_errors():
        gazetteer = default_gazetteer()
    info = {"cache_dir": str(cache_dir()), "custom": custom_gazetteer_path().is_file(),
            "names": len(gazetteer), "open_seconds": round(time.monotonic() - started, 2)}
    print_metrics(info, as_json, "gazetteer")


def eval_events(
    tsv: Annotated[Path, typer.Argument(help="CASE 2021 task-2 TSV: id, EventSnippet, SubType.")],
    folds: Annotated[int, typer.Option("--folds", min=2, help="Cross-validation folds.")] = 5,
    nested: Annotated[
        bool, typer.Option("--nested", help="Choose the keyword bonus on inner folds (nested CV).")
    ] = False,
    model: Annotated[
        Path | None, typer.Option("--model", help="Score this trained model instead of cross-validating.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Weighted F1, macro F1 and accuracy of the event classifier (k-fold CV, or a given model)."""
    from claimledger.eval.events import evaluate_events, score_events
    from claimledger.extract.events import EventModel

    with user_errors():
        if model:
            result = score_events(EventModel.load(model), tsv)
        else:
            result = evaluate_events(tsv, folds, nested=nested)
    if not as_json:
        result = {k: v for k, v in result.items() if k != "per_label"}
        if "confusions" in result:
            result["confusions"] = "; ".join(
                f"{c['gold']}->{c['predicted']} x{c['count']}" for c in result["confusions"]
            )
    print_metrics(result, as_json, "events")


def eval_geo(
    xml: Annotated[Path, typer.Argument(help="GeoWebNews, GeoVirus or LGL/TR-News XML file.")],
    detection: Annotated[bool, typer.Option(help="Also score spaCy toponym detection.")] = True,
    as_json: JsonFlag = False,
) -> None:
    """acc@161 km, mean/median error and AUC on gold toponyms; toponym detection P/R/F1."""
    from claimledger.eval.geo import evaluate_geo

    with user_errors():
        result = evaluate_geo(xml, detection=detection)
    print_metrics(result, as_json, "geocoding")


def train_events(
    tsv: Annotated[Path, typer.Argument(help="CASE 2021 task-2 TSV: id, EventSnippet, SubType.")],
    out: Annotated[Path, typer.Option("--out", help="Where to write the model (.npz).")],
) -> None:
    """Train the event sub-type classifier (deterministic)."""
    from claimledger.extract.events import train_events as run_training

    with user_errors():
        model = run_training(tsv, out)
    stderr.print(f"model with {len(model.labels)} labels written to {out}", markup=False)


def register(app: typer.Typer, eval_app: typer.Typer, train_app: typer.Typer) -> None:
    """Add this area's commands to the CLI."""
    app.command("events")(events)
    app.command("export")(export)
    gazetteer_app.command("load")(gazetteer_load)
    gazetteer_app.command("info")(gazetteer_info)
    app.add_typer(gazetteer_app, name="gazetteer")
    eval_app.command("events")(eval_events)
    eval_app.command("geo")(eval_geo)
    train_app.command("events")(train_events)
