"""Where the test fixtures and ../shared live, and a skip when ../shared is absent.

Test modules import these from here (a unique module name), not from ``conftest``: with several
conftest.py files in the tree, ``import conftest`` would depend on which one pytest loaded first.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = Path(os.environ.get("DYAD_SHARED", ROOT.parent / "shared")).resolve()
SEED = FIXTURES / "seed.txt"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test with the reason when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {path} (the ../shared data beside the checkout); CI has it")
    return path
