"""Bytes to text: decompression, binary detection, charset detection and content sniffing.

Charset order, most trustworthy first: a byte-order mark; strict UTF-8 (non-ASCII bytes that happen to
form valid UTF-8 are practically never another charset, while pages that declare latin-1 but are UTF-8
are common); the charset the transport declared (HTTP or WARC header); a `<meta charset>` in the page;
then charset-normalizer's guess. A declared charset that does not decode the bytes is ignored.
"""

from __future__ import annotations

import codecs
import gzip
import logging
import re
import zlib
from typing import Literal

from charset_normalizer import from_bytes

from claimledger.errors import ErrorCode, InputError

log = logging.getLogger(__name__)

Kind = Literal["html", "text", "jsonl", "warc"]

GZIP_MAGIC = b"\x1f\x8b"
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# WHATWG: pages labelled latin-1 or ascii are decoded as windows-1252 by every browser.
_CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252",
                    "ascii": "cp1252", "iso8859-1": "cp1252", "x-cp1251": "cp1251", "win-1251": "cp1251"}
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,100}encoding\s*=\s*["']([A-Za-z0-9_.:-]{2,40})""", re.I)
_HTML_HINT = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<title[\s>]", re.I)
_JSON_OBJECT_START = re.compile(rb'\{\s*"[^"\n]{1,200}"\s*:')
_CONTROL = set(range(0, 32)) - {9, 10, 12, 13, 27}
_SNIFF_BYTES = 8192


def gunzip(data: bytes, *, where: str) -> bytes:
    """Decompress gzip data; a truncated or corrupt archive becomes an E103 `InputError`."""
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(
            f"cannot decompress gzip data ({exc or type(exc).__name__}); the file is truncated or corrupt",
            where=where, code=ErrorCode.DECODE_ERROR,
        ) from exc


def maybe_gunzip(data: bytes, *, where: str) -> bytes:
    return gunzip(data, where=where) if data[:2] == GZIP_MAGIC else data


def bom_encoding(data: bytes) -> str | None:
    return next((name for bom, name in _BOMS if data.startswith(bom)), None)


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text in any encoding we read (NUL bytes, many control bytes)."""
    head = data[:_SNIFF_BYTES]
    if not head or bom_encoding(head) in {"utf-16", "utf-32"}:
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b in _CONTROL)
    return controls / len(head) > 0.05


def canonical_charset(name: str | None) -> str | None:
    """A Python codec name for a declared charset, or None when Python does not know it."""
    if not name:
        return None
    label = name.strip().strip("\"'").lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        log.debug("unknown charset label %r ignored", name)
        return None


def declared_html_charset(data: bytes) -> str | None:
    head = data[:_SNIFF_BYTES]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return canonical_charset(match.group(1).decode("ascii", "replace")) if match else None


def _try_decode(data: bytes, encoding: str | None) -> str | None:
    if not encoding:
        return None
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        log.debug("bytes do not decode as declared %s", encoding)
        return None


def decode_bytes(
    data: bytes, *, where: str, declared: str | None = None, html: bool = False
) -> tuple[str, str]:
    """Decode `data` to text and name the encoding used. Raises E101/E102/E103 `InputError`s."""
    if not data.strip():
        raise InputError("input is empty", where=where, code=ErrorCode.EMPTY_INPUT)
    if looks_binary(data):
        raise InputError("input is binary data, not text or HTML", where=where, code=ErrorCode.BINARY_INPUT)
    candidates = [bom_encoding(data), "utf-8", canonical_charset(declared)]
    if html:
        candidates.append(declared_html_charset(data))
    for encoding in candidates:
        text = _try_decode(data, encoding)
        if text is not None:
            return _strip_bom(text), str(encoding)
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError("cannot detect the character encoding", where=where, code=ErrorCode.DECODE_ERROR)
    text = _try_decode(data, best.encoding)
    if text is None:
        raise InputError(f"bytes do not decode as {best.encoding}", where=where, code=ErrorCode.DECODE_ERROR)
    return text, best.encoding


def _strip_bom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


def sniff_kind(data: bytes) -> Kind | None:
    """Guess what `data` (already decompressed) holds; None for binary data."""
    head = data[:_SNIFF_BYTES].lstrip()
    bom = bom_encoding(head)
    if bom in {"utf-16", "utf-32"}:
        head = head.decode(bom, "ignore").encode("utf-8")
    elif bom:
        head = head[len(codecs.BOM_UTF8):].lstrip()
    if head.startswith(b"WARC/"):
        return "warc"
    if looks_binary(head):
        return None
    if _HTML_HINT.search(head[:2048]):
        return "html"
    if _JSON_OBJECT_START.match(head):
        return "jsonl"
    return "text"
