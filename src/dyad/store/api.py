"""The Python API to a store: ``dyad.open(db)``."""

from __future__ import annotations

import os
from typing import Literal, overload

from dyad.store.db import ReadOnlyStore, Store, default_db

__all__ = ["open_store"]


@overload
def open_store(db: str | os.PathLike[str] | None = None, read_only: Literal[True] = True) -> ReadOnlyStore: ...


@overload
def open_store(db: str | os.PathLike[str] | None, read_only: Literal[False]) -> Store: ...


@overload
def open_store(db: str | os.PathLike[str] | None = None, *, read_only: Literal[False]) -> Store: ...


def open_store(db: str | os.PathLike[str] | None = None, read_only: bool = True) -> ReadOnlyStore | Store:
    """Open a store (default ``$DYAD_DB`` or ``dyad.duckdb``); its queries return pandas DataFrames.

    Read-only by default: a ``ReadOnlyStore`` has queries, the SQL sandbox (``query``) and exports, and no
    write methods. ``read_only=False`` gives the writable ``Store`` (one writer per file at a time).
    """
    path = db or default_db()
    return ReadOnlyStore(path) if read_only else Store(path)
