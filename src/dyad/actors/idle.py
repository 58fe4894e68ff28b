"""The actors stage's last word, given once the document's events are known: unnamed agents that take part in no
event go, states named only as places that an event takes part (a visit's host) come in."""

from __future__ import annotations

from collections.abc import Callable

from dyad.model import Actor, Event, Mention, state_code

__all__ = ["with_place_participants", "without_idle_generics"]


def without_idle_generics(actors: list[Actor], mentions: list[Mention], events: list[Event]
                          ) -> tuple[list[Actor], list[Mention]]:
    """The actors and mentions without the unnamed agents ("police", "officials") that take part in no event:
    such an agent is worth reporting only as a participant. Actors left with no mention are dropped."""
    used = {(r.actor, r.text) for e in events for r in (*e.source, *e.target, *e.third_parties)}
    idle = [m for m in mentions if m.kind == "generic" and not any((a, m.text) in used for a in m.actors)]
    if not idle:
        return actors, mentions
    spans = {(m.start, m.end) for m in idle}
    kept = [m for m in mentions if (m.start, m.end) not in spans or m.kind != "generic"]
    for actor in actors:
        actor.mentions = [span for span in actor.mentions if tuple(span) not in spans]
    return [a for a in actors if a.mentions], kept


def with_place_participants(actors: list[Actor], mentions: list[Mention], events: list[Event],
                            state_actor: Callable[[str], Actor]) -> list[Actor]:
    """The actors with the states that events take as participants though the page names them only as places
    ("arrived in Moscow": Russia hosts the visit), each with its place mentions, so that no event names an actor
    the analysis lacks."""
    known = {a.id for a in actors}
    wanted = {iso3: r.actor for e in events for r in (*e.source, *e.target, *e.third_parties)
              if r.actor not in known and (iso3 := state_code(r.actor)) and r.actor == f"dyad:{iso3}"}
    added = []
    for iso3, actor_id in sorted(wanted.items()):
        actor = state_actor(iso3)
        actor.mentions = [(m.start, m.end) for m in mentions if m.kind == "place" and actor_id in m.actors]
        added.append(actor)
    return sorted([*actors, *added], key=lambda a: a.mentions[0] if a.mentions else (0, 0)) if added else actors
