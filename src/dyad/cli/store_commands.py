"""Commands over the store: ingest, reanalyze, load, migrate, dyad, actors, events, query, export."""

from __future__ import annotations

import csv
import json
import math
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from dyad.cli.app import (
    DateColumnOption,
    IdColumnOption,
    InputFormatOption,
    Published,
    PublishedFromOption,
    TextColumnOption,
    TitleColumnOption,
    UrlColumnOption,
    app,
)
from dyad.filters import FilterError, check_country
from dyad.store.db import DEFAULT_DB, StoreError
from dyad.store.transfer import EXPORT_LAYOUTS, LIST_SEPARATOR
from dyad.stores import ReadOnlyStore, Store

_err = Console(stderr=True)

Db = Annotated[str, typer.Option("--db", envvar="DYAD_DB", show_envvar=True,
                                 help="The store file (default: $DYAD_DB, else dyad.duckdb here).")]
Workers = Annotated[int | None, typer.Option("--workers", "-w", min=0,
                                             help="Analysis processes (0: in this process; default: one per core).")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")]
JsonSummary = Annotated[bool, typer.Option("--json", help="Print the summary as one JSON object on stdout.")]
BatchSize = Annotated[int, typer.Option(min=1, help="Documents per committed transaction.")]


class TableFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class ExportFormat(StrEnum):
    parquet = "parquet"
    csv = "csv"
    jsonl = "jsonl"


ExportLayout = StrEnum("ExportLayout", {name: name for name in EXPORT_LAYOUTS})  # type: ignore[misc]


class Period(StrEnum):
    day = "day"
    week = "week"
    month = "month"
    year = "year"


Format = Annotated[TableFormat, typer.Option("--format", "-f", help="table, json or csv.")]
Since = Annotated[str | None, typer.Option(help="From this date on (YYYY, YYYY-MM or YYYY-MM-DD).")]
Until = Annotated[str | None, typer.Option(help="Up to this date, inclusive (YYYY, YYYY-MM or YYYY-MM-DD).")]
Limit = Annotated[int, typer.Option(min=1, help="At most this many rows (default 50; a note on stderr says when "
                                                "there are more).")]
DEFAULT_LIMIT = 50


class Direction(StrEnum):
    both = "both"
    a_to_b = "a-to-b"
    b_to_a = "b-to-a"


def _fail(message: str, code: int = 2) -> typer.Exit:
    _err.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


@contextmanager
def _open(db: str, read_only: bool) -> Iterator[Any]:
    try:
        store = ReadOnlyStore(db) if read_only else Store(db)
    except StoreError as exc:
        raise _fail(str(exc)) from None
    try:
        yield store
    except (StoreError, FilterError) as exc:
        raise _fail(str(exc)) from None
    finally:
        store.close()


class _RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        return Text(f"{task.speed or 0:.1f} docs/s", style="progress.data.speed")


@contextmanager
def _progress(quiet: bool, label: str) -> Iterator[Any]:
    if quiet:
        yield None
        return
    bar = Progress(SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                   _RateColumn(), TextColumn("eta"), TimeRemainingColumn(), TimeElapsedColumn(),
                   TextColumn("{task.fields[note]}"), console=_err, transient=False)
    with bar:
        task = bar.add_task(label, total=None, note="")

        def update(summary: Any) -> None:
            bar.update(task, completed=summary.documents, total=summary.total,
                       note=f"{summary.events} events, {summary.rejected} rejected")

        yield update


def _report(summary: Any, quiet: bool, as_json: bool, verb: str) -> None:
    if as_json:
        sys.stdout.write(json.dumps(summary.to_dict(), ensure_ascii=False) + "\n")
        return
    if quiet:
        return
    _err.print(f"{verb} {summary.stored + summary.replaced} documents ({summary.skipped} already stored), "
               f"{summary.events} events in {summary.clusters} clusters, {summary.rejected} rejected; "
               f"{summary.documents} inputs in {summary.seconds:.1f} s ({summary.docs_per_second:.1f} docs/s)",
               highlight=False, soft_wrap=True)
    for reason, count in summary.reasons.items():
        _err.print(f"  rejected {count}: {reason}", highlight=False, markup=False)


def _interrupted(summary_done: int) -> typer.Exit:
    return _fail(f"interrupted; {summary_done} document(s) committed before it are kept. "
                 "Run the same command again to finish the job", 130)


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, directories or '-' for standard input (text, HTML, "
                                                    "JSON Lines, CSV, Parquet, WARC).")],
    db: Db = DEFAULT_DB,
    workers: Workers = None,
    batch_size: BatchSize = 32,
    input_format: InputFormatOption = "auto",
    quiet: Quiet = False,
    as_json: JsonSummary = False,
    executor: Annotated[str, typer.Option(help="local (a process pool storing into --db) or spark (Parquet "
                                                "into --out; store it with `dyad load`).")] = "local",
    master: Annotated[str | None, typer.Option(help="Spark master with --executor spark: local[N], "
                                                    "spark://host:port, yarn.")] = None,
    out: Annotated[str | None, typer.Option("--out", "-o", help="Parquet output directory for --executor spark.")]
    = None,
    published: Published = None,
    published_from: PublishedFromOption = None,
    text_column: TextColumnOption = None,
    id_column: IdColumnOption = None,
    date_column: DateColumnOption = None,
    title_column: TitleColumnOption = None,
    url_column: UrlColumnOption = None,
) -> None:
    """Analyse pages and store them; documents already stored are skipped, so a rerun resumes."""
    from dyad.ingest import FORMATS, Columns

    columns = Columns(text_column, id_column, date_column, title_column, url_column)
    if executor == "spark" and (published or published_from):
        raise _fail("--published and --published-from work with --executor local only")
    if executor == "spark":
        from dyad.cli.spark_commands import spark_ingest

        if out is None:
            raise _fail("--executor spark writes Parquet: give --out DIR (then `dyad load DIR --db FILE`)")
        spark_ingest(paths, out=out, master=master, input_format=input_format, partitions=None, conf=None,
                     as_json=as_json, text_column=text_column, id_column=id_column, date_column=date_column,
                     title_column=title_column, url_column=url_column)
        return
    if executor != "local":
        raise _fail(f"--executor must be local or spark, not {executor!r}")
    from dyad.executors.local import default_workers
    from dyad.executors.local import ingest as run_ingest

    if input_format not in FORMATS:
        raise _fail(f"--input-format must be one of {', '.join(FORMATS)}, not {input_format!r}")
    for path in paths:
        if path != "-" and not Path(path).exists():
            raise _fail(f"{path}: no such file or directory")
    with _open(db, read_only=False) as store, _progress(quiet, "ingest") as progress:
        committed = [0]

        def track(summary: Any) -> None:
            committed[0] = summary.committed
            if progress:
                progress(summary)

        try:
            summary = run_ingest(store, paths, workers=default_workers() if workers is None else workers,
                                 batch_size=batch_size, input_format=input_format, progress=track,
                                 published=published, published_from=published_from.value if published_from else None,
                                 columns=columns)
        except KeyboardInterrupt:
            raise _interrupted(committed[0]) from None
    _report(summary, quiet, as_json, "stored")


@app.command()
def reanalyze(
    db: Db = DEFAULT_DB,
    workers: Workers = None,
    everything: Annotated[bool, typer.Option("--all", help="Re-analyse every document, not only outdated ones.")]
    = False,
    batch_size: BatchSize = 32,
    quiet: Quiet = False,
    as_json: JsonSummary = False,
) -> None:
    """Re-analyse the stored documents that an older pipeline (version or knowledge) analysed."""
    from dyad.executors.local import default_workers
    from dyad.executors.local import reanalyze as run_reanalyze

    with _open(db, read_only=False) as store, _progress(quiet, "reanalyze") as progress:
        summary = run_reanalyze(store, workers=default_workers() if workers is None else workers,
                                batch_size=batch_size, everything=everything, progress=progress)
    _report(summary, quiet, as_json, "re-analysed")


@app.command()
def load(
    directory: Annotated[Path, typer.Argument(help="A directory written by `dyad export` (Parquet, CSV or JSON Lines) "
                                                   "or by a Spark run.")],
    db: Db = DEFAULT_DB,
    as_json: JsonSummary = False,
) -> None:
    """Store the documents of an export directory (`dyad export` in any format, `dyad ingest --executor spark`)."""
    from dyad.store.transfer import check_loadable

    if not directory.is_dir():
        raise _fail(f"{directory}: no such directory")
    try:
        check_loadable(directory)  # before the store is opened: a load that cannot start creates no file
    except FileNotFoundError as exc:
        raise _fail(str(exc)) from None
    created = not Path(db).exists()
    try:
        with _open(db, read_only=False) as store:
            counts = store.load(directory)
    except BaseException:
        if created:  # a failed load into a new store leaves no empty store behind
            for leftover in (Path(db), Path(f"{db}.wal")):
                leftover.unlink(missing_ok=True)
        raise
    if as_json:
        sys.stdout.write(json.dumps(counts) + "\n")
    else:
        _err.print(f"loaded {counts['documents']} documents ({counts['skipped']} already stored), "
                   f"{counts['events']} events, {counts['rejected']} rejected inputs", highlight=False)


@app.command()
def migrate(db: Db = DEFAULT_DB) -> None:
    """Upgrade a store written by an older dyad to the current schema."""
    with _open(db, read_only=False) as store:
        _err.print(f"{db}: schema {store.schema_version()}", highlight=False)


def _country(name: str) -> str:
    try:
        return check_country(name)
    except FilterError as exc:
        raise _fail(str(exc)) from None


def _limited(frame: Any, limit: int) -> Any:
    """The first ``limit`` rows of a frame fetched with one row more; says on stderr when rows were left out."""
    if len(frame) > limit:
        _err.print(f"showing the first {limit} rows; there are more (use --limit)", highlight=False)
    return frame.head(limit)


@app.command("dyad")
def dyad_command(
    a: Annotated[str, typer.Argument(help="A country: name or ISO code (Iran, IRN, IR).")],
    b: Annotated[str, typer.Argument(help="The other country.")],
    db: Db = DEFAULT_DB,
    since: Since = None,
    until: Until = None,
    by: Annotated[Period, typer.Option(help="Period: day, week, month or year.")] = Period.month,
    modality: Annotated[list[str] | None, typer.Option(
        help="Modality to count, repeatable, each its own series; 'all' for every one (default: asserted).")]
    = None,
    direction: Annotated[Direction, typer.Option(help="both, a-to-b (A's acts toward B) or b-to-a.")]
    = Direction.both,
    top: Annotated[int, typer.Option(min=0, help="Evidence sentences per period.")] = 3,
    output: Format = TableFormat.table,
) -> None:
    """The cooperation–conflict timeline of two countries: events per period by quad class, with evidence.

    Every period from the first to the last event (or of --since/--until) has a row, zero when empty.
    """
    code_a, code_b = _country(a), _country(b)
    with _open(db, read_only=True) as store:
        frame = store.dyad(code_a, code_b, since=since, until=until, by=by.value, modality=modality or "asserted",
                           direction=direction.value, top=top)
    rows = _records(frame)
    if output is TableFormat.table:
        _dyad_table(code_a, code_b, direction.value, rows)
    elif output is TableFormat.json:
        _print_json(rows)
    else:
        _print_csv([{**r, "evidence": " | ".join(e["sentence"] or "" for e in r["evidence"])} for r in rows],
                   [str(c) for c in frame.columns])


_ARROWS = {"both": "–", "a-to-b": "→", "b-to-a": "←"}


def _dyad_table(a: str, b: str, direction: str, rows: list[dict[str, Any]]) -> None:
    console = Console()
    if not rows:
        console.print(f"[dim]no events between {a} and {b} in the store[/dim]")
        return
    series = list(dict.fromkeys(r["modality"] for r in rows))
    table = Table(title=f"{a} {_ARROWS[direction]} {b}" + ("" if len(series) > 1 else f" · {series[0]} events"),
                  show_lines=True,
                  caption="quad classes: verbal/material cooperation, verbal/material conflict; goldstein: net (sum)")
    table.add_column("period", no_wrap=True)
    if len(series) > 1:  # each modality its own series
        table.add_column("modality", no_wrap=True)
    for header in ("events", "reports", "v.coop", "m.coop", "v.confl", "m.confl", "goldstein"):
        table.add_column(header, justify="right", no_wrap=True)
    table.add_column("evidence", min_width=30, ratio=1)
    for r in rows:
        evidence = "\n".join(f"• [{e['type']}] {e['sentence']}" for e in r["evidence"])
        table.add_row(r["period"], *([r["modality"]] if len(series) > 1 else []), str(r["events"]), str(r["reports"]), str(r["verbal_cooperation"]),
                      str(r["material_cooperation"]), str(r["verbal_conflict"]), str(r["material_conflict"]),
                      f"{r['goldstein_sum']:+.1f}", Text(evidence))
    console.print(table)


@app.command()
def actors(
    db: Db = DEFAULT_DB,
    country: Annotated[str | None, typer.Option(help="Only actors of this country (name or ISO code).")] = None,
    kind: Annotated[str | None, typer.Option(help="Only this kind (state, person, igo, …).")] = None,
    limit: Limit = DEFAULT_LIMIT,
    output: Format = TableFormat.table,
) -> None:
    """Actors across the stored documents, most widely reported first."""
    with _open(db, read_only=True) as store:
        _print_frame(_limited(store.actors(country=country, kind=kind, limit=limit + 1), limit), output)


@app.command()
def events(
    db: Db = DEFAULT_DB,
    event_type: Annotated[str | None, typer.Option("--type", help="Only this PLOVER type (ASSAULT, AGREE, …).")]
    = None,
    country: Annotated[str | None, typer.Option(help="Only events with this country (name, demonym or ISO code) "
                                                     "on either side.")] = None,
    modality: Annotated[list[str] | None, typer.Option(help="Only this modality (repeatable; default: all).")]
    = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = DEFAULT_LIMIT,
    output: Format = TableFormat.table,
) -> None:
    """Stored event reports with evidence and how many reports their event has, newest first.

    Dates select events overlapping the range: an event dated only "2025" is kept by --since 2025-01.
    """
    with _open(db, read_only=True) as store:
        frame = _limited(store.events(type=event_type, country=country, modality=modality, since=since,
                                      until=until, limit=limit + 1), limit)
    if output is TableFormat.table:
        frame = frame[["date", "type", "modality", "source", "target", "reports", "sentence"]]
    _print_frame(frame, output)


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="One SELECT statement; it runs in a read-only sandbox.")],
    db: Db = DEFAULT_DB,
    output: Format = TableFormat.table,
) -> None:
    """Run one read-only SELECT over the store (tables in docs/store.md); no file access, no files written."""
    with _open(db, read_only=True) as store:
        frame = store.query(sql)
    _print_frame(frame, output)


@app.command()
def export(
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory to write the files into.")],
    db: Db = DEFAULT_DB,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="parquet, csv or jsonl.")] = ExportFormat.parquet,
    layout: Annotated[ExportLayout, typer.Option(
        "--layout", "-l", help="rows: one file per table (what `dyad load` reads); polecat, icews, gdelt: one file of "
                               "events with those datasets' columns (docs/exports.md).")] = ExportLayout["rows"],
) -> None:
    """Export the store: events (actors flattened, one row per event), documents, actors, figures, clusters …
    or the events alone in the POLECAT, ICEWS or GDELT layout."""
    with _open(db, read_only=True) as store:
        written = store.export(out, fmt.value, layout.value)
    for table, path in written.items():
        _err.print(f"{table}: {path}", highlight=False)


def _plain(value: Any) -> Any:
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _records(frame: Any) -> list[dict[str, Any]]:
    return [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _print_json(rows: list[dict[str, Any]]) -> None:
    sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")


def _print_csv(rows: list[dict[str, Any]], names: list[str]) -> None:
    """CSV with its header even when there are no rows; lists joined as in CSV exports."""
    writer = csv.DictWriter(sys.stdout, fieldnames=names, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: LIST_SEPARATOR.join("" if m is None else str(m) for m in v) if isinstance(v, list) else v
                         for k, v in row.items()})


def _print_frame(frame: Any, output: TableFormat) -> None:
    rows = _records(frame)
    if output is TableFormat.json:
        _print_json(rows)
    elif output is TableFormat.csv:
        _print_csv(rows, [str(c) for c in frame.columns])
    else:
        table = Table(*map(str, frame.columns), show_lines=False)
        for row in rows:
            table.add_row(*("" if v is None else ", ".join(map(str, v)) if isinstance(v, list) else str(v)
                            for v in row.values()))
        Console().print(table)
