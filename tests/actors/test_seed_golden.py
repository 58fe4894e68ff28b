"""Golden test: the actors of the seed page (dated 2025-08-02) with country, sector and role; none from teasers."""

from __future__ import annotations

import dataclasses

import pytest
from shared_data import SEED

from dyad.ingest import read_paths
from dyad.model import Actor, Mention
from dyad.pipeline import Pipeline

# (id, kind, country, sector, role) of every actor the seed's main text names.
GOLDEN = {
    ("dyad:IRN", "state", "IRN", None, None),
    ("dyad:PAK", "state", "PAK", None, None),
    ("dyad:ISR", "state", "ISR", None, None),
    ("dyad:IND", "state", "IND", None, None),
    ("dyad:CHN", "state", "CHN", None, None),
    ("dyad:SAU", "state", "SAU", None, None),
    ("dyad:USA", "state", "USA", None, None),
    ("dyad:AFG", "state", "AFG", None, None),
    ("dyad:IRN:GOV", "government", "IRN", "GOV", None),
    ("dyad:PAK:GOV", "government", "PAK", "GOV", None),
    ("dyad:USA:GOV", "government", "USA", "GOV", None),
    ("dyad:IND:GOV", "government", "IND", "GOV", None),
    ("dyad:IND:BUS", "business", "IND", "BUS", None),
    ("dyad:IND:MIL", "military", "IND", "MIL", None),
    ("dyad:ISR:MIL", "military", "ISR", "MIL", None),
    ("dyad:AFG:REF", "people", "AFG", "REF", None),
    ("dyad:AFG:CVL", "people", "AFG", "CVL", None),
    ("dyad:group:TALIBAN", "group", "AFG", "GOV", None),
    ("dyad:igo:UN", "igo", None, "IGO", None),
    ("dyad:igo:GULF", "igo", None, "IGO", None),
    ("dyad:person:masoud-pezeshkian", "person", "IRN", "GOV", "President of Iran"),
    ("Q5947347", "person", "IRN", "GOV", "former President of Iran"),
    ("Q2096387", "person", "PAK", "GOV", "Prime Minister of Pakistan"),
    ("dyad:person:asif-ali-zardari", "person", "PAK", "GOV", "President of Pakistan"),
    ("Q22686", "person", "USA", "GOV", "President of the United States"),
    ("dyad:person:muhammad-iqbal", "person", "PAK", None, None),
    ("dyad:phrase:leaders", "group", None, None, None),  # "dialogue between their leaders": a learned role's phrase
    ("dyad:agent:INS", "group", None, "INS", None),  # the "insurgents" that "allegations of harboring" targets
}


@pytest.fixture(scope="module")
def seed() -> tuple[str, list[Actor], list[Mention]]:
    """The seed page through the pipeline every analysis uses (the actors an analyst sees, after every step)."""
    document = next(iter(read_paths([str(SEED)])))
    analysis = Pipeline().analyse(dataclasses.replace(document, published="2025-08-02"))
    return analysis.document.text, analysis.actors, analysis.mentions


def test_seed_actors(seed: tuple[str, list[Actor], list[Mention]]) -> None:
    _, actors, _ = seed
    assert {(a.id, a.kind, a.country, a.sector, a.role) for a in actors} == GOLDEN


def test_seed_places(seed: tuple[str, list[Actor], list[Mention]]) -> None:
    _, _, mentions = seed
    places = {(m.text, tuple(m.actors)) for m in mentions if m.kind == "place"}
    assert {("Balochistan", ("dyad:PAK",)), ("Sistan va Baluchestan", ("dyad:IRN",)), ("Lahore", ("dyad:PAK",)),
            ("Tehran", ("dyad:IRN",))} <= places


def test_seed_pairs(seed: tuple[str, list[Actor], list[Mention]]) -> None:
    _, _, mentions = seed
    pairs = {(m.text, tuple(m.actors)) for m in mentions if len(m.actors) > 1}
    assert {("Iran-Pakistan", ("dyad:IRN", "dyad:PAK")), ("Both nations", ("dyad:IRN", "dyad:PAK")),
            ("Tehran and Islamabad", ("dyad:IRN:GOV", "dyad:PAK:GOV")),
            ("the two primary neighbors", ("dyad:PAK", "dyad:IRN")),
            ("Iran-Saudi", ("dyad:IRN", "dyad:SAU")),
            ("both leaders", ("dyad:person:masoud-pezeshkian", "Q2096387"))} <= pairs


def test_no_actor_from_teasers(seed: tuple[str, list[Actor], list[Mention]]) -> None:
    text, actors, mentions = seed
    assert "Agnipath" not in text and all(m.end <= len(text) for m in mentions)
    assert not {"dyad:NPL", "dyad:group:TTP"} & {a.id for a in actors}
    for actor in actors:
        assert all(text[s:e] for s, e in actor.mentions)
