"""CLI command groups beyond the core ones in `claimledger.cli`.

Each module here defines `register(app: typer.Typer, eval_app: typer.Typer, train_app: typer.Typer)` which
adds its commands; `claimledger.cli` calls every `register` listed in `MODULES`.
"""

MODULES = ("ledger", "provenance", "events", "web", "stance", "attribution")
