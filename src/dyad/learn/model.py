"""The learned event model's files: ``data/models/events/heads.npz`` and its ``manifest.json``.

The manifest records how the heads were trained (seed, corpus digest, thresholds chosen on the
tune fold of the training split) and the digest of the heads file; ``model_digest`` is part of
the pipeline version, so ``dyad reanalyze`` recomputes documents analysed with other heads.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from dyad.learn.encoder import encoder_digest
from dyad.learn.heads import LinearHead
from dyad.once import loaded_once

__all__ = ["HEADS", "EventModel", "event_model", "model_digest"]

HEADS = ("type", "trigger", "modality", "role", "mode")
_DIR = "models/events"


@dataclass(slots=True)
class EventModel:
    type: LinearHead  # sigmoid over PLOVER types: which events a sentence reports
    trigger: LinearHead  # softmax per word piece over "O" and the types: where each event's trigger is
    modality: LinearHead  # softmax over MODALITIES, per event
    role: LinearHead  # softmax over none/source/target, per (trigger, candidate)
    mode: LinearHead  # softmax over "TYPE:mode" labels, per event (read only among its own type's labels)
    thresholds: dict[str, float]  # per type: the probability from which the type is coded
    keep_threshold: float  # a rule event survives when its type's probability reaches this
    bare_threshold: float  # a learned event with no participant found is coded from this probability
    role_threshold: float  # a candidate fills a role from this role probability (``coder.pick_roles``)
    manifest: dict[str, Any]


def _files() -> tuple[bytes, bytes]:
    root = resources.files("dyad.data").joinpath(_DIR)
    return root.joinpath("heads.npz").read_bytes(), root.joinpath("manifest.json").read_bytes()


@cache
def model_digest() -> str:
    """SHA-256 (12 hex digits) over the heads, their manifest and the encoder."""
    digest = hashlib.sha256()
    for blob in _files():
        digest.update(blob)
    digest.update(encoder_digest().encode())
    return digest.hexdigest()[:12]


@loaded_once
def event_model() -> EventModel:
    """The shipped model, loaded once per process."""
    heads, manifest_bytes = _files()
    manifest = json.loads(manifest_bytes)
    if hashlib.sha256(heads).hexdigest() != manifest["heads_sha256"]:
        raise RuntimeError("data/models/events/heads.npz does not match its manifest; retrain with `make train`")
    arrays = dict(np.load(io.BytesIO(heads), allow_pickle=False))
    loaded = {name: LinearHead.from_arrays(arrays, name) for name in HEADS}
    return EventModel(**loaded, thresholds=manifest["thresholds"], keep_threshold=manifest["keep_threshold"],
                      bare_threshold=manifest["bare_threshold"], role_threshold=manifest["role_threshold"],
                      manifest=manifest)
