"""The pipeline's composition: a failing stage becomes a Rejected record, never a stopped batch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyad import pipeline
from dyad.cli import app
from dyad.model import Analysis, Document, Rejected


def _explode(self: object, *args: object, **kwargs: object) -> None:
    raise RuntimeError("boom\non two lines")


def test_a_stage_failure_is_a_rejected_record(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline.EventCoder, "code", _explode)
    result = pipeline.analyse_or_reject(Document(id="d", origin="a.txt", text="Iran attacked Israel.", language="en"))
    assert isinstance(result, Rejected)
    assert result.origin == "a.txt" and result.reason == "analysis failed: RuntimeError: boom on two lines"


def test_analyze_goes_on_after_a_failing_document(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    original = pipeline.EventCoder.code

    def fail_on_iran(self: object, text: str, *args: object, **kwargs: object) -> object:
        if "Iran" in text:
            raise RuntimeError("boom")
        return original(self, text, *args, **kwargs)

    monkeypatch.setattr(pipeline.EventCoder, "code", fail_on_iran)
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps({"id": i, "text": t}) for i, t in
                              [("1", "Iran attacked Israel."), ("2", "Russia and China signed a trade agreement.")]))
    result = CliRunner().invoke(app, ["analyze", str(path), "--input-format", "jsonl"])
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [line["id"] for line in lines] == ["2"]
    assert Analysis.from_output(lines[0]).events
    assert "rejected:" in result.stderr and "analysis failed: RuntimeError: boom" in result.stderr


def test_an_unsupported_language_is_rejected_with_the_registrys_reason() -> None:
    result = pipeline.analyse_or_reject(Document(id="d", origin="fr.txt", text="L'Iran a attaqué Israël.",
                                                 language="fr"))
    assert isinstance(result, Rejected)
    assert (result.origin, result.reason) == ("fr.txt", "language 'fr' is not analysed (dyad analyses English)")


def test_the_parse_and_the_dates_read_the_documents_language(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed_in: list[str | None] = []
    dated_in: list[str | None] = []
    parse_spans, event_date = pipeline.parse_spans, pipeline.event_date

    def spy_parse(text: str, spans: list[tuple[int, int]], language: str | None = None) -> object:
        parsed_in.append(language)
        return parse_spans(text, spans, language)

    def spy_date(*args: object, **kwargs: object) -> object:
        dated_in.append(args[6] if len(args) > 6 else kwargs.get("language"))  # type: ignore[arg-type]
        return event_date(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "parse_spans", spy_parse)
    monkeypatch.setattr(pipeline, "event_date", spy_date)
    text = "Iran attacked Israel on Monday."
    for given, used in (("en", "en"), (None, "en")):
        parsed_in.clear()
        dated_in.clear()
        analysis = pipeline.analyse_document(Document(id="d", origin="a", text=text, published="2024-04-10",
                                                      language=given))
        assert parsed_in == [used] and dated_in and set(dated_in) == {used}
        assert analysis.events and analysis.events[0].date == "2024-04-08"


def test_every_participant_of_an_event_is_an_actor_of_the_analysis() -> None:
    # Lahore is a place, and the page names Pakistan nowhere else: the visit's host still comes in as an actor
    text = "The Iranian president visited Lahore on Monday."
    analysis = pipeline.analyse_document(Document(id="t", origin="t", text=text, published="2025-08-02"))
    assert isinstance(analysis, Analysis)
    visit = next(e for e in analysis.events if e.type == "CONSULT")
    assert [(r.actor, r.text) for r in visit.target] == [("dyad:PAK", "Lahore")]
    by_id = {a.id: a for a in analysis.actors}
    assert (by_id["dyad:PAK"].kind, by_id["dyad:PAK"].mentions) == ("state", [(text.index("Lahore"), text.index(" on"))])
    assert {r.actor for e in analysis.events for r in (*e.source, *e.target, *e.third_parties)} <= set(by_id)
