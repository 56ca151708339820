"""Rows of the core tables <-> model objects (the same columns on both backends).

Offsets are stored as `char_start`/`char_end` (START/END are SQL keywords); the JSON contract calls
them `start`/`end`.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from claimledger.models import Attribution, Document, Entity, Quantity, Span, Verification

Row = dict[str, Any]


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _span_columns(prefix: str, span: Span | None) -> Row:
    return {
        f"{prefix}_text": span.text if span else None,
        f"{prefix}_start": span.start if span else None,
        f"{prefix}_end": span.end if span else None,
    }


def _span_from(row: Row, prefix: str) -> Span | None:
    if row[f"{prefix}_start"] is None:
        return None
    return Span(row[f"{prefix}_start"], row[f"{prefix}_end"], row[f"{prefix}_text"])


def _spans_json(spans: tuple[Span, ...]) -> str:
    return json.dumps([s.to_json() for s in spans], ensure_ascii=False)


def _spans_from_json(value: str) -> tuple[Span, ...]:
    return tuple(Span.from_json(item) for item in json.loads(value))


def document_row(document: Document, extractor: str) -> Row:
    return {
        "id": document.id,
        "url": document.url,
        "outlet": document.outlet,
        "title": document.title,
        "authors": json.dumps(list(document.authors), ensure_ascii=False),
        "published": document.published,
        "updated": document.updated,
        "fetched": document.fetched,
        "language": document.language,
        "text": document.text,
        "raw_sha256": document.raw_sha256,
        "source_path": document.source_path,
        "source_locator": document.source_locator,
        "input_kind": document.input_kind,
        "story": document.story,
        "ingested_at": now(),
        "extractor": extractor,
    }


def attribution_row(a: Attribution) -> Row:
    verification = a.verification
    return {
        "id": a.id,
        "doc_id": a.doc_id,
        "kind": a.kind,
        **_span_columns("source", a.source),
        "speaker": a.speaker,
        "speaker_kind": a.speaker_kind,
        "speaker_entity_id": a.speaker_entity_id,
        **_span_columns("cue", a.cue),
        "content_text": a.content_text,
        "content": _spans_json(a.content),
        "channel": a.channel,
        "verification_status": verification.status if verification else None,
        **_span_columns("verification", verification.span if verification else None),
        "polarity": a.polarity,
        "char_start": a.start,
        "char_end": a.end,
    }


def entity_row(e: Entity) -> Row:
    return {
        "id": e.id,
        "doc_id": e.doc_id,
        "name": e.name,
        "type": e.type,
        "role": e.role,
        "aliases": json.dumps(list(e.aliases), ensure_ascii=False),
        "mentions": _spans_json(e.mentions),
    }


def quantity_row(q: Quantity) -> Row:
    return {
        "id": q.id,
        "doc_id": q.doc_id,
        "value": q.value,
        "low": q.low,
        "high": q.high,
        "qualifier": q.qualifier,
        "category": q.category,
        "text": q.span.text,
        "char_start": q.span.start,
        "char_end": q.span.end,
        "attribution_id": q.attribution_id,
    }


def document_from(r: Row) -> Document:
    return Document(
        id=r["id"],
        text=r["text"],
        url=r["url"],
        outlet=r["outlet"],
        title=r["title"],
        authors=tuple(json.loads(r["authors"] or "[]")),
        published=r["published"],
        updated=r["updated"],
        fetched=r["fetched"],
        language=r["language"],
        raw_sha256=r["raw_sha256"],
        source_path=r["source_path"],
        source_locator=r["source_locator"],
        input_kind=r["input_kind"],
        story=r["story"],
    )


def attribution_from(r: Row) -> Attribution:
    verification_span = _span_from(r, "verification")
    return Attribution(
        id=r["id"],
        doc_id=r["doc_id"],
        kind=r["kind"],
        content=_spans_from_json(r["content"]),
        source=_span_from(r, "source"),
        cue=_span_from(r, "cue"),
        speaker=r["speaker"],
        speaker_kind=r["speaker_kind"],
        speaker_entity_id=r["speaker_entity_id"],
        channel=r["channel"],
        verification=Verification(r["verification_status"], verification_span)
        if verification_span
        else None,
        polarity=r["polarity"],
    )


def entity_from(r: Row) -> Entity:
    return Entity(
        id=r["id"],
        doc_id=r["doc_id"],
        name=r["name"],
        type=r["type"],
        aliases=tuple(json.loads(r["aliases"] or "[]")),
        mentions=_spans_from_json(r["mentions"] or "[]"),
        role=r["role"],
    )


def quantity_from(r: Row) -> Quantity:
    return Quantity(
        id=r["id"],
        doc_id=r["doc_id"],
        value=r["value"],
        category=r["category"],
        span=Span(r["char_start"], r["char_end"], r["text"]),
        low=r["low"],
        high=r["high"],
        qualifier=r["qualifier"],
        attribution_id=r["attribution_id"],
    )
