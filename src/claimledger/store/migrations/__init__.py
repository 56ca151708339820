"""Versioned schema migrations for both store backends.

The schema version is a number; `SCHEMA_VERSION` is the one this release writes. Each backend keeps an
ordered list of steps, step N taking a version N-1 database to version N:

- SQLite (`claimledger.store.migrations.sqlite`): Python functions over a sqlite-utils `Database`;
  the version is the `meta` row `schema_version` (the file stays readable by Datasette).
- PostgreSQL (`claimledger.store.migrations.pg`): SQL files `postgres/NNNN_name.sql`, applied in one
  transaction each and recorded in `schema_migrations` (version, name, applied_at); the `meta` row
  `schema_version` is kept in step so both backends answer the same question the same way.

History: 1 = the first release (documents, raw, attributions, entities, quantities, failures, meta);
2 = adds `versions` (numbered versions of each page, tombstones) and `runs` (run manifests); existing
documents become versions 1, 2, ... of their page in ingest order.
"""

from __future__ import annotations

SCHEMA_VERSION = 2


def version_key(url: str | None, source_path: str | None, locator: str | None) -> str:
    """What makes documents versions of one page: the URL, else the file (and place in it) read."""
    if url:
        return url
    where = source_path or ""
    return f"file:{where}#{locator}" if locator else f"file:{where}"


__all__ = ["SCHEMA_VERSION", "version_key"]
