"""HTML pages: extraction, metadata, encodings, and every malformed-input failure."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from claimledger.ingest import Loaded, read_inputs
from claimledger.ingest.decode import decode_bytes
from claimledger.models import Document, Failure

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
ARTICLE = FIXTURES / "article.html"
RUSSIAN = FIXTURES / "article_ru_cp1251.html"
RUSSIAN_SENTENCE = "Около ста жителей приграничных сёл Глотово и Козинка были эвакуированы во вторник"


def one(target: Path | str) -> Loaded | Failure:
    items = list(read_inputs([str(target)]))
    assert len(items) == 1, items
    return items[0]


def loaded(target: Path | str) -> Loaded:
    item = one(target)
    assert isinstance(item, Loaded), item
    return item


def failure(target: Path | str) -> Failure:
    item = one(target)
    assert isinstance(item, Failure), item
    return item


def test_html_article_text_and_paragraphs() -> None:
    doc = loaded(ARTICLE).document
    paragraphs = doc.text.split("\n\n")
    assert paragraphs[0].startswith("Two villages near the border were hit by drones overnight")
    assert "What happens next?" in paragraphs
    assert paragraphs[-1].startswith("Analysts said the raid")
    assert "“The situation is under control,” the governor wrote on Telegram" in doc.text
    assert "local authorities said — a figure" in doc.text  # dashes and quotes untouched
    for junk in ("Home", "Sport", "All rights reserved", "Privacy policy", "By Jane Porter"):
        assert junk not in doc.text


def test_html_metadata_keeps_published_updated_and_fetched_apart() -> None:
    item = loaded(ARTICLE)
    doc = item.document
    assert doc.title == "Drone strikes hit border villages, governor says"
    assert doc.authors == ("Jane Porter",)
    assert doc.outlet == "Example Herald"
    assert doc.url == "https://news.example.org/world/2023/05/23/drone-strikes-border"
    assert doc.published == "2023-05-23T08:15:00+00:00"
    assert doc.updated == "2023-05-24T10:30:00+00:00"
    assert doc.fetched is None  # a file on disk was not fetched by us
    assert doc.language == "en"
    assert doc.input_kind == "html" and doc.source_path == str(ARTICLE) and doc.source_locator == ""
    assert doc.id == Document.make_id(doc.text, doc.url)
    assert item.raw.data == ARTICLE.read_bytes() and item.raw.media_type == "text/html"
    assert doc.raw_sha256 == item.raw.sha256


def test_html_gz_gives_the_same_document(tmp_path: Path) -> None:
    packed = tmp_path / "article.html.gz"
    packed.write_bytes(gzip.compress(ARTICLE.read_bytes()))
    plain, zipped = loaded(ARTICLE), loaded(packed)
    assert zipped.document.text == plain.document.text
    assert zipped.document.id == plain.document.id
    assert zipped.raw.data == ARTICLE.read_bytes()  # the decompressed page is what is kept
    assert zipped.document.source_path == str(packed)


def test_cp1251_page_with_meta_charset() -> None:
    item = loaded(RUSSIAN)
    assert RUSSIAN_SENTENCE in item.document.text
    assert item.document.title == "Жители приграничных сёл эвакуированы"
    assert item.document.language == "ru"
    assert item.raw.encoding == "cp1251"


def test_cp1251_page_without_any_declaration_is_detected(tmp_path: Path) -> None:
    html = RUSSIAN.read_bytes().replace(b'<meta http-equiv="Content-Type" content="text/html; '
                                        b'charset=windows-1251">', b"")
    assert b"charset" not in html
    page = tmp_path / "undeclared.html"
    page.write_bytes(html)
    item = loaded(page)
    assert RUSSIAN_SENTENCE in item.document.text
    assert item.raw.encoding == "cp1251"


def test_decode_order_bom_utf8_declared_meta() -> None:
    text = "Привет, мир: «цитата» — тире"
    assert decode_bytes(b"\xef\xbb\xbf" + text.encode(), where="x") == (text, "utf-8-sig")
    assert decode_bytes(text.encode("cp1251"), where="x", declared="windows-1251")[0] == text
    # a declared charset that cannot decode the bytes is not trusted
    assert decode_bytes(text.encode(), where="x", declared="ascii") == (text, "utf-8")
    koi = "Жители приграничных сёл эвакуированы во вторник"
    page = b'<meta charset="koi8-r"><p>' + koi.encode("koi8-r")
    assert koi in decode_bytes(page, where="x", html=True)[0]


def test_latin1_label_is_read_as_windows_1252() -> None:
    page = '<meta charset="iso-8859-1"><p>It said “no”.</p>'.encode("cp1252")
    assert "“no”" in decode_bytes(page, where="x", html=True)[0]


def test_empty_html_file(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_bytes(b"  \n")
    result = failure(page)
    assert (result.code, result.input_kind, result.where) == ("E101", "html", str(page))


def test_binary_junk_named_html(tmp_path: Path) -> None:
    page = tmp_path / "junk.html"
    page.write_bytes(bytes(range(256)) * 8)
    result = failure(page)
    assert result.code == "E102" and "binary" in result.message


def test_html_without_article_text() -> None:
    result = failure(FIXTURES / "nav_only.html")
    assert result.code == "E104" and "no extractable article text" in result.message


@pytest.mark.parametrize("markup", [b"<html><body><div><p>unclosed <b>tags", b"<<<>>><?xml?>", b"</p>"])
def test_broken_html_is_a_failure_not_an_exception(tmp_path: Path, markup: bytes) -> None:
    page = tmp_path / "broken.html"
    page.write_bytes(markup)
    assert failure(page).code == "E104"


def test_truncated_gzip(tmp_path: Path) -> None:
    page = tmp_path / "cut.html.gz"
    page.write_bytes(gzip.compress(ARTICLE.read_bytes())[:200])
    result = failure(page)
    assert result.code == "E103" and "truncated" in result.message


def test_undecodable_text(tmp_path: Path) -> None:
    page = tmp_path / "bad.html"
    # declared utf-8 but not utf-8, and mixed with bytes no single-byte charset explains well
    page.write_bytes(b"<meta charset='utf-8'><p>" + bytes(range(0x80, 0x100)) * 3 + b"</p>")
    result = one(page)
    assert isinstance(result, Failure) and result.code in {"E103", "E104"}


def test_page_with_xml_declaration(tmp_path: Path) -> None:
    page = tmp_path / "xhtml.xhtml"
    page.write_bytes(b'<?xml version="1.0" encoding="utf-8"?>\n' + ARTICLE.read_bytes().split(b"\n", 1)[1])
    assert loaded(page).document.published == "2023-05-23T08:15:00+00:00"


def test_ids_are_deterministic_and_content_based(tmp_path: Path) -> None:
    copy = tmp_path / "copy.html"
    copy.write_bytes(ARTICLE.read_bytes())
    first, second = loaded(ARTICLE).document, loaded(copy).document
    assert first.id == second.id  # same URL and text, wherever the file lives
    edited = tmp_path / "edited.html"
    edited.write_bytes(ARTICLE.read_bytes().replace(b"nine people", b"ten people"))
    assert loaded(edited).document.id != first.id
