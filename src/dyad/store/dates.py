"""Typed date bounds of an event date given at its precision: the one place exports derive them.

An event dated ``"2025-08"`` (precision ``month``) happened on some day from 2025-08-01 to 2025-08-31; the
exports carry those bounds as ``date_start`` and ``date_end`` (DATE columns), so a time series can be built
with ``pd.to_datetime(df.date_start)`` whatever the precision. Events that carry the bounds themselves make
this derivation unnecessary: an export uses a table's own ``date_start``/``date_end`` when it has them.
"""

from __future__ import annotations

import calendar
import datetime as dt

__all__ = ["date_bounds"]


def date_bounds(date: str | None, precision: str | None = None) -> tuple[dt.date | None, dt.date | None]:
    """First and last day of ``date`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``); (None, None) when unknown.

    The shape of ``date`` decides the span; a ``precision`` of ``none`` (or a date that is not ISO) gives no
    bounds, so a malformed stored date never becomes a wrong day."""
    if not date or precision == "none":
        return None, None
    try:
        parts = [int(p) for p in date.split("T")[0].split("-")]
        if len(parts) == 1:
            return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
        if len(parts) == 2:
            last = calendar.monthrange(parts[0], parts[1])[1]
            return dt.date(parts[0], parts[1], 1), dt.date(parts[0], parts[1], last)
        if len(parts) == 3:
            day = dt.date(parts[0], parts[1], parts[2])
            return day, day
    except ValueError:
        pass
    return None, None
