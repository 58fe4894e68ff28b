"""The Python API: dyad.analyse for one page, dyad.open for a store."""

from __future__ import annotations

from pathlib import Path

import pytest
from shared_data import SEED

import dyad
from dyad.store import StoreError, analysis_to_rows
from dyad.store.db import Store


def test_analyse_returns_typed_records() -> None:
    analysis = dyad.analyse(SEED.read_text("utf-8"), origin="seed.txt")
    assert analysis.document.title.startswith("Iranian President in Pakistan")
    assert any(e.type == "CONSULT" and e.modality == "planned" for e in analysis.events)
    assert {a.country for a in analysis.actors} >= {"IRN", "PAK", "ISR", "IND", "USA"}


def test_analyse_takes_the_publication_date_from_the_caller(tmp_path: Path) -> None:
    text = "Syria withdrawal\n\nIn December Trump announced the withdrawal of US troops from Syria.\n"
    undated = dyad.analyse(text)
    assert (undated.document.published, undated.document.published_source) == (None, "none: no trusted date evidence")
    given = dyad.analyse(text, published="2019-04-12")
    assert (given.document.published, given.document.published_source) == ("2019-04-12", "given")
    assert [(e.date, e.date_start, e.date_end) for e in given.events if e.date] == [
        ("2018-12", "2018-12-01", "2018-12-31")]
    named = dyad.analyse(text, origin=str(tmp_path / "2019-04-12-syria.txt"), published_from="filename")
    assert (named.document.published, named.document.published_source) == ("2019-04-12", "filename")
    with pytest.raises(ValueError, match="YYYY"):
        dyad.analyse(text, published="April 2019")


def test_analyse_explains_unreadable_input() -> None:
    with pytest.raises(ValueError, match="empty input"):
        dyad.analyse(b"   ")


def test_open_gives_the_store_queries_as_dataframes(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    writer = Store(str(path), read_only=False)
    run = writer.begin_run("test", [str(SEED)])
    writer.write_batch(run, [analysis_to_rows(dyad.analyse(SEED.read_text("utf-8"), origin=str(SEED)))])
    writer.finish_run(run, "done", {"documents": 1, "stored": 1, "skipped": 0, "events": 0, "rejected": 0})
    writer.close()
    store = dyad.open(path)
    try:
        events = store.events()
        assert len(events) > 10 and {"type", "modality"} <= set(events.columns)
        assert len(store.documents()) == 1
    finally:
        store.close()


def test_open_a_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        dyad.open(tmp_path / "missing.duckdb")
