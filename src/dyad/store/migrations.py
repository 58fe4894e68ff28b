"""Schema migrations of the DuckDB store, oldest first. Each entry moves a store from version n-1 to n.

Entries are frozen once released: a change to the row layout (``dyad.store.rows``) gets a new entry
(``ALTER TABLE …``), never an edit of an old one. ``tests/store/test_schema.py`` checks that the
migrated store has exactly the columns of ``rows.TABLES``. docs/store.md documents every table.
"""

from __future__ import annotations

__all__ = ["MIGRATIONS", "SCHEMA_VERSION"]

_CORE = """
CREATE TABLE documents (
    doc VARCHAR, id VARCHAR, origin VARCHAR, title VARCHAR, site VARCHAR, author VARCHAR,
    published VARCHAR, published_source VARCHAR, language VARCHAR, format VARCHAR, text VARCHAR,
    headings VARCHAR, n_actors INTEGER, n_events INTEGER, n_figures INTEGER, pipeline VARCHAR,
    version INTEGER NOT NULL, run INTEGER, ingested_at TIMESTAMP
);
CREATE TABLE teasers (
    doc VARCHAR, teaser INTEGER, title VARCHAR, summary VARCHAR, url VARCHAR, pipeline VARCHAR
);
CREATE TABLE actors (
    doc VARCHAR, actor VARCHAR, name VARCHAR, kind VARCHAR, country VARCHAR, sector VARCHAR,
    role VARCHAR, n_mentions INTEGER, mention_starts INTEGER[], mention_ends INTEGER[],
    pipeline VARCHAR
);
CREATE TABLE mentions (
    doc VARCHAR, mention INTEGER, start INTEGER, "end" INTEGER, text VARCHAR, actors VARCHAR[],
    kind VARCHAR, pipeline VARCHAR
);
CREATE TABLE events (
    doc VARCHAR, event INTEGER, event_id VARCHAR, type VARCHAR, mode VARCHAR, modality VARCHAR,
    date VARCHAR, date_precision VARCHAR, published VARCHAR, origin VARCHAR, title VARCHAR,
    source_actors VARCHAR[], source_texts VARCHAR[], source_countries VARCHAR[],
    source_sectors VARCHAR[], target_actors VARCHAR[], target_texts VARCHAR[],
    target_countries VARCHAR[], target_sectors VARCHAR[], third_party_actors VARCHAR[],
    third_party_countries VARCHAR[], joint BOOLEAN, location_name VARCHAR, location_country VARCHAR,
    location_admin1 VARCHAR, location_lat DOUBLE, location_lon DOUBLE, cameo VARCHAR,
    quad_class INTEGER, goldstein DOUBLE, confidence DOUBLE, sentence VARCHAR, sentence_start INTEGER,
    sentence_end INTEGER, trigger VARCHAR, trigger_start INTEGER, trigger_end INTEGER,
    pipeline VARCHAR
);
CREATE TABLE event_actors (
    doc VARCHAR, event INTEGER, role VARCHAR, position INTEGER, actor VARCHAR, text VARCHAR,
    country VARCHAR, sector VARCHAR, pipeline VARCHAR
);
CREATE TABLE figures (
    doc VARCHAR, figure INTEGER, text VARCHAR, value DOUBLE, value_max DOUBLE, unit VARCHAR,
    measure VARCHAR, role VARCHAR, countries VARCHAR[], event INTEGER, sentence VARCHAR,
    sentence_start INTEGER, sentence_end INTEGER, pipeline VARCHAR
);
CREATE TABLE rejected (
    origin VARCHAR, reason VARCHAR, pipeline VARCHAR, run INTEGER, seen_at TIMESTAMP
);
CREATE TABLE runs (
    run INTEGER, command VARCHAR, inputs VARCHAR[], pipeline VARCHAR, status VARCHAR,
    started_at TIMESTAMP, finished_at TIMESTAMP, documents INTEGER, stored INTEGER,
    skipped INTEGER, events INTEGER, rejected INTEGER
);
"""

_CLUSTERS = """
CREATE TABLE event_clusters (
    cluster VARCHAR, type VARCHAR, modality VARCHAR, joint BOOLEAN, source_keys VARCHAR[],
    target_keys VARCHAR[], date VARCHAR, date_precision VARCHAR, location_name VARCHAR,
    location_country VARCHAR, reports INTEGER, mentions INTEGER, first_reported VARCHAR,
    last_reported VARCHAR, quad_class INTEGER, goldstein DOUBLE, cameo VARCHAR, sentence VARCHAR,
    doc VARCHAR, origin VARCHAR, pipeline VARCHAR
);
CREATE TABLE cluster_members (cluster VARCHAR, doc VARCHAR, event INTEGER);
"""

# The days an event's date covers at its precision ("2019-12" -> 2019-12-01 .. 2019-12-31), as typed dates;
# events stored before this migration get them from their date and precision.
_DATE_BOUNDS = """
ALTER TABLE events ADD COLUMN date_start DATE;
ALTER TABLE events ADD COLUMN date_end DATE;
UPDATE events SET
    date_start = CASE date_precision WHEN 'day' THEN try_cast(date AS DATE)
        WHEN 'month' THEN try_cast(date || '-01' AS DATE) WHEN 'year' THEN try_cast(date || '-01-01' AS DATE) END,
    date_end = CASE date_precision WHEN 'day' THEN try_cast(date AS DATE)
        WHEN 'month' THEN last_day(try_cast(date || '-01' AS DATE)) WHEN 'year' THEN try_cast(date || '-12-31' AS DATE)
        END
WHERE date IS NOT NULL;
"""

# A text cut to the analysis budget, and what the reader or analysis set aside (an invalid input date).
_DOCUMENT_NOTES = """
ALTER TABLE documents ADD COLUMN truncated_from BIGINT;
ALTER TABLE documents ADD COLUMN warnings VARCHAR[];
"""

MIGRATIONS: list[str] = [_CORE, _CLUSTERS, _DATE_BOUNDS, _DOCUMENT_NOTES]
SCHEMA_VERSION = len(MIGRATIONS)
