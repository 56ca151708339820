"""The web UI: server-rendered pages (Jinja2, autoescaped) and a JSON API mirroring them.

`create_app(db)` is read-only; `create_app(db, edit_token=...)` also accepts corrections, from browsers
holding the token (entered once at /edit, kept in an HttpOnly cookie) and a matching CSRF field, or from
API clients sending it as `X-Edit-Token`.
"""


import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from claimledger.corrections import FIELDS, CorrectionSet, add_correction, list_corrections, load_corrections
from claimledger.report.render import CHANNEL_LABELS, side_label, voice
from claimledger.store import postgres_url
from claimledger.store.sql import SqlDatabase
from claimledger.web import ledger_view, queries
from claimledger.web.db import connect
from claimledger.web.geocode import BackgroundGeocoder, Geocoder
from claimledger.web.highlight import highlight_document
from claimledger.web.security import (
    CSRF_COOKIE,
    EDIT_COOKIE,
    csp_allowing_inline_styles,
    safe_next,
    safe_url,
    same,
    security_headers,
)

log = logging.getLogger(__name__)
HERE = Path(__file__).parent
JSON = dict[str, Any]
REPORT_MAX_DOCUMENTS = 500
PageNo = Annotated[int, Query(alias="page", ge=1, le=100_000)]


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    env = templates.env
    env.autoescape = True
    env.filters["safe_url"] = safe_url
    env.filters["side"] = side_label
    env.filters["voice"] = voice
    env.filters["channel"] = lambda c: CHANNEL_LABELS.get(c, c) if c else ""
    env.globals["FIELDS"] = FIELDS
    return templates


def create_app(db: str | Path, *, edit_token: str | None = None, geocoder: Geocoder | None = None) -> FastAPI:
    """The ASGI app over the database `db` (a SQLite file or a postgresql:// URL); edits are possible only
    when `edit_token` is given."""
    app = FastAPI(title="claimledger", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.db = postgres_url(db) or Path(db)
    app.state.edit_token = edit_token
    app.state.geocoder = geocoder or BackgroundGeocoder()
    app.middleware("http")(security_headers)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    templates = _templates()

    def get_conn() -> Iterator[SqlDatabase]:
        conn = connect(app.state.db)
        try:
            yield conn
        finally:
            conn.close()

    Conn = Annotated[SqlDatabase, Depends(get_conn)]

    def corrections(conn: SqlDatabase) -> CorrectionSet:
        return load_corrections(conn)

    def can_edit(request: Request) -> bool:
        token = app.state.edit_token
        return bool(token) and same(request.cookies.get(EDIT_COOKIE), token)

    def page(request: Request, name: str, context: JSON, status: int = 200) -> HTMLResponse:
        base = {"edits_enabled": bool(app.state.edit_token), "can_edit": can_edit(request),
                "csrf": request.state.csrf, "path": request.url.path}
        return templates.TemplateResponse(request, name, base | context, status_code=status)

    def found(item: Any, what: str) -> Any:
        if item is None:
            raise HTTPException(404, f"no such {what}")
        return item

    # -- contexts shared by the pages and the API ------------------------------------------------

    def story_context(conn: SqlDatabase, story: str, page_no: int, docs_page: int) -> JSON:
        docs, total = queries.story_documents(conn, story, docs_page)
        if total == 0:
            raise HTTPException(404, "no such story")
        sheet = ledger_view.story_sheet(conn, story, corrections(conn), page_no)
        return sheet | {"documents": docs, "n_documents": total, "page": page_no, "docs_page": docs_page,
                        "per_page": queries.PER_PAGE}

    def document_context(conn: SqlDatabase, doc_id: str) -> JSON:
        cs = corrections(conn)
        extraction = found(queries.extraction(conn, doc_id, cs), "document")
        groups = ledger_view.groups_of_attributions(conn, [a.id for a in extraction.attributions])
        doc = extraction.document
        return {
            "document": {"id": doc.id, "title": doc.title, "url": doc.url, "outlet": doc.outlet,
                         "published": doc.published, "story": doc.story, "authors": list(doc.authors)},
            "attributions": [queries.attribution_json(a, cs) | {"groups": groups.get(a.id, [])}
                             for a in extraction.attributions],
            "entities": [{"id": e.id, "name": e.name, "type": e.type, "role": e.role}
                         for e in extraction.entities],
            "quantities": [{"id": q.id, "text": q.span.text, "value": q.value, "category": q.category,
                            "start": q.span.start, "end": q.span.end} for q in extraction.quantities],
            "_extraction": extraction,
        }

    def entity_context(conn: SqlDatabase, entity_id: str) -> JSON:
        cs = corrections(conn)
        item = found(queries.entity(conn, entity_id), "entity")
        item["name"] = cs.value("entity", entity_id, "name") or item["name"]
        actor = ledger_view.ledger_entity(conn, item["story"] or "", entity_id, item["name"])
        side = cs.value("entity", entity_id, "side") or (actor or {}).get("side")
        ids = [entity_id, *(actor or {}).get("entity_ids", []), *cs.merged_into("entity", entity_id)]
        split = set(cs.splits("entity", entity_id))
        names = {item["name"], *item["aliases"], *(actor or {}).get("variants", [])} - split
        names |= {n for other in cs.merged_into("entity", entity_id)
                  if (row := queries.entity(conn, other)) for n in [row["name"], *row["aliases"]]}
        merged_into = cs.resolve("entity", entity_id)
        return {
            "entity": item | {"side": side, "reviewed": cs.reviewed("entity", entity_id)},
            "actor": actor,
            "names": sorted(names),
            "split_off": sorted(split),
            "merged_into": merged_into if merged_into != entity_id else None,
            "merged_from": cs.merged_into("entity", entity_id),
            "statements": queries.statements_by(conn, ids, sorted(names), cs),
            "contradicted": ledger_view.contradictions(conn, item["story"] or "", names, cs),
        }

    def places_context(conn: SqlDatabase, story: str) -> JSON:
        stored = queries.stored_places(conn, story)
        if stored:
            return {"story": story, "source": "events", "places": stored, "geocoder_ready": True}
        places = []
        for place in queries.place_names(conn, story):
            point = app.state.geocoder(place["name"])
            places.append(place | {"lat": point[0] if point else None, "lon": point[1] if point else None})
        ready = getattr(app.state.geocoder, "ready", True)
        return {"story": story, "source": "entities", "places": places, "geocoder_ready": ready}

    def report_html(conn: SqlDatabase, story: str) -> tuple[str, int, dict[str, str]]:
        from claimledger.report.build import build_report
        from claimledger.report.render import render

        ids = [r["id"] for r in conn.query(
            "SELECT id FROM documents WHERE story = ? ORDER BY published COLLATE BINARY NULLS FIRST, "
            "id COLLATE BINARY LIMIT ?", [story, REPORT_MAX_DOCUMENTS + 1])]
        if not ids:
            raise HTTPException(404, "no such story")
        if len(ids) > REPORT_MAX_DOCUMENTS:
            raise HTTPException(413, f"more than {REPORT_MAX_DOCUMENTS} documents: use `claimledger report`")
        cs = corrections(conn)
        extractions = [e for doc_id in ids if (e := queries.extraction(conn, doc_id, cs)) is not None]
        # The ledger sections are the web pages themselves; rebuilding them here would cost seconds.
        html = render(build_report(extractions, with_ledger=False), "html")
        return html, 200, {"Content-Security-Policy": csp_allowing_inline_styles(html)}

    # -- pages -----------------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse)
    def home(request: Request, conn: Conn) -> HTMLResponse:
        return page(request, "stories.html", {"stories": queries.stories(conn)})

    @app.get("/stories/{story}", response_class=HTMLResponse)
    def story_page(request: Request, conn: Conn, story: str, page_no: PageNo = 1,
                   docs: int = 1) -> HTMLResponse:
        return page(request, "story.html", story_context(conn, story, page_no, docs))

    @app.get("/stories/{story}/map", response_class=HTMLResponse)
    def map_page(request: Request, conn: Conn, story: str) -> HTMLResponse:
        return page(request, "map.html", places_context(conn, story))

    @app.get("/stories/{story}/report", response_class=HTMLResponse)
    def report_page(conn: Conn, story: str) -> HTMLResponse:
        """The story's printable report: the report's own template, corrections applied."""
        return HTMLResponse(*report_html(conn, story))

    @app.get("/disputes/{dispute_id}", response_class=HTMLResponse)
    def dispute_page(request: Request, conn: Conn, dispute_id: str) -> HTMLResponse:
        item = found(ledger_view.dispute(conn, dispute_id, corrections(conn)), "dispute")
        return page(request, "dispute.html", {"dispute": item})

    @app.get("/groups/{group_id}", response_class=HTMLResponse)
    def group_page(request: Request, conn: Conn, group_id: str) -> HTMLResponse:
        item = found(ledger_view.group(conn, group_id, corrections(conn)), "claim group")
        return page(request, "group.html", {"group": item})

    @app.get("/entities/{entity_id}", response_class=HTMLResponse)
    def entity_page(request: Request, conn: Conn, entity_id: str) -> HTMLResponse:
        return page(request, "entity.html", entity_context(conn, entity_id))

    @app.get("/documents/{doc_id}", response_class=HTMLResponse)
    def document_page(request: Request, conn: Conn, doc_id: str) -> HTMLResponse:
        context = document_context(conn, doc_id)
        context["text_html"] = highlight_document(context.pop("_extraction"))
        return page(request, "document.html", context)

    @app.get("/search", response_class=HTMLResponse)
    def search_page(request: Request, conn: Conn, q: str = "", page_no: PageNo = 1) -> HTMLResponse:
        return page(request, "search.html", queries.search(conn, q, page_no) | {"page": page_no, "q": q})

    @app.get("/corrections", response_class=HTMLResponse)
    def corrections_page(request: Request, conn: Conn) -> HTMLResponse:
        return page(request, "corrections.html", {"corrections": list_corrections(conn)[::-1]})

    @app.get("/edit", response_class=HTMLResponse)
    def edit_login_page(request: Request, next: str = "/") -> HTMLResponse:
        return page(request, "edit.html", {"next": safe_next(next)})

    @app.post("/edit")
    def edit_login(request: Request, token: Annotated[str, Form()], csrf: Annotated[str, Form()],
                   next: Annotated[str, Form()] = "/") -> Response:
        check_csrf(request, csrf)
        if not app.state.edit_token or not same(token, app.state.edit_token):
            raise HTTPException(403, "wrong edit token")
        response = RedirectResponse(safe_next(next), status_code=303)
        response.set_cookie(EDIT_COOKIE, token, httponly=True, samesite="strict")
        return response

    def check_csrf(request: Request, value: str) -> None:
        if not app.state.edit_token:
            raise HTTPException(403, "this server is read-only (start it with --allow-edits)")
        if not same(request.cookies.get(CSRF_COOKIE), value):
            raise HTTPException(403, "CSRF check failed: reload the page and try again")

    @app.post("/corrections")
    def post_correction(
        request: Request,
        conn: Conn,
        csrf: Annotated[str, Form()],
        target_kind: Annotated[str, Form()],
        target_id: Annotated[str, Form()],
        field: Annotated[str, Form()],
        new: Annotated[str, Form()] = "",
        old: Annotated[str, Form()] = "",
        author: Annotated[str, Form()] = "",
        next: Annotated[str, Form()] = "/",
    ) -> Response:
        check_csrf(request, csrf)
        if not can_edit(request):
            raise HTTPException(403, "enter the edit token first (/edit)")
        store_correction(target_kind, target_id, field, new, old, author)
        return RedirectResponse(safe_next(next), status_code=303)

    def store_correction(kind: str, target: str, field: str, new: str, old: str, author: str) -> JSON:
        writer = connect(app.state.db, readonly=False)
        try:
            made = add_correction(writer, kind, target.strip(), field, new.strip(), old=old or None,
                                  author=author or "analyst")
        except ValueError as exc:
            raise HTTPException(422, str(exc)) from exc
        finally:
            writer.close()
        log.info("correction %d: %s %s %s -> %r by %s", made.id, kind, target, field, new, made.author)
        return made.to_json()

    # -- JSON API ----------------------------------------------------------------------------------

    @app.get("/api/stories")
    def api_stories(conn: Conn) -> JSON:
        return {"stories": queries.stories(conn)}

    @app.get("/api/stories/{story}")
    def api_story(conn: Conn, story: str, page_no: PageNo = 1,
                  docs: int = 1) -> JSON:
        return story_context(conn, story, page_no, docs)

    @app.get("/api/stories/{story}/places")
    def api_places(conn: Conn, story: str) -> JSON:
        return places_context(conn, story)

    @app.get("/api/disputes/{dispute_id}")
    def api_dispute(conn: Conn, dispute_id: str) -> JSON:
        return {"dispute": found(ledger_view.dispute(conn, dispute_id, corrections(conn)), "dispute")}

    @app.get("/api/groups/{group_id}")
    def api_group(conn: Conn, group_id: str) -> JSON:
        return {"group": found(ledger_view.group(conn, group_id, corrections(conn)), "claim group")}

    @app.get("/api/entities/{entity_id}")
    def api_entity(conn: Conn, entity_id: str) -> JSON:
        return entity_context(conn, entity_id)

    @app.get("/api/documents/{doc_id}")
    def api_document(conn: Conn, doc_id: str) -> JSON:
        context = document_context(conn, doc_id)
        extraction = context.pop("_extraction")
        context["document"]["text"] = extraction.document.text
        return context

    @app.get("/api/search")
    def api_search(conn: Conn, q: str = "", page_no: PageNo = 1) -> JSON:
        result = queries.search(conn, q, page_no)
        for hit in [*result["documents"], *result["claims"]]:
            hit.pop("snippet_html")
        return result

    @app.get("/api/corrections")
    def api_corrections(conn: Conn) -> JSON:
        return {"corrections": [c.to_json() for c in list_corrections(conn)]}

    @app.post("/api/corrections")
    async def api_post_correction(request: Request) -> JSONResponse:
        if not app.state.edit_token:
            raise HTTPException(403, "this server is read-only (start it with --allow-edits)")
        if not same(request.headers.get("x-edit-token"), app.state.edit_token):
            raise HTTPException(403, "missing or wrong X-Edit-Token")
        body = await request.json()
        if not isinstance(body, dict):
            raise HTTPException(422, "expected a JSON object")
        made = store_correction(str(body.get("target_kind", "")), str(body.get("target_id", "")),
                                str(body.get("field", "")), str(body.get("new", "")),
                                str(body.get("old", "")), str(body.get("author", "")))
        return JSONResponse(made, status_code=201)

    return app
