"""``loaded_once``, ``loaded_once_per``: caches for heavy loaders that several threads may call first at once.

``functools.cache`` lets concurrent first callers each run the loader (six simultaneous first requests to
the hub loaded spaCy six times: 6.7 s each and 741 MB). Here the first caller loads while the others wait
for its result; later calls take no lock.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import TypeVar

__all__ = ["loaded_once", "loaded_once_per"]

T = TypeVar("T")
K = TypeVar("K")
_UNSET = object()


def loaded_once(loader: Callable[[], T]) -> Callable[[], T]:
    """Wrap a loader without arguments so that it runs once per process, whichever threads ask."""
    lock = threading.Lock()
    value: list[object] = [_UNSET]

    @functools.wraps(loader)
    def load() -> T:
        if value[0] is _UNSET:
            with lock:
                if value[0] is _UNSET:
                    value[0] = loader()
        return value[0]  # type: ignore[return-value]

    def cache_clear() -> None:
        with lock:
            value[0] = _UNSET

    load.cache_clear = cache_clear  # type: ignore[attr-defined]  # as functools.cache offers, for tests
    return load


def loaded_once_per(loader: Callable[[K], T]) -> Callable[[K], T]:
    """Wrap a loader of one hashable argument (a model name) so that it runs once per process per argument."""
    lock = threading.Lock()
    values: dict[K, T] = {}

    @functools.wraps(loader)
    def load(key: K) -> T:
        if key not in values:
            with lock:  # one lock for all keys: loads are rare and a second model waits for the first
                if key not in values:
                    values[key] = loader(key)
        return values[key]

    def cache_clear() -> None:
        with lock:
            values.clear()

    load.cache_clear = cache_clear  # type: ignore[attr-defined]
    return load
