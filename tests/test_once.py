"""loaded_once_per: one load per argument, however many threads ask first."""

from __future__ import annotations

import threading
import time

from dyad.once import loaded_once_per


def test_each_argument_loads_once_across_threads() -> None:
    calls: list[str] = []

    @loaded_once_per
    def heavy(name: str) -> object:
        calls.append(name)
        time.sleep(0.05)  # long enough for the other threads to arrive while the first loads
        return object()

    results: list[tuple[str, object]] = []
    names = ["a", "b"] * 3
    threads = [threading.Thread(target=lambda n=n: results.append((n, heavy(n)))) for n in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(calls) == ["a", "b"]
    assert len({id(r) for n, r in results if n == "a"}) == 1 and heavy("a") is not heavy("b")
    heavy.cache_clear()  # type: ignore[attr-defined]
    heavy("a")
    assert calls.count("a") == 2
