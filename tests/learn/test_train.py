"""The training code on a small real sample (free-news items, whose text is in the repository)."""

from __future__ import annotations

import numpy as np
import pytest

from dyad.evaluation.corpus import load_corpus
from dyad.learn.coder import ROLE_LABELS
from dyad.learn.train import PLOVER_TYPES, choose_thresholds, fit_heads, prepare
from dyad.model import MODALITIES


@pytest.fixture(scope="module")
def prepared():
    items = [item for item in load_corpus("train", redistributable_only=True)][:160]
    return prepare(items)


def test_prepare_parses_resolves_and_encodes_each_sentence(prepared) -> None:
    first = prepared[0]
    assert first.doc.text == first.item.text
    assert len(first.encoded.vectors) == len(first.encoded.offsets) > 0
    assert any(p.mentions for p in prepared)


def test_fit_heads_gives_heads_of_the_right_shape_and_thresholds_on_the_tune_items(prepared) -> None:
    fitted = fit_heads(prepared[:120])
    heads = fitted["heads"]
    assert heads["type"].labels == PLOVER_TYPES and heads["type"].activation == "sigmoid"
    assert heads["trigger"].labels == ("O", *PLOVER_TYPES)
    assert heads["modality"].labels == MODALITIES and heads["role"].labels == ROLE_LABELS
    assert fitted["counts"]["sentences"] == 120 and fitted["counts"]["events"] > 0
    x = np.stack([np.concatenate([p.encoded.sentence, p.encoded.vectors.max(axis=0)]) for p in prepared[120:]])
    probs = heads["type"].probabilities(x)
    assert probs.shape == (len(prepared) - 120, 16) and ((probs >= 0) & (probs <= 1)).all()
    thresholds, f1 = choose_thresholds(heads["type"], prepared[120:])
    assert set(thresholds) == set(PLOVER_TYPES) and all(0.1 <= t <= 0.8 for t in thresholds.values())
    assert len(set(thresholds.values())) == 1  # one threshold for every type: per type, they fit the noise
    assert all(0.0 <= v <= 1.0 for v in f1.values())


def test_the_threshold_is_the_highest_within_one_standard_error_of_the_best_macro_f1(prepared) -> None:
    heads = fit_heads(prepared[:120])["heads"]
    tune = prepared[120:]
    thresholds, f1 = choose_thresholds(heads["type"], tune)
    chosen = next(iter(thresholds.values()))
    x = np.stack([np.concatenate([p.encoded.sentence, p.encoded.vectors.max(axis=0)]) for p in tune])
    probs = heads["type"].probabilities(x)
    gold = np.array([[any(e.type == kind for e in p.item.events) for kind in PLOVER_TYPES] for p in tune])

    def macro(threshold: float) -> float:
        predicted = probs >= threshold
        tp = (predicted & gold).sum(axis=0)
        return float((2 * tp / np.maximum(predicted.sum(axis=0) + gold.sum(axis=0), 1)).mean())

    grid = [round(float(t), 2) for t in np.arange(0.1, 0.81, 0.05)]
    best = max(macro(t) for t in grid)
    assert macro(chosen) == pytest.approx(np.mean(list(f1.values())), abs=2e-3)
    assert best - 0.1 < macro(chosen) <= best + 1e-9  # within a (bootstrap) standard error of the best
    best_threshold = max(grid, key=lambda t: (macro(t), -abs(t - 0.5)))
    assert chosen >= best_threshold  # ties in error go to the higher threshold: fewer spurious events


def test_fitting_is_deterministic(prepared) -> None:
    first = fit_heads(prepared[:60])["heads"]["role"]
    second = fit_heads(prepared[:60])["heads"]["role"]
    assert np.array_equal(first.weights, second.weights)


def test_the_role_threshold_is_the_one_of_best_role_f1_on_the_tune_items(prepared, monkeypatch) -> None:
    import dyad.learn.train as train

    heads = fit_heads(prepared[:120])["heads"]
    chosen, f1 = train.choose_role_threshold(heads["role"], prepared[120:])
    assert chosen in train.ROLE_THRESHOLD_GRID and 0 < f1["source_f1"] <= 1  # free-news names sources the head finds
    each = {}
    for threshold in train.ROLE_THRESHOLD_GRID:  # each threshold alone, as the only one tried
        monkeypatch.setattr(train, "ROLE_THRESHOLD_GRID", (threshold,))
        each[threshold] = sum(train.choose_role_threshold(heads["role"], prepared[120:])[1].values())
    assert each[chosen] == max(each.values()) and each[chosen] == pytest.approx(sum(f1.values()))


def test_the_threshold_rule_takes_the_highest_of_equally_good_thresholds() -> None:
    from dyad.learn.train import one_standard_error_threshold

    gold = np.array([[1, 0], [0, 1], [0, 0], [1, 1]] * 5)
    # separable at every threshold of the grid but the last ones: positives at 0.7, negatives at 0.05
    probabilities = np.where(gold == 1, 0.7, 0.05)
    assert one_standard_error_threshold(probabilities, gold) == 0.7
