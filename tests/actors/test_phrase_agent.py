"""Noun phrases the learned coder makes actors of: an agent head noun is a sector actor (dyad.actors.resolver)."""

from __future__ import annotations

from dyad.actors.resolver import phrase_agent
from dyad.model import Actor, Mention


def agent(words: str, sentence: str, offset: int, mentions: list[Mention], actors: dict[str, Actor]) -> Actor | None:
    start = sentence.index(words)
    return phrase_agent(sentence, start, start + len(words), offset, mentions, actors)

BRITISH = {"dyad:person:tony-blair": Actor("dyad:person:tony-blair", "Tony Blair", "person", "GBR", "GOV",
                                           mentions=[(0, 5), (40, 45), (80, 85)])}


def test_a_home_sector_placed_nowhere_takes_the_document_home() -> None:
    sentence = "Labour MPs attacked the plan."
    actor = agent("Labour MPs", sentence, 200, [], BRITISH)
    assert actor is not None
    assert (actor.id, actor.country, actor.sector) == ("dyad:GBR:LEG", "GBR", "LEG")


def test_a_domestic_sector_takes_the_country_its_sentence_places_it_in() -> None:
    sentence = "The police in Moscow detained him."
    places = [Mention(214, 220, "Moscow", ["dyad:RUS"], "place")]
    actor = agent("The police", sentence, 200, places, BRITISH)
    assert actor is not None and (actor.id, actor.country) == ("dyad:RUS:COP", "RUS")


def test_no_home_and_no_place_leave_the_phrase_to_the_coder() -> None:
    assert agent("The police", "The police said so.", 0, [], {}) is None


def test_a_sector_that_may_be_foreign_gets_no_home_country() -> None:
    assert agent("Militants", "Militants attacked a patrol.", 0, [], BRITISH) is None
    places = [Mention(21, 26, "Syria", ["dyad:SYR"], "place")]
    assert agent("Militants", "Militants fought in Syria.", 0, places, BRITISH) is None


def test_the_document_actor_is_returned_when_it_exists() -> None:
    government = Actor("dyad:GBR:GOV", "Government of United Kingdom", "government", "GBR", "GOV")
    actors = {**BRITISH, government.id: government}
    assert agent("the government", "He defended the government.", 0, [], actors) is government


def test_a_phrase_without_an_agent_head_of_a_bare_agent_sector_is_none() -> None:
    assert agent("the plan", "Labour attacked the plan.", 0, [], BRITISH) is None
    assert agent("two men", "Police arrested two men.", 0, [], BRITISH) is None  # people, no sector actor
    assert agent("lawyer", "His lawyer sued.", 0, [], BRITISH) is None  # "his": whose, this stage does not say
