"""`claimledger ledger`: build or update the cross-source ledger tables of a database."""


import json
import sys
from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer, eval_app: typer.Typer, train_app: typer.Typer) -> None:
    """Add this area's commands to the CLI."""
    from claimledger.cli import DbOption, JsonFlag, fail, stdout, user_errors

    @app.command("ledger")
    def ledger(
        db: DbOption = Path("claimledger.db"),
        story: Annotated[str | None, typer.Option(help="Only this story (default: every story).")] = None,
        as_json: JsonFlag = False,
    ) -> None:
        """Build or update the ledger: claim groups, disputes, numbers and timeline per story.

        Documents without a story are first clustered into one by shared entities and places.
        """
        from claimledger.ledger.store import update_all
        from claimledger.report.render import count_of
        from claimledger.store import describe, open_store, store_exists

        if not store_exists(db):
            fail(f"{db}: no such database (create it with `claimledger ingest ... --db {db}`)")
        with user_errors(), open_store(db) as store:
            if story is not None and story not in {name for name, _ in store.stories()}:
                fail(f"{describe(db)}: no story named {story!r}")
            if store.count_documents() == 0:
                where = describe(db)
                fail(f"{where}: no documents (add some with `claimledger ingest ... --db {where}`)")
            summaries = update_all(store, story)
        if as_json:
            payload = [
                {"story": s.story, "documents": s.documents, "claim_groups": s.groups,
                 "changed_groups": s.changed_groups, "disputes": s.disputes, "numbers": s.numbers,
                 "new_number_revisions": s.new_revisions}
                for s in summaries
            ]
            sys.stdout.write(json.dumps(payload, indent=1) + "\n")
            return
        for s in summaries:
            stdout.print(
                f"{s.story}: {count_of(s.documents, 'document')}, {count_of(s.groups, 'claim group')} "
                f"({s.changed_groups} changed), {count_of(s.disputes, 'dispute')}, "
                f"{count_of(s.numbers, 'number')} ({count_of(s.new_revisions, 'new revision')})",
                markup=False,
            )

    del eval_app, train_app

