"""JSON Lines: one object per line, its fields named as ``Columns`` says."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from dyad.ingest.readers.base import DEFAULT_COLUMNS, DEFAULT_MAX_BYTES, Columns, Item, Reader, decode
from dyad.ingest.readers.records import record_document
from dyad.model import Rejected

__all__ = ["JSONL", "read_jsonl"]


def sniff_jsonl(head: bytes) -> bool:
    return head.startswith(b"{")


def count_lines(path: Path) -> int:
    """One record per line: the file's line count."""
    count = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            count += chunk.count(b"\n")
    return count


def read_jsonl(body: IO[bytes], origin: str, *, max_bytes: int = DEFAULT_MAX_BYTES,
               columns: Columns = DEFAULT_COLUMNS) -> Iterator[Item]:
    """JSON Lines: one object per line with ``text`` (or ``html``) and optional id, title, date, url.

    The text is taken as given (no boilerplate segmentation): callers of this format supply clean text.
    A line longer than ``max_bytes`` is rejected without being held in memory.
    """
    for lineno, line in enumerate(_bounded_lines(body, max_bytes), start=1):
        where = f"{origin}:{lineno}"
        if line is None:
            yield Rejected(where, f"record larger than {max_bytes // (1024 * 1024)} MB: not one article "
                                  "(use --max-bytes to read it anyway)")
            continue
        if not line.strip():
            continue
        try:
            obj = json.loads(decode(line))
        except json.JSONDecodeError as exc:
            # Some of json's messages end in "at" already ("Unterminated string starting at").
            joiner = " " if exc.msg.endswith(" at") else " at "
            yield Rejected(where, f"invalid JSON: {exc.msg}{joiner}column {exc.colno}")
            continue
        if not isinstance(obj, dict):
            yield Rejected(where, "a JSON Lines record must be an object with a 'text' field")
            continue
        yield record_document(obj, where, "jsonl", columns)


def _bounded_lines(body: IO[bytes], max_bytes: int) -> Iterator[bytes | None]:
    """The lines of ``body``; None in place of a line longer than ``max_bytes`` (whose rest is skipped)."""
    while line := body.readline(max_bytes + 1):
        if len(line) <= max_bytes or (line.endswith(b"\n") and len(line) == max_bytes + 1):
            yield line
            continue
        while line and not line.endswith(b"\n"):
            line = body.readline(1 << 20)
        yield None


JSONL = Reader("jsonl", (".jsonl", ".ndjson", ".json"), sniff_jsonl, read_jsonl, count=count_lines)
