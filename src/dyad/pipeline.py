"""Composes the stages: ``analyse_document(document) -> Analysis``. No I/O happens here.

Only the sentences that can hold an actor (a gazetteer hit) are parsed; the rest of the text
is cheap to skip. Heavy resources (spaCy, the automata) load once per process, lazily.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from functools import cache

from dyad.actors import ActorResolver
from dyad.events import EventCoder
from dyad.events.lexicon import lexicon
from dyad.figures import casualties, extract_figures
from dyad.model import Actor, Analysis, Document, Event, Figure, Location, Mention, Rejected
from dyad.nlp import parse_spans, split_sentences
from dyad.score import score_event
from dyad.time import event_date, infer_document_date
from dyad.version import pipeline_stamp

__all__ = ["Pipeline", "analyse_document", "analyse_or_reject"]

ANALYSED_LANGUAGES = frozenset({"en", None})


class Pipeline:
    """The stages of one analysis, each loaded once per process."""

    def __init__(self) -> None:
        self.resolver = ActorResolver()
        self.coder = EventCoder()

    def analyse(self, document: Document) -> Analysis:
        """Run every analysis stage over one Document."""
        if document.language not in ANALYSED_LANGUAGES:
            return Analysis(document=document, pipeline=pipeline_stamp())
        text = document.text
        if document.published is None:
            document.published = infer_document_date(text)
            document.published_source = "inferred" if document.published else None
        spans = split_sentences(text)
        hits = sorted(self.resolver.candidates(text))
        selected = _spans_with_hits(text, spans, hits)
        parsed = parse_spans(text, selected)
        actors, mentions = self.resolver.resolve(document, parsed, generic_agents=True)
        index = {actor.id: actor for actor in actors}
        events = self.coder.code(text, parsed, mentions, index, self.resolver.place)
        actors, mentions = _without_idle_generics(actors, mentions, events)
        anchor = _anchor(document.published)
        paragraphs = _paragraph_context(text, spans)
        for event in events:
            score_event(event)
            event.date, event.date_precision = event_date(
                event.evidence.sentence, event.evidence.start, event.evidence.trigger_start or event.evidence.start,
                anchor, event.modality, paragraphs.get(event.evidence.start))
            event.location = event.location or _host_location(event, index)
        figures = _figures(text, spans, mentions, index, events)
        return Analysis(document=document, actors=actors, events=events, figures=figures, mentions=mentions,
                        pipeline=pipeline_stamp())


def _without_idle_generics(actors: list[Actor], mentions: list[Mention], events: list[Event]
                           ) -> tuple[list[Actor], list[Mention]]:
    """An unnamed agent ("police", "officials") is worth reporting only where it takes part in an event."""
    used = {(r.actor, r.text) for e in events for r in (*e.source, *e.target, *e.third_parties)}
    idle = [m for m in mentions if m.kind == "generic" and not any((a, m.text) in used for a in m.actors)]
    if not idle:
        return actors, mentions
    spans = {(m.start, m.end) for m in idle}
    kept = [m for m in mentions if (m.start, m.end) not in spans or m.kind != "generic"]
    for actor in actors:
        actor.mentions = [span for span in actor.mentions if tuple(span) not in spans]
    return [a for a in actors if a.mentions], kept


def _host_location(event: Event, actors: dict[str, Actor]) -> Location | None:
    """A visit with no place named took place in the host's country."""
    if event.type == "CONSULT" and event.mode == "visit" and event.target and event.target[0].country:
        country = event.target[0].country
        state = actors.get(f"dyad:{country}")
        return Location(name=state.name if state else country, country=country)
    return None


def _figures(text: str, spans: list[tuple[int, int]], mentions: list[Mention], actors: dict[str, Actor],
             events: list[Event]) -> list[Figure]:
    """Figures of the whole text, with casualty counts tied to the violent event of their sentence."""

    def countries_in(start: int, end: int) -> list[str]:
        return [actors[a].country for m in mentions if start <= m.start and m.end <= end
                for a in m.actors if a in actors and actors[a].country]

    figures = extract_figures(text, spans, countries_in)
    counted: set[int] = set()
    for number, event in enumerate(events):
        if event.type not in ("ASSAULT", "COERCE") or event.modality != "asserted" or event.evidence.start in counted:
            continue
        counted.add(event.evidence.start)
        for casualty in casualties(event.evidence.sentence, event.evidence.start):
            casualty.event = number
            casualty.countries = sorted({r.country for r in event.source + event.target if r.country})
            figures = [f for f in figures if (f.evidence.start, f.text) != (casualty.evidence.start, casualty.text)]
            figures.append(casualty)
    return figures


def _anchor(published: str | None) -> dt.date | None:
    if not published:
        return None
    parts = [*published.split("T")[0].split("-"), "01", "01"][:3]
    try:
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


def _paragraph_context(text: str, spans: list[tuple[int, int]]) -> dict[int, list[tuple[int, str]]]:
    """For each sentence start, the (start, text) of the sentences of its paragraph."""
    out: dict[int, list[tuple[int, str]]] = {}
    paragraph: list[tuple[int, str]] = []
    previous_end = 0
    for start, end in spans:
        if "\n\n" in text[previous_end:start]:
            paragraph = []
        paragraph.append((start, text[start:end]))
        out[start] = paragraph
        previous_end = end
    return out


@cache
def _anaphoric_opening() -> re.Pattern[str]:
    # A sentence opening on a demonstrative ("These meetings are expected …") continues the previous one's
    # event, so it is parsed when the previous sentence was, even without an actor name of its own.
    words = "|".join(map(re.escape, lexicon().anaphoric_openings))
    return re.compile(rf"^(?:{words})\s+[a-z]")


def _spans_with_hits(text: str, spans: list[tuple[int, int]], hits: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentences worth a parse: those naming an actor, and anaphoric openings right after one."""
    selected: list[tuple[int, int]] = []
    j = 0
    for start, end in spans:
        while j < len(hits) and hits[j][1] <= start:
            j += 1
        has_hit = j < len(hits) and hits[j][0] < end
        follows = bool(selected) and selected[-1][1] <= start and "\n\n" not in text[selected[-1][1]:start]
        if has_hit or (follows and _anaphoric_opening().match(text[start:end])):
            selected.append((start, end))
    return selected


@cache
def _pipeline() -> Pipeline:
    return Pipeline()


def analyse_document(document: Document) -> Analysis:
    """Analyse one Document with this process's pipeline (the input record is not modified)."""
    return _pipeline().analyse(dataclasses.replace(document))


def analyse_or_reject(document: Document) -> Analysis | Rejected:
    """Analyse one Document; a failure inside any stage becomes a Rejected record, so a batch never stops."""
    try:
        return analyse_document(document)
    except Exception as exc:  # any stage, any input: report it with the document, never lose the batch
        message = " ".join(str(exc).split())[:200]
        return Rejected(document.origin, f"analysis failed: {type(exc).__name__}: {message}")
