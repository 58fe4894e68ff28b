"""Command line: `dyad analyze`, `dyad ingest`, `dyad dyad`, `dyad serve`, `dyad eval`, …"""

from dyad.cli import (
    analyze,  # noqa: F401  (registers its commands)
    eval_actors,  # noqa: F401
    eval_commands,  # noqa: F401
    serve,  # noqa: F401
    spark_commands,  # noqa: F401
    store_commands,  # noqa: F401
    train,  # noqa: F401
)
from dyad.cli.app import app

__all__ = ["app"]
