"""The Typer application that every command module registers on."""

from __future__ import annotations

import typer

app = typer.Typer(name="dyad", help="News and policy analysis into actors, PLOVER events, figures and dyad timelines.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)


@app.callback()
def main() -> None:
    """dyad: read pages, resolve actors, code PLOVER events with modality, and follow dyads over time."""


eval_app = typer.Typer(help="Score dyad against annotated sets (precision, recall, F1).", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
