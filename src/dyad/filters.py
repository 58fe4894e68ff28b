"""One filter model for the CLI, the HTTP API and the Python API, so that the same filter gives the same
answer (or the same error) everywhere.

- Event types and modalities are checked against the ontology; a misspelling raises ``FilterError`` with a
  "did you mean" hint.
- Countries are names, demonyms, capitals or ISO codes (``dyad.actors.countries``).
- Dates are ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` and must exist ("2019-13" and "yesterday" are errors).
- ``since``/``until`` select what *overlaps* the range: an event dated "2025" (the year is all the text
  says) is kept by ``since="2025-01"`` and by ``until="2025-01"``, since it may lie in January; an event
  dated "2025-01-31" is kept by ``until="2025-01"`` (a bound covers its whole month or year).
- Lists have an explicit ``limit``: ``None`` (the Python API's default) returns every row; the CLI and the
  hub document theirs and say when more rows exist.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Literal, cast, get_args

from dyad.actors.countries import UnknownCountry, resolve_country
from dyad.model import EVENT_TYPES, MODALITIES, EventType, Modality
from dyad.score import event_policy

__all__ = [
    "ALL_MODALITIES",
    "DIRECTIONS",
    "Direction",
    "EventFilter",
    "FilterError",
    "check_confidence",
    "check_country",
    "check_date",
    "check_direction",
    "check_event_type",
    "check_limit",
    "check_modalities",
    "check_modality",
    "check_quad_class",
    "check_sector",
    "dyad_where",
    "overlaps",
    "overlaps_sql",
]

Direction = Literal["both", "a-to-b", "b-to-a"]
DIRECTIONS: tuple[Direction, ...] = get_args(Direction)
ALL_MODALITIES = "all"  # asks for every modality, each its own series in a timeline

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_SECTOR = re.compile(r"^[A-Z]{3}$")  # OUTPUT.md's sector codes: GOV, MIL, REB, IGO, ...


class FilterError(ValueError):
    """A filter value that is not valid; the message is one line and says what would be."""


def _suggest(value: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(known), n=2, cutoff=0.6)
    return f"; did you mean {' or '.join(close)}?" if close else ""


def _one_of(value: str, wanted: str, known: tuple[str, ...], what: str, also: str = "") -> str:
    if wanted in known:
        return wanted
    raise FilterError(f"unknown {what} {value[:30]!r}{_suggest(wanted, known)} (one of {', '.join(known)}{also})")


def check_event_type(value: str) -> EventType:
    """A PLOVER type in any case ("assault" → "ASSAULT"); anything else raises ``FilterError``."""
    return cast(EventType, _one_of(value, value.strip().upper(), EVENT_TYPES, "event type"))


def check_modality(value: str) -> Modality:
    """A modality of OUTPUT.md (asserted, planned, …); anything else raises ``FilterError``."""
    return cast(Modality, _one_of(value, value.strip().lower(), MODALITIES, "modality", f", or {ALL_MODALITIES}"))


def check_modalities(values: str | Iterable[str] | None) -> tuple[Modality, ...]:
    """Modalities asked for, in ontology order without repeats; "all" is every one, nothing is ``()``."""
    if values is None:
        return ()
    asked = [values] if isinstance(values, str) else list(values)
    if any(v.strip().lower() == ALL_MODALITIES for v in asked):
        return MODALITIES
    chosen = {check_modality(v) for v in asked if v.strip()}
    return tuple(m for m in MODALITIES if m in chosen)


def check_quad_class(value: str | int) -> int:
    """A quad class as its number (1-4) or name ("material conflict", "material_conflict")."""
    text = str(value).strip().lower().replace("_", " ").replace("-", " ")
    quad_classes = event_policy().quad_classes
    for number, name in quad_classes.items():
        if text in (str(number), name):
            return number
    names = ", ".join(f"{n} {name}" for n, name in quad_classes.items())
    raise FilterError(f"unknown quad class {str(value)[:30]!r}{_suggest(text, quad_classes.values())} (one of {names})")


def check_sector(value: str) -> str:
    """An actor sector code of OUTPUT.md in any case ("gov" -> "GOV")."""
    code = value.strip().upper()
    if not _SECTOR.match(code):
        raise FilterError(f"a sector is a three-letter code such as GOV, MIL, REB, IGO or NGO, not {value[:30]!r}")
    return code


def check_confidence(value: str | float) -> float:
    """A minimum confidence from 0 to 1."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = -1.0
    if not 0.0 <= number <= 1.0:
        raise FilterError(f"confidence must be a number from 0 to 1 (e.g. 0.7), not {str(value)[:30]!r}")
    return number


def check_date(value: str, name: str = "date") -> str:
    """An ISO date of year, month or day precision that exists; anything else raises ``FilterError``."""
    text = value.strip()
    if _DATE.match(text):
        year, month, day = (int(p) for p in (text + "-01-01")[:10].split("-"))
        try:
            date(year, month, day)
            return text
        except ValueError:
            pass
    raise FilterError(f"{name} must be a date as YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2025, 2025-08, 2025-08-02), "
                      f"not {value[:30]!r}")


def check_direction(value: str) -> Direction:
    """Which way a dyad's events go: both, a-to-b or b-to-a."""
    for known in DIRECTIONS:
        if value == known:
            return known
    raise FilterError(f"direction must be one of {', '.join(DIRECTIONS)}, not {value[:30]!r}")


def check_limit(value: int | None) -> int | None:
    """A row limit of at least 1, or ``None`` for every row."""
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise FilterError(f"limit must be a whole number of at least 1 (or None for every row), not {value!r}")
    return value


def check_country(value: str) -> str:
    """The ISO alpha-3 code of a country name, demonym or code; unknown ones raise ``FilterError``."""
    try:
        return resolve_country(value)
    except UnknownCountry as exc:
        raise FilterError(str(exc)) from None


def overlaps(when: str | None, since: str | None, until: str | None) -> bool:
    """Whether an ISO date of any precision overlaps [since, until], each compared at the coarser precision."""
    if when is None:
        return not since and not until
    if since and when[:len(since)] < since[:len(when)]:
        return False
    return not (until and when[:len(until)] > until[:len(when)])


def overlaps_sql(when: str, since: str | None, until: str | None) -> tuple[str, list[Any]]:
    """SQL for ``overlaps`` over the expression ``when`` and its parameters (``?`` placeholders)."""
    clauses, params = [], []
    for bound, op in ((since, ">="), (until, "<=")):
        if bound:
            clauses.append(f"left({when}, least(length({when}), length(?))) {op} "
                           f"left(?, least(length({when}), length(?)))")
            params += [bound, bound, bound]
    return " AND ".join(clauses) or "TRUE", params


# An event's date where it has one, else its document's publication day.
EVENT_WHEN = "coalesce(e.date, left(e.published, 10))"
_FROM_TO = "(list_contains(e.source_countries, ?) AND list_contains(e.target_countries, ?))"


def dyad_where(a: str, b: str, direction: Direction) -> tuple[str, list[Any]]:
    """SQL conditions over ``events e`` keeping the events between countries ``a`` and ``b`` in ``direction``
    (A→B, B→A or either) and their parameters; a joint event ("Iran and Pakistan agreed", both in the source)
    goes both ways."""
    sides = {"a-to-b": [(a, b)], "b-to-a": [(b, a)], "both": [(a, b), (b, a)]}[direction]
    clauses = [_FROM_TO] * len(sides) + ["(e.joint AND list_contains(e.source_countries, ?) "
                                         "AND list_contains(e.source_countries, ?))"]
    return "(" + " OR ".join(clauses) + ")", [c for pair in (*sides, (a, b)) for c in pair]


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Validated filters over events; ``None`` or ``()`` means no filter. Build it with ``EventFilter.parse``."""

    country: str | None = None
    actor: str | None = None
    actor_side: Literal["source", "target"] | None = None  # the side ``actor`` must be on; None: either
    type: EventType | None = None
    modalities: tuple[Modality, ...] = ()
    since: str | None = None
    until: str | None = None
    doc: str | None = None
    quad_class: int | None = None
    sector: str | None = None  # of a source or target actor
    site: str | None = None  # of the reporting document
    min_confidence: float | None = None

    @classmethod
    def parse(cls, *, country: str | None = None, actor: str | None = None, type: str | None = None,
              modality: str | Iterable[str] | None = None, since: str | None = None, until: str | None = None,
              doc: str | None = None, quad_class: str | int | None = None, sector: str | None = None,
              site: str | None = None, min_confidence: str | float | None = None) -> EventFilter:
        """Check and normalise what a user typed; raises ``FilterError`` with the reason."""
        since = check_date(since, "since") if since else None
        until = check_date(until, "until") if until else None
        if since and until and since[:len(until)] > until[:len(since)]:
            raise FilterError(f"since {since} is after until {until}")
        return cls(country=check_country(country) if country else None, actor=actor or None,
                   type=check_event_type(type) if type else None, modalities=check_modalities(modality),
                   since=since, until=until, doc=doc or None,
                   quad_class=check_quad_class(quad_class) if quad_class not in (None, "") else None,
                   sector=check_sector(sector) if sector else None, site=site.strip() or None if site else None,
                   min_confidence=check_confidence(min_confidence) if min_confidence not in (None, "") else None)

    @property
    def narrows_reports(self) -> bool:
        """Whether it keeps only some reports by what a report carries beyond pair, modality and dates."""
        return any(v is not None for v in (self.country, self.actor, self.type, self.doc, self.quad_class,
                                           self.sector, self.site, self.min_confidence))

    def without_range(self) -> EventFilter:
        """The same filter without its date range and modalities (a timeline places events by itself)."""
        return replace(self, modalities=(), since=None, until=None)

    @property
    def modality(self) -> Modality | None:
        """The one modality asked for, if exactly one was."""
        return self.modalities[0] if len(self.modalities) == 1 else None

    def where(self) -> tuple[str, list[Any]]:
        """SQL conditions over ``events e`` and their parameters."""
        clauses, params = ["TRUE"], []
        if self.country:
            clauses.append("(list_contains(e.source_countries, ?) OR list_contains(e.target_countries, ?))")
            params += [self.country, self.country]
        if self.actor:
            sides = (self.actor_side,) if self.actor_side else ("source", "target")
            clauses.append("(" + " OR ".join(f"list_contains(e.{side}_actors, ?)" for side in sides) + ")")
            params += [self.actor] * len(sides)
        for column, value in (("type", self.type), ("doc", self.doc)):
            if value:
                clauses.append(f"e.{column} = ?")
                params.append(value)
        if self.quad_class is not None:
            clauses.append("e.quad_class = ?")
            params.append(self.quad_class)
        if self.sector:
            clauses.append("(list_contains(e.source_sectors, ?) OR list_contains(e.target_sectors, ?))")
            params += [self.sector, self.sector]
        if self.site:
            clauses.append("e.doc IN (SELECT d.doc FROM documents d WHERE d.site = ?)")
            params.append(self.site)
        if self.min_confidence is not None:
            clauses.append("e.confidence >= ?")
            params.append(self.min_confidence)
        if self.modalities and self.modalities != MODALITIES:
            clauses.append("list_contains(?, e.modality)")
            params.append(list(self.modalities))
        dates, date_params = overlaps_sql(EVENT_WHEN, self.since, self.until)
        clauses.append(dates)
        return " AND ".join(clauses), [*params, *date_params]
