"""HTTP(S) GET for URL targets: a timeout, a size cap and a User-Agent that names claimledger."""

from __future__ import annotations

import gzip
import logging
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime

from claimledger import __version__
from claimledger.errors import ErrorCode, InputError
from claimledger.ingest.warc import split_content_type

log = logging.getLogger(__name__)

USER_AGENT = f"claimledger/{__version__} (news claim ledger; +https://github.com/claimledger/claimledger)"
TIMEOUT_SECONDS = 20.0
MAX_BYTES = 20 * 1024 * 1024
_ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # after redirects
    body: bytes
    media_type: str
    charset: str | None
    fetched: str  # ISO 8601 UTC time of the fetch


def is_url(target: str) -> bool:
    return target.lower().startswith(("http://", "https://"))


def fetch_url(url: str, *, timeout: float = TIMEOUT_SECONDS, max_bytes: int = MAX_BYTES) -> Fetched:
    """GET `url`. Every failure (HTTP status, network, timeout, oversize) is an E108 `InputError`."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT})
    fetched = datetime.now(UTC).replace(microsecond=0).isoformat()
    log.info("fetching %s", url)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(max_bytes + 1)
            final_url = response.geturl()
            content_type = response.headers.get("Content-Type", "")
            encoding = (response.headers.get("Content-Encoding") or "").lower()
    except urllib.error.HTTPError as exc:
        raise _error(url, f"HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        raise _error(url, f"cannot fetch: {exc.reason}") from exc
    except (TimeoutError, OSError, ValueError) as exc:
        raise _error(url, f"cannot fetch: {exc or type(exc).__name__}") from exc
    if len(body) > max_bytes:
        raise _error(url, f"response is larger than {max_bytes} bytes")
    media_type, charset = split_content_type(content_type)
    return Fetched(final_url, _decompress(body, encoding, url), media_type, charset, fetched)


def _decompress(body: bytes, encoding: str, url: str) -> bytes:
    if encoding not in ("gzip", "x-gzip", "deflate"):
        return body
    try:
        return gzip.decompress(body) if "gzip" in encoding else zlib.decompress(body)
    except (OSError, EOFError, zlib.error) as exc:
        raise _error(url, f"cannot decompress the {encoding} response: {exc}") from exc


def _error(url: str, message: str) -> InputError:
    return InputError(message, where=url, code=ErrorCode.HTTP_ERROR)
