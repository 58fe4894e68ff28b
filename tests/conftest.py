"""Session fixtures shared by the whole suite (paths and skips live in shared_data.py)."""

from __future__ import annotations

import pytest
from shared_data import SEED


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text("utf-8")
