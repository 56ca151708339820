"""The web app through Starlette's TestClient: pages, JSON API, escaping, headers, read-only and CSRF."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from claimledger.models import Extraction
from claimledger.store.sqlite import SQLiteStore
from claimledger.web.app import create_app
from claimledger.web.db import ensure_indexes
from claimledger.web.queries import fts_query
from claimledger.web.security import safe_next, safe_url
from tests.browser.data import XSS_STORY, xss_db

TOKEN = "secret-token"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("webapp") / "x.db"
    xss_db(path)
    ensure_indexes(path)
    return path


@pytest.fixture(scope="module")
def extraction(db: Path) -> Extraction:
    with SQLiteStore(db) as store:
        return next(store.extractions(XSS_STORY))


@pytest.fixture
def client(db: Path) -> TestClient:
    return TestClient(create_app(db, geocoder=lambda name: (50.0, 36.0)))


@pytest.fixture
def editor(db: Path) -> TestClient:
    return TestClient(create_app(db, edit_token=TOKEN, geocoder=lambda name: None))


def _csrf(client: TestClient, path: str = "/edit") -> str:
    html = client.get(path).text
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found
    return found.group(1)


def test_every_page_renders_with_security_headers(client: TestClient, extraction: Extraction) -> None:
    doc = extraction.document
    paths = ["/", f"/stories/{XSS_STORY}", f"/stories/{XSS_STORY}/map", f"/documents/{doc.id}",
             f"/entities/{extraction.entities[0].id}", "/search?q=dam", "/corrections", "/edit"]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert "<script>" not in response.text and "onerror=" not in response.text.replace("onerror=&#", "")


def test_user_text_is_escaped(client: TestClient, extraction: Extraction) -> None:
    html = client.get(f"/documents/{extraction.document.id}").text
    assert "&lt;script&gt;window.__xss=1;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html
    assert "&#39; onmouseover=&#39;" in html or "&#x27; onmouseover" in html
    assert re.search(r"<script(?! src=\"/static/)", html) is None


def test_missing_things_are_404(client: TestClient) -> None:
    for path in ["/documents/doc_nope", "/entities/ent_nope", "/groups/grp_nope", "/disputes/dsp_nope",
                 "/stories/nope", "/api/documents/doc_nope"]:
        assert client.get(path).status_code == 404, path


def test_json_api_mirrors_pages(client: TestClient, extraction: Extraction) -> None:
    stories = client.get("/api/stories").json()["stories"]
    assert [s["story"] for s in stories] == [XSS_STORY]
    story = client.get(f"/api/stories/{XSS_STORY}").json()
    assert story["n_documents"] == 1 and story["documents"][0]["id"] == extraction.document.id
    document = client.get(f"/api/documents/{extraction.document.id}").json()
    assert document["document"]["text"] == extraction.document.text
    assert document["attributions"][0]["id"] == extraction.attributions[0].id
    entity = client.get(f"/api/entities/{extraction.entities[0].id}").json()
    assert entity["statements"][0]["id"] == extraction.attributions[0].id
    places = client.get(f"/api/stories/{XSS_STORY}/places").json()["places"]
    assert places and places[0]["lat"] == 50.0
    hits = client.get("/api/search", params={"q": "dam"}).json()
    assert hits["documents"][0]["id"] == extraction.document.id


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40))
def test_fts_query_never_breaks_sqlite(text: str) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
    conn.execute("INSERT INTO t VALUES ('the dam was hit')")
    query = fts_query(text)
    if query:
        conn.execute("SELECT * FROM t WHERE t MATCH ?", [query]).fetchall()


def test_search_with_operators_and_quotes(client: TestClient) -> None:
    for q in ['"dam', "dam OR", "NEAR(", "*", "a:b", "' OR 1=1 --"]:
        assert client.get("/search", params={"q": q}).status_code == 200


def test_safe_url_and_next() -> None:
    assert safe_url("https://example.org/a") == "https://example.org/a"
    for bad in ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "vbscript:x", "", None]:
        assert safe_url(bad) is None
    assert safe_next("/documents/x#a") == "/documents/x#a"
    for bad in ["//evil.example", "https://evil.example", "javascript:x", "/\\evil", None]:
        assert safe_next(bad) == "/"


def test_read_only_server_refuses_writes(client: TestClient, extraction: Extraction) -> None:
    att = extraction.attributions[0].id
    client.get("/")
    form = {"csrf": client.cookies["cl_csrf"], "target_kind": "attribution", "target_id": att,
            "field": "speaker", "new": "X", "author": "a"}
    assert client.post("/corrections", data=form).status_code == 403
    assert client.post("/api/corrections", json={}, headers={"X-Edit-Token": "x"}).status_code == 403
    assert "<form" not in client.get(f"/documents/{extraction.document.id}").text.split("</header>")[1]


def test_edits_need_token_and_csrf(editor: TestClient, extraction: Extraction, db: Path) -> None:
    att = extraction.attributions[0].id
    csrf = _csrf(editor)
    form = {"csrf": csrf, "target_kind": "attribution", "target_id": att, "field": "speaker",
            "new": "The ministry", "author": "ana", "next": f"/documents/{extraction.document.id}"}
    assert editor.post("/corrections", data=form).status_code == 403  # no edit token yet
    wrong = editor.post("/edit", data={"token": "wrong", "csrf": csrf})
    assert wrong.status_code == 403
    assert editor.post("/edit", data={"token": TOKEN, "csrf": "forged"}).status_code == 403
    ok = editor.post("/edit", data={"token": TOKEN, "csrf": csrf, "next": "/"}, follow_redirects=False)
    assert ok.status_code == 303 and "cl_edit" in editor.cookies
    assert editor.post("/corrections", data=form | {"csrf": "forged"}).status_code == 403
    assert editor.post("/corrections", data=form | {"field": "nonsense"}).status_code == 422
    done = editor.post("/corrections", data=form, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == form["next"]
    page = editor.get(form["next"]).text
    assert "The ministry" in page and "reviewed" in page
    listed = editor.get("/api/corrections").json()["corrections"]
    assert listed[-1]["author"] == "ana" and listed[-1]["target_id"] == att
    api = editor.post("/api/corrections", headers={"X-Edit-Token": TOKEN},
                      json={"target_kind": "attribution", "target_id": att, "field": "polarity",
                            "new": "deny", "author": "bot"})
    assert api.status_code == 201
    assert editor.post("/api/corrections", json={"target_kind": "attribution"}).status_code == 403
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM corrections")


def test_map_prefers_stored_events_and_places(tmp_path: Path) -> None:
    from claimledger.events.store import ensure_tables

    db = tmp_path / "events.db"
    extraction = xss_db(db)
    doc_id = extraction.document.id
    with SQLiteStore(db) as store:
        ensure_tables(store)
        store.db.table("events").insert({"id": "evt_1", "doc_id": doc_id, "location": "Nova Kakhovka",
                                         "latitude": 46.75, "longitude": 33.35, "event_type": "Explosions"})
        store.db.table("places").insert({"id": "plc_1", "doc_id": doc_id, "name": "Kherson",
                                         "latitude": 46.64, "longitude": 32.62})
    client = TestClient(create_app(db, geocoder=lambda name: None))
    data = client.get(f"/api/stories/{XSS_STORY}/places").json()
    assert data["source"] == "events"
    assert [(p["kind"], p["name"], p["lat"]) for p in data["places"]] == [
        ("event", "Nova Kakhovka", 46.75), ("place", "Kherson", 46.64)]
    assert "Explosions" in client.get(f"/stories/{XSS_STORY}/map").text


def test_story_report_uses_the_report_template_with_corrections(editor: TestClient, db: Path,
                                                                extraction: Extraction) -> None:
    from claimledger.corrections import add_correction

    with sqlite3.connect(db) as conn:
        add_correction(conn, "attribution", extraction.attributions[0].id, "speaker", "Named Later",
                       author="ana")
    response = editor.get(f"/stories/{XSS_STORY}/report")
    assert response.status_code == 200
    assert "Named Later" in response.text and "<script>window" not in response.text
    csp = response.headers["content-security-policy"]
    assert "style-src 'self' 'sha256-" in csp and "script-src 'self'" in csp
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM corrections")
