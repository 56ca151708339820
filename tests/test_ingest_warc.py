"""WARC input: response records with HTML, record locators, WARC-Date as fetch time, broken archives."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimledger.ingest import Loaded, read_inputs, reread
from claimledger.models import Failure

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
ARTICLE = (FIXTURES / "article.html").read_bytes()
RUSSIAN = (FIXTURES / "article_ru_cp1251.html").read_bytes().replace(
    b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">', b"")
NAV_ONLY = (FIXTURES / "nav_only.html").read_bytes()
WARC_DATE = "2023-05-24T12:00:00Z"


def _response(writer: WARCWriter, uri: str, body: bytes, content_type: str, status: str = "200 OK",
              extra: list[tuple[str, str]] | None = None) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", content_type), *(extra or [])], protocol="HTTP/1.1")
    record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers,
                                       warc_headers_dict={"WARC-Date": WARC_DATE})
    writer.write_record(record)


def build_warc(path: Path, *, gzip: bool) -> None:
    """Records: 1 warcinfo, 2 request, 3 HTML article, 4 404 page, 5 image, 6 cp1251 page, 7 nav-only page."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "tests"}))
        request = StatusAndHeaders("GET /a HTTP/1.1", [("Host", "news.example.org")], is_http_request=True)
        writer.write_record(writer.create_warc_record("https://news.example.org/a", "request",
                                                      payload=io.BytesIO(b""), http_headers=request))
        _response(writer, "https://news.example.org/a", ARTICLE, "text/html; charset=utf-8")
        _response(writer, "https://news.example.org/missing", b"<html>not found</html>", "text/html",
                  status="404 Not Found")
        _response(writer, "https://news.example.org/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png")
        _response(writer, "https://ru.example.org/news", RUSSIAN, "text/html; charset=windows-1251")
        _response(writer, "https://news.example.org/menu", NAV_ONLY, "text/html")


@pytest.fixture(params=[False, True], ids=["warc", "warc.gz"])
def warc(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    path = tmp_path / ("crawl.warc.gz" if request.param else "crawl.warc")
    build_warc(path, gzip=request.param)
    return path


def test_warc_pages_and_failures(warc: Path) -> None:
    items = list(read_inputs([str(warc)], story="raid"))
    assert [type(i).__name__ for i in items] == ["Loaded", "Loaded", "Failure"]
    article, russian, menu = items
    assert isinstance(article, Loaded) and isinstance(russian, Loaded) and isinstance(menu, Failure)
    doc = article.document
    assert doc.source_locator == "record 3" and doc.input_kind == "warc" and doc.story == "raid"
    assert doc.source_path == str(warc)
    assert doc.fetched == "2023-05-24T12:00:00+00:00"  # WARC-Date: when the page was captured
    assert doc.published == "2023-05-23T08:15:00+00:00" and doc.updated == "2023-05-24T10:30:00+00:00"
    assert doc.url == "https://news.example.org/world/2023/05/23/drone-strikes-border"  # canonical
    assert article.raw.data == ARTICLE  # the record's payload
    assert doc.text.startswith("Two villages near the border were hit by drones overnight")
    assert russian.document.source_locator == "record 6"
    assert "Около ста жителей приграничных сёл Глотово и Козинка" in russian.document.text
    assert russian.raw.encoding == "cp1251"  # the HTTP header's charset
    assert russian.document.url == "https://ru.example.org/news"  # no canonical: the target URI
    assert (menu.code, menu.locator, menu.input_kind) == ("E104", "record 7", "warc")


def test_reread_one_record(warc: Path) -> None:
    again = list(reread(str(warc), "record 6"))
    assert len(again) == 1 and isinstance(again[0], Loaded)
    assert again[0].document.source_locator == "record 6"
    skipped = list(reread(str(warc), "record 5"))  # an image: nothing to read there
    assert len(skipped) == 1 and isinstance(skipped[0], Failure) and skipped[0].code == "E107"


def test_same_documents_from_warc_and_warc_gz(tmp_path: Path) -> None:
    plain, packed = tmp_path / "a.warc", tmp_path / "a.warc.gz"
    build_warc(plain, gzip=False)
    build_warc(packed, gzip=True)
    ids = [[i.document.id for i in read_inputs([str(p)]) if isinstance(i, Loaded)] for p in (plain, packed)]
    assert ids[0] == ids[1] and len(ids[0]) == 2


def test_junk_warc(tmp_path: Path) -> None:
    junk = tmp_path / "junk.warc"
    junk.write_bytes(bytes(range(256)) * 4)
    items = list(read_inputs([str(junk)]))
    assert len(items) == 1 and isinstance(items[0], Failure)
    assert (items[0].code, items[0].locator) == ("E107", "record 1")


def test_empty_warc(tmp_path: Path) -> None:
    empty = tmp_path / "empty.warc.gz"
    empty.write_bytes(b"")
    items = list(read_inputs([str(empty)]))
    assert len(items) == 1 and isinstance(items[0], Failure) and items[0].code == "E101"


@pytest.mark.parametrize("gzip", [False, True], ids=["warc", "warc.gz"])
def test_truncated_warc_keeps_what_it_can(tmp_path: Path, gzip: bool) -> None:
    whole = tmp_path / ("whole.warc.gz" if gzip else "whole.warc")
    build_warc(whole, gzip=gzip)
    data = whole.read_bytes()
    cut = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    cut.write_bytes(data[: int(len(data) * 0.75)])
    items = list(read_inputs([str(cut), str(whole)]))
    cut_items = [i for i in items
                 if (i.document.source_path if isinstance(i, Loaded) else i.where) == str(cut)]
    assert isinstance(cut_items[0], Loaded) and cut_items[0].document.source_locator == "record 3"
    assert any(isinstance(i, Failure) and i.code == "E107" for i in cut_items)
    assert len(items) - len(cut_items) == 3  # the next file in the batch is still read


def test_record_with_corrupt_content_encoding_does_not_stop_the_file(tmp_path: Path) -> None:
    path = tmp_path / "enc.warc"
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=False)
        _response(writer, "https://x.example.org/bad", b"\x1f\x8b\x08\x00not really gzip", "text/html",
                  extra=[("Content-Encoding", "gzip")])
        _response(writer, "https://x.example.org/good", ARTICLE, "text/html")
    items = list(read_inputs([str(path)]))
    assert isinstance(items[-1], Loaded) and items[-1].document.source_locator == "record 2"
    assert all(isinstance(i, Failure) and i.locator == "record 1" for i in items[:-1])
