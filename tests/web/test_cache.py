"""The hub's response cache: a repeated GET is answered from memory, with the security headers, until the store
changes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from hubdata import build_store, gulf_analyses, sample_analyses

from dyad.store.db import Store
from dyad.store.rows import analysis_to_rows
from dyad.web.app import create_app


def test_a_repeated_answer_comes_from_memory_until_the_store_changes(tmp_path: Path) -> None:
    store = build_store(tmp_path / "cached.duckdb", sample_analyses())
    app = create_app(store)
    hub = app.state.hub
    reads: list[str] = []
    read = hub.read

    def counted(query: Any, *args: Any) -> Any:
        reads.append(query.__name__)
        return read(query, *args)

    hub.read = counted
    client = TestClient(app)
    try:
        first = client.get("/api/documents")
        asked = len(reads)
        again = client.get("/api/documents")
        assert again.text == first.text and len(reads) == asked  # the route did not run again
        assert again.headers["content-security-policy"] == first.headers["content-security-policy"]
        page = client.get("/dyads", headers={"accept": "text/html"})
        assert client.get("/dyads", headers={"accept": "text/html"}).text == page.text
        assert client.get("/api/documents?limit=1").json()["limit"] == 1  # another URL, its own answer
        with Store(store) as writer:  # another writer commits: every kept answer is stale
            writer.write_batch(writer.begin_run("test", []), [analysis_to_rows(gulf_analyses()[0])])
        asked = len(reads)
        fresh = client.get("/api/documents")
        assert len(reads) > asked and fresh.json()["total"] == first.json()["total"] + 1
    finally:
        hub.close()


def test_errors_are_not_kept(tmp_path: Path) -> None:
    app = create_app(build_store(tmp_path / "errors.duckdb", sample_analyses()))
    client = TestClient(app)
    try:
        assert client.get("/api/documents/nope").status_code == 404
        assert client.get("/api/documents/nope").json() == {"error": "no document 'nope'"}
    finally:
        app.state.hub.close()
