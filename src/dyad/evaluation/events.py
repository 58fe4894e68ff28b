"""Score event coding against externally annotated sets.

- ``conflibert``: real 2017–18 news sentences labelled with the five CAMEO "PentaClass" classes
  (../shared/corpora/conflibert-cameo/cameo_class/train.tsv), scored on the fold fine-tuning leaves out. A
  sentence's predicted class is that of its most confident event's CAMEO root, or "statement" when dyad codes
  none.
- ``ngec``: LLM-written stories labelled with a PLOVER type (../shared/corpora/ngec-synthetic),
  development only; a story's predicted type is its most confident asserted event's.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from dyad.evaluation.conflibert import class_sentences, span_sentences
from dyad.evaluation.ngec import evaluation_sample, stories
from dyad.model import Analysis, Document, Event
from dyad.score import event_policy

__all__ = ["PENTACLASS", "RoleScores", "Scores", "evaluate_conflibert", "evaluate_ngec", "evaluate_roles",
           "pentaclass_of"]

# The PentaClass of a PLOVER type and the class names: the ontology's event policy (``policy.json``).
PENTACLASS = event_policy().pentaclass
PENTACLASS_NAMES = event_policy().pentaclass_names

Analyser = Callable[[Document], Analysis]


@dataclass(slots=True)
class Scores:
    """Per-label precision/recall/F1 and summary figures for one evaluation set."""

    name: str
    labels: dict[str, dict[str, float]] = field(default_factory=dict)
    macro_f1: float = 0.0
    accuracy: float = 0.0
    spurious_rate: float | None = None  # share of no-event items where dyad coded an event
    items: int = 0

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "items": self.items, "accuracy": self.accuracy, "macro_f1": self.macro_f1,
                "spurious_rate": self.spurious_rate, "labels": self.labels}


def _score(name: str, gold: list[str], predicted: list[str], labels: Iterable[str], none_label: str | None) -> Scores:
    scores = Scores(name=name, items=len(gold))
    f1s = []
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p == label)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if p == label and g != label)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores.labels[label] = {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
                                "support": tp + fn}
        f1s.append(f1)
    scores.macro_f1 = round(sum(f1s) / len(f1s), 4) if f1s else 0.0
    scores.accuracy = round(sum(1 for g, p in zip(gold, predicted, strict=True) if g == p) / len(gold), 4) \
        if gold else 0.0
    if none_label is not None:
        empties = [p for g, p in zip(gold, predicted, strict=True) if g == none_label]
        scores.spurious_rate = round(sum(1 for p in empties if p != none_label) / len(empties), 4) if empties else None
    return scores


MIN_CONFIDENCE = 0.5  # below this an event is mentioned in passing, not what the sentence reports


def _main_event(events: list[Event], asserted_only: bool = False) -> Event | None:
    pool = [e for e in events if e.confidence >= MIN_CONFIDENCE and (e.modality == "asserted" or not asserted_only)]
    return max(pool, key=lambda e: e.confidence, default=None)


def _lede_event(events: list[Event]) -> Event | None:
    """A story's main event: the most confident one of the earliest sentence that reports any (news ledes first)."""
    reported = [e for e in events if e.confidence >= MIN_CONFIDENCE]
    if not reported:
        return None
    first = min(e.evidence.start for e in reported)
    return _main_event([e for e in reported if e.evidence.start == first])


# CAMEO codes an action that is only considered or denied as a statement (014 "consider policy option",
# 016 "deny responsibility"), so hypothetical and negated events do not lift a sentence out of class 0.
_STATEMENT_MODALITIES = frozenset({"hypothetical", "negated"})


def pentaclass_of(events: list[Event]) -> int:
    """The PentaClass of a sentence from its coded events (0 when there is none): that of the main event's CAMEO
    root, as ConfliBERT's annotators assigned it (an appeal, CAMEO 02x, is a statement), else of its type."""
    event = _main_event([e for e in events if e.modality not in _STATEMENT_MODALITIES])
    if event is None:
        return 0
    return event_policy().pentaclass_roots[event.cameo[:2]] if event.cameo else PENTACLASS[event.type]


def evaluate_conflibert(path: Path, analyse: Analyser, limit: int | None = None, fold: str = "held_out") -> Scores:
    """Five-class scores on the ConfliBERT CAMEO sentences (tab-separated sentence and class), by default on the
    fold fine-tuning never sees (``dyad.evaluation.conflibert``)."""
    gold: list[str] = []
    predicted: list[str] = []
    rows = class_sentences(path, fold)
    for number, (sentence, label) in enumerate(rows[:limit] if limit else rows):
        analysis = analyse(Document(id=f"conflibert-{number}", origin=str(path), text=sentence, language="en",
                                    format="jsonl"))
        gold.append(PENTACLASS_NAMES[label])
        predicted.append(PENTACLASS_NAMES[pentaclass_of(analysis.events)])
    return _score(f"conflibert-cameo ({fold.replace('_', '-')} fold)" if fold != "all" else "conflibert-cameo",
                  gold, predicted, PENTACLASS_NAMES.values(), none_label="statement")


def evaluate_ngec(path: Path, analyse: Analyser, limit: int | None = 600) -> Scores:
    """PLOVER-type scores on a fixed random sample of the NGEC synthetic stories (development only; fine-tuning
    never sees the evaluated samples: ``dyad.evaluation.ngec``)."""
    gold: list[str] = []
    predicted: list[str] = []
    for number, row in enumerate(evaluation_sample(stories(path), limit)):
        analysis = analyse(Document(id=f"ngec-{number}", origin=str(path), text=row["text"], language="en",
                                    format="jsonl"))
        event = _lede_event(analysis.events)
        gold.append(row["label"])
        predicted.append(event.type if event else "NONE")
    return _score("ngec-synthetic", gold, predicted, sorted(PENTACLASS), none_label=None)


@dataclass(slots=True)
class RoleScores:
    """Source/target country accuracy of the main event where the gold actor spans name a country."""

    name: str
    sentences: int = 0
    source_scored: int = 0
    source_correct: int = 0
    target_scored: int = 0
    target_correct: int = 0

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "sentences": self.sentences,
                "source_scored": self.source_scored, "source_accuracy": _ratio(self.source_correct, self.source_scored),
                "target_scored": self.target_scored, "target_accuracy": _ratio(self.target_correct, self.target_scored)}


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def evaluate_roles(path: Path, shared: Path, analyse: Analyser, limit: int | None = None,
                   fold: str = "held_out") -> RoleScores:
    """On ConfliBERT CAMEO NER sentences (S, T, R actor spans; by default the fold fine-tuning never sees): does
    the main event put the gold source's country among its sources and the gold target's among its targets?
    Reciprocal (R) actors may sit on either side. A sentence where dyad codes no event counts as wrong."""
    from dyad.evaluation.actors import gold_country, reference_countries, reference_pattern

    reference = reference_countries(shared)
    pattern = reference_pattern(reference)
    scores = RoleScores(name=f"conflibert-cameo-ner roles ({fold.replace('_', '-')} fold)")
    for number, gold in enumerate(span_sentences(path, fold)):
        if limit is not None and number >= limit:
            break
        scores.sentences += 1
        wanted: dict[str, set[str]] = {"S": set(), "T": set(), "R": set()}
        for start, end, role in gold.spans:
            country = gold_country(gold.text[start:end], pattern, reference)
            if country:
                wanted[role].add(country)
        if not any(wanted.values()):
            continue
        analysis = analyse(Document(id=f"roles-{number}", origin=str(path), text=gold.text, language="en",
                                    format="jsonl"))
        event = _main_event(analysis.events)
        source = {r.country for r in event.source} if event else set()
        target = {r.country for r in event.target} if event else set()
        for country in wanted["S"]:
            scores.source_scored += 1
            scores.source_correct += country in source
        for country in wanted["T"]:
            scores.target_scored += 1
            scores.target_correct += country in target
        for country in wanted["R"]:
            scores.source_scored += 1
            scores.source_correct += country in source | target
    return scores


def describe(scores: Scores) -> str:
    """A plain-text table of the scores."""
    lines = [f"{scores.name}: {scores.items} items, accuracy {scores.accuracy:.3f}, macro-F1 {scores.macro_f1:.3f}"
             + (f", spurious {scores.spurious_rate:.3f}" if scores.spurious_rate is not None else "")]
    lines.append(f"  {'label':22} {'P':>6} {'R':>6} {'F1':>6} {'n':>5}")
    for label, row in scores.labels.items():
        lines.append(f"  {label:22} {row['precision']:6.3f} {row['recall']:6.3f} {row['f1']:6.3f} {row['support']:5d}")
    return "\n".join(lines)


def counts(values: Iterable[str]) -> str:
    return json.dumps(Counter(values).most_common())
