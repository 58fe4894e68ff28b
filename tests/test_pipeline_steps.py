"""The pipeline is an ordered list of declared steps, checked when it is built."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from dyad.actors import ActorResolver, resolver
from dyad.actors.gazetteer import find_hits
from dyad.figures import extract
from dyad.model import Analysis, Document
from dyad.nlp import parse_spans, split_paragraphs, split_sentences
from dyad.pipeline import STEPS, Pipeline, PipelineError, Step, analyse_document
from dyad.time import attach


def test_default_pipeline_runs_every_step_in_order() -> None:
    assert Pipeline().names == tuple(step.name for step in STEPS)
    assert Pipeline().names.index("rule_events") < Pipeline().names.index("learned_events")


def test_a_step_can_be_switched_off_by_name() -> None:
    assert "learned_events" not in Pipeline(without={"learned_events"}).names


def test_unknown_step_names_are_an_error() -> None:
    with pytest.raises(PipelineError, match="no step named leaned_events"):
        Pipeline(without={"leaned_events"})


def test_a_missing_requirement_names_the_step_and_what_it_needs() -> None:
    with pytest.raises(PipelineError, match="step 'actors' requires 'parsed', which no earlier step assigns"):
        Pipeline(without={"parse"})
    extra = Step("mine", ("nothing_assigns_this",), ("x",), lambda record, resources: None)
    with pytest.raises(PipelineError, match="'mine' requires 'nothing_assigns_this'"):
        Pipeline([*STEPS, extra])


# An agent ("Police"), a pair ("the two countries"), a pronoun, dated events and figures: every stage that once
# re-derived hits, sentences, paragraphs or dates has something to do.
_TEXT = ("Pakistan and Iran signed a trade agreement worth $2 billion on Monday. Police in Lahore arrested "
         "12 protesters.\n\nThe two countries agreed in March 2024 to expand trade by 20 percent. "
         "Imran Khan met Iranian officials. He said talks with Iran would resume in May.")


def _forbidden(what: str) -> Callable[..., object]:
    def fail(*args: object, **kwargs: object) -> object:
        raise AssertionError(f"{what} re-derived inside the pipeline run")
    return fail


def _analysis_summary(analysis: Analysis) -> tuple[object, ...]:
    return ([(m.start, m.end, m.kind, tuple(m.actors)) for m in analysis.mentions],
            [(e.type, e.evidence.start, e.date, e.date_precision) for e in analysis.events],
            [(f.text, f.evidence.start, f.measure) for f in analysis.figures])


def test_stages_read_the_records_hits_sentences_paragraphs_and_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    document = Document(id="d", origin="a", text=_TEXT, published="2024-04-10", language="en")
    expected = _analysis_summary(analyse_document(document))
    for module, name in ((resolver, "find_hits"), (resolver, "split_sentences"), (resolver, "split_paragraphs"),
                         (attach, "find_dates"), (extract, "find_dates")):
        monkeypatch.setattr(module, name, _forbidden(f"{module.__name__}.{name}"))
    analysis = analyse_document(document)
    mentions, events, figures = _analysis_summary(analysis)
    assert {"generic", "pair", "pronoun"} <= {kind for _, _, kind, _ in mentions}
    assert any(date for *_, date, _ in events) and figures
    assert (mentions, events, figures) == expected


def test_the_resolver_alone_derives_what_it_is_not_given() -> None:
    document = Document(id="d", origin="a", text=_TEXT, published="2024-04-10", language="en")
    sentences = split_sentences(_TEXT)
    parsed = parse_spans(_TEXT, sentences)
    given = ActorResolver().resolve(document, parsed, generic_agents=True, hits=find_hits(_TEXT),
                                    sentences=sentences, paragraphs=split_paragraphs(_TEXT))
    assert ActorResolver().resolve(document, parsed, generic_agents=True) == given
