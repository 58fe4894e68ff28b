"""`dyad eval actors`: score actor mentions against the ConfliBERT CAMEO NER spans."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from dyad.cli.app import eval_app
from dyad.evaluation.actors import evaluate_actors

DEFAULT_SET = Path("corpora/conflibert-cameo/cameo_ner/train.txt")
DEFAULT_SHARED = Path(os.environ.get("DYAD_SHARED", "../shared"))


@eval_app.command("actors")
def eval_actors(
    path: Annotated[Path | None, typer.Argument(help="CoNLL file of actor spans (default: the ConfliBERT train set "
                                                     "under ../shared).")] = None,
    shared: Annotated[Path, typer.Option(help="The ../shared folder (reference country lexicon).")] = DEFAULT_SHARED,
    limit: Annotated[int | None, typer.Option(help="Score only the first N sentences.")] = None,
    parse: Annotated[bool, typer.Option(help="Run spaCy NER over the sentences (slower).")] = True,
    errors: Annotated[int, typer.Option(help="Print up to N country errors.")] = 0,
) -> None:
    """Span precision/recall/F1 of actor mentions and country accuracy, as JSON."""
    err = Console(stderr=True)
    path = path or shared / DEFAULT_SET
    for needed in (path, shared / "corpora/codebooks/countrynames.txt"):
        if not needed.exists():
            err.print(f"[red]error:[/red] {needed}: not found; pass the CoNLL file and --shared PATH")
            raise typer.Exit(2)
    scores = evaluate_actors(path, shared, limit=limit, parse=parse)
    print(json.dumps(scores.figures(), indent=2))
    for line in scores.errors[:errors]:
        err.print(line, markup=False, highlight=False)
