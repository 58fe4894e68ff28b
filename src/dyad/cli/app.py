"""The Typer application that every command module registers on."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from dyad.ingest import FORMATS
from dyad.ingest.published import PUBLISHED_FROM, check_published

app = typer.Typer(name="dyad", help="News and policy analysis into actors, PLOVER events, figures and dyad timelines.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)


@app.callback()
def main() -> None:
    """dyad: read pages, resolve actors, code PLOVER events with modality, and follow dyads over time."""


eval_app = typer.Typer(help="Score dyad against annotated sets (precision, recall, F1).", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


def _published(value: str | None) -> str | None:
    try:
        return check_published(value) if value is not None else None
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


PublishedFrom = StrEnum("PublishedFrom", {name: name for name in PUBLISHED_FROM})  # where a date may be taken from


# The publication-date options of the commands that read files (`analyze`, `ingest`).
Published = Annotated[str | None, typer.Option(
    "--published", callback=_published, metavar="DATE",
    help="The publication date of every document (YYYY, YYYY-MM or YYYY-MM-DD); relative dates resolve against it.")]
PublishedFromOption = Annotated[PublishedFrom | None, typer.Option(
    "--published-from", help="Take each document's publication date from its URL, its file name (…2019-04-12…) "
                             "or its file's modification time, where that gives one.")]


# The input format of `ingest` and `spark-ingest` (checked against FORMATS by each: the Spark one is also called
# as a function by `ingest --executor spark`).
InputFormatOption = Annotated[str, typer.Option(
    "--input-format", "-i", help=f"{', '.join(FORMATS)}: force a reader instead of the file's suffix or content.")]

# The column mapping of the commands that read files (`analyze`, `ingest`, `spark-ingest`): which field of a
# JSON Lines record, CSV row or Parquet row holds what (dyad.ingest.Columns).
TextColumnOption = Annotated[str | None, typer.Option(
    "--text-column", metavar="NAME", help="The field (CSV or Parquet column, JSON Lines key) holding each "
                                          "document's text [default: text, else html].")]
IdColumnOption = Annotated[str | None, typer.Option("--id-column", metavar="NAME",
                                              help="The field holding each document's id [default: id].")]
DateColumnOption = Annotated[str | None, typer.Option(
    "--date-column", metavar="NAME", help="The field holding each document's publication date (ISO) "
                                          "[default: date, else published].")]
TitleColumnOption = Annotated[str | None, typer.Option("--title-column", metavar="NAME",
                                                 help="The field holding each document's title [default: title].")]
UrlColumnOption = Annotated[str | None, typer.Option("--url-column", metavar="NAME",
                                               help="The field holding each document's URL [default: url].")]
