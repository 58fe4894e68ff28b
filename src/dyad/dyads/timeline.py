"""Dyad timelines: per period, the events between two countries by quad class, a net cooperation score
(Goldstein) and the evidence sentences of the most reported events.

Events are event clusters (one real-world event, however many reports), so a summit covered by ten
articles counts once, with ``reports`` saying how often it was reported. An event is placed in a
period by its own date when that is precise enough for the period, else by its first report's date;
events with neither (pages without a publication date) are counted in a last ``undated`` row.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

import duckdb

__all__ = ["PERIODS", "UNDATED", "dyad_timeline", "in_range", "period_of"]

PERIODS = ("day", "week", "month", "year")
UNDATED = "undated"  # the last row: events neither the text nor the page dates, kept unless a range is asked
_NEEDS = {"day": 10, "week": 10, "month": 7, "year": 4}
_QUADS = {1: "verbal_cooperation", 2: "material_cooperation", 3: "verbal_conflict", 4: "material_conflict"}


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


def in_range(when: str, since: str | None, until: str | None) -> bool:
    """Whether an ISO date or period start lies within [since, until], compared at each bound's precision."""
    if since and when[:len(since)] < since:
        return False
    return not (until and when[:len(until)] > until)


def dyad_timeline(con: duckdb.DuckDBPyConnection, a: str, b: str, *, since: str | None = None,
                  until: str | None = None, by: str = "month", modality: str | None = None,
                  top: int = 3) -> list[dict[str, Any]]:
    """One row per period with events between countries ``a`` and ``b`` (ISO alpha-3), oldest first."""
    if by not in PERIODS:
        raise ValueError(f"--by must be one of {', '.join(PERIODS)}, not {by!r}")
    rows = con.execute(
        "SELECT type, modality, date, first_reported, reports, quad_class, goldstein, sentence, origin "
        "FROM event_clusters WHERE ((list_contains(source_keys, $a) AND list_contains(target_keys, $b)) "
        "OR (list_contains(source_keys, $b) AND list_contains(target_keys, $a)) "
        "OR (joint AND list_contains(source_keys, $a) AND list_contains(source_keys, $b))) "
        "AND ($modality IS NULL OR modality = $modality)",
        {"a": a, "b": b, "modality": modality}).fetchall()
    periods: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        period = period_of(row[2], row[3], by)
        when = row[2] if row[2] and len(row[2]) >= _NEEDS[by] else row[3]
        if period and when and in_range(when, since, until):
            periods[period].append(row)
        elif period is None and not since and not until:
            periods[UNDATED].append(row)
    timeline = []
    for period in sorted(periods, key=lambda p: (p == UNDATED, p)):
        events = periods[period]
        counts = dict.fromkeys(_QUADS.values(), 0)
        for event in events:
            if event[5] in _QUADS:
                counts[_QUADS[event[5]]] += 1
        scores = [event[6] for event in events if event[6] is not None]
        ranked, sentences = [], set()
        for event in sorted(events, key=lambda e: (-e[4], -abs(e[6] or 0.0), e[7] or "")):
            if event[7] not in sentences:  # one sentence often reports two events; show it once
                sentences.add(event[7])
                ranked.append(event)
        timeline.append({
            "period": period, "events": len(events), "reports": sum(e[4] for e in events), **counts,
            "goldstein_sum": round(sum(scores), 2), "goldstein_mean": round(sum(scores) / len(scores), 2)
            if scores else None,
            "evidence": [{"type": e[0], "modality": e[1], "date": e[2], "reports": e[4], "sentence": e[7],
                          "origin": e[8]} for e in ranked[:top]],
        })
    return timeline
