"""Fault injection on the hub (issue 16): each failure a hardening probe found, kept from coming back.

The analysis, reader and executor faults are in tests/test_fault_injection.py.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hubdata import TOKEN, build_store, free_port


def _hub_store(tmp_path: Path) -> Path:
    return build_store(tmp_path / "hub.duckdb")


def test_analyze_needs_the_token_unless_opened(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from dyad.web.app import create_app

    body = {"content": "Iran and Pakistan agreed to hold talks."}
    store = _hub_store(tmp_path)
    read_only = create_app(store)
    assert TestClient(read_only).post("/api/analyze", json=body).status_code == 403
    read_only.state.hub.close()
    writable = create_app(store, token=TOKEN)
    client = TestClient(writable)
    assert client.post("/api/analyze", json=body).status_code == 401
    assert client.post("/api/analyze", json=body, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    writable.state.hub.close()
    opened = create_app(store, public_analyze=True)
    assert TestClient(opened).post("/api/analyze", json=body).status_code == 200
    opened.state.hub.close()


def test_the_token_is_checked_before_the_body(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from dyad.web.app import create_app

    app = create_app(_hub_store(tmp_path), token=TOKEN)
    client = TestClient(app)
    for path in ("/api/documents", "/api/analyze"):
        assert client.post(path, json={"not": "a TextIn"}).status_code == 401
        assert client.post(path, json={"not": "a TextIn"},
                           headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 422
    app.state.hub.close()


def test_a_duplicate_post_answers_200_not_201(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from dyad.web.app import create_app

    app = create_app(_hub_store(tmp_path), token=TOKEN)
    client = TestClient(app)
    body, auth = {"content": "Iran and Pakistan agreed to hold talks on trade."}, {"Authorization": f"Bearer {TOKEN}"}
    first, again = (client.post("/api/documents", json=body, headers=auth) for _ in range(2))
    assert (first.status_code, first.json()["stored"]) == (201, 1)
    assert (again.status_code, again.json()["stored"], again.json()["skipped"]) == (200, 0, 1)
    app.state.hub.close()


def test_analyses_beyond_the_limit_are_turned_away(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from fastapi.testclient import TestClient

    import dyad.api
    from dyad.web.app import DEFAULT_MAX_BODY, create_app

    release = threading.Event()
    real = dyad.api.analyse

    def held(*args: object, **kwargs: object) -> object:
        release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(dyad.api, "analyse", held)
    app = create_app(_hub_store(tmp_path), public_analyze=True, analyses_at_once=1)
    client = TestClient(app)
    body = {"content": "Iran and Pakistan agreed to hold talks."}
    first = threading.Thread(target=lambda: client.post("/api/analyze", json=body))
    first.start()
    time.sleep(0.5)
    busy = client.post("/api/analyze", json=body)
    release.set()
    first.join()
    assert busy.status_code == 503 and busy.headers["retry-after"] == "5"
    assert client.post("/api/analyze", json=body).status_code == 200
    assert DEFAULT_MAX_BODY == 20 * 100_000  # the body cap follows the analysis budget
    app.state.hub.close()


def test_concurrent_first_loads_load_once() -> None:
    import threading

    from dyad.once import loaded_once

    calls: list[int] = []

    @loaded_once
    def heavy() -> object:
        calls.append(1)
        time.sleep(0.3)
        return object()

    results: list[object] = []
    threads = [threading.Thread(target=lambda: results.append(heavy())) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1 and len({id(r) for r in results}) == 1


def test_the_spacy_loader_is_loaded_once() -> None:
    from dyad.nlp import _load_model

    assert hasattr(_load_model, "cache_clear") and _load_model.__wrapped__.__name__ == "_load_model"


@pytest.mark.slow
def test_sigterm_stops_a_busy_hub_promptly_and_leaves_no_wal(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys

    import httpx

    store = _hub_store(tmp_path)
    port = free_port()
    env = {**os.environ, "DYAD_TOKEN": TOKEN}
    proc = subprocess.Popen([str(Path(sys.executable).with_name("dyad")), "serve", "--db", str(store), "--port",
                             str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base, auth = f"http://127.0.0.1:{port}", {"Authorization": f"Bearer {TOKEN}"}
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(base + "/api/documents?limit=1", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        for day in range(3):
            text = f"Iran and Pakistan agreed on day {day} to hold talks on trade and border security."
            assert httpx.post(base + "/api/documents", json={"content": text}, headers=auth,
                              timeout=60).status_code == 201
        # A long analysis in flight when SIGTERM arrives.
        busy = subprocess.Popen([sys.executable, "-c", (
            "import httpx,sys; httpx.post(sys.argv[1] + '/api/analyze', headers={'Authorization': 'Bearer ' + "
            "sys.argv[2]}, json={'content': 'Iran and Pakistan held talks. ' * 3000}, timeout=120)"),
            base, TOKEN])
        time.sleep(2)
        proc.send_signal(signal.SIGTERM)
        started = time.monotonic()
        proc.wait(timeout=30)
        stopped_after = time.monotonic() - started
        busy.kill()
    finally:
        if proc.poll() is None:
            proc.kill()
    assert stopped_after < 8
    wal = store.with_name(store.name + ".wal")
    assert not wal.exists() or wal.stat().st_size == 0
    import duckdb

    with duckdb.connect(str(store), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 5 + 3
