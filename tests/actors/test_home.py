"""The home-country rule for NER's people and domestic institutions (dyad.actors.home)."""

from __future__ import annotations

import pytest

from dyad.actors import ActorResolver
from dyad.actors.home import institution_sector, place_at_home
from dyad.model import Actor, Document
from dyad.nlp import parse_spans, split_sentences

HEADS = {"Commission": "GOV", "Court": "JUD", "Parliament": "LEG"}


@pytest.mark.parametrize(("name", "sector"), [
    ("the Electoral Commission", "GOV"), ("the Court of Appeal", "JUD"), ("Parliament", "LEG"),
    ("the Making Decisions Alliance", None), ("Commission chiefs", None)])
def test_the_head_word_before_of_names_the_sector(name: str, sector: str | None) -> None:
    assert institution_sector(name, HEADS) == sector


def test_only_actors_that_their_sentences_do_not_place_elsewhere_go_home() -> None:
    actors = {a.id: a for a in (
        Actor("dyad:person:martin-mubanga", "Martin Mubanga", "person"),
        Actor("dyad:person:cherie-blair", "Cherie Blair", "person"),
        Actor("dyad:org:the-court-of-appeal", "the Court of Appeal", "organisation"),
        Actor("dyad:org:age-concern", "Age Concern", "organisation"),
        Actor("dyad:USA", "United States", "state", "USA"))}
    sentences = [(0, 50), (50, 100)]
    mentions = [(0, ["dyad:person:martin-mubanga"], set()), (10, ["dyad:org:the-court-of-appeal"], set()),
                (20, ["dyad:org:age-concern"], set()), (30, ["dyad:GBR"], {"GBR"}),
                (60, ["dyad:person:cherie-blair"], set()), (80, ["dyad:USA"], {"USA"})]
    place_at_home(actors, [a for a in actors if a != "dyad:USA"], mentions, sentences, "GBR", HEADS)
    assert (actors["dyad:person:martin-mubanga"].country, actors["dyad:person:martin-mubanga"].sector) == ("GBR", None)
    assert (actors["dyad:org:the-court-of-appeal"].country, actors["dyad:org:the-court-of-appeal"].sector) == (
        "GBR", "JUD")
    assert actors["dyad:org:age-concern"].country is None  # no institution's head word: a charity, a firm, a club
    assert actors["dyad:person:cherie-blair"].country is None  # her sentence names the United States


def test_resolver_gives_the_home_country_to_ner_people_and_institutions() -> None:
    text = ("Tony Blair and Jack Straw met Labour MPs in London. Moazzam Begg and Martin Mubanga were held for three "
            "years, the Court of Appeal heard. Cherie Blair spoke in the United States.")
    resolver = ActorResolver()
    document = Document(id="t", origin="t", text=text, published="2005-06-01")
    actors, _ = resolver.resolve(document, parse_spans(text, split_sentences(text)))
    by_id = {a.id: a for a in actors}
    assert [(by_id[i].country, by_id[i].sector) for i in ("dyad:person:moazzam-begg", "dyad:person:martin-mubanga",
                                                          "dyad:org:the-court-of-appeal")] == [
        ("GBR", None), ("GBR", None), ("GBR", "JUD")]
    assert by_id["dyad:person:cherie-blair"].country is None
    assert by_id["dyad:person:jack-straw"].role == "Foreign Secretary"


def test_no_home_country_no_change() -> None:
    text = "Martin Mubanga met Feroz Abbasi. Iran and Pakistan signed a deal."
    resolver = ActorResolver()
    actors, _ = resolver.resolve(Document(id="t", origin="t", text=text, published="2005-06-01"),
                                 parse_spans(text, split_sentences(text)))
    assert {a.id: a.country for a in actors if a.kind == "person"} == {
        "dyad:person:martin-mubanga": None, "dyad:person:feroz-abbasi": None}


def test_a_person_most_of_whose_sentences_name_no_other_country_goes_home() -> None:
    # Lord Butler's report "into Iraq intelligence" names Iraq once in three sentences: he is still British
    actors = {"dyad:person:robin-butler": Actor("dyad:person:robin-butler", "Robin Butler", "person"),
              "dyad:person:hans-blix": Actor("dyad:person:hans-blix", "Hans Blix", "person")}
    sentences = [(0, 50), (50, 100), (100, 150), (150, 200)]
    mentions = [(0, ["dyad:person:robin-butler"], set()), (60, ["dyad:person:robin-butler"], set()),
                (110, ["dyad:person:robin-butler", "dyad:IRQ"], {"IRQ"}),
                (20, ["dyad:person:hans-blix"], set()), (160, ["dyad:person:hans-blix", "dyad:IRQ"], {"IRQ"})]
    place_at_home(actors, list(actors), mentions, sentences, "GBR", HEADS)
    assert actors["dyad:person:robin-butler"].country == "GBR"
    assert actors["dyad:person:hans-blix"].country is None  # one of his two sentences places him in Iraq
