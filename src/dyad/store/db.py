"""The DuckDB store: opening (with a friendly message when another process holds it), migrations,
and idempotent per-batch writes. One process writes; any number of analysis workers feed it.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

import duckdb
import pandas as pd
import pyarrow as pa

from dyad.filters import EventFilter, check_country, check_date, check_event_type, check_limit
from dyad.model import EventType, Modality, Rejected
from dyad.store import queries
from dyad.store.migrations import MIGRATIONS, SCHEMA_VERSION
from dyad.store.rows import TABLES, arrow_schema
from dyad.store.transfer import ExportLabels, export_tables, load_tables
from dyad.version import __version__, pipeline_stamp

__all__ = ["DEFAULT_DB", "BatchResult", "ClusterEvents", "ReadOnlyStore", "Rows", "Store", "StoreError", "default_db"]

DEFAULT_DB = "dyad.duckdb"
# How long a writer waits for the file: a hub reads a served store in connections of milliseconds.
WRITER_WAIT = 3.0
# How long a reader waits for a writer's commit: an ingest holds the file only while it writes a batch.
READER_WAIT = 2.0
# How long a writer that released the file between batches (an ingest) waits to open it again: a hub's reads
# in flight end in milliseconds, but a busy hub starts new ones all the time.
REOPEN_WAIT = 60.0
Rows = dict[str, list[dict[str, Any]]]
# Clusters one group of event rows: (cluster rows, member rows), as ``dyad.dyads.clusters.cluster_events``.
ClusterEvents = Callable[[list[dict[str, Any]]], tuple[list[dict[str, Any]], list[dict[str, Any]]]]
_PID = re.compile(r"PID (\d+)")
_STORE_COLUMNS = pa.schema([pa.field("version", pa.int32()), pa.field("run", pa.int32()),
                            pa.field("ingested_at", pa.timestamp("us"))])


class StoreError(Exception):
    """A problem with the store file that the user can fix; the message is one line and says how."""


def default_db() -> str:
    """The store a command uses without ``--db``: ``$DYAD_DB``, else ``dyad.duckdb`` here."""
    return os.environ.get("DYAD_DB") or DEFAULT_DB


@dataclass(slots=True)
class BatchResult:
    """What one committed batch changed."""

    stored: int = 0
    skipped: int = 0
    replaced: int = 0
    events: int = 0
    rejected: list[Rejected] = field(default_factory=list)


class ReadOnlyStore:
    """A store opened for reading (what ``dyad.open(db)`` gives): its queries, the SQL sandbox and exports.

    It has no write methods. The file is opened read-only and DuckDB writes no temporary files for it (no
    ``<db>.tmp/``), so reading a store leaves the file system as it was.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self._open(path, read_only=True)

    def _open(self, path: str | os.PathLike[str], read_only: bool) -> None:
        self.path = str(path)
        self.read_only = read_only
        self._sandboxed: duckdb.DuckDBPyConnection | None = None
        if read_only and not Path(self.path).exists():
            raise StoreError(f"{self.path}: no such store; create it with `dyad ingest PATH --db {self.path}`")
        self._con: duckdb.DuckDBPyConnection | None = self._connect(READER_WAIT if read_only else WRITER_WAIT)
        try:
            self._check_schema()
        except BaseException:
            self.close()
            raise

    def _connect(self, wait: float) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + wait
        while True:
            try:
                # Without a temp_directory a reader never spills into <db>.tmp/, which DuckDB uses when it exists.
                return duckdb.connect(self.path, read_only=self.read_only,
                                      config={"temp_directory": ""} if self.read_only else {})
            except duckdb.Error as exc:
                # A served store is read in short-lived connections: a writer waits for the one in flight.
                if not is_lock_error(exc) or time.monotonic() > deadline:
                    raise StoreError(_open_error(self.path, exc, self.read_only)) from None
                time.sleep(0.05)

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The store's DuckDB connection; after ``release`` the next use opens the file again (no schema check:
        it was checked when the store was opened)."""
        if self._con is None:
            self._con = self._connect(REOPEN_WAIT)
        return self._con

    def release(self) -> None:
        """Close the file until ``con`` is next used. DuckDB lets one process open a file while it writes, and no
        reader in any other process meanwhile; an ingest releases it after every commit, so a hub serving the
        same store reads each batch as it is committed. Committed work is in the file (closing checkpoints)."""
        if self._con is not None and self.path != ":memory:":  # an in-memory store would be lost
            self._con.close()
            self._con = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (committed work is already durable)."""
        if self._sandboxed is not None:
            self._sandboxed.close()
        if self._con is not None:
            self._con.close()
            self._con = None

    # -- schema -------------------------------------------------------------------------------------

    def schema_version(self) -> int:
        """The schema version of this file (0 for an empty file)."""
        tables = {r[0] for r in self.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        if "schema_version" not in tables:
            if tables:
                raise StoreError(f"{self.path}: a DuckDB file but not a dyad store (no schema_version table)")
            return 0
        return int(self.con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0])

    def _check_schema(self) -> None:
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: written by a newer dyad (schema {version}, this dyad knows "
                             f"{SCHEMA_VERSION}); upgrade dyad to read it")
        if version < SCHEMA_VERSION:
            raise StoreError(f"{self.path}: schema {version} is older than this dyad's {SCHEMA_VERSION}; "
                             f"run `dyad migrate --db {self.path}` to upgrade it")

    # -- reads (each returns a pandas DataFrame; filters as in dyad.filters) ------------------------------

    def documents(self, *, since: str | None = None, until: str | None = None,
                  limit: int | None = None) -> pd.DataFrame:
        """Stored documents, newest first, without their text.

        ``since``/``until`` (YYYY, YYYY-MM or YYYY-MM-DD) select publication dates overlapping the range;
        ``limit`` caps the rows (``None``: every row). A bad value raises ``FilterError``.
        """
        return queries.documents(self.con, since=check_date(since, "since") if since else None,
                                 until=check_date(until, "until") if until else None, limit=check_limit(limit))

    def events(self, *, type: EventType | str | None = None, country: str | None = None,
               modality: Modality | str | Sequence[str] | None = None, since: str | None = None,
               until: str | None = None, actor: str | None = None, doc: str | None = None,
               limit: int | None = None) -> pd.DataFrame:
        """Event reports (one row per event in a document) with their cluster size, newest first.

        ``type`` is a PLOVER type, ``country`` a name, demonym or ISO code on either side, ``modality`` one
        modality, several, or "all" (default: every modality), ``since``/``until`` dates overlapping the range
        (an event dated "2025" is kept by ``since="2025-01"``), ``actor`` an actor id, ``doc`` a document
        digest; ``limit`` caps the rows (``None``: every row). A bad value raises ``FilterError``.
        """
        filters = EventFilter.parse(type=type, country=country, modality=modality, since=since, until=until,
                                    actor=actor, doc=doc)
        return queries.events(self.con, filters, limit=check_limit(limit))

    def actors(self, *, country: str | None = None, kind: str | None = None, limit: int | None = None
               ) -> pd.DataFrame:
        """Actors across documents, most widely reported first; ``country`` as a name, demonym or ISO code."""
        return queries.actors(self.con, country=check_country(country) if country else None, kind=kind,
                              limit=check_limit(limit))

    def clusters(self, *, type: EventType | str | None = None, min_reports: int = 1, limit: int | None = None
                 ) -> pd.DataFrame:
        """Event clusters (one real-world event, many reports), most reported first."""
        return queries.clusters(self.con, type=check_event_type(type) if type else None, min_reports=min_reports,
                                limit=check_limit(limit))

    def query(self, sql: str) -> pd.DataFrame:
        """Run one SELECT statement over the store in a sandbox and return its result.

        The sandbox is a separate DuckDB instance that attaches the store read-only with file and network
        access, extensions and setting changes disabled: ``read_csv('/etc/passwd')``, ``COPY … TO``,
        ``ATTACH`` and several statements are refused (``StoreError``). Needs a read-only store (a writer
        holds the file exclusively); a writable ``Store`` has ``trusted_query`` for its own code.
        """
        statement = _one_select(sql)
        try:
            return self._sandbox().execute(statement).df()
        except duckdb.Error as exc:
            raise StoreError(f"query failed: {str(exc).splitlines()[0]}") from None

    def _sandbox(self) -> duckdb.DuckDBPyConnection:
        if self._sandboxed is None:
            if not self.read_only:
                raise StoreError("query() runs untrusted SQL read-only; open the store read-only "
                                 "(dyad.open(db)) or use Store.trusted_query for your own SQL")
            sandbox = duckdb.connect(":memory:", config={"temp_directory": ""})
            try:
                sandbox.execute(f"ATTACH '{_literal(self.path)}' AS store (READ_ONLY)")
                sandbox.execute("USE store")
                # Once off, external access cannot be turned back on, and the configuration is then frozen.
                sandbox.execute("SET enable_external_access = false")
                sandbox.execute("SET lock_configuration = true")
            except duckdb.Error as exc:
                sandbox.close()
                raise StoreError(f"{self.path}: cannot open the query sandbox: {str(exc).splitlines()[0]}") from None
            self._sandboxed = sandbox
        return self._sandboxed

    def export(self, out: str | os.PathLike[str], fmt: str = "parquet", layout: str = "rows",
               labels: ExportLabels | None = None) -> dict[str, Path]:
        """Write every table (``rows``) or the events in an event layout (``polecat``, ``icews``, ``gdelt``) to
        ``out`` as Parquet, CSV or JSON Lines; returns the files written. An event layout names countries and
        CAMEO codes with ``labels`` (``dyad.stores`` passes the knowledge's)."""
        try:
            return export_tables(self.con, out, fmt, layout, labels)
        except (duckdb.Error, OSError) as exc:
            raise StoreError(f"cannot write {out}: {str(exc).splitlines()[0]}") from None

    def document_rows(self, digests: Sequence[str]) -> list[Rows]:
        """The ``documents`` and ``teasers`` rows of stored documents, in the order of ``digests`` (unknown ones
        left out): what ``rows.rows_to_document`` makes Documents of again (``dyad reanalyze``)."""
        wanted = list(digests)
        found: dict[str, Rows] = {}
        cursor = self.con.execute(f"SELECT * EXCLUDE ({', '.join(_STORE_COLUMNS.names)}) FROM documents "
                                  "WHERE doc IN (SELECT unnest(?))", [wanted])
        names = [d[0] for d in cursor.description]
        for values in cursor.fetchall():
            row = dict(zip(names, values, strict=True))
            found[row["doc"]] = {"documents": [row], "teasers": []}
        cursor = self.con.execute("SELECT * FROM teasers WHERE doc IN (SELECT unnest(?)) ORDER BY doc, teaser",
                                  [wanted])
        names = [d[0] for d in cursor.description]
        for values in cursor.fetchall():
            row = dict(zip(names, values, strict=True))
            found[row["doc"]]["teasers"].append(row)
        return [found[digest] for digest in wanted if digest in found]


class Store(ReadOnlyStore):
    """A store opened for writing (ingest, the hub with a token): created and migrated on open.

    ``read_only=True`` opens it like a ``ReadOnlyStore`` (the hub without a token does).
    """

    def __init__(self, path: str | os.PathLike[str], read_only: bool = False) -> None:
        self._open(path, read_only)

    def _check_schema(self) -> None:
        version = self.schema_version()
        if self.read_only or version > SCHEMA_VERSION:
            super()._check_schema()
        elif version == SCHEMA_VERSION:
            self.con.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
        else:
            self.migrate()

    def trusted_query(self, sql: str, params: Sequence[Any] | None = None) -> pd.DataFrame:
        """Run SQL of your own code on the store's connection, unsandboxed: it can write, read files and run
        several statements. Never pass it text from users; ``query`` is the sandbox for that."""
        try:
            return self.con.execute(sql, params).df()
        except duckdb.Error as exc:
            raise StoreError(f"query failed: {str(exc).splitlines()[0]}") from None

    def migrate(self, target: int = SCHEMA_VERSION) -> int:
        """Apply the pending migrations up to ``target``, each in its own transaction; return the new version."""
        version = self.schema_version()
        if version == 0:
            self.con.execute("CREATE TABLE IF NOT EXISTS schema_version "
                             "(version INTEGER, applied_at TIMESTAMP, dyad VARCHAR)")
        for number in range(version + 1, target + 1):
            self.con.execute("BEGIN TRANSACTION")
            try:
                self.con.execute(MIGRATIONS[number - 1])
                self.con.execute("INSERT INTO schema_version VALUES (?, ?, ?)", [number, _now(), __version__])
                self.con.execute("COMMIT")
            except BaseException:
                self.con.execute("ROLLBACK")
                raise
        return max(version, target)

    # -- runs ---------------------------------------------------------------------------------------

    def begin_run(self, command: str, inputs: Sequence[str]) -> int:
        """Record the start of an ingest-like command; returns its run number."""
        run = int(self.con.execute("SELECT coalesce(max(run), 0) + 1 FROM runs").fetchone()[0])
        self.con.execute("INSERT INTO runs VALUES (?, ?, ?, ?, 'running', ?, NULL, 0, 0, 0, 0, 0)",
                         [run, command, list(inputs), pipeline_stamp(), _now()])
        return run

    def finish_run(self, run: int, status: str, counts: dict[str, int]) -> None:
        """Mark a run ``done`` or ``interrupted`` with its final counts (documents, stored, skipped, …)."""
        self.con.execute("UPDATE runs SET status = ?, finished_at = ?, documents = ?, stored = ?, skipped = ?, "
                         "events = ?, rejected = ? WHERE run = ?",
                         [status, _now(), counts["documents"], counts["stored"], counts["skipped"],
                          counts["events"], counts["rejected"], run])

    # -- writes -------------------------------------------------------------------------------------

    def stored_digests(self, digests: Iterable[str]) -> set[str]:
        """Which of these document digests are already stored."""
        wanted = list(set(digests))
        if not wanted:
            return set()
        return {r[0] for r in self.con.execute("SELECT doc FROM documents WHERE doc IN (SELECT unnest(?))",
                                               [wanted]).fetchall()}

    def write_batch(self, run: int, items: Sequence[Rows | Rejected], replace: bool = False) -> BatchResult:
        """Store a batch of analysed documents and rejects in one transaction.

        A document already stored (same digest) is skipped, or with ``replace`` its rows are swapped for
        the new ones (``dyad reanalyze``); a new digest at a known origin becomes that origin's next version.
        """
        result = BatchResult()
        self.con.execute("BEGIN TRANSACTION")
        try:
            self._write(run, items, replace, result)
            self.con.execute(
                "UPDATE runs SET documents = documents + ?, stored = stored + ?, skipped = skipped + ?, "
                "events = events + ?, rejected = rejected + ? WHERE run = ?",
                [result.stored + result.skipped + result.replaced, result.stored + result.replaced,
                 result.skipped, result.events, len(result.rejected), run])
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return result

    def _write(self, run: int, items: Sequence[Rows | Rejected], replace: bool, result: BatchResult) -> None:
        analysed = [item for item in items if not isinstance(item, Rejected)]
        existing = self.stored_digests(rows["documents"][0]["doc"] for rows in analysed)
        kept_versions: dict[str, int] = {}
        if replace and existing:
            kept_versions = dict(self.con.execute(
                "SELECT doc, version FROM documents WHERE doc IN (SELECT unnest(?))", [list(existing)]).fetchall())
            # Their clusters then lack these reports, which marks them for ``refresh_clusters``.
            for table in (*TABLES, "cluster_members"):
                self.con.execute(f"DELETE FROM {table} WHERE doc IN (SELECT unnest(?))", [list(existing)])
        fresh: list[Rows] = []
        seen: set[str] = set()
        for rows in analysed:
            doc = rows["documents"][0]["doc"]
            if doc in seen or (doc in existing and not replace):
                result.skipped += 1
                continue
            seen.add(doc)
            fresh.append(rows)
        versions = self._next_versions([r["documents"][0]["origin"] for r in fresh if r["documents"][0]["doc"]
                                        not in kept_versions])
        now = _now()
        merged: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES}
        for rows in fresh:
            doc_row = rows["documents"][0]
            if doc_row["doc"] in kept_versions:
                version = kept_versions[doc_row["doc"]]
                result.replaced += 1
            else:
                version = versions[doc_row["origin"]] = versions[doc_row["origin"]] + 1
                result.stored += 1
            merged["documents"].append({**doc_row, "version": version, "run": run, "ingested_at": now})
            for table in TABLES:
                if table != "documents":
                    merged[table].extend(rows[table])
            result.events += len(rows["events"])
        for table, table_rows in merged.items():
            if table_rows:
                self._insert(table, table_rows)
        rejects = [item for item in items if isinstance(item, Rejected)]
        known = set(self.con.execute(
            "SELECT origin, reason FROM rejected WHERE origin IN (SELECT unnest(?))",
            [[r.origin for r in rejects]]).fetchall()) if rejects else set()
        for reject in rejects:
            result.rejected.append(reject)
            if (reject.origin, reject.reason) not in known:
                known.add((reject.origin, reject.reason))
                self.con.execute("INSERT INTO rejected VALUES (?, ?, ?, ?, ?)",
                                 [reject.origin, reject.reason, pipeline_stamp(), run, now])

    def _next_versions(self, origins: list[str]) -> dict[str, int]:
        versions = dict.fromkeys(origins, 0)
        if origins:
            versions.update(self.con.execute(
                "SELECT origin, max(version) FROM documents WHERE origin IN (SELECT unnest(?)) GROUP BY origin",
                [list(versions)]).fetchall())
        return versions

    def _insert(self, table: str, rows: list[dict[str, Any]]) -> None:
        schema = arrow_schema(table)
        if table == "documents":
            schema = pa.schema(list(schema) + list(_STORE_COLUMNS))
        batch = pa.Table.from_pylist(rows, schema=schema)  # noqa: F841  (read by DuckDB's replacement scan)
        self.con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM batch")

    def refresh_clusters(self, cluster: ClusterEvents, *, everything: bool = False, flush: int = 20_000) -> int:
        """Recompute with ``cluster`` the event clusters of the groups that changed, or of all with ``everything``;
        returns how many clusters the store has.

        A group (type, modality, dyad) changed when one of its events belongs to no cluster (a new batch, or one
        stored before a crash) or one of its clusters lost reports (``reanalyze``); the clusters of every other
        group stay as they are. Events stream from DuckDB ordered by group, so memory holds one at a time.
        """
        stale = None if everything else self.con.sql(_STALE_GROUPS).to_arrow_table()
        if stale is not None and stale.num_rows == 0:
            return self._cluster_count()
        match = "TRUE" if stale is None else _IN_GROUPS.format(type="g.type", modality="g.modality",
                                                                source="g._source", target="g._target")
        reader = self.con.cursor()
        reader.execute(f"SELECT {_CLUSTERED_COLUMNS}, _source, _target FROM ({_GROUPED}) g WHERE {match} "
                       "ORDER BY type, modality, _source, _target, doc, event")
        names = [d[0] for d in reader.description]
        stamp = pipeline_stamp()
        clusters: list[dict[str, Any]] = []
        members: list[dict[str, Any]] = []
        self.con.execute("BEGIN TRANSACTION")
        try:
            if stale is None:
                self.con.execute("DELETE FROM event_clusters")
                self.con.execute("DELETE FROM cluster_members")
            else:
                doomed = [row[0] for row in self.con.execute(
                    "SELECT cluster FROM event_clusters c WHERE " + _IN_GROUPS.format(
                        type="c.type", modality="c.modality", source="c.source_keys", target="c.target_keys")
                ).fetchall()]
                for table in ("event_clusters", "cluster_members"):
                    self.con.execute(f"DELETE FROM {table} WHERE cluster IN (SELECT unnest(?))", [doomed])
            for group in _groups(reader, names):
                found, joined = cluster(group)
                clusters.extend({**c, "pipeline": stamp} for c in found)
                members.extend(joined)
                if len(members) >= flush:
                    self._insert_clusters(clusters, members)
                    clusters, members = [], []
            self._insert_clusters(clusters, members)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        finally:
            reader.close()
        return self._cluster_count()

    def _cluster_count(self) -> int:
        return int(self.con.execute("SELECT count(*) FROM event_clusters").fetchone()[0])

    def _insert_clusters(self, clusters: list[dict[str, Any]], members: list[dict[str, Any]]) -> None:
        if clusters:
            cluster_rows = pa.Table.from_pylist(clusters)  # noqa: F841  (read by DuckDB's replacement scan)
            self.con.execute("INSERT INTO event_clusters BY NAME SELECT * FROM cluster_rows")
            member_rows = pa.Table.from_pylist(members)  # noqa: F841
            self.con.execute("INSERT INTO cluster_members BY NAME SELECT * FROM member_rows")

    def load(self, directory: str | os.PathLike[str]) -> dict[str, int]:
        """Store the documents of an export directory in the rows layout (``dyad export`` in any format, Spark
        runs); their events are clustered by the next ``refresh_clusters``."""
        run = self.begin_run("load", [str(directory)])
        try:
            counts = load_tables(self.con, directory, run)
        except duckdb.Error as exc:
            self.finish_run(run, "failed", {"documents": 0, "stored": 0, "skipped": 0, "events": 0, "rejected": 0})
            raise StoreError(f"{directory}: not an export in dyad's rows layout ({str(exc).splitlines()[0]})") from None
        except BaseException:
            self.finish_run(run, "interrupted", {"documents": 0, "stored": 0, "skipped": 0, "events": 0,
                                                 "rejected": 0})
            raise
        self.finish_run(run, "done", {"documents": counts["documents"] + counts["skipped"],
                                      "stored": counts["documents"], "skipped": counts["skipped"],
                                      "events": counts["events"], "rejected": counts["rejected"]})
        return counts


# Events with their clustering group: type, modality and each side as the set of its countries, or of actor
# ids where an actor has no country (the grouping of ``dyad.dyads.clusters``, whose cluster rows carry it as
# type, modality, source_keys and target_keys).
_SIDE = ("list_sort(list_distinct(list_transform(list_zip({0}_actors, {0}_countries), "
         "lambda p: coalesce(p[2], p[1], '?'))))")
_GROUPED = f"SELECT *, {_SIDE.format('source')} AS _source, {_SIDE.format('target')} AS _target FROM events"
_CLUSTERED_COLUMNS = ("doc, event, type, modality, joint, source_actors, source_countries, target_actors, "
                      "target_countries, date, date_precision, location_name, location_country, location_admin1, "
                      "published, origin, quad_class, goldstein, cameo, sentence")
# The groups to recluster: those with an event in no cluster, and those with a cluster whose members are not
# all stored events any more (``mentions`` counts them as clustered).
_STALE_GROUPS = f"""
SELECT DISTINCT type, modality, source, target FROM (
    SELECT g.type, g.modality, g._source AS source, g._target AS target FROM ({_GROUPED}) g
    WHERE NOT EXISTS (SELECT 1 FROM cluster_members m WHERE m.doc = g.doc AND m.event = g.event)
    UNION ALL
    SELECT c.type, c.modality, c.source_keys, c.target_keys FROM event_clusters c
    WHERE c.mentions <> (SELECT count(*) FROM cluster_members m JOIN events e ON e.doc = m.doc AND e.event = m.event
                         WHERE m.cluster = c.cluster))"""
# Whether a row is of one of the ``stale`` groups (a pyarrow table in the caller's frame, read by DuckDB's
# replacement scan).
_IN_GROUPS = ("EXISTS (SELECT 1 FROM stale s WHERE s.type IS NOT DISTINCT FROM {type} AND s.modality IS NOT "
              "DISTINCT FROM {modality} AND s.source = {source} AND s.target = {target})")


def _groups(reader: duckdb.DuckDBPyConnection, names: list[str]) -> Iterator[list[dict[str, Any]]]:
    """Consecutive events of one clustering group (the query orders by type, modality and dyad)."""
    group: list[dict[str, Any]] = []
    key = None
    while chunk := reader.fetchmany(4096):
        for values in chunk:
            row = dict(zip(names, values, strict=True))
            row_key = (row["type"], row["modality"], row.pop("_source"), row.pop("_target"))
            if row_key != key and group:
                yield group
                group = []
            key = row_key
            group.append(row)
    if group:
        yield group


def _one_select(sql: str) -> str:
    """The one SELECT statement in ``sql`` (a trailing semicolon allowed), else ``StoreError``."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise StoreError(f"query failed: {str(exc).splitlines()[0]}") from None
    if len(statements) != 1:
        raise StoreError(f"query refused: give exactly one SQL statement, not {len(statements)}")
    if statements[0].type != duckdb.StatementType.SELECT:
        raise StoreError(f"query refused: only SELECT statements read the store, not {statements[0].type.name}")
    return statements[0].query


def _literal(text: str) -> str:
    return text.replace("'", "''")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def lock_holder(message: str) -> str | None:
    """Who holds a store, from DuckDB's lock error: "PID 123 (`dyad serve --db x.duckdb`)", its command
    read from /proc where the system has one; None when the message names no process."""
    pid = _PID.search(message)
    if not pid:
        return None
    try:
        argv = Path(f"/proc/{pid.group(1)}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return f"PID {pid.group(1)}"
    words = [w.decode(errors="replace") for w in argv if w]
    # The `dyad` script (run by its interpreter) and `python -m dyad` both read as "dyad ..."
    names = [Path(w).name for w in words[:3]]
    if "dyad" in names:
        words = ["dyad", *words[names.index("dyad") + 1:]]
    elif words:
        words[0] = Path(words[0]).name
    command = " ".join(words)
    return f"PID {pid.group(1)} (`{command[:120]}`)" if command else f"PID {pid.group(1)}"


def is_lock_error(exc: BaseException) -> bool:
    """Whether opening a store failed because another process holds its file."""
    return isinstance(exc, duckdb.Error) and "lock" in str(exc).lower()


def _open_error(path: str, exc: duckdb.Error, read_only: bool) -> str:
    text = str(exc)
    if is_lock_error(exc):
        holder = lock_holder(text) or "another process"
        if read_only:
            return (f"{path} is being written by {holder}; DuckDB allows no readers meanwhile: wait for it to "
                    f"finish, or query a copy of the file")
        return (f"{path} is in use by {holder}: a store has one writer at a time, and a hub started with a token "
                f"is one; wait for it to finish or stop, or use another --db")
    if "not a valid DuckDB database" in text or "database file" in text.lower():
        return f"{path}: not a DuckDB store file"
    return f"{path}: cannot open the store: {text.splitlines()[0]}"
