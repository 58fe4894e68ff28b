"""The 16 PLOVER event types (from ``data/ontology/plover.json``) and their CAMEO crosswalk.

Both files are derived from ../shared/corpora/codebooks by ``scripts/build_ontology.py``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from dyad.model import Event

__all__ = ["Crosswalk", "PloverMode", "PloverType", "Rules", "crosswalk", "plover_types", "score_event"]


@dataclass(slots=True, frozen=True)
class Rules:
    """Actor/recipient rules of a type or mode, parsed from the codebook's extraction notes."""

    reciprocal: bool = False  # two parties of a reciprocal act are both ACTOR, with no RECIPIENT
    reciprocal_meetings: bool = False
    actor_is: str | None = None
    recipient_is: str | None = None
    realised_only: bool = False  # promises do not count: only what happened or is happening
    excludes: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(slots=True, frozen=True)
class PloverMode:
    name: str
    definitions: tuple[str, ...]
    rules: Rules


@dataclass(slots=True, frozen=True)
class PloverType:
    name: str
    definition: str
    subtypes: tuple[str, ...]
    modes: dict[str, PloverMode] = field(default_factory=dict)
    rules: Rules = field(default_factory=Rules)

    def rules_for(self, mode: str | None) -> Rules:
        """The mode's rules where it has any, else the type's."""
        found = self.modes.get(mode) if mode else None
        return found.rules if found is not None and found.rules.notes else self.rules


@dataclass(slots=True, frozen=True)
class Crosswalk:
    cameo: str
    quad_class: int
    goldstein: float
    label: str = ""
    basis: str = ""


def _read(name: str) -> dict[str, Any]:
    return json.loads(resources.files("dyad.data").joinpath("ontology", name).read_text("utf-8"))


def _rules(raw: dict[str, Any]) -> Rules:
    return Rules(reciprocal=raw["reciprocal"], reciprocal_meetings=raw["reciprocal_meetings"],
                 actor_is=raw["actor_is"], recipient_is=raw["recipient_is"],
                 realised_only=raw["realised_only"], excludes=tuple(raw["excludes"]), notes=tuple(raw["notes"]))


@cache
def plover_types() -> dict[str, PloverType]:
    """The PLOVER event types in codebook order, keyed by name (AGREE … ASSAULT)."""
    return {
        name: PloverType(
            name=name, definition=raw["definition"], subtypes=tuple(raw["subtypes"]),
            modes={m: PloverMode(m, tuple(r["definitions"]), _rules(r["rules"])) for m, r in raw["modes"].items()},
            rules=_rules(raw["rules"]),
        )
        for name, raw in _read("plover.json")["types"].items()
    }


@cache
def _crosswalk_table() -> dict[tuple[str, str | None], Crosswalk]:
    return {
        (e["type"], e["mode"]): Crosswalk(e["cameo"], e["quad_class"], e["goldstein"], e["label"], e["basis"])
        for e in _read("crosswalk.json")["entries"]
    }


def crosswalk(type: str, mode: str | None = None) -> Crosswalk:
    """The CAMEO code, quad class and Goldstein weight for a PLOVER type and mode (None: the type's)."""
    table = _crosswalk_table()
    if (type, None) not in table:
        raise ValueError(f"unknown PLOVER type {type!r}; expected one of {', '.join(plover_types())}")
    if (type, mode) not in table:
        raise ValueError(f"unknown mode {mode!r} for PLOVER {type}; expected one of "
                         f"{', '.join(plover_types()[type].modes) or 'none'}")
    return table[(type, mode)]


def score_event(event: Event) -> None:
    """Fill ``event.cameo``, ``quad_class`` and ``goldstein`` from its type and mode."""
    found = crosswalk(event.type, event.mode)
    event.cameo, event.quad_class, event.goldstein = found.cameo, found.quad_class, found.goldstein
