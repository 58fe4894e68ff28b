"""Parquet: one document per row, as CSV and JSON Lines records; dates of any Arrow type; a clear rejection otherwise."""

from __future__ import annotations

import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from dyad.ingest import Columns, read_paths
from dyad.ingest.readers.parquet import count_rows
from dyad.model import Document, Rejected

TRADE = "Iran and Pakistan signed a trade agreement."


def test_rows_are_documents_named_by_their_id(tmp_path: Path) -> None:
    path = tmp_path / "in.parquet"
    pq.write_table(pa.table({"id": [7, None], "date": [datetime.date(2025, 8, 2), None],
                             "text": [TRADE, "Turkey condemned the strike."], "title": ["Trade", None]}), path)
    first, second = read_paths([path])
    assert isinstance(first, Document) and isinstance(second, Document)
    assert (first.id, first.origin, first.published, first.title, first.format) == \
        ("7", f"{path}#7", "2025-08-02", "Trade", "parquet")
    assert (second.id, second.origin) == (second.digest, str(path))
    assert count_rows(path) == 2


def test_mapped_columns_and_a_missing_text_column(tmp_path: Path) -> None:
    path = tmp_path / "articles.parquet"
    pq.write_table(pa.table({"ident": ["a"], "body": [TRADE], "pubdate": ["2019-04-10T08:00:00Z"]}), path)
    (doc,) = read_paths([path], columns=Columns(text="body", id="ident", date="pubdate"))
    assert isinstance(doc, Document) and (doc.id, doc.published, doc.text) == ("a", "2019-04-10", TRADE)
    (rejected,) = read_paths([path])
    assert isinstance(rejected, Rejected) and rejected.reason == (
        "Parquet table with no text column 'text' (or 'html') (name it with --text-column); "
        "the columns are 'ident', 'body', 'pubdate'")


def test_a_corrupt_parquet_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"PAR1" + b"\x00" * 64)
    (rejected,) = read_paths([path])
    assert isinstance(rejected, Rejected) and rejected.reason.startswith("not a readable Parquet table")
    assert count_rows(path) is None
