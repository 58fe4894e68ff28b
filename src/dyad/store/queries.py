"""Read-only queries over the store, each returning a pandas DataFrame (``.to_dict("records")`` for records)."""

from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd

__all__ = ["actors", "clusters", "documents", "events"]

# An event's date where it has one, else its document's publication day.
_WHEN = "coalesce(e.date, left(e.published, 10))"


def _frame(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any]) -> pd.DataFrame:
    return con.execute(sql, params).df()


def documents(con: duckdb.DuckDBPyConnection, *, since: str | None = None, until: str | None = None,
              limit: int | None = 100) -> pd.DataFrame:
    """Stored documents, newest first, without their text."""
    return _frame(con, "SELECT doc, version, published, title, site, origin, language, n_actors, n_events, "
                       "n_figures, pipeline FROM documents WHERE ($since IS NULL OR left(published, length($since)) "
                       ">= $since) AND ($until IS NULL OR left(published, length($until)) <= $until) "
                       "ORDER BY published DESC NULLS LAST, doc LIMIT $limit",
                  {"since": since, "until": until, "limit": limit})


def actors(con: duckdb.DuckDBPyConnection, *, country: str | None = None, kind: str | None = None,
           limit: int | None = 100) -> pd.DataFrame:
    """Actors across documents, most widely reported first."""
    return _frame(con, "SELECT actor, mode(name) AS name, kind, country, sector, count(DISTINCT doc) AS documents, "
                       "sum(n_mentions)::BIGINT AS mentions FROM actors WHERE ($country IS NULL OR country = $country) "
                       "AND ($kind IS NULL OR kind = $kind) GROUP BY actor, kind, country, sector "
                       "ORDER BY documents DESC, mentions DESC, actor LIMIT $limit",
                  {"country": country, "kind": kind, "limit": limit})


def events(con: duckdb.DuckDBPyConnection, *, type: str | None = None, country: str | None = None,
           modality: str | None = None, since: str | None = None, until: str | None = None,
           limit: int | None = 100) -> pd.DataFrame:
    """Event reports (one row per event in a document) with the size of their cluster, newest first."""
    return _frame(con, f"SELECT {_WHEN} AS date, e.type, e.mode, e.modality, "
                       "array_to_string(list_transform(list_distinct(e.source_texts), lambda x: coalesce(x, '')), '; ') AS source, "
                       "array_to_string(list_transform(list_distinct(e.target_texts), lambda x: coalesce(x, '')), '; ') AS target, "
                       "e.source_countries, e.target_countries, e.quad_class, e.goldstein, "
                       "e.sentence, c.reports, c.cluster, e.origin, e.doc, e.event "
                       "FROM events e LEFT JOIN cluster_members m ON m.doc = e.doc AND m.event = e.event "
                       "LEFT JOIN event_clusters c ON c.cluster = m.cluster "
                       "WHERE ($type IS NULL OR e.type = $type) AND ($modality IS NULL OR e.modality = $modality) "
                       "AND ($country IS NULL OR list_contains(e.source_countries, $country) "
                       "OR list_contains(e.target_countries, $country)) "
                       f"AND ($since IS NULL OR left({_WHEN}, length($since)) >= $since) "
                       f"AND ($until IS NULL OR left({_WHEN}, length($until)) <= $until) "
                       f"ORDER BY {_WHEN} DESC NULLS LAST, e.doc, e.event LIMIT $limit",
                  {"type": type, "country": country, "modality": modality, "since": since, "until": until,
                   "limit": limit})


def clusters(con: duckdb.DuckDBPyConnection, *, type: str | None = None, min_reports: int = 1,
             limit: int | None = 100) -> pd.DataFrame:
    """Event clusters (same event, many reports), most reported first."""
    return _frame(con, "SELECT cluster, type, modality, source_keys, target_keys, date, location_name, reports, "
                       "mentions, first_reported, last_reported, quad_class, goldstein, sentence, origin "
                       "FROM event_clusters WHERE ($type IS NULL OR type = $type) AND reports >= $min_reports "
                       "ORDER BY reports DESC, first_reported, cluster LIMIT $limit",
                  {"type": type, "min_reports": min_reports, "limit": limit})
