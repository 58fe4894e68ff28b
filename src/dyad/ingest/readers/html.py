"""HTML pages: trafilatura finds the article and the page metadata; headings and teasers are kept apart."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from dyad.ingest.language import detect_language
from dyad.ingest.nesting import parser_limit, shallow_html
from dyad.ingest.published import html_published
from dyad.ingest.readers.base import Columns, Item, Reader, one_document, page_data, site_of, with_id
from dyad.ingest.segment import LONG_PARAGRAPH_WORDS, is_section_label
from dyad.model import Document, Heading, Rejected, Teaser

__all__ = ["HTML", "read_html"]


def sniff_html(head: bytes) -> bool:
    start = head.lower()
    return b"<html" in start or b"<!doctype html" in start or b"<body" in start or b"<article" in start


def _read(body: IO[bytes], origin: str, *, max_bytes: int, columns: Columns) -> Iterator[Item]:
    data = page_data(body, origin)
    yield with_id(data if isinstance(data, Rejected) else read_html(data, origin))


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
                    site=extracted.sitename or site_of(url or extracted.url), author=extracted.author,
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


HTML = Reader("html", (".html", ".htm", ".xhtml"), sniff_html, _read, whole=True, count=one_document)
