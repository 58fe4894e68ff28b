"""The store commands end to end: ingest, dyad, actors, events, query, export, load, reanalyze, migrate."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from shared_data import SEED
from typer.testing import CliRunner

from dyad.cli import app
from dyad.model import Actor, ActorRef, Analysis, Document, Event, Evidence
from dyad.store import analysis_to_rows
from dyad.stores import ReadOnlyStore, Store
from dyad.version import pipeline_stamp

runner = CliRunner()


def _stored(db: Path) -> Path:
    """A store holding one hand-built Iran–Pakistan report, stamped by an older pipeline."""
    sentence = "Iran and Pakistan signed a trade agreement in Islamabad on Saturday."
    refs = [ActorRef("dyad:IRN", "Iran", "IRN"), ActorRef("dyad:PAK", "Pakistan", "PAK")]
    analysis = Analysis(document=Document(id="", origin="https://a.example/1", text=sentence, published="2024-08-03"),
                        events=[Event("AGREE", Evidence(sentence, 0, len(sentence)), source=refs, date="2024-08-03",
                                      date_precision="day", quad_class=1, goldstein=3.0)],
                        actors=[Actor("dyad:IRN", "Iran", "state", "IRN", mentions=[(0, 4)])], pipeline="dyad 0.0.1")
    with Store(db) as store:
        store.write_batch(store.begin_run("test", []), [analysis_to_rows(analysis)])
        store.recluster()
    return db


def test_ingest_prints_a_json_summary_and_is_idempotent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DYAD_DB", str(tmp_path / "env.duckdb"))
    result = runner.invoke(app, ["ingest", str(SEED), "--workers", "0", "--json", "--quiet"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["stored"], summary["documents"], summary["rejected"]) == (1, 1, 0)
    assert summary["pipeline"] == pipeline_stamp() and (tmp_path / "env.duckdb").exists()
    again = runner.invoke(app, ["ingest", str(SEED), "--workers", "0", "--quiet"])
    assert again.exit_code == 0 and again.output == ""


def test_ingest_explains_user_errors(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["ingest", str(tmp_path / "nope"), "--db", str(tmp_path / "d.duckdb")])
    assert missing.exit_code == 2 and "no such file or directory" in missing.stderr
    db = tmp_path / "busy.duckdb"
    Store(db).close()
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; from dyad.store import Store; "
                               "s = Store(sys.argv[1]); print('ready', flush=True); time.sleep(60)", str(db)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        busy = runner.invoke(app, ["ingest", str(SEED), "--db", str(db), "--workers", "0"])
    finally:
        holder.kill()
        holder.wait()
    assert busy.exit_code == 2 and f"in use by PID {holder.pid} (`python" in busy.stderr
    assert "Traceback" not in busy.output


def test_dyad_accepts_names_and_codes_in_every_format(tmp_path: Path) -> None:
    db = str(_stored(tmp_path / "dyad.duckdb"))
    table = runner.invoke(app, ["dyad", "Iran", "Pakistan", "--db", db, "--by", "month"])
    assert table.exit_code == 0 and "IRN – PAK" in table.stdout and "2024-08" in table.stdout
    rows = json.loads(runner.invoke(app, ["dyad", "PAK", "IRN", "--db", db, "-f", "json"]).stdout)
    assert rows[0]["period"] == "2024-08" and rows[0]["verbal_cooperation"] == 1
    assert rows[0]["evidence"][0]["sentence"].startswith("Iran and Pakistan signed")
    csv_out = runner.invoke(app, ["dyad", "IR", "PK", "--db", db, "-f", "csv", "--by", "day"]).stdout
    assert csv_out.splitlines()[0].startswith("period,modality,events,reports") and "2024-08-03" in csv_out
    unknown = runner.invoke(app, ["dyad", "Atlantis", "PAK", "--db", db])
    assert unknown.exit_code == 2 and "Atlantis" in unknown.stderr


def test_actors_events_and_read_only_query(tmp_path: Path) -> None:
    db = str(_stored(tmp_path / "dyad.duckdb"))
    actors = json.loads(runner.invoke(app, ["actors", "--db", db, "--country", "Iran", "-f", "json"]).stdout)
    assert [(a["actor"], a["documents"]) for a in actors] == [("dyad:IRN", 1)]
    events = json.loads(runner.invoke(app, ["events", "--db", db, "--type", "agree", "-f", "json"]).stdout)
    assert events[0]["source_countries"] == ["IRN", "PAK"] and events[0]["reports"] == 1
    count = runner.invoke(app, ["query", "SELECT count(*) AS n FROM events", "--db", db, "-f", "csv"])
    assert count.stdout.splitlines() == ["n", "1"]
    write = runner.invoke(app, ["query", "DELETE FROM events", "--db", db])
    assert write.exit_code == 2 and "only SELECT" in write.stderr
    leak = runner.invoke(app, ["query", f"COPY events TO '{tmp_path / 'x.csv'}'", "--db", db])
    assert leak.exit_code == 2 and not (tmp_path / "x.csv").exists()
    missing = runner.invoke(app, ["events", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 2 and "no such store" in missing.stderr


def test_dyad_direction_and_modality_options(tmp_path: Path) -> None:
    db = str(_stored(tmp_path / "dyad.duckdb"))
    directed = runner.invoke(app, ["dyad", "Iran", "Pakistan", "--db", db, "--direction", "b-to-a"])
    assert directed.exit_code == 0 and "IRN ← PAK" in directed.stdout and "2024-08" in directed.stdout  # joint
    planned = runner.invoke(app, ["dyad", "Iran", "Pakistan", "--db", db, "--modality", "planned"])
    assert planned.exit_code == 0 and "no events between IRN and PAK" in planned.stdout
    rows = json.loads(runner.invoke(app, ["dyad", "IRN", "PAK", "--db", db, "--modality", "all", "-f", "json"]).stdout)
    assert [(r["modality"], r["events"]) for r in rows] == [("asserted", 1), ("planned", 0), ("expected", 0),
                                                            ("proposed", 0), ("hypothetical", 0), ("negated", 0)]
    months = json.loads(runner.invoke(app, ["dyad", "IRN", "PAK", "--db", db, "--since", "2024-07", "--until",
                                            "2024-09", "-f", "json"]).stdout)
    assert [(r["period"], r["events"]) for r in months] == [("2024-07", 0), ("2024-08", 1), ("2024-09", 0)]


@pytest.mark.parametrize(("args", "message"), [
    (["events", "--type", "ASSALT"], "did you mean ASSAULT"),
    (["events", "--modality", "planed"], "did you mean planned"),
    (["events", "--since", "2019-13"], "since must be a date as YYYY, YYYY-MM or YYYY-MM-DD"),
    (["events", "--since", "yesterday"], "since must be a date"),
    (["events", "--since", "2020", "--until", "2019"], "since 2020 is after until 2019"),
    (["events", "--country", "Sirya"], "did you mean 'Syria'"),
    (["actors", "--country", "Sirya"], "did you mean 'Syria'"),
    (["dyad", "IRN", "PAK", "--since", "2019-13"], "since must be a date"),
    (["dyad", "IRN", "PAK", "--modality", "planed"], "did you mean planned"),
    (["dyad", "Iran", "IRN"], "two different countries"),
    (["dyad", "IRN", "PAK", "--direction", "sideways"], "sideways"),
])
def test_bad_filters_exit_non_zero_with_the_reason(tmp_path: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, [*args, "--db", str(_stored(tmp_path / "dyad.duckdb"))])
    assert result.exit_code == 2 and message in result.stderr, result.output


def test_lists_say_when_rows_are_left_out(tmp_path: Path) -> None:
    db = str(_stored(tmp_path / "dyad.duckdb"))
    with Store(db) as store:
        store.trusted_query("INSERT INTO events SELECT * REPLACE (event + 1 AS event) FROM events")
    capped = runner.invoke(app, ["events", "--db", db, "--limit", "1", "-f", "json"])
    assert capped.exit_code == 0 and len(json.loads(capped.stdout)) == 1
    assert "showing the first 1 rows; there are more" in capped.stderr
    whole = runner.invoke(app, ["events", "--db", db, "--limit", "2", "-f", "json"])
    assert len(json.loads(whole.stdout)) == 2 and "there are more" not in whole.stderr


def test_query_runs_one_statement_and_writes_no_files(tmp_path: Path) -> None:
    db = _stored(tmp_path / "dyad.duckdb")
    spill = Path(f"{db}.tmp")  # DuckDB's default temp_directory for this file, used whenever it exists
    spill.mkdir()
    several = runner.invoke(app, ["query", "SELECT 1 AS a; SELECT 2 AS b", "--db", str(db)])
    assert several.exit_code == 2 and "exactly one SQL statement" in several.stderr
    setting = runner.invoke(app, ["query", "SELECT current_setting('temp_directory') AS t, count(*) AS n "
                                           "FROM events, range(1000)", "--db", str(db), "-f", "json"])
    assert setting.exit_code == 0 and json.loads(setting.stdout) == [{"t": "", "n": 1000}]
    with ReadOnlyStore(db) as store:
        assert store.con.execute("SELECT current_setting('temp_directory')").fetchone() == ("",)
    assert list(spill.iterdir()) == []


def test_export_load_and_reanalyze(tmp_path: Path) -> None:
    db = str(_stored(tmp_path / "dyad.duckdb"))
    exported = runner.invoke(app, ["export", "--db", db, "--format", "parquet", "--out", str(tmp_path / "out")])
    assert exported.exit_code == 0 and (tmp_path / "out" / "events.parquet").exists()
    copy = str(tmp_path / "copy.duckdb")
    loaded = json.loads(runner.invoke(app, ["load", str(tmp_path / "out"), "--db", copy, "--json"]).stdout)
    assert (loaded["documents"], loaded["events"]) == (1, 1)
    redone = runner.invoke(app, ["reanalyze", "--db", copy, "--workers", "0", "--json"])
    assert redone.exit_code == 0, redone.output
    assert json.loads(redone.stdout)["replaced"] == 1
    with Store(copy, read_only=True) as store:
        assert store.query("SELECT DISTINCT pipeline FROM documents")["pipeline"].tolist() == [pipeline_stamp()]
    nothing = json.loads(runner.invoke(app, ["reanalyze", "--db", copy, "--workers", "0", "--json"]).stdout)
    assert nothing["replaced"] == 0
    assert runner.invoke(app, ["migrate", "--db", copy]).exit_code == 0


def test_load_and_export_explain_bad_directories(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    (tmp_path / "other").mkdir()
    pq.write_table(pa.table({"x": [1]}), tmp_path / "other" / "documents.parquet")
    bad = runner.invoke(app, ["load", str(tmp_path / "other"), "--db", str(tmp_path / "d.duckdb")])
    assert bad.exit_code == 2 and "not an export in dyad's rows layout" in bad.stderr
    empty = runner.invoke(app, ["load", str(tmp_path), "--db", str(tmp_path / "d.duckdb")])
    assert empty.exit_code == 2 and "no documents.parquet" in empty.stderr
    assert not list(tmp_path.glob("d.duckdb*"))  # neither failed load left a store file behind
    Store(tmp_path / "d.duckdb").close()
    (tmp_path / "file").write_text("x", "utf-8")
    blocked = runner.invoke(app, ["export", "--out", str(tmp_path / "file" / "out"), "--db", str(tmp_path / "d.duckdb")])
    assert blocked.exit_code == 2 and "cannot write" in blocked.stderr


def test_ingest_executor_spark_needs_an_output_directory(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(SEED), "--executor", "spark", "--db", str(tmp_path / "s.duckdb")])
    assert result.exit_code == 2 and "--out" in result.output


@pytest.mark.spark
@pytest.mark.slow
def test_ingest_executor_spark_writes_parquet_that_load_stores(tmp_path: Path) -> None:
    out = tmp_path / "parquet"
    subprocess.run([sys.executable, "-m", "dyad", "ingest", str(SEED), "--executor", "spark",
                    "--master", "local[1]", "--out", str(out), "--json"], check=True, capture_output=True, text=True,
                   timeout=300)
    db = tmp_path / "s.duckdb"
    result = runner.invoke(app, ["load", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    with Store(db, read_only=True) as store:
        assert len(store.documents()) == 1 and len(store.events()) > 10


def test_ingest_dates_documents_with_published_from(tmp_path: Path) -> None:
    page = tmp_path / "2019-04-12-syria.txt"
    page.write_text("Syria withdrawal\n\nIn December Trump announced the withdrawal of US troops from Syria.\n", "utf-8")
    db = tmp_path / "d.duckdb"
    result = runner.invoke(app, ["ingest", str(page), "--db", str(db), "--workers", "0", "--quiet",
                                 "--published-from", "filename"])
    assert result.exit_code == 0, result.output
    with Store(db, read_only=True) as store:
        assert store.con.execute("SELECT published, published_source FROM documents").fetchall() == [
            ("2019-04-12", "filename")]
        assert ("2018-12", "2018-12-01") in [(d, str(s)) for d, s in store.con.execute(
            "SELECT date, date_start FROM events").fetchall()]
    spark = runner.invoke(app, ["ingest", str(page), "--executor", "spark", "--out", str(tmp_path / "o"),
                                "--published", "2019-04-12"])
    assert spark.exit_code != 0 and "--executor local only" in spark.output


def test_ingest_reads_a_csv_through_the_column_flags(tmp_path: Path) -> None:
    table = tmp_path / "articles.csv"
    table.write_text("ident,body,pubdate\nr1,Iran and Pakistan signed a trade agreement in Lahore.,2019-04-12\n",
                     "utf-8")
    db = str(tmp_path / "c.duckdb")
    result = runner.invoke(app, ["ingest", str(table), "--db", db, "--workers", "0", "--json", "--quiet",
                                 "--text-column", "body", "--id-column", "ident", "--date-column", "pubdate"])
    assert result.exit_code == 0, result.output
    assert (json.loads(result.stdout)["stored"], json.loads(result.stdout)["rejected"]) == (1, 0)
    stored = runner.invoke(app, ["query", "SELECT id, published, format FROM documents", "--db", db, "-f", "csv"])
    assert stored.stdout.splitlines() == ["id,published,format", "r1,2019-04-12,csv"]
