"""Attribution model commands: `train attribution`, `train attribution-ensemble`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

FolderArgument = Annotated[Path, typer.Option(help="PolNeAR-layout folder (text/, attributions/).")]


def train_attribution(
    train: FolderArgument,
    dev: FolderArgument,
    out: Annotated[Path, typer.Option("--out", help="Write the model folder here.")],
    max_docs: Annotated[
        int | None, typer.Option("--max-docs", min=1, help="Use only the first N articles of each split.")
    ] = None,
    epochs: Annotated[int, typer.Option(min=1, help="At most this many passes over train.")] = 8,
    threads: Annotated[int, typer.Option(min=1, help="torch threads.")] = 2,
    seed: Annotated[int, typer.Option(help="Random seed (training is deterministic for a seed).")] = 13,
    learning_rate: Annotated[float, typer.Option(help="Adam learning rate.")] = 2e-3,
    init: Annotated[
        Path | None, typer.Option("--init", help="Continue training the model in this folder.")
    ] = None,
    context: Annotated[
        bool,
        typer.Option(
            "--context/--no-context",
            help="Also read MiniLM's contextual token states (the accurate model; slower).",
        ),
    ] = False,
) -> None:
    """Train the cue and argument taggers on PolNeAR train; keep the best epoch on dev."""
    from claimledger.cli import fail, print_metrics, stderr, user_errors
    from claimledger.extract.learned.train import TrainConfig, headline, train_attribution

    for folder in (train, dev):
        if not (folder / "attributions").is_dir() or not (folder / "text").is_dir():
            fail(f"{folder}: not a PolNeAR folder (needs text/ and attributions/)")

    def report(epoch: int, row: dict[str, float]) -> None:
        shown = ", ".join(f"{k} {100 * v:.1f}" for k, v in row.items() if k not in {"epoch", "loss"})
        stderr.print(f"epoch {epoch}: loss {row['loss']:.3f}, dev {shown}", markup=False)

    config = TrainConfig(
        epochs=epochs,
        threads=threads,
        seed=seed,
        learning_rate=learning_rate,
        init=str(init) if init else None,
        context=context,
    )
    with user_errors():
        result = train_attribution(train, dev, out, config, max_docs=max_docs, on_epoch=report)
    metrics = {"best_epoch": result.best_epoch, "seconds": round(result.seconds, 1), **headline(result.dev)}
    print_metrics(metrics, False, f"attribution model written to {out}")


def merge_attribution(
    members: Annotated[list[Path], typer.Argument(help="Model folders written by `train attribution`.")],
    out: Annotated[Path, typer.Option("--out", help="Write the ensemble's folder here.")],
) -> None:
    """Combine models trained alike (e.g. with different --seed) into one ensemble that averages them."""
    from claimledger.cli import fail, user_errors
    from claimledger.extract.learned.model import merge_models

    if len(members) < 2:
        fail("an ensemble needs at least two model folders")
    with user_errors():
        merge_models(members, out)
    typer.echo(f"ensemble of {len(members)} models written to {out}")


def register(app: typer.Typer, eval_app: typer.Typer, train_app: typer.Typer) -> None:
    train_app.command("attribution")(train_attribution)
    train_app.command("attribution-ensemble")(merge_attribution)
