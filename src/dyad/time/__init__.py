"""Temporal expressions -> ISO dates with precision, relative to an anchor date, and events' dates."""

from dyad.time.attach import event_date, prefer_for
from dyad.time.context import anchor_date, paragraph_context
from dyad.time.expressions import (
    PRECISIONS,
    Prefer,
    TimeExpr,
    date_bounds,
    document_dates,
    find_dates,
    resolve,
)

__all__ = ["PRECISIONS", "Prefer", "TimeExpr", "anchor_date", "date_bounds", "document_dates", "event_date",
           "find_dates", "paragraph_context", "prefer_for", "resolve"]
