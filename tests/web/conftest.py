"""Fixtures of the hub tests: a store of hand-made analyses and `dyad serve` over it on a free loopback port."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from hubdata import CHROMIUM, CHROMIUM_ARGS, build_store, free_port


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("hub") / "hub.duckdb")


@contextmanager
def serving(store: Path, token: str | None = None) -> Iterator[str]:
    """`dyad serve` over ``store`` as a subprocess on 127.0.0.1 and a free port; writable with ``token``."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DYAD_TOKEN"}
    if token:
        env["DYAD_TOKEN"] = token
    proc = subprocess.Popen([str(Path(sys.executable).with_name("dyad")), "serve", "--db", str(store), "--port", str(port)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/api/documents?limit=1", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                output = proc.stdout.read().decode() if proc.stdout and proc.poll() is not None else ""
                pytest.fail(f"dyad serve did not start: {output[-2000:]}")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def server(store_path: Path) -> Iterator[str]:
    """A read-only hub over the sample store (other tests may read the same file meanwhile)."""
    with serving(store_path) as base:
        yield base


@pytest.fixture(scope="session")
def browser_context() -> Iterator[Any]:
    """Debian's Chromium with a fresh profile, driven by Playwright (its own browser download is not used)."""
    if not CHROMIUM.exists():
        pytest.skip(f"needs Debian's chromium at {CHROMIUM} (`make test` installs it)")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as profile, sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(profile, executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                                        headless=True, viewport={"width": 1280, "height": 900})
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser_context: Any) -> Iterator[Any]:
    """A new tab whose console errors, page errors (CSP violations among them) and dialogs are collected."""
    tab = browser_context.new_page()
    tab.problems = []
    tab.dialogs = []
    tab.on("console", lambda msg: msg.type == "error" and tab.problems.append(msg.text))
    tab.on("pageerror", lambda err: tab.problems.append(str(err)))

    def on_dialog(dialog: Any) -> None:
        tab.dialogs.append(dialog.message)
        dialog.dismiss()

    tab.on("dialog", on_dialog)
    yield tab
    tab.close()
