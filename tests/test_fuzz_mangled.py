"""Mangled real pages through `read_inputs` and `runner.ingest`: 0 crashes, every failure recorded.

The corpus is generated here (nothing is checked in) from three pages of the shared article-extraction
benchmark and the bundled examples: truncated files and gzip streams, wrong and mixed encodings, NUL bytes,
a 5 MB page and a 5 MB text dump, 10,000 nested divs, binary garbage under every extension, cut WARC
records and mangled JSONL lines. The number of inputs tried is printed (`pytest -s`).
"""

from __future__ import annotations

import gzip
import io
import json
import random
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import claimledger.runner
from claimledger.ingest import Loaded, read_inputs
from claimledger.models import Failure
from claimledger.store import open_store

from .conftest import KAKHOVKA, SEED, SHARED

AEB_PAGES = sorted((SHARED / "data" / "aeb" / "html").glob("*.html.gz"))[:3]
HUGE = 5_000_000
NESTING = 10_000
SENTENCE = "Two houses caught fire after the drone attack overnight, the regional governor said on Telegram."
CODE = re.compile(r"^E\d{3}$")


def nul_every(data: bytes, step: int) -> bytes:
    return b"\x00".join(data[i:i + step] for i in range(0, len(data), step))


def mixed(text: str) -> bytes:
    half = len(text) // 2
    return text[:half].encode("utf-8") + text[half:].encode("cp1252", "replace")


def warc_of(page: bytes, uri: str) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    record = writer.create_warc_record(uri, "response", payload=io.BytesIO(page), http_headers=http)
    writer.write_record(record)
    return buffer.getvalue()


def page_variants(name: str, page: bytes, rng: random.Random) -> Iterator[tuple[str, bytes]]:
    text = page.decode("utf-8", "replace")
    yield f"{name}_truncated.html", page[: len(page) // 3]
    yield f"{name}_cut_stream.html.gz", gzip.compress(page)[: len(page) // 4]
    yield f"{name}_cp1251_declared_utf8.html", text.encode("cp1251", "replace")
    yield f"{name}_utf16_no_bom.html", text.encode("utf-16-le")
    yield f"{name}_nul_bytes.html", nul_every(page, 97)
    yield f"{name}_mixed_encodings.html", mixed(text)
    yield f"{name}_garbage_tail.html", page + rng.randbytes(10_000)
    yield f"{name}_garbage_head.html", rng.randbytes(2_000) + page
    whole = warc_of(page, f"https://example.org/{name}")
    yield f"{name}_truncated.warc", whole[: len(whole) * 2 // 3]
    yield f"{name}_flipped.warc", whole[:200] + bytes(b ^ 0x5A for b in whole[200:260]) + whole[260:]


def seed_variants(seed: bytes) -> Iterator[tuple[str, bytes]]:
    text = seed.decode("utf-8")
    multibyte = next(i for i, ch in enumerate(text) if ord(ch) > 127)
    yield "seed_cut_mid_character.txt", seed[: len(text[:multibyte].encode("utf-8")) + 1]
    yield "seed_cp1252.txt", text.encode("cp1252", "replace")
    yield "seed_utf16.txt", text.encode("utf-16")
    yield "seed_nul_bytes.txt", nul_every(seed, 500)
    yield "seed_mixed_encodings.txt", mixed(text)
    yield "seed_huge.txt", (seed + b"\n\n") * (HUGE // len(seed) + 1)
    yield "seed_as.html", seed  # a text dump with an HTML extension


def jsonl_variants(lines: list[str]) -> bytes:
    out = [
        lines[0][: len(lines[0]) // 2],
        lines[1].replace('"text": "', '"text": "\\u0000', 1),
        lines[2].encode("utf-8")[:50].decode("utf-8", "ignore") + "\udcff",
        "[" * 100_000 + "]" * 100_000,
        json.dumps({"html": "<div>" * NESTING + SENTENCE + "</div>" * NESTING}),
        json.dumps({"text": "", "html": " "}),
        json.dumps({"text": SENTENCE * 3, "published": "31/31/31", "authors": [1, None, {"a": 2}]}),
        json.dumps({"text": {"nested": SENTENCE}}),
        lines[3],
        '{"text": "' + SENTENCE + '", "url": 5}',
    ]
    return b"\n".join(line.encode("utf-8", "surrogateescape") for line in out)


def generic_variants(rng: random.Random) -> Iterator[tuple[str, bytes]]:
    paragraphs = b"".join(
        f"<p>{SENTENCE} {n} people were taken to hospital.</p>".encode() for n in range(HUGE // 120)
    )
    yield "huge.html", b"<html><body><article>" + paragraphs + b"</article></body></html>"
    nested = "<div>" * NESTING + f"<p>{SENTENCE}</p>" + "</div>" * NESTING
    yield "nested_divs.html", f"<html><body>{nested}</body></html>".encode()
    yield "unclosed_nesting.html", ("<span><b><i>" * NESTING + SENTENCE).encode()
    for extension in (".html", ".txt", ".jsonl", ".warc", ".html.gz", ".bin"):
        yield f"garbage{extension}", rng.randbytes(50_000)
    yield "empty.txt", b""
    yield "whitespace.html", b" \n\t " * 100
    yield "only_nuls.txt", b"\x00" * 1000
    yield "bom_only.txt", b"\xef\xbb\xbf"
    yield "gzip_header_only.html.gz", gzip.compress(b"")[:10]


def write_corpus(folder: Path, files: Iterable[tuple[str, bytes]]) -> int:
    count = 0
    for name, data in files:
        (folder / name).write_bytes(data)
        count += 1
    return count


@pytest.fixture(scope="module")
def mangled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    assert AEB_PAGES, "the shared AEB pages are missing"
    folder = tmp_path_factory.mktemp("mangled")
    rng = random.Random(8)
    for number, path in enumerate(AEB_PAGES):
        write_corpus(folder, page_variants(f"aeb{number}", gzip.decompress(path.read_bytes()), rng))
    write_corpus(folder, seed_variants(SEED.read_bytes()))
    write_corpus(folder, generic_variants(rng))
    kakhovka = KAKHOVKA.read_text(encoding="utf-8").splitlines()
    (folder / "kakhovka_mangled.jsonl").write_bytes(jsonl_variants(kakhovka))
    # One raw NUL byte makes the reader treat the whole JSONL file as binary (one failure for the file).
    (folder / "kakhovka_raw_nul.jsonl").write_bytes(("\n".join(kakhovka[:3]) + "\x00").encode())
    return folder


def check_item(item: object) -> None:
    assert isinstance(item, Loaded | Failure), item
    if isinstance(item, Failure):
        assert CODE.match(item.code) and item.message and item.where, item


def test_mangled_inputs_are_read_or_fail_with_a_reason(
    mangled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One pass through both: `runner.ingest` reads through a recording `read_inputs`."""
    read: list[Loaded | Failure] = []

    def recording(targets: Iterable[str], **options: object) -> Iterator[Loaded | Failure]:
        for item in read_inputs(targets, **options):  # type: ignore[arg-type]
            check_item(item)
            read.append(item)
            yield item

    monkeypatch.setattr(claimledger.runner, "read_inputs", recording)
    with open_store(tmp_path / "fuzz.db") as store:
        summary = claimledger.runner.ingest(store, [str(mangled)], story="fuzz")
        stored_failures = {(f.where, f.locator): f for f in store.failures()}
        stored_documents = store.count_documents()
    n_files = sum(1 for _ in mangled.iterdir())
    print(f"\nmangled corpus: {n_files} files, {len(read)} inputs tried; {summary.new} stored, "
          f"{summary.unchanged} duplicates, {summary.failed} failures recorded")
    assert summary.new + summary.unchanged + summary.failed == len(read)
    assert stored_documents == summary.new
    for failure in summary.failures:
        check_item(failure)
        assert (failure.where, failure.locator) in stored_failures
    failed_names = {Path(f.where).name for f in summary.failures}
    expected = {
        "empty.txt", "whitespace.html", "only_nuls.txt", "bom_only.txt", "gzip_header_only.html.gz",
        "huge.html", "garbage.html", "garbage.txt", "garbage.jsonl", "garbage.warc", "garbage.html.gz",
        "garbage.bin", "kakhovka_mangled.jsonl", "kakhovka_raw_nul.jsonl",
    }
    assert expected <= failed_names
    too_long = next(f for f in summary.failures if Path(f.where).name == "huge.html")
    assert "too long" in too_long.message
    assert summary.new >= 10  # the mangling leaves most real pages readable


def test_mangled_jsonl_lines_fail_one_by_one(mangled: Path) -> None:
    items = list(read_inputs([str(mangled / "kakhovka_mangled.jsonl")]))
    for item in items:
        check_item(item)
    assert len(items) == 10
    failures = [i for i in items if isinstance(i, Failure)]
    assert {f.locator for f in failures} >= {"line 1", "line 3", "line 4", "line 6", "line 8"}
