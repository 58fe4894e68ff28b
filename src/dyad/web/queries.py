"""Reads the hub's pages need that ``dyad.store.queries`` does not offer: paged lists with totals, the whole
record of one article, actor profiles and word search. Parameterised SQL over the schema of docs/store.md;
events are selected by the shared filter SQL of ``dyad.filters``; dyad timelines come from
``dyad.dyads.timeline``."""

from __future__ import annotations

import re
from typing import Any

import duckdb

from dyad.filters import EVENT_WHEN as _WHEN
from dyad.filters import Direction, EventFilter, dyad_where, overlaps_sql

__all__ = [
    "actor_profile",
    "actors",
    "country_activity",
    "document",
    "documents",
    "dyad_changes",
    "dyad_events",
    "dyad_pairs",
    "event_places",
    "events",
    "latest_years",
    "search",
    "summary",
]

_MIN_PARAGRAPH = 60  # shorter first lines are datelines ("Sunday, November 10, 2019") or bylines
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]?\s+(?=[A-Z\"'\u201c\u2018(])")


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def summary(text: str, sentences: int = 2) -> str:
    """The first ``sentences`` sentences of the first real paragraph (datelines and bylines are skipped)."""
    paragraphs = [p.strip() for p in text.strip().split("\n") if p.strip()]
    paragraph = next((p for p in paragraphs if len(p) >= _MIN_PARAGRAPH), paragraphs[0] if paragraphs else "")
    return " ".join(_SENTENCE_END.split(paragraph)[:sentences])


_EVENT_COLUMNS = """e.doc, e.event, e.event_id, e.type, e.mode, e.modality, e.date, e.date_precision, e.published,
    e.origin, e.title, e.source_actors, e.source_texts, e.source_countries, e.target_actors, e.target_texts,
    e.target_countries, e.joint, e.location_name, e.location_country, e.cameo, e.quad_class, e.goldstein,
    e.confidence, e.sentence, e.sentence_start, e.sentence_end, e.trigger, e.trigger_start, e.trigger_end"""


def documents(con: duckdb.DuckDBPyConnection, limit: int, offset: int, site: str | None = None) -> dict[str, Any]:
    """The latest documents (by publication, then ingestion) with a summary and their main dyads."""
    where, params = ("d.site = ?", [site]) if site else ("TRUE", [])
    total = con.execute(f"SELECT count(*) FROM documents d WHERE {where}", params).fetchone()[0]
    items = _rows(con, f"""
        SELECT d.doc, d.id, d.title, d.site, d.origin, d.published, d.n_events, d.n_actors,
               left(d.text, 2000) AS head
        FROM documents d WHERE {where}
        ORDER BY d.published DESC NULLS LAST, d.ingested_at DESC NULLS LAST, d.doc
        LIMIT ? OFFSET ?""", [*params, limit, offset])
    pairs = _main_dyads(con, [item["doc"] for item in items])
    for item in items:
        item["summary"] = summary(item.pop("head") or "")
        item["dyads"] = pairs.get(item["doc"], [])
    return {"items": items, "total": total, "limit": limit, "offset": offset}


def _main_dyads(con: duckdb.DuckDBPyConnection, docs: list[str], top: int = 3) -> dict[str, list[dict[str, Any]]]:
    if not docs:
        return {}
    rows = _rows(con, """
        WITH pairs AS (
            SELECT e.doc, least(s, t) AS a, greatest(s, t) AS b
            FROM events e, unnest(e.source_countries) AS u(s), unnest(e.target_countries) AS v(t)
            WHERE e.doc IN (SELECT unnest(?)) AND s IS NOT NULL AND t IS NOT NULL AND s <> t
        )
        SELECT doc, a, b, count(*) AS events FROM pairs GROUP BY doc, a, b
        QUALIFY row_number() OVER (PARTITION BY doc ORDER BY count(*) DESC, a, b) <= ?
        ORDER BY doc, events DESC, a, b""", [docs, top])
    out: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        out.setdefault(row.pop("doc"), []).append(row)
    return out


def document(con: duckdb.DuckDBPyConnection, doc: str) -> dict[str, Any] | None:
    """One document with its teasers, actors, mentions, events and figures; looked up by digest or input id."""
    found = _rows(con, """SELECT doc, id, origin, title, site, author, published, language, format, text, headings,
                                 n_actors, n_events, n_figures, pipeline
                          FROM documents WHERE doc = ? OR id = ? ORDER BY doc = ? DESC LIMIT 1""", [doc, doc, doc])
    if not found:
        return None
    record = found[0]
    key = record["doc"]
    record["teasers"] = _rows(con, "SELECT title, summary, url FROM teasers WHERE doc = ? ORDER BY teaser", [key])
    record["actors"] = _rows(con, """SELECT actor, name, kind, country, sector, role, n_mentions
                                     FROM actors WHERE doc = ? ORDER BY n_mentions DESC, name""", [key])
    record["mentions"] = _rows(con, """SELECT start, "end", text, actors, kind FROM mentions
                                       WHERE doc = ? ORDER BY start""", [key])
    record["events"] = _rows(con, f"SELECT {_EVENT_COLUMNS} FROM events e WHERE e.doc = ? ORDER BY e.event", [key])
    record["figures"] = _rows(con, """SELECT text, value, value_max, unit, measure, role, countries, sentence,
                                             sentence_start, sentence_end
                                      FROM figures WHERE doc = ? ORDER BY figure""", [key])
    return record


def events(con: duckdb.DuckDBPyConnection, filters: EventFilter, limit: int, offset: int) -> dict[str, Any]:
    """Events matching ``filters``, newest first."""
    where, params = filters.where()
    total = con.execute(f"SELECT count(*) FROM events e WHERE {where}", params).fetchone()[0]
    items = _rows(con, f"""SELECT {_EVENT_COLUMNS} FROM events e WHERE {where}
                           ORDER BY {_WHEN} DESC NULLS LAST, e.doc, e.event LIMIT ? OFFSET ?""",
                  [*params, limit, offset])
    return {"items": items, "total": total, "limit": limit, "offset": offset}


def dyad_events(con: duckdb.DuckDBPyConnection, a: str, b: str, direction: Direction, filters: EventFilter,
                limit: int, offset: int) -> dict[str, Any]:
    """The pair's events in ``direction`` with evidence, newest first."""
    pair, pair_params = dyad_where(a, b, direction)
    where, params = filters.where()
    total = con.execute(f"SELECT count(*) FROM events e WHERE {pair} AND {where}", [*pair_params, *params]).fetchone()[0]
    items = _rows(con, f"""SELECT {_EVENT_COLUMNS} FROM events e WHERE {pair} AND {where}
                           ORDER BY {_WHEN} DESC NULLS LAST, e.doc, e.event LIMIT ? OFFSET ?""",
                  [*pair_params, *params, limit, offset])
    return {"items": items, "total": total, "limit": limit, "offset": offset}


def actors(con: duckdb.DuckDBPyConnection, limit: int, offset: int, country: str | None = None,
           kind: str | None = None) -> dict[str, Any]:
    """Actors over all documents: how many documents and mentions, most mentioned first."""
    clauses, params = ["TRUE"], []
    for column, value in (("country", country), ("kind", kind)):
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
    where = " AND ".join(clauses)
    total = con.execute(f"SELECT count(DISTINCT actor) FROM actors WHERE {where}", params).fetchone()[0]
    items = _rows(con, f"""SELECT actor, mode(name) AS name, mode(kind) AS kind, mode(country) AS country,
                                  mode(sector) AS sector, count(DISTINCT doc) AS documents,
                                  sum(n_mentions)::INTEGER AS mentions
                           FROM actors WHERE {where} GROUP BY actor
                           ORDER BY mentions DESC, actor LIMIT ? OFFSET ?""", [*params, limit, offset])
    return {"items": items, "total": total, "limit": limit, "offset": offset}


def actor_profile(con: duckdb.DuckDBPyConnection, actor: str, limit: int = 50,
                  offsets: tuple[int, int] = (0, 0)) -> dict[str, Any] | None:
    """Who an actor is, their roles by date, a page of events as source and one as target (``offsets``),
    how many there are of each, and top partners."""
    found = _rows(con, """SELECT actor, mode(name) AS name, mode(kind) AS kind, mode(country) AS country,
                                 mode(sector) AS sector, count(DISTINCT doc) AS documents,
                                 sum(n_mentions)::INTEGER AS mentions
                          FROM actors WHERE actor = ? GROUP BY actor""", [actor])
    if not found:
        return None
    profile = found[0]
    profile["roles"] = _rows(con, """
        SELECT a.role, min(d.published) AS first_seen, max(d.published) AS last_seen, count(*) AS documents
        FROM actors a JOIN documents d USING (doc)
        WHERE a.actor = ? AND a.role IS NOT NULL GROUP BY a.role ORDER BY first_seen NULLS LAST, a.role""", [actor])
    for side, offset in zip(("source", "target"), offsets, strict=True):
        where, params = EventFilter(actor=actor, actor_side=side).where()
        profile[f"as_{side}"] = _rows(con, f"""SELECT {_EVENT_COLUMNS} FROM events e WHERE {where}
                                                ORDER BY {_WHEN} DESC NULLS LAST, e.doc, e.event LIMIT ? OFFSET ?""",
                                      [*params, limit, offset])
        profile[f"n_as_{side}"] = con.execute(f"SELECT count(*) FROM events e WHERE {where}", params).fetchone()[0]
    profile["partners"] = _rows(con, """
        WITH involved AS (
            SELECT e.doc, e.event, e.quad_class, e.goldstein FROM event_actors x JOIN events e USING (doc, event)
            WHERE x.actor = ?
        )
        SELECT x.actor, mode(x.text) AS name, mode(x.country) AS country, count(*) AS events,
               round(coalesce(sum(i.goldstein), 0), 2) AS goldstein
        FROM involved i JOIN event_actors x USING (doc, event)
        WHERE x.actor <> ? GROUP BY x.actor ORDER BY events DESC, x.actor LIMIT 10""", [actor, actor])
    return profile


def search(con: duckdb.DuckDBPyConnection, q: str, filters: EventFilter, limit: int, offset: int) -> dict[str, Any]:
    """Documents whose title or text contains every word of ``q`` (case-insensitive), with matching evidence.

    DuckDB's fts extension is not bundled with the duckdb wheel and cannot be installed offline, so this
    matches words with ILIKE; ranking counts matches in the title and in event evidence.
    """
    words = [w for w in q.split() if w][:8]
    if not words:
        return {"items": [], "total": 0, "limit": limit, "offset": offset, "words": []}
    patterns = ["%" + w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%" for w in words]
    text_match = " AND ".join(["(d.title ILIKE ? ESCAPE '\\' OR d.text ILIKE ? ESCAPE '\\')"] * len(words))
    text_params = [p for p in patterns for _ in (0, 1)]
    evidence_match = " AND ".join(["e.sentence ILIKE ? ESCAPE '\\'"] * len(words))
    where, params = filters.where()
    event_filtered = where != "TRUE"
    doc_where = f"({text_match})"
    doc_params: list[Any] = list(text_params)
    if event_filtered:
        doc_where += f" AND d.doc IN (SELECT e.doc FROM events e WHERE {where})"
        doc_params += params
    total = con.execute(f"SELECT count(*) FROM documents d WHERE {doc_where}", doc_params).fetchone()[0]
    title_score = " + ".join(["(d.title ILIKE ? ESCAPE '\\')::INTEGER"] * len(words))
    items = _rows(con, f"""
        SELECT d.doc, d.title, d.site, d.published, d.origin, d.n_events, left(d.text, 2000) AS head,
               {title_score} AS title_hits
        FROM documents d WHERE {doc_where}
        ORDER BY title_hits DESC, d.published DESC NULLS LAST, d.doc LIMIT ? OFFSET ?""",
                  [*patterns, *doc_params, limit, offset])
    for item in items:
        item["summary"] = summary(item.pop("head") or "")
        item["evidence"] = _rows(con, f"""SELECT e.event, e.type, e.modality, e.sentence FROM events e
                                          WHERE e.doc = ? AND {evidence_match} AND {where}
                                          ORDER BY e.event LIMIT 5""", [item["doc"], *patterns, *params])
    return {"items": items, "total": total, "limit": limit, "offset": offset, "words": words}


# Country pairs of event clusters (one real-world event however many reports), undirected: a source and a
# target country, or two countries of a joint event. Keys that are no ISO code (actors without a country) drop.
_PAIRS = """
WITH kept AS (
    SELECT cluster, quad_class, goldstein, source_keys, target_keys, joint FROM event_clusters
    WHERE list_contains(?, modality) AND {dates}
), pairs AS (
    SELECT DISTINCT cluster, least(s, t) AS a, greatest(s, t) AS b, quad_class, goldstein
    FROM kept, unnest(source_keys) AS u(s), unnest(target_keys) AS v(t)
    WHERE s <> t AND regexp_full_match(s, '[A-Z]{{3}}') AND regexp_full_match(t, '[A-Z]{{3}}')
    UNION
    SELECT DISTINCT cluster, s AS a, t AS b, quad_class, goldstein
    FROM kept, unnest(source_keys) AS u(s), unnest(source_keys) AS v(t)
    WHERE joint AND s < t AND regexp_full_match(s, '[A-Z]{{3}}') AND regexp_full_match(t, '[A-Z]{{3}}')
)
SELECT a, b, count(*)::INTEGER AS events,
       count(*) FILTER (WHERE quad_class IN (1, 2))::INTEGER AS cooperation,
       count(*) FILTER (WHERE quad_class IN (3, 4))::INTEGER AS conflict,
       round(coalesce(sum(goldstein), 0), 2) AS goldstein
FROM pairs GROUP BY a, b"""

# An event cluster's time: its own date, else its first report's publication date.
_CLUSTER_WHEN = "coalesce(date, first_reported)"


def _pair_totals(con: duckdb.DuckDBPyConnection, modalities: tuple[str, ...], since: str | None,
                 until: str | None) -> list[dict[str, Any]]:
    dates, date_params = overlaps_sql(_CLUSTER_WHEN, since, until)
    return _rows(con, _PAIRS.format(dates=dates) + " ORDER BY events DESC, a, b", [list(modalities), *date_params])


def dyad_pairs(con: duckdb.DuckDBPyConnection, modalities: tuple[str, ...], since: str | None, until: str | None,
               limit: int, offset: int) -> dict[str, Any]:
    """Country pairs by number of events in [since, until] of ``modalities``, most active first, with
    cooperation and conflict counts, the balance (cooperation − conflict) / events and net Goldstein."""
    rows = _pair_totals(con, modalities, since, until)
    for row in rows:
        row["balance"] = _balance(row)
    return {"items": rows[offset:offset + limit], "total": len(rows), "limit": limit, "offset": offset}


def _balance(row: dict[str, Any]) -> float:
    return round((row["cooperation"] - row["conflict"]) / row["events"], 3) if row["events"] else 0.0


def dyad_changes(con: duckdb.DuckDBPyConnection, modalities: tuple[str, ...], period: tuple[str | None, str | None],
                 before: tuple[str | None, str | None], limit: int, offset: int) -> dict[str, Any]:
    """Pairs active in both periods, by how much their cooperation–conflict balance moved from ``before`` to
    ``period`` (largest move first); a pair seen in one period only has no balance to compare."""
    now = {(r["a"], r["b"]): r for r in _pair_totals(con, modalities, *period)}
    then = {(r["a"], r["b"]): r for r in _pair_totals(con, modalities, *before)}
    rows = []
    for key in now.keys() & then.keys():
        current, earlier = now[key], then[key]
        rows.append({"a": key[0], "b": key[1], "events": current["events"], "events_before": earlier["events"],
                     "balance": _balance(current), "balance_before": _balance(earlier),
                     "change": round(_balance(current) - _balance(earlier), 3),
                     "goldstein": current["goldstein"], "goldstein_before": earlier["goldstein"]})
    rows.sort(key=lambda r: (-abs(r["change"]), -(r["events"] + r["events_before"]), r["a"], r["b"]))
    return {"items": rows[offset:offset + limit], "total": len(rows), "limit": limit, "offset": offset}


def latest_years(con: duckdb.DuckDBPyConnection) -> tuple[str | None, str | None]:
    """The last year with dated events and the year before it: the overview's default comparison."""
    found = con.execute(f"SELECT max(left({_CLUSTER_WHEN}, 4)) FROM event_clusters").fetchone()[0]
    return (found, str(int(found) - 1)) if found else (None, None)


def country_activity(con: duckdb.DuckDBPyConnection, modalities: tuple[str, ...], since: str | None,
                     until: str | None) -> list[dict[str, Any]]:
    """Per country, the events (clusters) in [since, until] of ``modalities`` it took part in as source, as
    target or as their place, most active first; ``events`` counts each event once."""
    dates, date_params = overlaps_sql(_CLUSTER_WHEN, since, until)
    return _rows(con, f"""
        WITH kept AS (
            SELECT cluster, source_keys, target_keys, location_country FROM event_clusters
            WHERE list_contains(?, modality) AND {dates}
        ), roles AS (
            SELECT cluster, k AS country, 'source' AS role FROM kept, unnest(source_keys) AS u(k)
            UNION SELECT cluster, k, 'target' FROM kept, unnest(target_keys) AS u(k)
            UNION SELECT cluster, location_country, 'place' FROM kept WHERE location_country IS NOT NULL
        )
        SELECT country, count(DISTINCT cluster)::INTEGER AS events,
               count(*) FILTER (WHERE role = 'source')::INTEGER AS as_source,
               count(*) FILTER (WHERE role = 'target')::INTEGER AS as_target,
               count(*) FILTER (WHERE role = 'place')::INTEGER AS as_place
        FROM roles WHERE regexp_full_match(country, '[A-Z]{{3}}')
        GROUP BY country ORDER BY events DESC, country""", [list(modalities), *date_params])


def event_places(con: duckdb.DuckDBPyConnection, modalities: tuple[str, ...], since: str | None,
                 until: str | None) -> list[dict[str, Any]]:
    """The places with coordinates where reported events of ``modalities`` in [since, until] happened, with
    how many reports each, most first."""
    where, params = EventFilter(modalities=modalities, since=since, until=until).where()
    return _rows(con, f"""
        SELECT e.location_name AS place, e.location_country AS country, round(e.location_lat, 4) AS lat,
               round(e.location_lon, 4) AS lon, count(*)::INTEGER AS reports
        FROM events e
        WHERE e.location_lat IS NOT NULL AND e.location_lon IS NOT NULL AND {where}
        GROUP BY ALL ORDER BY reports DESC, place""", params)
