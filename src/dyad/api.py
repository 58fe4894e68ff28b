"""The Python API: ``dyad.analyse(text_or_html)`` and friends, returning typed records."""

from __future__ import annotations

from collections.abc import Iterator

from dyad.ingest import read_bytes
from dyad.model import Analysis, Document, Rejected
from dyad.pipeline import analyse_document

__all__ = ["analyse", "analyse_document", "read"]


def read(content: str | bytes, origin: str = "<text>", input_format: str = "auto") -> Iterator[Document | Rejected]:
    """Read documents from a string or bytes (text page, HTML, JSON Lines, WARC)."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    yield from read_bytes(data, origin, input_format)


def analyse(content: str | bytes, origin: str = "<text>", input_format: str = "auto",
            published: str | None = None) -> Analysis:
    """Analyse one page or text and return its Analysis; raises ValueError with the reason if unreadable."""
    for item in read(content, origin, input_format):
        if isinstance(item, Rejected):
            raise ValueError(f"{item.origin}: {item.reason}")
        if published and not item.published:
            item.published, item.published_source = published, "input"
        return analyse_document(item)
    raise ValueError(f"{origin}: no document in input")
