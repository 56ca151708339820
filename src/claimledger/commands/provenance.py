"""Provenance commands: outlets, history, manifest, diff and check."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from claimledger.cli import DbOption, JsonFlag, fail, user_errors

OutletsOption = Annotated[
    Path | None,
    typer.Option(
        "--outlets",
        help="Your outlet profiles (CSV with a host column, or JSON/TOML); default: $CLAIMLEDGER_OUTLETS.",
    ),
]
StoryOption = Annotated[str | None, typer.Option(help="Only this story.")]


def _write_json(payload: Any) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")


def _need_db(db: Path) -> None:
    from claimledger.store import store_exists

    if not store_exists(db):
        fail(f"{db}: no such database (create it with `claimledger ingest ... --db {db}`)")


def outlets(
    db: DbOption = Path("claimledger.db"),
    outlet_file: OutletsOption = None,
    story: StoryOption = None,
    as_json: JsonFlag = False,
) -> None:
    """List each document's outlet profile: country, language, ownership, state affiliation."""
    from claimledger.provenance.outlets import load_outlets, outlet_breakdown, profile_document
    from claimledger.store import open_store

    _need_db(db)
    with user_errors(), open_store(db) as store:
        table = load_outlets(outlet_file)
        documents = store.documents(story)
    profiles = [(d, profile_document(d, table)) for d in documents]
    breakdown = outlet_breakdown(documents, table)
    if as_json:
        rows = [{"doc_id": d.id, "url": d.url, **p.to_json()} for d, p in profiles]
        _write_json({"documents": rows, "breakdown": breakdown.to_json()})
        return
    sys.stdout.write("document\toutlet\tcountry\tlanguage\ttypology\townership\tstate affiliation\tmatch\n")
    for d, p in profiles:
        cells = [d.id, p.outlet, p.country, p.language, p.typology, p.ownership, p.state_affiliation, p.match]
        sys.stdout.write("\t".join(c or "-" for c in cells) + "\n")
    sys.stdout.write(breakdown.summary + "\n")


def history(
    url: Annotated[str, typer.Argument(help="The page's URL (or the file path of a page without one).")],
    db: DbOption = Path("claimledger.db"),
    mark_deleted: Annotated[
        bool, typer.Option("--mark-deleted", help="Record that the page has been removed.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Show every stored version of a page and what changed in its claims and numbers."""
    from claimledger.provenance.versions import history as page_history
    from claimledger.provenance.versions import page_key
    from claimledger.store import open_store

    _need_db(db)
    with user_errors(), open_store(db) as store:
        key = page_key(store, url)
        if key is None:
            fail(f"{url}: no stored version of this page")
        if mark_deleted:
            number = store.mark_deleted(key)
            sys.stderr.write(f"marked {key} deleted (version {number})\n")
        found = page_history(store, key)
    if as_json:
        _write_json(found.to_json())
        return
    for version in found.versions:
        if version.deleted:
            sys.stdout.write(f"v{version.number}  {version.recorded_at}  deleted\n")
            continue
        title = f"  {version.title}" if version.title else ""
        sys.stdout.write(f"v{version.number}  {version.recorded_at}  {version.doc_id}{title}\n")
        for change in version.changes:
            sys.stdout.write(f"    {change.kind:<8} {change.summary}\n")
        if version.number > 1 and not version.changes:
            sys.stdout.write("    no change in claims or numbers\n")


def manifest(
    db: DbOption = Path("claimledger.db"),
    show_all: Annotated[bool, typer.Option("--all", help="Every run, oldest first.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Print the manifest of the latest ingest run (inputs, versions, counts)."""
    from claimledger.provenance.manifest import manifests
    from claimledger.store import open_store

    _need_db(db)
    with user_errors(), open_store(db) as store:
        runs = manifests(store)
    if not runs:
        fail(f"{db}: no run recorded")
    chosen = runs if show_all else runs[-1:]
    if as_json:
        _write_json(chosen if show_all else chosen[0])
        return
    for run in chosen:
        sys.stdout.write(_manifest_text(run))


def _manifest_text(run: dict[str, Any]) -> str:
    counts = run["counts"]
    model = run["spacy_model"]
    lines = [
        f"run {run['run']}  {run['started_at']} → {run['finished_at']}",
        f"claimledger {run['claimledger']} (schema {run['schema_version']}), python {run['python']}, "
        f"model {model['name']} {model['version']}, attribution {run['attribution_backend']}",
        "packages: " + ", ".join(f"{k} {v}" for k, v in run["packages"].items() if v),
    ]
    if run.get("gazetteer"):
        lines.append("gazetteer: " + ", ".join(f"{k} {v}" for k, v in run["gazetteer"].items()))
    lines.append(
        f"counts: {counts['new']} new, {counts['unchanged']} unchanged, {counts['failed']} failed, "
        f"{counts['documents_in_store']} documents in store"
    )
    lines.append("inputs:")
    sources = {s["source"]: s for s in run["per_source"]}
    for item in run["inputs"]:
        where = item.get("path") or item.get("url")
        source = sources.get(where, {})
        digest = item.get("sha256", "missing" if item.get("missing") else "url")[:16]
        lines.append(
            f"  {digest}  {where}  {source.get('documents', 0)} documents, {source.get('failures', 0)} failed"
        )
    return "\n".join(lines) + "\n"


def diff(
    db_a: Annotated[Path, typer.Argument(help="The first database.")],
    db_b: Annotated[Path, typer.Argument(help="The second database.")],
    as_json: JsonFlag = False,
) -> None:
    """List documents, claims (attributions) and numbers that differ between two databases."""
    from claimledger.provenance.canonical import diff_stores
    from claimledger.store import open_store

    for path in (db_a, db_b):
        _need_db(path)
    with user_errors(), open_store(db_a) as a, open_store(db_b) as b:
        found = diff_stores(a, b)
    if as_json:
        _write_json(found.to_json())
        return
    if found.empty:
        sys.stdout.write("no differences\n")
        return
    for name, lines in found.to_json().items():
        if lines:
            count = sum(1 for line in lines if not line.startswith(" "))  # a page's changes are indented
            sys.stdout.write(f"{name.replace('_', ' ')} ({count}):\n")
            sys.stdout.writelines(f"  {line}\n" for line in lines)


def check(
    db: DbOption = Path("claimledger.db"), story: StoryOption = None, as_json: JsonFlag = False
) -> None:
    """Verify that every stored quote and number is verbatim at its offsets in the source text."""
    from claimledger.provenance.check import check_sources
    from claimledger.store import open_store

    _need_db(db)
    with user_errors(), open_store(db) as store:
        mismatches = check_sources(store, story)
        documents = len(store.documents(story))
    if as_json:
        _write_json({"documents": documents, "mismatches": [m.to_json() for m in mismatches]})
    elif mismatches:
        sys.stdout.writelines(f"mismatch: {m.line()}\n" for m in mismatches)
        sys.stdout.write(f"{len(mismatches)} mismatches in {documents} documents\n")
    else:
        sys.stdout.write(f"all quotes and numbers found verbatim in {documents} documents\n")
    if mismatches:
        raise typer.Exit(1)


def register(app: typer.Typer, eval_app: typer.Typer, train_app: typer.Typer) -> None:
    """Add this area's commands to the CLI."""
    for command in (outlets, history, manifest, diff, check):
        app.command()(command)
