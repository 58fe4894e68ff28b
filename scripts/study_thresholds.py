"""Split-half study of type-threshold rules on the tune fold, for the shipped type head.

Each rule chooses its thresholds on one half of the tune fold's documents and is scored on the other half, both
ways: macro-F1 over the 16 PLOVER types, and the spurious rate (the share of the half's sentences without an
event that get a type). The type head alone, at sentence level; the coder's other filters come after it.

    python scripts/study_thresholds.py

Used for the threshold paragraph of docs/events.md ("Training").
"""

from __future__ import annotations

import hashlib

import numpy as np

from dyad.evaluation.corpus import in_tune_fold, training_items
from dyad.learn.model import event_model
from dyad.learn.train import THRESHOLD_GRID, _type_matrix, prepare, type_f1


def spurious(probs: np.ndarray, gold: np.ndarray, thresholds: np.ndarray) -> float:
    none = gold.sum(axis=1) == 0
    return float(((probs >= thresholds).any(axis=1) & none).sum() / max(int(none.sum()), 1))


def rules(probs: np.ndarray, gold: np.ndarray) -> dict[str, np.ndarray]:
    """Each rule's thresholds (one per type) chosen on these rows."""
    types = gold.shape[1]
    macro = {t: type_f1(probs, gold, t).mean() for t in THRESHOLD_GRID}
    best = max(THRESHOLD_GRID, key=lambda t: (macro[t], -abs(t - 0.5)))
    by_type = np.array([max(THRESHOLD_GRID, key=lambda t, c=c: (type_f1(probs[:, c], gold[:, c], t), -abs(t - 0.5)))
                        for c in range(types)])
    chosen = {"one threshold, best macro-F1": np.full(types, best), "per type": by_type,
              "per type, shrunk halfway": (by_type + best) / 2}
    for fixed in (0.3, 0.4, 0.5):
        chosen[f"fixed {fixed}"] = np.full(types, fixed)
    return chosen


def main() -> None:
    prepared = prepare([item for item in training_items() if in_tune_fold(item.document)])
    x, gold = _type_matrix(prepared)
    probs = event_model().type.probabilities(x)
    half = np.array([int(hashlib.sha256(p.item.document.encode()).hexdigest(), 16) % 2 for p in prepared])
    scores: dict[str, list[tuple[float, float]]] = {}
    for side in (0, 1):
        chosen_on, scored_on = half == side, half != side
        for name, thresholds in rules(probs[chosen_on], gold[chosen_on]).items():
            scores.setdefault(name, []).append(
                (float(type_f1(probs[scored_on], gold[scored_on], thresholds).mean()),
                 spurious(probs[scored_on], gold[scored_on], thresholds)))
    print(f"tune fold: {len(prepared)} sentences, halves {int((half == 0).sum())} / {int((half == 1).sum())}")
    for name, pairs in scores.items():
        print(f"{name:30s} macro-F1 {np.mean([p[0] for p in pairs]):.3f}  spurious {np.mean([p[1] for p in pairs]):.3f}")


if __name__ == "__main__":
    main()
