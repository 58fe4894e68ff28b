"""The evaluation gate for event coding: pinned floors that the suite refuses to lower."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shared_data import SHARED, shared_path

from dyad.evaluation.events import evaluate_conflibert, evaluate_ngec, evaluate_roles, pentaclass_of
from dyad.model import Event, Evidence
from dyad.pipeline import analyse_document

FLOORS = json.loads((Path(__file__).parent / "events_floors.json").read_text("utf-8"))


def test_pentaclass_of_picks_the_most_confident_reported_event() -> None:
    evidence = Evidence("s", 0, 1)
    events = [Event("ASSAULT", evidence, confidence=0.4), Event("AGREE", evidence, confidence=0.7)]
    assert pentaclass_of(events) == 1
    assert pentaclass_of([Event("ASSAULT", evidence, confidence=0.4)]) == 0  # mentioned in passing only
    assert pentaclass_of([]) == 0


def test_a_sentences_pentaclass_is_its_main_events_cameo_root() -> None:
    evidence = Evidence("s", 0, 1)
    assert pentaclass_of([Event("REQUEST", evidence, confidence=0.9, cameo="0234")]) == 0  # an appeal: a statement
    assert pentaclass_of([Event("REQUEST", evidence, confidence=0.9, cameo="1056")]) == 3  # a demand
    assert pentaclass_of([Event("SANCTION", evidence, confidence=0.9, cameo="163")]) == 3  # reduce relations
    assert pentaclass_of([Event("SANCTION", evidence, confidence=0.9, cameo="172")]) == 4  # coerce
    assert pentaclass_of([Event("REQUEST", evidence, confidence=0.9)]) == 3  # no CAMEO code: the type's class


@pytest.mark.slow
def test_conflibert_floors() -> None:
    path = shared_path("corpora", "conflibert-cameo", "cameo_class", "train.tsv")
    scores = evaluate_conflibert(path, analyse_document)
    floors = FLOORS["conflibert"]
    assert scores.items == 298  # the held-out fold: fine-tuning learns from the other four
    assert scores.macro_f1 >= floors["macro_f1"], scores.to_dict()
    assert scores.accuracy >= floors["accuracy"], scores.to_dict()
    assert scores.spurious_rate is not None and scores.spurious_rate <= floors["spurious_rate_max"]


@pytest.mark.slow
def test_ngec_floors() -> None:
    path = shared_path("corpora", "ngec-synthetic", "gpt_synthetic_events_2023-10-19_19.csv.zip")
    scores = evaluate_ngec(path, analyse_document, limit=300)
    floors = FLOORS["ngec_sample_300"]
    assert scores.macro_f1 >= floors["macro_f1"], scores.to_dict()
    assert scores.accuracy >= floors["accuracy"], scores.to_dict()


@pytest.mark.slow
def test_source_and_target_country_floors() -> None:
    path = shared_path("corpora", "conflibert-cameo", "cameo_ner", "train.txt")
    figures = evaluate_roles(path, SHARED, analyse_document).to_dict()
    floors = FLOORS["roles"]
    assert figures["source_accuracy"] >= floors["source_accuracy"], figures
    assert figures["target_accuracy"] >= floors["target_accuracy"], figures
