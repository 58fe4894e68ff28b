"""Exports read back with their types (pandas and `dyad load`), the event layouts, and loads that fail cleanly."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from store_records import STAMP, agreement, analysis, event, ref
from typer.testing import CliRunner

from dyad.cli import app
from dyad.model import ActorRef, Analysis, Document, Event, Evidence, Location
from dyad.store import analysis_to_rows, read_export
from dyad.store.transfer import LIST_SEPARATOR, export_events, layout_columns
from dyad.stores import Store, export_labels

runner = CliRunner()
FORMATS = ["parquet", "csv", "jsonl"]

# The published headers of the datasets, for the first columns of each layout.
POLECAT = ["Event ID", "Event Date", "Event Type", "Event Mode", "Intensity", "Quad Code", "Contexts", "Actor Name",
           "Actor Country", "Actor COW", "Primary Actor Sector", "Actor Sectors", "Actor Title", "Actor Name Raw",
           "Wikipedia Actor ID", "Recipient Name", "Recipient Country", "Recipient COW", "Primary Recipient Sector",
           "Recipient Sectors", "Recipient Title", "Recipient Name Raw", "Wikipedia Recipient ID", "Placename", "City",
           "District", "Province", "Country", "Latitude", "Longitude", "GeoNames ID", "Raw Placename", "Feature Type",
           "Source", "Publication Date", "Story People", "Story Organizations", "Story Locations", "Language",
           "Version"]
ICEWS = ["Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text", "CAMEO Code",
         "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID", "Sentence Number", "Publisher",
         "City", "District", "Province", "Country", "Latitude", "Longitude"]


def visit() -> Analysis:
    """A visit (CAMEO 042, a leading zero) dated to a month, with an actor of no sector and awkward text."""
    sentence = 'Rouhani, Iran\'s president, visited Pakistan "on a two-day trip"; talks followed.'
    text = f"{sentence}\nSecond paragraph, with a comma."
    rouhani = ActorRef("dyad:person:rouhani", "Rouhani", "IRN", None)
    event = Event(type="CONSULT", mode="visit", evidence=Evidence(sentence, 0, len(sentence), "visited", 32, 39),
                  source=[rouhani, ref("IRN")], target=[ref("PAK")], date="2019-04", date_precision="month",
                  location=Location("Islamabad", "PAK", "Islamabad", 33.72, 73.04), cameo="042", quad_class=1,
                  goldstein=1.9, confidence=0.8)
    return Analysis(document=Document(id="", origin="https://news.example/visit", text=text, title="Visit, day one",
                                      published="2019-04-22", language="en", site="news.example"),
                    events=[event], pipeline=STAMP)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "source.duckdb") as opened:
        opened.write_batch(opened.begin_run("test", []), [analysis_to_rows(visit()),
                                                          analysis_to_rows(agreement("https://a.example/1",
                                                                                     "2024-08-03", date="2024")),
                                                          analysis_to_rows(analysis("Undated clash.", [event(
                                                              "ASSAULT", ["IND"], ["PAK"], "Undated clash.")]))])
        yield opened


@pytest.mark.parametrize("fmt", FORMATS)
def test_cameo_codes_stay_strings_and_dates_are_typed(store: Store, tmp_path: Path, fmt: str) -> None:
    path = store.export(tmp_path / fmt, fmt)["events"]
    frame = read_export(path)
    assert frame["cameo"].dropna().tolist() == ["042"] and str(frame["cameo"].dtype) == "string"
    dated = frame[frame["date"].notna()]
    starts = pd.to_datetime(dated.date_start)
    spans = dict(zip(dated["date"], zip(starts.dt.date.astype(str), dated.date_end.dt.date.astype(str),
                                        strict=True), strict=True))
    assert spans == {"2019-04": ("2019-04-01", "2019-04-30"), "2024": ("2024-01-01", "2024-12-31")}
    undated = frame[frame["date"].isna()]
    assert len(undated) == 1 and undated.date_start.isna().all() and undated.date_end.isna().all()
    # the documented plain-pandas readings keep the code too
    plain = {"parquet": lambda: pd.read_parquet(path), "csv": lambda: pd.read_csv(path, dtype={"cameo": "string"}),
             "jsonl": lambda: pd.read_json(path, lines=True, dtype={"cameo": "string"})}[fmt]()
    assert plain["cameo"].dropna().tolist() == ["042"]
    assert pd.to_datetime(plain.date_start).notna().sum() == 2  # the undated event is NaT


def test_parquet_and_jsonl_hold_real_lists_and_csv_the_documented_separator(store: Store, tmp_path: Path) -> None:
    parquet = store.export(tmp_path / "p", "parquet")["events"]
    schema = pq.read_schema(parquet)
    assert str(schema.field("source_sectors").type) == "list<element: string>"
    assert str(schema.field("cameo").type) == "string" and str(schema.field("date_start").type) == "date32[day]"
    rows = [json.loads(line) for line in store.export(tmp_path / "j", "jsonl")["events"].read_text("utf-8").splitlines()]
    row = next(r for r in rows if r["type"] == "CONSULT")
    assert row["source_sectors"] == [None, "GOV"] and row["cameo"] == "042" and row["third_party_actors"] == []
    csv_file = store.export(tmp_path / "c", "csv")["events"]
    raw = pd.read_csv(csv_file, dtype="string", keep_default_na=False).set_index("type").loc["CONSULT"]
    assert raw["source_countries"] == LIST_SEPARATOR.join(["IRN", "IRN"]) and raw["source_sectors"] == "; GOV"
    assert raw["third_party_actors"] == ""
    assert read_export(csv_file).set_index("type").loc["CONSULT", "source_sectors"] == [None, "GOV"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_dyad_load_reads_every_format_exactly(store: Store, tmp_path: Path, fmt: str) -> None:
    store.export(tmp_path / "out", fmt)
    result = runner.invoke(app, ["load", str(tmp_path / "out"), "--db", str(tmp_path / "copy.duckdb"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["documents"] == 3
    query = "SELECT * FROM events ORDER BY doc, event"
    with Store(tmp_path / "copy.duckdb", read_only=True) as copy:
        pd.testing.assert_frame_equal(copy.trusted_query(query), store.trusted_query(query))
        texts = copy.trusted_query("SELECT text, title FROM documents ORDER BY doc")
    assert texts.equals(store.trusted_query("SELECT text, title FROM documents ORDER BY doc"))


def test_the_csv_header_is_written_for_an_empty_result(tmp_path: Path) -> None:
    db = tmp_path / "empty.duckdb"
    Store(db).close()
    exported = Store(db, read_only=True)
    try:
        files = exported.export(tmp_path / "out", "csv")
        polecat = exported.export(tmp_path / "layout", "csv", "polecat")["polecat"]
    finally:
        exported.close()
    assert pd.read_csv(files["events"]).columns[:3].tolist() == ["doc", "event", "event_id"]
    assert pd.read_csv(polecat).columns.tolist() == [name for name, _ in layout_columns("polecat")]
    printed = runner.invoke(app, ["events", "--db", str(db), "--format", "csv"])
    assert printed.exit_code == 0, printed.output
    lines = printed.stdout.splitlines()
    assert len(lines) == 1 and "type" in lines[0].split(",")  # the header alone


@pytest.mark.parametrize(("layout", "published"), [("polecat", POLECAT), ("icews", ICEWS)])
def test_layouts_start_with_the_published_columns(layout: str, published: list[str]) -> None:
    assert [name for name, _ in layout_columns(layout)][:len(published)] == published


@pytest.mark.parametrize("layout", ["polecat", "icews", "gdelt"])
def test_every_layout_column_is_documented_with_its_source(layout: str) -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "exports.md").read_text("utf-8")
    section = doc.split(f"(`--layout {layout}`)", 1)[1].split("\n## ", 1)[0]
    for name, source in layout_columns(layout):
        assert f"| `{name}`" in section and (source is None or f"`{source}`" in section), name


@pytest.mark.parametrize("fmt", FORMATS)
def test_polecat_icews_and_gdelt_layouts(store: Store, tmp_path: Path, fmt: str) -> None:
    files = {layout: store.export(tmp_path / layout, fmt, layout)[layout] for layout in ("polecat", "icews", "gdelt")}
    polecat = read_export(files["polecat"]).set_index("Event Type").loc["CONSULT"]
    assert (polecat["Actor Name Raw"], polecat["Actor Country"], polecat["Recipient Country"]) == ("Rouhani", "IRN",
                                                                                                   "PAK")
    assert (polecat["Event Mode"], polecat["Quad Code"], polecat["Intensity"]) == ("visit", 1, 1.9)
    assert polecat["Event Date"] == pd.Timestamp("2019-04-01") and polecat["Date End"] == pd.Timestamp("2019-04-30")
    assert (polecat["CAMEO Code"], polecat["Modality"], polecat["Confidence"]) == ("042", "asserted", 0.8)
    assert polecat["Evidence Sentence"].startswith("Rouhani, Iran's") and polecat["Source"] == "news.example"
    assert list(polecat["Actor Sectors"]) == [None, "GOV"] and pd.isna(polecat["Contexts"])
    icews = read_export(files["icews"]).set_index("CAMEO Code").loc["042"]
    assert (icews["Source Country"], icews["Target Country"], icews["Event Text"]) == ("Iran", "Pakistan",
                                                                                       "Make a visit")
    assert (icews["Country"], icews["Latitude"], icews["Story ID"]) == ("Pakistan", 33.72, visit().document.digest)
    gdelt = read_export(files["gdelt"]).set_index("EventCode").loc["042"]
    assert (gdelt["SQLDATE"], gdelt["EventBaseCode"], gdelt["EventRootCode"]) == (20190401, "042", "04")
    assert (gdelt["Actor1CountryCode"], gdelt["Actor2CountryCode"], gdelt["SOURCEURL"]) == (
        "IRN", "PAK", "https://news.example/visit")


def test_dyad_export_writes_a_layout_from_a_freshly_opened_store(store: Store, tmp_path: Path) -> None:
    """Opening a store leaves a result unfetched on its connection (the schema check's fetchone), on which DuckDB
    refuses to register the layouts' lookup tables: the layouts use a cursor of their own."""
    store.close()
    result = runner.invoke(app, ["export", "--out", str(tmp_path / "out"), "--format", "csv", "--layout", "icews",
                                 "--db", str(tmp_path / "source.duckdb")])
    assert result.exit_code == 0, result.output
    assert len(read_export(tmp_path / "out" / "icews.csv")) == 3


def test_export_events_writes_chosen_events_in_their_order_as_the_export_does(store: Store, tmp_path: Path) -> None:
    exported = (store.export(tmp_path / "all", "csv", "gdelt")["gdelt"]).read_text("utf-8").splitlines()
    header, rows = exported[0], {line.split(",", 1)[0]: line for line in exported[1:]}
    chosen = sorted(rows, reverse=True)[:2]
    keys = [(event_id.rsplit(":", 1)[0], int(event_id.rsplit(":", 1)[1])) for event_id in chosen]
    assert export_events(store.con, keys, "gdelt", "csv", export_labels()).splitlines() == [header, *(rows[i] for i in chosen)]
    assert export_events(store.con, [], "gdelt", "csv", export_labels()).splitlines() == [header]
    lines = export_events(store.con, keys[:1], "gdelt", "jsonl", export_labels()).splitlines()
    assert [json.loads(line)["GLOBALEVENTID"] for line in lines] == chosen[:1]


def test_load_refuses_a_layout_export_and_leaves_no_store(store: Store, tmp_path: Path) -> None:
    store.export(tmp_path / "polecat", "csv", "polecat")
    result = runner.invoke(app, ["load", str(tmp_path / "polecat"), "--db", str(tmp_path / "new.duckdb")])
    assert result.exit_code == 2 and "--layout polecat export holds events only" in result.stderr
    assert not list(tmp_path.glob("new.duckdb*"))


def test_a_load_that_fails_half_way_leaves_no_new_store(store: Store, tmp_path: Path) -> None:
    files = store.export(tmp_path / "out", "csv")
    files["events"].write_text("doc,event\nnot,a number\n", "utf-8")  # documents load, then events fail
    result = runner.invoke(app, ["load", str(tmp_path / "out"), "--db", str(tmp_path / "new.duckdb")])
    assert result.exit_code == 2 and "not an export in dyad's rows layout" in result.stderr
    assert not list(tmp_path.glob("new.duckdb*"))


def test_stored_date_bounds_are_exported_instead_of_derived() -> None:
    import duckdb

    from dyad.store.transfer import _table_sql

    con = duckdb.connect()
    con.execute("CREATE TABLE dated (date VARCHAR, date_precision VARCHAR, date_start VARCHAR, date_end VARCHAR)")
    con.execute("INSERT INTO dated VALUES ('2025', 'year', '2025-03-01', '2025-03-31')")  # the table knows better
    row = con.execute(_table_sql(con, "dated", ["date", "date_precision"])).fetchone()
    assert [str(v) for v in row] == ["2025", "year", "2025-03-01", "2025-03-31"]
