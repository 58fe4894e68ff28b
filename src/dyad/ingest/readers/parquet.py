"""Parquet tables: one document per row, its columns named as ``Columns`` says (as JSON Lines fields)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from dyad.ingest.readers.base import DEFAULT_COLUMNS, DEFAULT_MAX_BYTES, Columns, Item, Reader
from dyad.ingest.readers.records import record_document
from dyad.model import Rejected

__all__ = ["PARQUET", "read_parquet", "row_document"]

_BATCH_ROWS = 256


def sniff_parquet(head: bytes) -> bool:
    return head.startswith(b"PAR1")


def count_rows(path: Path) -> int | None:
    """The row count in the file's footer; None if it cannot be read (the reader says why)."""
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(path).metadata.num_rows
    except (OSError, ValueError):
        return None


def row_document(row: dict[str, Any], origin: str, columns: Columns = DEFAULT_COLUMNS) -> Item:
    """One Parquet row (its cells as strings) from the file ``origin``: named ``origin#id`` when it has an id.

    Spark reads the rows of a table spread over many tasks, so a row's number is not known: its id names it.
    """
    given_id = row.get(columns.id_field)
    where = f"{origin}#{given_id}" if given_id is not None else origin
    return record_document({k: v for k, v in row.items() if v is not None}, where, "parquet", columns)


def read_parquet(body: IO[bytes], origin: str, *, max_bytes: int = DEFAULT_MAX_BYTES,
                 columns: Columns = DEFAULT_COLUMNS) -> Iterator[Item]:
    """Every row with a text (or ``html``) cell; the cells read are cast to strings, so dates of any type parse.

    Parquet keeps its index at the end of the file, so the file is read into memory whole (compressed).
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(pa.BufferReader(body.read()))
        names = table.schema_arrow.names
        if problem := columns.missing(names):
            yield Rejected(origin, f"Parquet table with {problem}")
            return
        wanted = [name for name in dict.fromkeys(columns.fields()) if name in names]
        for batch in table.iter_batches(batch_size=_BATCH_ROWS, columns=wanted):
            cells = {name: pc.cast(batch.column(name), pa.string()).to_pylist() for name in wanted}
            for number in range(batch.num_rows):
                yield row_document({name: cells[name][number] for name in wanted}, origin, columns)
    except (pa.ArrowException, ValueError) as exc:
        yield Rejected(origin, f"not a readable Parquet table: {' '.join(str(exc).split())[:160]}")


PARQUET = Reader("parquet", (".parquet",), sniff_parquet, read_parquet, count=count_rows)
