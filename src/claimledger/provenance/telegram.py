"""Telegram chains: outlet -> Telegram post -> (forwarded from) -> speaker, for the report.

The forward information lives in the raw input kept for each Telegram document (`{"chat", "message"}`,
see `claimledger.ingest.telegram`), so a chain needs the document and its raw input (or the store).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from claimledger.models import JSON, Attribution, Document, RawInput
from claimledger.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class TelegramPost:
    """What a Telegram document's raw input says about the post."""

    channel: str | None
    url: str | None
    message_id: int | None
    forwarded_from: str | None
    author: str | None

    def to_json(self) -> JSON:
        return {
            "channel": self.channel,
            "url": self.url,
            "message_id": self.message_id,
            "forwarded_from": self.forwarded_from,
            "author": self.author,
        }


def telegram_post(document: Document, raw: RawInput | None) -> TelegramPost | None:
    """The post behind a Telegram document; None for other documents."""
    if document.input_kind != "telegram":
        return None
    message: JSON = {}
    chat: JSON = {}
    if raw is not None:
        try:
            payload = json.loads(raw.data.decode("utf-8"))
            message, chat = payload.get("message") or {}, payload.get("chat") or {}
        except (UnicodeDecodeError, ValueError, AttributeError):
            log.warning("%s: raw input is not the expected Telegram JSON", document.id)
    forwarded = message.get("forwarded_from")
    author = message.get("author")
    message_id = message.get("id")
    return TelegramPost(
        channel=document.outlet or chat.get("name"),
        url=document.url,
        message_id=message_id if isinstance(message_id, int) else None,
        forwarded_from=forwarded if isinstance(forwarded, str) and forwarded else None,
        author=author if isinstance(author, str) and author else None,
    )


def telegram_chain(
    document: Document, raw: RawInput | None, attribution: Attribution | None = None
) -> list[str]:
    """How a claim reached the reader, one link per step, e.g. ["Telegram channel Belgorod Border Watch",
    "post https://t.me/belgorod_border_watch/3", "forwarded from Investigative Committee of Russia",
    "speaker: Investigative Committee"]. Empty for documents that are not Telegram posts."""
    post = telegram_post(document, raw)
    if post is None:
        return []
    chain = [f"Telegram channel {post.channel or 'unknown'}"]
    if post.url:
        chain.append(f"post {post.url}")
    if post.author:
        chain.append(f"signed {post.author}")
    if post.forwarded_from:
        chain.append(f"forwarded from {post.forwarded_from}")
    if attribution is not None:
        speaker = attribution.speaker or (attribution.source.text if attribution.source else None)
        if speaker:
            chain.append(f"speaker: {speaker}")
    return chain


def telegram_chain_for(store: Store, document: Document, attribution: Attribution | None = None) -> list[str]:
    """`telegram_chain` with the raw input read from the store."""
    raw = store.raw(document.raw_sha256) if document.raw_sha256 else None
    return telegram_chain(document, raw, attribution)


_QUOTED = re.compile(r"[“\"«]([^”\"»]{15,})[”\"»]?")
MIN_QUOTE_SCORE = 90.0  # rapidfuzz partial_ratio (0-100) for a quote to be found in a post


def _quote_pieces(attribution: Attribution) -> list[str]:
    text = attribution.content_text
    quoted = [m.group(1).strip() for m in _QUOTED.finditer(text)]
    return [q for q in quoted if len(q) >= 15] or ([text] if len(text) >= 15 else [])


def find_telegram_post(
    attribution: Attribution, posts: Sequence[Document], *, min_score: float = MIN_QUOTE_SCORE
) -> Document | None:
    """The Telegram document whose text holds the attribution's quote (best match), if any."""
    pieces = _quote_pieces(attribution)
    best: tuple[float, str, Document] | None = None
    for post in posts:
        if post.id == attribution.doc_id:
            continue
        score = max((fuzz.partial_ratio(p, post.text) for p in pieces), default=0.0)
        if score >= min_score and (best is None or (score, post.id) > best[:2]):
            best = (score, post.id, post)
    return best[2] if best else None


def trace_telegram(
    store: Store, document: Document, attribution: Attribution, posts: Sequence[Document] | None = None
) -> list[str]:
    """outlet -> Telegram post -> speaker for one claim: the post's own chain for a Telegram document,
    else the chain of the stored Telegram post that holds the claim's quote (empty when none does).

    `posts` (the store's Telegram documents) can be passed to save a query per claim.
    """
    if document.input_kind == "telegram":
        return telegram_chain_for(store, document, attribution)
    candidates = posts if posts is not None else telegram_documents(store)
    post = find_telegram_post(attribution, candidates)
    if post is None:
        return []
    via = telegram_chain_for(store, post)
    speaker = attribution.speaker or (attribution.source.text if attribution.source else None)
    return [
        f"{document.outlet or document.url or document.id}",
        *via,
        *([f"speaker: {speaker}"] if speaker else []),
    ]


def telegram_documents(store: Store, story: str | None = None) -> list[Document]:
    return [d for d in store.documents(story) if d.input_kind == "telegram"]
