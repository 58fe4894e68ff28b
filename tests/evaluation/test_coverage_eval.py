"""The coverage measurement (events with a country on both sides) and its ratchet on real, unlabelled news."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shared_data import shared_path

from dyad.evaluation.coverage import BBC_DATE, bbc_politics, country_coverage, ngec_guardian, two_sided
from dyad.model import ActorRef, Analysis, Document, Event, Evidence
from dyad.pipeline import analyse_document

FLOORS = json.loads((Path(__file__).parent / "coverage_floors.json").read_text("utf-8"))
RATCHET = 0.03


def _event(source: list[str | None], target: list[str | None]) -> Event:
    return Event(type="ACCUSE", evidence=Evidence("s", 0, 1),
                 source=[ActorRef(f"a{i}", "x", c) for i, c in enumerate(source)],
                 target=[ActorRef(f"b{i}", "y", c) for i, c in enumerate(target)])


def test_two_sided_needs_a_country_on_each_side() -> None:
    assert two_sided(_event(["GBR"], ["FRA"])) and two_sided(_event([None, "GBR"], ["GBR"]))
    assert not two_sided(_event(["GBR"], [])) and not two_sided(_event([None], ["FRA"]))


def test_country_coverage_counts_documents_events_and_two_sided_events() -> None:
    documents = [Document(id=str(i), origin="t", text="t") for i in range(2)]
    events = {"0": [_event(["GBR"], ["FRA"]), _event(["GBR"], [])], "1": [_event([], [])]}
    scores = country_coverage("t", documents, lambda d: Analysis(d, events=events[d.id]))
    assert scores.to_dict() == {"name": "t", "documents": 2, "events": 3, "two_sided": 1, "share": 0.3333}


def test_readers_date_the_documents() -> None:
    shared = shared_path("corpora").parent
    bbc = bbc_politics(shared, limit=2)
    guardian = ngec_guardian(shared, limit=2)
    assert [d.published for d in bbc] == [BBC_DATE, BBC_DATE] and bbc[0].text.startswith("Labour plans")
    assert all(d.published and d.published.startswith(("2017", "2018", "2019")) for d in guardian)


@pytest.mark.slow
@pytest.mark.shared
@pytest.mark.parametrize("name", ["bbc-news/politics", "ngec-guardian"])
def test_two_sided_share_holds_its_floor(name: str) -> None:
    shared = shared_path("corpora").parent
    floor = FLOORS[name]
    reader = bbc_politics if name == "bbc-news/politics" else ngec_guardian
    share = country_coverage(name, reader(shared, floor["documents"]), analyse_document).to_dict()["share"]
    assert share >= floor["share"], f"{name}: the two-sided share fell to {share}, below {floor['share']}"
    assert share <= floor["share"] + RATCHET, f"{name}: the share rose to {share}: raise its floor"
