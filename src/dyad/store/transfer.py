"""Exports (Parquet, CSV, JSON Lines) in the ``rows`` layout or an event layout, ``load`` of the rows layout,
and ``read_export`` to get an exported file into pandas with its types.

The rows layout is one file per table (``rows.TABLES`` plus rejected inputs and event clusters); tables with a
``date`` and ``date_precision`` also carry typed ``date_start``/``date_end`` (DATE). The event layouts
``polecat``, ``icews`` and ``gdelt`` are one file of events each, with the columns of
``data/export/layouts.json`` (docs/exports.md). Types survive every format: CAMEO codes are strings, lists are
lists in Parquet and JSON Lines and ``LIST_SEPARATOR``-joined text in CSV, and the CSV header is always there.

``load`` reads ``DIR/<table>.parquet``, ``DIR/<table>/**/*.parquet`` (hive partitions as the Spark executor
writes them), ``DIR/<table>.csv`` or ``DIR/<table>.jsonl`` and stores new documents in one transaction,
exactly as ``ingest`` would.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa

from dyad.store.rows import TABLES, columns
from dyad.version import pipeline_stamp

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["EXPORT_FORMATS", "EXPORT_LAYOUTS", "LIST_SEPARATOR", "ExportLabels", "check_loadable", "export_events",
           "export_tables", "layout_columns",
           "load_tables", "read_export"]

EXPORT_FORMATS = ("parquet", "csv", "jsonl")
LIST_SEPARATOR = "; "  # between the members of a list in CSV; a missing member is an empty item
_COPY = {"parquet": "FORMAT parquet, COMPRESSION zstd", "csv": "FORMAT csv, HEADER true", "jsonl": "FORMAT json"}
_CLUSTER_COLUMNS = ["cluster", "type", "modality", "joint", "source_keys", "target_keys", "date", "date_precision",
                    "location_name", "location_country", "reports", "mentions", "first_reported", "last_reported",
                    "quad_class", "goldstein", "cameo", "sentence", "doc", "origin", "pipeline"]
_ORDER = {"documents": "doc", "events": "doc, event", "event_actors": "doc, event, role, position",
          "rejected": "origin, reason", "event_clusters": "cluster"}
_DATE_BOUNDS = ("date_start", "date_end")


@cache
def _layouts() -> dict[str, dict[str, Any]]:
    raw = json.loads(resources.files("dyad.data").joinpath("export", "layouts.json").read_text("utf-8"))
    return raw["layouts"]


EXPORT_LAYOUTS = ("rows", *_layouts())


def layout_columns(layout: str) -> list[tuple[str, str | None]]:
    """(column, event-view column or None) of an event layout, in order."""
    if layout not in _layouts():
        raise ValueError(f"--layout must be one of {', '.join(EXPORT_LAYOUTS)}, not {layout!r}")
    return [(c["name"], c["from"]) for c in _layouts()[layout]["columns"]]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(path: Path) -> str:
    return str(path).replace("'", "''")


def _described(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[str, str]]:
    return [(row[0], row[1]) for row in con.execute(f"DESCRIBE {sql}").fetchall()]


def _for_format(con: duckdb.DuckDBPyConnection, sql: str, fmt: str) -> str:
    """``sql`` with its list columns joined into text for CSV (which has no lists); unchanged otherwise.

    An empty list becomes an empty (null) cell and a list of one missing member an empty string, so
    ``load`` tells them apart; pandas reads both as missing (``read_export`` gives an empty list)."""
    if fmt != "csv":
        return sql
    parts = []
    for name, kind in _described(con, sql):
        if kind.endswith("[]"):
            parts.append(f"CASE WHEN len({_quote(name)}) = 0 THEN NULL ELSE array_to_string(list_transform("
                         f"{_quote(name)}, lambda x: coalesce(x::VARCHAR, '')), '{LIST_SEPARATOR}') END "
                         f"AS {_quote(name)}")
        else:
            parts.append(_quote(name))
    return f"SELECT {', '.join(parts)} FROM ({sql})"


# The days a date covers at its precision, in SQL: for rows stored without bounds (clusters, events built
# by hand). The same rule as dyad.time.date_bounds, which the pipeline uses for the events it codes.
_BOUND_SQL = {
    "date_start": "CASE date_precision WHEN 'day' THEN try_cast(date AS DATE) "
                  "WHEN 'month' THEN try_cast(date || '-01' AS DATE) WHEN 'year' THEN try_cast(date || '-01-01' AS DATE) END",
    "date_end": "CASE date_precision WHEN 'day' THEN try_cast(date AS DATE) "
                "WHEN 'month' THEN last_day(try_cast(date || '-01' AS DATE)) "
                "WHEN 'year' THEN try_cast(date || '-12-31' AS DATE) END",
}


def _table_sql(con: duckdb.DuckDBPyConnection, table: str, names: list[str]) -> str:
    """The rows-layout SELECT of one table, with typed date bounds after ``date_precision`` where it has one."""
    stored = set(_DATE_BOUNDS) <= {name for name, _ in _described(con, table)}
    parts = []
    for name in names:
        if name in _DATE_BOUNDS:
            parts.append(f"coalesce({_quote(name)}::DATE, {_BOUND_SQL[name]}) AS {_quote(name)}")
            continue
        parts.append(_quote(name))
        if name == "date_precision" and not set(_DATE_BOUNDS) <= set(names):
            parts += [(f"coalesce({_quote(bound)}::DATE, {_BOUND_SQL[bound]})" if stored else _BOUND_SQL[bound])
                      + f" AS {_quote(bound)}" for bound in _DATE_BOUNDS]
    return f"SELECT {', '.join(parts)} FROM {table} ORDER BY {_ORDER.get(table, 'ALL')}"


def _event_view(con: duckdb.DuckDBPyConnection, chosen: str | None = None) -> str:
    """Every event (or those whose doc and event are in the relation ``chosen``) with the columns the layouts
    map from (docs/exports.md, "The event view")."""
    events = _table_sql(con, "events", columns("events"))
    if chosen is not None:
        events = f"SELECT * FROM ({events}) WHERE (doc, event) IN (SELECT (doc, event) FROM {chosen})"

    def side(name: str) -> str:
        return (f"e.{name}_actors[1] AS {name}_actor, e.{name}_texts[1] AS {name}_text, "
                f"e.{name}_countries[1] AS {name}_country, e.{name}_sectors[1] AS {name}_sector, "
                f"(SELECT any_value(a.name) FROM actors a WHERE a.doc = e.doc AND a.actor = e.{name}_actors[1]) "
                f"AS {name}_name, (SELECT any_value(c.name) FROM dyad_country_names c "
                f"WHERE c.code = e.{name}_countries[1]) AS {name}_country_name")

    return (f"SELECT e.*, {side('source')}, {side('target')}, "
            "left(e.cameo, 3) AS cameo_base, left(e.cameo, 2) AS cameo_root, "
            "(SELECT any_value(l.label) FROM dyad_cameo_labels l WHERE l.code = e.cameo) AS cameo_label, "
            "strftime(e.date_start, '%Y%m%d')::INTEGER AS date_yyyymmdd, "
            "strftime(e.date_start, '%Y%m')::INTEGER AS date_yyyymm, year(e.date_start) AS date_year, "
            "d.site AS site, d.language AS language, "
            "(SELECT any_value(c.name) FROM dyad_country_names c WHERE c.code = e.location_country) "
            "AS location_country_name "
            f"FROM ({events}) e LEFT JOIN documents d ON d.doc = e.doc")


@dataclass(frozen=True, slots=True)
class ExportLabels:
    """What an event layout names codes with, given by the layer that knows them (``dyad.stores``)."""

    country_names: Mapping[str, str]  # ISO alpha-3 -> name
    cameo_labels: Mapping[str, str]  # CAMEO code -> label


def _register_lookups(con: duckdb.DuckDBPyConnection, labels: ExportLabels) -> None:
    con.register("dyad_country_names", pa.table({"code": list(labels.country_names),
                                                 "name": list(labels.country_names.values())}))
    con.register("dyad_cameo_labels", pa.table({"code": list(labels.cameo_labels),
                                                "label": list(labels.cameo_labels.values())}))


def _layout_sql(con: duckdb.DuckDBPyConnection, layout: str, chosen: str | None = None) -> str:
    """The events in ``layout``, by doc and event; with ``chosen`` (a relation of doc, event, position) only
    those events, in its positions' order."""
    view = _event_view(con, chosen)
    parts = [f"{_quote(source) if source else 'NULL::VARCHAR'} AS {_quote(name)}"
             for name, source in layout_columns(layout)]
    if chosen is None:
        return f"SELECT {', '.join(parts)} FROM ({view}) ORDER BY doc, event"
    return (f"SELECT {', '.join(parts)} FROM (SELECT v.*, k.position AS _position FROM ({view}) v "
            f"JOIN {chosen} k ON k.doc = v.doc AND k.event = v.event) ORDER BY _position")


def export_tables(con: duckdb.DuckDBPyConnection, out: str | Path, fmt: str = "parquet",
                  layout: str = "rows", labels: ExportLabels | None = None) -> dict[str, Path]:
    """Write the store to ``out``: every table (``rows``) or one file of events in an event layout, which
    needs the ``labels`` of its country and CAMEO name columns.

    Returns table (or layout) name -> file written."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"--format must be one of {', '.join(EXPORT_FORMATS)}, not {fmt!r}")
    if layout not in EXPORT_LAYOUTS:
        raise ValueError(f"--layout must be one of {', '.join(EXPORT_LAYOUTS)}, not {layout!r}")
    if layout != "rows" and labels is None:
        raise ValueError(f"the {layout} layout names countries and CAMEO codes: give their labels")
    target = Path(out)
    target.mkdir(parents=True, exist_ok=True)
    if layout == "rows":
        tables = {**{t: columns(t) for t in TABLES}, "rejected": ["origin", "reason", "pipeline"],
                  "event_clusters": _CLUSTER_COLUMNS}
        queries = {table: _table_sql(con, table, names) for table, names in tables.items()}
    else:
        con = _lookup_cursor(con, labels)
        queries = {layout: _layout_sql(con, layout)}
    written = {}
    try:
        for name, sql in queries.items():
            stem = _layouts()[layout]["file"] if layout != "rows" else name
            path = target / f"{stem}.{fmt}"
            con.execute(f"COPY ({_for_format(con, sql, fmt)}) TO '{_literal(path)}' ({_COPY[fmt]})")
            written[name] = path
    finally:
        if layout != "rows":
            con.close()
    return written


def _lookup_cursor(con: duckdb.DuckDBPyConnection, labels: ExportLabels) -> duckdb.DuckDBPyConnection:
    """A cursor of ``con`` with the layouts' lookup tables registered. Its own connection: DuckDB refuses
    ``register`` on a connection with a result left unfetched (a ``fetchone``), and the tables go with it."""
    cursor = con.cursor()
    _register_lookups(cursor, labels)
    return cursor


def export_events(con: duckdb.DuckDBPyConnection, events: Sequence[tuple[str, int]], layout: str,
                  fmt: str, labels: ExportLabels) -> str:
    """The events ``events`` (doc, event), in that order, in an event layout as the text of the file ``dyad export
    --layout`` writes for them (``csv`` or ``jsonl``): the same SQL and the same COPY, so the same bytes."""
    if layout not in _layouts():
        raise ValueError(f"layout must be one of {', '.join(_layouts())}, not {layout!r}")
    cursor = _lookup_cursor(con, labels)
    try:
        cursor.register("dyad_chosen_events", pa.table({
            "doc": pa.array([doc for doc, _ in events], pa.string()),
            "event": pa.array([event for _, event in events], pa.int32()), "position": range(len(events))}))
        with tempfile.TemporaryDirectory(prefix="dyad-export-") as folder:
            path = Path(folder) / f"{_layouts()[layout]['file']}.{fmt}"
            sql = _for_format(cursor, _layout_sql(cursor, layout, "dyad_chosen_events"), fmt)
            cursor.execute(f"COPY ({sql}) TO '{_literal(path)}' ({_COPY[fmt]})")
            return path.read_text("utf-8")
    finally:
        cursor.close()


# ---- load ---------------------------------------------------------------------------------------------------------

def _types(table: str) -> list[tuple[str, str]]:
    if table == "rejected":
        return [("origin", "VARCHAR"), ("reason", "VARCHAR")]
    return TABLES[table]


def _typed_csv(path: Path, table: str) -> str:
    """A CSV file of the rows layout as a relation with the table's column types (lists split again)."""
    parts = []
    for name, kind in _types(table):
        column = _quote(name)
        if kind.endswith("[]"):
            parts.append(f"CASE WHEN {column} IS NULL THEN []::{kind} ELSE list_transform(string_split({column}, "
                         f"'{LIST_SEPARATOR}'), lambda v: nullif(v, ''))::{kind} END AS {column}")
        else:
            parts.append(f"{column}::{kind} AS {column}")
    # allow_quoted_nulls = false: a quoted empty cell is an empty string (or a list of one missing member)
    return (f"(SELECT {', '.join(parts)} FROM read_csv('{_literal(path)}', header = true, all_varchar = true, "
            "allow_quoted_nulls = false))")


def _typed_jsonl(path: Path, table: str) -> str:
    spec = "{" + ", ".join(f"'{name}': '{kind}'" for name, kind in _types(table)) + "}"
    return f"read_json('{_literal(path)}', format = 'newline_delimited', columns = {spec})"


def _source(directory: Path, table: str) -> str | None:
    single = directory / f"{table}.parquet"
    if single.is_file():
        return f"read_parquet('{_literal(single)}')"
    folder = directory / table
    if folder.is_dir() and any(folder.rglob("*.parquet")):
        pattern = _literal(folder) + "/**/*.parquet"
        return f"read_parquet('{pattern}', hive_partitioning = true, union_by_name = true)"
    if (directory / f"{table}.csv").is_file():
        return _typed_csv(directory / f"{table}.csv", table)
    if (directory / f"{table}.jsonl").is_file():
        return _typed_jsonl(directory / f"{table}.jsonl", table)
    return None


def check_loadable(directory: str | Path) -> None:
    """Raise FileNotFoundError naming what is missing unless ``directory`` holds a rows-layout export."""
    root = Path(directory)
    if _source(root, "documents") is not None:
        return
    layouts = [name for name, spec in _layouts().items()
               if any((root / f"{spec['file']}.{fmt}").is_file() for fmt in EXPORT_FORMATS)]
    if layouts:
        raise FileNotFoundError(f"{root}: a --layout {layouts[0]} export holds events only; `dyad load` reads the "
                                "rows layout (`dyad export` without --layout)")
    raise FileNotFoundError(f"{root}: no documents.parquet, documents.csv, documents.jsonl or documents/ Parquet "
                            "files to load")


def load_tables(con: duckdb.DuckDBPyConnection, directory: str | Path, run: int) -> dict[str, int]:
    """Store the documents of an exported directory that the store lacks, in one transaction; returns counts."""
    root = Path(directory)
    check_loadable(root)
    source = _source(root, "documents")
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


# ---- pandas -------------------------------------------------------------------------------------------------------

def read_export(path: str | Path) -> pd.DataFrame:
    """One exported file (any format, any layout) as a DataFrame with its types: CAMEO codes and other text as
    strings (``"042"`` stays ``"042"``), lists as lists, ``date_start``/``date_end`` and a layout's event dates as
    datetimes, numbers as numbers. The file's name says its table or layout (``events.csv``, ``polecat.jsonl``)."""
    import pandas as pd

    file = Path(path)
    kinds = _file_types(file.stem)
    if file.suffix == ".parquet":
        frame = pd.read_parquet(file)
    elif file.suffix == ".jsonl":
        frame = pd.read_json(file, lines=True, dtype=False)  # no guessing: "042" would become 42
    elif file.suffix == ".csv":
        frame = pd.read_csv(file, dtype={n: _PANDAS.get(k, "string") for n, k in kinds.items()})
    else:
        raise ValueError(f"{file}: not an export file (.parquet, .csv or .jsonl)")
    for name in frame.columns:
        kind = kinds.get(name, "")
        if kind == "DATE":
            frame[name] = pd.to_datetime(frame[name])
        elif kind.endswith("[]") and file.suffix == ".csv":
            frame[name] = [_split_cell(v) for v in frame[name]]
        elif kind in _PANDAS and file.suffix == ".jsonl":
            frame[name] = frame[name].astype(_PANDAS[kind])
        elif kind == "VARCHAR":
            frame[name] = frame[name].astype("string")
    return frame


_PANDAS = {"VARCHAR": "string", "INTEGER": "Int64", "DOUBLE": "float64", "BOOLEAN": "boolean"}


def _split_cell(value: Any) -> list[str | None]:
    if not isinstance(value, str):  # an empty cell: no members
        return []
    return [member or None for member in value.split(LIST_SEPARATOR)]


def _file_types(stem: str) -> dict[str, str]:
    """Column -> DuckDB type of an exported file, from its table or layout name."""
    base = {name: kind for table in TABLES.values() for name, kind in table}
    base |= {"date_start": "DATE", "date_end": "DATE", "reports": "INTEGER", "mentions": "INTEGER",
             "source_keys": "VARCHAR[]", "target_keys": "VARCHAR[]", "reason": "VARCHAR", "cluster": "VARCHAR"}
    if stem in TABLES:
        base |= dict(TABLES[stem])
        return base
    layout = next((name for name, spec in _layouts().items() if spec["file"] == stem), None)
    if layout is None:
        return base
    derived = {"date_yyyymmdd": "INTEGER", "date_yyyymm": "INTEGER", "date_year": "INTEGER", "cameo_base": "VARCHAR",
               "cameo_root": "VARCHAR", "cameo_label": "VARCHAR"}
    return {name: derived.get(source) or base.get(source) or "VARCHAR" if source else "VARCHAR"
            for name, source in layout_columns(layout)}
