"""`dyad serve` refuses a missing store with one line, not a traceback."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from dyad.cli import app


def test_serve_without_a_store_says_how_to_make_one(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "missing.duckdb")])
    assert result.exit_code == 2
    assert "no such store; create it with `dyad ingest PATH --db" in result.output
    assert "Traceback" not in result.output
