"""Hypothesis fuzzing of every ingest parser: text dumps, JSONL, HTML, WARC, dates, numbers, decoding.

The contract under test: a parser returns its result or raises a `ClaimLedgerError` (which the reader
turns into a recorded `Failure`); no other exception ever escapes. Examples per test default to a
modest number so the suite stays fast; `CLAIMLEDGER_FUZZ_EXAMPLES=5000 pytest tests/test_fuzz_parsers.py`
runs a deep search. The number of inputs tried is printed at the end of the module (`pytest -s`).
"""

from __future__ import annotations

import io
import json
import os
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimledger.errors import ClaimLedgerError
from claimledger.extract.quantities import parse_number
from claimledger.ingest import Loaded, read_inputs
from claimledger.ingest.dates import iso_date
from claimledger.ingest.decode import decode_bytes
from claimledger.ingest.html import extract_html
from claimledger.ingest.jsonl import JsonRecord, parse_line
from claimledger.ingest.textdump import clean_text_dump
from claimledger.ingest.warc import WarcPage, iter_pages
from claimledger.models import Failure

from .conftest import SEED

EXAMPLES = int(os.environ.get("CLAIMLEDGER_FUZZ_EXAMPLES", "0"))
TRIED: Counter[str] = Counter()
SEED_LINES = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
T = TypeVar("T")


def fuzz(default: int) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Hypothesis settings: `default` examples, or CLAIMLEDGER_FUZZ_EXAMPLES for a deep run."""
    return settings(
        max_examples=EXAMPLES or default,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def guarded(name: str, call: Callable[[], T]) -> T | ClaimLedgerError:
    """Run one parser call; our own errors are an allowed outcome, anything else fails the test."""
    TRIED[name] += 1
    try:
        return call()
    except ClaimLedgerError as exc:
        assert exc.message and exc.code.value.startswith("E"), repr(exc)
        return exc


@pytest.fixture(scope="module", autouse=True)
def report_counts() -> Iterator[None]:
    yield
    total = sum(TRIED.values())
    print(f"\nfuzz inputs tried: {total} ({', '.join(f'{k} {v}' for k, v in sorted(TRIED.items()))})")


# -- strategies ----------------------------------------------------------------------------------

odd_characters = st.sampled_from("\x00\r\n\t\u2028\ufeff<>&\"'")
nasty_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]) | odd_characters, max_size=400)
seed_line = st.sampled_from(SEED_LINES)


@st.composite
def text_dumps(draw: st.DrawFn) -> str:
    """Page dumps built from real seed lines, shuffled, cut and mixed with noise lines."""
    lines = draw(st.lists(seed_line | nasty_text, min_size=0, max_size=40))
    cut = draw(st.integers(0, 200))
    return "\n".join(line[: len(line) - cut] if draw(st.booleans()) else line for line in lines)


json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | nasty_text
json_values = st.recursive(
    json_scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(nasty_text, inner, max_size=3),
    max_leaves=10,
)
record_keys = st.sampled_from(
    ["text", "html", "url", "title", "outlet", "authors", "author", "published", "date", "updated", "fetched",
     "language", "source", "query"]
)


@st.composite
def jsonl_lines(draw: st.DrawFn) -> bytes:
    record: dict[str, Any] = draw(st.dictionaries(record_keys, json_values | text_dumps(), max_size=6))
    if draw(st.booleans()):
        record["text"] = draw(text_dumps())
    line = json.dumps(record, ensure_ascii=draw(st.booleans()))
    mangle = draw(st.sampled_from(["none", "cut", "bytes", "prefix"]))
    data = line.encode("utf-8")
    if mangle == "cut":
        data = data[: draw(st.integers(0, len(data)))]
    elif mangle == "bytes":
        data = data + draw(st.binary(max_size=20))
    elif mangle == "prefix":
        data = draw(st.sampled_from([b"\xef\xbb\xbf", b"[", b"\xff", b"  "])) + data
    return data.replace(b"\n", b" ")


tags = st.sampled_from(
    ["p", "div", "article", "span", "h1", "script", "style", "table", "td", "li", "br", "meta"]
)
attributes = st.sampled_from([
    "", ' class="body"', " property='article:published_time' content='2023-05-2", ' charset="x-unknown"',
    " a=b=c", ' content="\x00',
])
prologues = st.sampled_from(["", "<!DOCTYPE html>", "<?xml version='1.0' encoding='latin-1'?>", "<html>"])


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    """Tag soup around real sentences: unclosed, misnested, odd attributes, stray entities."""
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 30))):
        tag = draw(tags)
        attrs = draw(attributes)
        parts.append(f"<{tag}{attrs}>{draw(seed_line | nasty_text)}")
        if draw(st.booleans()):
            parts.append(f"</{draw(tags)}>")
    return draw(prologues) + "".join(parts)


positions = st.integers(0, 2**20)  # taken modulo the length: sizes vary with the generated records
FIXED_WARC_HEADERS = {  # warcio would add the current time and a random id: not reproducible
    "WARC-Date": "2023-05-23T10:00:00Z",
    "WARC-Record-ID": "<urn:uuid:00000000-0000-0000-0000-000000000001>",
}


@st.composite
def warc_streams(draw: st.DrawFn) -> bytes:
    """WARC files written with warcio: assorted record types, statuses, content types, then maybe cut."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=draw(st.booleans()))
    for _ in range(draw(st.integers(0, 4))):
        payload = draw(html_pages() | text_dumps()).encode("utf-8", "surrogatepass")
        content_type = draw(st.sampled_from(
            ["text/html; charset=utf-8", "text/plain", "application/pdf", "text/html; charset=bogus", ""]
        ))
        rec_type = draw(st.sampled_from(["response", "resource", "request", "metadata"]))
        if rec_type == "request":
            payload = b"GET /a HTTP/1.1\r\nHost: example.org\r\n\r\n"
        status = draw(st.sampled_from(["200 OK", "404 Not Found", "301 Moved", "200"]))
        http = (StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
                if rec_type == "response" else None)
        record = writer.create_warc_record(
            draw(st.sampled_from(["https://example.org/a", "not a uri", ""])), rec_type,
            payload=io.BytesIO(payload), http_headers=http,
            warc_content_type=content_type if rec_type == "resource" else None,
            warc_headers_dict=FIXED_WARC_HEADERS,
        )
        writer.write_record(record)
    data = buffer.getvalue()
    mangle = draw(st.sampled_from(["none", "cut", "flip", "append"]))
    if mangle == "cut" and data:
        data = data[: draw(positions) % len(data)]
    elif mangle == "flip" and data:
        at = draw(positions) % len(data)
        data = data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1:]
    elif mangle == "append":
        data += draw(st.binary(max_size=64))
    return data


# -- properties ----------------------------------------------------------------------------------


@fuzz(150)
@given(text_dumps() | nasty_text, st.none() | seed_line)
def test_text_dump_cleaner_never_crashes(raw: str, title: str | None) -> None:
    result = guarded("textdump", lambda: clean_text_dump(raw, title=title))
    assert not isinstance(result, ClaimLedgerError)
    assert isinstance(result.text, str)
    assert result.published is None or iso_date(result.published) is not None


@fuzz(200)
@given(jsonl_lines() | st.binary(max_size=200))
def test_jsonl_line_parser_returns_a_record_or_an_input_error(line: bytes) -> None:
    result = guarded("jsonl", lambda: parse_line(line, where="x.jsonl", locator="line 1"))
    if isinstance(result, JsonRecord):
        assert (result.text or "").strip() or (result.html or "").strip()


@fuzz(40)
@given(st.lists(jsonl_lines() | st.binary(max_size=80), min_size=1, max_size=5))
def test_jsonl_file_gives_one_item_per_line(
    tmp_path_factory: pytest.TempPathFactory, lines: list[bytes]
) -> None:
    path = tmp_path_factory.mktemp("jsonl") / "fuzz.jsonl"
    path.write_bytes(b"\n".join(line.replace(b"\n", b" ").replace(b"\r", b" ") for line in lines))
    TRIED["jsonl file"] += 1
    items = list(read_inputs([str(path)]))
    assert items and all(isinstance(i, Loaded | Failure) for i in items)
    for item in items:
        if isinstance(item, Failure):
            assert item.code and item.message


@fuzz(60)
@given(html_pages() | nasty_text)
def test_html_extractor_returns_an_article_or_an_input_error(html: str) -> None:
    result = guarded("html", lambda: extract_html(html, where="x.html"))
    if not isinstance(result, ClaimLedgerError):
        assert result.text.strip()


@fuzz(60)
@given(warc_streams())
def test_warc_reader_yields_pages_or_record_errors(data: bytes) -> None:
    TRIED["warc"] += 1
    items = list(iter_pages(io.BytesIO(data), where="x.warc"))
    assert all(isinstance(i, WarcPage | ClaimLedgerError) for i in items)


@fuzz(20)
@given(warc_streams())
def test_warc_file_through_the_reader(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("warc") / "fuzz.warc"
    path.write_bytes(data)
    TRIED["warc file"] += 1
    for item in read_inputs([str(path)]):
        assert isinstance(item, Loaded) or (item.code and item.message)


@fuzz(200)
@given(nasty_text | st.sampled_from(
    ["2023-05-22", "May 22, 2023 10:00", "22/05/2023", "2023-02-30", "0000-00-00", "2023-05-22T25:00Z"]
))
def test_dates_are_iso_or_none(value: str) -> None:
    result = guarded("dates", lambda: iso_date(value))
    assert result is None or isinstance(result, str)
    if isinstance(result, str):
        parsed = date.fromisoformat(result) if len(result) == 10 else datetime.fromisoformat(result)
        assert 1990 <= parsed.year <= 2100


@fuzz(100)
@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 12, 31)), st.booleans())
def test_iso_dates_round_trip(moment: datetime, date_only: bool) -> None:
    written = moment.date().isoformat() if date_only else moment.isoformat()
    assert guarded("dates", lambda: iso_date(written)) == written


number_phrases = st.from_regex(
    r"(a |about )?[0-9,.]{1,12}( (million|thousand|hundred|k|bn))?", fullmatch=True
)
number_words = st.lists(st.sampled_from(
    ["one", "two", "twenty", "hundred", "thousand", "million", "and", "a", "dozen", "-", "nine", "forty"]
), min_size=1, max_size=6).map(" ".join)


@fuzz(300)
@given(nasty_text | number_phrases | number_words)
def test_parse_number_never_raises(text: str) -> None:
    result = guarded("numbers", lambda: parse_number(text))
    assert result is None or isinstance(result, float)


@fuzz(200)
@given(st.integers(0, 10**12))
def test_parse_number_reads_grouped_digits(value: int) -> None:
    assert guarded("numbers", lambda: parse_number(f"{value:,}")) == float(value)


@fuzz(200)
@given(st.binary(max_size=300) | nasty_text.map(lambda s: s.encode("utf-8", "surrogatepass")),
       st.none() | st.sampled_from(["utf-8", "windows-1251", "latin-1", "bogus", "utf-16"]), st.booleans())
def test_decoding_gives_text_or_an_input_error(data: bytes, declared: str | None, html: bool) -> None:
    result = guarded("decode", lambda: decode_bytes(data, where="x", declared=declared, html=html))
    if not isinstance(result, ClaimLedgerError):
        text, encoding = result
        assert isinstance(text, str) and encoding


def test_fixture_paths_exist() -> None:
    assert Path(SEED).exists() and SEED_LINES
