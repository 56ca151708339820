"""Stance and claim-grouping commands: `eval stance`, `eval grouping`, `train stance`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

CsvArgument = Annotated[
    Path, typer.Argument(help="Emergent-format CSV (claimHeadline, articleHeadline, ...).")
]


def _check(path: Path) -> None:
    from claimledger.cli import fail

    if not path.is_file():
        fail(f"no such file: {path}")


def eval_stance(
    csv_path: CsvArgument,
    model: Annotated[
        Path | None, typer.Option("--model", help="Trained weights (.npz); default: the shipped model.")
    ] = None,
    cv: Annotated[
        int, typer.Option("--cv", help="Instead: k-fold cross-validation grouped by claimId (e.g. 5).")
    ] = 0,
    nested: Annotated[
        bool, typer.Option("--nested", help="With --cv: choose C per fold by an inner grouped CV.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout.")] = False,
) -> None:
    """Score the stance model (supports / contradicts / reports) on an Emergent-format file."""
    from claimledger.cli import print_metrics
    from claimledger.eval.stance import C_GRID, evaluate_stance_cv, score_stance
    from claimledger.ledger.stance import load_stance_model

    _check(csv_path)
    metrics: dict[str, Any]
    if cv:
        metrics = evaluate_stance_cv(csv_path, folds=cv, c_grid=C_GRID if nested else None)
    else:
        metrics = score_stance(load_stance_model(model), csv_path)
    print_metrics(metrics, as_json, "stance")


def eval_grouping(
    csv_path: CsvArgument,
    threshold: Annotated[float | None, typer.Option("--threshold", help="Merge similarity.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout.")] = False,
) -> None:
    """Adjusted Rand index of claim clustering over the headlines against claimId."""
    from claimledger.cli import print_metrics
    from claimledger.eval.stance import evaluate_grouping
    from claimledger.ledger.similarity import DEFAULT_THRESHOLD

    _check(csv_path)
    metrics = evaluate_grouping(csv_path, threshold=DEFAULT_THRESHOLD if threshold is None else threshold)
    print_metrics(metrics, as_json, "claim grouping")


def train_stance_command(
    train: Annotated[Path, typer.Option("--train", help="Emergent-format training CSV.")],
    out: Annotated[Path, typer.Option("--out", help="Where to write the weights (.npz).")],
) -> None:
    """Train the stance model on an Emergent-format file."""
    from claimledger.cli import stderr
    from claimledger.ledger.stance import train_stance

    _check(train)
    train_stance(train, out)
    stderr.print(f"stance model written to {out}", markup=False)


def register(app: typer.Typer, eval_app: typer.Typer, train_app: typer.Typer) -> None:
    """Add the stance and grouping commands to the CLI."""
    eval_app.command("stance")(eval_stance)
    eval_app.command("grouping")(eval_grouping)
    train_app.command("stance")(train_stance_command)
