"""The flattened row layout shared by the store, exports and the Spark executor."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from dyad.model import (
    Actor,
    ActorRef,
    Analysis,
    Document,
    Event,
    Evidence,
    Figure,
    Heading,
    Location,
    Mention,
    Teaser,
)
from dyad.store import Store
from dyad.store.rows import TABLES, analysis_to_rows, arrow_schema, columns, rows_to_document


def _analysis() -> Analysis:
    text = "Iran and Pakistan agreed to expand trade. Pakistan accused India of shelling."
    doc = Document(id="a1", origin="https://example.org/a", text=text, published="2024-08-03",
                   teasers=[Teaser("Other story", url="https://example.org/b")])
    agree = Event(type="AGREE", evidence=Evidence(text[:41], 0, 41, "agreed", 18, 24),
                  source=[ActorRef("dyad:IRN", "Iran", "IRN"), ActorRef("dyad:PAK", "Pakistan", "PAK")],
                  location=Location("Islamabad", "PAK"), quad_class=1, goldstein=3.0)
    accuse = Event(type="ACCUSE", evidence=Evidence(text[42:], 42, len(text)),
                   source=[ActorRef("dyad:PAK", "Pakistan", "PAK")], target=[ActorRef("dyad:IND", "India", "IND")])
    return Analysis(document=doc, events=[agree, accuse], pipeline="dyad 0.1.0+ktest",
                    actors=[Actor("dyad:IRN", "Iran", "state", "IRN", mentions=[(0, 4)])],
                    mentions=[Mention(0, 4, "Iran", ["dyad:IRN"])],
                    figures=[Figure("10%", 10.0, "percent", Evidence(text[:41], 0, 41))])


def test_every_row_has_every_column_and_the_stamp() -> None:
    rows = analysis_to_rows(_analysis())
    assert set(rows) == set(TABLES)
    for table, table_rows in rows.items():
        for row in table_rows:
            assert list(row) == columns(table)
            assert row["pipeline"] == "dyad 0.1.0+ktest"


def test_events_flatten_actors_and_keep_joint_sources() -> None:
    rows = analysis_to_rows(_analysis())
    agree, accuse = rows["events"]
    assert agree["joint"] and agree["source_countries"] == ["IRN", "PAK"] and agree["target_countries"] == []
    assert not accuse["joint"] and accuse["target_countries"] == ["IND"]
    assert agree["location_name"] == "Islamabad" and agree["event_id"].endswith(":0")
    roles = [(r["event"], r["role"], r["country"]) for r in rows["event_actors"]]
    assert roles == [(0, "source", "IRN"), (0, "source", "PAK"), (1, "source", "PAK"), (1, "target", "IND")]


def test_rows_fit_the_arrow_schema() -> None:
    rows = analysis_to_rows(_analysis())
    for table in TABLES:
        arrow = pa.Table.from_pylist(rows[table], schema=arrow_schema(table))
        assert arrow.column_names == columns(table)
        assert arrow.num_rows == len(rows[table])


def test_a_document_survives_rows_and_the_store_both_ways(tmp_path: Path) -> None:
    document = Document(id="a1", origin="https://example.org/a", text="Iran and Pakistan agreed.\nMore text.",
                        title="Trade", site="example.org", author="A. Writer", published="2024-08-03",
                        published_source="metadata", language="en", format="html",
                        headings=[Heading("Trade", 26, 26)],
                        teasers=[Teaser("Other story", url="https://example.org/b"), Teaser("Third", "Its summary")],
                        truncated_from=90_000, warnings=["text cut to its budget"])
    rows = analysis_to_rows(Analysis(document=document, pipeline="dyad 0.1.0+ktest"))
    assert rows_to_document(rows) == document
    with Store(tmp_path / "dyad.duckdb") as store:
        store.write_batch(store.begin_run("test", []), [rows])
        assert [rows_to_document(r) for r in store.document_rows([document.digest, "unknown"])] == [document]
