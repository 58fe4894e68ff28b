"""The Python API: dyad.analyse for one page, dyad.open for a store."""

from __future__ import annotations

import inspect
import typing
from pathlib import Path

import pytest
from shared_data import SEED

import dyad
from dyad.filters import FilterError
from dyad.ingest import Columns
from dyad.store import StoreError, analysis_to_rows
from dyad.stores import ReadOnlyStore, Store


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


def test_the_api_is_visible_to_tools() -> None:
    import dyad.model

    listed = dir(dyad)
    assert {"analyse", "open", "Analysis", "Event", "EventType", "Modality", "ReadOnlyStore", "FilterError"} <= set(
        listed)
    assert set(listed) == set(dyad.__all__)
    for name in dyad.__all__:  # every listed name resolves (lazily or not)
        assert getattr(dyad, name) is not None, name
    hints = typing.get_type_hints(dyad.model.Event)
    assert typing.get_args(hints["type"]) == dyad.EVENT_TYPES and typing.get_args(hints["modality"]) == dyad.MODALITIES
    assert dyad.Event is dyad.model.Event


def test_store_queries_take_named_typed_parameters() -> None:
    for method in ("documents", "events", "actors", "clusters", "dyad"):
        function = getattr(ReadOnlyStore, method)
        parameters = inspect.signature(function).parameters.values()
        assert all(p.kind is not p.VAR_KEYWORD for p in parameters), method
        hints = typing.get_type_hints(function)
        assert set(hints) >= {p.name for p in parameters if p.name != "self"} and function.__doc__, method
    assert "limit" in inspect.signature(ReadOnlyStore.events).parameters
    assert inspect.signature(ReadOnlyStore.events).parameters["limit"].default is None  # no silent cap


def _seed_store(path: Path) -> Path:
    with Store(path) as writer:
        analysis = dyad.analyse(SEED.read_text("utf-8"), origin=str(SEED), published="2025-08-02")
        writer.write_batch(writer.begin_run("test", [str(SEED)]), [analysis_to_rows(analysis)])
        writer.recluster()
    return path


def test_the_read_only_store_has_no_write_methods(tmp_path: Path) -> None:
    with dyad.open(_seed_store(tmp_path / "s.duckdb")) as store:
        assert isinstance(store, ReadOnlyStore) and not isinstance(store, Store)
        for method in ("write_batch", "begin_run", "finish_run", "recluster", "load", "migrate", "trusted_query"):
            assert not hasattr(store, method), method
    with dyad.open(tmp_path / "s.duckdb", read_only=False) as writer:
        assert hasattr(writer, "write_batch")


def test_python_filters_resolve_countries_validate_and_do_not_cap(tmp_path: Path) -> None:
    with dyad.open(_seed_store(tmp_path / "s.duckdb")) as store:
        by_code = store.events(country="IRN")
        assert len(by_code) > 0 and len(store.events(country="Iran")) == len(store.events(country="Iranian")) == len(
            by_code)
        everything = store.events()
        assert len(store.events(limit=2)) == 2 and len(everything) == store.query(
            "SELECT count(*) AS n FROM events")["n"][0]
        with pytest.raises(FilterError, match="did you mean 'Syria'"):
            store.events(country="Sirya")
        with pytest.raises(FilterError, match="did you mean ASSAULT"):
            store.events(type="ASSALT")
        for bad in ("2019-13", "yesterday", "2019-02-30"):
            with pytest.raises(FilterError, match="YYYY, YYYY-MM or YYYY-MM-DD"):
                store.events(since=bad)
        with pytest.raises(FilterError, match="limit"):
            store.events(limit=0)
        with pytest.raises(FilterError, match="until must be a date"):
            store.documents(until="2019-13")
        day = str(store.documents()["published"][0])[:10]
        assert len(store.documents(since=day[:7])) == len(store.documents(until=day[:4])) == 1  # bounds at precision
        assert store.documents(until=str(int(day[:4]) - 1)).empty


def test_query_is_sandboxed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.csv"
    secret.write_text("a,b\n1,2\n", "utf-8")
    written = tmp_path / "out.csv"
    with dyad.open(_seed_store(tmp_path / "s.duckdb")) as store:
        assert store.query("SELECT count(*) AS n FROM documents;")["n"][0] == 1
        refused = {
            f"SELECT * FROM read_csv('{secret}')": "file system operations are disabled",
            f"SELECT * FROM '{secret}'": "file system operations are disabled",
            f"COPY documents TO '{written}'": "only SELECT",
            f"ATTACH '{tmp_path / 'x.duckdb'}' AS x": "only SELECT",
            "SET enable_external_access = true": "only SELECT",
            "SELECT 1; SELECT 2": "exactly one SQL statement",
            "DELETE FROM documents": "only SELECT",
        }
        for sql, reason in refused.items():
            with pytest.raises(StoreError, match=reason):
                store.query(sql)
        assert not written.exists() and not (tmp_path / "x.duckdb").exists()
        assert len(store.export(tmp_path / "export")) > 0  # the sandbox leaves the store's own exports working


def test_a_writable_store_sends_untrusted_sql_to_the_sandbox_and_its_own_to_trusted_query(tmp_path: Path) -> None:
    with dyad.open(_seed_store(tmp_path / "s.duckdb"), read_only=False) as writer:
        with pytest.raises(StoreError, match="open the store read-only"):
            writer.query("SELECT count(*) FROM documents")
        assert writer.trusted_query("SELECT count(*) AS n FROM documents")["n"][0] == 1


def test_read_maps_record_fields_with_columns() -> None:
    table = "ident,body\nr1,Iran and Pakistan signed a trade agreement.\n"
    (doc,) = dyad.read(table, columns=Columns(text="body", id="ident"))
    assert isinstance(doc, dyad.Document) and (doc.id, doc.format) == ("r1", "csv")
