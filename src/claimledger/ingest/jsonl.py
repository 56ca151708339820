"""JSON Lines: one article per line (`url, outlet, title, published, text` or `html`).

Only known fields are read; anything else on the record (`query`, crawl notes ...) is ignored. Line
numbers are 1-based physical lines, so `line 3` is what an editor shows; blank lines are skipped.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from claimledger.errors import ErrorCode, InputError
from claimledger.ingest.text import normalize_space

log = logging.getLogger(__name__)

_AUTHOR_SPLIT = re.compile(r"\s*(?:;|,|\band\b|&)\s*")


@dataclass(frozen=True, slots=True)
class JsonRecord:
    """The article fields of one JSONL line, each validated to the type we need."""

    text: str | None
    html: str | None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    updated: str | None = None
    fetched: str | None = None
    language: str | None = None


def iter_lines(data: bytes) -> Iterator[tuple[int, bytes]]:
    """(1-based line number, line bytes without the line ending) for every non-blank line."""
    for number, line in enumerate(data.split(b"\n"), start=1):
        line = line.removesuffix(b"\r")
        if line.strip():
            yield number, line


def line_at(data: bytes, number: int) -> bytes | None:
    """The bytes of physical line `number` (1-based), or None when the file is shorter."""
    lines = data.split(b"\n")
    return lines[number - 1].removesuffix(b"\r") if 1 <= number <= len(lines) else None


def parse_line(line: bytes, *, where: str, locator: str) -> JsonRecord:
    """Parse one line. Raises `InputError` E103 (not UTF-8), E105 (not a JSON object), E106 (no text)."""
    try:
        decoded = line.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"line is not valid UTF-8 ({exc.reason} at byte {exc.start})", where=where,
                         locator=locator, code=ErrorCode.DECODE_ERROR) from exc
    try:
        data = json.loads(decoded)
    except (ValueError, RecursionError) as exc:
        raise InputError(f"malformed JSON: {exc}", where=where, locator=locator,
                         code=ErrorCode.MALFORMED_JSON) from exc
    if not isinstance(data, dict):
        raise InputError(f"JSON line is a {type(data).__name__}, not an object", where=where,
                         locator=locator, code=ErrorCode.MALFORMED_JSON)
    return _record(data, where=where, locator=locator)


def _record(data: dict[str, Any], *, where: str, locator: str) -> JsonRecord:
    text, html = _text_field(data, "text"), _text_field(data, "html")
    if not (text and text.strip()) and not (html and html.strip()):
        raise InputError("record has no non-empty 'text' or 'html' field", where=where, locator=locator,
                         code=ErrorCode.MISSING_FIELD)
    return JsonRecord(
        text=text if text and text.strip() else None,
        html=html if html and html.strip() else None,
        url=_string(data, "url"),
        outlet=_string(data, "outlet") or _string(data, "source") or _string(data, "sitename"),
        title=_string(data, "title"),
        authors=_authors(data.get("authors", data.get("author"))),
        published=_string(data, "published") or _string(data, "date"),
        updated=_string(data, "updated") or _string(data, "modified"),
        fetched=_string(data, "fetched"),
        language=_string(data, "language"),
    )


def _text_field(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    return value if isinstance(value, str) else None


def _string(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        log.debug("JSONL field %r ignored: %s is not a string", key, type(value).__name__)
        return None
    return normalize_space(value) or None if value else None


def _authors(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        names = _AUTHOR_SPLIT.split(value)
    elif isinstance(value, list):
        names = [v for v in value if isinstance(v, str)]
    else:
        return ()
    return tuple(dict.fromkeys(n for n in map(normalize_space, names) if n))
