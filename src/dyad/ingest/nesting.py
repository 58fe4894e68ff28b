"""Pages nested deeper than the HTML parser goes.

libxml2's HTML parser (lxml's, so trafilatura's and ours) stops at 256 open elements, 2048 with
XML_PARSE_HUGE, and lxml hands back the tree built so far without an error: everything after that
point, typically the article under a site's wrappers, is silently gone. ``parser_limit`` says when a
page hits such a limit; ``shallow_html`` then removes the tags that would open deeper than the parser
goes, so that all of the page's text reaches it. Past ``WRAPPER_DEPTH`` open elements only the
article's structure (paragraphs, headings, lists, tables) still opens; past ``MAX_DEPTH`` nothing does.

The open elements are tracked with the parser's own rules, kept in ``data/html_nesting.json``: which
start tag closes which open element, the empty and raw-text elements, and the end priorities that
stop an end tag from closing through a table or a ``div``.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TypeVar

WRAPPER_DEPTH = 200  # past this many open elements only the article's structure opens
MAX_DEPTH = 240  # below libxml2's 256, which also counts the html, body and p elements it implies itself

Markup = TypeVar("Markup", str, bytes)

# A comment, or a start or end tag; anything else is text. No "<" inside a tag: each try then stops at
# the next one, so a page full of unclosed "<" costs linear time (a ">" in a quoted value ends the tag early,
# leaving the rest as text).
_TAG = re.compile(r"<!--.*?(?:-->|\Z)|<(/?)([A-Za-z][^\s/<>]*)([^<>]*)>", re.DOTALL)


@dataclass(frozen=True)
class _Rules:
    void: frozenset[str]
    raw_text: frozenset[str]
    closed_by: dict[str, frozenset[str]]
    end_priority: dict[str, int]
    default_priority: int
    article_structure: frozenset[str]


@cache
def _rules() -> _Rules:
    raw = json.loads(resources.files("dyad.data").joinpath("html_nesting.json").read_text("utf-8"))
    priority = dict(raw["end_priority"])
    return _Rules(void=frozenset(raw["void"]), raw_text=frozenset(raw["raw_text"]),
                  closed_by={tag: frozenset(by) for tag, by in raw["closed_by"].items()},
                  end_priority=priority, default_priority=priority.pop("_default"),
                  article_structure=frozenset(raw["article_structure"]))


def parser_limit(html: str | bytes) -> str | None:
    """libxml2's message when it stops short of the end of ``html`` at one of its resource limits, else None."""
    from lxml import etree
    from lxml import html as lxml_html

    parser = lxml_html.HTMLParser()
    try:
        lxml_html.fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):  # nothing to parse: the reader says so itself
        return None
    return next((e.message for e in parser.error_log if e.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT), None)


def shallow_html(html: Markup) -> Markup:
    """``html`` without the tags that would open deeper than libxml2 parses (their text stays), else as it came."""
    # Latin-1 maps each byte to one character and back, and tags are ASCII in any encoding a page uses.
    edits = _edits(html if isinstance(html, str) else html.decode("latin-1"))
    if not edits:
        return html
    parts: list[Markup] = []
    done = 0
    for start, end, replacement in edits:
        parts += [html[done:start], replacement if isinstance(html, str) else replacement.encode("ascii")]
        done = end
    parts.append(html[done:])
    return html[:0].join(parts)


def _edits(html: str) -> list[tuple[int, int, str]]:
    """(start, end, replacement) for each tag to drop, in order."""
    rules = _rules()
    stack = _OpenElements(rules)
    edits: list[tuple[int, int, str]] = []
    position = 0
    while match := _TAG.search(html, position):
        position = match.end()
        name = (match.group(2) or "").lower()
        if not name:  # a comment
            continue
        if match.group(1):
            popped = stack.close(name)
            if popped and not popped[-1][1]:
                edits.append((*match.span(), _end_tags(popped[:-1])))
            continue
        popped = []
        while stack.entries and name in rules.closed_by.get(stack.entries[-1][0], ()):
            popped.append(stack.pop())
        if name in rules.raw_text:  # its content is text up to its own end tag
            closing = re.compile(f"</{name}\\s*>", re.IGNORECASE).search(html, position)
            position = closing.end() if closing else len(html)
        if name in rules.void or name in rules.raw_text or match.group(3).rstrip().endswith("/"):
            continue  # opens and closes at once: one level more for a moment, within the margin below 256
        opens = stack.depth < MAX_DEPTH and (stack.depth < WRAPPER_DEPTH or name in rules.article_structure)
        if not opens:
            edits.append((*match.span(), _end_tags(popped)))
        stack.push(name, opens)
    return edits


class _OpenElements:
    """The open elements as the parser will meet them, each with whether it reaches the parser.

    Indexed by name and by end priority so that an end tag costs the same however deep the page: a
    page of stray end tags under thousands of open elements stays linear."""

    def __init__(self, rules: _Rules) -> None:
        self.rules = rules
        self.entries: list[tuple[str, bool]] = []
        self.depth = 0  # entries that reach the parser
        self._at: defaultdict[str, list[int]] = defaultdict(list)  # indices of the open elements of each name
        priorities = {rules.default_priority, *rules.end_priority.values()}
        self._over: dict[int, list[int]] = {p: [] for p in priorities}  # indices of those of higher end priority

    def _priority(self, name: str) -> int:
        return self.rules.end_priority.get(name, self.rules.default_priority)

    def push(self, name: str, reaches_parser: bool) -> None:
        index = len(self.entries)
        self.entries.append((name, reaches_parser))
        self.depth += reaches_parser
        self._at[name].append(index)
        priority = self._priority(name)
        for below, indices in self._over.items():
            if priority > below:
                indices.append(index)

    def pop(self) -> tuple[str, bool]:
        name, reaches_parser = self.entries.pop()
        self.depth -= reaches_parser
        self._at[name].pop()
        index = len(self.entries)
        for indices in self._over.values():
            if indices and indices[-1] == index:
                indices.pop()
        return name, reaches_parser

    def close(self, name: str) -> list[tuple[str, bool]]:
        """Pop what the end tag ``name`` closes, innermost first and its own element last; [] when none.

        As in libxml2, an end tag matches the innermost open element of its name but does not close
        through an element of higher end priority (``</span>`` leaves an open ``div`` alone)."""
        if not self._at[name]:
            return []
        index = self._at[name][-1]
        blockers = self._over[self._priority(name)]
        if blockers and blockers[-1] > index:
            return []
        return [self.pop() for _ in range(len(self.entries) - index)]


def _end_tags(closed: list[tuple[str, bool]]) -> str:
    """End tags for the elements the parser sees among ``closed``: a dropped tag that closed them must still."""
    return "".join(f"</{name}>" for name, kept in closed if kept)
