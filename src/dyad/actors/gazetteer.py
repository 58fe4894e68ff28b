"""The gazetteer automaton: every name in the knowledge files, found in one pass over a text."""

from __future__ import annotations

from dataclasses import dataclass

import ahocorasick

from dyad.actors.knowledge import Knowledge, load_knowledge
from dyad.once import loaded_once

__all__ = ["Entry", "Hit", "build_automaton", "find_hits", "lower_same_length"]


@dataclass(slots=True, frozen=True)
class Entry:
    """What a surface form names: country, adjective, nationals, capital, person, alias, org, place, agent or a
    name with several readings (ambiguous)."""

    surface: str
    category: str
    ref: str


@dataclass(slots=True)
class Hit:
    start: int
    end: int
    entries: tuple[Entry, ...]

    @property
    def categories(self) -> set[str]:
        return {e.category for e in self.entries}

    @property
    def named(self) -> bool:
        """Whether the hit is a name (a country, person, organisation, place …), not only an agent word."""
        return bool(self.categories - {"agent"})


def lower_same_length(text: str) -> str:
    """Lower-case ``text`` without changing its length, so offsets stay valid."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


@loaded_once
def build_automaton() -> ahocorasick.Automaton:
    """One Aho–Corasick automaton over every knowledge name, keyed by lower-cased surface form."""
    knowledge = load_knowledge()
    table: dict[str, list[Entry]] = {}

    def add(surface: str, category: str, ref: str) -> None:
        if len(surface) < 2:
            return
        entries = table.setdefault(lower_same_length(surface), [])
        entry = Entry(surface, category, ref)
        if entry not in entries:
            entries.append(entry)

    for country in knowledge.countries.values():
        for name in country.names:
            add(name, "country", country.iso3)
        for adjective in country.adjectives:
            add(adjective, "adjective", country.iso3)
            if adjective.endswith(("an", "i")) and adjective[0].isupper():
                add(adjective + "s", "nationals", country.iso3)  # "Afghans", "Pakistanis": the people
        for capital in country.capitals:
            add(capital, "capital", country.iso3)
    _add_people(knowledge, add)
    for name, ids in knowledge.org_names.items():
        for org_id in ids:
            add(name, "org", org_id)
    for name in knowledge.places:
        add(name, "place", name)
    for term in knowledge.agents:
        add(term, "agent", term)
    for name in knowledge.ambiguous:
        add(name, "ambiguous", name)  # read by context ("Rangers" the club or the paramilitary force)
    automaton = ahocorasick.Automaton()
    for key, entries in table.items():
        automaton.add_word(key, (len(key), tuple(entries)))
    automaton.make_automaton()
    return automaton


def _add_people(knowledge: Knowledge, add) -> None:  # type: ignore[no-untyped-def]
    for person in knowledge.people.values():
        add(person.name, "person", person.id)
        for alias in person.aliases:
            add(alias, "person" if " " in alias else "alias", person.id)


def _case_ok(found: str, entry: Entry) -> bool:
    if entry.category == "agent":
        return True
    if entry.surface.isupper() or len(entry.surface) <= 3:
        return found == entry.surface  # acronyms: "US" is not "us", "UN" is not "un"
    return any(c.isupper() for c in found) and found[0].isupper() == entry.surface[0].isupper()


def find_hits(text: str) -> list[Hit]:
    """Every whole-word gazetteer hit in ``text`` (overlapping; the resolver chooses among them)."""
    automaton = build_automaton()
    hits = []
    for end, (length, entries) in automaton.iter(lower_same_length(text)):
        start, stop = end - length + 1, end + 1
        if (start > 0 and text[start - 1].isalnum()) or (stop < len(text) and text[stop].isalnum()):
            continue
        found = text[start:stop]
        kept = tuple(e for e in entries if _case_ok(found, e))
        if kept:
            hits.append(Hit(start, stop, kept))
    return hits
