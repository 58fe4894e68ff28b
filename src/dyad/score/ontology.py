"""The 16 PLOVER event types (from ``data/ontology/plover.json``), their CAMEO crosswalk and the event-type policy.

``plover.json``, ``crosswalk.json`` and ``cameo.json`` (every CAMEO code with its label, quad class and
Goldstein weight) are derived from ../shared/corpora/codebooks by ``scripts/build_ontology.py``. The
crosswalk gives one code per (type, mode); the hand-curated cue table ``data/lang/<language>/cameo_cues.json`` refines it
where the trigger or the sentence decides a finer code (an appeal 02x rather than a demand 10x).

The hand-curated ``policy.json`` holds what the stages decide per type (which types may lack a source, link
casualties, lend participants; the coder's confidence weights) and the quad class names; ``event_policy()``
reads it with the codebook's rules (a visit is a mode whose rules make the host the recipient).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from dyad.model import Event
from dyad.nlp.language import is_analysed, language_file

__all__ = ["ConfidenceWeights", "Crosswalk", "CueRule", "EventPolicy", "PloverMode", "PloverType", "Rules", "cameo_code",
           "cameo_labels", "crosswalk", "cue_rules", "event_policy", "plover_types", "refined_cameo", "score_event"]

THIRD_COUNTRY = "third country"  # the one ``place`` condition of the cue tables

_WORD = re.compile(r"[^\W\d_]+|\d+|[$€£]")  # letters, digits and currency signs apart: "$3.3bn" -> $ 3 3 bn


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


@dataclass(slots=True, frozen=True)
class CueRule:
    """One row of a cue table: the CAMEO code an event of ``type`` takes when every condition holds."""

    type: str
    cameo: str
    why: str
    modes: frozenset[str | None] | None = None  # None: any mode
    trigger: tuple[tuple[str, ...], ...] = ()  # word sequences, one of which the trigger must contain
    context: tuple[tuple[str, ...], ...] = ()  # word sequences, one of which the sentence must contain
    third_country: bool = False

    def matches(self, event: Event, trigger: tuple[str, ...], sentence: tuple[str, ...]) -> bool:
        return (event.type == self.type and (self.modes is None or event.mode in self.modes)
                and (not self.trigger or any(_contains(trigger, cue) for cue in self.trigger))
                and (not self.context or any(_contains(sentence, cue) for cue in self.context))
                and (not self.third_country or _in_third_country(event)))


def _words(text: str | None) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.lower())) if text else ()


def _contains(words: tuple[str, ...], cue: tuple[str, ...]) -> bool:
    n = len(cue)
    return any(words[i:i + n] == cue for i in range(len(words) - n + 1))


def _in_third_country(event: Event) -> bool:
    parties = {r.country for r in (*event.source, *event.target, *event.third_parties) if r.country}
    place = event.location.country if event.location else None
    return bool(parties) and place is not None and place not in parties


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


@dataclass(slots=True, frozen=True)
class ConfidenceWeights:
    """The rule coder's confidence: a base by part of speech, adjusted by how the roles were found."""

    verb: float
    noun: float
    both_roles: float
    in_passing: float
    borrowed: float
    floor: float
    ceiling: float


@dataclass(slots=True, frozen=True)
class EventPolicy:
    """What the stages decide per event type, from ``policy.json`` and the codebook's rules (``plover.json``)."""

    quad_classes: dict[int, str]  # class number -> name, 1 verbal cooperation … 4 material conflict
    visits: frozenset[tuple[str, str]]  # (type, mode) whose codebook rules make the visitor ACTOR, the host RECIPIENT
    nominal_without_source: frozenset[str]
    lends_participants: frozenset[str]
    complement_swallowing: frozenset[str]
    casualty_types: frozenset[str]
    received_types: frozenset[str]  # types a host verb reports with the receiver as subject (besides visits)
    pentaclass: dict[str, int]  # PLOVER type -> the ConfliBERT PentaClass its events mostly fall in
    pentaclass_roots: dict[str, int]  # CAMEO root code ("01" … "20") -> PentaClass number (0 statement)
    pentaclass_names: dict[int, str]
    confidence: ConfidenceWeights

    def is_visit(self, type: str, mode: str | None) -> bool:
        """Whether events of this type and mode are visits, with a visitor and a host."""
        return (type, mode) in self.visits

    def is_received(self, type: str) -> bool:
        """Whether a host verb ("receive", "host") reports events of this type with its subject as the one who
        receives: a visit's host, an aid's recipient."""
        return type in self.received_types or any(visiting == type for visiting, _mode in self.visits)


def _every_type(table: dict[str, int], types: set[str]) -> dict[str, int]:
    if set(table) != types:
        raise ValueError(f"policy.json pentaclass: types {sorted(set(table) ^ types)} missing or unknown")
    return table


def _every_root(table: dict[str, int]) -> dict[str, int]:
    roots = {f"{root:02d}" for root in range(1, 21)}
    if set(table) != roots:
        raise ValueError(f"policy.json pentaclass roots: {sorted(set(table) ^ roots)} missing or unknown")
    return table


@cache
def event_policy() -> EventPolicy:
    """The event-type policy; a type the ontology does not know is an error in the data."""
    raw = _read("policy.json")
    types = plover_types()

    def known(key: str) -> frozenset[str]:
        found = frozenset(raw[key]["types"])
        if found - set(types):
            raise ValueError(f"policy.json {key}: unknown PLOVER types {sorted(found - set(types))}")
        return found

    weights = {k: v for k, v in raw["confidence"].items() if k != "why"}
    return EventPolicy(
        quad_classes={int(number): name for number, name in raw["quad_classes"]["names"].items()},
        visits=frozenset((t.name, mode) for t in types.values() for mode in t.modes
                         if t.rules_for(mode).actor_is == "visitor" and t.rules_for(mode).recipient_is == "host"),
        nominal_without_source=known("nominal_without_source"),
        lends_participants=known("lends_participants"),
        complement_swallowing=known("complement_swallowing"),
        casualty_types=known("casualty_types"),
        received_types=known("received_types"),
        pentaclass=_every_type(raw["pentaclass"]["types"], set(types)),
        pentaclass_roots=_every_root(raw["pentaclass"]["roots"]),
        pentaclass_names={int(number): name for number, name in raw["pentaclass"]["names"].items()},
        confidence=ConfidenceWeights(**weights),
    )


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


@cache
def _codes() -> dict[str, dict[str, Any]]:
    return _read("cameo.json")["codes"]


def cameo_code(code: str) -> Crosswalk:
    """Label, quad class and Goldstein weight of one CAMEO event code (``"0233"``)."""
    found = _codes().get(code)
    if found is None:
        raise ValueError(f"unknown CAMEO event code {code!r}")
    return Crosswalk(code, found["quad_class"], found["goldstein"], found["label"], "code")


def cameo_labels() -> dict[str, str]:
    """CAMEO event code -> its label, for every code."""
    return {code: entry["label"] for code, entry in _codes().items()}


@cache
def cue_rules(language: str) -> tuple[CueRule, ...]:
    """The cue table of one language, in order (empty for a language without one)."""
    source = language_file("cameo_cues.json", language) if is_analysed(language) else None
    if source is None or not source.is_file():
        return ()
    raw = json.loads(source.read_text("utf-8"))
    sets = {name: tuple(_words(form) for form in forms) for name, forms in raw["words"].items()}
    rules = []
    for row in raw["rules"]:
        if row["type"] not in plover_types() or row.get("place", THIRD_COUNTRY) != THIRD_COUNTRY:
            raise ValueError(f"{language}/cameo_cues.json: bad rule {row}")
        cameo_code(row["cameo"])  # a code the table does not know is an error in the data, not a silent miss
        rules.append(CueRule(row["type"], row["cameo"], row["why"],
                             frozenset(row["modes"]) if "modes" in row else None,
                             sets[row["trigger"]] if "trigger" in row else (),
                             sets[row["context"]] if "context" in row else (), "place" in row))
    return tuple(rules)


def refined_cameo(event: Event, language: str = "en") -> CueRule | None:
    """The first cue rule of ``language`` that decides a finer CAMEO code for the event, or None."""
    trigger, sentence = _words(event.evidence.trigger), _words(event.evidence.sentence)
    return next((rule for rule in cue_rules(language) if rule.matches(event, trigger, sentence)), None)


def score_event(event: Event, language: str = "en") -> None:
    """Fill ``event.cameo``, ``quad_class`` and ``goldstein``: the cue table's code where a rule decides one,
    else the crosswalk's code for the event's type and mode."""
    found = crosswalk(event.type, event.mode)
    if (rule := refined_cameo(event, language)) is not None:
        found = cameo_code(rule.cameo)
    event.cameo, event.quad_class, event.goldstein = found.cameo, found.quad_class, found.goldstein
