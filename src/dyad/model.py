"""Typed records that flow through the pipeline, and their JSON form.

Every record is a slotted dataclass. ``to_dict`` gives the layout of OUTPUT.md and
``from_dict`` reads it back, so JSON (and the DuckDB/Parquet rows built from it) round-trip.
This module imports no other dyad module.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import types
import typing
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal, Self, TypeVar, get_args

__all__ = [
    "EVENT_TYPES",
    "MAX_ANALYSED_CHARS",
    "MODALITIES",
    "Actor",
    "ActorRef",
    "Analysis",
    "Document",
    "Event",
    "EventType",
    "Evidence",
    "Figure",
    "Heading",
    "Location",
    "Mention",
    "Modality",
    "Rejected",
    "Teaser",
    "digest_text",
    "normalise_text",
    "state_code",
]

# The PLOVER types of data/ontology/plover.json and the modalities of OUTPUT.md, spelled out as types so that
# IDEs and type checkers know them (tests/test_model.py keeps the type list equal to the ontology's).
EventType = Literal["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
Modality = Literal["asserted", "planned", "expected", "proposed", "hypothetical", "negated"]
EVENT_TYPES: tuple[EventType, ...] = get_args(EventType)
MODALITIES: tuple[Modality, ...] = get_args(Modality)

_SPACES = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """NFKC, unified quotes and dashes, collapsed whitespace: the form a document digest is taken of."""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                                         "\u2013": "-", "\u2014": "-"}))
    return _SPACES.sub(" ", text).strip()


def digest_text(text: str) -> str:
    """Stable document id: the first 16 hex digits of SHA-256 over the normalised main text."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:16]


class _Record:
    """JSON round-trip shared by all records (dataclasses with typed fields)."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        return {f.name: _dump(getattr(self, f.name)) for f in dataclasses.fields(self)}  # type: ignore[arg-type]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        hints = typing.get_type_hints(cls)
        kwargs = {}
        for f in dataclasses.fields(cls):  # type: ignore[arg-type]
            if f.name in data:
                kwargs[f.name] = _load(hints[f.name], data[f.name])
        return cls(**kwargs)


def _dump(value: Any) -> Any:
    if isinstance(value, _Record):
        return value.to_dict()
    if isinstance(value, list | tuple):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    return value


T = TypeVar("T")


def _load(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        return _load(options[0], value) if len(options) == 1 else value
    if origin in (list, tuple):
        (inner, *_) = typing.get_args(hint) or (Any,)
        items = [_load(inner, v) for v in value]
        return items if origin is list else tuple(items)
    if isinstance(hint, type) and issubclass(hint, _Record):
        return hint.from_dict(value)
    return value


# The analysis budget: a longer text is analysed up to the last paragraph or sentence end before this many
# characters, and says so (``Document.truncated_from``, a warning). The longest of 2,235 BBC articles has
# 25,000; analysis costs about 0.2 s per 1,000 characters on one core, so this bounds a document near 20 s.
MAX_ANALYSED_CHARS = 100_000

@dataclass(slots=True)
class Heading(_Record):
    """A section heading. Headings are not part of ``text``: ``start == end`` is where its section begins."""

    text: str
    start: int
    end: int


@dataclass(slots=True)
class Teaser(_Record):
    """A link to another article that the page carried ("Recent", "Related"): kept apart, never analysed."""

    title: str
    summary: str = ""
    url: str | None = None


@dataclass(slots=True)
class Document(_Record):
    """What came in: the main article text separated from its page, with metadata."""

    id: str
    origin: str
    text: str
    digest: str = ""
    title: str | None = None
    site: str | None = None
    author: str | None = None
    published: str | None = None
    # where ``published`` came from: "given", "url", "filename", "mtime" (the user's choice), "metadata",
    # "input", "dateline", "warc"; or "none: <why>" when no trusted evidence dates the document
    published_source: str | None = None
    language: str | None = None
    format: str | None = None
    headings: list[Heading] = field(default_factory=list)
    teasers: list[Teaser] = field(default_factory=list)
    input_id: int | None = None  # a JSON Lines id given as a number, echoed back as that number
    truncated_from: int | None = None  # the text's length before analysis cut it to its budget, if it did
    warnings: list[str] = field(default_factory=list)  # what the reader or analysis set aside, in words

    def __post_init__(self) -> None:
        if not self.digest:
            self.digest = digest_text(self.text)


@dataclass(slots=True)
class Rejected(_Record):
    """An input that could not become a Document, with a one-line reason."""

    origin: str
    reason: str


@dataclass(slots=True)
class Actor(_Record):
    """An entity the document mentions, resolved against the knowledge files."""

    id: str
    name: str
    kind: str
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)


def state_code(actor_id: str) -> str | None:
    """The ISO alpha-3 code of the state an actor id belongs to ("dyad:IRN", "dyad:IRN:GOV" → "IRN"; a person's,
    a group's or a phrase's id → None)."""
    parts = actor_id.split(":")
    return parts[1] if len(parts) >= 2 and parts[0] == "dyad" and len(parts[1]) == 3 and parts[1].isupper() else None


@dataclass(slots=True)
class Mention(_Record):
    """A span of ``text`` that refers to one or more actors.

    ``actors`` holds actor ids; a pair mention ("the two countries", "Iran-Pakistan relationship",
    "Tehran and Islamabad") refers to several. ``kind`` says how it was found: name, demonym,
    capital, place, agent, person, surname, pair, compound.
    """

    start: int
    end: int
    text: str
    actors: list[str]
    kind: str = "name"


@dataclass(slots=True)
class ActorRef(_Record):
    """An actor as it takes part in one event: which actor, and the words that named it there."""

    actor: str
    text: str
    country: str | None = None
    sector: str | None = None


@dataclass(slots=True)
class Evidence(_Record):
    """Where a statement came from: ``sentence == text[start:end]`` and the trigger inside it."""

    sentence: str
    start: int
    end: int
    trigger: str | None = None
    trigger_start: int | None = None
    trigger_end: int | None = None


@dataclass(slots=True)
class Location(_Record):
    name: str
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(slots=True)
class Figure(_Record):
    """An amount in the text (money, percentage, count) and what it measures."""

    text: str
    value: float | None
    unit: str | None
    evidence: Evidence
    measure: str | None = None
    role: str | None = None
    countries: list[str] = field(default_factory=list)
    value_max: float | None = None
    event: int | None = None  # index into Analysis.events when the figure belongs to one (casualties)


@dataclass(slots=True)
class Event(_Record):
    """One PLOVER event: who did (or planned, or proposed …) what to whom, with evidence."""

    type: EventType
    evidence: Evidence
    mode: str | None = None
    source: list[ActorRef] = field(default_factory=list)
    target: list[ActorRef] = field(default_factory=list)
    modality: Modality = "asserted"
    date: str | None = None
    date_precision: str = "none"
    date_start: str | None = None  # the first day ``date`` covers at its precision ("2019-12" -> "2019-12-01")
    date_end: str | None = None  # the last day it covers ("2019-12" -> "2019-12-31")
    location: Location | None = None
    cameo: str | None = None
    quad_class: int | None = None
    goldstein: float | None = None
    confidence: float = 0.5
    third_parties: list[ActorRef] = field(default_factory=list)


@dataclass(slots=True)
class Analysis(_Record):
    """Everything derived from one Document; a pure function of (document, knowledge, pipeline version)."""

    document: Document
    actors: list[Actor] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    pipeline: str = ""
    mentions: list[Mention] = field(default_factory=list)

    def to_output(self) -> dict[str, Any]:
        """The layout of OUTPUT.md: the document's fields flattened beside its analysis."""
        out = self.document.to_dict()
        numeric_id = out.pop("input_id")
        if numeric_id is not None:
            out["id"] = numeric_id  # echoed back unchanged, as the input gave it
        out["actors"] = [a.to_dict() for a in self.actors]
        out["events"] = [e.to_dict() for e in self.events]
        out["figures"] = [f.to_dict() for f in self.figures]
        out["pipeline"] = self.pipeline
        out["mentions"] = [m.to_dict() for m in self.mentions]
        return out

    @classmethod
    def from_output(cls, data: dict[str, Any]) -> Analysis:
        """Read back what ``to_output`` wrote."""
        doc_fields = {f.name for f in dataclasses.fields(Document)} - {"input_id"}
        fields = {k: v for k, v in data.items() if k in doc_fields}
        if isinstance(fields.get("id"), int) and not isinstance(fields["id"], bool):
            fields["input_id"], fields["id"] = fields["id"], str(fields["id"])
        document = Document.from_dict(fields)
        return cls.from_dict({
            "document": document.to_dict(),
            "actors": data.get("actors", []),
            "events": data.get("events", []),
            "figures": data.get("figures", []),
            "pipeline": data.get("pipeline", ""),
            "mentions": data.get("mentions", []),
        })
