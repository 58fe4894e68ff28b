"""The readers dyad knows, in the order their ``sniff`` is tried; a format's name or file suffix finds its reader."""

from __future__ import annotations

import os

from dyad.ingest.readers.base import Reader
from dyad.ingest.readers.csv import CSV
from dyad.ingest.readers.html import HTML
from dyad.ingest.readers.jsonl import JSONL
from dyad.ingest.readers.parquet import PARQUET
from dyad.ingest.readers.text import TEXT
from dyad.ingest.readers.warc import WARC

__all__ = ["FORMATS", "READERS", "SNIFF_BYTES", "reader_for_name", "reader_named", "sniff_reader"]

# Sniffing order: the formats with a signature first (WARC/, PAR1, "{", a CSV header), HTML tags, then text.
READERS: tuple[Reader, ...] = (WARC, PARQUET, JSONL, CSV, HTML, TEXT)
FORMATS: tuple[str, ...] = ("auto", *(r.name for r in READERS))  # the choices of --input-format
SNIFF_BYTES = 2048
_BY_NAME = {r.name: r for r in READERS}
_BY_SUFFIX = {suffix: r for r in READERS for suffix in r.suffixes}


def reader_named(name: str) -> Reader:
    """The reader of ``--input-format NAME``; KeyError for a name that is none of ``FORMATS`` but ``auto``."""
    return _BY_NAME[name]


def reader_for_name(name: str) -> Reader | None:
    """The reader a file name's suffix calls for (``.gz`` aside), or None when the suffix is no format's."""
    lower = name.lower().removesuffix(".gz")
    return _BY_SUFFIX.get(os.path.splitext(lower)[1])


def sniff_reader(data: bytes) -> Reader:
    """The first reader whose ``sniff`` claims ``data`` (text, which claims anything, is last)."""
    head = data.lstrip()[:SNIFF_BYTES]
    return next(r for r in READERS if r.sniff(head))
