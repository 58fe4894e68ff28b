"""Typed date bounds of an event date at its precision."""

from __future__ import annotations

import datetime as dt

import pytest

from dyad.store.dates import date_bounds


@pytest.mark.parametrize(("date", "precision", "bounds"), [
    ("2025-08-02", "day", (dt.date(2025, 8, 2), dt.date(2025, 8, 2))),
    ("2025-08", "month", (dt.date(2025, 8, 1), dt.date(2025, 8, 31))),
    ("2024-02", "month", (dt.date(2024, 2, 1), dt.date(2024, 2, 29))),
    ("2023-02", "month", (dt.date(2023, 2, 1), dt.date(2023, 2, 28))),
    ("2025", "year", (dt.date(2025, 1, 1), dt.date(2025, 12, 31))),
    ("2025-08-02T10:00:00", "day", (dt.date(2025, 8, 2), dt.date(2025, 8, 2))),
    (None, "none", (None, None)),
    ("2025-08", "none", (None, None)),
    ("2025-13", "month", (None, None)),
    ("August 2025", "month", (None, None)),
])
def test_bounds_follow_the_shape_of_the_date(date: str | None, precision: str, bounds: tuple) -> None:
    assert date_bounds(date, precision) == bounds
