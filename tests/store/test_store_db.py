"""The DuckDB store: schema and migrations, stamps, idempotency, versions, single writer, export and load."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest
from store_records import STAMP, agreement, analysis, event

from dyad.dyads.clusters import cluster_events
from dyad.model import Rejected
from dyad.store import StoreError, analysis_to_rows, columns
from dyad.store.migrations import MIGRATIONS, SCHEMA_VERSION
from dyad.store.rows import TABLES
from dyad.store.transfer import read_export
from dyad.stores import Store, open_store


def _store(tmp_path: Path) -> Store:
    return Store(tmp_path / "dyad.duckdb")


def _counts(store: Store) -> dict[str, int]:
    return {t: store.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in [*TABLES, "rejected"]}


def test_new_store_has_the_current_schema_and_the_row_layout(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        for table in TABLES:
            names = [r[0] for r in store.con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index",
                [table]).fetchall()]
            # Columns the store itself keeps; migrations add later row columns after them.
            extra = ["version", "run", "ingested_at"] if table == "documents" else []
            assert [n for n in names if n not in extra] == columns(table)
            assert set(extra) <= set(names)


def test_an_older_store_is_migrated_on_write_and_explained_on_read(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_version (version INTEGER, applied_at TIMESTAMP, dyad VARCHAR)")
    con.execute(MIGRATIONS[0])
    con.execute("INSERT INTO schema_version VALUES (1, now(), 'old')")
    con.close()
    with pytest.raises(StoreError, match="dyad migrate"):
        Store(path, read_only=True)
    with Store(path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.con.execute("SELECT count(*) FROM event_clusters").fetchone()[0] == 0


def test_events_store_the_days_their_date_covers_as_typed_dates(tmp_path: Path) -> None:
    sentence = "Iran and Pakistan signed a trade agreement."
    dated = analysis(sentence, [event("AGREE", ["IRN", "PAK"], [], sentence, date="2024-02"),
                                event("AGREE", ["IRN", "PAK"], [], sentence, date="2019"),
                                event("AGREE", ["IRN", "PAK"], [], sentence)])
    with _store(tmp_path) as store:
        store.write_batch(store.begin_run("test", []), [analysis_to_rows(dated)])
        rows = store.con.execute("SELECT date, date_start, date_end FROM events ORDER BY event").fetchall()
        kinds = dict(store.con.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = "
                                       "'events' AND column_name LIKE 'date_%'").fetchall())
        files = {fmt: store.export(tmp_path / fmt, fmt)["events"] for fmt in ("parquet", "csv")}
    assert rows == [("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
                    ("2019", dt.date(2019, 1, 1), dt.date(2019, 12, 31)), (None, None, None)]
    assert kinds == {"date_precision": "VARCHAR", "date_start": "DATE", "date_end": "DATE"}
    for frame in (pd.read_parquet(files["parquet"]), pd.read_csv(files["csv"])):
        assert list(pd.to_datetime(frame.date_start).dt.strftime("%Y-%m-%d").fillna("")) == [
            "2024-02-01", "2019-01-01", ""]


def test_a_schema_2_store_gets_date_bounds_for_the_events_it_holds(tmp_path: Path) -> None:
    path = tmp_path / "v2.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_version (version INTEGER, applied_at TIMESTAMP, dyad VARCHAR)")
    for number, migration in enumerate(MIGRATIONS[:2], start=1):
        con.execute(migration)
        con.execute("INSERT INTO schema_version VALUES (?, now(), 'old')", [number])
    con.execute("INSERT INTO events (doc, event, date, date_precision) VALUES ('d', 0, '2019-12', 'month'), "
                "('d', 1, '2019-04-12', 'day'), ('d', 2, '2018', 'year'), ('d', 3, NULL, 'none')")
    con.close()
    with Store(path) as store:
        assert store.con.execute("SELECT date_start, date_end FROM events ORDER BY event").fetchall() == [
            (dt.date(2019, 12, 1), dt.date(2019, 12, 31)), (dt.date(2019, 4, 12), dt.date(2019, 4, 12)),
            (dt.date(2018, 1, 1), dt.date(2018, 12, 31)), (None, None)]


def test_files_that_are_not_current_dyad_stores_get_a_clear_message(tmp_path: Path) -> None:
    newer = tmp_path / "newer.duckdb"
    with Store(newer) as store:
        store.con.execute("INSERT INTO schema_version VALUES (99, now(), 'future')")
    with pytest.raises(StoreError, match="newer dyad"):
        Store(newer)
    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).execute("CREATE TABLE t (x INTEGER)").close()
    with pytest.raises(StoreError, match="not a dyad store"):
        Store(other)
    with pytest.raises(StoreError, match="no such store"):
        Store(tmp_path / "missing.duckdb", read_only=True)


def test_every_row_is_stamped_with_the_pipeline(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        run = store.begin_run("test", [])
        store.write_batch(run, [analysis_to_rows(agreement("https://a.example/1", "2024-08-03"))])
        for table in TABLES:
            stamps = {r[0] for r in store.con.execute(f"SELECT DISTINCT pipeline FROM {table}").fetchall()}
            assert stamps <= {STAMP}
        assert store.recluster() == 1
        assert store.con.execute("SELECT DISTINCT pipeline FROM event_clusters").fetchone()[0].startswith("dyad ")


def test_the_same_document_twice_changes_nothing(tmp_path: Path) -> None:
    rows = analysis_to_rows(agreement("https://a.example/1", "2024-08-03"))
    reject = Rejected("bad.html", "no article text after removing page boilerplate")
    with _store(tmp_path) as store:
        first = store.write_batch(store.begin_run("test", []), [rows, reject])
        before = _counts(store)
        second = store.write_batch(store.begin_run("test", []), [rows, rows, reject])
        assert (first.stored, second.stored, second.skipped) == (1, 0, 2)
        assert _counts(store) == before
        assert before["documents"] == 1 and before["events"] == 1 and before["rejected"] == 1


def test_a_changed_page_at_the_same_url_is_a_new_version(tmp_path: Path) -> None:
    url = "https://a.example/live"
    first = analysis("Iran and Pakistan met.", [], origin=url, published="2024-08-03")
    second = analysis("Iran and Pakistan met; talks continue.", [], origin=url, published="2024-08-03")
    with _store(tmp_path) as store:
        store.write_batch(store.begin_run("test", []), [analysis_to_rows(first)])
        store.write_batch(store.begin_run("test", []), [analysis_to_rows(second), analysis_to_rows(first)])
        versions = store.con.execute("SELECT version, text FROM documents ORDER BY version").fetchall()
    assert versions == [(1, "Iran and Pakistan met."), (2, "Iran and Pakistan met; talks continue.")]


def test_replace_swaps_a_documents_rows_and_keeps_its_version(tmp_path: Path) -> None:
    old = agreement("https://a.example/1", "2024-08-03")
    new = analysis(old.document.text, [], origin=old.document.origin, published="2024-08-03", stamp="dyad newer")
    with _store(tmp_path) as store:
        store.write_batch(store.begin_run("test", []), [analysis_to_rows(old)])
        result = store.write_batch(store.begin_run("test", []), [analysis_to_rows(new)], replace=True)
        assert result.replaced == 1
        assert store.con.execute("SELECT version, pipeline, n_events FROM documents").fetchall() == [
            (1, "dyad newer", 0)]
        assert store.con.execute("SELECT count(*) FROM events").fetchone()[0] == 0


def test_a_second_writer_process_gets_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "busy.duckdb"
    Store(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from dyad.store import Store; s = Store(sys.argv[1]); "
                               "print('ready', flush=True); time.sleep(60)", str(path)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError, match=rf"in use by PID {holder.pid} \(`python[0-9.]* -c import sys"):
            Store(path)
    finally:
        holder.kill()
        holder.wait()


def test_read_only_stores_refuse_writes(tmp_path: Path) -> None:
    _store(tmp_path).close()
    with open_store(tmp_path / "dyad.duckdb") as store, pytest.raises(StoreError, match="only SELECT"):
        store.query("DELETE FROM documents")


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_export_then_load_gives_the_same_rows(tmp_path: Path, fmt: str) -> None:
    analyses = [agreement("https://a.example/1", "2024-08-03"),
                agreement("https://b.example/2", "2024-08-04", order=("PAK", "IRN"), date="2024-08-03"),
                analysis("Pakistan accused India of shelling.", [event(
                    "ACCUSE", ["PAK"], ["IND"], "Pakistan accused India of shelling.", date="2024-08-05", quad=3,
                    goldstein=-2.0)], origin="https://c.example/3", published="2024-08-05")]
    with Store(tmp_path / "a.duckdb") as source:
        source.write_batch(source.begin_run("test", []), [analysis_to_rows(a) for a in analyses]
                           + [Rejected("x.bin", "unreadable")])
        source.recluster()
        written = source.export(tmp_path / "out", fmt)
        expected = {t: source.trusted_query(f"SELECT * FROM {t} ORDER BY ALL")
                    .drop(columns=["version", "run", "ingested_at"], errors="ignore") for t in TABLES}
        clusters = source.trusted_query("SELECT cluster, reports FROM event_clusters ORDER BY ALL")
    events = read_export(written["events"])
    assert list(events.columns) == columns("events")
    assert len(events) == 3
    with Store(tmp_path / "b.duckdb") as target:
        counts = target.load(tmp_path / "out")
        assert (counts["documents"], counts["events"], counts["rejected"]) == (3, 3, 1)
        for table in TABLES:
            got = target.trusted_query(f"SELECT * FROM {table} ORDER BY ALL").drop(
                columns=["version", "run", "ingested_at"], errors="ignore")
            pd.testing.assert_frame_equal(got, expected[table])
        pd.testing.assert_frame_equal(target.trusted_query("SELECT cluster, reports FROM event_clusters ORDER BY ALL"),
                                      clusters)
        again = target.load(tmp_path / "out")
        assert (again["documents"], again["skipped"]) == (0, 3)


def test_csv_and_jsonl_exports_flatten_lists(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        store.write_batch(store.begin_run("test", []), [analysis_to_rows(agreement("https://a.example/1",
                                                                                    "2024-08-03"))])
        csv_files = store.export(tmp_path / "csv", "csv")
        jsonl_files = store.export(tmp_path / "jsonl", "jsonl")
    row = pd.read_csv(csv_files["events"]).iloc[0]
    assert row["source_countries"] == "IRN; PAK" and row["type"] == "AGREE"  # the documented separator
    assert pd.read_json(jsonl_files["events"], lines=True).iloc[0]["source_countries"] == ["IRN", "PAK"]


def test_load_reads_the_spark_executors_partitioned_layout(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from dyad.store.rows import arrow_schema

    out = tmp_path / "spark-out"
    analyses = {"2024-08": agreement("https://a.example/1", "2024-08-03"),
                "2024-09": agreement("https://b.example/2", "2024-09-01", date="2024-09-01")}
    for month, item in analyses.items():
        for table, rows in analysis_to_rows(item).items():
            folder = out / table / f"month={month}"
            folder.mkdir(parents=True, exist_ok=True)
            pq.write_table(pa.Table.from_pylist(rows, schema=arrow_schema(table)), folder / "part-00000.parquet")
    (out / "rejected").mkdir()
    pq.write_table(pa.table({"origin": ["bad.warc"], "reason": ["not a WARC file"]}), out / "rejected" / "part-0.parquet")
    with _store(tmp_path) as store:
        counts = store.load(out)
        assert (counts["documents"], counts["events"], counts["rejected"], counts["clusters"]) == (2, 2, 1, 2)
        assert store.trusted_query("SELECT count(*) AS n FROM event_actors")["n"][0] == 4


def _clusters(store: Store) -> dict[str, dict[str, object]]:
    """Every cluster row (but its stamp) with its members, by cluster id."""
    frame = store.con.execute(
        "SELECT c.* EXCLUDE (pipeline), (SELECT list(m.doc || ':' || m.event ORDER BY m.doc, m.event) "
        "FROM cluster_members m WHERE m.cluster = c.cluster) AS members FROM event_clusters c").df()
    return {row["cluster"]: {k: (list(v) if hasattr(v, "tolist") else v) for k, v in row.items()}
            for row in frame.to_dict("records")}


def test_refresh_clusters_reclusters_only_the_groups_a_batch_touched(tmp_path: Path) -> None:
    grouped: list[list[str]] = []

    def counted(group: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        grouped.append(sorted(f"{e['doc']}:{e['event']}" for e in group))
        return cluster_events(group)

    shelling = "Pakistan accused India of shelling the border."
    accusation = analysis(shelling, [event("ACCUSE", ["PAK"], ["IND"], shelling, date="2024-08-02", quad=3,
                                           goldstein=-2.0)], origin="https://b.example/1", published="2024-08-02")
    second = agreement("https://c.example/1", "2024-08-03")
    with _store(tmp_path) as store:
        store.write_batch(store.begin_run("A", []), [analysis_to_rows(agreement("https://a.example/1", "2024-08-03")),
                                                     analysis_to_rows(accusation)])
        assert store.refresh_clusters(counted) == 2 and len(grouped) == 2
        before = _clusters(store)
        grouped.clear()
        assert store.refresh_clusters(counted) == 2 and grouped == []  # nothing changed, nothing reclustered

        store.write_batch(store.begin_run("B", []), [analysis_to_rows(second)])
        assert store.refresh_clusters(counted) == 2
        after = _clusters(store)
        assert len(grouped) == 1 and len(grouped[0]) == 2  # the agreement's group, with both its reports
        untouched = {c for c, row in before.items() if row["type"] == "ACCUSE"}
        assert len(untouched) == 1 and {c: after[c] for c in untouched} == {c: before[c] for c in untouched}
        (agreed,) = (row for row in after.values() if row["type"] == "AGREE")
        assert agreed["reports"] == 2 and len(agreed["members"]) == 2
        store.refresh_clusters(cluster_events, everything=True)
        assert _clusters(store) == after  # the same clusters as clustering everything again

        # Re-analysed, the second article reports another event: its old cluster loses it, a new group gains it.
        grouped.clear()
        text = second.document.text
        again = analysis(text, [event("ACCUSE", ["IRN"], ["PAK"], text, date="2024-08-03", quad=3)],
                         origin="https://c.example/1", published="2024-08-03")
        store.write_batch(store.begin_run("reanalyze", []), [analysis_to_rows(again)], replace=True)
        assert store.refresh_clusters(counted) == 3
        assert sorted(map(len, grouped)) == [1, 1]  # the agreement (one report left) and the new accusation
        refreshed = _clusters(store)
        assert {c: refreshed[c] for c in untouched} == {c: before[c] for c in untouched}
        (agreed,) = (row for row in refreshed.values() if row["type"] == "AGREE")
        assert agreed["reports"] == 1 and agreed == before[agreed["cluster"]]
        store.refresh_clusters(cluster_events, everything=True)
        assert _clusters(store) == refreshed
