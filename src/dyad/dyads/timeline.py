"""Dyad timelines: per period, the events between two countries by quad class, a net cooperation score
(Goldstein) and the evidence sentences of the most reported events.

Events are event clusters (one real-world event, however many reports), so a summit covered by ten
articles counts once, with ``reports`` saying how often it was reported. An event is placed in a
period by its own date when that is precise enough for the period, else by its first report's date;
events with neither (pages without a publication date) are counted in a last ``undated`` row.

Only asserted events count unless other modalities are asked for; each modality is then its own series
(its own rows). Every period between the first and the last (or the asked range) has a row, zero when
nothing happened. ``direction`` picks A→B, B→A or both; a joint event ("A and B agreed") goes both ways.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from functools import cache
from typing import Any

import duckdb

from dyad.filters import (
    EventFilter,
    FilterError,
    check_date,
    check_direction,
    check_modalities,
    overlaps,
)
from dyad.model import MODALITIES, Modality
from dyad.score import event_policy
from dyad.store import queries

__all__ = ["DEFAULT_MODALITIES", "MAX_PERIODS", "PERIODS", "UNDATED", "dyad_timeline", "period_of", "periods_between"]

PERIODS = ("day", "week", "month", "year")
UNDATED = "undated"  # the last row: events neither the text nor the page dates, kept unless a range is asked
DEFAULT_MODALITIES: tuple[Modality, ...] = ("asserted",)  # what happened; plans and denials only when asked
MAX_PERIODS = 100_000  # a day-by-day timeline of some 270 years; past that, ask for a coarser period
_NEEDS = {"day": 10, "week": 10, "month": 7, "year": 4}


def period_of(event_date: str | None, first_reported: str | None, by: str) -> str | None:
    """The period label of an event ("2024-08", "2024-W31", …), or None when it cannot be placed."""
    when = event_date if event_date and len(event_date) >= _NEEDS[by] else first_reported
    if not when or len(when) < _NEEDS[by]:
        return None
    if by == "week":
        try:
            year, week, _ = date.fromisoformat(when[:10]).isocalendar()
        except ValueError:
            return None
        return f"{year}-W{week:02d}"
    return when[:_NEEDS[by]]


def _first_day(bound: str) -> date:
    return date.fromisoformat((bound + "-01-01")[:10])


def _last_day(bound: str) -> date:
    if len(bound) == 10:
        return date.fromisoformat(bound)
    year, month = int(bound[:4]), int(bound[5:7]) if len(bound) == 7 else 12
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return following - timedelta(days=1)


def _start_of(period: str, by: str) -> date:
    if by == "week":
        year, week = period.split("-W")
        return date.fromisocalendar(int(year), int(week), 1)
    return _first_day(period)


def periods_between(first: str, last: str, by: str) -> Iterator[str]:
    """Every period label from ``first`` to ``last`` (both labels of ``by``), oldest first."""
    day, end = _start_of(first, by), _start_of(last, by)
    count = 0
    while day <= end:
        count += 1
        if count > MAX_PERIODS:
            raise FilterError(f"more than {MAX_PERIODS} periods by {by}; ask for a coarser period or a shorter range")
        yield str(period_of(day.isoformat(), None, by))
        if by == "year":
            day = date(day.year + 1, 1, 1)
        elif by == "month":
            day = date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)
        else:
            day += timedelta(days=7 if by == "week" else 1)


def dyad_timeline(con: duckdb.DuckDBPyConnection, a: str, b: str, *, since: str | None = None,
                  until: str | None = None, by: str = "month",
                  modalities: str | Sequence[str] | None = DEFAULT_MODALITIES, direction: str = "both",
                  top: int = 3, reports: EventFilter | None = None) -> list[dict[str, Any]]:
    """Per modality asked (default: asserted), one row per period with the events between countries ``a``
    and ``b`` (ISO alpha-3) in ``direction``, oldest first; empty periods are rows of zeros. ``reports``
    keeps the events with at least one report it matches (type, quad class, sector, site, confidence, ...);
    its dates and modalities are not used, those are ``since``, ``until`` and ``modalities``.
    """
    if by not in PERIODS:
        raise FilterError(f"by must be one of {', '.join(PERIODS)}, not {by!r}")
    if a == b:
        raise FilterError(f"a dyad is two different countries, not {a} and {a}")
    since = check_date(since, "since") if since else None
    until = check_date(until, "until") if until else None
    series = check_modalities(modalities) or DEFAULT_MODALITIES
    rows = queries.dyad_clusters(con, a, b, check_direction(direction), series, reports)
    periods: dict[tuple[str, str], list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        period = period_of(row[2], row[3], by)
        when = row[2] if row[2] and len(row[2]) >= _NEEDS[by] else row[3]
        if period and when and overlaps(when, since, until):
            periods[(row[1], period)].append(row)
        elif period is None and not since and not until:
            periods[(row[1], UNDATED)].append(row)
    dated = sorted(p for _, p in periods if p != UNDATED)
    first = period_of(_first_day(since).isoformat(), None, by) if since else dated[0] if dated else None
    last = period_of(_last_day(until).isoformat(), None, by) if until else dated[-1] if dated else None
    span = list(periods_between(first, last, by)) if first and last and first <= last else []
    timeline = []
    for modality in (m for m in MODALITIES if m in series):
        undated = [UNDATED] if (modality, UNDATED) in periods else []
        for period in span + undated:
            timeline.append(_row(period, modality, periods.get((modality, period), []), top))
    return timeline


@cache
def _quad_columns() -> dict[int, str]:
    """Quad class number -> the name of its count column ("verbal_cooperation"), from the ontology's names."""
    return {number: name.replace(" ", "_") for number, name in event_policy().quad_classes.items()}


def _row(period: str, modality: str, events: list[tuple[Any, ...]], top: int) -> dict[str, Any]:
    """One period of one series: counts per quad class, net (sum) and mean Goldstein, the top evidence."""
    columns = _quad_columns()
    counts = dict.fromkeys(columns.values(), 0)
    for event in events:
        if event[5] in columns:
            counts[columns[event[5]]] += 1
    scores = [event[6] for event in events if event[6] is not None]
    ranked, sentences = [], set()
    for event in sorted(events, key=lambda e: (-e[4], -abs(e[6] or 0.0), e[7] or "")):
        if event[7] not in sentences:  # one sentence often reports two events; show it once
            sentences.add(event[7])
            ranked.append(event)
    return {
        "period": period, "modality": modality, "events": len(events), "reports": sum(e[4] for e in events),
        **counts, "goldstein_sum": round(sum(scores), 2),
        "goldstein_mean": round(sum(scores) / len(scores), 2) if scores else None,
        "evidence": [{"type": e[0], "modality": e[1], "date": e[2], "reports": e[4], "sentence": e[7],
                      "origin": e[8]} for e in ranked[:top]],
    }
