"""Read-only queries over the extraction tables (documents, attributions, entities, quantities, full-text
search), on either backend (`claimledger.store.sql`)."""

from __future__ import annotations

import json
import re
from typing import Any

from markupsafe import Markup, escape

from claimledger.corrections import CorrectionSet
from claimledger.corrections.apply import correct_attribution
from claimledger.models import Extraction
from claimledger.store.sql import SqlDatabase, fts5_match
from claimledger.store.sqlite import SQLiteStore

JSON = dict[str, Any]
PER_PAGE = 50
_HIT_OPEN, _HIT_CLOSE = "\x02", "\x03"


def page_bounds(page: int, per_page: int = PER_PAGE) -> tuple[int, int]:
    page = max(1, page)
    return per_page, (page - 1) * per_page


def stories(conn: SqlDatabase) -> list[JSON]:
    rows = conn.query(
        "SELECT story, count(*) AS documents, min(published COLLATE BINARY) AS first, "
        "max(published COLLATE BINARY) AS last FROM documents GROUP BY story "
        "ORDER BY story COLLATE BINARY NULLS FIRST"
    )
    counts: dict[str, tuple[int, int]] = {}
    if conn.table_exists("ledger_groups") and conn.table_exists("ledger_disputes"):
        for r in conn.query(
            "SELECT story, (SELECT count(*) FROM ledger_groups g WHERE g.story = s.story) AS groups, "
            "(SELECT count(*) FROM ledger_disputes d WHERE d.story = s.story) AS disputes "
            "FROM ledger_stories s"
        ):
            counts[r["story"]] = (int(r["groups"]), int(r["disputes"]))
    return [
        {"story": r["story"], "documents": r["documents"], "first": r["first"], "last": r["last"],
         "claim_groups": counts.get(r["story"], (0, 0))[0], "disputes": counts.get(r["story"], (0, 0))[1]}
        for r in rows
    ]


def story_documents(conn: SqlDatabase, story: str, page: int = 1) -> tuple[list[JSON], int]:
    limit, offset = page_bounds(page)
    total = conn.value("SELECT count(*) FROM documents WHERE story = ?", [story])
    rows = conn.query(
        "SELECT id, title, outlet, url, published FROM documents WHERE story = ? "
        "ORDER BY published COLLATE BINARY NULLS FIRST, id COLLATE BINARY LIMIT ? OFFSET ?",
        [story, limit, offset],
    )
    return rows, int(total)


def extraction(conn: SqlDatabase, doc_id: str, cs: CorrectionSet) -> Extraction | None:
    """One stored document with everything extracted from it, corrections applied."""
    rows = conn.query("SELECT * FROM documents WHERE id = ?", [doc_id])
    if not rows:
        return None
    document = SQLiteStore._document_from(rows[0])
    by_offset = "WHERE doc_id = ? ORDER BY char_start, id COLLATE BINARY"
    atts = conn.query(f"SELECT * FROM attributions {by_offset}", [doc_id])
    ents = conn.query(
        "SELECT * FROM entities WHERE doc_id = ? ORDER BY name COLLATE BINARY, id COLLATE BINARY", [doc_id])
    qs = conn.query(f"SELECT * FROM quantities {by_offset}", [doc_id])
    return Extraction(
        document,
        tuple(correct_attribution(SQLiteStore._attribution_from(r), cs) for r in atts),
        tuple(SQLiteStore._entity_from(r) for r in ents),
        tuple(SQLiteStore._quantity_from(r) for r in qs),
    )


def entity(conn: SqlDatabase, entity_id: str) -> JSON | None:
    rows = conn.query(
        "SELECT e.*, d.story, d.title AS doc_title FROM entities e JOIN documents d ON d.id = e.doc_id "
        "WHERE e.id = ?", [entity_id]
    )
    if not rows:
        return None
    item = rows[0]
    item["aliases"] = json.loads(item["aliases"] or "[]")
    item.pop("mentions", None)
    return item


def statements_by(
    conn: SqlDatabase, entity_ids: list[str], names: list[str], cs: CorrectionSet, limit: int = 200
) -> list[JSON]:
    """Attributions whose speaker is one of the entities (by id, else by name), corrections applied."""
    ids = list(dict.fromkeys(entity_ids)) or [""]
    names = list(dict.fromkeys(n for n in names if n)) or [""]
    sql = (
        "SELECT a.*, d.title AS doc_title, d.outlet, d.published, d.story FROM attributions a "
        "JOIN documents d ON d.id = a.doc_id WHERE a.speaker_entity_id IN ({}) OR a.speaker IN ({}) "
        "ORDER BY d.published COLLATE BINARY NULLS FIRST, a.doc_id COLLATE BINARY, a.char_start LIMIT ?"
    ).format(",".join("?" * len(ids)), ",".join("?" * len(names)))
    out = []
    for r in conn.query(sql, [*ids, *names, limit]):
        a = correct_attribution(SQLiteStore._attribution_from(r), cs)
        out.append(attribution_json(a, cs) | {
            "doc_title": r["doc_title"], "outlet": r["outlet"], "published": r["published"]})
    return out


def attribution_json(a: Any, cs: CorrectionSet) -> JSON:
    return {
        "id": a.id, "doc_id": a.doc_id, "speaker": a.speaker or (a.source.text if a.source else None),
        "speaker_kind": a.speaker_kind, "speaker_entity_id": a.speaker_entity_id,
        "cue": a.cue.text if a.cue else None, "content": a.content_text, "channel": a.channel,
        "polarity": a.polarity, "verification": a.verification.status if a.verification else None,
        "start": a.start, "end": a.end, "reviewed": cs.reviewed("attribution", a.id),
    }


def search_words(text: str) -> list[str]:
    """The words of a search box's text (at most 12): nothing else of it reaches the database."""
    return re.findall(r"\w+", text, flags=re.UNICODE)[:12]


def fts_query(text: str) -> str:
    """User input as an FTS5 query: every word quoted (so no operator or syntax error can leak in)."""
    return fts5_match(search_words(text))


def _snippet_html(snippet: str) -> Markup:
    html = str(escape(snippet)).replace(_HIT_OPEN, "<mark>").replace(_HIT_CLOSE, "</mark>")
    return Markup(html)


def search(conn: SqlDatabase, text: str, page: int = 1) -> JSON:
    words = search_words(text)
    if not words:
        return {"query": text, "documents": [], "claims": []}
    limit, offset = page_bounds(page, 20)
    marks = (_HIT_OPEN, _HIT_CLOSE)
    docs = conn.full_text("documents", words, limit, offset, marks)
    claims = conn.full_text("attributions", words, limit, offset, marks)
    return {
        "query": text,
        "documents": [r | {"snippet_html": _snippet_html(r["snippet"])} for r in docs],
        "claims": [r | {"snippet_html": _snippet_html(r["snippet"])} for r in claims],
    }


def place_names(conn: SqlDatabase, story: str, limit: int = 200) -> list[JSON]:
    """Places the story's documents name (GPE/LOC entities), most mentioned first."""
    return conn.query(
        "SELECT e.name, count(DISTINCT e.doc_id) AS documents, min(e.id COLLATE BINARY) AS entity_id "
        "FROM entities e JOIN documents d ON d.id = e.doc_id WHERE d.story = ? "
        "AND e.type IN ('GPE', 'LOC', 'FAC') GROUP BY e.name "
        "ORDER BY documents DESC, e.name COLLATE BINARY NULLS FIRST LIMIT ?", [story, limit]
    )


def stored_places(conn: SqlDatabase, story: str, limit: int = 500) -> list[JSON] | None:
    """Geocoded events and place mentions from the `events` / `places` tables (written by
    `claimledger.events.store`), one marker per distinct location; None when neither table exists."""
    found: list[JSON] = []
    tables = [t for t in ("events", "places") if conn.table_exists(t)]
    if not tables:
        return None
    if "events" in tables:
        rows = conn.query(
            "SELECT e.location AS name, e.latitude AS lat, e.longitude AS lon, count(*) AS events, "
            "count(DISTINCT e.doc_id) AS documents, group_concat(DISTINCT e.event_type) AS kinds, "
            "min(e.doc_id COLLATE BINARY) AS doc_id FROM events e JOIN documents d ON d.id = e.doc_id "
            "WHERE d.story = ? AND e.latitude IS NOT NULL AND e.longitude IS NOT NULL "
            "GROUP BY e.location, e.latitude, e.longitude ORDER BY events DESC LIMIT ?", [story, limit]
        )
        found += [r | {"kind": "event"} for r in rows]
    if "places" in tables:
        rows = conn.query(
            "SELECT p.name AS name, p.latitude AS lat, p.longitude AS lon, 0 AS events, "
            "count(DISTINCT p.doc_id) AS documents, NULL AS kinds, min(p.doc_id COLLATE BINARY) AS doc_id "
            "FROM places p JOIN documents d ON d.id = p.doc_id "
            "WHERE d.story = ? AND p.latitude IS NOT NULL AND p.longitude IS NOT NULL "
            "GROUP BY p.name, p.latitude, p.longitude ORDER BY documents DESC LIMIT ?", [story, limit]
        )
        found += [r | {"kind": "place"} for r in rows]
    return found
