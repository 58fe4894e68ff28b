"""`dyad serve`: the analyst hub (web pages and JSON API) over a store."""

from __future__ import annotations

import os
import sys
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
    max_upload: Annotated[int | None, typer.Option(help="Largest request body accepted, in bytes (default: 20 bytes "
                                                        "per character of the analysis budget, 2 MB).")] = None,
    public_analyze: Annotated[bool, typer.Option("--public-analyze", help="Let anyone who can reach the hub use "
                                                 "POST /api/analyze (by default it needs the write token).")] = False,
) -> None:
    """Serve the hub: recent articles, article views, dyad charts, actors, search, and the API at /docs."""
    import uvicorn

    from dyad.web.app import create_app

    err = Console(stderr=True)
    path = db or default_db()
    try:
        hub = create_app(path, token=token or None, public_analyze=public_analyze,
                         **({"max_body": max_upload} if max_upload else {}))
    except StoreError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    mode = "writes need the token" if token else "read-only"
    err.print(f"dyad hub on http://{host}:{port}/ over {os.path.abspath(path)} ({mode}); Ctrl-C stops it",
              highlight=False, soft_wrap=True)
    # On SIGTERM or Ctrl-C: 5 s for requests in flight, then the store is checkpointed and closed (lifespan).
    uvicorn.run(hub, host=host, port=port, log_level="warning", server_header=False, timeout_keep_alive=30,
                timeout_graceful_shutdown=5)
    # An analysis still running in a worker thread is abandoned: its result could no longer be sent, and
    # waiting for it (up to the analysis budget) is what kept a busy hub alive long after SIGTERM.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
