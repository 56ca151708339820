"""Read-only queries over the extraction tables (documents, attributions, entities, quantities, FTS)."""

from __future__ import annotations

import json
import re
import sqlite3
from typing import Any

from markupsafe import Markup, escape

from claimledger.corrections import CorrectionSet
from claimledger.corrections.apply import correct_attribution
from claimledger.models import Extraction
from claimledger.store.sqlite import SQLiteStore
from claimledger.web.db import table_exists

JSON = dict[str, Any]
PER_PAGE = 50
_HIT_OPEN, _HIT_CLOSE = "\x02", "\x03"


def page_bounds(page: int, per_page: int = PER_PAGE) -> tuple[int, int]:
    page = max(1, page)
    return per_page, (page - 1) * per_page


def stories(conn: sqlite3.Connection) -> list[JSON]:
    rows = conn.execute(
        "SELECT story, count(*) AS documents, min(published) AS first, max(published) AS last "
        "FROM documents GROUP BY story ORDER BY story"
    ).fetchall()
    counts: dict[str, tuple[int, int]] = {}
    if table_exists(conn, "ledger_groups") and table_exists(conn, "ledger_disputes"):
        for r in conn.execute(
            "SELECT story, (SELECT count(*) FROM ledger_groups g WHERE g.story = s.story), "
            "(SELECT count(*) FROM ledger_disputes d WHERE d.story = s.story) FROM ledger_stories s"
        ):
            counts[r[0]] = (r[1], r[2])
    return [
        {"story": r["story"], "documents": r["documents"], "first": r["first"], "last": r["last"],
         "claim_groups": counts.get(r["story"], (0, 0))[0], "disputes": counts.get(r["story"], (0, 0))[1]}
        for r in rows
    ]


def story_documents(conn: sqlite3.Connection, story: str, page: int = 1) -> tuple[list[JSON], int]:
    limit, offset = page_bounds(page)
    total = conn.execute("SELECT count(*) FROM documents WHERE story = ?", [story]).fetchone()[0]
    rows = conn.execute(
        "SELECT id, title, outlet, url, published FROM documents WHERE story = ? "
        "ORDER BY published, id LIMIT ? OFFSET ?", [story, limit, offset]
    ).fetchall()
    return [dict(r) for r in rows], int(total)


def extraction(conn: sqlite3.Connection, doc_id: str, cs: CorrectionSet) -> Extraction | None:
    """One stored document with everything extracted from it, corrections applied."""
    row = conn.execute("SELECT * FROM documents WHERE id = ?", [doc_id]).fetchone()
    if row is None:
        return None
    document = SQLiteStore._document_from(row)
    atts = conn.execute("SELECT * FROM attributions WHERE doc_id = ? ORDER BY char_start, id", [doc_id])
    ents = conn.execute("SELECT * FROM entities WHERE doc_id = ? ORDER BY name, id", [doc_id])
    qs = conn.execute("SELECT * FROM quantities WHERE doc_id = ? ORDER BY char_start, id", [doc_id])
    return Extraction(
        document,
        tuple(correct_attribution(SQLiteStore._attribution_from(r), cs) for r in atts),
        tuple(SQLiteStore._entity_from(r) for r in ents),
        tuple(SQLiteStore._quantity_from(r) for r in qs),
    )


def entity(conn: sqlite3.Connection, entity_id: str) -> JSON | None:
    row = conn.execute(
        "SELECT e.*, d.story, d.title AS doc_title FROM entities e JOIN documents d ON d.id = e.doc_id "
        "WHERE e.id = ?", [entity_id]
    ).fetchone()
    if row is None:
        return None
    item = dict(row)
    item["aliases"] = json.loads(row["aliases"] or "[]")
    item.pop("mentions", None)
    return item


def statements_by(
    conn: sqlite3.Connection, entity_ids: list[str], names: list[str], cs: CorrectionSet, limit: int = 200
) -> list[JSON]:
    """Attributions whose speaker is one of the entities (by id, else by name), corrections applied."""
    ids = list(dict.fromkeys(entity_ids)) or [""]
    names = list(dict.fromkeys(n for n in names if n)) or [""]
    sql = (
        "SELECT a.*, d.title AS doc_title, d.outlet, d.published, d.story FROM attributions a "
        "JOIN documents d ON d.id = a.doc_id WHERE a.speaker_entity_id IN ({}) OR a.speaker IN ({}) "
        "ORDER BY d.published, a.doc_id, a.char_start LIMIT ?"
    ).format(",".join("?" * len(ids)), ",".join("?" * len(names)))
    out = []
    for r in conn.execute(sql, [*ids, *names, limit]):
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


def fts_query(text: str) -> str:
    """User input as an FTS5 query: every word quoted (so no operator or syntax error can leak in)."""
    words = re.findall(r"\w+", text, flags=re.UNICODE)[:12]
    return " ".join(f'"{w}"' for w in words)


def _snippet_html(snippet: str) -> Markup:
    html = str(escape(snippet)).replace(_HIT_OPEN, "<mark>").replace(_HIT_CLOSE, "</mark>")
    return Markup(html)


def search(conn: sqlite3.Connection, text: str, page: int = 1) -> JSON:
    query = fts_query(text)
    if not query:
        return {"query": text, "documents": [], "claims": []}
    limit, offset = page_bounds(page, 20)
    docs = conn.execute(
        "SELECT d.id, d.title, d.outlet, d.published, d.story, "
        f"snippet(documents_fts, 1, '{_HIT_OPEN}', '{_HIT_CLOSE}', '…', 16) AS snippet "
        "FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid "
        "WHERE documents_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?", [query, limit, offset]
    ).fetchall()
    claims = conn.execute(
        "SELECT a.id, a.doc_id, a.speaker, a.char_start, a.char_end, "
        f"snippet(attributions_fts, 1, '{_HIT_OPEN}', '{_HIT_CLOSE}', '…', 24) AS snippet "
        "FROM attributions_fts JOIN attributions a ON a.rowid = attributions_fts.rowid "
        "WHERE attributions_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?", [query, limit, offset]
    ).fetchall()
    return {
        "query": text,
        "documents": [dict(r) | {"snippet_html": _snippet_html(r["snippet"])} for r in docs],
        "claims": [dict(r) | {"snippet_html": _snippet_html(r["snippet"])} for r in claims],
    }


def place_names(conn: sqlite3.Connection, story: str, limit: int = 200) -> list[JSON]:
    """Places the story's documents name (GPE/LOC entities), most mentioned first."""
    rows = conn.execute(
        "SELECT e.name, count(DISTINCT e.doc_id) AS documents, min(e.id) AS entity_id FROM entities e "
        "JOIN documents d ON d.id = e.doc_id WHERE d.story = ? AND e.type IN ('GPE', 'LOC', 'FAC') "
        "GROUP BY e.name ORDER BY documents DESC, e.name LIMIT ?", [story, limit]
    ).fetchall()
    return [dict(r) for r in rows]


def stored_places(conn: sqlite3.Connection, story: str, limit: int = 500) -> list[JSON] | None:
    """Geocoded events and place mentions from the `events` / `places` tables (written by
    `claimledger.events.store`), one marker per distinct location; None when neither table exists."""
    found: list[JSON] = []
    tables = [t for t in ("events", "places") if table_exists(conn, t)]
    if not tables:
        return None
    if "events" in tables:
        rows = conn.execute(
            "SELECT e.location AS name, e.latitude AS lat, e.longitude AS lon, count(*) AS events, "
            "count(DISTINCT e.doc_id) AS documents, group_concat(DISTINCT e.event_type) AS kinds, "
            "min(e.doc_id) AS doc_id FROM events e JOIN documents d ON d.id = e.doc_id "
            "WHERE d.story = ? AND e.latitude IS NOT NULL AND e.longitude IS NOT NULL "
            "GROUP BY e.location, e.latitude, e.longitude ORDER BY events DESC LIMIT ?", [story, limit]
        ).fetchall()
        found += [dict(r) | {"kind": "event"} for r in rows]
    if "places" in tables:
        rows = conn.execute(
            "SELECT p.name AS name, p.latitude AS lat, p.longitude AS lon, 0 AS events, "
            "count(DISTINCT p.doc_id) AS documents, NULL AS kinds, min(p.doc_id) AS doc_id "
            "FROM places p JOIN documents d ON d.id = p.doc_id "
            "WHERE d.story = ? AND p.latitude IS NOT NULL AND p.longitude IS NOT NULL "
            "GROUP BY p.name, p.latitude, p.longitude ORDER BY documents DESC LIMIT ?", [story, limit]
        ).fetchall()
        found += [dict(r) | {"kind": "place"} for r in rows]
    return found
