"""scripts/study_event_classifier.py: the parts that need no embedding model (rule features, back-off, NGEC ledes)."""

from __future__ import annotations

import importlib.util

import numpy as np
from shared_data import ROOT, shared_path

spec = importlib.util.spec_from_file_location("study_event_classifier", ROOT / "scripts" / "study_event_classifier.py")
study = importlib.util.module_from_spec(spec)
spec.loader.exec_module(study)


def test_backoff_keeps_the_rules_class_and_fills_sentences_without_an_event() -> None:
    assert study.backoff(np.array([0, 3, 0, 1]), np.array([2, 2, 4, 4])).tolist() == [2, 3, 4, 1]


def test_rule_features_agree_with_the_rules_class() -> None:
    predicted, features = study.run_rules(
        ["Russian troops shelled Kharkiv on Monday, killing five civilians.", "The weather was mild in May."], "test")
    assert predicted.tolist() == [4, 0]
    assert features[0].tolist()[:5] == [0.0, 0.0, 0.0, 0.0, 1.0] and features[0][8] >= 0.5
    assert features[1].tolist() == [1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]


def test_ngec_ledes_carry_a_pentaclass_and_the_transfer_sample_is_fixed() -> None:
    path = next(shared_path("corpora", "ngec-synthetic").glob("gpt_synthetic_events_*.csv.zip"))
    ledes, labels, test = study.read_ngec_ledes(path)
    assert len(ledes) == len(labels) == 4500
    assert set(labels.tolist()) == {1, 2, 3, 4}
    assert all(ledes) and len(" ".join(ledes)) < 300 * len(ledes)  # one sentence, not the story
    assert len(set(test)) == study.NGEC_TEST and test == study.read_ngec_ledes(path)[2]
