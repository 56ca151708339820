"""Targets: directories, sniffed files, missing paths, URLs (local HTTP server) and retries."""

from __future__ import annotations

import contextlib
import gzip
import shutil
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from claimledger.errors import InputError
from claimledger.ingest import Loaded, read_inputs, reread
from claimledger.ingest.fetch import fetch_url
from claimledger.models import Failure

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
ARTICLE = (FIXTURES / "article.html").read_bytes()
RUSSIAN = (FIXTURES / "article_ru_cp1251.html").read_bytes().replace(
    b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">', b"")
DUMP = (FIXTURES / "dump_generic.txt").read_bytes()


def where(item: Loaded | Failure) -> tuple[str, str]:
    if isinstance(item, Loaded):
        return item.document.source_path or "", item.document.source_locator or ""
    return item.where, item.locator


# ---------------------------------------------------------------- directories and files


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    (root / "b" / "deeper").mkdir(parents=True)
    (root / "a").mkdir()
    (root / ".hidden").mkdir()
    shutil.copy(FIXTURES / "article.html", root / "b" / "deeper" / "page.htm")
    shutil.copy(FIXTURES / "dump_generic.txt", root / "a" / "dump.txt")
    shutil.copy(FIXTURES / "articles.jsonl", root / "z.jsonl")
    (root / "page.html.gz").write_bytes(gzip.compress(RUSSIAN))
    (root / ".hidden" / "secret.html").write_bytes(ARTICLE)
    (root / ".DS_Store").write_bytes(b"\x00\x01junk")
    (root / "README.md").write_text("# notes about this folder\n", encoding="utf-8")
    (root / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (root / "saved-page").write_bytes(ARTICLE)  # no extension: sniffed as HTML
    (root / "blob.dat").write_bytes(bytes(range(256)) * 4)  # unknown extension, binary
    return root


def test_directory_is_walked_recursively_sorted_and_skips_hidden(corpus: Path) -> None:
    items = list(read_inputs([str(corpus)]))
    places = [where(i) for i in items]
    assert [Path(p).relative_to(corpus).as_posix() for p, _ in places] == [
        "a/dump.txt", "b/deeper/page.htm", "blob.dat", "page.html.gz", "saved-page",
        "z.jsonl", "z.jsonl", "z.jsonl", "z.jsonl", "z.jsonl",
    ]
    kinds = {Path(p).name: (i.document.input_kind if isinstance(i, Loaded) else i.code)
             for i, (p, _) in zip(items, places, strict=True)}
    assert kinds["dump.txt"] == "text" and kinds["page.htm"] == "html" and kinds["saved-page"] == "html"
    assert kinds["page.html.gz"] == "html" and kinds["blob.dat"] == "E110"
    assert list(read_inputs([str(corpus)])) == items  # deterministic


def test_explicit_unknown_binary_file_is_unsupported(corpus: Path) -> None:
    items = list(read_inputs([str(corpus / "logo.png")]))
    assert len(items) == 1 and isinstance(items[0], Failure) and items[0].code == "E110"


def test_missing_path_does_not_stop_the_batch(corpus: Path) -> None:
    items = list(read_inputs([str(corpus / "nope.html"), str(corpus / "a" / "dump.txt")]))
    assert isinstance(items[0], Failure) and items[0].code == "E100"
    assert items[0].where == str(corpus / "nope.html") and "no such file" in items[0].message
    assert isinstance(items[1], Loaded)


def test_txt_holding_html_is_read_as_html(tmp_path: Path) -> None:
    saved = tmp_path / "page.txt"
    saved.write_bytes(ARTICLE)
    item = next(read_inputs([str(saved)]))
    assert isinstance(item, Loaded) and item.document.input_kind == "html"
    assert item.document.title == "Drone strikes hit border villages, governor says"


def test_empty_and_junk_text_files(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "junk.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "menu.txt").write_text("Home\nNews\nSport\nSign in\n", encoding="utf-8")
    codes = [i.code for i in read_inputs([str(tmp_path)]) if isinstance(i, Failure)]
    assert codes == ["E101", "E102", "E104"]


def test_utf16_text_dump_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(DUMP.decode("utf-8").encode("utf-16"))
    item = next(read_inputs([str(path)]))
    assert isinstance(item, Loaded) and item.document.authors == ("Maria Lopez", "Tom Baker")


def test_reread_a_file_and_a_bad_locator(corpus: Path) -> None:
    again = list(reread(str(corpus / "a" / "dump.txt")))
    assert len(again) == 1 and isinstance(again[0], Loaded)
    odd = list(reread(str(corpus / "a" / "dump.txt"), "paragraph 3"))
    assert isinstance(odd[0], Failure) and odd[0].code == "E500"
    gone = list(reread(str(corpus / "gone.html")))
    assert isinstance(gone[0], Failure) and gone[0].code == "E100"


def test_a_parser_crash_fails_one_file_only(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import claimledger.ingest.reader as reader
    from claimledger.ingest.html import extract_html as real

    def flaky(html: str, *, where: str, url: str | None = None) -> object:
        if where.endswith("page.htm"):
            raise RuntimeError("parser bug")
        return real(html, where=where, url=url)

    monkeypatch.setattr(reader, "extract_html", flaky)
    items = list(read_inputs([str(corpus)]))
    crashed = [i for i in items if isinstance(i, Failure) and "parser bug" in i.message]
    assert len(crashed) == 1 and crashed[0].where.endswith("page.htm")
    assert len(items) == 10 and isinstance(items[-1], Loaded)


def test_failure_ids_are_stable() -> None:
    first = Failure("x.jsonl", "E105", "bad", "line 3", "jsonl")
    assert first.id == Failure("x.jsonl", "E105", "other message", "line 3").id


# ---------------------------------------------------------------- URLs


class _Handler(BaseHTTPRequestHandler):
    user_agents: list[str] = []  # noqa: RUF012  (shared on purpose: the test reads what was sent)

    def do_GET(self) -> None:
        self.user_agents.append(self.headers.get("User-Agent", ""))
        routes = {
            "/article": (200, "text/html; charset=utf-8", ARTICLE, {}),
            "/ru": (200, "text/html; charset=windows-1251", RUSSIAN, {}),
            "/plain": (200, "text/plain; charset=utf-8", DUMP, {}),
            "/gz": (200, "text/html", gzip.compress(ARTICLE), {"Content-Encoding": "gzip"}),
            "/image": (200, "image/png", b"\x89PNG\r\n\x1a\n" + bytes(100), {}),
            "/error": (500, "text/html", b"<h1>Internal error</h1>", {}),
            "/moved": (301, "text/html", b"", {"Location": "/article"}),
        }
        if self.path == "/slow":
            time.sleep(1.5)
        status, content_type, body, extra = routes.get(self.path, (404, "text/html", b"<h1>nope</h1>", {}))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in extra.items():
            self.send_header(key, value)
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # silence the server
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_url_needs_fetch_enabled(server: str) -> None:
    items = list(read_inputs([f"{server}/article"]))
    assert len(items) == 1 and isinstance(items[0], Failure)
    assert (items[0].code, items[0].input_kind) == ("E109", "url") and "--fetch" in items[0].message


def test_url_article(server: str) -> None:
    before = time.time()
    items = list(read_inputs([f"{server}/article"], fetch=True, story="raid"))
    assert len(items) == 1 and isinstance(items[0], Loaded)
    doc = items[0].document
    assert doc.input_kind == "url" and doc.source_path == f"{server}/article" and doc.story == "raid"
    assert doc.url == "https://news.example.org/world/2023/05/23/drone-strikes-border"  # canonical
    assert doc.published == "2023-05-23T08:15:00+00:00" and doc.updated == "2023-05-24T10:30:00+00:00"
    assert doc.fetched is not None and doc.fetched.endswith("+00:00")
    assert doc.fetched[:10] == time.strftime("%Y-%m-%d", time.gmtime(before))
    assert items[0].raw.data == ARTICLE
    assert any(ua.startswith("claimledger/") for ua in _Handler.user_agents)


def test_url_content_types_encodings_and_redirects(server: str) -> None:
    targets = [f"{server}/{p}" for p in ("ru", "plain", "gz", "moved")]
    items = list(read_inputs(targets, fetch=True))
    assert all(isinstance(i, Loaded) for i in items), items
    ru, plain, gz, moved = (i.document for i in items if isinstance(i, Loaded))
    assert "Около ста жителей приграничных сёл Глотово и Козинка" in ru.text
    assert plain.title == "Evacuations continue after floods reach border towns" and plain.input_kind == "url"
    assert gz.text == moved.text and gz.text.startswith("Two villages near the border")


def test_url_http_errors_do_not_stop_the_batch(server: str) -> None:
    targets = [f"{server}/missing", f"{server}/error", f"{server}/image", f"{server}/article"]
    items = list(read_inputs(targets, fetch=True))
    assert [i.code if isinstance(i, Failure) else "ok" for i in items] == ["E108", "E108", "E110", "ok"]
    missing, error = items[0], items[1]
    assert isinstance(missing, Failure) and "404" in missing.message and missing.where == f"{server}/missing"
    assert isinstance(error, Failure) and "500" in error.message


def test_unreachable_host_and_timeout(server: str) -> None:
    items = list(read_inputs(["http://127.0.0.1:9/nothing-listens-here"], fetch=True))
    assert isinstance(items[0], Failure) and items[0].code == "E108"
    with pytest.raises(InputError) as caught:
        fetch_url(f"{server}/slow", timeout=0.3)
    assert caught.value.code.value == "E108" and "timed out" in caught.value.message


def test_reread_url(server: str) -> None:
    again = list(reread(f"{server}/article", fetch=True))
    assert len(again) == 1 and isinstance(again[0], Loaded)
    assert isinstance(next(reread(f"{server}/article")), Failure)  # still needs fetch=True
