"""What every reader shares: the ``Reader`` record the registry holds, the column mapping, and small helpers."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Protocol

from dyad.model import Document, Rejected

__all__ = ["DEFAULT_COLUMNS", "DEFAULT_MAX_BYTES", "Columns", "Item", "Reader", "decode", "iso_date", "one_document", "page_data",
           "site_of", "uncounted", "with_id"]

Item = Document | Rejected
DEFAULT_MAX_BYTES = 16 * 1024 * 1024  # one article page (or one JSON Lines / WARC record) is never this big
_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?")


@dataclass(frozen=True, slots=True)
class Columns:
    """Which field of a JSON Lines record, CSV row or Parquet row holds what (``--text-column`` …).

    None keeps dyad's own field names: ``text`` (or ``html``), ``id``, ``date`` (or ``published``), ``title``
    and ``url``. A field named here must exist: a CSV or Parquet input without it is rejected as a whole.
    """

    text: str | None = None
    id: str | None = None
    date: str | None = None
    title: str | None = None
    url: str | None = None

    @property
    def text_field(self) -> str:
        return self.text or "text"

    @property
    def id_field(self) -> str:
        return self.id or "id"

    @property
    def date_fields(self) -> tuple[str, ...]:
        return (self.date,) if self.date else ("date", "published")

    @property
    def title_field(self) -> str:
        return self.title or "title"

    @property
    def url_field(self) -> str:
        return self.url or "url"

    def fields(self) -> tuple[str, ...]:
        """Every field a record is read from: the columns the Parquet readers select."""
        return (self.id_field, self.text_field, "html", self.title_field, *self.date_fields, self.url_field,
                "site", "language")

    def missing(self, found: list[str]) -> str | None:
        """Why a table with the columns ``found`` cannot be read with this mapping, or None if it can."""
        listed = ", ".join(repr(name) for name in found) or "none"
        if self.text_field not in found and "html" not in found:
            flag = "" if self.text else " (name it with --text-column)"
            return f"no text column {self.text_field!r} (or 'html'){flag}; the columns are {listed}"
        given = (("--id-column", self.id), ("--date-column", self.date), ("--title-column", self.title),
                 ("--url-column", self.url))
        absent = [f"{name!r} ({flag})" for flag, name in given if name and name not in found]
        return f"no column {', '.join(absent)}; the columns are {listed}" if absent else None


def one_document(_: Path) -> int:
    """A page file holds one document."""
    return 1


def uncounted(_: Path) -> None:
    """Records that may span lines (CSV cells, WARC records): not countable without reading them."""
    return None


DEFAULT_COLUMNS = Columns()


class ReadFunction(Protocol):
    """A reader's ``read``: every Document or Rejected row in ``body``, never an exception."""

    def __call__(self, body: IO[bytes], origin: str, *, max_bytes: int, columns: Columns) -> Iterator[Item]: ...


@dataclass(frozen=True, slots=True)
class Reader:
    """One input format: its name (``--input-format``), file suffixes, how its content is recognised, how it is read.

    ``sniff`` gets the first 2 KB of an input whose name gives no format (leading whitespace stripped) and
    says whether it is this format. ``whole`` readers get at most ``max_bytes`` of their input (one page);
    the others stream records from it. ``count`` tells the progress bar how many documents a file holds
    (None: not knowable without reading it).
    """

    name: str
    suffixes: tuple[str, ...]
    sniff: Callable[[bytes], bool]
    read: ReadFunction
    whole: bool = False
    count: Callable[[Path], int | None] = uncounted


def page_data(body: IO[bytes], origin: str) -> bytes | Rejected:
    """The bytes of one page, or why they hold no page at all."""
    data = body.read()
    if not data.strip():
        return Rejected(origin, "empty input")
    if _looks_binary(data):
        return Rejected(origin, "binary content, not a text or HTML page")
    return data


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > len(sample) * 0.05


def decode(data: bytes) -> str:
    """Bytes to text: a BOM or UTF-8 when valid, else Windows-1252, else UTF-8 with replacement."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace")


def with_id(item: Item) -> Item:
    if isinstance(item, Document) and not item.id:
        item.id = item.digest
    return item


def iso_date(value: object) -> str | None:
    """``value``'s leading YYYY, YYYY-MM or YYYY-MM-DD if it starts with a valid one."""
    if not isinstance(value, str):
        return None
    match = _ISO_DATE.match(value.strip())
    if not match:
        return None
    text = match.group(0)
    try:
        if len(text) == 10:
            date.fromisoformat(text)
    except ValueError:
        return None
    return text


def site_of(url: str | None) -> str | None:
    if not url or "://" not in url:
        return None
    host = url.split("://", 1)[1].split("/", 1)[0].split(":", 1)[0].lower()
    return host.removeprefix("www.") or None
