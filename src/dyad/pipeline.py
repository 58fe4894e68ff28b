"""Composes the stages as declared steps over one working record: ``analyse_document(document) -> Analysis``.

Each step names what it ``requires`` and what it ``assigns`` on the record (as spaCy components do);
``Pipeline`` is their ordered list, checked when it is built, so a step whose requirement no earlier step
assigns is an error naming both. Steps can be switched off by name (``Pipeline(without={"learned_events"})``
is the rule coder alone) and evaluation, tests and both executors use the same list. No I/O happens here.

Only the sentences that can hold an actor (a gazetteer hit) are parsed; the rest of the text is cheap to
skip. Heavy resources (spaCy, the automata, the encoder) load once per process, lazily.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
from spacy.tokens import Doc

from dyad.actors import ActorResolver
from dyad.actors.gazetteer import Hit, find_hits
from dyad.actors.idle import with_place_participants, without_idle_generics
from dyad.events import EventCoder, host_location
from dyad.events.lexicon import lexicon
from dyad.figures import document_figures
from dyad.ingest.published import text_published
from dyad.model import (
    MAX_ANALYSED_CHARS,
    Actor,
    Analysis,
    Document,
    Event,
    Figure,
    Mention,
    Rejected,
)
from dyad.nlp import parse_spans, split_paragraphs, split_sentences
from dyad.nlp.language import default_language, is_analysed, rejection_reason
from dyad.once import loaded_once
from dyad.score import score_event
from dyad.spans import SpanIndex
from dyad.time import TimeExpr, anchor_date, date_bounds, document_dates, event_date, paragraph_context
from dyad.version import pipeline_stamp

if TYPE_CHECKING:
    from dyad.learn.coder import LearnedEventCoder
    from dyad.learn.encoder import Encoded

__all__ = ["MAX_ANALYSED_CHARS", "STEPS", "Pipeline", "PipelineError", "Record", "Step", "analyse_document", "analyse_or_reject"]

_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s")


@dataclass(slots=True)
class Record:
    """The working record of one document: built once, read and extended by the steps in order."""

    document: Document
    sentences: list[tuple[int, int]] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)  # every gazetteer hit, agent words included
    dates: list[TimeExpr] = field(default_factory=list)  # the temporal expressions of every sentence
    parsed: list[Doc] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    encodings: dict[int, Encoded] = field(default_factory=dict)  # by sentence start
    type_probs: dict[int, np.ndarray] = field(default_factory=dict)  # by sentence start: P(type) per PLOVER type

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def language(self) -> str:
        """The document's language code; the registry's default when the reader gave none."""
        return self.document.language or default_language()

    def actor_index(self) -> dict[str, Actor]:
        return {actor.id: actor for actor in self.actors}


@dataclass(frozen=True, slots=True)
class Step:
    """One stage: ``run(record, resources)`` reads ``requires`` and writes ``assigns``."""

    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    run: Callable[[Record, _Resources], None]


class PipelineError(ValueError):
    pass


class _Resources:
    """What steps share within a process: the resolver and coders, each made on first use."""

    @property
    def resolver(self) -> ActorResolver:
        return _resolver()

    @property
    def coder(self) -> EventCoder:
        return _coder()


@loaded_once
def _resolver() -> ActorResolver:
    return ActorResolver()


@loaded_once
def _coder() -> EventCoder:
    return EventCoder()


# ---- the steps ---------------------------------------------------------------------------------------------------

def _document_date(record: Record, _: _Resources) -> None:
    # What the reader found (metadata, an input field, the user's date) stands; the text itself is evidence
    # only through a dateline at its very top or the date in its URL, never a date inside the body.
    if record.document.published is None:
        record.document.published, record.document.published_source = text_published(record.document)


def _sentences(record: Record, _: _Resources) -> None:
    record.sentences = split_sentences(record.text)


def _paragraphs(record: Record, _: _Resources) -> None:
    record.paragraphs = split_paragraphs(record.text)


def _gazetteer(record: Record, _: _Resources) -> None:
    record.hits = find_hits(record.text)


def _dates(record: Record, _: _Resources) -> None:
    record.dates = document_dates(record.text, record.sentences)


def _event_sentences(record: Record, _: _Resources) -> None:
    encoded, probs = _learned_coder().sentence_types([record.text[s:e] for s, e in record.sentences])
    record.encodings = {s: enc for (s, _e), enc in zip(record.sentences, encoded, strict=True)}
    record.type_probs = {s: prob for (s, _e), prob in zip(record.sentences, probs, strict=True)}


def _parse(record: Record, _: _Resources) -> None:
    named = sorted((hit.start, hit.end) for hit in record.hits if hit.named)
    chosen = set(_spans_with_hits(record.text, record.sentences, named))
    if record.type_probs:  # sentences the type head says report an event are parsed too, named actors or not
        coder = _learned_coder()
        chosen |= {(s, e) for s, e in record.sentences if coder.may_report(record.type_probs[s])}
    record.parsed = parse_spans(record.text, sorted(chosen), record.language)


def _actors(record: Record, resources: _Resources) -> None:
    record.actors, record.mentions = resources.resolver.resolve(record.document, record.parsed, generic_agents=True,
                                                                hits=record.hits, sentences=record.sentences,
                                                                paragraphs=record.paragraphs)


def _rule_events(record: Record, resources: _Resources) -> None:
    record.events = resources.coder.code(record.text, record.parsed, record.mentions, record.actor_index(),
                                         resources.resolver.place)


def _learned_events(record: Record, _: _Resources) -> None:
    learned = _learned_coder().code(record.text, record.parsed, record.mentions, record.actor_index(),
                                    record.events, record.encodings, record.type_probs)
    record.events = learned.events
    record.actors = [*record.actors, *learned.actors]
    record.mentions = sorted([*record.mentions, *learned.mentions], key=lambda m: (m.start, m.end))


@loaded_once
def _learned_coder() -> LearnedEventCoder:
    from dyad.learn.coder import LearnedEventCoder  # onnxruntime loads only when the step runs

    return LearnedEventCoder()


def _place_participants(record: Record, resources: _Resources) -> None:
    record.actors = with_place_participants(record.actors, record.mentions, record.events,
                                            resources.resolver.state_actor)


def _idle_generics(record: Record, _: _Resources) -> None:
    """The actors stage's pruning of unnamed agents, a step of its own because it needs the events: the actors
    step runs before any event is coded, and an agent ("police") is kept only where a rule or learned event
    names it, so this runs after both event steps (and is switched off with them, by name, in evaluations)."""
    record.actors, record.mentions = without_idle_generics(record.actors, record.mentions, record.events)


def _event_scores(record: Record, _: _Resources) -> None:
    for event in record.events:  # rule and learned events alike
        score_event(event, record.language)


def _event_dates(record: Record, _: _Resources) -> None:
    anchor = anchor_date(record.document.published)
    paragraphs = paragraph_context(record.text, record.sentences, record.paragraphs)
    dates = SpanIndex((expr.start, expr.end, expr) for expr in record.dates)
    for event in record.events:
        event.date, event.date_precision = event_date(
            event.evidence.sentence, event.evidence.start, event.evidence.trigger_start or event.evidence.start,
            anchor, event.modality, paragraphs.get(event.evidence.start), record.language, dates)
        event.date_start, event.date_end = date_bounds(event.date, event.date_precision)


def _event_places(record: Record, _: _Resources) -> None:
    index = record.actor_index()
    for event in record.events:
        event.location = event.location or host_location(event, index)


def _figures(record: Record, _: _Resources) -> None:
    dates = SpanIndex((expr.start, expr.end, expr) for expr in record.dates)
    record.figures = document_figures(record.text, record.sentences, record.mentions, record.actor_index(),
                                      record.events, dates)


STEPS: tuple[Step, ...] = (
    Step("document_date", (), ("document.published",), _document_date),
    Step("sentences", (), ("sentences",), _sentences),
    Step("paragraphs", (), ("paragraphs",), _paragraphs),
    Step("gazetteer", (), ("hits",), _gazetteer),
    Step("dates", ("sentences",), ("dates",), _dates),
    Step("event_sentences", ("sentences",), ("encodings", "type_probs"), _event_sentences),
    Step("parse", ("sentences", "hits"), ("parsed",), _parse),
    Step("actors", ("parsed", "hits", "sentences", "paragraphs", "document.published"), ("actors", "mentions"),
         _actors),
    Step("rule_events", ("parsed", "actors", "mentions"), ("events",), _rule_events),
    Step("learned_events", ("type_probs", "parsed", "actors", "mentions", "events"), ("events", "actors", "mentions"),
         _learned_events),
    Step("place_participants", ("events", "actors", "mentions"), ("actors",), _place_participants),
    Step("idle_generics", ("events", "actors", "mentions"), ("actors", "mentions"), _idle_generics),
    Step("event_scores", ("events",), ("events.cameo",), _event_scores),
    Step("event_dates", ("events", "sentences", "paragraphs", "dates", "document.published"),
         ("events.date", "events.date_start", "events.date_end"), _event_dates),
    Step("event_places", ("events", "actors"), ("events.location",), _event_places),
    Step("figures", ("sentences", "dates", "mentions", "actors", "events"), ("figures",), _figures),
)


class Pipeline:
    """An ordered list of steps, checked when built; ``without`` switches steps off by name."""

    def __init__(self, steps: Iterable[Step] = STEPS, without: Iterable[str] = (),
                 max_chars: int = MAX_ANALYSED_CHARS) -> None:
        self.max_chars = max_chars
        skipped = set(without)
        known = {step.name for step in STEPS} | {step.name for step in steps}
        unknown = skipped - known
        if unknown:
            raise PipelineError(f"no step named {', '.join(sorted(unknown))}; steps: {', '.join(sorted(known))}")
        self.steps = tuple(step for step in steps if step.name not in skipped)
        assigned: dict[str, str] = {}
        for step in self.steps:
            for need in step.requires:
                if need not in assigned:
                    raise PipelineError(f"step {step.name!r} requires {need!r}, which no earlier step assigns")
            for out in step.assigns:
                assigned.setdefault(out, step.name)
        self.resources = _Resources()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(step.name for step in self.steps)

    def analyse(self, document: Document) -> Analysis:
        """Run every step over one Document (which is modified: pass a copy to keep the input)."""
        if not is_analysed(document.language):
            return Analysis(document=document, pipeline=pipeline_stamp())
        if len(document.text) > self.max_chars:
            _cut_to_budget(document, self.max_chars)
        record = Record(document)
        for step in self.steps:
            step.run(record, self.resources)
        return Analysis(document=record.document, actors=record.actors, events=record.events, figures=record.figures,
                        mentions=record.mentions, pipeline=pipeline_stamp())


def _cut_to_budget(document: Document, max_chars: int) -> None:
    """Keep the text up to the last paragraph break, else sentence end, in the budget's second half."""
    text = document.text
    cut = text.rfind("\n\n", max_chars // 2, max_chars)
    if cut < 0:
        ends = [m.end() for m in _SENTENCE_END.finditer(text, max_chars // 2, max_chars)]
        cut = ends[-1] if ends else max_chars
    document.text = text[:cut].rstrip()
    document.truncated_from = len(text)
    document.warnings.append(f"analysed the first {len(document.text):,} of {len(text):,} characters "
                             f"(the analysis budget is {max_chars:,})")


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


@loaded_once
def _pipeline() -> Pipeline:
    return Pipeline()


def analyse_document(document: Document, pipeline: Pipeline | None = None) -> Analysis:
    """Analyse one Document with this process's pipeline, or the one given (the input is not modified)."""
    return (pipeline or _pipeline()).analyse(dataclasses.replace(document))


def analyse_or_reject(document: Document) -> Analysis | Rejected:
    """Analyse one Document; a failure inside any stage becomes a Rejected record, so a batch never stops."""
    if not is_analysed(document.language):
        return Rejected(document.origin, rejection_reason(document.language))
    try:
        return analyse_document(document)
    except Exception as exc:  # any stage, any input: report it with the document, never lose the batch
        message = " ".join(str(exc).split())[:200]
        return Rejected(document.origin, f"analysis failed: {type(exc).__name__}: {message}")
