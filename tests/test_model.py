from __future__ import annotations

import json

from dyad.model import (
    Actor,
    ActorRef,
    Analysis,
    Document,
    Event,
    Evidence,
    Figure,
    Heading,
    Location,
    Teaser,
    digest_text,
)


def _analysis() -> Analysis:
    doc = Document(id="x1", origin="a.txt", text="Iran and Pakistan agreed.", title="T", published="2025-08-02",
                   language="en", headings=[Heading("H", 0, 0)], teasers=[Teaser("t", "s", None)])
    ev = Evidence("Iran and Pakistan agreed.", 0, 25, "agreed", 18, 24)
    return Analysis(
        document=doc,
        actors=[Actor("dyad:IRN", "Iran", "state", "IRN", None, None, [(0, 4)])],
        events=[Event("AGREE", ev, source=[ActorRef("dyad:IRN", "Iran", "IRN")], location=Location("Lahore", "PAK"),
                      cameo="030", quad_class=1, goldstein=4.0)],
        figures=[Figure("$3 billion", 3e9, "USD", ev, "bilateral trade", "current", ["IRN", "PAK"])],
        pipeline="dyad test",
    )


def test_json_round_trip() -> None:
    analysis = _analysis()
    data = json.loads(json.dumps(analysis.to_output()))
    assert Analysis.from_output(data) == analysis
    assert data["actors"][0]["mentions"] == [[0, 4]]
    assert data["events"][0]["evidence"]["sentence"] == "Iran and Pakistan agreed."


def test_digest_is_stable_under_whitespace_and_quotes() -> None:
    assert digest_text("Tehran’s  focus\n") == digest_text("Tehran's focus")
    assert Document(id="", origin="x", text="a b").digest == digest_text("a  b")


def test_numeric_input_id_round_trips_as_a_number() -> None:
    analysis = _analysis()
    analysis.document.id, analysis.document.input_id = "42", 42
    data = json.loads(json.dumps(analysis.to_output()))
    assert data["id"] == 42 and "input_id" not in data
    assert Analysis.from_output(data) == analysis


def test_the_event_type_and_modality_literals_match_the_ontology_and_the_output_contract() -> None:
    from importlib import resources

    from dyad.model import EVENT_TYPES, MODALITIES
    from dyad.score.ontology import plover_types

    assert tuple(plover_types()) == EVENT_TYPES
    schema = json.loads(resources.files("dyad.data").joinpath("output.schema.json").read_text("utf-8"))
    enums = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "modality" in node and isinstance(node["modality"], dict) and "enum" in node["modality"]:
                enums.append(tuple(node["modality"]["enum"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    assert enums and set(enums) == {MODALITIES}
