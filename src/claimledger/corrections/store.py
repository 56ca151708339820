"""The `corrections` table: id, target_kind, target_id, field, old, new, author, created_at.

Insert-only: the latest correction of a (target, field) wins, so the history of who changed what stays.
Every function takes a `claimledger.store.sql.SqlDatabase` (`store.sql`, either backend) or a bare
sqlite3 connection. The table is `claimledger.store.schema.CORRECTIONS`.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from claimledger.store.schema import CORRECTIONS
from claimledger.store.sql import SqlDatabase, as_sql

Connection = SqlDatabase | sqlite3.Connection

# target kind -> field -> allowed values (None: free text or an id)
FIELDS: dict[str, dict[str, tuple[str, ...] | None]] = {
    "attribution": {
        "speaker": None,
        "polarity": ("assert", "deny"),
        "stance": ("reports", "supports", "contradicts"),
        "status": ("", "unverified", "no_evidence", "disputed", "confirmed", "withdrawn"),
    },
    "entity": {"name": None, "side": None, "merge_into": None, "split": None},
    "group": {"status": ("claimed", "corroborated", "disputed", "denied"), "merge_into": None, "split": None},
}
PREFIXES = {"attribution": "att_", "entity": "ent_", "group": "grp_"}
# fields whose corrections accumulate instead of replacing each other
CUMULATIVE = frozenset({"split"})

@dataclass(frozen=True, slots=True)
class Correction:
    id: int
    target_kind: str
    target_id: str
    field: str
    old: str | None
    new: str | None
    author: str
    created_at: str

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id, "target_kind": self.target_kind, "target_id": self.target_id,
            "field": self.field, "old": self.old, "new": self.new, "author": self.author,
            "created_at": self.created_at,
        }


def ensure_table(conn: Connection) -> None:
    as_sql(conn).create_tables([CORRECTIONS])


def validate(target_kind: str, target_id: str, field: str, new: str | None) -> None:
    fields = FIELDS.get(target_kind)
    if fields is None:
        raise ValueError(f"unknown target kind {target_kind!r}")
    if field not in fields:
        raise ValueError(f"{target_kind} has no correctable field {field!r}")
    if not target_id.startswith(PREFIXES[target_kind]):
        raise ValueError(f"{target_id!r} is not a {target_kind} id")
    allowed = fields[field]
    if allowed is not None and (new or "") not in allowed:
        raise ValueError(f"{field} must be one of {', '.join(a or '(none)' for a in allowed)}")
    if field == "merge_into" and (not new or not new.startswith(PREFIXES[target_kind]) or new == target_id):
        raise ValueError(f"merge_into needs another {target_kind} id")
    if field in ("name", "speaker", "split", "side") and not (new or "").strip():
        raise ValueError(f"{field} cannot be empty")


def add_correction(
    conn: Connection,
    target_kind: str,
    target_id: str,
    field: str,
    new: str | None,
    *,
    old: str | None = None,
    author: str,
) -> Correction:
    """Validate and store one correction (its own transaction); returns it with its id."""
    validate(target_kind, target_id, field, new)
    if not author.strip():
        raise ValueError("a correction needs an author")
    db = as_sql(conn)
    ensure_table(db)
    created = datetime.now(UTC).isoformat(timespec="seconds")
    number = db.insert(
        "corrections",
        {"target_kind": target_kind, "target_id": target_id, "field": field, "old": old, "new": new,
         "author": author.strip(), "created_at": created},
    )
    return Correction(number, target_kind, target_id, field, old, new, author.strip(), created)


def list_corrections(
    conn: Connection, target_kind: str | None = None, target_id: str | None = None
) -> list[Correction]:
    """Stored corrections, oldest first, optionally for one target."""
    db = as_sql(conn)
    if not db.table_exists("corrections"):
        return []
    sql = "SELECT id, target_kind, target_id, field, old, new, author, created_at FROM corrections"
    clauses, params = [], []
    if target_kind is not None:
        clauses.append("target_kind = ?")
        params.append(target_kind)
    if target_id is not None:
        clauses.append("target_id = ?")
        params.append(target_id)
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    return [Correction(**row) for row in db.query(sql + " ORDER BY id", params)]


class CorrectionSet:
    """Corrections indexed for applying: the latest value of each (kind, id, field)."""

    def __init__(self, corrections: Iterable[Correction] = ()) -> None:
        self.latest: dict[tuple[str, str, str], Correction] = {}
        self.cumulative: dict[tuple[str, str, str], list[Correction]] = defaultdict(list)
        for c in sorted(corrections, key=lambda c: c.id):
            key = (c.target_kind, c.target_id, c.field)
            if c.field in CUMULATIVE:
                self.cumulative[key].append(c)
            else:
                self.latest[key] = c
        self.targets = {(k, i) for k, i, _ in self.latest} | {(k, i) for k, i, _ in self.cumulative}

    def __bool__(self) -> bool:
        return bool(self.targets)

    def value(self, kind: str, target_id: str, field: str) -> str | None:
        c = self.latest.get((kind, target_id, field))
        return c.new if c else None

    def has(self, kind: str, target_id: str, field: str) -> bool:
        return (kind, target_id, field) in self.latest

    def reviewed(self, kind: str, target_id: str) -> bool:
        return (kind, target_id) in self.targets

    def splits(self, kind: str, target_id: str) -> list[str]:
        return [c.new for c in self.cumulative.get((kind, target_id, "split"), []) if c.new]

    def resolve(self, kind: str, target_id: str) -> str:
        """Follow merge_into corrections to the id this target now belongs to (cycle-safe)."""
        seen = {target_id}
        current = target_id
        while (nxt := self.value(kind, current, "merge_into")) and nxt not in seen:
            seen.add(nxt)
            current = nxt
        return current

    def merged_into(self, kind: str, target_id: str) -> list[str]:
        """Ids merged (directly or through a chain) into `target_id`."""
        return sorted(
            i for k, i, f in self.latest
            if k == kind and f == "merge_into" and i != target_id and self.resolve(kind, i) == target_id
        )


def load_corrections(conn: Connection) -> CorrectionSet:
    return CorrectionSet(list_corrections(conn))
