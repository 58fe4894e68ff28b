"""`dyad spark-ingest`: the ingest pipeline on Apache Spark, writing Parquet that `dyad load` stores."""

from __future__ import annotations

import json
import re
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from dyad.cli.app import (
    DateColumnOption,
    IdColumnOption,
    InputFormatOption,
    TextColumnOption,
    TitleColumnOption,
    UrlColumnOption,
    app,
)
from dyad.ingest import FORMATS, Columns

_err = Console(stderr=True)
_URI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_EXCEPTION = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit)\b")
_GLOB = re.compile(r"[*?\[{]")  # Spark expands globs itself


def _fail(message: str) -> typer.Exit:
    _err.print(f"[red]error:[/red] {message}", highlight=False, markup=True)
    return typer.Exit(2)


def _cause(message: str) -> str:
    """The line of a Spark error that says what went wrong (a Python exception inside a worker, say)."""
    lines = [line.strip() for line in message.strip().splitlines() if line.strip()]
    named = [line for line in lines if _EXCEPTION.match(line)]
    return (named[-1] if named else lines[0] if lines else "unknown error")[:300]


@app.command("spark-ingest")
def spark_ingest(
    paths: Annotated[list[str], typer.Argument(help="Files or directories Spark can read: local paths, hdfs://, s3a://.")],
    out: Annotated[str, typer.Option("--out", "-o", help="Output directory (its tables are replaced).")],
    master: Annotated[str | None, typer.Option(
        help="Spark master: local[N], spark://host:port, yarn, k8s://… (default: spark-submit's, else local[2])",
    )] = None,
    input_format: InputFormatOption = "auto",
    partitions: Annotated[int | None, typer.Option(min=1, help="Analysis tasks (default: 1 per core for local[N], else 4 per core).")] = None,
    conf: Annotated[list[str] | None, typer.Option("--conf", help="Extra Spark setting KEY=VALUE (repeatable).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as one JSON object on stdout.")] = False,
    text_column: TextColumnOption = None,
    id_column: IdColumnOption = None,
    date_column: DateColumnOption = None,
    title_column: TitleColumnOption = None,
    url_column: UrlColumnOption = None,
) -> None:
    """Analyse pages on Spark and write Parquet partitioned by month; `dyad load OUT` stores it."""
    try:
        from py4j.protocol import Py4JError
        from pyspark.errors import PySparkException

        from dyad.executors.spark import run_spark
    except ImportError:
        raise _fail("the Spark executor needs pyspark: pip install 'dyad[spark]'") from None
    if input_format not in FORMATS:
        raise _fail(f"--input-format must be one of {', '.join(FORMATS)}, not {input_format!r}")
    for path in paths:
        if not _URI.match(path) and not _GLOB.search(path) and not Path(path).exists():
            raise _fail(f"{path}: no such file or directory")
    settings = {}
    for item in conf or []:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise _fail(f"--conf takes KEY=VALUE, not {item!r}")
        settings[key] = value
    try:
        run = run_spark(paths, out, master=master, input_format=input_format, partitions=partitions, conf=settings,
                        columns=Columns(text_column, id_column, date_column, title_column, url_column))
    except ValueError as exc:
        raise _fail(str(exc)) from None
    except (PySparkException, Py4JError) as exc:
        raise _fail(f"Spark failed: {_cause(str(exc))}") from None
    if as_json:
        sys.stdout.write(json.dumps(asdict(run)) + "\n")
        return
    _err.print(f"analysed {run.documents} documents ({run.duplicates} duplicates skipped, {run.events} events, "
               f"{run.rejected} rejected) in "
               f"{run.seconds:.1f} s on {run.master}; Parquet in {run.out}/ — store it with: dyad load {run.out}",
               highlight=False, markup=False)
