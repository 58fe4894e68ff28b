"""A visit with no place named happened in the host's country; other events get no place from their roles."""

from __future__ import annotations

from dyad.events import host_location
from dyad.model import Actor, ActorRef, Event, Evidence, Location

ACTORS = {"dyad:PAK": Actor("dyad:PAK", "Pakistan", "state", "PAK")}
IRAN = ActorRef("dyad:IRN", "Iran", "IRN")
PAKISTAN = ActorRef("dyad:PAK", "Pakistan", "PAK")


def _event(type: str, mode: str | None, target: list[ActorRef]) -> Event:
    return Event(type=type, mode=mode, evidence=Evidence("x", 0, 1), source=[IRAN], target=target)


def test_a_visit_takes_place_in_the_host_country() -> None:
    assert host_location(_event("CONSULT", "visit", [PAKISTAN]), ACTORS) == Location("Pakistan", "PAK")


def test_the_host_state_s_name_or_its_code() -> None:
    india = ActorRef("dyad:IND:GOV", "New Delhi", "IND")
    assert host_location(_event("CONSULT", "visit", [india]), ACTORS) == Location("IND", "IND")


def test_no_place_for_other_events_or_a_visit_without_host() -> None:
    assert host_location(_event("CONSULT", "phone", [PAKISTAN]), ACTORS) is None
    assert host_location(_event("AGREE", None, [PAKISTAN]), ACTORS) is None
    assert host_location(_event("CONSULT", "visit", []), ACTORS) is None
