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
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TypeVar

WRAPPER_DEPTH = 200
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
    # The open elements as the parser will meet them, each with whether it reaches the parser.
    stack: list[tuple[str, bool]] = []
    depth = 0  # open elements that reach the parser
    edits: list[tuple[int, int, str]] = []
    position = 0
    while match := _TAG.search(html, position):
        position = match.end()
        name = (match.group(2) or "").lower()
        if not name:  # a comment
            continue
        if match.group(1):
            popped = _end(stack, name, rules)
            if popped and not popped[-1][1]:
                edits.append((*match.span(), _end_tags(popped[:-1])))
            depth -= sum(kept for _, kept in popped)
            continue
        popped = []
        while stack and name in rules.closed_by.get(stack[-1][0], ()):
            popped.append(stack.pop())
        depth -= sum(kept for _, kept in popped)
        if name in rules.raw_text:  # its content is text up to its own end tag
            closing = re.compile(f"</{name}\\s*>", re.IGNORECASE).search(html, position)
            position = closing.end() if closing else len(html)
        if name in rules.void or name in rules.raw_text or match.group(3).rstrip().endswith("/"):
            continue  # opens and closes at once: one level more for a moment, within the margin below 256
        opens = depth < MAX_DEPTH and (depth < WRAPPER_DEPTH or name in rules.article_structure)
        if not opens:
            edits.append((*match.span(), _end_tags(popped)))
        stack.append((name, opens))
        depth += opens
    return edits


def _end(stack: list[tuple[str, bool]], name: str, rules: _Rules) -> list[tuple[str, bool]]:
    """Pop what the end tag ``name`` closes, innermost first and its own element last; [] when it closes nothing.

    As in libxml2, an end tag matches the innermost open element of its name but does not close through
    an element of higher end priority (``</span>`` leaves an open ``div`` alone)."""
    priority = rules.end_priority.get(name, rules.default_priority)
    for index in range(len(stack) - 1, -1, -1):
        open_name = stack[index][0]
        if open_name == name:
            popped = stack[index:][::-1]
            del stack[index:]
            return popped
        if rules.end_priority.get(open_name, rules.default_priority) > priority:
            return []
    return []


def _end_tags(closed: list[tuple[str, bool]]) -> str:
    """End tags for the elements the parser sees among ``closed``: a dropped tag that closed them must still."""
    return "".join(f"</{name}>" for name, kept in closed if kept)
