"""Highlight markup for an article, built server-side from character offsets; every piece of text is escaped."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from markupsafe import Markup, escape

__all__ = ["Span", "highlight"]


@dataclass(slots=True, frozen=True)
class Span:
    """A range of the text to wrap in ``<tag class=... data-...>``; attributes are escaped on output."""

    start: int
    end: int
    tag: str
    css: str
    attrs: Mapping[str, str] = field(default_factory=dict)


def _open(span: Span) -> str:
    attrs = "".join(f' {name}="{escape(value)}"' for name, value in span.attrs.items())
    return f'<{span.tag} class="{escape(span.css)}"{attrs}>'


def highlight(text: str, spans: Iterable[Span]) -> Markup:
    """Escape ``text`` and wrap each span in its tag, splitting spans that cross so the markup nests."""
    valid = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    valid.sort(key=lambda s: (s.start, -s.end))
    bounds = sorted({0, len(text)} | {s.start for s in valid} | {s.end for s in valid})
    starting: dict[int, list[Span]] = {}
    for span in valid:
        starting.setdefault(span.start, []).append(span)
    out: list[str] = []
    stack: list[Span] = []
    previous = 0
    for point in bounds:
        out.append(str(escape(text[previous:point])))
        previous = point
        if any(s.end == point for s in stack):
            reopen: list[Span] = []
            while any(s.end == point for s in stack):
                top = stack.pop()
                out.append(f"</{top.tag}>")
                if top.end != point:
                    reopen.append(top)
            for span in reversed(reopen):
                stack.append(span)
                out.append(_open(span))
        for span in starting.get(point, []):
            stack.append(span)
            out.append(_open(span))
    return Markup("".join(out))
