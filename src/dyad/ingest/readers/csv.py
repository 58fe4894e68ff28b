"""CSV with a header row: one document per row, its columns named as ``Columns`` says."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import IO

from dyad.ingest.readers.base import DEFAULT_COLUMNS, DEFAULT_MAX_BYTES, Columns, Item, Reader
from dyad.ingest.readers.records import record_document
from dyad.model import Rejected

__all__ = ["CSV", "read_csv"]

_COLUMN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")


def sniff_csv(head: bytes) -> bool:
    """A header line of two or more column names (empty ones allowed, as R writes for row names), and a row after it.

    Names only, no spaces: a page's first line ("Blair, Brown and the euro") is never taken for a header. Any
    names, not only dyad's: a table whose text column has another name is then one rejection naming its
    columns, never one page made of the whole table.
    """
    first, newline, _ = head.partition(b"\n")
    if not newline:
        return False
    try:
        names = next(csv.reader([first.decode("utf-8-sig", errors="replace").strip()]))
    except (csv.Error, StopIteration):
        return False
    named = [name for name in names if name]
    return len(names) >= 2 and bool(named) and all(_COLUMN_NAME.fullmatch(name) for name in named)


def read_csv(body: IO[bytes], origin: str, *, max_bytes: int = DEFAULT_MAX_BYTES,
             columns: Columns = DEFAULT_COLUMNS) -> Iterator[Item]:
    """One document per row; a ``date`` (or ``published``) column dates its row, as in JSON Lines; cells may span lines.

    A header without the text column (or a column named in ``columns``) rejects the whole file, naming the
    columns it has: its rows are not articles as dyad was told to read them.
    """
    csv.field_size_limit(DEFAULT_MAX_BYTES)  # article texts are far longer than csv's 128 KB default
    rows = csv.DictReader(io.TextIOWrapper(body, encoding="utf-8-sig", errors="replace", newline=""))
    try:
        if rows.fieldnames is None:
            yield Rejected(origin, "empty CSV: no header row")
            return
        if problem := columns.missing([name for name in rows.fieldnames if name]):
            yield Rejected(origin, f"CSV with {problem}")
            return
        for number, row in enumerate(rows, start=1):
            yield record_document({k: v for k, v in row.items() if k and v != ""}, f"{origin}:{number}", "csv",
                                  columns)
    except csv.Error as exc:
        yield Rejected(origin, f"invalid CSV: {' '.join(str(exc).split())}")


CSV = Reader("csv", (".csv",), sniff_csv, read_csv)
