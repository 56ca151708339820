"""Backend-neutral descriptions of the tables the feature modules keep next to the documents.

The ledger (`claimledger.ledger.store`), events (`claimledger.events.store`) and corrections
(`claimledger.corrections`) tables hold derived or analyst data: each module creates its tables on first
use with `SqlDatabase.create_tables`, which turns one `Table` into sqlite-utils `create(...)` calls on
SQLite and into `CREATE TABLE IF NOT EXISTS` on PostgreSQL; a table made by an earlier release gains
the columns it lacks (`ALTER TABLE ... ADD COLUMN`), so these tables evolve by adding columns only. The core
tables (documents, raw,
attributions, entities, quantities, failures, versions, runs, meta) are the versioned schema of
`claimledger.store.migrations`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

ColumnType = type[str] | type[int] | type[float] | type[bytes]


@dataclass(frozen=True, slots=True)
class Index:
    columns: tuple[str, ...]
    name: str | None = None  # default: idx_<table>_<columns> (sqlite-utils' name)

    def name_for(self, table: str) -> str:
        return self.name or f"idx_{table}_{'_'.join(self.columns)}"


@dataclass(frozen=True, slots=True)
class Table:
    """One table: columns in order (Python types), primary key, foreign keys, indexes."""

    name: str
    columns: Mapping[str, ColumnType]
    pk: str | tuple[str, ...] | None = None
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (column, other table, other column)
    indexes: tuple[Index, ...] = ()
    not_null: frozenset[str] = field(default_factory=frozenset)
    autoincrement: bool = False  # an integer `pk` the database numbers (SQLite: INTEGER PRIMARY KEY)

    @property
    def pk_columns(self) -> tuple[str, ...]:
        if self.pk is None:
            return ()
        return (self.pk,) if isinstance(self.pk, str) else self.pk


_DOC = (("doc_id", "documents", "id"),)

# -- ledger (claimledger.ledger.store) ---------------------------------------------------------------

LEDGER: tuple[Table, ...] = (
    Table("ledger_stories", {"story": str, "built_at": str, "documents": int, "data": str}, pk="story"),
    Table(
        "ledger_groups",
        {"id": str, "story": str, "kind": str, "topic": str, "status": str, "first_seen": str,
         "last_seen": str, "n_reports": int, "n_origins": int, "members_hash": str, "updated_at": str,
         "data": str},
        pk="id", indexes=(Index(("story",)),),
    ),
    Table(
        "ledger_members",
        {"group_id": str, "attribution_id": str, "doc_id": str, "stance": str, "claimant": str,
         "side": str, "char_start": int, "char_end": int},
        indexes=(Index(("group_id",)),),
    ),
    Table(
        "ledger_disputes",
        {"id": str, "story": str, "kind": str, "topic": str, "group_id": str, "data": str},
        pk="id", indexes=(Index(("story",)),),
    ),
    Table(
        "ledger_numbers",
        {"id": str, "story": str, "category": str, "place": str, "disputed": int, "series": int,
         "data": str},
        pk="id", indexes=(Index(("story",)),),
    ),
    Table(
        "ledger_number_history",
        {"id": str, "number_id": str, "story": str, "value": float, "claimant": str, "doc_id": str,
         "published": str, "recorded_at": str},
        pk="id",
    ),
)

# -- events (claimledger.events.store) ---------------------------------------------------------------

EVENTS: tuple[Table, ...] = (
    Table(
        "events",
        {"id": str, "doc_id": str, "char_start": int, "char_end": int, "sentence": str, "label": str,
         "event_type": str, "sub_event_type": str, "confidence": float, "actor1": str, "inter1": int,
         "actor2": str, "inter2": int, "place_id": str, "location": str, "latitude": float,
         "longitude": float, "country": str, "admin1": str, "geo_precision": int, "place_status": str,
         "date_start": str, "date_end": str, "date_granularity": str, "fatalities": int,
         "claimant": str, "attribution_ids": str, "record": str},
        pk="id", foreign_keys=_DOC, indexes=(Index(("doc_id",)),),
    ),
    Table(
        "places",
        {"id": str, "doc_id": str, "text": str, "char_start": int, "char_end": int, "status": str,
         "name": str, "kind": str, "latitude": float, "longitude": float, "country": str, "admin1": str,
         "geo_precision": int, "geonameid": int, "candidates": str, "area_lat": float, "area_lon": float},
        pk="id", foreign_keys=_DOC, indexes=(Index(("doc_id",)),),
    ),
    Table(
        "time_expressions",
        {"id": str, "doc_id": str, "text": str, "char_start": int, "char_end": int, "value_start": str,
         "value_end": str, "granularity": str},
        pk="id", foreign_keys=_DOC, indexes=(Index(("doc_id",)),),
    ),
)

# -- corrections (claimledger.corrections) -----------------------------------------------------------

CORRECTIONS = Table(
    "corrections",
    {"id": int, "target_kind": str, "target_id": str, "field": str, "old": str, "new": str, "author": str,
     "created_at": str},
    pk="id",
    autoincrement=True,
    not_null=frozenset({"target_kind", "target_id", "field", "author", "created_at"}),
    indexes=(Index(("target_kind", "target_id"), name="corrections_target"),),
)

# -- indexes the web pages query by (created by `claimledger serve`, skipped for missing tables) ------

WEB_INDEXES: tuple[tuple[str, Index], ...] = tuple(
    (table, Index(columns, name=f"web_{table}_{'_'.join(columns)}"))
    for table, columns in (
        ("documents", ("story", "published")),
        ("attributions", ("speaker_entity_id",)),
        ("attributions", ("speaker",)),
        ("entities", ("name",)),
        ("entities", ("type",)),
        ("ledger_groups", ("story", "n_origins")),
        ("ledger_members", ("attribution_id",)),
        ("ledger_members", ("doc_id",)),
        ("ledger_disputes", ("group_id",)),
    )
)

__all__ = ["CORRECTIONS", "EVENTS", "LEDGER", "WEB_INDEXES", "Index", "Table"]
