"""`dyad serve`: the analyst hub (web pages and JSON API) over a store."""

from __future__ import annotations

import os
from typing import Annotated

import typer
from rich.console import Console

from dyad.cli.app import app
from dyad.store.db import StoreError, default_db


@app.command()
def serve(
    db: Annotated[str | None, typer.Option("--db", help="The DuckDB store (default: $DYAD_DB or dyad.duckdb).")] = None,
    host: Annotated[str, typer.Option(help="Address to bind; the default keeps the hub on this machine.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    token: Annotated[str | None, typer.Option(envvar="DYAD_TOKEN", show_envvar=True,
                                              help="Write token; without one the hub is read-only.")] = None,
    max_upload: Annotated[int, typer.Option(help="Largest request body accepted, in bytes.")] = 5_000_000,
) -> None:
    """Serve the hub: recent articles, article views, dyad charts, actors, search, and the API at /docs."""
    import uvicorn

    from dyad.web.app import create_app

    err = Console(stderr=True)
    path = db or default_db()
    try:
        hub = create_app(path, token=token or None, max_body=max_upload)
    except StoreError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    mode = "writes need the token" if token else "read-only"
    err.print(f"dyad hub on http://{host}:{port}/ over {os.path.abspath(path)} ({mode}); Ctrl-C stops it",
              highlight=False, soft_wrap=True)
    uvicorn.run(hub, host=host, port=port, log_level="warning", server_header=False, timeout_keep_alive=30)
