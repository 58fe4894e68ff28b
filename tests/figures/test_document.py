"""Casualty counts tied to the event of their sentence, for the types the policy names."""

from __future__ import annotations

import dataclasses

import pytest

from dyad.figures import document
from dyad.figures.document import document_figures
from dyad.model import ActorRef, Event, Evidence
from dyad.score import event_policy

TEXT = "Israel attacked Gaza and at least 30 people were killed."
SPANS = [(0, len(TEXT))]


def _event(type: str, modality: str = "asserted") -> Event:
    return Event(type=type, evidence=Evidence(TEXT, 0, len(TEXT), "attacked", 7, 15), modality=modality,
                 source=[ActorRef("dyad:ISR", "Israel", "ISR")], target=[ActorRef("dyad:PSE", "Gaza", "PSE")])


def _casualties(events: list[Event]) -> list[tuple[str, float | None, int | None, list[str]]]:
    return [(f.text, f.value, f.event, f.countries) for f in document_figures(TEXT, SPANS, [], {}, events)
            if f.event is not None]


def test_a_casualty_type_takes_the_count_of_its_sentence() -> None:
    assert "ASSAULT" in event_policy().casualty_types
    ((text, value, event, countries),) = _casualties([_event("AGREE"), _event("ASSAULT")])
    assert "30" in text and (value, event, countries) == (30.0, 1, ["ISR", "PSE"])


@pytest.mark.parametrize("event", [_event("AGREE"), _event("ASSAULT", modality="negated")])
def test_other_types_and_unasserted_events_take_none(event: Event) -> None:
    assert _casualties([event]) == []


def test_the_casualty_types_are_the_policy_s(monkeypatch: pytest.MonkeyPatch) -> None:
    policy = dataclasses.replace(event_policy(), casualty_types=frozenset({"AGREE"}))
    monkeypatch.setattr(document, "event_policy", lambda: policy)
    assert [event for _, _, event, _ in _casualties([_event("ASSAULT"), _event("AGREE")])] == [1]
