"""Exports (Parquet, CSV, JSON Lines; one file per table in the ``rows`` layout) and ``load`` of such Parquet.

``load`` reads ``DIR/<table>.parquet`` or ``DIR/<table>/**/*.parquet`` (hive partitions as the Spark
executor writes them) and stores new documents in one transaction, exactly as ``ingest`` would.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from dyad.store.rows import TABLES, columns
from dyad.version import pipeline_stamp

__all__ = ["EXPORT_FORMATS", "export_tables", "load_tables"]

EXPORT_FORMATS = ("parquet", "csv", "jsonl")
_SUFFIX = {"parquet": "parquet", "csv": "csv", "jsonl": "jsonl"}
_COPY = {"parquet": "FORMAT parquet, COMPRESSION zstd", "csv": "FORMAT csv, HEADER true", "jsonl": "FORMAT json"}
_CLUSTER_COLUMNS = ["cluster", "type", "modality", "joint", "source_keys", "target_keys", "date", "date_precision",
                    "location_name", "location_country", "reports", "mentions", "first_reported", "last_reported",
                    "quad_class", "goldstein", "cameo", "sentence", "doc", "origin", "pipeline"]


def _quote(name: str) -> str:
    return f'"{name}"'


def _select(con: duckdb.DuckDBPyConnection, table: str, names: list[str], fmt: str) -> str:
    types = dict(con.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE NOT internal AND table_name = ?",
                             [table]).fetchall())
    parts = []
    for name in names:
        if fmt == "csv" and types[name].endswith("[]"):
            # CSV has no lists: join them with "; " (a null member becomes an empty string).
            parts.append(f"array_to_string(list_transform({_quote(name)}, lambda x: coalesce(x::VARCHAR, '')), '; ') "
                         f"AS {_quote(name)}")
        else:
            parts.append(_quote(name))
    return ", ".join(parts)


def export_tables(con: duckdb.DuckDBPyConnection, out: str | Path, fmt: str = "parquet") -> dict[str, Path]:
    """Write every table (rows layout, plus rejected inputs and event clusters) to ``out``; returns the files."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"--format must be one of {', '.join(EXPORT_FORMATS)}, not {fmt!r}")
    target = Path(out)
    target.mkdir(parents=True, exist_ok=True)
    tables = {**{t: columns(t) for t in TABLES}, "rejected": ["origin", "reason", "pipeline"],
              "event_clusters": _CLUSTER_COLUMNS}
    order = {"documents": "doc", "events": "doc, event", "event_actors": "doc, event, role, position",
             "rejected": "origin, reason", "event_clusters": "cluster"}
    written = {}
    for table, names in tables.items():
        path = target / f"{table}.{_SUFFIX[fmt]}"
        sql = f"SELECT {_select(con, table, names, fmt)} FROM {table} ORDER BY {order.get(table, 'ALL')}"
        con.execute(f"COPY ({sql}) TO '{_literal(path)}' ({_COPY[fmt]})")
        written[table] = path
    return written


def _literal(path: Path) -> str:
    return str(path).replace("'", "''")


def _source(directory: Path, table: str) -> str | None:
    single = directory / f"{table}.parquet"
    if single.is_file():
        return f"read_parquet('{_literal(single)}')"
    folder = directory / table
    if folder.is_dir() and any(folder.rglob("*.parquet")):
        pattern = _literal(folder) + "/**/*.parquet"
        return f"read_parquet('{pattern}', hive_partitioning = true, union_by_name = true)"
    return None


def load_tables(con: duckdb.DuckDBPyConnection, directory: str | Path, run: int) -> dict[str, int]:
    """Store the documents of a Parquet directory that the store lacks, in one transaction; returns counts."""
    root = Path(directory)
    source = _source(root, "documents")
    if source is None:
        raise FileNotFoundError(f"{root}: no documents.parquet or documents/ Parquet files to load")
    counts = {"documents": 0, "skipped": 0, "events": 0, "rejected": 0}
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"CREATE TEMP TABLE incoming AS SELECT * FROM (SELECT {', '.join(map(_quote, columns('documents')))}, "
                    f"row_number() OVER (PARTITION BY doc ORDER BY pipeline, origin) AS copy FROM {source}) "
                    "WHERE copy = 1 AND doc NOT IN (SELECT doc FROM documents)")
        total = con.execute(f"SELECT count(*) FROM {source}").fetchone()[0]
        counts["documents"] = con.execute("SELECT count(*) FROM incoming").fetchone()[0]
        counts["skipped"] = total - counts["documents"]
        # A new digest at a known origin is that origin's next version, as in ingest.
        con.execute("INSERT INTO documents BY NAME SELECT * EXCLUDE (copy, known), "
                    "known + row_number() OVER (PARTITION BY origin ORDER BY published NULLS LAST, doc) AS version, "
                    "$run AS run, now()::TIMESTAMP AS ingested_at FROM (SELECT i.*, coalesce((SELECT max(version) "
                    "FROM documents d WHERE d.origin = i.origin), 0) AS known FROM incoming i)", {"run": run})
        for table in TABLES:
            table_source = _source(root, table)
            if table == "documents" or table_source is None:
                continue
            names = ", ".join(map(_quote, columns(table)))
            con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {table_source} "
                        "WHERE doc IN (SELECT doc FROM incoming)")
        counts["events"] = con.execute("SELECT count(*) FROM events WHERE doc IN (SELECT doc FROM incoming)"
                                       ).fetchone()[0]
        rejected = _source(root, "rejected")
        if rejected is not None:
            counts["rejected"] = con.execute(
                f"INSERT INTO rejected SELECT DISTINCT r.origin, r.reason, $stamp, $run, now()::TIMESTAMP "
                f"FROM {rejected} r WHERE NOT EXISTS (SELECT 1 FROM rejected k WHERE k.origin = r.origin "
                "AND k.reason = r.reason)", {"run": run, "stamp": pipeline_stamp()}).fetchone()[0]
        con.execute("DROP TABLE incoming")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return counts
