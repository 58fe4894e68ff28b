"""Where an event happened when its sentence names no place: a visit took place in the host's country."""

from __future__ import annotations

from dyad.model import Actor, Event, Location
from dyad.score import event_policy

__all__ = ["host_location"]


def host_location(event: Event, actors: dict[str, Actor]) -> Location | None:
    """The host country of a visit (a (type, mode) the policy calls a visit) with a recipient, else None."""
    if event_policy().is_visit(event.type, event.mode) and event.target and event.target[0].country:
        country = event.target[0].country
        state = actors.get(f"dyad:{country}")
        return Location(name=state.name if state else country, country=country)
    return None
