"""Fixtures of the hub tests: a store of hand-made analyses and `dyad serve` over it on a free loopback port."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hubdata import CHROMIUM, CHROMIUM_ARGS, build_store, serving


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("hub") / "hub.duckdb")


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
