"""The Spark executor writes exactly the rows the local executor produces, partitioned by publication month."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from shared_data import shared_path

from dyad.executors.local import LocalExecutor, ingest
from dyad.executors.spark import (
    analysed_schema,
    month_of,
    read_file_batches,
    read_table_batches,
    unread_by_spark,
)
from dyad.ingest import Columns, read_bytes, read_paths
from dyad.model import Actor, ActorRef, Analysis, Document, Event, Evidence, Figure, Location, Mention
from dyad.store.rows import TABLES, analysis_to_rows
from dyad.stores import Store
from dyad.version import pipeline_stamp


def _key(row: dict[str, Any]) -> str:
    return json.dumps(row, sort_keys=True, ensure_ascii=False, default=str)  # dates (date_start) as ISO text


def _written(folder: Path) -> tuple[list[dict[str, Any]], set[str]]:
    """Every row of one written table (sorted) and the month partitions it went to."""
    rows, months = [], set()
    for part in folder.rglob("*.parquet"):
        rows.extend(pq.read_table(part).to_pylist())
        months.add(part.parent.name)
    return sorted(rows, key=_key), months


def test_month_of_keeps_year_and_month_only() -> None:
    assert month_of("2025-08-02") == "2025-08"
    assert month_of("2025-08") == "2025-08"
    assert month_of("2025") == "unknown"
    assert month_of(None) == "unknown"


def test_read_file_batches_names_files_as_the_local_reader_does() -> None:
    data = b"Iran and Pakistan sign trade deal\n\nIran and Pakistan signed a trade agreement on Monday."
    batch = pa.RecordBatch.from_pydict({"path": ["file:/data/in/a.txt", "file:///elsewhere/b.txt"],
                                        "content": [data, b""]})
    (out,) = read_file_batches([batch], given={"/data/in": "in"})
    first, second = out.to_pylist()
    (expected,) = read_bytes(data, "in/a.txt")
    assert Document.from_dict(first["document"]) == expected  # a typed struct, not JSON text
    assert first["digest"] == expected.digest
    assert second == {"origin": "/elsewhere/b.txt", "digest": None, "document": None, "reason": "empty input"}


def test_read_table_batches_read_rows_as_the_local_parquet_reader_does(tmp_path: Path) -> None:
    path = tmp_path / "in.parquet"
    pq.write_table(pa.table({"ident": ["a", None], "body": ["Iran and Pakistan signed a deal.", ""]}), path)
    columns = Columns(text="body", id="ident")
    batch = pa.RecordBatch.from_pydict({"ident": ["a", None], "body": ["Iran and Pakistan signed a deal.", ""],
                                        "_file": [path.as_uri()] * 2})
    (out,) = read_table_batches([batch], columns=columns)
    local = list(read_paths([path], columns=columns))
    first, second = out.to_pylist()
    assert Document.from_dict(first["document"]) == local[0] and first["origin"] == f"{path}#a"
    assert (second["origin"], second["reason"]) == (local[1].origin, local[1].reason)


def _folder_spark_cannot_see(root: Path) -> Path:
    """A folder with a good page and what Spark's file listing or scan leaves out: empty files, a broken link, a
    page whose name starts with ``_``."""
    folder = root / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text("Iran and Pakistan sign trade deal\n\n"
                                     "Iran and Pakistan signed a trade agreement on Monday in Lahore.\n")
    (folder / "_notes.txt").write_text("Turkey condemns strike\n\nTurkey condemned the strike on Sunday.\n")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "sub" / "empty.html").write_bytes(b"")
    (folder / "broken.txt").symlink_to(root / "missing.txt")
    return folder


def test_unread_by_spark_reads_what_spark_leaves_out_as_the_local_reader_does(tmp_path: Path) -> None:
    folder = _folder_spark_cannot_see(tmp_path)
    # What Spark's binaryFile listing holds for this folder: no broken link, no "_" name, empty files listed.
    listed = [(folder / name).absolute().as_uri() for name in ("good.txt", "empty.txt", "sub/empty.html")]
    records = unread_by_spark([str(folder)], listed)
    local = [item for item in read_paths([str(folder)]) if item.origin != str(folder / "good.txt")]
    assert [r["origin"] for r in records] == [item.origin for item in local]
    assert [r.get("reason") for r in records] == [getattr(item, "reason", None) for item in local]
    assert [Document.from_dict(r["document"]) for r in records if "document" in r] == \
        [item for item in local if isinstance(item, Document)]
    assert {r.get("reason") for r in records} >= {"empty input", "broken symbolic link: its target does not exist"}


def test_analysed_rows_keep_every_table_column_through_arrow() -> None:
    text = "Iran and Pakistan signed a $3 billion trade deal in Lahore."
    document = Document(id="x", origin="a.txt", text=text, published="2025-08-02")
    evidence = Evidence(sentence=text, start=0, end=len(text), trigger="signed", trigger_start=18, trigger_end=24)
    analysis = Analysis(
        document=document, pipeline=pipeline_stamp(),
        actors=[Actor("dyad:IRN", "Iran", "state", "IRN", mentions=[(0, 4)]),
                Actor("dyad:PAK", "Pakistan", "state", "PAK", mentions=[(9, 17)])],
        mentions=[Mention(0, 4, "Iran", ["dyad:IRN"]), Mention(9, 17, "Pakistan", ["dyad:PAK"])],
        events=[Event("AGREE", evidence, source=[ActorRef("dyad:IRN", "Iran", "IRN"),
                                                 ActorRef("dyad:PAK", "Pakistan", "PAK")],
                      location=Location("Lahore", "PAK", lat=31.5, lon=74.3), cameo="057", quad_class=1,
                      goldstein=8.0, date="2025-08-02", date_precision="day")],
        figures=[Figure("$3 billion", 3e9, "USD", evidence, measure="trade deal", countries=["IRN", "PAK"])])
    rows = analysis_to_rows(analysis)
    batch = pa.RecordBatch.from_pylist([{"month": "2025-08", "n_events": 1, "copies": 1, **rows}], schema=analysed_schema())
    (back,) = batch.to_pylist()
    for table in TABLES:
        assert back[table] == rows[table], table
    assert len(back["events"]) == 1 and len(back["actors"]) == 2


@pytest.mark.parametrize(("args", "message"), [
    (["missing-dir", "--out", "o"], "missing-dir: no such file or directory"),
    ([".", "--out", "o", "--conf", "spark.ui.enabled"], "--conf takes KEY=VALUE"),
    ([".", "--out", "o", "--input-format", "pdf"], "--input-format must be one of"),
])
def test_spark_ingest_refuses_bad_arguments_before_starting_spark(args: list[str], message: str) -> None:
    from typer.testing import CliRunner

    from dyad.cli import app

    result = CliRunner().invoke(app, ["spark-ingest", *args])
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())


@pytest.fixture(scope="module")
def spark():
    pytest.importorskip("pyspark")
    from dyad.executors.spark import spark_session

    session = spark_session("local[2]", app_name="dyad-tests")
    yield session
    session.stop()


@pytest.mark.spark
@pytest.mark.shared
def test_spark_rows_equal_the_local_executor_row_for_row(spark, tmp_path: Path) -> None:
    from dyad.executors.spark import run_spark

    politics = shared_path("corpora", "bbc-news", "politics")
    files = [str(p) for p in sorted(politics.glob("*.txt"))[:24]]
    run = run_spark(files, str(tmp_path / "out"), spark=spark)
    local = [rows for rows in LocalExecutor(workers=0).map(read_paths(files))]
    assert (run.documents, run.rejected) == (24, 0)
    assert run.events == sum(len(rows["events"]) for rows in local) > 0
    for table in TABLES:
        written, months = _written(tmp_path / "out" / table)
        assert written == sorted((row for rows in local for row in rows[table]), key=_key), table
        assert months <= {"month=unknown"}  # the BBC files carry no dates


@pytest.mark.spark
@pytest.mark.shared
def test_spark_local_run_writes_one_file_per_month_and_core_without_checksum_files(spark, tmp_path: Path) -> None:
    # Every file the local file system creates costs Spark a chmod process: a local run analyses in one task
    # per core and writes through one writer per core, without Hadoop's .crc sidecar files.
    from dyad.executors.spark import run_spark

    politics = shared_path("corpora", "bbc-news", "politics")
    files = [str(p) for p in sorted(politics.glob("*.txt"))[:12]]
    run = run_spark(files, str(tmp_path / "out"), spark=spark)
    cores = spark.sparkContext.defaultParallelism
    assert run.partitions == cores == 2
    written = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    assert not [p for p in written if p.name.endswith(".crc")]
    for table in ("documents", "events", "actors"):
        assert 0 < len(list((tmp_path / "out" / table / "month=unknown").glob("*.parquet"))) <= cores, table


@pytest.mark.spark
def test_spark_reads_parquet_partitions_by_month_dedups_and_keeps_rejects(spark, tmp_path: Path) -> None:
    from dyad.executors.spark import run_spark

    trade = "Iran and Pakistan agreed to expand trade."
    pq.write_table(pa.table({"id": ["a", "b", "c"], "date": ["2025-08-02", None, "2025-09-01"],
                             "text": [trade, "Turkey condemned the strike.", f"  {trade}"]}),
                   tmp_path / "in.parquet")
    (tmp_path / "image.txt").write_bytes(bytes(range(256)) * 4)
    run = run_spark([str(tmp_path / "in.parquet"), str(tmp_path / "image.txt")], str(tmp_path / "out"), spark=spark)
    assert (run.documents, run.duplicates, run.rejected) == (2, 1, 1)
    documents, months = _written(tmp_path / "out" / "documents")
    assert {(d["id"], d["published"]) for d in documents} == {("a", "2025-08-02"), ("b", None)}
    assert months == {"month=2025-08", "month=unknown"}
    rejected, _ = _written(tmp_path / "out" / "rejected")
    assert rejected == [{"origin": str(tmp_path / "image.txt"), "reason": "binary content, not a text or HTML page"}]


@pytest.mark.spark
def test_spark_stores_the_rejected_rows_of_the_local_executor(spark, tmp_path: Path) -> None:
    from dyad.executors.spark import run_spark

    folder = str(_folder_spark_cannot_see(tmp_path))
    with Store(tmp_path / "local.duckdb") as local:
        ingest(local, [folder])
        expected = local.trusted_query("SELECT origin, reason FROM rejected ORDER BY ALL")
        documents = local.trusted_query("SELECT origin FROM documents ORDER BY ALL")
    run = run_spark([folder], str(tmp_path / "out"), spark=spark)
    with Store(tmp_path / "spark.duckdb") as stored:
        stored.load(tmp_path / "out")
        assert stored.trusted_query("SELECT origin, reason FROM rejected ORDER BY ALL").equals(expected)
        assert stored.trusted_query("SELECT origin FROM documents ORDER BY ALL").equals(documents)
    assert (run.documents, run.rejected) == (len(documents), len(expected)) == (2, 3)
