"""JSON Lines input: one article per line, locators, raw line bytes, malformed lines, and the parser."""

from __future__ import annotations

import gzip
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.errors import InputError
from claimledger.ingest import Loaded, read_inputs, reread
from claimledger.ingest.jsonl import iter_lines, parse_line
from claimledger.models import Failure

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
JSONL = FIXTURES / "articles.jsonl"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def items() -> list[Loaded | Failure]:
    return list(read_inputs([str(JSONL)], story="flood"))


def test_one_item_per_non_blank_line_in_order(items: list[Loaded | Failure]) -> None:
    locators = [(i.document.source_locator if isinstance(i, Loaded) else i.locator) for i in items]
    assert locators == ["line 1", "line 2", "line 3", "line 4", "line 6"]


def test_text_record(items: list[Loaded | Failure]) -> None:
    first = items[0]
    assert isinstance(first, Loaded)
    doc = first.document
    assert (doc.url, doc.outlet, doc.title, doc.published) == (
        "https://a.example.com/news/flood-1", "a.example.com", "Flood reaches the city", "2023-06-07")
    assert doc.text == (
        "Water reached the city centre on Wednesday morning, officials said, and hundreds of people were "
        "moved to shelters.\n\nRescue teams used boats to reach residents trapped on upper floors."
    )
    assert doc.input_kind == "jsonl" and doc.story == "flood" and doc.source_path == str(JSONL)
    assert "query" not in json.dumps(doc.to_json()) and "flood city" not in doc.text


def test_raw_is_the_line_bytes(items: list[Loaded | Failure]) -> None:
    lines = JSONL.read_bytes().split(b"\n")
    for item in items:
        if isinstance(item, Loaded):
            number = int(str(item.document.source_locator).split()[1])
            assert item.raw.data == lines[number - 1]
            assert item.raw.media_type == "application/json"


def test_html_record_uses_the_html_and_the_record_fields(items: list[Loaded | Failure]) -> None:
    second = items[1]
    assert isinstance(second, Loaded)
    doc = second.document
    assert doc.title == "Dam: what we know"  # the record's title is empty: the page's is used
    assert doc.published == "2023-06-08T09:30:00+00:00"
    assert doc.text.startswith("The dam was breached early on Tuesday")


def test_malformed_and_missing_field_lines(items: list[Loaded | Failure]) -> None:
    bad, missing = items[2], items[3]
    assert isinstance(bad, Failure) and isinstance(missing, Failure)
    assert (bad.code, bad.locator, bad.input_kind, bad.where) == ("E105", "line 3", "jsonl", str(JSONL))
    assert "malformed JSON" in bad.message
    assert (missing.code, missing.locator) == ("E106", "line 4")
    assert "'text' or 'html'" in missing.message


def test_authors_list_and_date_prefix(items: list[Loaded | Failure]) -> None:
    last = items[4]
    assert isinstance(last, Loaded)
    assert last.document.authors == ("Ann Smith", "Bo Li")
    assert last.document.published == "2023-06-09"  # from the text's "date ..." prefix: the field is empty
    assert last.document.text.startswith("Evacuation figures were revised on Friday.")


def test_reread_one_line() -> None:
    again = list(reread(str(JSONL), "line 2"))
    assert len(again) == 1 and isinstance(again[0], Loaded)
    assert again[0].document.source_locator == "line 2"
    failed = list(reread(str(JSONL), "line 3"))
    assert len(failed) == 1 and isinstance(failed[0], Failure) and failed[0].locator == "line 3"
    gone = list(reread(str(JSONL), "line 99"))
    assert isinstance(gone[0], Failure) and gone[0].code == "E100"


def test_jsonl_gz_and_crlf(tmp_path: Path) -> None:
    packed = tmp_path / "a.jsonl.gz"
    packed.write_bytes(gzip.compress(JSONL.read_bytes().replace(b"\n", b"\r\n")))
    items = list(read_inputs([str(packed)]))
    assert [type(i).__name__ for i in items] == ["Loaded", "Loaded", "Failure", "Failure", "Loaded"]


def test_binary_junk_jsonl(tmp_path: Path) -> None:
    junk = tmp_path / "junk.jsonl"
    junk.write_bytes(bytes(range(256)) * 4)
    items = list(read_inputs([str(junk)]))
    assert len(items) == 1 and isinstance(items[0], Failure) and items[0].code == "E102"


def test_empty_jsonl(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"\n\n")
    items = list(read_inputs([str(empty)]))
    assert len(items) == 1 and isinstance(items[0], Failure) and items[0].code == "E101"


def test_non_utf8_line_and_non_object_lines(tmp_path: Path) -> None:
    path = tmp_path / "odd.jsonl"
    path.write_bytes(b'{"text": "caf\xe9 au lait"}\n[1, 2]\n"text"\n{"text": 5}\n')
    codes = [(i.code, i.locator) for i in read_inputs([str(path)]) if isinstance(i, Failure)]
    assert codes == [("E103", "line 1"), ("E105", "line 2"), ("E105", "line 3"), ("E106", "line 4")]


def test_bundled_kakhovka_corpus_reads_completely() -> None:
    corpus = ROOT / "examples" / "kakhovka" / "kakhovka.jsonl"
    items = list(read_inputs([str(corpus)], story="kakhovka-dam"))
    assert len(items) == 40 and all(isinstance(i, Loaded) for i in items)
    docs = [i.document for i in items if isinstance(i, Loaded)]
    assert len({d.id for d in docs}) == 40
    assert all(d.story == "kakhovka-dam" and d.text and "\n\n\n" not in d.text for d in docs)


_RECORD = st.fixed_dictionaries(
    {"text": st.text(min_size=1, max_size=300)},
    optional={
        "url": st.one_of(st.none(), st.text(max_size=30), st.integers()),
        "title": st.one_of(st.none(), st.text(max_size=40)),
        "outlet": st.text(max_size=20),
        "published": st.one_of(st.text(max_size=25), st.just("2023-06-07")),
        "authors": st.one_of(st.text(max_size=30), st.lists(st.one_of(st.text(max_size=10), st.integers()))),
        "query": st.text(max_size=20),
    },
)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_parser_never_raises_anything_but_input_errors(line: bytes) -> None:
    try:
        record = parse_line(line, where="f.jsonl", locator="line 1")
    except InputError as exc:
        assert exc.code.value in {"E103", "E105", "E106"}
        assert exc.locator == "line 1" and exc.where == "f.jsonl"
    else:
        assert record.text or record.html


@settings(max_examples=200, deadline=None)
@given(_RECORD)
def test_parser_reads_every_valid_record(data: dict[str, object]) -> None:
    line = json.dumps(data).encode()
    text = data["text"]
    assert isinstance(text, str)
    if not text.strip():
        with pytest.raises(InputError):
            parse_line(line, where="f", locator="line 1")
        return
    record = parse_line(line, where="f", locator="line 1")
    assert record.text == text
    url = data.get("url")
    assert record.url == (" ".join(url.split()) or None if isinstance(url, str) else None)
    assert all(isinstance(a, str) and a == a.strip() and a for a in record.authors)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(_RECORD.map(json.dumps), st.text(max_size=40), st.just("")), max_size=12))
def test_file_locators_and_raw_bytes_match_lines(lines: list[str]) -> None:
    data = "\n".join(line.replace("\n", " ").replace("\r", " ") for line in lines).encode()
    physical = data.split(b"\n")
    expected = [n for n, line in iter_lines(data)]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.jsonl"
        path.write_bytes(data)
        items = list(read_inputs([str(path)]))
    if not data.strip():
        assert len(items) == 1 and isinstance(items[0], Failure) and items[0].code == "E101"
        return
    if len(items) == 1 and isinstance(items[0], Failure) and items[0].code == "E102":
        return  # hypothesis produced control characters: the whole file is binary
    numbers = [int(str(i.document.source_locator if isinstance(i, Loaded) else i.locator).split()[1])
               for i in items]
    assert numbers == expected
    for item in items:
        if isinstance(item, Loaded):
            assert item.raw.data == physical[int(str(item.document.source_locator).split()[1]) - 1]
            assert item.document.text and item.document.text == item.document.text.strip()
