"""Readers, one per input format. Each is total: it yields Documents or Rejected records, never raises.

Formats: ``text`` (plain text / Markdown pages), ``html``, ``jsonl`` (one object per document),
``csv`` (one row per document, the JSON Lines fields as columns), ``warc`` (WARC responses and WET conversions). Gzip is undone transparently; directories are
walked recursively; ``-`` is standard input.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any

from dyad.ingest.language import detect_language
from dyad.ingest.nesting import parser_limit, shallow_html
from dyad.ingest.published import PublishedFrom, apply_published, html_published, url_published
from dyad.ingest.segment import LONG_PARAGRAPH_WORDS, is_section_label, segment_text
from dyad.model import Document, Heading, Rejected, Teaser

__all__ = ["DEFAULT_MAX_BYTES", "FORMATS", "Item", "input_files", "read_bytes", "read_paths"]

Item = Document | Rejected
FORMATS = ("auto", "text", "html", "jsonl", "csv", "warc")
DEFAULT_MAX_BYTES = 16 * 1024 * 1024  # one article page (or one JSON Lines / WARC record) is never this big
_EXTENSIONS = {
    ".txt": "text", ".text": "text", ".md": "text", ".markdown": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv",
    ".warc": "warc", ".wet": "warc", ".arc": "warc",
}
_STREAMED = {"jsonl", "csv", "warc"}
_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?")


def read_paths(paths: Iterable[str | os.PathLike[str]], input_format: str = "auto",
               max_bytes: int = DEFAULT_MAX_BYTES, published: str | None = None,
               published_from: PublishedFrom | None = None) -> Iterator[Item]:
    """Read every path (files, directories recursively, ``-`` for stdin) in order.

    ``published`` (YYYY, YYYY-MM or YYYY-MM-DD) dates every document; ``published_from`` takes each
    document's date from its URL, its file name or its file's modification time where that gives one.
    """
    for path in paths:
        if str(path) == "-":
            for item in _read_stream(sys.stdin.buffer, "<stdin>", input_format, max_bytes):
                yield _dated(item, None, published, published_from)
            continue
        for entry in input_files(path):
            if isinstance(entry, Rejected):
                yield entry
                continue
            for item in _read_file(entry, input_format, max_bytes):
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


def read_bytes(data: bytes, origin: str, input_format: str = "auto",
               max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Read documents from bytes already in memory (an upload, a Spark record)."""
    yield from _read_stream(io.BytesIO(data), origin, input_format, max_bytes)


def _read_file(path: Path, input_format: str, max_bytes: int) -> Iterator[Item]:
    try:
        with path.open("rb") as fh:
            yield from _read_stream(fh, str(path), input_format, max_bytes)
    except OSError as exc:
        yield Rejected(str(path), f"cannot read file: {exc.strerror or exc}")


def _format_from_name(name: str) -> str | None:
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    return _EXTENSIONS.get(os.path.splitext(lower)[1])


def _sniff(head: bytes) -> str:
    start = head.lstrip()[:2048].lower()
    if start.startswith(b"warc/"):
        return "warc"
    if start.startswith(b"{"):
        return "jsonl"
    if b"<html" in start or b"<!doctype html" in start or b"<body" in start or b"<article" in start:
        return "html"
    return "text"


def _read_stream(raw: IO[bytes], origin: str, input_format: str, max_bytes: int) -> Iterator[Item]:
    try:
        magic = raw.read(2)
    except OSError as exc:
        yield Rejected(origin, f"cannot read: {exc}")
        return
    body: IO[bytes] = io.BufferedReader(_Prefixed(magic, raw))
    if magic == b"\x1f\x8b":
        body = gzip.GzipFile(fileobj=body, mode="rb")  # type: ignore[assignment]
    fmt = input_format if input_format != "auto" else _format_from_name(origin)
    try:
        if fmt is None or fmt not in _STREAMED:
            data = body.read(max_bytes + 1)
            if len(data) > max_bytes:
                yield Rejected(origin, f"larger than {max_bytes // (1024 * 1024)} MB: not one article page "
                                       "(use --max-bytes to read it anyway, or split it into JSON Lines)")
                return
            fmt = fmt or _sniff(data)
            if fmt in _STREAMED:
                yield from _read_streamed(io.BytesIO(data), origin, fmt, max_bytes)
            else:
                yield _with_id(_read_single(data, origin, fmt))
        else:
            yield from _read_streamed(body, origin, fmt, max_bytes)
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


def _read_streamed(body: IO[bytes], origin: str, fmt: str, max_bytes: int) -> Iterator[Item]:
    if fmt == "jsonl":
        yield from read_jsonl(body, origin, max_bytes)
    elif fmt == "csv":
        yield from read_csv(body, origin)
    else:
        yield from read_warc(body, origin, max_bytes)


def _read_single(data: bytes, origin: str, fmt: str) -> Item:
    if not data.strip():
        return Rejected(origin, "empty input")
    if _looks_binary(data):
        return Rejected(origin, "binary content, not a text or HTML page")
    if fmt == "html":
        return read_html(data, origin)
    return read_text(decode(data), origin)


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


def read_text(raw: str, origin: str, url: str | None = None, published: str | None = None,
              published_source: str | None = None) -> Item:
    """A scraped text page: segment the article from the page around it."""
    seg = segment_text(raw)
    if not seg.text.strip():
        return Rejected(origin, "no article text after removing page boilerplate")
    return Document(id="", origin=url or origin, text=seg.text, title=seg.title, author=seg.author,
                    published=published, published_source=published_source if published else None,
                    language=detect_language(seg.text), format="text",
                    headings=seg.headings, teasers=seg.teasers, site=_site(url))


def read_html(data: bytes | str, origin: str, url: str | None = None, fallback_date: str | None = None,
              fallback_source: str | None = None) -> Item:
    """An HTML page: trafilatura finds the main content and the page metadata."""
    import trafilatura  # imported here: its import costs 0.3 s that text-only runs should not pay

    if parser_limit(data):  # the parser would drop, silently, all that opens past its 256th level
        data = shallow_html(data)
        limit = parser_limit(data)
        if limit:
            return Rejected(origin, f"HTML the parser stops reading part-way, even without its deepest tags: {limit}")
    try:
        extracted = trafilatura.bare_extraction(data, url=url, with_metadata=True, include_comments=False,
                                                include_tables=True)
    except Exception as exc:  # trafilatura raises many kinds on malformed markup
        return Rejected(origin, f"HTML could not be parsed: {type(exc).__name__}: {str(exc)[:120]}")
    if extracted is None or not (extracted.text or "").strip():
        return Rejected(origin, "no article text found in the HTML (only scripts, navigation or boilerplate)")
    title = extracted.title
    paragraphs, headings, teasers = _html_blocks(extracted, title)
    text = "\n\n".join(paragraphs) if paragraphs else extracted.text
    metadata = html_published(data)
    published, source = (metadata, "metadata") if metadata else (fallback_date, fallback_source)
    return Document(id="", origin=url or extracted.url or origin, text=text, title=title,
                    site=extracted.sitename or _site(url or extracted.url), author=extracted.author,
                    published=published, published_source=source if published else None,
                    language=detect_language(text), format="html", headings=headings, teasers=teasers)


# trafilatura's output tree: these tags start a new block; everything else (hi, ref, del, code …) is inline.
_BLOCK_TAGS = frozenset({"p", "head", "list", "item", "table", "row", "cell", "quote", "div", "note", "figure",
                         "section"})
_NESTED_BLOCKS = ".//p|.//list|.//table|.//head|.//quote|.//div"


def _html_blocks(extracted: object, title: str | None) -> tuple[list[str], list[Heading], list[Teaser]]:
    """Paragraphs, headings and teasers of trafilatura's output tree; headings sit where their section starts."""
    body = getattr(extracted, "body", None)
    if body is None:
        return [], [], []
    blocks = _flatten(body)
    # A section label ("Top stories", "Related") after the first paragraph, with no long paragraph after
    # it, starts the teasers.
    article = [i for i, (kind, b) in enumerate(blocks) if kind == "p" and not is_section_label(b)]
    last_long = max([i for i in article if len(blocks[i][1].split()) >= LONG_PARAGRAPH_WORDS], default=-1)
    start = max(last_long, article[0] if article else len(blocks))
    cut = next((i for i, (_, b) in enumerate(blocks) if i > start and is_section_label(b)), len(blocks))
    teasers = [Teaser(title="", summary=b) for kind, b in blocks[cut:] if kind == "p" and not is_section_label(b)]
    paragraphs: list[str] = []
    headings: list[Heading] = []
    offset = 0
    pending: list[str] = []
    for kind, block in blocks[:cut]:
        if is_section_label(block):
            continue
        if kind == "head":
            if block != title:
                pending.append(block)
            continue
        if not paragraphs and block == title:
            continue
        if paragraphs:
            offset += 2
        headings.extend(Heading(text=h, start=offset, end=offset) for h in pending)
        pending = []
        paragraphs.append(block)
        offset += len(block)
    # a heading with nothing under it is page furniture, not a section
    return paragraphs, headings, teasers


def _flatten(root: Any) -> list[tuple[str, str]]:
    """The tree as ("head" | "p", text) blocks in reading order.

    Text directly in a container (a tail after a heading) is a paragraph of its own, list items and
    table rows are one block each (cells joined by " | "), and a line break ends a paragraph.
    """
    blocks: list[tuple[str, str]] = []
    buffer: list[str] = []

    def flush() -> None:
        text = " ".join("".join(buffer).split())
        buffer.clear()
        if text:
            blocks.append(("p", text))

    def walk(element: Any) -> None:
        tag = element.tag
        if tag == "lb":
            flush()
        elif tag == "head":
            flush()
            text = " ".join(_inline(element).split())
            if text:
                blocks.append(("head", text))
        elif tag == "row" and not element.xpath(_NESTED_BLOCKS):
            flush()
            buffer.append(" | ".join(c for c in (" ".join(_inline(cell).split()) for cell in element) if c))
            flush()
        elif tag in _BLOCK_TAGS:
            flush()
            buffer.append(element.text or "")
            for child in element:
                walk(child)
                buffer.append(child.tail or "")
            flush()
        else:
            buffer.append(element.text or "")
            for child in element:
                walk(child)
                buffer.append(child.tail or "")

    buffer.append(root.text or "")
    for child in root:
        walk(child)
        buffer.append(child.tail or "")
    flush()
    return blocks


def _inline(element: Any) -> str:
    """An element's text with line breaks and cell borders as spaces, so words never run together."""
    parts = [element.text or ""]
    for child in element:
        parts.append(" " if child.tag in ("lb", "cell") else "")
        parts.append(_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)


def read_jsonl(body: IO[bytes], origin: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
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
        yield _record(obj, where, "jsonl")


def read_csv(body: IO[bytes], origin: str) -> Iterator[Item]:
    """CSV with a header row: one document per row, the columns named as the JSON Lines fields.

    A ``date`` (or ``published``) column dates its row, as in JSON Lines; cells may span lines.
    """
    csv.field_size_limit(DEFAULT_MAX_BYTES)  # article texts are far longer than csv's 128 KB default
    rows = csv.DictReader(io.TextIOWrapper(body, encoding="utf-8-sig", errors="replace", newline=""))
    try:
        for number, row in enumerate(rows, start=1):
            yield _record({k: v for k, v in row.items() if k and v != ""}, f"{origin}:{number}", "csv")
    except csv.Error as exc:
        yield Rejected(origin, f"invalid CSV: {exc}")


def _record(obj: dict[str, Any], where: str, fmt: str) -> Item:
    """A document from one JSON Lines object or CSV row (``text`` or ``html``; id, title, date, url …)."""
    given_date = obj.get("date") if obj.get("date") is not None else obj.get("published")
    published = _iso_date(given_date)
    warnings = [] if given_date is None or published else \
        [f"ignored the record's date {json.dumps(given_date, ensure_ascii=False)[:60]}: "
         "not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)"]
    url = obj.get("url") if isinstance(obj.get("url"), str) else None
    if isinstance(obj.get("html"), str) and not isinstance(obj.get("text"), str):
        item = read_html(obj["html"], where, url=url, fallback_date=published, fallback_source="input")
    elif isinstance(obj.get("text"), str) and obj["text"].strip():
        text = obj["text"].strip()
        item = Document(id="", origin=url or where, text=text, title=_str(obj.get("title")),
                        site=_str(obj.get("site")) or _site(url), published=published,
                        published_source="input" if published else None,
                        language=_str(obj.get("language")) or detect_language(text), format=fmt)
    else:
        return Rejected(where, "record has no non-empty 'text' (or 'html') field")
    if isinstance(item, Document):
        item.warnings.extend(warnings)
        if obj.get("id") is not None:
            item.id = str(obj["id"])
            if isinstance(obj["id"], int) and not isinstance(obj["id"], bool):
                item.input_id = obj["id"]
    return _with_id(item)


def _bounded_lines(body: IO[bytes], max_bytes: int) -> Iterator[bytes | None]:
    """The lines of ``body``; None in place of a line longer than ``max_bytes`` (whose rest is skipped)."""
    while line := body.readline(max_bytes + 1):
        if len(line) <= max_bytes or (line.endswith(b"\n") and len(line) == max_bytes + 1):
            yield line
            continue
        while line and not line.endswith(b"\n"):
            line = body.readline(1 << 20)
        yield None


def read_warc(body: IO[bytes], origin: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
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
                (_iso_date(record.rec_headers.get_header("WARC-Date")), "warc")
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
            yield _with_id(item)
    except ArchiveLoadFailed as exc:
        yield Rejected(origin, f"not a readable WARC/WET file: {str(exc)[:160]}")
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield Rejected(origin, f"WARC file is truncated or corrupt after {count} records: {exc}")
    if count == 0:
        yield Rejected(origin, "WARC/WET file holds no HTML response or text conversion record")


def _with_id(item: Item) -> Item:
    if isinstance(item, Document) and not item.id:
        item.id = item.digest
    return item


def _iso_date(value: object) -> str | None:
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


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _site(url: str | None) -> str | None:
    if not url or "://" not in url:
        return None
    host = url.split("://", 1)[1].split("/", 1)[0].split(":", 1)[0].lower()
    return host.removeprefix("www.") or None
