"""The Python API: ``dyad.analyse(text_or_html)`` and friends, returning typed records."""

from __future__ import annotations

from collections.abc import Iterator

from dyad.ingest import Columns, read_bytes
from dyad.ingest.published import PublishedFrom, apply_published
from dyad.ingest.readers import DEFAULT_COLUMNS
from dyad.model import Analysis, Document, Rejected
from dyad.pipeline import analyse_document

__all__ = ["analyse", "analyse_document", "read"]


def read(content: str | bytes, origin: str = "<text>", input_format: str = "auto",
         columns: Columns = DEFAULT_COLUMNS) -> Iterator[Document | Rejected]:
    """Read documents from a string or bytes (text page, HTML, JSON Lines, CSV, Parquet, WARC).

    ``columns`` names the fields of JSON Lines, CSV and Parquet records (``dyad analyze --text-column`` …).
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    yield from read_bytes(data, origin, input_format, columns=columns)


def analyse(content: str | bytes, origin: str = "<text>", input_format: str = "auto",
            published: str | None = None, published_from: PublishedFrom | None = None) -> Analysis:
    """Analyse one page or text and return its Analysis; raises ValueError with the reason if unreadable.

    ``published`` (YYYY, YYYY-MM or YYYY-MM-DD) is its publication date, as ``dyad analyze --published``;
    ``published_from`` takes it from the URL, or from the file name or modification time of ``origin``.
    """
    for item in read(content, origin, input_format):
        if isinstance(item, Rejected):
            raise ValueError(f"{item.origin}: {item.reason}")
        return analyse_document(apply_published(item, origin, published, published_from))
    raise ValueError(f"{origin}: no document in input")
