"""Linear heads over encoder features, stored as plain arrays: inference is a matrix product in NumPy.

A head is trained with scikit-learn (``dyad.learn.train``, the ``learn`` extra) and saved as arrays in
one ``.npz`` file; loading needs only NumPy. ``sigmoid`` heads give independent probabilities (several
event types per sentence, or none); ``softmax`` heads give one distribution over their labels.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["LinearHead"]


@dataclass(slots=True)
class LinearHead:
    labels: tuple[str, ...]
    weights: np.ndarray  # (features, labels)
    bias: np.ndarray  # (labels,)
    activation: str  # "sigmoid" or "softmax"
    mean: np.ndarray  # (features,) standardisation applied before the product
    scale: np.ndarray  # (features,)

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """(rows, labels) probabilities for (rows, features) inputs."""
        logits = ((np.atleast_2d(features) - self.mean) / self.scale) @ self.weights + self.bias
        if self.activation == "sigmoid":
            return 1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30)))
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def to_arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {f"{prefix}.weights": self.weights.astype(np.float32), f"{prefix}.bias": self.bias.astype(np.float32),
                f"{prefix}.mean": self.mean.astype(np.float32), f"{prefix}.scale": self.scale.astype(np.float32),
                f"{prefix}.labels": np.array(self.labels), f"{prefix}.activation": np.array(self.activation)}

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], prefix: str) -> LinearHead:
        return cls(labels=tuple(str(x) for x in arrays[f"{prefix}.labels"]), weights=arrays[f"{prefix}.weights"],
                   bias=arrays[f"{prefix}.bias"], activation=str(arrays[f"{prefix}.activation"]),
                   mean=arrays[f"{prefix}.mean"], scale=arrays[f"{prefix}.scale"])
