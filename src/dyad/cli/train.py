"""`dyad train`: fine-tune the encoder and fit the event heads from the labelled corpus."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from dyad.cli.app import app


@app.command("train")
def train(
    heads_only: Annotated[bool, typer.Option("--heads-only", help="Keep the shipped encoder; refit only the "
                                                                  "linear heads (no torch needed).")] = False,
    layers: Annotated[int | None, typer.Option("--layers", help="Fine-tune only the encoder's first N "
                                               "transformer layers (default: all 6); fewer encode faster.")] = None,
) -> None:
    """Train the learned event step on corpus/events (train split only) and write src/dyad/data/models/events/.

    Needs the `learn` extra (scikit-learn; torch and transformers for the encoder) and ../shared for the
    corpus texts. Seeded; about 25 minutes on 2 cores (measured: 24 min 40 s)."""
    from dyad.learn.finetune import LAYERS  # no torch until the fine-tuning itself

    if layers is not None and (heads_only or not 1 <= layers <= LAYERS):
        typer.echo(f"error: --layers takes 1 to {LAYERS} and shapes the fine-tuned encoder (not with --heads-only)",
                   err=True)
        raise typer.Exit(2)
    try:
        from dyad.learn.train import train_all

        summary = train_all(fine_tune=not heads_only, layers=layers)
    except ModuleNotFoundError as exc:
        typer.echo(f"error: {exc.name} is missing; install the learn extra: pip install -e '.[learn]'", err=True)
        raise typer.Exit(2) from exc
    except FileNotFoundError as exc:
        typer.echo(f"error: the corpus texts need ../shared/corpora beside the checkout ({exc})", err=True)
        raise typer.Exit(2) from exc
    typer.echo(json.dumps(summary, indent=1))
