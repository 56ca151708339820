"""`claimledger serve`: the web UI (read-only unless `--allow-edits`)."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer, eval_app: typer.Typer, train_app: typer.Typer) -> None:
    """Add this area's commands to the CLI."""
    from claimledger.cli import fail, stderr, user_errors

    @app.command("serve")
    def serve(
        db: Annotated[
            Path, typer.Option("--db", help="SQLite database file or postgresql:// URL to serve.")
        ],
        host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
        allow_edits: Annotated[
            bool, typer.Option("--allow-edits", help="Accept corrections from holders of the printed token.")
        ] = False,
    ) -> None:
        """Serve stories, disputes, evidence, map and search in a browser (JSON under /api)."""
        import uvicorn

        from claimledger.store import postgres_url
        from claimledger.web.app import create_app
        from claimledger.web.db import ensure_indexes

        if postgres_url(db) is None and not db.is_file():
            fail(f"{db}: no such database (create it with `claimledger ingest ... --db {db}`)")
        with user_errors():
            ensure_indexes(db)
        token = secrets.token_urlsafe(18) if allow_edits else None
        if token:
            stderr.print(f"Edits allowed. Edit token: {token}", markup=False)
            stderr.print(f"Enter it at http://{host}:{port}/edit", markup=False)
        else:
            stderr.print(f"Read-only: http://{host}:{port}/", markup=False)
        app_ = create_app(postgres_url(db) or db, edit_token=token)
        uvicorn.run(app_, host=host, port=port, log_level="warning")

    del eval_app, train_app
