"""Telegram Desktop JSON exports (`result.json`) -> one document per message with text.

An export of one chat is `{name, type, id, messages: [...]}`; a full account export holds such chats
under `{"chats": {"list": [...]}}`. A message is `{id, type, date, date_unixtime, from, from_id, text,
forwarded_from, ...}` where `text` is a string or a list of strings and entities
(`{"type": "bold", "text": "..."}`); the document text is the entities' texts joined.

Each document gets the URL `https://t.me/<username>/<id>` when the chat's username is known (a
`username` field on the chat, which some export tools add), else Telegram's private-link form
`https://t.me/c/<chat id>/<id>`; the outlet is the chat's name, `published` the message time (UTC from
`date_unixtime` when present), `input_kind` "telegram" and `source_locator` "message <id>". The raw input
kept for a message is a small JSON object `{"chat": {...}, "message": {...}}`, so the forward chain
(`forwarded_from`) stays available: see `claimledger.provenance.telegram`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from claimledger.errors import ErrorCode, InputError
from claimledger.ingest.article import Article, Origin, to_document
from claimledger.models import Document, RawInput

_HINT = re.compile(rb'"(messages|chats)"\s*:\s*[\[{]')
_SNIFF_BYTES = 65536


def looks_like_export(data: bytes) -> bool:
    """A cheap test on the first bytes: a JSON object with a "messages" list or a "chats" object."""
    head = data[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{") and bool(_HINT.search(head))


def parse_export(data: bytes, *, where: str) -> dict[str, Any] | None:
    """The export object, or None when the bytes are JSON but not a Telegram export."""
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(parsed, dict):
        return None
    if isinstance(parsed.get("messages"), list):
        return parsed
    chats = parsed.get("chats")
    if isinstance(chats, dict) and isinstance(chats.get("list"), list):
        return parsed
    return None


def flatten_text(text: object) -> str:
    """A message's `text` (a string, or a list of strings and `{"type", "text"}` entities) as one string."""
    if isinstance(text, str):
        return text
    if isinstance(text, list):
        return "".join(_piece(part) for part in text)
    return ""


def _piece(part: object) -> str:
    if isinstance(part, str):
        return part
    if isinstance(part, dict):
        value = part.get("text")
        return value if isinstance(value, str) else ""
    return ""


def chats(export: dict[str, Any]) -> Iterator[dict[str, Any]]:
    if isinstance(export.get("messages"), list):
        yield export
        return
    for chat in export.get("chats", {}).get("list", []):
        if isinstance(chat, dict) and isinstance(chat.get("messages"), list):
            yield chat


def message_url(chat: dict[str, Any], message_id: int) -> str:
    username = chat.get("username")
    if isinstance(username, str) and username.strip("@ "):
        return f"https://t.me/{username.strip('@ ')}/{message_id}"
    return f"https://t.me/c/{chat.get('id', 0)}/{message_id}"


def _published(message: dict[str, Any]) -> str | None:
    unix = message.get("date_unixtime")
    if isinstance(unix, str | int) and str(unix).isdigit():
        return datetime.fromtimestamp(int(unix), UTC).isoformat(timespec="seconds")
    date = message.get("date")
    return date if isinstance(date, str) else None


def _chat_meta(chat: dict[str, Any]) -> dict[str, Any]:
    return {k: chat.get(k) for k in ("name", "type", "id", "username") if chat.get(k) is not None}


def iter_posts(
    export: dict[str, Any], origin: Origin, *, only: int | None = None
) -> Iterator[tuple[Article, RawInput, Origin]]:
    """(article, raw, origin) for each message with text (or only the message with id `only`)."""
    for chat in chats(export):
        name = chat.get("name") if isinstance(chat.get("name"), str) else None
        for message in chat["messages"]:
            if not isinstance(message, dict) or message.get("type", "message") != "message":
                continue
            message_id = message.get("id")
            if not isinstance(message_id, int) or (only is not None and message_id != only):
                continue
            text = flatten_text(message.get("text")).strip()
            if not text:
                continue
            author = message.get("author") or message.get("from")
            article = Article(
                text=text,
                title=f"{name or 'Telegram'}: post {message_id}",
                authors=(author,) if isinstance(author, str) and author else (),
                published=_published(message),
                updated=_edited(message),
                url=message_url(chat, message_id),
                outlet=name,
            )
            payload = {"chat": _chat_meta(chat), "message": message}
            raw = RawInput.of(
                json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8"),
                "application/json",
                "utf-8",
            )
            yield article, raw, replace(origin, locator=f"message {message_id}")


def _edited(message: dict[str, Any]) -> str | None:
    unix = message.get("edited_unixtime")
    if isinstance(unix, str | int) and str(unix).isdigit():
        return datetime.fromtimestamp(int(unix), UTC).isoformat(timespec="seconds")
    edited = message.get("edited")
    return edited if isinstance(edited, str) else None


def read_export(
    data: bytes, origin: Origin, *, only: int | None = None
) -> Iterator[tuple[Document, RawInput]]:
    """(Document, raw) for each post. Raises E105 when the bytes are not an export, E100 for a missing
    message, E104 when no message has text."""
    where = origin.source_path
    export = parse_export(data, where=where)
    if export is None:
        raise InputError("not a Telegram Desktop JSON export", where=where, code=ErrorCode.MALFORMED_JSON)
    found = False
    for article, raw, message_origin in iter_posts(export, origin, only=only):
        found = True
        yield to_document(article, raw, message_origin), raw
    if not found and only is not None:
        raise InputError(
            "no such message with text in the export",
            where=where,
            locator=f"message {only}",
            code=ErrorCode.NOT_FOUND,
        )
    if not found:
        raise InputError("the export holds no message with text", where=where, code=ErrorCode.NO_ARTICLE_TEXT)
