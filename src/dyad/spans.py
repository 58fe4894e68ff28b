"""Offset lookups that stay logarithmic: which spans overlap, lie inside or enclose a position.

Stages ask such questions once per sentence, mention or match; scanning every span each time made analysis
time grow with the square of the text's length.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from typing import Generic, TypeVar

__all__ = ["SpanIndex", "enclosing"]

T = TypeVar("T")


class SpanIndex(Generic[T]):
    """Half-open spans ``[start, end)`` with an item each, kept sorted by start; spans may overlap.

    Answers list items in the order they were given, as a scan over the original list would.
    """

    def __init__(self, spans: Iterable[tuple[int, int, T]] = ()) -> None:
        ordered = sorted(((s, e, n, item) for n, (s, e, item) in enumerate(spans)), key=lambda x: (x[0], x[2]))
        self._starts = [s for s, _, _, _ in ordered]
        self._spans = ordered
        self._longest = max((e - s for s, e, _, _ in ordered), default=0)

    def __len__(self) -> int:
        return len(self._spans)

    def add(self, start: int, end: int, item: T) -> None:
        at = bisect_right(self._starts, start)
        self._starts.insert(at, start)
        self._spans.insert(at, (start, end, len(self._spans), item))
        self._longest = max(self._longest, end - start)

    def overlapping(self, start: int, end: int) -> list[T]:
        """Items whose span shares at least one character with ``[start, end)``."""
        first = bisect_left(self._starts, start - self._longest)
        last = bisect_left(self._starts, end)
        return self._in_order(x for x in self._spans[first:last] if x[1] > start and x[0] < end)

    def overlaps(self, start: int, end: int) -> bool:
        first = bisect_left(self._starts, start - self._longest)
        last = bisect_left(self._starts, end)
        return any(e > start for _, e, _, _ in self._spans[first:last])

    def inside(self, start: int, end: int) -> list[T]:
        """Items whose span lies within ``[start, end]``."""
        first = bisect_left(self._starts, start)
        last = bisect_right(self._starts, end)
        return self._in_order(x for x in self._spans[first:last] if x[1] <= end)

    @staticmethod
    def _in_order(found: Iterable[tuple[int, int, int, T]]) -> list[T]:
        return [item for _, _, _, item in sorted(found, key=lambda x: x[2])]


def enclosing(spans: list[tuple[int, int]], at: int) -> tuple[int, int] | None:
    """The span of sorted, non-overlapping ``spans`` that contains position ``at``, if any."""
    i = bisect_right(spans, (at, float("inf"))) - 1
    return spans[i] if i >= 0 and spans[i][0] <= at < spans[i][1] else None
