"""Exports for analysts: ACLED-style CSV, GeoJSON, JSON Lines, brat standoff, ClaimReview JSON-LD."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path
from typing import Literal, TextIO

from claimledger.errors import ClaimLedgerError, ErrorCode
from claimledger.store.sqlite import SQLiteStore

log = logging.getLogger(__name__)

Format = Literal["acled", "geojson", "jsonl", "brat", "claimreview"]
FORMATS: tuple[str, ...] = ("acled", "geojson", "jsonl", "brat", "claimreview")


def export(
    store: SQLiteStore, fmt: str, out: TextIO | Path | None = None, *, story: str | None = None,
    timestamp: int | None = None,
) -> str:
    """Write the store (or one story) in format `fmt` to `out` (a text stream or, for brat, a
    directory); returns a one-line summary. brat needs a directory; the others write one text."""
    if fmt not in FORMATS:
        raise ClaimLedgerError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})",
                               code=ErrorCode.USAGE)
    if fmt == "brat":
        if not isinstance(out, Path):
            raise ClaimLedgerError("brat export writes one .txt/.ann pair per document: give --out DIR",
                                   code=ErrorCode.USAGE)
        return _brat(store, out, story)
    buffer = io.StringIO()
    summary = _write_text(store, fmt, buffer, story, timestamp)
    if isinstance(out, Path):
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    elif out is not None:
        out.write(buffer.getvalue())
    return summary


def _brat(store: SQLiteStore, directory: Path, story: str | None) -> str:
    from claimledger.export.brat import write_brat

    n = 0
    for extraction in store.extractions(story):
        write_brat(extraction, directory)
        n += 1
    return f"{n} documents written to {directory} (.txt + .ann)"


def _write_text(store: SQLiteStore, fmt: str, out: TextIO, story: str | None, timestamp: int | None) -> str:
    from claimledger.events.store import load_events, load_places

    if fmt == "acled":
        from claimledger.export.acled import acled_rows, write_acled_csv

        documents = {d.id: d for d in store.documents(story)}
        rows = acled_rows(load_events(store, story), documents, timestamp=timestamp)
        write_acled_csv(rows, out)
        return f"{len(rows)} events"
    if fmt == "geojson":
        from claimledger.export.geojson import feature_collection

        collection = feature_collection(load_events(store, story), load_places(store, story))
        out.write(json.dumps(collection, ensure_ascii=False, indent=1) + "\n")
        return f"{len(collection['features'])} features"
    if fmt == "jsonl":
        from claimledger.export.jsonl import iter_items

        n = 0
        for item in iter_items(store, story):
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
            n += 1
        return f"{n} items"
    from claimledger.export.claimreview import claim_review_document

    document = claim_review_document(store.extractions(story))
    out.write(json.dumps(document, ensure_ascii=False, indent=1) + "\n")
    return f"{len(document['@graph'])} claim reviews"


__all__ = ["FORMATS", "Format", "export"]
