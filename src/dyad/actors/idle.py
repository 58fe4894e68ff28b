"""The actors stage's last word on unnamed agents, given once the document's events are known."""

from __future__ import annotations

from dyad.model import Actor, Event, Mention

__all__ = ["without_idle_generics"]


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
