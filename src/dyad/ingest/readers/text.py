"""Scraped text pages (plain text, Markdown): the article is segmented from the page around it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from dyad.ingest.language import detect_language
from dyad.ingest.readers.base import Columns, Item, Reader, decode, one_document, page_data, site_of, with_id
from dyad.ingest.segment import segment_text
from dyad.model import Document, Rejected

__all__ = ["TEXT", "read_text"]


def _any_text(_: bytes) -> bool:
    return True  # the last reader tried: what no other format claims is read as a text page


def _read(body: IO[bytes], origin: str, *, max_bytes: int, columns: Columns) -> Iterator[Item]:
    data = page_data(body, origin)
    yield with_id(data if isinstance(data, Rejected) else read_text(decode(data), origin))


def read_text(raw: str, origin: str, url: str | None = None, published: str | None = None,
              published_source: str | None = None) -> Item:
    """A scraped text page: segment the article from the page around it."""
    seg = segment_text(raw)
    if not seg.text.strip():
        return Rejected(origin, "no article text after removing page boilerplate")
    return Document(id="", origin=url or origin, text=seg.text, title=seg.title, author=seg.author,
                    published=published, published_source=published_source if published else None,
                    language=detect_language(seg.text), format="text",
                    headings=seg.headings, teasers=seg.teasers, site=site_of(url))


TEXT = Reader("text", (".txt", ".text", ".md", ".markdown"), _any_text, _read, whole=True, count=one_document)
