"""The event-trigger lexicon: curated PLOVER cues over the CAMEO verb dictionary, read from data files."""

from __future__ import annotations

from dataclasses import dataclass

from dyad.nlp.language import language_data
from dyad.once import loaded_once
from dyad.score import plover_types

__all__ = ["Lexicon", "lexicon"]

Trigger = tuple[str, str | None]  # (PLOVER type, mode)


@dataclass(frozen=True, slots=True)
class Lexicon:
    verbs: dict[str, Trigger]
    phrases: dict[str, Trigger | None]
    nouns: dict[str, Trigger]
    cameo_verbs: dict[str, str]
    cameo_patterns: dict[str, str]
    cameo_to_plover: dict[str, Trigger]
    suppressed_verbs: frozenset[str]
    noun_requires_modifier: frozenset[str]
    host_verbs: frozenset[str]
    neutral_venues: frozenset[str]  # a visit to one has no host
    light_verbs: frozenset[str]
    third_party_cues: frozenset[str]
    location_preps: frozenset[str]
    anaphoric_determiners: frozenset[str]
    natural_forces: frozenset[str]  # subjects that are no actor: "the earthquake struck" is no event
    anaphoric_openings: tuple[str, ...]
    source_preps: frozenset[str]
    giver_preps: frozenset[str]  # "received weapons from Germany"
    target_preps: frozenset[str]
    joint_preps: frozenset[str]
    modality: dict[str, frozenset[str]]

    def verb(self, lemma: str, objects: list[str]) -> Trigger | None:
        """The (type, mode) a verb lemma triggers, looking at its objects for CAMEO verb patterns first."""
        for obj in objects:
            phrase = f"{lemma} {obj}"
            if phrase in self.phrases:
                return self.phrases[phrase]
        if lemma in self.suppressed_verbs:
            return None
        if lemma in self.verbs:
            return self.verbs[lemma]
        for obj in objects:
            code = self.cameo_patterns.get(f"{lemma} {obj}")
            if code and code in self.cameo_to_plover:
                return self.cameo_to_plover[code]
        code = self.cameo_verbs.get(lemma)
        return self.cameo_to_plover.get(code) if code else None

    def is_statement(self, lemma: str, objects: list[str]) -> bool:
        """Whether verb + object is a statement, not an event ("denied charges", "declined to comment")."""
        return any(self.phrases.get(f"{lemma} {obj}", "") is None for obj in objects)

    def is_curated(self, lemma: str) -> bool:
        """Whether a verb's reading comes from the curated list (reliable alone) rather than the CAMEO dictionary."""
        return lemma in self.verbs


@loaded_once
def lexicon() -> Lexicon:
    """Load the trigger lexicon once per process."""
    curated = language_data("triggers")
    derived = language_data("cameo_verbs")

    types = plover_types()

    def valid(kind: str, mode: str | None) -> Trigger:
        # The 2021 CAMEO table names some modes the structured codebook does not have; those stay unnamed.
        return kind, mode if mode in types[kind].modes else None

    def triggers(table: dict[str, list[str | None]]) -> dict[str, Trigger]:
        return {k: valid(str(v[0]), v[1]) for k, v in table.items() if v[0] != "none"}

    return Lexicon(
        verbs=triggers(curated["verbs"]),
        phrases={k: (None if v == "none" else valid(v, None)) for k, v in curated["patterns"].items()
                 if not k.startswith("_")},
        nouns=triggers(curated["nouns"]),
        cameo_verbs=derived["verbs"],
        cameo_patterns=derived["patterns"],
        cameo_to_plover={k: valid(str(v[0]), v[1]) for k, v in derived["cameo_to_plover"].items()},
        suppressed_verbs=frozenset(k for k, v in curated["verbs"].items() if v[0] == "none"),
        noun_requires_modifier=frozenset(curated["noun_requires_modifier"]),
        host_verbs=frozenset(curated["host_verbs"]),
        neutral_venues=frozenset(curated["neutral_venues"]),
        light_verbs=frozenset(curated["light_verbs"]),
        third_party_cues=frozenset(curated["third_party_cues"]),
        location_preps=frozenset(curated["location_preps"]),
        anaphoric_determiners=frozenset(curated["anaphoric_determiners"]),
        natural_forces=frozenset(curated["natural_forces"]),
        anaphoric_openings=tuple(curated["anaphoric_openings"]),
        source_preps=frozenset(curated["source_preps"]),
        giver_preps=frozenset(curated["giver_preps"]),
        target_preps=frozenset(curated["target_preps"]),
        joint_preps=frozenset(curated["joint_preps"]),
        modality={k: frozenset(v) for k, v in curated["modality"].items()},
    )
