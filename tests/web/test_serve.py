"""`dyad serve`: a missing store is one line, not a traceback; `dyad ingest` into a served store."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx
from hubdata import TOKEN, build_store, serving
from shared_data import SEED
from typer.testing import CliRunner

from dyad.cli import app


def test_serve_without_a_store_says_how_to_make_one(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "missing.duckdb")])
    assert result.exit_code == 2
    assert "no such store; create it with `dyad ingest PATH --db" in result.output
    assert "Traceback" not in result.output


def _dyad(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(Path(sys.executable).with_name("dyad")), *args], capture_output=True, text=True,
                          timeout=300)


def test_ingest_into_a_served_store_appears_in_the_hub(tmp_path: Path) -> None:
    """A hub without a token reads in short-lived connections: `dyad ingest` writes the file meanwhile."""
    store = build_store(tmp_path / "served.duckdb")
    with serving(store) as base:
        before = httpx.get(base + "/api/documents").json()["total"]
        first = httpx.get(base + "/").text  # cached by the hub
        ingested = _dyad("ingest", str(SEED), "--db", str(store), "--workers", "0", "--quiet")
        assert ingested.returncode == 0, ingested.stderr
        deadline = time.monotonic() + 5
        while httpx.get(base + "/api/documents").json()["total"] == before and time.monotonic() < deadline:
            time.sleep(0.2)
        assert httpx.get(base + "/api/documents").json()["total"] == before + 1
        assert httpx.get(base + "/").text != first  # the cached page noticed the new document


def test_a_writer_holding_the_store_gets_named_and_cached_pages_still_answer(tmp_path: Path) -> None:
    store = build_store(tmp_path / "held.duckdb")
    with serving(store) as base:
        assert httpx.get(base + "/api/documents").status_code == 200
        holder = subprocess.Popen([sys.executable, "-c", "import sys, time; from dyad.store import Store; "
                                   "s = Store(sys.argv[1]); print('ready', flush=True); time.sleep(60)", str(store)],
                                  stdout=subprocess.PIPE, text=True)
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
            assert httpx.get(base + "/api/documents").status_code == 200  # asked before: the store as it was
            busy = httpx.get(base + "/api/events", params={"type": "AID"})
            assert busy.status_code == 503 and busy.headers["retry-after"] == "5"
            assert f"being written by PID {holder.pid} (`python" in busy.json()["error"]
        finally:
            holder.kill()
            holder.wait()
        assert httpx.get(base + "/api/events", params={"type": "AID"}).status_code == 200


def test_ingest_into_a_writable_hub_names_the_hub(tmp_path: Path) -> None:
    store = build_store(tmp_path / "writable.duckdb")
    with serving(store, TOKEN):
        refused = _dyad("ingest", str(SEED), "--db", str(store), "--workers", "0", "--quiet")
    assert refused.returncode == 2
    assert "(`dyad serve --db" in refused.stderr and "a hub started with a token is one" in refused.stderr
