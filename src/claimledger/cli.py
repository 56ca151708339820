"""The command line: a thin Typer layer over the library.

Data goes to stdout; progress, warnings and errors go to stderr.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from claimledger import DEFAULT_ATTRIBUTION, __version__
from claimledger.errors import ClaimLedgerError

app = typer.Typer(
    name="claimledger",
    help="Turn news reports about an event into a sourced 'What we know' ledger.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(help="Evaluate claimledger on public benchmarks.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
train_app = typer.Typer(help="Train claimledger's models.", no_args_is_help=True)
app.add_typer(train_app, name="train")

stdout = Console(soft_wrap=True, highlight=False)
stderr = Console(stderr=True, soft_wrap=True, highlight=False)

DbOption = Annotated[
    Path, typer.Option("--db", help="SQLite database file (created if missing) or postgresql:// URL.")
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout.")]
AttributionOption = Annotated[
    str,
    typer.Option(
        "--attribution",
        help="Attribution backend: the fast trained model (`model`), the slower and more accurate one that "
        "also reads MiniLM (`accurate`), or the rules (`rules`).",
    ),
]


def _backend(name: str) -> str:
    """Check `--attribution` before any work starts: a usage error (exit 2)."""
    from claimledger.nlp.pipeline import check_backend

    try:
        return check_backend(name)
    except ClaimLedgerError as exc:
        fail(str(exc), 2)


def fail(message: str, code: int = 1) -> NoReturn:
    stderr.print(f"error: {message}", markup=False)
    raise typer.Exit(code)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn claimledger's own errors into one clear line on stderr and a non-zero exit."""
    try:
        yield
    except ClaimLedgerError as exc:
        fail(str(exc))


@contextmanager
def progress_bar(description: str, total: int | None = None) -> Iterator[Callable[[str], None]]:
    """A Rich progress display on stderr; silent when stderr is not a terminal."""
    if not stderr.is_terminal:
        yield lambda _item: None
        return
    columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}")]
    with Progress(*columns, TimeElapsedColumn(), console=stderr, transient=True) as progress:
        task = progress.add_task(description, total=total)
        yield lambda _item: progress.advance(task)


def _print_version(value: bool) -> None:
    if value:
        stdout.print(f"claimledger {__version__}", markup=False)
        raise typer.Exit(0)


@app.callback()
def main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress details.")] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", callback=_print_version, is_eager=True
        ),
    ] = False,
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


@app.command()
def ingest(
    targets: Annotated[
        list[str] | None, typer.Argument(help="Files, directories or (with --fetch) URLs.")
    ] = None,
    db: DbOption = Path("claimledger.db"),
    story: Annotated[str | None, typer.Option(help="Put the documents in this story.")] = None,
    fetch: Annotated[bool, typer.Option("--fetch", help="Allow fetching http(s) URLs.")] = False,
    retry_failed: Annotated[
        bool, typer.Option("--retry-failed", help="Retry every input recorded in `failures`.")
    ] = False,
    batch_size: Annotated[int, typer.Option(help="Documents per nlp.pipe batch.")] = 16,
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="Run the NLP on a local Dask cluster of N processes."),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Run the NLP on the Dask cluster at ADDRESS (tcp://host:8786)."),
    ] = None,
    manifest: Annotated[
        Path | None, typer.Option("--manifest", help="Also write the run's manifest (JSON) here.")
    ] = None,
    attribution: AttributionOption = DEFAULT_ATTRIBUTION,
    as_json: JsonFlag = False,
) -> None:
    """Read articles, extract attributions, entities and quantities, and store them."""
    from claimledger.runner import ingest as run_ingest
    from claimledger.store import open_store

    if not targets and not retry_failed:
        fail("nothing to ingest: give files, directories or URLs, or --retry-failed", code=2)
    if workers is not None and scheduler is not None:
        fail("give --workers or --scheduler, not both", code=2)
    with user_errors(), open_store(db) as store, progress_bar("ingesting") as advance:
        summary = run_ingest(
            store,
            targets or [],
            fetch=fetch,
            story=story,
            retry_failed=retry_failed,
            batch_size=batch_size,
            progress=advance,
            workers=workers,
            scheduler=scheduler,
            manifest=manifest,
            attribution=_backend(attribution),
        )
    if as_json:
        stdout.print_json(json.dumps(summary.to_json()))
    else:
        for failure in summary.failures:
            stderr.print(f"failed: {failure.line()}", markup=False)
        stdout.print(
            f"{summary.new} new, {summary.unchanged} unchanged, {summary.failed} failed", markup=False
        )
        if summary.failed:
            stderr.print(
                "see `claimledger failures --db ...`; retry with `claimledger ingest --retry-failed`",
                markup=False,
            )
    if summary.failed:
        raise typer.Exit(1)


@app.command()
def failures(db: DbOption = Path("claimledger.db"), as_json: JsonFlag = False) -> None:
    """List inputs that could not be ingested, with the reason."""
    from claimledger.store import open_store

    with user_errors(), open_store(db) as store:
        rows = store.failures()
    if as_json:
        payload = [
            {"source": f.where, "locator": f.locator, "code": f.code, "message": f.message} for f in rows
        ]
        stdout.print_json(json.dumps(payload))
        return
    if not rows:
        stdout.print("no failures", markup=False)
        return
    table = Table("source", "where", "code", "message")
    for f in rows:
        table.add_row(f.where, f.locator, f.code, f.message)
    stdout.print(table)


@app.command()
def extract(
    targets: Annotated[list[str], typer.Argument(help="Files or directories to read.")],
    fetch: Annotated[bool, typer.Option("--fetch", help="Allow fetching http(s) URLs.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Extract without a database; `--json` prints the documented JSON contract."""
    from claimledger.report.render import documents_json
    from claimledger.runner import extract_documents

    with user_errors():
        extractions, failed = extract_documents(targets, fetch=fetch)
    for failure in failed:
        stderr.print(f"failed: {failure.line()}", markup=False)
    if as_json:
        sys.stdout.write(json.dumps(documents_json(extractions), ensure_ascii=False, indent=2) + "\n")
    else:
        table = Table("document", "title", "attributions", "entities", "quantities")
        for e in extractions:
            table.add_row(
                e.document.id,
                e.document.title or "",
                str(len(e.attributions)),
                str(len(e.entities)),
                str(len(e.quantities)),
            )
        stdout.print(table)
    if failed:
        raise typer.Exit(1)


@app.command()
def report(
    db: DbOption = Path("claimledger.db"),
    fmt: Annotated[str, typer.Option("--format", "-f", help="md, html or json")] = "md",
    story: Annotated[str | None, typer.Option(help="Only this story.")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write here instead of stdout.")] = None,
) -> None:
    """Write the "What we know" report from the database."""
    from claimledger.report.render import FORMATS, render
    from claimledger.report.source import report_from_store
    from claimledger.store import describe, open_store, store_exists

    if fmt not in FORMATS:
        fail(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}", code=2)
    if not store_exists(db):
        fail(f"{db}: no such database (create it with `claimledger ingest ... --db {db}`)")
    with user_errors(), open_store(db) as store:
        if story is not None and story not in {name for name, _ in store.stories()}:
            fail(f"{describe(db)}: no story named {story!r}")
        text = render(report_from_store(store, story), fmt)  # type: ignore[arg-type]
    if out is None:
        sys.stdout.write(text)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        stderr.print(f"wrote {out}", markup=False)


@app.command()
def stories(db: DbOption = Path("claimledger.db"), as_json: JsonFlag = False) -> None:
    """List the stories in the database and how many documents each has."""
    from claimledger.store import open_store

    with user_errors(), open_store(db) as store:
        rows = store.stories()
    if as_json:
        stdout.print_json(json.dumps([{"story": s, "documents": n} for s, n in rows]))
        return
    for name, count in rows:
        sys.stdout.write(f"{name or '(no story)'}\t{count}\n")


def print_metrics(metrics: dict[str, Any], as_json: bool, title: str) -> None:
    if as_json:
        sys.stdout.write(json.dumps(metrics, indent=1) + "\n")
        return
    table = Table("metric", "value", title=title)
    for name, value in metrics.items():
        if isinstance(value, dict) and {"P", "R", "F1"} <= value.keys():
            shown = f"P {100 * value['P']:5.1f}  R {100 * value['R']:5.1f}  F1 {100 * value['F1']:5.1f}"
        elif isinstance(value, float):
            shown = f"{value:.4f}"
        elif isinstance(value, dict):
            shown = json.dumps(value)
        else:
            shown = str(value)
        table.add_row(name, shown)
    stdout.print(table)


@eval_app.command("polnear")
def eval_polnear(
    directory: Annotated[Path, typer.Argument(help="PolNeAR-layout folder (text/, attributions/).")],
    predictions_out: Annotated[
        Path, typer.Option("--predictions-out", help="Write one brat .ann per article here.")
    ],
    attribution: AttributionOption = DEFAULT_ATTRIBUTION,
    as_json: JsonFlag = False,
) -> None:
    """Score attribution extraction on a PolNeAR split (the protocol of polnear_score.py)."""
    from claimledger.eval.polnear import evaluate_polnear, format_metrics
    from claimledger.nlp import load_pipeline

    with user_errors():
        nlp = load_pipeline(_backend(attribution))
        metrics = evaluate_polnear(directory, predictions_out, nlp)
    if as_json:
        print_metrics(metrics, as_json, "PolNeAR")
    else:
        sys.stdout.write(format_metrics(metrics) + "\n")


@eval_app.command("aeb")
def eval_aeb(
    directory: Annotated[Path, typer.Argument(help="Folder with html/*.html.gz and ground-truth.json.")],
    as_json: JsonFlag = False,
) -> None:
    """Score article-body extraction on the article-extraction-benchmark through the ingest path."""
    from claimledger.eval.aeb import evaluate_aeb

    with user_errors():
        metrics = evaluate_aeb(directory)
    print_metrics(metrics, as_json, "article extraction")


def _register_command_groups() -> None:
    import importlib

    from claimledger.commands import MODULES

    for name in MODULES:
        importlib.import_module(f"claimledger.commands.{name}").register(app, eval_app, train_app)


_register_command_groups()

if __name__ == "__main__":  # pragma: no cover
    app()
