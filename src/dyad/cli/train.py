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
) -> None:
    """Train the learned event step on corpus/events (train split only) and write src/dyad/data/models/events/.

    Needs the `learn` extra (scikit-learn; torch and transformers for the encoder) and ../shared for the
    corpus texts. Seeded; about 10 minutes on 2 cores."""
    try:
        from dyad.learn.train import train_all

        summary = train_all(fine_tune=not heads_only)
    except ModuleNotFoundError as exc:
        typer.echo(f"error: {exc.name} is missing; install the learn extra: pip install -e '.[learn]'", err=True)
        raise typer.Exit(2) from exc
    except FileNotFoundError as exc:
        typer.echo(f"error: the corpus texts need ../shared/corpora beside the checkout ({exc})", err=True)
        raise typer.Exit(2) from exc
    typer.echo(json.dumps(summary, indent=1))
