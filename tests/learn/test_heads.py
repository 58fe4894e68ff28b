"""Linear heads: probabilities, and a lossless round trip through arrays."""

from __future__ import annotations

import numpy as np

from dyad.learn.heads import LinearHead


def _head(activation: str) -> LinearHead:
    rng = np.random.default_rng(0)
    return LinearHead(("a", "b", "c"), rng.normal(size=(4, 3)).astype(np.float32), np.zeros(3, np.float32),
                      activation, np.zeros(4, np.float32), np.ones(4, np.float32))


def test_softmax_rows_sum_to_one_and_sigmoid_is_independent() -> None:
    x = np.random.default_rng(1).normal(size=(5, 4))
    soft = _head("softmax").probabilities(x)
    assert soft.shape == (5, 3) and np.allclose(soft.sum(axis=1), 1.0)
    sig = _head("sigmoid").probabilities(x)
    assert ((sig > 0) & (sig < 1)).all() and not np.allclose(sig.sum(axis=1), 1.0)


def test_round_trip_through_arrays() -> None:
    head = _head("softmax")
    again = LinearHead.from_arrays(head.to_arrays("h"), "h")
    assert again.labels == head.labels and again.activation == "softmax"
    x = np.ones((2, 4))
    assert np.allclose(again.probabilities(x), head.probabilities(x))
