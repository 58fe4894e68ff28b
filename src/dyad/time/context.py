"""What an event's date is resolved against: the document's publication day and the sentence's paragraph."""

from __future__ import annotations

import datetime as dt

from dyad.spans import enclosing

__all__ = ["anchor_date", "paragraph_context"]


def anchor_date(published: str | None) -> dt.date | None:
    """The day relative dates resolve against: the publication date ("2025-08-02T…", "2025-08", "2025"),
    a missing month or day taken as the first; None without a usable date."""
    if not published:
        return None
    parts = [*published.split("T")[0].split("-"), "01", "01"][:3]
    try:
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


def paragraph_context(text: str, sentences: list[tuple[int, int]], paragraphs: list[tuple[int, int]]
                      ) -> dict[int, list[tuple[int, str]]]:
    """For each sentence start, the (start, text) of every sentence of its paragraph (the record's
    ``paragraphs``; a sentence outside every paragraph stands alone)."""
    out: dict[int, list[tuple[int, str]]] = {}
    groups: dict[tuple[int, int], list[tuple[int, str]]] = {}
    for start, end in sentences:
        paragraph = enclosing(paragraphs, start) or (start, end)
        group = groups.setdefault(paragraph, [])
        group.append((start, text[start:end]))
        out[start] = group
    return out
