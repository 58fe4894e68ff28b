"""The flattened row layout of an Analysis: one place that the store, exports and the Spark executor share.

``analysis_to_rows(analysis)`` returns ``{table: [row, ...]}`` for the tables in ``TABLES``, and
``rows_to_document(rows)`` makes the Document again from its ``documents`` and ``teasers`` rows. Every row
carries ``doc`` (the document digest) and ``pipeline`` (the stamp of the pipeline that produced it).
Events are one row per event with their actors flattened into list columns (``source_countries`` …);
``event_actors`` repeats them one row per actor for joins. Lists stay lists (Parquet ``list<…>``);
evidence, locations and headings are flattened into scalar columns or JSON text.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from dyad.model import ActorRef, Analysis, Document, Event, Evidence, Heading, Teaser
from dyad.time.expressions import date_bounds

__all__ = ["TABLES", "analysis_to_rows", "arrow_schema", "columns", "rows_to_document"]

# table -> [(column, DuckDB type)]; the order is the column order of the store and of every export.
TABLES: dict[str, list[tuple[str, str]]] = {
    "documents": [
        ("doc", "VARCHAR"), ("id", "VARCHAR"), ("origin", "VARCHAR"), ("title", "VARCHAR"),
        ("site", "VARCHAR"), ("author", "VARCHAR"), ("published", "VARCHAR"),
        ("published_source", "VARCHAR"), ("language", "VARCHAR"), ("format", "VARCHAR"),
        ("text", "VARCHAR"), ("headings", "VARCHAR"), ("n_actors", "INTEGER"), ("n_events", "INTEGER"),
        ("n_figures", "INTEGER"), ("pipeline", "VARCHAR"), ("truncated_from", "BIGINT"), ("warnings", "VARCHAR[]"),
    ],
    "teasers": [
        ("doc", "VARCHAR"), ("teaser", "INTEGER"), ("title", "VARCHAR"), ("summary", "VARCHAR"),
        ("url", "VARCHAR"), ("pipeline", "VARCHAR"),
    ],
    "actors": [
        ("doc", "VARCHAR"), ("actor", "VARCHAR"), ("name", "VARCHAR"), ("kind", "VARCHAR"),
        ("country", "VARCHAR"), ("sector", "VARCHAR"), ("role", "VARCHAR"), ("n_mentions", "INTEGER"),
        ("mention_starts", "INTEGER[]"), ("mention_ends", "INTEGER[]"), ("pipeline", "VARCHAR"),
    ],
    "mentions": [
        ("doc", "VARCHAR"), ("mention", "INTEGER"), ("start", "INTEGER"), ("end", "INTEGER"),
        ("text", "VARCHAR"), ("actors", "VARCHAR[]"), ("kind", "VARCHAR"), ("pipeline", "VARCHAR"),
    ],
    "events": [
        ("doc", "VARCHAR"), ("event", "INTEGER"), ("event_id", "VARCHAR"), ("type", "VARCHAR"),
        ("mode", "VARCHAR"), ("modality", "VARCHAR"), ("date", "VARCHAR"), ("date_precision", "VARCHAR"),
        ("published", "VARCHAR"), ("origin", "VARCHAR"), ("title", "VARCHAR"),
        ("source_actors", "VARCHAR[]"), ("source_texts", "VARCHAR[]"), ("source_countries", "VARCHAR[]"),
        ("source_sectors", "VARCHAR[]"), ("target_actors", "VARCHAR[]"), ("target_texts", "VARCHAR[]"),
        ("target_countries", "VARCHAR[]"), ("target_sectors", "VARCHAR[]"), ("third_party_actors", "VARCHAR[]"),
        ("third_party_countries", "VARCHAR[]"), ("joint", "BOOLEAN"),
        ("location_name", "VARCHAR"), ("location_country", "VARCHAR"), ("location_admin1", "VARCHAR"),
        ("location_lat", "DOUBLE"), ("location_lon", "DOUBLE"),
        ("cameo", "VARCHAR"), ("quad_class", "INTEGER"), ("goldstein", "DOUBLE"), ("confidence", "DOUBLE"),
        ("sentence", "VARCHAR"), ("sentence_start", "INTEGER"), ("sentence_end", "INTEGER"),
        ("trigger", "VARCHAR"), ("trigger_start", "INTEGER"), ("trigger_end", "INTEGER"), ("pipeline", "VARCHAR"),
        ("date_start", "DATE"), ("date_end", "DATE"),  # last: added by a migration, which appends columns
    ],
    "event_actors": [
        ("doc", "VARCHAR"), ("event", "INTEGER"), ("role", "VARCHAR"), ("position", "INTEGER"),
        ("actor", "VARCHAR"), ("text", "VARCHAR"), ("country", "VARCHAR"), ("sector", "VARCHAR"),
        ("pipeline", "VARCHAR"),
    ],
    "figures": [
        ("doc", "VARCHAR"), ("figure", "INTEGER"), ("text", "VARCHAR"), ("value", "DOUBLE"),
        ("value_max", "DOUBLE"), ("unit", "VARCHAR"), ("measure", "VARCHAR"), ("role", "VARCHAR"),
        ("countries", "VARCHAR[]"), ("event", "INTEGER"), ("sentence", "VARCHAR"),
        ("sentence_start", "INTEGER"), ("sentence_end", "INTEGER"), ("pipeline", "VARCHAR"),
    ],
}


def columns(table: str) -> list[str]:
    """The column names of one table, in order."""
    return [name for name, _ in TABLES[table]]


def analysis_to_rows(analysis: Analysis) -> dict[str, list[dict[str, Any]]]:
    """Flatten one Analysis into rows for every table in ``TABLES`` (plain Python values)."""
    doc = analysis.document
    key, stamp = doc.digest, analysis.pipeline
    rows: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES}
    rows["documents"].append({
        "doc": key, "id": doc.id or key, "origin": doc.origin, "title": doc.title, "site": doc.site,
        "author": doc.author, "published": doc.published, "published_source": doc.published_source,
        "language": doc.language, "format": doc.format, "text": doc.text,
        "headings": json.dumps([h.to_dict() for h in doc.headings], ensure_ascii=False),
        "n_actors": len(analysis.actors), "n_events": len(analysis.events), "n_figures": len(analysis.figures),
        "pipeline": stamp, "truncated_from": doc.truncated_from, "warnings": list(doc.warnings),
    })
    for i, teaser in enumerate(doc.teasers):
        rows["teasers"].append({"doc": key, "teaser": i, "title": teaser.title, "summary": teaser.summary,
                                "url": teaser.url, "pipeline": stamp})
    for actor in analysis.actors:
        rows["actors"].append({
            "doc": key, "actor": actor.id, "name": actor.name, "kind": actor.kind, "country": actor.country,
            "sector": actor.sector, "role": actor.role, "n_mentions": len(actor.mentions),
            "mention_starts": [int(s) for s, _ in actor.mentions], "mention_ends": [int(e) for _, e in actor.mentions],
            "pipeline": stamp,
        })
    for i, mention in enumerate(analysis.mentions):
        rows["mentions"].append({"doc": key, "mention": i, "start": mention.start, "end": mention.end,
                                 "text": mention.text, "actors": list(mention.actors), "kind": mention.kind,
                                 "pipeline": stamp})
    for i, event in enumerate(analysis.events):
        loc = event.location
        rows["events"].append({
            "doc": key, "event": i, "event_id": f"{key}:{i}", "type": event.type, "mode": event.mode,
            "modality": event.modality, "date": event.date, "date_precision": event.date_precision,
            "published": doc.published, "origin": doc.origin, "title": doc.title,
            **_refs("source", event.source), **_refs("target", event.target),
            "third_party_actors": [r.actor for r in event.third_parties],
            "third_party_countries": [r.country for r in event.third_parties],
            "joint": bool(event.source) and not event.target and len(event.source) > 1,
            "location_name": loc.name if loc else None, "location_country": loc.country if loc else None,
            "location_admin1": loc.admin1 if loc else None, "location_lat": loc.lat if loc else None,
            "location_lon": loc.lon if loc else None,
            "cameo": event.cameo, "quad_class": event.quad_class, "goldstein": event.goldstein,
            "confidence": event.confidence, **_evidence(event.evidence), "pipeline": stamp,
            **_bounds(event),
        })
        for role, refs in (("source", event.source), ("target", event.target), ("third_party", event.third_parties)):
            for position, ref in enumerate(refs):
                rows["event_actors"].append({"doc": key, "event": i, "role": role, "position": position,
                                             "actor": ref.actor, "text": ref.text, "country": ref.country,
                                             "sector": ref.sector, "pipeline": stamp})
    for i, figure in enumerate(analysis.figures):
        ev = figure.evidence
        rows["figures"].append({
            "doc": key, "figure": i, "text": figure.text, "value": figure.value, "value_max": figure.value_max,
            "unit": figure.unit, "measure": figure.measure, "role": figure.role, "countries": list(figure.countries),
            "event": figure.event, "sentence": ev.sentence, "sentence_start": ev.start, "sentence_end": ev.end,
            "pipeline": stamp,
        })
    return rows


def rows_to_document(rows: dict[str, list[dict[str, Any]]]) -> Document:
    """The Document of one document's ``documents`` row and ``teasers`` rows (as stored, or as
    ``analysis_to_rows`` gives them): what ``dyad reanalyze`` analyses again."""
    row = rows["documents"][0]
    return Document(id=row["id"], origin=row["origin"], text=row["text"], digest=row["doc"], title=row["title"],
                    site=row["site"], author=row["author"], published=row["published"],
                    published_source=row["published_source"], language=row["language"], format=row["format"],
                    headings=[Heading.from_dict(h) for h in json.loads(row["headings"] or "[]")],
                    teasers=[Teaser(t["title"], t["summary"], t["url"])
                             for t in sorted(rows.get("teasers", []), key=lambda t: t["teaser"])],
                    truncated_from=row["truncated_from"], warnings=list(row["warnings"] or []))


def _refs(side: str, refs: list[ActorRef]) -> dict[str, list[str | None]]:
    return {f"{side}_actors": [r.actor for r in refs], f"{side}_texts": [r.text for r in refs],
            f"{side}_countries": [r.country for r in refs], f"{side}_sectors": [r.sector for r in refs]}


def _evidence(evidence: Evidence) -> dict[str, Any]:
    return {"sentence": evidence.sentence, "sentence_start": evidence.start, "sentence_end": evidence.end,
            "trigger": evidence.trigger, "trigger_start": evidence.trigger_start, "trigger_end": evidence.trigger_end}


def _bounds(event: Event) -> dict[str, date | None]:
    """The event's date bounds as typed days; an event made without them (by hand, or read from an older
    output) gets them from its date and precision, as the pipeline gives them."""
    start, end = (event.date_start, event.date_end) if event.date_start or not event.date else \
        date_bounds(event.date, event.date_precision)
    return {"date_start": date.fromisoformat(start) if start else None,
            "date_end": date.fromisoformat(end) if end else None}


_ARROW_TYPES = {"VARCHAR": "string", "INTEGER": "int32", "BIGINT": "int64", "DOUBLE": "float64", "BOOLEAN": "bool",
                "DATE": "date32"}


def arrow_schema(table: str) -> Any:
    """The pyarrow schema of one table, for writers that produce the same Parquet (Spark, exports)."""
    import pyarrow as pa

    fields = []
    for name, kind in TABLES[table]:
        if kind.endswith("[]"):
            fields.append(pa.field(name, pa.list_(pa.type_for_alias(_ARROW_TYPES[kind[:-2]]))))
        else:
            fields.append(pa.field(name, pa.type_for_alias(_ARROW_TYPES[kind])))
    return pa.schema(fields)
