"""Read-only queries over the store, each returning a pandas DataFrame (``.to_dict("records")`` for records).

Filters arrive checked (``dyad.filters``); ``limit=None`` returns every row.
"""

from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd

from dyad.filters import EVENT_WHEN, Direction, EventFilter, overlaps_sql

__all__ = ["actors", "clusters", "documents", "dyad_clusters", "events"]


def _frame(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any], limit: int | None) -> pd.DataFrame:
    if limit is not None:
        sql, params = f"{sql} LIMIT ?", [*params, limit]
    return con.execute(sql, params).df()


def _once(column: str) -> str:
    """The list in ``column`` with each value once, in first-seen order ("KAZ; KAZ" never)."""
    return f"list_filter({column}, lambda x, i: list_position({column}, x) = i)"


def documents(con: duckdb.DuckDBPyConnection, *, since: str | None = None, until: str | None = None,
              limit: int | None = None) -> pd.DataFrame:
    """Stored documents, newest first, without their text."""
    dates, params = overlaps_sql("left(published, 10)", since, until)
    return _frame(con, "SELECT doc, version, published, title, site, origin, language, n_actors, n_events, "
                       f"n_figures, pipeline FROM documents WHERE {dates} "
                       "ORDER BY published DESC NULLS LAST, doc", params, limit)


def actors(con: duckdb.DuckDBPyConnection, *, country: str | None = None, kind: str | None = None,
           limit: int | None = None) -> pd.DataFrame:
    """Actors across documents, most widely reported first."""
    return _frame(con, "SELECT actor, mode(name) AS name, kind, country, sector, count(DISTINCT doc) AS documents, "
                       "sum(n_mentions)::BIGINT AS mentions FROM actors WHERE (?::VARCHAR IS NULL OR country = ?) "
                       "AND (?::VARCHAR IS NULL OR kind = ?) GROUP BY actor, kind, country, sector "
                       "ORDER BY documents DESC, mentions DESC, actor", [country, country, kind, kind], limit)


def events(con: duckdb.DuckDBPyConnection, filters: EventFilter, limit: int | None = None) -> pd.DataFrame:
    """Event reports (one row per event in a document) with the size of their cluster, newest first."""
    where, params = filters.where()
    return _frame(con, f"SELECT {EVENT_WHEN} AS date, e.type, e.mode, e.modality, "
                       "array_to_string(list_transform(list_distinct(e.source_texts), lambda x: coalesce(x, '')), '; ') AS source, "
                       "array_to_string(list_transform(list_distinct(e.target_texts), lambda x: coalesce(x, '')), '; ') AS target, "
                       f"{_once('e.source_countries')} AS source_countries, "
                       f"{_once('e.target_countries')} AS target_countries, e.quad_class, e.goldstein, "
                       "e.sentence, c.reports, c.cluster, e.origin, e.doc, e.event "
                       "FROM events e LEFT JOIN cluster_members m ON m.doc = e.doc AND m.event = e.event "
                       f"LEFT JOIN event_clusters c ON c.cluster = m.cluster WHERE {where} "
                       f"ORDER BY {EVENT_WHEN} DESC NULLS LAST, e.doc, e.event", params, limit)


def clusters(con: duckdb.DuckDBPyConnection, *, type: str | None = None, min_reports: int = 1,
             limit: int | None = None) -> pd.DataFrame:
    """Event clusters (same event, many reports), most reported first."""
    return _frame(con, "SELECT cluster, type, modality, source_keys, target_keys, date, location_name, reports, "
                       "mentions, first_reported, last_reported, quad_class, goldstein, sentence, origin "
                       "FROM event_clusters WHERE (?::VARCHAR IS NULL OR type = ?) AND reports >= ? "
                       "ORDER BY reports DESC, first_reported, cluster", [type, type, min_reports], limit)


_PAIR = {
    "a-to-b": "(list_contains(source_keys, $a) AND list_contains(target_keys, $b))",
    "b-to-a": "(list_contains(source_keys, $b) AND list_contains(target_keys, $a))",
}
_JOINT = "(joint AND list_contains(source_keys, $a) AND list_contains(source_keys, $b))"


def _pair_sql(direction: Direction) -> str:
    # A joint event ("Iran and Pakistan agreed", both in the source) goes both ways.
    sides = list(_PAIR.values()) if direction == "both" else [_PAIR[direction]]
    return "(" + " OR ".join([*sides, _JOINT]) + ")"


def dyad_clusters(con: duckdb.DuckDBPyConnection, a: str, b: str, direction: Direction,
                  modalities: tuple[str, ...], reports: EventFilter | None = None) -> list[tuple[Any, ...]]:
    """The event clusters between countries ``a`` and ``b`` in ``direction`` of ``modalities``, as tuples
    (type, modality, date, first_reported, reports, quad_class, goldstein, sentence, origin); with
    ``reports``, only clusters with a report it matches (its dates and modalities are not used)."""
    kept, params = "TRUE", {"a": a, "b": b, "modalities": list(modalities)}
    if reports is not None and reports.narrows_reports:
        where, where_params = reports.without_range().where()
        params["clusters"] = [row[0] for row in con.execute(
            "SELECT DISTINCT m.cluster FROM cluster_members m JOIN events e ON e.doc = m.doc AND e.event = m.event "
            f"WHERE {where}", where_params).fetchall()]
        kept = "list_contains($clusters, cluster)"
    return con.execute(
        "SELECT type, modality, date, first_reported, reports, quad_class, goldstein, sentence, origin "
        f"FROM event_clusters WHERE {_pair_sql(direction)} AND list_contains($modalities, modality) "
        f"AND {kept}", params).fetchall()
