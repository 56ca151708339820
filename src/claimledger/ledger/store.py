"""Ledger tables in the same database as the documents (either backend, through `store.sql`).

Tables (all `CREATE ... IF NOT EXISTS`, described in `claimledger.store.schema.LEDGER`):
- `ledger_groups`: one row per claim group (id, story, kind, topic, status, first_seen, last_seen,
  n_reports, n_origins, members_hash, updated_at, data JSON);
- `ledger_members`: group_id, attribution_id, doc_id, stance, claimant, side, char_start, char_end;
- `ledger_disputes`: one row per dispute (data JSON);
- `ledger_numbers`: one row per number fact (category + place);
- `ledger_number_history`: every revision of a number (value, claimant, doc, published), insert-only;
- `ledger_stories`: story, built_at, documents, JSON of the whole ledger (for `report`).

`update_ledger` rebuilds a story in memory (the build is deterministic and ids are content-based), then
writes only the groups whose members changed, keeps each group's earliest first_seen, and appends new
number revisions: one transaction per story.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from claimledger.ledger.build import Embedder, build_story_ledger
from claimledger.ledger.model import ClaimGroup, StoryLedger
from claimledger.ledger.stories import assign_stories
from claimledger.models import stable_id
from claimledger.store import StoreBackend
from claimledger.store.schema import LEDGER

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class UpdateSummary:
    story: str
    documents: int
    groups: int
    changed_groups: int
    disputes: int
    numbers: int
    new_revisions: int


def ensure_tables(store: StoreBackend) -> None:
    store.sql.create_tables(LEDGER)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _members_hash(group: ClaimGroup) -> str:
    keys = sorted(f"{m.doc_id}:{m.start}:{m.end}:{m.stance}:{m.position}" for m in group.members)
    return hashlib.sha256("|".join([group.status, *keys]).encode()).hexdigest()[:16]


def ingested_at(store: StoreBackend, story: str | None = None) -> dict[str, str]:
    """When each document (of `story`, or of all) was ingested, by id."""
    if story is None:
        rows = store.sql.query("SELECT id, ingested_at FROM documents")
    else:
        rows = store.sql.query("SELECT id, ingested_at FROM documents WHERE story = ?", [story])
    return {r["id"]: r["ingested_at"] for r in rows if r["ingested_at"]}


def build_from_store(store: StoreBackend, story: str, *, embedder: Embedder | None = None) -> StoryLedger:
    extractions = list(store.extractions(story))
    return build_story_ledger(story, extractions, seen=ingested_at(store, story), embedder=embedder)


def update_ledger(store: StoreBackend, story: str, *, embedder: Embedder | None = None) -> UpdateSummary:
    """Build `story` and write what changed, in one transaction."""
    ensure_tables(store)
    ledger = build_from_store(store, story, embedder=embedder)
    db = store.sql
    now = _now()
    changed = 0
    revisions = 0
    with db.transaction():
        existing = {
            r["id"]: r for r in db.query(
                "SELECT id, members_hash, first_seen FROM ledger_groups WHERE story = ?", [story])
        }
        current = {g.id for g in ledger.groups}
        for stale in set(existing) - current:
            db.execute("DELETE FROM ledger_members WHERE group_id = ?", [stale])
            db.execute("DELETE FROM ledger_groups WHERE id = ?", [stale])
        for group in ledger.groups:
            digest = _members_hash(group)
            old = existing.get(group.id)
            if old is not None and old["members_hash"] == digest:
                continue
            changed += 1
            if old is not None and old["first_seen"] and (
                group.first_seen is None or old["first_seen"] < group.first_seen
            ):
                group.first_seen = old["first_seen"]
            _write_group(store, story, group, digest, now)
        db.execute("DELETE FROM ledger_disputes WHERE story = ?", [story])
        db.insert_all(
            "ledger_disputes",
            [{"id": d.id, "story": story, "kind": d.kind, "topic": d.topic, "group_id": d.group_id,
              "data": json.dumps(d.to_json(), ensure_ascii=False)} for d in ledger.disputes],
            pk="id", replace=True,
        )
        db.execute("DELETE FROM ledger_numbers WHERE story = ?", [story])
        db.insert_all(
            "ledger_numbers",
            [{"id": n.id, "story": story, "category": n.category, "place": n.place,
              "disputed": int(n.disputed), "series": int(n.series),
              "data": json.dumps(n.to_json(), ensure_ascii=False)} for n in ledger.numbers],
            pk="id", replace=True,
        )
        before = db.count("ledger_number_history")
        db.insert_all(
            "ledger_number_history",
            [{"id": stable_id("rev", n.id, c.value, c.member.claimant, c.member.doc_id, c.member.start),
              "number_id": n.id, "story": story, "value": c.value, "claimant": c.member.claimant,
              "doc_id": c.member.doc_id, "published": c.member.published, "recorded_at": now}
             for n in ledger.numbers for c in n.claims],
            pk="id", ignore=True,
        )
        revisions = db.count("ledger_number_history") - before
        db.upsert(
            "ledger_stories",
            {"story": story, "built_at": now, "documents": len(ledger.doc_ids),
             "data": json.dumps(ledger.to_json(), ensure_ascii=False)},
            pk="story",
        )
    log.info("ledger %s: %d groups, %d changed", story, len(ledger.groups), changed)
    return UpdateSummary(story, len(ledger.doc_ids), len(ledger.groups), changed, len(ledger.disputes),
                         len(ledger.numbers), revisions)


def _write_group(store: StoreBackend, story: str, group: ClaimGroup, digest: str, now: str) -> None:
    db = store.sql
    db.execute("DELETE FROM ledger_members WHERE group_id = ?", [group.id])
    db.upsert(
        "ledger_groups",
        {"id": group.id, "story": story, "kind": group.kind, "topic": group.topic, "status": group.status,
         "first_seen": group.first_seen, "last_seen": group.last_seen, "n_reports": group.n_reports,
         "n_origins": group.n_origins, "members_hash": digest, "updated_at": now,
         "data": json.dumps(group.to_json(), ensure_ascii=False)},
        pk="id",
    )
    db.insert_all(
        "ledger_members",
        [{"group_id": group.id, "attribution_id": m.attribution_id, "doc_id": m.doc_id, "stance": m.stance,
          "claimant": m.claimant, "side": m.side, "char_start": m.start, "char_end": m.end}
         for m in group.members]
    )


def update_all(store: StoreBackend, story: str | None = None, *,
               embedder: Embedder | None = None) -> list[UpdateSummary]:
    """Assign unassigned documents to stories, then update the named story (or every story)."""
    assign_stories(store)
    names = [story] if story else [name for name, _ in store.stories() if name]
    return [update_ledger(store, name, embedder=embedder) for name in names]


def stored_ledger(store: StoreBackend, story: str) -> dict[str, Any] | None:
    if not store.sql.table_exists("ledger_stories"):
        return None
    data = store.sql.value("SELECT data FROM ledger_stories WHERE story = ?", [story])
    return json.loads(data) if data is not None else None


def number_history(store: StoreBackend, story: str) -> list[dict[str, Any]]:
    if not store.sql.table_exists("ledger_number_history"):
        return []
    return store.sql.query(
        "SELECT * FROM ledger_number_history WHERE story = ? ORDER BY number_id COLLATE BINARY, "
        "published COLLATE BINARY NULLS FIRST, value NULLS FIRST", [story])
