"""A document's figures, with the casualty counts of a violent event's sentence tied to that event."""

from __future__ import annotations

from dyad.figures.extract import casualties, extract_figures
from dyad.model import Actor, Event, Figure, Mention
from dyad.score import event_policy
from dyad.spans import SpanIndex
from dyad.time import TimeExpr

__all__ = ["document_figures"]


def document_figures(text: str, spans: list[tuple[int, int]], mentions: list[Mention], actors: dict[str, Actor],
                     events: list[Event], dates: SpanIndex[TimeExpr] | None = None) -> list[Figure]:
    """Figures of the whole text; a casualty count in the sentence of an asserted event of a casualty type
    (``policy.json``) belongs to the first such event of that sentence and takes its countries. ``dates``
    indexes the document's temporal expressions (see ``extract_figures``)."""
    by_span = SpanIndex((m.start, m.end, m) for m in mentions)  # one lookup per figure sentence, not a scan

    def countries_in(start: int, end: int) -> list[str]:
        return [actors[a].country for m in by_span.inside(start, end)
                for a in m.actors if a in actors and actors[a].country]

    figures = extract_figures(text, spans, countries_in, dates)
    casualty_types = event_policy().casualty_types
    counted: set[int] = set()
    for number, event in enumerate(events):
        if event.type not in casualty_types or event.modality != "asserted" or event.evidence.start in counted:
            continue
        counted.add(event.evidence.start)
        for casualty in casualties(event.evidence.sentence, event.evidence.start):
            casualty.event = number
            casualty.countries = sorted({r.country for r in event.source + event.target if r.country})
            figures = [f for f in figures if (f.evidence.start, f.text) != (casualty.evidence.start, casualty.text)]
            figures.append(casualty)
    return figures
