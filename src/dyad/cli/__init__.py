"""Command line: `dyad analyze`, `dyad ingest`, `dyad dyad`, `dyad serve`, `dyad eval`, …"""

from dyad.cli import analyze  # noqa: F401  (registers its commands)
from dyad.cli.app import app

__all__ = ["app"]
