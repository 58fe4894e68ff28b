"""Same event, many reports: merge events across documents into event clusters.

Two reports are of the same event when they share the PLOVER type, the modality and the dyad (each
side as its set of countries, or actor ids where an actor has no country; unordered for joint
actors, who all sit in ``source``), a compatible date and a compatible place. A date stands for a
span of days (a day, a month, a year); an event the text does not date stands for the
``UNDATED_DAYS`` days up to its document's publication. Dates are compatible when their spans
overlap, so "2024-08-03" and "2024-08" are, "2024-08-03" and "2024-08-04" are not. Places are
compatible when either is unknown, or they name the same place or one lies in the other.

Clustering is greedy and deterministic: events are taken narrowest span first, each joins the first
cluster of its group whose common span still overlaps its own (narrowing it) and whose place is
compatible, or opens a new one; the result does not depend on the order documents were ingested in.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

__all__ = ["UNDATED_DAYS", "cluster_events", "date_span", "places_compatible"]

UNDATED_DAYS = 3
Span = tuple[date, date]


def date_span(value: str | None, published: str | None = None) -> Span | None:
    """The days an ISO date (day, month or year) stands for; undated: the days up to publication."""
    try:
        if value and len(value) >= 10:
            day = date.fromisoformat(value[:10])
            return day, day
        if value and len(value) == 7:
            year, month = int(value[:4]), int(value[5:7])
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        if value and len(value) == 4:
            return date(int(value), 1, 1), date(int(value), 12, 31)
        if not value and published and len(published) >= 10:
            day = date.fromisoformat(published[:10])
            return day - timedelta(days=UNDATED_DAYS - 1), day
    except ValueError:
        return None
    return None


def _overlap(a: Span, b: Span) -> Span | None:
    start, end = max(a[0], b[0]), min(a[1], b[1])
    return (start, end) if start <= end else None


def places_compatible(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    """Either place unknown, or the same place, or one lies in the other (country or admin1 level)."""
    if not a or not b or not a.get("name") or not b.get("name"):
        return True
    if a.get("country") and b.get("country") and a["country"] != b["country"]:
        return False
    names_a = {a["name"].casefold(), (a.get("admin1") or "").casefold()}
    names_b = {b["name"].casefold(), (b.get("admin1") or "").casefold()}
    if a["name"].casefold() in names_b or b["name"].casefold() in names_a:
        return True
    return _country_level(a) or _country_level(b)


def _country_level(place: dict[str, Any]) -> bool:
    from dyad.actors.countries import country_code, is_capital

    name = place["name"]
    return bool(place.get("country")) and country_code(name) == place["country"] and not is_capital(name)


def _side(actors: list[str | None], countries: list[str | None]) -> tuple[str, ...]:
    return tuple(sorted({country or actor or "?" for actor, country in zip(actors, countries, strict=False)}))


def cluster_events(events: Iterable[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Group event rows (``events`` table columns) into clusters; returns (cluster rows, member rows)."""
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
    for event in events:
        source = _side(event["source_actors"], event["source_countries"])
        target = _side(event["target_actors"], event["target_countries"])
        key = (event["type"], event["modality"], source, target)
        groups[key].append({**event, "_source": source, "_target": target,
                            "_span": date_span(event.get("date"), event.get("published"))})
    clusters: list[list[dict[str, Any]]] = []
    for members in groups.values():
        clusters.extend(_cluster_group(members))
    return _summarise(clusters)


def _cluster_group(events: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    def order(e: dict[str, Any]) -> tuple[Any, ...]:
        span = e["_span"]
        width = (span[1] - span[0]).days if span else 1 << 30
        return (width, span[0] if span else date.max, e.get("published") or "", e["doc"], e["event"])

    found: list[list[dict[str, Any]]] = []
    spans: dict[int, Span] = {}
    # Clusters indexed by every month their span touches, so an event is compared with few of them.
    by_month: dict[tuple[int, int], list[int]] = defaultdict(list)
    for event in sorted(events, key=order):
        span = event["_span"]
        home = None
        if span:
            for number in sorted({n for m in _months(span) for n in by_month[m]}):
                common = _overlap(spans[number], span)
                if common and places_compatible(_place(found[number]), _place(event)):
                    home, spans[number] = number, common
                    break
        if home is None:
            found.append([event])
            if span:
                spans[len(found) - 1] = span
                for month in _months(span):
                    by_month[month].append(len(found) - 1)
        else:
            found[home].append(event)
    return found


def _months(span: Span) -> list[tuple[int, int]]:
    months, (year, month) = [], (span[0].year, span[0].month)
    while (year, month) <= (span[1].year, span[1].month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _place(item: dict[str, Any] | list[dict[str, Any]]) -> dict[str, Any] | None:
    events = item if isinstance(item, list) else [item]
    for event in events:
        if event.get("location_name"):
            return {"name": event["location_name"], "country": event.get("location_country"),
                    "admin1": event.get("location_admin1")}
    return None


def _summarise(clusters: list[list[dict[str, Any]]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rows, members = [], []
    for cluster in clusters:
        reports = sorted(cluster, key=lambda e: (e.get("published") or "9999", e["doc"], e["event"]))
        first, rep = reports[0], cluster[0]
        place = _place(cluster) or {}
        published = [e["published"] for e in cluster if e.get("published")]
        goldstein = [e["goldstein"] for e in cluster if e.get("goldstein") is not None]
        cluster_id = f"{first['doc']}:{first['event']}"
        rows.append({
            "cluster": cluster_id, "type": rep["type"], "modality": rep["modality"],
            "joint": not rep["_target"] and len(rep["_source"]) > 1,
            "source_keys": list(rep["_source"]), "target_keys": list(rep["_target"]),
            "date": rep.get("date") or (rep.get("published") or "")[:10] or None,
            "date_precision": rep.get("date_precision") if rep.get("date") else "none",
            "location_name": place.get("name"), "location_country": place.get("country"),
            "reports": len({e["doc"] for e in cluster}), "mentions": len(cluster),
            "first_reported": min(published) if published else None,
            "last_reported": max(published) if published else None,
            "quad_class": next((e["quad_class"] for e in reports if e.get("quad_class") is not None), None),
            "goldstein": sum(goldstein) / len(goldstein) if goldstein else None,
            "cameo": next((e["cameo"] for e in reports if e.get("cameo")), None),
            "sentence": first["sentence"], "doc": first["doc"], "origin": first.get("origin"),
        })
        members.extend({"cluster": cluster_id, "doc": e["doc"], "event": e["event"]} for e in reports)
    return rows, members
