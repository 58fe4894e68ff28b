"""Same event, many reports: merge events across documents into event clusters.

Two reports are of the same event when they share the PLOVER type, the modality and the dyad (each
side as its set of countries, or actor ids where an actor has no country; unordered for joint
actors, who all sit in ``source``), a compatible date and a compatible place. Dates are compatible
when one is a prefix of the other ("2024-08-03" and "2024-08" overlap; "2024-08-03" and
"2024-08-04" do not); an event without a date is dated by its document's publication day. Places
are compatible when either is unknown, or they name the same place or the same country.

Clustering is greedy and deterministic: events are taken finest date first, each joins the first
compatible cluster of its group or opens a new one, so the result does not depend on the order
documents were ingested in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

__all__ = ["cluster_events", "dates_compatible", "places_compatible"]

_PRECISION_RANK = {10: 0, 7: 1, 4: 2}


def dates_compatible(a: str | None, b: str | None) -> bool:
    """Same day, or overlapping at the coarser of the two precisions; unknown dates match nothing."""
    if not a or not b:
        return False
    shorter, longer = sorted((a, b), key=len)
    return longer.startswith(shorter)


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
    from dyad.dyads.countries import country_code

    return bool(place.get("country")) and country_code(place["name"]) == place["country"]


def _side(actors: list[str | None], countries: list[str | None]) -> tuple[str, ...]:
    return tuple(sorted({country or actor or "?" for actor, country in zip(actors, countries, strict=False)}))


def _dated(event: dict[str, Any]) -> str | None:
    if event.get("date"):
        return str(event["date"])
    return str(event["published"])[:10] if event.get("published") else None


def cluster_events(events: Iterable[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Group event rows (``events`` table columns) into clusters; returns (cluster rows, member rows)."""
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
    for event in events:
        source = _side(event["source_actors"], event["source_countries"])
        target = _side(event["target_actors"], event["target_countries"])
        key = (event["type"], event["modality"], source, target)
        groups[key].append({**event, "_source": source, "_target": target, "_date": _dated(event)})
    clusters: list[list[dict[str, Any]]] = []
    for members in groups.values():
        clusters.extend(_cluster_group(members))
    return _summarise(clusters)


def _cluster_group(events: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    def order(e: dict[str, Any]) -> tuple[Any, ...]:
        date = e["_date"] or ""
        return (_PRECISION_RANK.get(len(date), 3), date, e.get("published") or "", e["doc"], e["event"])

    found: list[list[dict[str, Any]]] = []
    # Candidates by the representative date's day, month and year keep the scan linear in practice.
    index: dict[str, list[list[dict[str, Any]]]] = defaultdict(list)
    for event in sorted(events, key=order):
        date = event["_date"]
        home = None
        if date:
            for cluster in index[date]:
                if places_compatible(_place(cluster), _place(event)):
                    home = cluster
                    break
        if home is None:
            home = [event]
            found.append(home)
            if date:
                for cut in (4, 7, 10):
                    if len(date) >= cut:
                        index[date[:cut]].append(home)
        else:
            home.append(event)
    return found


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
            "date": rep["_date"], "date_precision": _precision(rep["_date"]),
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


def _precision(date: str | None) -> str:
    return {10: "day", 7: "month", 4: "year"}.get(len(date or ""), "none")
