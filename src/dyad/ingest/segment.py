"""Separate a scraped text page into title, article (paragraphs and headings), byline and teasers.

The rules are general, not site-specific:
- a line repeated back-to-back is a title (pages often print the headline twice);
- a "Read More" marker closes a teaser: the title-like line above it and the summary between;
- the block between the article's last long paragraph and the first teaser (site name, tagline,
  "Recent") is page furniture;
- a short line without final punctuation followed by a paragraph is a heading;
- a short line led by a pictographic symbol (a map key, an icon label) is dropped.
The cue words live in ``data/boilerplate.json``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from dyad.model import Heading, Teaser

__all__ = ["LONG_PARAGRAPH_WORDS", "Segmented", "is_section_label", "segment_text"]

LONG_PARAGRAPH_WORDS = 30  # an article paragraph; taglines and bylines are shorter
HEADING_MAX_WORDS = 12
TITLE_MAX_WORDS = 30
_TRAILING_SYMBOLS = " \t»«›‹>→…:.|-–—"


@dataclass(slots=True)
class Segmented:
    title: str | None
    text: str
    headings: list[Heading] = field(default_factory=list)
    teasers: list[Teaser] = field(default_factory=list)
    author: str | None = None


@dataclass(slots=True)
class _Line:
    text: str
    repeated: bool = False

    @property
    def words(self) -> int:
        return len(self.text.split())


@cache
def _cues() -> tuple[tuple[str, ...], frozenset[str], tuple[re.Pattern[str], ...]]:
    raw = json.loads(resources.files("dyad.data").joinpath("boilerplate.json").read_text("utf-8"))
    markers = tuple(sorted({_norm(m) for m in raw["more_markers"]}, key=len, reverse=True))
    labels = frozenset(_norm(m) for m in raw["section_labels"])
    bylines = tuple(re.compile(p, re.IGNORECASE) for p in raw["byline_patterns"])
    return markers, labels, bylines


def _norm(s: str) -> str:
    return s.lower().strip(_TRAILING_SYMBOLS).strip()


def _split_marker(line: str) -> tuple[str, bool]:
    """Return the line without a trailing "Read More" marker, and whether it carried one."""
    markers, _, _ = _cues()
    low = _norm(line)
    # a sentence that ends in the words ("… they still want more.") is not a marker
    ends_sentence = line.rstrip().endswith(".") and not line.rstrip().endswith("..")
    for marker in markers:
        if low == marker:
            return "", True
        if low.endswith(" " + marker) and len(low) > len(marker) + 20 and not ends_sentence:
            cut = line.lower().rstrip(_TRAILING_SYMBOLS).rfind(marker)
            return line[:cut].rstrip(" |-–—»›>"), True
    return line, False


def _is_title_like(line: _Line) -> bool:
    return line.repeated or (0 < line.words <= TITLE_MAX_WORDS and not line.text.rstrip().endswith((".", ",", ";")))


def is_section_label(text: str) -> bool:
    """A page-section label ("Related", "Top stories", "Comments"): never article text."""
    return _norm(text) in _cues()[1]


def _is_label(line: _Line) -> bool:
    return is_section_label(line.text)


def _is_legend(line: _Line) -> bool:
    """A short line led by a pictographic symbol ("██ Syrian Democratic Forces"): a map key or an icon label."""
    return line.words <= HEADING_MAX_WORDS and unicodedata.category(line.text[0]) == "So"


def _is_byline(line: _Line) -> bool:
    return line.words <= 12 and any(p.search(line.text) for p in _cues()[2])


def _collapse(raw: str) -> list[_Line]:
    lines: list[_Line] = []
    for text in raw.splitlines():
        text = " ".join(text.split())
        if not text:
            continue
        if lines and lines[-1].text == text:
            lines[-1].repeated = True
            continue
        lines.append(_Line(text))
    return lines


def _find_teasers(lines: list[_Line]) -> tuple[int, list[Teaser], int]:
    """Locate "Read More" teasers. Returns (first teaser line, teasers, line after the last teaser)."""
    blocks: list[tuple[int, int]] = []  # (end of the teaser's lines, start of what follows)
    for i, line in enumerate(lines):
        rest, marked = _split_marker(line.text)
        if marked and rest:
            line.text = rest
            blocks.append((i + 1, i + 1))
        elif marked:
            blocks.append((i, i + 1))
    if not blocks:
        return len(lines), [], len(lines)
    # The first teaser has no marker above it: its summary is the few lines before the marker
    # and its title the title-like line above them.
    first_end = blocks[0][0]
    start = max(first_end - 1, 0)
    while start > 0 and first_end - start < 4 and not _is_title_like(lines[start - 1]):
        start -= 1
    if start > 0 and _is_title_like(lines[start - 1]):
        start -= 1
    region_start = start
    teasers: list[Teaser] = []
    for end, following in blocks:
        block = lines[start:end]
        if block:
            has_title = len(block) > 1 and _is_title_like(block[0])
            teasers.append(Teaser(title=block[0].text if has_title else "",
                                  summary=" ".join(b.text for b in block[1 if has_title else 0:])))
        start = following
    return region_start, teasers, blocks[-1][1]


def segment_text(raw: str) -> Segmented:
    """Split a scraped text page into its parts."""
    lines = _collapse(raw)
    if not lines:
        return Segmented(title=None, text="")
    title: str | None = None
    author: str | None = None
    if _is_title_like(lines[0]) and (len(lines) > 1 or lines[0].repeated):
        title = lines.pop(0).text

    tail_start, teasers, teaser_end = _find_teasers(lines)
    trailing = lines[teaser_end:]
    lines = lines[:tail_start]
    # Page furniture between the article and the teasers: absorb short lines up to the last long paragraph.
    end = len(lines)
    if teasers:
        while end > 0 and lines[end - 1].words < LONG_PARAGRAPH_WORDS:
            end -= 1
    while end > 0 and (_is_label(lines[end - 1]) or _is_byline(lines[end - 1])):
        end -= 1
    furniture = lines[end:] + [t for t in trailing if _is_byline(t)]
    lines = lines[:end]
    for line in furniture:
        if _is_byline(line) and author is None:
            author = line.text

    paragraphs: list[str] = []
    headings: list[Heading] = []
    offset = 0
    pending_headings: list[str] = []
    for i, line in enumerate(lines):
        if (title and line.text == title) or _is_label(line) or _is_legend(line):
            continue
        if _is_byline(line) and not paragraphs:
            author = author or line.text
            continue
        following = lines[i + 1] if i + 1 < len(lines) else None
        if (following is not None and paragraphs and line.words <= HEADING_MAX_WORDS
                and _is_title_like(line) and not line.text.endswith("?")
                and following.words > line.words and (line.text[:1].isupper() or line.text[:1].isdigit())):
            pending_headings.append(line.text)
            continue
        if paragraphs:
            offset += 2  # the "\n\n" that joins paragraphs
        for heading in pending_headings:
            headings.append(Heading(text=heading, start=offset, end=offset))
        pending_headings = []
        paragraphs.append(line.text)
        offset += len(line.text)
    return Segmented(title=title, text="\n\n".join(paragraphs), headings=headings, teasers=teasers, author=author)
