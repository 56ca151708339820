"""Databases for the web tests: the seed article ingested for real, and a hand-built XSS corpus."""

from __future__ import annotations

from pathlib import Path

from claimledger.ledger.store import update_all
from claimledger.models import Attribution, Document, Entity, Extraction, Span
from claimledger.store.sqlite import SQLiteStore

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "examples" / "belgorod" / "cnn-2023-05-23-belgorod-incursion.txt"
SEED_STORY = "belgorod-raid"
XSS_STORY = "xss-story"
# Anything that runs sets window.__xss; the tests check it stays undefined.
PAYLOADS = (
    "<script>window.__xss=1;alert(1)</script>",
    '"><img src=x onerror="window.__xss=2">',
    "' onmouseover='window.__xss=3' x='",
    "<svg onload=window.__xss=4>",
    "</textarea></title><script>window.__xss=5</script>",
)


def ingest_seed(db: Path) -> None:
    """The seed CNN article through the real pipeline, then the ledger."""
    from claimledger.runner import ingest

    with SQLiteStore(db) as store:
        ingest(store, [str(SEED)], story=SEED_STORY)
        update_all(store, SEED_STORY)


def reextract_story(db: Path, story: str = SEED_STORY) -> None:
    """Drop the story's extracted rows and documents, ingest the seed again and rebuild the ledger
    (what a re-run of extraction does to stored data; corrections live in their own table)."""
    with SQLiteStore(db) as store:
        ids = [r[0] for r in store.db.execute("SELECT id FROM documents WHERE story = ?", [story])]
        with store.db.atomic():
            for table in ("quantities", "entities", "attributions"):
                store.db.execute(f"DELETE FROM {table} WHERE doc_id IN ({','.join('?' * len(ids))})", ids)
            store.db.execute(f"DELETE FROM versions WHERE doc_id IN ({','.join('?' * len(ids))})", ids)
            store.db.execute(f"DELETE FROM documents WHERE id IN ({','.join('?' * len(ids))})", ids)
            for table in ("ledger_groups", "ledger_disputes", "ledger_numbers", "ledger_stories"):
                store.db.execute(f"DELETE FROM {table} WHERE story = ?", [story])
    ingest_seed(db)


def _span(text: str, needle: str) -> Span:
    i = text.index(needle)
    return Span(i, i + len(needle), needle)


def xss_extraction() -> Extraction:
    evil = " ".join(PAYLOADS)
    text = (
        f"Officials said the dam {evil} was hit overnight.\n\n"
        f"{PAYLOADS[2]} told reporters that {PAYLOADS[0]} nothing happened, according to "
        f"the governor. Visit javascript:window.__xss=6 for more."
    )
    url = "javascript:window.__xss=7"
    doc = Document(id=Document.make_id(text, url), text=text, url=url, outlet=PAYLOADS[1], title=evil,
                   published="2023-06-06", story=XSS_STORY)
    content = (_span(text, f"that {PAYLOADS[0]} nothing happened"),)
    speaker = _span(text, PAYLOADS[2])
    attribution = Attribution(
        id=Attribution.make_id(doc.id, content), doc_id=doc.id, kind="indirect", content=content,
        source=speaker, cue=_span(text, "told"), speaker=PAYLOADS[2], speaker_kind="person",
    )
    entity = Entity(id=Entity.make_id(doc.id, PAYLOADS[2], "PERSON"), doc_id=doc.id, name=PAYLOADS[2],
                    type="PERSON", aliases=(PAYLOADS[3],), mentions=(speaker,))
    place = Entity(id=Entity.make_id(doc.id, PAYLOADS[4], "GPE"), doc_id=doc.id, name=PAYLOADS[4],
                   type="GPE", mentions=(_span(text, PAYLOADS[4]),))
    return Extraction(doc, (attribution,), (entity, place), ())


def xss_db(db: Path) -> Extraction:
    extraction = xss_extraction()
    with SQLiteStore(db) as store:
        store.add(extraction, None)
        update_all(store, XSS_STORY)
    return extraction
