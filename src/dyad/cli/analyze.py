"""`dyad analyze`: analyse files without storing them and print the OUTPUT.md records."""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from dyad.cli.app import (
    DateColumnOption,
    IdColumnOption,
    Published,
    PublishedFromOption,
    TextColumnOption,
    TitleColumnOption,
    UrlColumnOption,
    app,
)
from dyad.ingest import FORMATS, Columns, read_paths
from dyad.ingest.readers import DEFAULT_MAX_BYTES
from dyad.model import Analysis, Rejected


class OutputFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    table = "table"


InputFormat = StrEnum("InputFormat", {name: name for name in FORMATS})  # the readers' formats, as CLI choices


@app.command()
def analyze(
    paths: Annotated[list[str], typer.Argument(help="Files, directories or '-' for standard input.")],
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="json, jsonl or table.")] = OutputFormat.jsonl,
    input_format: Annotated[InputFormat, typer.Option("--input-format", "-i",
                                                      help="Force the input format instead of guessing it.")] = InputFormat.auto,
    max_bytes: Annotated[int, typer.Option(help="Largest single page to read, in bytes.")] = DEFAULT_MAX_BYTES,
    published: Published = None,
    published_from: PublishedFromOption = None,
    text_column: TextColumnOption = None,
    id_column: IdColumnOption = None,
    date_column: DateColumnOption = None,
    title_column: TitleColumnOption = None,
    url_column: UrlColumnOption = None,
) -> None:
    """Analyse pages without storing them; print one record per document (OUTPUT.md layout)."""
    # One process here, so the encoder takes every core (the executors run one single-threaded worker per core
    # instead); DYAD_ENCODER_THREADS set by the user stands.
    os.environ.setdefault("DYAD_ENCODER_THREADS", str(os.cpu_count() or 1))
    from dyad.pipeline import analyse_or_reject  # spaCy loads only for the commands that analyse

    err = Console(stderr=True)
    for path in paths:
        if path != "-" and not Path(path).exists():
            err.print(f"[red]error:[/red] {path}: no such file or directory")
            raise typer.Exit(2)
    analyses: list[Analysis] = []
    rejected = 0
    for item in read_paths(paths, input_format=input_format.value, max_bytes=max_bytes, published=published,
                           published_from=published_from.value if published_from else None,
                           columns=Columns(text_column, id_column, date_column, title_column, url_column)):
        if isinstance(item, Rejected):
            rejected += 1
            err.print(f"rejected: {item.origin}: {item.reason}", markup=False, highlight=False)
            continue
        analysis = analyse_or_reject(item)
        if isinstance(analysis, Rejected):
            rejected += 1
            err.print(f"rejected: {analysis.origin}: {analysis.reason}", markup=False, highlight=False)
            continue
        if output_format is OutputFormat.jsonl:
            sys.stdout.write(json.dumps(analysis.to_output(), ensure_ascii=False) + "\n")
            sys.stdout.flush()
        else:
            analyses.append(analysis)
    if output_format is OutputFormat.json:
        sys.stdout.write(json.dumps([a.to_output() for a in analyses], ensure_ascii=False, indent=2) + "\n")
    elif output_format is OutputFormat.table:
        _print_tables(analyses)
    if rejected and not analyses and output_format is not OutputFormat.jsonl:
        raise typer.Exit(1)


def _print_tables(analyses: list[Analysis]) -> None:
    console = Console()
    for analysis in analyses:
        doc = analysis.document
        console.rule(f"{doc.title or doc.origin}  [dim]{doc.published or 'undated'} · {doc.language or '?'}[/dim]")
        table = Table("type", "mode", "source", "target", "modality", "date", "evidence", show_lines=True)
        for event in analysis.events:
            table.add_row(event.type, event.mode or "", ", ".join(a.country or a.text for a in event.source),
                          ", ".join(a.country or a.text for a in event.target), event.modality, event.date or "",
                          event.evidence.sentence)
        console.print(table if analysis.events else "[dim]no events[/dim]")
