"""Unnamed agents are kept only where an event names them; states named only as places come in where an event
takes them part."""

from __future__ import annotations

from dyad.actors.idle import with_place_participants, without_idle_generics
from dyad.model import Actor, ActorRef, Event, Evidence, Mention


def _world() -> tuple[list[Actor], list[Mention]]:
    actors = [Actor("dyad:IRN", "Iran", "state", "IRN", mentions=[(0, 4)]),
              Actor("dyad:IRN:COP", "police", "agent", "IRN", mentions=[(10, 16), (30, 36)])]
    mentions = [Mention(0, 4, "Iran", ["dyad:IRN"]), Mention(10, 16, "police", ["dyad:IRN:COP"], kind="generic"),
                Mention(30, 36, "Police", ["dyad:IRN:COP"], kind="generic")]
    return actors, mentions


def test_an_agent_in_no_event_is_dropped() -> None:
    actors, mentions = without_idle_generics(*_world(), [])
    assert [a.id for a in actors] == ["dyad:IRN"] and [m.text for m in mentions] == ["Iran"]


def test_an_agent_an_event_names_keeps_that_mention_only() -> None:
    event = Event("COERCE", Evidence("x", 0, 40), source=[ActorRef("dyad:IRN:COP", "police", "IRN")])
    actors, mentions = without_idle_generics(*_world(), [event])
    assert [m.text for m in mentions] == ["Iran", "police"]
    assert [(a.id, a.mentions) for a in actors] == [("dyad:IRN", [(0, 4)]), ("dyad:IRN:COP", [(10, 16)])]


def test_a_state_named_only_as_a_place_becomes_an_actor_where_an_event_takes_it_part() -> None:
    actors = [Actor("dyad:person:tony-blair", "Tony Blair", "person", "GBR", mentions=[(0, 10)])]
    mentions = [Mention(0, 10, "Tony Blair", ["dyad:person:tony-blair"], kind="person"),
                Mention(22, 28, "Moscow", ["dyad:RUS"], kind="place"),
                Mention(40, 45, "Paris", ["dyad:FRA"], kind="place")]
    visit = Event("CONSULT", Evidence("x", 0, 50), source=[ActorRef("dyad:person:tony-blair", "Tony Blair", "GBR")],
                  target=[ActorRef("dyad:RUS", "Moscow", "RUS")])
    added = with_place_participants(actors, mentions, [visit], lambda iso3: Actor(f"dyad:{iso3}", iso3, "state", iso3))
    assert [(a.id, a.mentions) for a in added] == [("dyad:person:tony-blair", [(0, 10)]), ("dyad:RUS", [(22, 28)])]
    assert with_place_participants(actors, mentions, [], lambda iso3: Actor(iso3, iso3, "state")) is actors
