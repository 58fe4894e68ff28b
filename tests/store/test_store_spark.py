"""Spark reads the Parquet that `dyad export` writes, with the documented columns and list types."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_records import agreement

from dyad.store import Store, analysis_to_rows, columns

pytestmark = pytest.mark.spark


def test_spark_reads_the_exported_events(tmp_path: Path) -> None:
    pytest.importorskip("pyspark")
    from dyad.executors.spark import spark_session

    with Store(tmp_path / "dyad.duckdb") as store:
        store.write_batch(store.begin_run("test", []), [analysis_to_rows(agreement("https://a.example/1",
                                                                                    "2024-08-03"))])
        written = store.export(tmp_path / "out", "parquet")
    spark = spark_session("local[1]", app_name="dyad-export-test")
    try:
        events = spark.read.parquet(str(written["events"]))
        assert events.columns == columns("events")
        (row,) = events.collect()
        assert row["source_countries"] == ["IRN", "PAK"] and row["type"] == "AGREE" and row["joint"] is True
    finally:
        spark.stop()
