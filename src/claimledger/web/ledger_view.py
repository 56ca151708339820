"""The ledger as the web UI reads it: from the ledger tables that `claimledger ledger` writes
(`ledger_stories`, `ledger_groups`, `ledger_members`, `ledger_disputes`, `ledger_numbers`; see
`claimledger.ledger.store`), with corrections applied. Every function returns plain JSON-ready data and
copes with a database that has no ledger yet (empty results)."""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from typing import Any

from claimledger.corrections import CorrectionSet, apply_to_group_json
from claimledger.corrections.apply import apply_to_member_json, split_group_id
from claimledger.store.sql import SqlDatabase

JSON = dict[str, Any]
KEY_FACTS = 40
LIMITS = {"disputes": 30, "numbers": 40, "unverified": 40, "timeline": 100, "entities": 60}


def has_ledger(conn: SqlDatabase) -> bool:
    return conn.table_exists("ledger_stories")


@lru_cache(maxsize=64)
def _parse(data: str) -> JSON:
    return json.loads(data)  # type: ignore[no-any-return]


_WHOLE: dict[tuple[str, str, str], JSON] = {}


def story_ledger(conn: SqlDatabase, story: str) -> JSON | None:
    """The whole stored ledger of a story, parsed once per (database, story, build) and then cached."""
    if not has_ledger(conn):
        return None
    rows = conn.query("SELECT built_at, documents FROM ledger_stories WHERE story = ?", [story])
    if not rows:
        return None
    key = (conn.where, story, f"{rows[0]['built_at']}:{rows[0]['documents']}")
    if key not in _WHOLE:
        data = conn.value("SELECT data FROM ledger_stories WHERE story = ?", [story])
        if len(_WHOLE) > 32:
            _WHOLE.clear()
        _WHOLE[key] = json.loads(data)
    return _WHOLE[key]


def key_facts(conn: SqlDatabase, story: str, cs: CorrectionSet, page: int = 1) -> list[JSON]:
    """Claim groups of the story, most independent origins first (paginated), corrections applied."""
    if not conn.table_exists("ledger_groups"):
        return []
    rows = conn.query(
        "SELECT data FROM ledger_groups WHERE story = ? AND kind = 'claim' ORDER BY n_origins DESC, "
        "n_reports DESC, first_seen COLLATE BINARY NULLS FIRST, id COLLATE BINARY LIMIT ? OFFSET ?",
        [story, KEY_FACTS, (max(page, 1) - 1) * KEY_FACTS],
    )
    groups = [apply_to_group_json(_parse(r["data"]), cs) for r in rows]
    return [g for g in groups if cs.resolve("group", g["id"]) == g["id"]]


def _limited(sql: str, params: list[Any], limit: int) -> tuple[str, list[Any]]:
    """`sql` with `LIMIT limit` (none when negative)."""
    return (f"{sql} LIMIT ?", [*params, limit]) if limit >= 0 else (sql, params)


def disputes(conn: SqlDatabase, story: str, limit: int = -1) -> list[JSON]:
    if not conn.table_exists("ledger_disputes"):
        return []
    rows = conn.query(*_limited(
        "SELECT data FROM ledger_disputes WHERE story = ? "
        "ORDER BY kind COLLATE BINARY NULLS FIRST, id COLLATE BINARY", [story], limit))
    return [_parse(r["data"]) for r in rows]


def numbers(conn: SqlDatabase, story: str, limit: int = -1) -> list[JSON]:
    if not conn.table_exists("ledger_numbers"):
        return []
    rows = conn.query(*_limited(
        "SELECT data FROM ledger_numbers WHERE story = ? ORDER BY category COLLATE BINARY NULLS FIRST, "
        "place COLLATE BINARY NULLS FIRST, id COLLATE BINARY", [story], limit))
    return [_parse(r["data"]) for r in rows]


def story_sheet(conn: SqlDatabase, story: str, cs: CorrectionSet, page: int = 1) -> JSON:
    """The "What we know" sheet: key facts, disputes, numbers, unverified claims, timeline, actors."""
    whole = story_ledger(conn, story) or {}
    first_unverified = whole.get("unverified", [])[: LIMITS["unverified"]]
    unverified = [apply_to_member_json(dict(u), cs) for u in first_unverified]
    return {
        "story": story,
        "has_ledger": bool(whole),
        "key_facts": key_facts(conn, story, cs, page),
        "disputes": disputes(conn, story, LIMITS["disputes"]),
        "numbers": numbers(conn, story, LIMITS["numbers"]),
        "unverified": unverified,
        "timeline": whole.get("timeline", [])[:LIMITS["timeline"]],
        "entities": whole.get("entities", [])[:LIMITS["entities"]],
        "totals": {key: len(whole.get(key, [])) for key in ("unverified", "timeline", "entities")},
    }


def dispute(conn: SqlDatabase, dispute_id: str, cs: CorrectionSet) -> JSON | None:
    if not conn.table_exists("ledger_disputes"):
        return None
    rows = conn.query("SELECT story, data FROM ledger_disputes WHERE id = ?", [dispute_id])
    if not rows:
        return None
    row = rows[0]
    item = json.loads(row["data"])
    item["story"] = row["story"]
    for side in item["sides"]:
        for member in side["members"]:
            apply_to_member_json(member, cs)
    return item  # type: ignore[no-any-return]


def group(conn: SqlDatabase, group_id: str, cs: CorrectionSet) -> JSON | None:
    """A claim group with merges and splits applied; a group split off another is found by its new id."""
    if not conn.table_exists("ledger_groups"):
        return None
    rows = conn.query("SELECT story, data FROM ledger_groups WHERE id = ?", [group_id])
    if not rows:
        return _split_off(conn, group_id, cs)
    row = rows[0]
    item = apply_to_group_json(json.loads(row["data"]), cs)
    item["story"] = row["story"]
    item["merged_into"] = cs.resolve("group", group_id) if cs.resolve("group", group_id) != group_id else None
    item["merged_from"] = cs.merged_into("group", group_id)
    for other in item["merged_from"]:
        merged = conn.value("SELECT data FROM ledger_groups WHERE id = ?", [other])
        if merged is not None:
            item["members"] += apply_to_group_json(json.loads(merged), cs)["members"]
    split = set(cs.splits("group", group_id))
    item["split_off"] = [
        {"attribution_id": m["attribution_id"], "group_id": split_group_id(group_id, m["attribution_id"])}
        for m in item["members"] if m.get("attribution_id") in split
    ]
    if len(item["split_off"]) < len(item["members"]):
        item["members"] = [m for m in item["members"] if m.get("attribution_id") not in split]
    item["disputes"] = [r["id"] for r in conn.query(
        "SELECT id FROM ledger_disputes WHERE group_id = ?", [group_id])] if conn.table_exists(
        "ledger_disputes") else []
    return item


def _split_off(conn: SqlDatabase, group_id: str, cs: CorrectionSet) -> JSON | None:
    for (kind, parent, field), corrections in cs.cumulative.items():
        if kind != "group" or field != "split":
            continue
        for c in corrections:
            if c.new and split_group_id(parent, c.new) == group_id:
                source = group(conn, parent, CorrectionSet())
                if source is None:
                    return None
                members = [m for m in source["members"] if m.get("attribution_id") == c.new]
                return source | {"id": group_id, "members": [apply_to_member_json(m, cs) for m in members],
                                 "split_from": parent, "reviewed": True, "split_off": [],
                                 "merged_from": [], "merged_into": None, "disputes": []}
    return None


def groups_of_attributions(conn: SqlDatabase, attribution_ids: list[str]) -> dict[str, list[JSON]]:
    """For each attribution, the claim groups (id, kind, topic) it is a member of."""
    if not attribution_ids or not conn.table_exists("ledger_members"):
        return {}
    out: dict[str, list[JSON]] = {}
    for chunk_start in range(0, len(attribution_ids), 500):
        chunk = attribution_ids[chunk_start:chunk_start + 500]
        marks = ",".join("?" * len(chunk))
        rows = conn.query(
            "SELECT m.attribution_id, g.id, g.kind, g.topic FROM ledger_members m "
            f"JOIN ledger_groups g ON g.id = m.group_id WHERE m.attribution_id IN ({marks})",
            chunk,
        )
        for r in rows:
            item = {"id": r["id"], "kind": r["kind"], "topic": r["topic"]}
            out.setdefault(r["attribution_id"], []).append(item)
    return out


def ledger_entity(conn: SqlDatabase, story: str, entity_id: str, name: str) -> JSON | None:
    """The story-level actor (side, variants, every per-document entity id) an entity belongs to."""
    whole = story_ledger(conn, story) or {}
    for item in whole.get("entities", []):
        if entity_id in item.get("entity_ids", []) or name in item.get("variants", []):
            return item  # type: ignore[no-any-return]
    return None


def contradictions(conn: SqlDatabase, story: str, names: set[str], cs: CorrectionSet) -> list[JSON]:
    """Disputes in which one of `names` speaks on a side: that side and the opposing ones."""
    out = []
    for item in disputes(conn, story):
        mine = [s for s in item["sides"] if any(m["claimant"] in names for m in s["members"])]
        if not mine:
            continue
        others = copy.deepcopy([s for s in item["sides"] if s not in mine])
        for side in others:
            for member in side["members"]:
                apply_to_member_json(member, cs)
        out.append({"id": item["id"], "topic": item["topic"], "kind": item["kind"],
                    "positions": [s["position"] for s in mine], "against": others})
    return out
