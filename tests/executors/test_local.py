"""The local executor: idempotent, ordered, bounded, and resumable after a real ``kill -9``."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dyad.executors.local import LocalExecutor, estimate_total, ingest, reanalyze
from dyad.ingest import read_paths
from dyad.model import Analysis, Document
from dyad.store import TABLES, Store, analysis_to_rows

_PAIRS = [("Iran", "Pakistan"), ("India", "Pakistan"), ("Iran", "Iraq"), ("Saudi Arabia", "Iran"),
          ("Afghanistan", "Pakistan"), ("Israel", "Lebanon")]
_VERBS = ["signed an agreement on border trade", "held talks on energy cooperation",
          "accused each other of violating the ceasefire", "agreed to reopen the border crossing"]


def _corpus(path: Path, count: int) -> Path:
    """A JSON Lines corpus of short dated reports, with a duplicate and an unreadable record."""
    lines = []
    for i in range(count):
        a, b = _PAIRS[i % len(_PAIRS)]
        day = 1 + i % 27
        text = (f"{a} and {b} {_VERBS[i % len(_VERBS)]} on March {day}, 2024. "
                f"Officials from {a} said the meeting in the capital of {b} was constructive (report {i}).")
        lines.append(json.dumps({"id": f"r{i}", "text": text, "date": f"2024-03-{day + 1:02d}",
                                 "url": f"https://news.example/{i}"}))
    lines.append(lines[0])
    lines.append('{"id": "broken", "text": ""}')
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def _snapshot(db: Path) -> dict[str, pd.DataFrame]:
    """Every stored row except the columns that say when and in which run it was written."""
    with Store(db, read_only=True) as store:
        tables = [*TABLES, "event_clusters", "cluster_members", "rejected"]
        return {t: store.query(f"SELECT * FROM {t} ORDER BY ALL").drop(
            columns=["run", "ingested_at", "seen_at"], errors="ignore") for t in tables}


def _assert_same(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> None:
    for table in a:
        pd.testing.assert_frame_equal(a[table], b[table], obj=table)


def test_ingest_twice_stores_once(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "c.jsonl", 12)
    db = tmp_path / "dyad.duckdb"
    with Store(db) as store:
        first = ingest(store, [str(corpus)])
    before = _snapshot(db)
    with Store(db) as store:
        second = ingest(store, [str(corpus)])
        runs = store.trusted_query("SELECT status, stored, skipped FROM runs ORDER BY run").values.tolist()
    assert (first.stored, first.skipped, first.rejected, first.total) == (12, 1, 1, 14)
    assert (second.stored, second.skipped, second.rejected) == (0, 13, 1)
    assert first.events > 0 and first.reasons == {"record has no non-empty 'text' (or 'html') field": 1}
    assert runs == [["done", 12, 1], ["done", 0, 13]]
    _assert_same(before, _snapshot(db))


_KILLED = textwrap.dedent("""
    import sys, time
    from dyad.executors.local import analyse_rows, ingest
    from dyad.store import Store

    def slow(document):
        time.sleep(0.1)
        return analyse_rows(document)

    with Store(sys.argv[1]) as store:
        ingest(store, [sys.argv[2]], batch_size=4, analyse=slow,
               progress=lambda s: print(s.committed, flush=True))
""")


@pytest.mark.slow
def test_kill_9_mid_ingest_loses_nothing_and_a_rerun_completes_the_job(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "c.jsonl", 40)
    clean, crashed = tmp_path / "clean.duckdb", tmp_path / "crashed.duckdb"
    with Store(clean) as store:
        ingest(store, [str(corpus)], batch_size=4)
    script = tmp_path / "killed.py"
    script.write_text(_KILLED, "utf-8")
    proc = subprocess.Popen([sys.executable, str(script), str(crashed), str(corpus)], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None
    committed = 0
    for line in proc.stdout:
        committed = int(line)
        if committed >= 8:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait()
    assert proc.returncode == -signal.SIGKILL and 8 <= committed < 40
    with Store(crashed) as store:
        kept = store.trusted_query("SELECT count(*) AS n FROM documents")["n"][0]
        assert kept >= committed
        resumed = ingest(store, [str(corpus)], batch_size=4)
        statuses = store.trusted_query("SELECT status FROM runs ORDER BY run")["status"].tolist()
    assert statuses == ["interrupted", "done"]
    assert resumed.stored == 40 - kept
    _assert_same(_snapshot(clean), _snapshot(crashed))


@pytest.mark.slow
def test_the_pool_keeps_input_order_and_a_bounded_window(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "c.jsonl", 16)
    documents = [d for d in read_paths([str(corpus)]) if isinstance(d, Document)]
    pulled = 0

    def source() -> Iterator[Document]:
        nonlocal pulled
        for document in documents:
            pulled += 1
            yield document

    executor = LocalExecutor(workers=2, window=4)
    got = []
    for rows in executor.map(source()):
        assert pulled - len(got) <= executor.window
        got.append(rows)
    in_process = list(LocalExecutor(workers=0).map(documents))
    assert [r["documents"][0]["doc"] for r in got] == [d.digest for d in documents]
    assert got == in_process


def test_estimate_total_counts_pages_and_json_lines(tmp_path: Path) -> None:
    _corpus(tmp_path / "a.jsonl", 3)  # 5 lines
    (tmp_path / "page.html").write_text("<p>x</p>", "utf-8")
    assert estimate_total([str(tmp_path)]) == 6
    (tmp_path / "b.warc.gz").write_bytes(b"")
    assert estimate_total([str(tmp_path)]) is None
    rows = tmp_path / "rows"
    rows.mkdir()
    (rows / "c.csv").write_text('text\n"two\nlines"\n', "utf-8")  # one row, two lines: not countable by lines
    assert estimate_total([str(rows)]) is None
    table = tmp_path / "table"
    table.mkdir()
    pq.write_table(pa.table({"text": ["one", "two", "three"]}), table / "t.parquet")
    assert estimate_total([str(table)]) == 3  # the rows in the footer


def test_reanalyze_drops_publication_dates_taken_from_the_body(tmp_path: Path) -> None:
    text = "Profile: Gordon Brown\n\nGordon Brown was born on 20 February 1951 in Giffnock."
    guessed = Document(id="", origin="brown.txt", text=text, published="1951-02-20", published_source="inferred")
    given = Document(id="", origin="other.txt", text="Talks resumed.", published="2005-03-01", published_source="given")
    with Store(tmp_path / "s.duckdb") as store:
        store.write_batch(store.begin_run("test", []), [analysis_to_rows(Analysis(document=d, pipeline="old"))
                                                         for d in (guessed, given)])
        seen: dict[str, tuple[str | None, str | None]] = {}

        def analyse(document: Document) -> dict:
            seen[document.origin] = (document.published, document.published_source)
            return analysis_to_rows(Analysis(document=document, pipeline="new"))

        reanalyze(store, analyse=analyse)
    assert seen == {"brown.txt": (None, None), "other.txt": ("2005-03-01", "given")}
