"""The Python API to a store: ``dyad.open(db)``."""

from __future__ import annotations

import os

from dyad.store.db import Store, default_db

__all__ = ["open_store"]


def open_store(db: str | os.PathLike[str] | None = None, read_only: bool = True) -> Store:
    """Open a store (default ``$DYAD_DB`` or ``dyad.duckdb``); its queries return pandas DataFrames."""
    return Store(db or default_db(), read_only=read_only)
