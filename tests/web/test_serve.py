"""`dyad serve`: a missing store is one line, not a traceback; `dyad ingest` into a served store."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from hubdata import TOKEN, build_store, serving
from shared_data import SEED
from typer.testing import CliRunner

import dyad
from dyad.cli import app
from dyad.filters import EventFilter
from dyad.web import queries
from dyad.web.app import create_app


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


@pytest.mark.slow
def test_an_ingest_shows_its_first_batches_in_the_hub_before_it_ends(tmp_path: Path) -> None:
    """The ingest releases the store's file after every commit: its early batches are read while it runs."""
    store = build_store(tmp_path / "growing.duckdb")
    pages = tmp_path / "pages.jsonl"
    lines = (Path(dyad.__file__).parent / "sample" / "free-news.jsonl").read_text("utf-8").splitlines()
    pages.write_text("\n".join(lines[:6]) + "\n", "utf-8")
    first_title = json.loads(lines[0])["title"]
    with serving(store) as base:
        before = httpx.get(base + "/api/documents").json()["total"]
        ingest = subprocess.Popen([str(Path(sys.executable).with_name("dyad")), "ingest", str(pages), "--db",
                                   str(store), "--workers", "0", "--batch-size", "1", "--quiet"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            seen_while_running = None
            while ingest.poll() is None:
                answer = httpx.get(base + "/api/documents", params={"limit": 500}, timeout=30)
                assert answer.status_code == 200, answer.text  # never a 503: the file is free between batches
                titles = [d["title"] for d in answer.json()["items"]]
                if first_title in titles and ingest.poll() is None:
                    seen_while_running = answer.json()["total"]
                    break
                time.sleep(0.05)
            assert seen_while_running is not None, "the first batch was not visible before the ingest ended"
            assert before < seen_while_running < before + 6
        finally:
            _, stderr = ingest.communicate(timeout=300)
        assert ingest.returncode == 0, stderr
        assert httpx.get(base + "/api/documents").json()["total"] == before + 6


def test_a_writer_gets_its_turn_while_the_hub_reads_without_pause(tmp_path: Path) -> None:
    """Reads that overlap without end never keep one connection open: a writer opens the file meanwhile."""
    store = build_store(tmp_path / "busy.duckdb")
    app = create_app(store)
    hub = app.state.hub
    stop = threading.Event()
    fresh = itertools.count()

    def hammer() -> None:
        while not stop.is_set():  # a new page each time: never answered from the cache
            hub.read(queries.events, EventFilter.parse(), 1, next(fresh))

    readers = [threading.Thread(target=hammer) for _ in range(6)]
    for reader in readers:
        reader.start()
    try:
        writer = subprocess.run([sys.executable, "-c", "import sys; from dyad.store import Store; "
                                 "Store(sys.argv[1]).close()", str(store)], capture_output=True, text=True,
                                timeout=300)
    finally:
        stop.set()
        for reader in readers:
            reader.join()
        hub.close()
    assert writer.returncode == 0, writer.stderr
    assert next(fresh) > 50  # the reads went on all along


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


def test_a_page_asked_by_many_clients_at_once_is_computed_once(tmp_path: Path) -> None:
    app = create_app(build_store(tmp_path / "herd.duckdb"))
    hub = app.state.hub
    calls: list[int] = []

    def slow_count(cursor: object, n: int) -> int:
        calls.append(n)
        time.sleep(0.3)
        return n * 2

    try:
        threads = [threading.Thread(target=lambda: answers.append(hub.read(slow_count, 21))) for _ in range(10)]
        answers: list[int] = []
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert answers == [42] * 10 and calls == [21]
        assert hub.read(slow_count, 4) == 8 and calls == [21, 4]
    finally:
        hub.close()
