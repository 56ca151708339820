"""Targets (files, directories, URLs) -> `Loaded` documents or `Failure`s, one input at a time.

Nothing in here raises for bad input: every problem becomes a `Failure` naming the input, the place in
it (`line 3`, `record 2`) and a stable error code, and the batch goes on with the next input.
"""

from __future__ import annotations

import io
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import IO

from claimledger.errors import ClaimLedgerError, ErrorCode, InputError
from claimledger.ingest.article import Article, Origin, to_document
from claimledger.ingest.dates import iso_date
from claimledger.ingest.decode import (
    GZIP_MAGIC,
    Kind,
    decode_bytes,
    gunzip,
    looks_binary,
    maybe_gunzip,
    sniff_kind,
)
from claimledger.ingest.fetch import fetch_url, is_url
from claimledger.ingest.html import extract_html
from claimledger.ingest.jsonl import JsonRecord, iter_lines, line_at, parse_line
from claimledger.ingest.telegram import looks_like_export, parse_export, read_export
from claimledger.ingest.textdump import clean_text_dump
from claimledger.ingest.warc import WarcPage, iter_pages
from claimledger.models import Document, Failure, RawInput

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Loaded:
    """One ingested document and the exact bytes it came from."""

    document: Document
    raw: RawInput


Item = Loaded | Failure

EXTENSIONS: dict[str, Kind] = {
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".txt": "text", ".text": "text",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonlines": "jsonl",
    ".warc": "warc", ".arc": "warc",
}
# Files that sit next to articles but are not articles: skipped in directory walks (read when named).
SKIPPED_IN_DIRECTORIES = frozenset({
    ".md", ".rst", ".json", ".yaml", ".yml", ".toml", ".cfg", ".ini", ".py", ".csv", ".tsv", ".xml",
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".ico", ".bmp", ".tif", ".tiff",
    ".css", ".js", ".map", ".woff", ".woff2", ".ttf", ".otf", ".eot",
    ".mp3", ".mp4", ".webm", ".ogg", ".wav", ".zip", ".tar", ".db", ".sqlite", ".pyc",
})
_SKIPPED_NAMES = re.compile(r"^(readme|license|licence|copying|notice|changelog|authors)\b", re.I)
_LOCATOR = re.compile(r"^(?P<unit>line|record|message) (?P<number>[1-9]\d*)$")


def read_inputs(targets: Iterable[str], *, fetch: bool, story: str | None) -> Iterator[Item]:
    for target in targets:
        yield from _guarded(target, partial(_read_target, target, fetch=fetch, story=story))


def reread(where: str, locator: str, *, fetch: bool, story: str | None = None) -> Iterator[Item]:
    """Read exactly the one input a `Failure(where, locator)` names."""
    yield from _guarded(where, partial(_reread, where, locator, fetch=fetch, story=story))


def _guarded(where: str, produce: Callable[[], Iterator[Item]]) -> Iterator[Item]:
    """Run a reader; a bug in a third-party parser becomes a Failure instead of ending the batch."""
    try:
        yield from produce()
    except ClaimLedgerError as exc:
        yield _failure(exc, where, None)
    except Exception as exc:  # last line of defence: one hostile input must not stop the batch
        log.exception("unexpected error while reading %s", where)
        yield Failure(where, ErrorCode.UNSUPPORTED_INPUT.value, f"unexpected error: {exc!r}", "", None)


def _failure(exc: ClaimLedgerError, where: str, kind: str | None) -> Failure:
    log.info("failed: %s", exc)
    return Failure(exc.where or where, exc.code.value, exc.message, exc.locator or "", kind)


def _read_target(target: str, *, fetch: bool, story: str | None) -> Iterator[Item]:
    if is_url(target):
        yield from _read_url(target, fetch=fetch, story=story)
        return
    path = Path(target)
    if not path.exists():
        yield Failure(target, ErrorCode.NOT_FOUND.value, "no such file or directory", "", None)
    elif path.is_dir():
        for file in walk(path):
            yield from _guarded(str(file), partial(_read_file, file, story=story))
    else:
        yield from _read_file(path, story=story)


def walk(directory: Path) -> Iterator[Path]:
    """Files under `directory` in sorted path order (depth first, like `find | sort`).

    Hidden files and folders are skipped, and so are symlinked folders (they can loop).
    """
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError as exc:
        log.warning("cannot list %s: %s", directory, exc.strerror or exc)
        return
    for entry in entries:
        path = Path(directory) / entry.name
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from walk(path)
        elif entry.is_file() and not _skipped(path):
            yield path
        else:
            log.debug("skipping %s", path)


def _skipped(path: Path) -> bool:
    name = path.name.lower().removesuffix(".gz")
    if Path(name).suffix == ".json":
        return not _is_telegram_file(path)  # a Telegram export (result.json) is read in walks too
    return bool(_SKIPPED_NAMES.match(name)) or Path(name).suffix in SKIPPED_IN_DIRECTORIES


def _is_telegram_file(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            head = stream.read(65536)
    except OSError:
        return False
    return looks_like_export(head)


def kind_from_name(path: Path) -> Kind | None:
    return EXTENSIONS.get(Path(path.name.lower().removesuffix(".gz")).suffix)


def _read_file(path: Path, *, story: str | None, only: str = "") -> Iterator[Item]:
    where = str(path)
    kind = kind_from_name(path)
    try:
        if kind == "warc":
            yield from _read_warc(path, story=story, only=_number(only, "record"))
            return
        data = _read_bytes(path)
        if kind in (None, "jsonl") and _telegram_export(data, where):
            yield from _read_telegram(data, Origin(source_path=where, input_kind="telegram", story=story),
                                      only=_number(only, "message"))
            return
        kind = kind if kind is not None else _sniffed(data, where)
        if kind == "text" and sniff_kind(data) == "html":
            kind = "html"  # a page saved with the wrong extension
        origin = Origin(source_path=where, input_kind=kind, story=story)
        yield from _from_bytes(kind, data, origin, only_line=_number(only, "line"))
    except InputError as exc:
        yield _failure(exc, where, kind)


def _read_bytes(path: Path) -> bytes:
    where = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _unreadable(exc, where) from exc
    if not data.strip():
        raise InputError("file is empty", where=where, code=ErrorCode.EMPTY_INPUT)
    if path.name.lower().endswith(".gz") or data[:2] == GZIP_MAGIC:
        data = gunzip(data, where=where)
        if not data.strip():
            raise InputError("file is empty after decompression", where=where, code=ErrorCode.EMPTY_INPUT)
    return data


def _unreadable(exc: OSError, where: str) -> InputError:
    return InputError(f"cannot read: {exc.strerror or exc}", where=where, code=ErrorCode.NOT_FOUND)


def _sniffed(data: bytes, where: str) -> Kind:
    kind = sniff_kind(data)
    if kind is None:
        raise InputError("unsupported input: binary data with an unknown file extension", where=where,
                         code=ErrorCode.UNSUPPORTED_INPUT)
    if kind == "warc":
        raise InputError("WARC data needs a .warc or .warc.gz file name", where=where,
                         code=ErrorCode.UNSUPPORTED_INPUT)
    return kind


def _telegram_export(data: bytes, where: str) -> bool:
    """Detected by content: a JSON object with a "messages" list (or a full export's "chats")."""
    return looks_like_export(data) and parse_export(data, where=where) is not None


def _read_telegram(data: bytes, origin: Origin, *, only: int | None) -> Iterator[Item]:
    for document, raw in read_export(data, origin, only=only):
        yield Loaded(document, raw)


def _number(locator: str, unit: str) -> int | None:
    match = _LOCATOR.match(locator)
    return int(match.group("number")) if match and match.group("unit") == unit else None


def _from_bytes(kind: Kind, data: bytes, origin: Origin, *, only_line: int | None = None,
                charset: str | None = None, url: str | None = None) -> Iterator[Item]:
    if kind == "jsonl":
        yield from _read_jsonl(data, origin, only_line=only_line)
    elif kind == "warc":
        yield from _warc_pages(io.BytesIO(data), origin, only=None)
    elif kind == "html":
        yield _html_item(data, origin, charset=charset, url=url)
    else:
        yield _text_item(data, origin, charset=charset, url=url)


def _html_item(data: bytes, origin: Origin, *, charset: str | None = None, url: str | None = None) -> Loaded:
    where = _where(origin)
    text, encoding = decode_bytes(data, where=where, declared=charset, html=True)
    article = extract_html(text, where=where, url=url)
    raw = RawInput.of(data, "text/html", encoding)
    return Loaded(to_document(article, raw, origin), raw)


def _text_item(data: bytes, origin: Origin, *, charset: str | None = None, url: str | None = None) -> Loaded:
    where = _where(origin)
    text, encoding = decode_bytes(data, where=where, declared=charset)
    article = _clean_text(text, where=where, url=url)
    raw = RawInput.of(data, "text/plain", encoding)
    return Loaded(to_document(article, raw, origin), raw)


def _clean_text(text: str, *, where: str, url: str | None, title: str | None = None) -> Article:
    clean = clean_text_dump(text, title=title)
    if not clean.text:
        raise InputError("no article text left after removing page boilerplate", where=where,
                         code=ErrorCode.NO_ARTICLE_TEXT)
    return Article(text=clean.text, title=clean.title, authors=clean.authors, published=clean.published,
                   updated=clean.updated, url=url, outlet=clean.outlet)


def _where(origin: Origin) -> str:
    return origin.source_path


def _read_jsonl(data: bytes, origin: Origin, *, only_line: int | None) -> Iterator[Item]:
    where = origin.source_path
    if looks_binary(data):
        raise InputError("input is binary data, not JSON Lines", where=where, code=ErrorCode.BINARY_INPUT)
    if only_line is not None:
        line = line_at(data, only_line)
        if line is None or not line.strip():
            raise InputError("no such line in the file", where=where, locator=f"line {only_line}",
                             code=ErrorCode.NOT_FOUND)
        lines: Iterator[tuple[int, bytes]] = iter([(only_line, line)])
    else:
        lines = iter_lines(data)
    for number, line in lines:
        locator = f"line {number}"
        try:
            yield _jsonl_item(line, replace(origin, locator=locator))
        except InputError as exc:
            exc.locator = exc.locator or locator
            yield _failure(exc, where, "jsonl")


def _jsonl_item(line: bytes, origin: Origin) -> Loaded:
    where = origin.source_path
    record = parse_line(line, where=where, locator=origin.locator)
    try:
        article = _record_article(record, where=where)
    except InputError as exc:
        exc.locator = origin.locator
        raise
    if record.fetched:
        origin = replace(origin, fetched=iso_date(record.fetched) or record.fetched)
    raw = RawInput.of(line, "application/json", "utf-8")
    return Loaded(to_document(article, raw, origin), raw)


def _record_article(record: JsonRecord, *, where: str) -> Article:
    """The record's own fields win over what the text or HTML suggests."""
    if record.text:
        found = _clean_text(record.text, where=where, url=record.url, title=record.title)
    else:
        found = extract_html(record.html or "", where=where, url=record.url)
    return Article(
        text=found.text,
        title=record.title or found.title,
        authors=record.authors or found.authors,
        published=iso_date(record.published) or found.published,
        updated=iso_date(record.updated) or found.updated,
        url=record.url or found.url,
        outlet=record.outlet or found.outlet,
        language=record.language or found.language,
    )


def _read_warc(path: Path, *, story: str | None, only: int | None) -> Iterator[Item]:
    where = str(path)
    try:
        size = path.stat().st_size
        stream = path.open("rb")
    except OSError as exc:
        raise _unreadable(exc, where) from exc
    if size == 0:
        stream.close()
        raise InputError("file is empty", where=where, code=ErrorCode.EMPTY_INPUT)
    with stream:
        origin = Origin(source_path=where, input_kind="warc", story=story)
        yield from _warc_pages(stream, origin, only=only)


def _warc_pages(stream: IO[bytes], origin: Origin, *, only: int | None) -> Iterator[Item]:
    where = origin.source_path
    found = False
    for page in iter_pages(stream, where=where, only=only):
        found = True
        if isinstance(page, InputError):
            yield _failure(page, where, "warc")
            continue
        try:
            yield _warc_item(page, origin)
        except InputError as exc:
            exc.locator = f"record {page.number}"
            yield _failure(exc, where, "warc")
    if only is not None and not found:
        yield Failure(where, ErrorCode.WARC_RECORD.value, "no such record, or it holds no HTML or text page",
                      f"record {only}", "warc")


def _warc_item(page: WarcPage, origin: Origin) -> Loaded:
    origin = replace(origin, locator=f"record {page.number}", fetched=iso_date(page.warc_date))
    kind: Kind = "text" if page.media_type == "text/plain" else "html"
    if kind == "html":
        return _html_item(page.payload, origin, charset=page.charset, url=page.target_uri)
    return _text_item(page.payload, origin, charset=page.charset, url=page.target_uri)


def _read_url(url: str, *, fetch: bool, story: str | None) -> Iterator[Item]:
    if not fetch:
        yield Failure(url, ErrorCode.FETCH_DISABLED.value,
                      "fetching URLs is disabled; allow it explicitly (ingest --fetch)", "", "url")
        return
    try:
        response = fetch_url(url)
        data = maybe_gunzip(response.body, where=url)
        kind = _url_kind(response.media_type, data, url)
        origin = Origin(source_path=url, input_kind="url", fetched=response.fetched, story=story)
        yield from _from_bytes(kind, data, origin, charset=response.charset, url=response.url)
    except InputError as exc:
        yield _failure(exc, url, "url")


def _url_kind(media_type: str, data: bytes, url: str) -> Kind:
    if media_type in ("text/html", "application/xhtml+xml"):
        return "html"
    if media_type == "text/plain":
        return "html" if sniff_kind(data) == "html" else "text"
    if not data.strip():
        raise InputError("the response is empty", where=url, code=ErrorCode.EMPTY_INPUT)
    kind = sniff_kind(data)
    if kind is None:
        raise InputError(f"unsupported content type {media_type or 'unknown'} (binary data)", where=url,
                         code=ErrorCode.UNSUPPORTED_INPUT)
    return kind


def _reread(where: str, locator: str, *, fetch: bool, story: str | None) -> Iterator[Item]:
    if is_url(where):
        yield from _read_url(where, fetch=fetch, story=story)
        return
    if locator and not _LOCATOR.match(locator):
        yield Failure(where, ErrorCode.USAGE.value, f"unknown locator {locator!r}", locator, None)
        return
    path = Path(where)
    if not path.is_file():
        yield from _read_target(where, fetch=fetch, story=story)
        return
    yield from _read_file(path, story=story, only=locator)
