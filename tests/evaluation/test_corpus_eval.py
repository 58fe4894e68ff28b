"""The evaluation gate on dyad's own labelled corpus: the learned step's figures, and its margin over the rules."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from shared_data import shared_path

from dyad.evaluation.corpus import CORPUS_DIR, load_corpus
from dyad.evaluation.labelled import LabelledScores, evaluate_labelled
from dyad.pipeline import Pipeline, analyse_document

FLOORS = json.loads((Path(__file__).parent / "corpus_floors.json").read_text("utf-8"))


def _scores(pipeline: Pipeline | None) -> LabelledScores:
    shared_path("corpora", "bbc-news")
    return evaluate_labelled(load_corpus("test"), lambda document: analyse_document(document, pipeline))


def test_floors_were_measured_on_this_corpus() -> None:
    digest = hashlib.sha256((CORPUS_DIR / "events.jsonl").read_bytes()).hexdigest()
    assert digest == FLOORS["corpus_sha256"], "corpus/events changed: re-measure and re-pin corpus_floors.json"


@pytest.mark.slow
@pytest.mark.shared
def test_learned_pipeline_floors_and_margin_over_the_rules() -> None:
    learned = _scores(None)
    floors = FLOORS["learned"]
    figures = learned.to_dict()
    for name in ("macro_f1", "micro_f1", "modality_accuracy", "mode_accuracy", "source_recall", "target_recall",
                 "source_words", "target_words", "participant_country_accuracy", "participant_sector_accuracy"):
        assert figures[name] >= floors[name], (name, figures)
    assert learned.spurious_rate <= floors["spurious_rate_max"], figures
    assert learned.disaster_event_rate <= floors["disaster_event_rate_max"], figures
    rules = _scores(Pipeline(without={"event_sentences", "learned_events"}))
    assert rules.macro_f1 >= FLOORS["rules"]["macro_f1"] and rules.micro_f1 >= FLOORS["rules"]["micro_f1"]
    assert learned.macro_f1 > rules.macro_f1 + 0.2 and learned.source_recall > rules.source_recall
