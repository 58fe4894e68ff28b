"""The hub's JSON answers as typed models, so /openapi.json says what each endpoint returns (docs/hub.md).

Field names and meanings are those of the store's tables (docs/store.md); event types, modalities and quad
classes are the ontology's (``dyad.model``), listed as enums in the schema.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from dyad.model import EventType, Modality

__all__ = [
    "ERRORS",
    "ActorProfile",
    "ActorsPage",
    "Analyzed",
    "ChangesPage",
    "DocumentRecord",
    "DocumentsPage",
    "DyadAnswer",
    "ErrorAnswer",
    "EventsPage",
    "MapAnswer",
    "PairsPage",
    "SearchPage",
    "Stored",
]

QuadClass = Literal[1, 2, 3, 4]


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorAnswer(_Row):
    error: str = Field(description="One line saying what was wrong and what would be right.")


def _error(description: str) -> dict[str, Any]:
    return {"model": ErrorAnswer, "description": description}


# The error answers every endpoint may give, by status.
ERRORS: dict[int | str, dict[str, Any]] = {
    400: _error("A filter value that is not valid (unknown type, modality, country, bad date), with a hint."),
    401: _error("A write without the right token."),
    404: _error("No such document, actor or country."),
    413: _error("A request body over --max-upload."),
    422: _error("A parameter out of its range or of the wrong kind, or input that cannot be analysed."),
}


class Page(_Row):
    total: int = Field(description="Rows matching, over every page.")
    limit: int
    offset: int


class Pair(_Row):
    a: str
    b: str
    events: int


class DocumentItem(_Row):
    doc: str
    id: str | None
    title: str | None
    site: str | None
    origin: str | None
    published: str | None
    n_events: int | None
    n_actors: int | None
    summary: str = Field(description="The first two sentences of the first real paragraph.")
    dyads: list[Pair] = Field(description="The document's main country pairs by number of events.")


class DocumentsPage(Page):
    items: list[DocumentItem]


class Event(_Row):
    doc: str
    event: int
    event_id: str | None
    type: EventType
    mode: str | None
    modality: Modality
    date: str | None
    date_precision: str | None
    published: str | None
    origin: str | None
    title: str | None
    source_actors: list[str | None] | None
    source_texts: list[str | None] | None
    source_countries: list[str | None] | None
    target_actors: list[str | None] | None
    target_texts: list[str | None] | None
    target_countries: list[str | None] | None
    joint: bool | None
    location_name: str | None
    location_country: str | None
    cameo: str | None
    quad_class: QuadClass | None
    goldstein: float | None
    confidence: float | None
    sentence: str | None
    sentence_start: int | None
    sentence_end: int | None
    trigger: str | None
    trigger_start: int | None
    trigger_end: int | None


class EventsPage(Page):
    items: list[Event]


class Teaser(_Row):
    title: str | None
    summary: str | None
    url: str | None


class DocumentActor(_Row):
    actor: str
    name: str | None
    kind: str | None
    country: str | None
    sector: str | None
    role: str | None
    n_mentions: int | None


class Mention(_Row):
    start: int
    end: int
    text: str | None
    actors: list[str | None] | None
    kind: str | None


class Figure(_Row):
    text: str | None
    value: float | None
    value_max: float | None
    unit: str | None
    measure: str | None
    role: str | None
    countries: list[str | None] | None
    sentence: str | None
    sentence_start: int | None
    sentence_end: int | None


class DocumentRecord(_Row):
    doc: str
    id: str | None
    origin: str | None
    title: str | None
    site: str | None
    author: str | None
    published: str | None
    language: str | None
    format: str | None
    text: str | None
    headings: Any = Field(description="The text's headings: [{text, start, end}] (JSON).")
    n_actors: int | None
    n_events: int | None
    n_figures: int | None
    pipeline: str | None
    teasers: list[Teaser]
    actors: list[DocumentActor]
    mentions: list[Mention]
    events: list[Event]
    figures: list[Figure]


class Stored(_Row):
    doc: str = Field(description="The document's digest.")
    stored: int
    skipped: int
    events: int
    actors: int


class ActorItem(_Row):
    actor: str
    name: str | None
    kind: str | None
    country: str | None
    sector: str | None
    documents: int
    mentions: int


class ActorsPage(Page):
    items: list[ActorItem]


class Role(_Row):
    role: str
    first_seen: str | None
    last_seen: str | None
    documents: int


class Partner(_Row):
    actor: str
    name: str | None
    country: str | None
    events: int
    goldstein: float


class ActorProfile(ActorItem):
    roles: list[Role]
    as_source: list[Event]
    as_target: list[Event]
    n_as_source: int = Field(description="Events with the actor as a source, over every page.")
    n_as_target: int = Field(description="Events with the actor as a target, over every page.")
    partners: list[Partner]


class Evidence(_Row):
    type: EventType
    modality: Modality
    date: str | None
    reports: int
    sentence: str | None
    origin: str | None


class TimelineRow(_Row):
    period: str = Field(description="2025, 2025-08, 2025-W31, 2025-08-02, or 'undated'.")
    modality: Modality
    events: int
    reports: int
    verbal_cooperation: int
    material_cooperation: int
    verbal_conflict: int
    material_conflict: int
    goldstein_sum: float = Field(description="Net Goldstein: the sum over the period's events.")
    goldstein_mean: float | None
    evidence: list[Evidence]


class DyadAnswer(_Row):
    a: str
    b: str
    by: Literal["day", "week", "month", "year"]
    direction: Literal["both", "a-to-b", "b-to-a"]
    modalities: list[Modality]
    timeline: list[TimelineRow]
    events: EventsPage


class PairTotals(_Row):
    a: str
    b: str
    events: int
    cooperation: int
    conflict: int
    balance: float = Field(description="(cooperation − conflict) / events, from −1 to +1.")
    goldstein: float


class PairsPage(Page):
    items: list[PairTotals]


class Change(_Row):
    a: str
    b: str
    events: int
    events_before: int
    balance: float
    balance_before: float
    change: float = Field(description="balance − balance_before.")
    goldstein: float
    goldstein_before: float


class ChangesPage(Page):
    items: list[Change]


class CountryActivity(_Row):
    country: str
    events: int = Field(description="Events it took part in, each once.")
    as_source: int
    as_target: int
    as_place: int


class Place(_Row):
    place: str | None
    country: str | None
    lat: float
    lon: float
    reports: int


class MapAnswer(_Row):
    modalities: list[Modality]
    since: str | None
    until: str | None
    countries: list[CountryActivity]
    places: list[Place]


class Hit(_Row):
    event: int
    type: EventType
    modality: Modality
    sentence: str | None


class SearchItem(_Row):
    doc: str
    title: str | None
    site: str | None
    published: str | None
    origin: str | None
    n_events: int | None
    title_hits: int
    summary: str
    evidence: list[Hit]


class SearchPage(Page):
    items: list[SearchItem]
    words: list[str]


class Analyzed(BaseModel):
    """The OUTPUT.md record of one analysed page (docs/output.md, src/dyad/data/output.schema.json)."""

    model_config = ConfigDict(extra="allow")

    id: str
    origin: str
    title: str | None
    published: str | None
    text: str
    actors: list[dict[str, Any]]
    events: list[dict[str, Any]]
    figures: list[dict[str, Any]]
    pipeline: str
