"""The Typer application that every command module registers on."""

from __future__ import annotations

import typer

app = typer.Typer(name="dyad", help="News and policy analysis into actors, PLOVER events, figures and dyad timelines.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)


@app.callback()
def main() -> None:
    """dyad: read pages, resolve actors, code PLOVER events with modality, and follow dyads over time."""
