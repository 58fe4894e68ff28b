"""WARC responses with HTML (as in Common Crawl) and WET conversion records (extracted text)."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from typing import IO

from dyad.ingest.published import url_published
from dyad.ingest.readers.base import (
    DEFAULT_COLUMNS,
    DEFAULT_MAX_BYTES,
    Columns,
    Item,
    Reader,
    decode,
    iso_date,
    with_id,
)
from dyad.ingest.readers.html import read_html
from dyad.ingest.readers.text import read_text
from dyad.model import Rejected

__all__ = ["WARC", "read_warc"]


def sniff_warc(head: bytes) -> bool:
    return head.lower().startswith(b"warc/")


def read_warc(body: IO[bytes], origin: str, *, max_bytes: int = DEFAULT_MAX_BYTES,
              columns: Columns = DEFAULT_COLUMNS) -> Iterator[Item]:
    """WARC responses with HTML (as in Common Crawl) and WET conversion records (extracted text)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    count = 0
    try:
        for record in ArchiveIterator(body):
            kind = record.rec_type
            if kind not in ("response", "conversion", "resource"):
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or origin
            # The capture date only bounds the publication date from above: the URL's date is better evidence.
            url_date = url_published(uri)
            fallback, fallback_source = (url_date, "url") if url_date else \
                (iso_date(record.rec_headers.get_header("WARC-Date")), "warc")
            where = f"{origin}#{uri}"
            if kind == "response":
                ctype = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
                if "html" not in ctype.lower():
                    continue
            payload = record.content_stream().read(max_bytes + 1)
            count += 1
            if len(payload) > max_bytes:
                yield Rejected(where, f"record larger than {max_bytes // (1024 * 1024)} MB: not one article page "
                                      "(use --max-bytes to read it anyway)")
                continue
            if kind == "conversion" or "text/plain" in (record.rec_headers.get_header("Content-Type") or ""):
                item = read_text(decode(payload), where, url=uri, published=fallback, published_source=fallback_source) \
                    if payload.strip() else Rejected(where, "empty record")
            else:
                item = read_html(payload, where, url=uri, fallback_date=fallback, fallback_source=fallback_source) \
                    if payload.strip() else Rejected(where, "empty record")
            yield with_id(item)
    except ArchiveLoadFailed as exc:
        yield Rejected(origin, f"not a readable WARC/WET file: {str(exc)[:160]}")
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield Rejected(origin, f"WARC file is truncated or corrupt after {count} records: {exc}")
    if count == 0:
        yield Rejected(origin, "WARC/WET file holds no HTML response or text conversion record")


WARC = Reader("warc", (".warc", ".wet", ".arc"), sniff_warc, read_warc)
