"""Temporal expressions -> ISO dates with precision, relative to an anchor date, and events' dates."""

from dyad.time.attach import event_date, prefer_for
from dyad.time.expressions import PRECISIONS, Prefer, TimeExpr, find_dates, infer_document_date, resolve

__all__ = ["PRECISIONS", "Prefer", "TimeExpr", "event_date", "find_dates", "infer_document_date", "prefer_for",
           "resolve"]
