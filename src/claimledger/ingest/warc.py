"""WARC files: every `response` (or `resource`) record that holds an HTML or text page.

Records are numbered from 1 in file order, counting every record (requests and metadata too), so
`record 7` names the same record however the file is filtered. A record that cannot be read becomes an
E107 error for that record; a broken or truncated file ends the iteration with one error.
"""

from __future__ import annotations

import io
import logging
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from claimledger.errors import ErrorCode, InputError

log = logging.getLogger(__name__)

PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
_READ_ERRORS = (ArchiveLoadFailed, OSError, EOFError, ValueError, zlib.error)


@dataclass(frozen=True, slots=True)
class WarcPage:
    number: int
    payload: bytes
    media_type: str
    charset: str | None
    target_uri: str | None
    warc_date: str | None


def iter_pages(stream: IO[bytes], *, where: str, only: int | None = None) -> Iterator[WarcPage | InputError]:
    """Pages in the WARC read from `stream`; `only` restricts to one record number."""
    archive = ArchiveIterator(stream)
    records = iter(archive)
    number = 0
    while True:
        number += 1
        try:
            record = next(records)
        except StopIteration:
            if only is None and _trailing_bytes(archive, stream):
                yield _error("the file ends in the middle of a record (truncated)", where, number)
            return
        except Exception as exc:  # warcio raises assorted errors on malformed headers; all mean "unreadable"
            yield _error(f"unreadable WARC data: {exc or type(exc).__name__}", where, number)
            return
        if only is not None and number != only:
            continue
        try:
            page = _page(record, number)
            _check_complete(record)
        except _READ_ERRORS as exc:  # the record is bounded, so the next one can still be read
            page = _error(f"cannot read the record's payload: {exc or type(exc).__name__}", where, number)
        if page is not None:
            yield page
        if only is not None:
            return


def _page(record: Any, number: int) -> WarcPage | InputError | None:
    if record.rec_type not in ("response", "resource"):
        return None
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    if record.rec_type == "response":
        if headers is None:
            log.info("WARC record %d: response without HTTP headers skipped", number)
            return None
        status = headers.get_statuscode()
        if not status.startswith("2"):
            log.info("WARC record %d: HTTP %s response skipped", number, status)
            return None
    content_type = (headers.get_header("Content-Type") if headers else None) or ""
    media_type, charset = split_content_type(content_type)
    if media_type not in PAGE_TYPES:
        log.debug("WARC record %d: %s skipped", number, media_type or "no content type")
        return None
    payload = record.content_stream().read()
    return WarcPage(
        number=number,
        payload=payload,
        media_type=media_type,
        charset=charset,
        target_uri=record.rec_headers.get_header("WARC-Target-URI"),
        warc_date=record.rec_headers.get_header("WARC-Date"),
    )


def _trailing_bytes(archive: ArchiveIterator, stream: IO[bytes]) -> bool:
    """warcio stops quietly at a record cut short in its headers; bytes left after the last record say so."""
    try:
        end = stream.seek(0, io.SEEK_END)
        if archive.offset >= end:
            return False
        stream.seek(archive.offset)
        return bool(stream.read(4096).strip())
    except (OSError, ValueError):
        return False


def _check_complete(record: Any) -> None:
    """warcio reads a record cut short by the end of the file without complaint; we do not."""
    raw = record.raw_stream
    while raw.read(65536):
        pass
    missing = getattr(raw, "limit", 0)
    if missing > 0:
        raise EOFError(f"record is truncated: {missing} of its {record.length} bytes are missing")


def split_content_type(value: str) -> tuple[str, str | None]:
    """`text/html; charset=windows-1251` -> ("text/html", "windows-1251")."""
    parts = [p.strip() for p in value.split(";")]
    charset = next((p.split("=", 1)[1].strip("\"' ") for p in parts[1:] if p.lower().startswith("charset=")),
                   None)
    return parts[0].lower(), charset or None


def _error(message: str, where: str, number: int) -> InputError:
    return InputError(message, where=where, locator=f"record {number}", code=ErrorCode.WARC_RECORD)
