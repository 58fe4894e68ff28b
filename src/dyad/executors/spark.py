"""The Spark executor: the same reader and ``analyse_document`` inside Spark tasks, written as Parquet.

Three stages, all over Arrow batches (``mapInArrow``) so only this module sees Spark types:

1. read: every input file arrives whole through Spark's ``binaryFile`` source and goes through
   ``dyad.ingest.read_bytes`` exactly as the local executor reads it (WARC/WET, HTML, text, JSON Lines, CSV);
   Parquet tables are read by Spark and each row by the local Parquet reader's ``row_document``; what
   Spark's file scan never delivers under a local input (empty files, broken links, names starting with
   ``_``) is found by the local executor's own walk and read on the driver, so it is rejected (or read) exactly as locally. Documents travel
   as Arrow structs of ``Document``'s fields (``DOCUMENT_TYPE``);
2. analyse: documents are spread over ``partitions`` and each goes through ``analyse_document``; the spaCy
   pipeline loads once per Python worker (one task per core and worker locally; reused workers on a
   cluster), not once per batch;
3. write: each table of ``dyad.store.rows`` goes to ``OUT/<table>/month=YYYY-MM/part-*.parquet``
   (``month=unknown`` when the publication month is not known), and unreadable inputs to ``OUT/rejected``
   with their reason.
"""

from __future__ import annotations

import dataclasses
import os
import re
import sys
import time
import types
import typing
import urllib.parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from dyad.ingest import Columns, input_files, read_bytes, read_paths
from dyad.ingest.readers import DEFAULT_COLUMNS
from dyad.ingest.readers.parquet import PARQUET, row_document
from dyad.model import Document, Rejected
from dyad.store.rows import TABLES, analysis_to_rows, arrow_schema

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["DOCUMENT_TYPE", "READ_SCHEMA", "SparkRun", "analyse_batches", "analysed_schema", "month_of", "read_file_batches", "read_table_batches",
           "run_spark", "spark_session", "unread_by_spark"]

UNKNOWN_MONTH = "unknown"
_MONTH = re.compile(r"^\d{4}-\d{2}")
_URI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _arrow_type(hint: Any) -> pa.DataType:
    """The Arrow type of a typed field of ``dyad.model`` (str, int, lists, nested records; optional or not)."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return _arrow_type(args[0])
    if typing.get_origin(hint) is list:
        return pa.list_(_arrow_type(args[0]))
    if dataclasses.is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        return pa.struct([pa.field(f.name, _arrow_type(hints[f.name])) for f in dataclasses.fields(hint)])
    return {str: pa.string(), int: pa.int64()}[hint]


DOCUMENT_TYPE = _arrow_type(Document)  # a read Document as it travels between stages: its fields, typed
READ_SCHEMA = pa.schema([pa.field("origin", pa.string()), pa.field("digest", pa.string()),
                         pa.field("document", DOCUMENT_TYPE), pa.field("reason", pa.string())])


@dataclass(slots=True)
class SparkRun:
    """What one run did: documents analysed, inputs rejected, events found, tables written, wall time."""

    out: str
    master: str
    documents: int
    duplicates: int
    rejected: int
    events: int
    partitions: int
    seconds: float
    tables: list[str] = field(default_factory=list)


def month_of(published: str | None) -> str:
    """The partition a document's rows go to: ``YYYY-MM`` of its publication date, else ``unknown``."""
    return published[:7] if published and _MONTH.match(published) else UNKNOWN_MONTH


def _local_origin(path: str, given: dict[str, str] | None = None) -> str:
    """A file's origin as the local executor names it: the path under the input the user gave, not a URI."""
    if not path.startswith("file:"):
        return path
    local = "/" + path.removeprefix("file:").lstrip("/")
    for absolute, name in (given or {}).items():
        if local == absolute:
            return name
        if local.startswith(absolute.rstrip("/") + "/"):
            return os.path.join(name, local[len(absolute.rstrip("/")) + 1:])
    return local


def _given_names(inputs: list[str]) -> dict[str, str]:
    # read_paths names files by the path the user typed (normalised by pathlib), so Spark's must match.
    return {os.path.abspath(p): str(Path(p)) for p in inputs if not _URI.match(p)}


def _read_record(item: Document | Rejected) -> dict[str, Any]:
    if isinstance(item, Rejected):
        return {"origin": item.origin, "reason": item.reason}
    return {"origin": item.origin, "digest": item.digest, "document": item.to_dict()}


def read_file_batches(batches: Iterable[pa.RecordBatch], input_format: str = "auto",
                      given: dict[str, str] | None = None, columns: Columns = DEFAULT_COLUMNS) -> Iterator[pa.RecordBatch]:
    """binaryFile batches (``path``, ``content``) -> one row per Document (a ``DOCUMENT_TYPE`` struct) or Rejected."""
    for batch in batches:
        records = [_read_record(item)
                   for path, content in zip(batch.column("path").to_pylist(), batch.column("content").to_pylist(),
                                            strict=True)
                   for item in read_bytes(content or b"", _local_origin(path, given), input_format, columns=columns)]
        yield pa.RecordBatch.from_pylist(records, schema=READ_SCHEMA)


def unread_by_spark(inputs: Iterable[str], listed: Iterable[str], input_format: str = "auto",
                    columns: Columns = DEFAULT_COLUMNS) -> list[dict[str, Any]]:
    """Read rows for what the local executor finds under local ``inputs`` but Spark's ``binaryFile`` scan never delivers.

    ``listed`` is Spark's file listing (``DataFrame.inputFiles()``). Spark's scan drops zero-length files, and its
    listing leaves out broken links and the names it takes for hidden (starting with ``_``); the local executor's
    walk finds them all, and each is read here by the local reader itself (an empty file holds nothing worth
    shipping to a task), so it gives the local executor's Rejected reason, or its document.
    """
    spark_files = {urllib.parse.unquote(urllib.parse.urlsplit(uri).path) for uri in listed if uri.startswith("file:")}
    records = []
    for path in inputs:
        for entry in input_files(path):
            if isinstance(entry, Rejected):
                records.append(_read_record(entry))
            elif os.path.abspath(entry) not in spark_files or _is_empty(entry):
                records.extend(_read_record(item) for item in read_paths([entry], input_format, columns=columns))
    return records


def _is_empty(path: Path) -> bool:
    try:
        return path.stat().st_size == 0
    except OSError:  # gone since the walk: the local reader says why
        return True


def read_table_batches(batches: Iterable[pa.RecordBatch], given: dict[str, str] | None = None,
                       columns: Columns = DEFAULT_COLUMNS) -> Iterator[pa.RecordBatch]:
    """Parquet rows (their cells as strings, and ``_file``) -> Documents, as the local Parquet reader reads them."""
    for batch in batches:
        records = []
        for row in batch.to_pylist():
            origin = _local_origin(row.pop("_file"), given)
            records.append(_read_record(row_document(row, origin, columns)))
        yield pa.RecordBatch.from_pylist(records, schema=READ_SCHEMA)


def analysed_schema() -> pa.Schema:
    """One row per input: its month, event count, each table's rows as a list of structs, or why it was rejected."""
    tables = [pa.field(table, pa.list_(pa.struct(list(arrow_schema(table))))) for table in TABLES]
    return pa.schema([pa.field("month", pa.string()), pa.field("n_events", pa.int32()),
                      pa.field("copies", pa.int64()), *tables,
                      pa.field("origin", pa.string()), pa.field("reason", pa.string())])


def analyse_batches(batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """Read rows (``origin``, ``document``, ``reason``, ``copies``) -> every table's rows for each document.

    Each output row carries the document's month, its number of events and ``copies`` (how many inputs
    held the same document), or, for a rejected input, its origin and reason.
    """
    # Imported here, not above: the driver never analyses, so it need not import spaCy.
    from dyad.pipeline import analyse_or_reject

    schema = analysed_schema()
    for batch in batches:
        rows: list[dict[str, Any]] = []
        columns = ("origin", "document", "reason", "copies")
        for origin, document, reason, copies in zip(*(batch.column(c).to_pylist() for c in columns), strict=True):
            if document is None:
                rows.append({"origin": origin, "reason": reason})
                continue
            analysis = analyse_or_reject(Document.from_dict(document))
            if isinstance(analysis, Rejected):
                rows.append({"origin": analysis.origin, "reason": analysis.reason})
                continue
            rows.append({"month": month_of(analysis.document.published), "n_events": len(analysis.events),
                         "copies": copies, **analysis_to_rows(analysis)})
        yield pa.RecordBatch.from_pylist(rows, schema=schema)


def spark_session(master: str | None = None, app_name: str = "dyad",
                  conf: dict[str, str] | None = None) -> SparkSession:
    """A Spark session for dyad; local masters get a 512 MB driver, no UI, loopback only and this Python.

    Without ``master``: the one ``spark-submit`` was given when it started this program, else ``local[2]``.
    """
    from pyspark.sql import SparkSession

    submitted = "PYSPARK_GATEWAY_PORT" in os.environ  # spark-submit started the JVM and chose master and memory
    master = master or (None if submitted else "local[2]")
    settings = {
        "spark.python.worker.reuse": "true",
        # Small Arrow batches: a batch is whole pages (or whole WARC files) held in a Python worker at once.
        "spark.sql.execution.arrow.maxRecordsPerBatch": "64",
        "spark.sql.session.timeZone": "UTC",
    }
    if master and master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # read by SparkContext, not from the conf
        settings |= {"spark.ui.enabled": "false", "spark.driver.memory": "512m",
                     "spark.driver.host": "127.0.0.1", "spark.driver.bindAddress": "127.0.0.1",
                     # The JVM only moves bytes here while Python analyses: the quick JIT and one GC thread
                     # halve the CPU it takes from the analysing cores (measured in bench/throughput.py).
                     "spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
                     # Without Hadoop's native library every file the local file system creates costs a
                     # `chmod` process, and its checksummed wrapper doubles the files with `.crc` siblings.
                     "spark.hadoop.fs.file.impl": "org.apache.hadoop.fs.RawLocalFileSystem",
                     # One analysis task per core (see run_spark): a worker that exits after its task
                     # loads spaCy once as a reused one would, and frees its memory before the writes.
                     "spark.python.worker.reuse": "false",
                     # So reading too takes about one task per core (Spark packs files into splits of at most
                     # this size, 128 MB by default: 70 tasks, each starting a worker, for 2,000 small pages).
                     "spark.sql.files.maxPartitionBytes": "1g"}
    settings |= conf or {}
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    for key, value in settings.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def _is_parquet(path: str) -> bool:
    """A Parquet file, or a directory holding one (a table Spark reads whole), by the Parquet reader's suffixes."""
    if path.rstrip("/").lower().endswith(PARQUET.suffixes):
        return True
    return (not _URI.match(path) and os.path.isdir(path)
            and any(name.lower().endswith(PARQUET.suffixes) for _, _, names in os.walk(path) for name in names))


def _read_inputs(spark: SparkSession, inputs: list[str], input_format: str, columns: Columns) -> DataFrame:
    from pyspark.sql import functions as F
    from pyspark.sql.pandas.types import from_arrow_schema

    tables = [p for p in inputs if input_format == "parquet" or (input_format == "auto" and _is_parquet(p))]
    files = [p for p in inputs if p not in tables]
    given = _given_names(inputs)
    frames = []
    if files:
        raw = spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(files)
        frames.append(raw.select("path", "content").mapInArrow(
            lambda b: read_file_batches(b, input_format, given, columns), from_arrow_schema(READ_SCHEMA)))
        # Spark expands globs and lists remote paths itself; the paths the user typed are walked as locally.
        walked = [p for p in files if not _URI.match(p) and os.path.lexists(p)]
        if walked and (unread := unread_by_spark(walked, raw.inputFiles(), input_format, columns)):
            frames.append(spark.createDataFrame([[r.get(name) for name in READ_SCHEMA.names] for r in unread],
                                                from_arrow_schema(READ_SCHEMA)))
    if tables:
        df = spark.read.parquet(*tables)
        if problem := columns.missing(df.columns):
            raise ValueError(f"{', '.join(tables)}: Parquet table with {problem}")
        # cells as strings, as the local Parquet reader casts them
        wanted = [F.col(c).cast("string").alias(c) for c in dict.fromkeys(columns.fields()) if c in df.columns]
        frames.append(df.select(*wanted, F.input_file_name().alias("_file"))
                      .mapInArrow(lambda b: read_table_batches(b, given, columns), from_arrow_schema(READ_SCHEMA)))
    result = frames[0]
    for other in frames[1:]:
        result = result.unionByName(other)
    return result


def run_spark(inputs: list[str], out_dir: str, master: str | None = None, input_format: str = "auto",
              partitions: int | None = None, conf: dict[str, str] | None = None,
              spark: SparkSession | None = None, columns: Columns = DEFAULT_COLUMNS) -> SparkRun:
    """Read, analyse and write ``inputs`` (local, HDFS or S3 paths) to Parquet under ``out_dir``; replaces its tables.

    ``partitions`` is how many analysis tasks the documents are spread over (default: one per core for a local
    master, four per core otherwise); ``columns`` names the fields of JSON Lines, CSV and Parquet records.
    Pass ``spark`` to reuse a session; ``master`` and ``conf`` are then unused.
    """
    from pyspark import StorageLevel
    from pyspark.sql import functions as F
    from pyspark.sql.pandas.types import from_arrow_schema

    started = time.perf_counter()
    session = spark or spark_session(master, conf=conf)
    master_url = session.sparkContext.master
    out = out_dir.rstrip("/")
    try:
        read = _read_inputs(session, inputs, input_format, columns)
        # One analysis per digest, as the store keeps one; the copy kept is the one `dyad load` would keep.
        unique = (read.where(F.col("document").isNotNull()).groupBy("digest")
                  .agg(F.min("origin").alias("origin"), F.min_by("document", "origin").alias("document"),
                       F.count(F.lit(1)).alias("copies"))
                  .select("origin", "document", F.lit(None).cast("string").alias("reason"), "copies"))
        rejected = read.where(F.col("document").isNull()).select(
            "origin", "document", "reason", F.lit(None).cast("long").alias("copies"))
        cores = session.sparkContext.defaultParallelism
        # Locally one task per core, each a Python worker that loads spaCy once (see spark_session); on a
        # cluster four per core, so that cores that finish early take over the rest of a skewed crawl.
        count = partitions or (cores if master_url.startswith("local") else 4 * cores)
        analysed = (unique.unionByName(rejected).repartition(count)
                    .mapInArrow(analyse_batches, from_arrow_schema(analysed_schema())))
        analysed = analysed.persist(StorageLevel.MEMORY_AND_DISK)
        totals = analysed.agg(F.count("month").alias("documents"), F.count("reason").alias("rejected"),
                              F.coalesce(F.sum("copies"), F.lit(0)).alias("copies"),
                              F.coalesce(F.sum("n_events"), F.lit(0)).alias("events")).first()
        # From here on the work is Spark's alone: explode each table's structs and write them. One writer per
        # core, not per analysis task: each task writes a file per month, and a file costs more than its rows.
        good = analysed.where(F.col("month").isNotNull()).coalesce(cores)
        for table in TABLES:
            (good.select(F.explode(table).alias("row"), "month").select("row.*", "month")
             .write.mode("overwrite").partitionBy("month").parquet(f"{out}/{table}"))
        (analysed.where(F.col("reason").isNotNull()).select("origin", "reason")
         .coalesce(1).write.mode("overwrite").parquet(f"{out}/rejected"))
        analysed.unpersist()
    finally:
        if spark is None:
            session.stop()
    return SparkRun(out=out, master=master_url, documents=totals["documents"],
                    duplicates=totals["copies"] - totals["documents"], rejected=totals["rejected"], events=totals["events"],
                    partitions=count, seconds=round(time.perf_counter() - started, 3),
                    tables=[*TABLES, "rejected"])
