"""The actor knowledge shipped in dyad/data/knowledge/, loaded once per process into typed records."""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources

from dyad.once import loaded_once

__all__ = ["SOURCE_PRECEDENCE", "Country", "Knowledge", "OrgSpell", "Person", "Place", "Spell", "covers",
           "load_knowledge"]

# The conflict rule of people.tsv: where sources give a person different offices on one date, the spell whose
# source comes first here wins (then the latest start). Curated rows first, then the sources that name the office,
# then REIGN's effective national leaders, then the Phoenix dictionaries' coded sectors. scripts/build_knowledge.py
# takes a person's name and country by the same rule.
SOURCE_PRECEDENCE = ("dyad-curated", "world-leaders-2026", "factbook-2026", "wikidata-2022", "cia-2019", "reign-2021",
                     "phoenix-2014")


@dataclass(slots=True)
class Country:
    iso3: str
    iso2: str
    name: str
    names: list[str]
    adjectives: list[str]
    capitals: list[str]


@dataclass(slots=True)
class Spell:
    """One office held by a person over a period (ISO dates, possibly partial; empty = open)."""

    sector: str
    role: str
    start: str
    end: str
    source: str


@dataclass(slots=True)
class Person:
    id: str
    name: str
    country: str | None
    aliases: list[str] = field(default_factory=list)
    spells: list[Spell] = field(default_factory=list)


@dataclass(slots=True)
class OrgSpell:
    """An organisation (or named state institution) as it stood over a period."""

    id: str
    name: str
    kind: str
    country: str | None
    sector: str | None
    start: str
    end: str


@dataclass(slots=True)
class Place:
    name: str
    country: str
    admin1: str | None
    kind: str
    lat: float | None
    lon: float | None
    population: int


@dataclass(slots=True)
class Knowledge:
    countries: dict[str, Country]
    people: dict[str, Person]
    organisations: dict[str, list[OrgSpell]]
    org_names: dict[str, list[str]]
    places: dict[str, list[Place]]
    agents: dict[str, tuple[str, str]]
    ambiguous: dict[str, list[tuple[str, list[str]]]]
    titles: dict[str, str]
    generic_sectors: dict[str, bool]  # sector -> whether its bare agents belong to the country they are in
    home_sectors: set[str]  # sectors whose bare agents placed nowhere belong to the document's home country
    surnames: dict[str, list[str]]  # last word of a person's name -> the ids of the people so named
    home_institutions: dict[str, str]  # head word of a domestic institution's name -> its sector
    anaphors: dict[str, tuple[frozenset[str], frozenset[str]]]  # "the <word>" -> antecedent kinds, sectors


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("dyad.data").joinpath("knowledge", name).read_text("utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _split(value: str) -> list[str]:
    return [v for v in value.split("|") if v]


def _bound(date: str, end: bool) -> str:
    """A partial ISO date as the first (or last) day it can mean."""
    if len(date) == 4:
        return date + ("-12-31" if end else "-01-01")
    if len(date) == 7:
        return date + ("-31" if end else "-01")
    return date


def covers(start: str, end: str, on: str) -> bool:
    """Whether the period [start, end] (partial ISO dates, empty = open) includes the date ``on``."""
    day = _bound(on, end=False)
    return (not start or _bound(start, False) <= day) and (not end or day <= _bound(end, True))


@loaded_once
def load_knowledge() -> Knowledge:
    """Read every knowledge file once per process."""
    countries = {r["iso3"]: Country(r["iso3"], r["iso2"], r["name"], _split(r["names"]), _split(r["adjectives"]),
                                    _split(r["capitals"])) for r in _rows("countries.tsv")}
    people: dict[str, Person] = {}
    for r in _rows("people.tsv"):
        person = people.setdefault(r["id"], Person(r["id"], r["name"], r["country"] or None))
        person.aliases = sorted(set(person.aliases) | set(_split(r["aliases"])))
        if r["role"]:
            person.spells.append(Spell(r["sector"], r["role"], r["start"], r["end"], r["source"]))
    organisations: dict[str, list[OrgSpell]] = defaultdict(list)
    org_names: dict[str, list[str]] = defaultdict(list)
    for r in _rows("organisations.tsv"):
        organisations[r["id"]].append(OrgSpell(r["id"], r["name"], r["kind"], r["country"] or None,
                                               r["sector"] or None, r["start"], r["end"]))
        for name in [r["name"], *_split(r["aliases"])]:
            if r["id"] not in org_names[name]:
                org_names[name].append(r["id"])
    places: dict[str, list[Place]] = defaultdict(list)
    for r in _rows("places.tsv"):
        place = Place(r["name"], r["country"], r["admin1"] or None, r["kind"],
                      float(r["lat"]) if r["lat"] else None, float(r["lon"]) if r["lon"] else None,
                      int(r["population"] or 0))
        for name in {r["name"], *_split(r["aliases"])}:
            places[name].append(place)
    surnames: dict[str, list[str]] = defaultdict(list)
    for person in people.values():
        surnames[person.name.split()[-1]].append(person.id)
    ambiguous: dict[str, list[tuple[str, list[str]]]] = defaultdict(list)
    for r in _rows("ambiguous.tsv"):
        ambiguous[r["name"]].append((r["reading"], _split(r["cues"])))
    return Knowledge(
        countries=countries, people=people, organisations=dict(organisations), org_names=dict(org_names),
        places=dict(places), agents={r["term"]: (r["sector"], r["kind"]) for r in _rows("agents.tsv")},
        ambiguous=dict(ambiguous), titles={r["word"]: r["use"] for r in _rows("titles.tsv")},
        generic_sectors={r["sector"]: r["domestic"] == "yes" for r in _rows("generic_agents.tsv")},
        home_sectors={r["sector"] for r in _rows("generic_agents.tsv") if r["home"] == "yes"},
        surnames=dict(surnames),
        home_institutions={r["head"]: r["sector"] for r in _rows("home_institutions.tsv")},
        anaphors={r["word"]: (frozenset(_split(r["kinds"])), frozenset(_split(r["sectors"])))
                  for r in _rows("anaphors.tsv")})
