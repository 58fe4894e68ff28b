"""Readers, one module per input format, found through a registry. Each is total: it yields Documents or Rejected
records, never raises.

Formats (``dyad.ingest.readers.registry.READERS``): ``text`` (plain text / Markdown pages), ``html``, ``jsonl``
(one object per document), ``csv`` (one row per document, the JSON Lines fields as columns), ``parquet`` (the
same, one row per document) and ``warc`` (WARC responses and WET conversions). A file's suffix names its
format, else its first bytes do (each reader's ``sniff``). ``Columns`` maps the fields of JSON Lines, CSV and
Parquet records. Gzip is undone transparently; directories are walked recursively; ``-`` is standard input.
"""

from __future__ import annotations

import gzip
import io
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from dyad.ingest.published import PublishedFrom, apply_published
from dyad.ingest.readers.base import DEFAULT_COLUMNS, DEFAULT_MAX_BYTES, Columns, Item, Reader, decode
from dyad.ingest.readers.registry import FORMATS, READERS, reader_for_name, reader_named, sniff_reader
from dyad.model import Document, Rejected

__all__ = ["DEFAULT_COLUMNS", "DEFAULT_MAX_BYTES", "FORMATS", "READERS", "Columns", "Item", "Reader", "decode", "input_files",
           "read_bytes", "read_paths", "reader_for_name", "reader_named"]


def read_paths(paths: Iterable[str | os.PathLike[str]], input_format: str = "auto",
               max_bytes: int = DEFAULT_MAX_BYTES, published: str | None = None,
               published_from: PublishedFrom | None = None, columns: Columns = DEFAULT_COLUMNS) -> Iterator[Item]:
    """Read every path (files, directories recursively, ``-`` for stdin) in order.

    ``published`` (YYYY, YYYY-MM or YYYY-MM-DD) dates every document; ``published_from`` takes each
    document's date from its URL, its file name or its file's modification time where that gives one.
    ``columns`` names the fields of JSON Lines, CSV and Parquet records.
    """
    for path in paths:
        if str(path) == "-":
            for item in _read_stream(sys.stdin.buffer, "<stdin>", input_format, max_bytes, columns):
                yield _dated(item, None, published, published_from)
            continue
        for entry in input_files(path):
            if isinstance(entry, Rejected):
                yield entry
                continue
            for item in _read_file(entry, input_format, max_bytes, columns):
                yield _dated(item, entry, published, published_from)


def input_files(path: str | os.PathLike[str]) -> Iterator[Path | Rejected]:
    """The files one input path names, in the order ``read_paths`` reads them; what cannot be read is a Rejected row.

    A directory is walked recursively in name order (hidden names aside); a broken symbolic link, an
    unreadable directory or a missing path is a Rejected row with its reason.
    """
    p = Path(path)
    if p.is_dir():
        yield from _directory_files(p)
    elif p.is_file():
        yield p
    elif p.is_symlink():
        yield Rejected(str(path), "broken symbolic link: its target does not exist")
    else:
        yield Rejected(str(path), "no such file or directory")


def _dated(item: Item, path: Path | None, published: str | None, published_from: PublishedFrom | None) -> Item:
    return apply_published(item, path, published, published_from) if isinstance(item, Document) else item


def _directory_files(root: Path) -> Iterator[Path | Rejected]:
    """Every file under ``root`` in name order, hidden ones aside; what cannot be read is a Rejected row."""
    unreadable: list[Rejected] = []

    def failed(exc: OSError) -> None:
        unreadable.append(Rejected(exc.filename or str(root), f"cannot read directory: {exc.strerror or exc}"))

    entries: list[Path] = []
    for folder, dirs, files in os.walk(root, onerror=failed):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        entries.extend(Path(folder, name) for name in files if not name.startswith("."))
    yield from unreadable
    for entry in sorted(entries):
        if entry.is_file():
            yield entry
        elif entry.is_symlink() and not entry.exists():
            yield Rejected(str(entry), "broken symbolic link: its target does not exist")


def read_bytes(data: bytes, origin: str, input_format: str = "auto", max_bytes: int = DEFAULT_MAX_BYTES,
               columns: Columns = DEFAULT_COLUMNS) -> Iterator[Item]:
    """Read documents from bytes already in memory (an upload, a Spark record)."""
    yield from _read_stream(io.BytesIO(data), origin, input_format, max_bytes, columns)


def _read_file(path: Path, input_format: str, max_bytes: int, columns: Columns) -> Iterator[Item]:
    try:
        with path.open("rb") as fh:
            yield from _read_stream(fh, str(path), input_format, max_bytes, columns)
    except OSError as exc:
        yield Rejected(str(path), f"cannot read file: {exc.strerror or exc}")


def _read_stream(raw: IO[bytes], origin: str, input_format: str, max_bytes: int, columns: Columns) -> Iterator[Item]:
    try:
        magic = raw.read(2)
    except OSError as exc:
        yield Rejected(origin, f"cannot read: {exc}")
        return
    body: IO[bytes] = io.BufferedReader(_Prefixed(magic, raw))
    if magic == b"\x1f\x8b":
        body = gzip.GzipFile(fileobj=body, mode="rb")  # type: ignore[assignment]
    reader: Reader | None = reader_named(input_format) if input_format != "auto" else reader_for_name(origin)
    try:
        if reader is None or reader.whole:
            # One page (or an input no name explains): at most max_bytes of it, then its content decides.
            data = body.read(max_bytes + 1)
            if len(data) > max_bytes:
                yield Rejected(origin, f"larger than {max_bytes // (1024 * 1024)} MB: not one article page "
                                       "(use --max-bytes to read it anyway, or split it into JSON Lines)")
                return
            reader = reader or sniff_reader(data)
            body = io.BytesIO(data)
        yield from reader.read(body, origin, max_bytes=max_bytes, columns=columns)
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        yield Rejected(origin, f"corrupt or truncated gzip data: {exc}")
    except OSError as exc:
        yield Rejected(origin, f"cannot read: {exc}")


class _Prefixed(io.RawIOBase):
    """A stream with some already-read bytes put back in front."""

    def __init__(self, prefix: bytes, rest: IO[bytes]) -> None:
        self._prefix = prefix
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._prefix:
            n = min(len(buffer), len(self._prefix))
            buffer[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        chunk = self._rest.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)
