"""The pipeline is an ordered list of declared steps, checked when it is built."""

from __future__ import annotations

import pytest

from dyad.pipeline import STEPS, Pipeline, PipelineError, Step


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
