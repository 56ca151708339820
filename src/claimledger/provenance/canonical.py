"""Reproducibility: a canonical dump of a store's content, and the differences between two stores.

`dump_canonical` writes every content table as JSON with rows sorted by primary key and keys sorted,
so the same inputs give byte-identical dumps whatever the ingest order. Left out, because they record
when or how often something happened rather than what was extracted:

* the columns `documents.ingested_at`, `versions.recorded_at`, `failures.first_seen`,
  `failures.last_seen`, `failures.attempts`;
* the `runs` table (run times and command lines: see `claimledger manifest`);
* the full-text-search tables (derived from `documents` and `attributions`).

`raw.data` is dumped as its SHA-256 (the bytes themselves are identified by the `sha256` key anyway).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from claimledger.models import JSON, Attribution, Document, Quantity
from claimledger.provenance.versions import diff_extractions
from claimledger.store import Store
from claimledger.store.migrations import version_key

IGNORED_COLUMNS: dict[str, frozenset[str]] = {
    "documents": frozenset({"ingested_at"}),
    "versions": frozenset({"recorded_at"}),
    "failures": frozenset({"first_seen", "last_seen", "attempts"}),
}
PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "meta": ("key",),
    "raw": ("sha256",),
    "documents": ("id",),
    "versions": ("key", "version"),
    "attributions": ("id",),
    "entities": ("id",),
    "quantities": ("id",),
    "failures": ("id",),
}
CONTENT_TABLES = (
    "meta",
    "raw",
    "documents",
    "versions",
    "attributions",
    "entities",
    "quantities",
    "failures",
)


def _rows(store: Store, table: str) -> list[dict[str, Any]]:
    if not store.sql.table_exists(table):
        return []
    ignored = IGNORED_COLUMNS.get(table, frozenset())
    columns = ", ".join(f'"{c}"' for c in store.sql.columns(table) if c not in ignored)
    rows = []
    for row in store.sql.query(f'SELECT {columns} FROM "{table}"'):
        if table == "raw":
            row["data"] = hashlib.sha256(row["data"] or b"").hexdigest()
        rows.append(row)
    # Python's string order is SQLite's bytewise order (primary keys are never NULL)
    return sorted(rows, key=lambda r: tuple(r[k] for k in PRIMARY_KEYS[table]))


def dump_canonical(store: Store) -> str:
    """A deterministic JSON dump of all content (see the module docstring for what is left out)."""
    content = {table: _rows(store, table) for table in CONTENT_TABLES}
    return json.dumps(content, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


@dataclass(frozen=True, slots=True)
class StoreDiff:
    """What differs between two stores, one line per item.

    A page (URL) whose newest version differs is listed under `pages_changed` with its claim-level
    changes (see `versions.diff_extractions`); the claims of its documents are not listed again. Other
    documents, attributions and quantities are compared by id (ids are content-based): in `b` only
    (added), in `a` only (removed), or same id with other fields (changed: another extractor).
    """

    documents_added: tuple[str, ...] = ()
    documents_removed: tuple[str, ...] = ()
    pages_changed: tuple[str, ...] = ()
    attributions_added: tuple[str, ...] = ()
    attributions_removed: tuple[str, ...] = ()
    attributions_changed: tuple[str, ...] = ()
    quantities_added: tuple[str, ...] = ()
    quantities_removed: tuple[str, ...] = ()
    quantities_changed: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not any(getattr(self, name) for name in self.__slots__)

    def to_json(self) -> JSON:
        return {name: list(getattr(self, name)) for name in self.__slots__}


def _document_line(d: Document) -> str:
    return f"{d.id} {d.url or d.source_path or ''} ({d.outlet or 'unknown outlet'})"


def _attribution_line(a: Attribution) -> str:
    return f"{a.doc_id} {a.id} {a.speaker or '?'}: “{a.content_text}”"


def _quantity_line(q: Quantity) -> str:
    return f"{q.doc_id} {q.id} {q.category} {q.value:g} (“{q.span.text}”)"


def _key(d: Document) -> str:
    return version_key(d.url, d.source_path, d.source_locator)


def _changed_pages(a: Store, b: Store) -> tuple[list[str], set[str]]:
    latest_a = {_key(d): d for d in a.latest_documents()}
    latest_b = {_key(d): d for d in b.latest_documents()}
    lines: list[str] = []
    keys: set[str] = set()
    for key in sorted(latest_a.keys() & latest_b.keys()):
        old, new = latest_a[key], latest_b[key]
        if old.id == new.id:
            continue
        keys.add(key)
        changes = diff_extractions(a.extraction(old), b.extraction(new))
        lines.append(f"{key}: {old.id} → {new.id}")
        lines += [f"    {c.kind} {c.summary}" for c in changes] or ["    no change in claims or numbers"]
    return lines, keys


def diff_stores(a: Store, b: Store) -> StoreDiff:
    """What differs between store `a` and store `b` (see `StoreDiff`)."""
    docs_a = {d.id: d for d in a.documents()}
    docs_b = {d.id: d for d in b.documents()}
    pages, changed_keys = _changed_pages(a, b)
    atts_a, qty_a = _items(a, {k for k, d in docs_a.items() if _key(d) not in changed_keys})
    atts_b, qty_b = _items(b, {k for k, d in docs_b.items() if _key(d) not in changed_keys})
    return StoreDiff(
        documents_added=tuple(_document_line(docs_b[k]) for k in sorted(docs_b.keys() - docs_a.keys())),
        documents_removed=tuple(_document_line(docs_a[k]) for k in sorted(docs_a.keys() - docs_b.keys())),
        pages_changed=tuple(pages),
        attributions_added=tuple(_attribution_line(atts_b[k]) for k in sorted(atts_b.keys() - atts_a.keys())),
        attributions_removed=tuple(
            _attribution_line(atts_a[k]) for k in sorted(atts_a.keys() - atts_b.keys())
        ),
        attributions_changed=tuple(
            f"{_attribution_line(atts_a[k])} → {_attribution_line(atts_b[k])}"
            for k in sorted(atts_a.keys() & atts_b.keys())
            if atts_a[k] != atts_b[k]
        ),
        quantities_added=tuple(_quantity_line(qty_b[k]) for k in sorted(qty_b.keys() - qty_a.keys())),
        quantities_removed=tuple(_quantity_line(qty_a[k]) for k in sorted(qty_a.keys() - qty_b.keys())),
        quantities_changed=tuple(
            f"{_quantity_line(qty_a[k])} → {_quantity_line(qty_b[k])}"
            for k in sorted(qty_a.keys() & qty_b.keys())
            if qty_a[k] != qty_b[k]
        ),
    )


def _items(store: Store, doc_ids: set[str]) -> tuple[dict[str, Attribution], dict[str, Quantity]]:
    atts: dict[str, Attribution] = {}
    qtys: dict[str, Quantity] = {}
    for extraction in store.extractions():
        if extraction.document.id in doc_ids:
            atts.update((x.id, x) for x in extraction.attributions)
            qtys.update((x.id, x) for x in extraction.quantities)
    return atts, qtys
