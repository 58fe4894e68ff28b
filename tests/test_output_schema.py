"""The output contract: real `dyad analyze` output, a fully filled record and the documented example
all validate against src/dyad/data/output.schema.json, and every offset points into the text."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from shared_data import ROOT, SEED
from typer.testing import CliRunner

from dyad.cli import app
from dyad.model import (
    MODALITIES,
    Actor,
    ActorRef,
    Analysis,
    Document,
    Event,
    Evidence,
    Figure,
    Heading,
    Location,
    Mention,
    Teaser,
)
from dyad.score import event_policy


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return json.loads(resources.files("dyad.data").joinpath("output.schema.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> Draft202012Validator:
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _errors(validator: Draft202012Validator, record: dict[str, Any]) -> list[str]:
    return [f"{e.json_path}: {e.message}" for e in validator.iter_errors(record)]


def _check_offsets(record: dict[str, Any]) -> None:
    """Every span in the record is a span of its text."""
    text = record["text"]
    for part in ("events", "figures"):
        for item in record[part]:
            ev = item["evidence"]
            assert ev["sentence"] == text[ev["start"]:ev["end"]], (part, ev)
            if ev.get("trigger") is not None:
                assert text[ev["trigger_start"]:ev["trigger_end"]] == ev["trigger"], (part, ev)
                assert ev["start"] <= ev["trigger_start"] <= ev["trigger_end"] <= ev["end"]
    for mention in record.get("mentions", []):
        assert text[mention["start"]:mention["end"]] == mention["text"], mention
    actor_ids = {a["id"] for a in record["actors"]}
    for actor in record["actors"]:
        for start, end in actor["mentions"]:
            assert 0 <= start < end <= len(text), actor
    for event in record["events"]:
        for ref in event["source"] + event["target"] + event.get("third_parties", []):
            assert ref["actor"] in actor_ids, ref
    for heading in record["headings"]:
        assert heading["start"] == heading["end"] <= len(text)
    for figure in record["figures"]:
        assert figure.get("event") is None or figure["event"] < len(record["events"])


@pytest.fixture(scope="module")
def seed_output() -> list[dict[str, Any]]:
    result = CliRunner().invoke(app, ["analyze", str(SEED), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_seed_output_validates(validator: Draft202012Validator, seed_output: list[dict[str, Any]]) -> None:
    (record,) = seed_output
    assert _errors(validator, record) == []
    assert record["title"] == "Iranian President in Pakistan: Advancing Iran-Pakistan Cooperation"
    assert len(record["teasers"]) == 4 and record["headings"]
    _check_offsets(record)


def test_jsonl_input_ids_are_echoed(validator: Draft202012Validator, tmp_path: Path) -> None:
    path = tmp_path / "eval.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in [
        {"id": "case-1", "text": "Iranian President Masoud Pezeshkian arrived in Islamabad on Saturday for talks "
                                 "with Prime Minister Shehbaz Sharif.", "date": "2025-08-02"},
        {"id": 42, "text": "The two countries did not sign the border agreement.", "title": "No deal",
         "url": "https://example.org/no-deal"},
    ]), "utf-8")
    result = CliRunner().invoke(app, ["analyze", str(path), "--input-format", "jsonl", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [r["id"] for r in records] == ["case-1", 42]  # echoed back unchanged, a number stays a number
    assert records[0]["published"] == "2025-08-02" and records[0]["published_source"] == "input"
    assert records[1]["title"] == "No deal" and records[1]["origin"] == "https://example.org/no-deal"
    for record in records:
        assert _errors(validator, record) == []
        _check_offsets(record)


def _full_analysis() -> Analysis:
    """A record with every optional part filled, so the event and figure parts of the schema are exercised."""
    text = ("Iran and Pakistan agreed in talks hosted by China to raise bilateral trade to $10 billion.\n\n"
            "Pakistani forces killed 3 militants near the border in Balochistan.")
    first, second = text.split("\n\n")
    s2 = text.index(second)
    doc = Document(id="hand-1", origin="hand.txt", text=text, title="Deal", site="example.org", author="Desk",
                   published="2025-08-03", published_source="input", language="en", format="jsonl",
                   headings=[Heading(text="Security", start=s2, end=s2)],
                   teasers=[Teaser(title="Other story", summary="A summary.", url="https://example.org/b")])
    iran = Actor(id="dyad:IRN", name="Iran", kind="state", country="IRN", mentions=[(0, 4)])
    pak = Actor(id="dyad:PAK", name="Pakistan", kind="state", country="PAK", mentions=[(9, 17)])
    chn = Actor(id="dyad:CHN", name="China", kind="state", country="CHN", mentions=[(44, 49)])
    mil = Actor(id="dyad:PAK:MIL", name="Pakistani military", kind="military", country="PAK", sector="MIL",
                role=None, mentions=[(s2, s2 + 16)])
    agree = Event(type="AGREE", evidence=Evidence(first, 0, len(first), "agreed", 18, 24),
                  source=[ActorRef("dyad:IRN", "Iran", "IRN"), ActorRef("dyad:PAK", "Pakistan", "PAK")],
                  modality="asserted", date="2025-08-03", date_precision="day", date_start="2025-08-03",
                  date_end="2025-08-03", cameo="057", quad_class=1,
                  goldstein=8.0, confidence=0.9, third_parties=[ActorRef("dyad:CHN", "China", "CHN")])
    trigger = s2 + second.index("killed")
    assault = Event(type="ASSAULT", mode="firearms", evidence=Evidence(second, s2, len(text), "killed", trigger,
                                                                       trigger + 6),
                    source=[ActorRef("dyad:PAK:MIL", "Pakistani forces", "PAK", "MIL")], modality="asserted",
                    date="2025-08", date_precision="month", date_start="2025-08-01", date_end="2025-08-31",
                    location=Location(name="Balochistan", country="PAK", admin1="Balochistan", lat=28.5, lon=65.1),
                    cameo="190", quad_class=4, goldstein=-10.0, confidence=0.6)
    money = Figure(text="$10 billion", value=1e10, unit="USD", evidence=Evidence(first, 0, len(first)),
                   measure="bilateral trade", role="target", countries=["IRN", "PAK"])
    dead = Figure(text="3 militants", value=3, unit="people", evidence=Evidence(second, s2, len(text)),
                  measure="killed", role=None, countries=["PAK"], value_max=5, event=1)
    mentions = [Mention(0, 4, "Iran", ["dyad:IRN"]), Mention(9, 17, "Pakistan", ["dyad:PAK"]),
                Mention(44, 49, "China", ["dyad:CHN"]),
                Mention(s2, s2 + 16, "Pakistani forces", ["dyad:PAK:MIL"], kind="agent")]
    return Analysis(document=doc, actors=[iran, pak, chn, mil], events=[agree, assault], figures=[money, dead],
                    pipeline="dyad test", mentions=mentions)


def test_full_hand_built_record_validates(validator: Draft202012Validator) -> None:
    record = _full_analysis().to_output()
    assert _errors(validator, record) == []
    _check_offsets(record)
    assert Analysis.from_output(json.loads(json.dumps(record))).to_output() == record


@pytest.mark.parametrize(("path", "value", "complaint"), [
    (("events", 0, "modality"), "likely", "is not one of"),
    (("events", 0, "type"), "MEET", "is not one of"),
    (("events", 0, "mode"), "visit", "is not one of"),  # visit is a CONSULT mode, not an AGREE one
    (("events", 1, "quad_class"), 5, "is not one of"),
    (("events", 0, "date_precision"), "month", "does not match"),  # the date is a day
    (("events", 0, "source", 0, "country"), "IR", "does not match"),
    (("actors", 0, "kind"), "country", "is not one of"),
    (("figures", 0, "role"), "goal", "is not one of"),
    (("events", 0, "evidence", "start"), -1, "less than the minimum"),
    (("published",), "2 August 2025", "does not match"),
    (("events", 1, "date_start"), "2025-08", "does not match"),  # a day, whatever the date's precision
    (("events", 0, "date_end"), None, "is not of type 'string'"),  # the event has a date
    (("published_source",), "inferred", "is not valid under any of the given schemas"),  # never from the body
    (("published",), None, "is not valid under any of the given schemas"),  # a null date needs "none: why"
    (("surprise",), 1, "Additional properties"),
])
def test_schema_rejects_what_breaks_the_contract(validator: Draft202012Validator, path: tuple, value: Any,
                                                 complaint: str) -> None:
    record = _full_analysis().to_output()
    target = record
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert any(complaint in e for e in _errors(validator, record)), _errors(validator, record)


@pytest.mark.parametrize("field", ["id", "text", "events", "pipeline"])
def test_schema_requires_the_contract_fields(validator: Draft202012Validator, field: str) -> None:
    record = _full_analysis().to_output()
    del record[field]
    assert any("required property" in e for e in _errors(validator, record))


def test_schema_enums_match_the_model_and_the_ontology(schema: dict[str, Any]) -> None:
    event = schema["$defs"]["event"]
    assert event["properties"]["modality"]["enum"] == list(MODALITIES)
    assert [q for q in event["properties"]["quad_class"]["enum"] if q is not None] == sorted(event_policy().quad_classes)
    plover = json.loads(resources.files("dyad.data").joinpath("ontology/plover.json").read_text("utf-8"))["types"]
    assert event["properties"]["type"]["enum"] == list(plover)
    modes = {rule["if"]["properties"]["type"]["const"]: rule["then"]["properties"]["mode"]["enum"]
             for rule in event["allOf"] if "type" in rule["if"]["properties"]}
    assert modes == {t: [*(v.get("modes") or {}), None] for t, v in plover.items()}


def test_documented_example_validates(validator: Draft202012Validator) -> None:
    page = (ROOT / "docs" / "output.md").read_text("utf-8")
    (example,) = re.findall(r"## Example.*?```json\n(.*?)```", page, re.DOTALL)
    record = json.loads(example)
    assert _errors(validator, record) == []
    _check_offsets(record)
