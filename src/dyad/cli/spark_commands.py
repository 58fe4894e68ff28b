"""`dyad spark-ingest`: the ingest pipeline on Apache Spark, writing Parquet that `dyad load` stores."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from dyad.cli.app import app

_err = Console(stderr=True)
_URI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_FORMATS = ("auto", "text", "html", "jsonl", "warc", "parquet")


def _fail(message: str) -> typer.Exit:
    _err.print(f"[red]error:[/red] {message}", highlight=False, markup=True)
    return typer.Exit(2)


@app.command("spark-ingest")
def spark_ingest(
    paths: Annotated[list[str], typer.Argument(help="Files or directories Spark can read: local paths, hdfs://, s3a://.")],
    out: Annotated[str, typer.Option("--out", "-o", help="Output directory (its tables are replaced).")],
    master: Annotated[str, typer.Option(help="Spark master: local[N], spark://host:port, yarn, k8s://…")] = "local[2]",
    input_format: Annotated[str, typer.Option("--input-format", "-i",
                                              help="auto, text, html, jsonl, warc or parquet.")] = "auto",
    partitions: Annotated[int | None, typer.Option(min=1, help="Analysis tasks (default: 4 per core).")] = None,
    conf: Annotated[list[str] | None, typer.Option("--conf", help="Extra Spark setting KEY=VALUE (repeatable).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as one JSON object on stdout.")] = False,
) -> None:
    """Analyse pages on Spark and write Parquet partitioned by month; `dyad load OUT` stores it."""
    try:
        from py4j.protocol import Py4JError
        from pyspark.errors import PySparkException

        from dyad.executors.spark import run_spark
    except ImportError:
        raise _fail("the Spark executor needs pyspark: pip install 'dyad[spark]'") from None
    if input_format not in _FORMATS:
        raise _fail(f"--input-format must be one of {', '.join(_FORMATS)}, not {input_format!r}")
    for path in paths:
        if not _URI.match(path) and not Path(path).exists():
            raise _fail(f"{path}: no such file or directory")
    settings = {}
    for item in conf or []:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise _fail(f"--conf takes KEY=VALUE, not {item!r}")
        settings[key] = value
    try:
        run = run_spark(paths, out, master=master, input_format=input_format, partitions=partitions, conf=settings)
    except ValueError as exc:
        raise _fail(str(exc)) from None
    except (PySparkException, Py4JError) as exc:
        raise _fail(f"Spark failed: {str(exc).strip().splitlines()[0][:300]}") from None
    if as_json:
        sys.stdout.write(json.dumps({"out": run.out, "documents": run.documents, "rejected": run.rejected,
                                     "events": run.events, "partitions": run.partitions,
                                     "seconds": run.seconds}) + "\n")
        return
    _err.print(f"analysed {run.documents} documents ({run.events} events, {run.rejected} rejected) in "
               f"{run.seconds:.1f} s on {master}; Parquet in {run.out}/ — store it with: dyad load {run.out}",
               highlight=False, markup=False)
