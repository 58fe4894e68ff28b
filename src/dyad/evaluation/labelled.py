"""Score event coding on dyad's own labelled corpus (``corpus/events/``), usually its development test split.

Each sentence is analysed on its own, dated by its document, as external scorers present sentences.
Reported: per-type precision/recall/F1 over (sentence, type) pairs and their macro-F1 over the types the
split holds, the spurious-event rate (sentences with no gold event that get one), modality accuracy and
confusion on the events whose type matches, and for those events whether the predicted source and target
words overlap the gold spans and whether their country is the gold one; and of the participants dyad gives a
country or a sector, the share that is the gold one (participant country and sector accuracy). Per modality, the
share of all gold events of that modality that dyad codes with their type *and* that modality (found and right);
``future_conditional_recall`` pools planned, expected and hypothetical events, the issue's "planned and conditional
events found and right".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from dyad.evaluation.corpus import Item, LabelledEvent, document_text
from dyad.model import MODALITIES, ActorRef, Analysis, Document, Event

__all__ = ["LabelledScores", "describe_labelled", "evaluate_labelled", "modality_on_gold_triggers"]

Analyser = Callable[[Document], Analysis]

FUTURE_CONDITIONAL = ("planned", "expected", "hypothetical")


@dataclass(slots=True)
class LabelledScores:
    name: str
    items: int = 0
    types: dict[str, dict[str, float]] = field(default_factory=dict)
    macro_f1: float = 0.0
    micro_f1: float = 0.0
    spurious_rate: float = 0.0
    modality_accuracy: float = 0.0
    mode_accuracy: float = 0.0  # on matched events whose gold event has a mode
    modality_confusion: dict[str, dict[str, int]] = field(default_factory=dict)
    source_words: float = 0.0  # of the type-matched gold events with a source span, share whose words overlap
    target_words: float = 0.0
    source_recall: float = 0.0  # of all gold events with a source span: same type coded and source words found
    target_recall: float = 0.0
    source_country: float = 0.0
    target_country: float = 0.0
    # Of the matched events' participants that dyad gives a country (a sector), on roles whose gold has one: the
    # share whose country (sector) is the gold one. Both roles together.
    participant_country_accuracy: float = 0.0
    participant_sector_accuracy: float = 0.0
    disaster_event_rate: float = 0.0  # disaster and accident sentences given any event
    disaster_spurious_rate: float = 0.0  # of those the labels give no event (no attack or act beside the disaster)
    figurative_spurious_rate: float = 0.0  # figurative uses of event words (no gold event) given an event
    modality_recall: dict[str, float] = field(default_factory=dict)  # gold events found with type and modality
    future_conditional_recall: float = 0.0  # the same over planned, expected and hypothetical events together
    counts: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def _located(sentence: str, ref: ActorRef) -> tuple[int, int] | None:
    """Where the words of a participant are in the sentence."""
    index = sentence.find(ref.text)
    return (index, index + len(ref.text)) if index >= 0 else None


def _overlaps(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return bool(a and b and a[0] < b[1] and b[0] < a[1])


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def evaluate_labelled(items: list[Item], analyse: Analyser, name: str = "dyad corpus") -> LabelledScores:
    scores = LabelledScores(name=name, items=len(items))
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    empty = spurious = 0
    confusion = {gold: dict.fromkeys(MODALITIES, 0) for gold in MODALITIES}
    roles: Counter[str] = Counter()
    buckets: Counter[str] = Counter()
    dates: dict[str, str | None] = {}
    for item in items:
        if item.document not in dates:
            dates[item.document] = document_text(item.document)[1]
        analysis = analyse(Document(id=item.id, origin=item.document, text=item.text,
                                    published=dates[item.document], language="en", format="text"))
        predicted: dict[str, Event] = {}
        for event in analysis.events:
            predicted.setdefault(event.type, event)
        gold: dict[str, LabelledEvent] = {}
        for event in item.events:
            gold.setdefault(event.type, event)
        if not gold:
            empty += 1
            spurious += bool(predicted)
        if item.bucket == "disaster":
            buckets["disaster"] += 1
            buckets["disaster_with_event"] += bool(predicted)
            buckets["disaster_eventless"] += not gold
            buckets["disaster_eventless_with_event"] += bool(predicted) and not gold
        if item.bucket == "figurative" and not gold:
            buckets["figurative"] += 1
            buckets["figurative_with_event"] += bool(predicted)
        for event in gold.values():
            roles["source_gold_all"] += bool(event.source)
            roles["target_gold_all"] += bool(event.target)
            roles[f"modality_gold_{event.modality}"] += 1
        for kind in set(gold) | set(predicted):
            if kind in gold and kind in predicted:
                tp[kind] += 1
                _score_match(item.text, gold[kind], predicted[kind], confusion, roles)
            elif kind in predicted:
                fp[kind] += 1
            else:
                fn[kind] += 1
    f1s = []
    for kind in sorted(set(tp) | set(fn) | set(fp)):
        precision = _ratio(tp[kind], tp[kind] + fp[kind])
        recall = _ratio(tp[kind], tp[kind] + fn[kind])
        f1 = round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0
        scores.types[kind] = {"precision": precision, "recall": recall, "f1": f1, "support": tp[kind] + fn[kind]}
        if tp[kind] + fn[kind]:
            f1s.append(f1)
    total_tp, total_fp, total_fn = sum(tp.values()), sum(fp.values()), sum(fn.values())
    scores.macro_f1 = round(sum(f1s) / len(f1s), 4) if f1s else 0.0
    scores.micro_f1 = _ratio(2 * total_tp, 2 * total_tp + total_fp + total_fn)
    scores.spurious_rate = _ratio(spurious, empty)
    matched = sum(sum(row.values()) for row in confusion.values())
    scores.modality_accuracy = _ratio(sum(confusion[m][m] for m in MODALITIES), matched)
    scores.modality_confusion = confusion
    scores.mode_accuracy = _ratio(roles["mode_right"], roles["mode_gold"])
    scores.source_words = _ratio(roles["source_found"], roles["source_gold"])
    scores.target_words = _ratio(roles["target_found"], roles["target_gold"])
    scores.source_recall = _ratio(roles["source_found"], roles["source_gold_all"])
    scores.target_recall = _ratio(roles["target_found"], roles["target_gold_all"])
    scores.source_country = _ratio(roles["source_country_right"], roles["source_country_gold"])
    scores.target_country = _ratio(roles["target_country_right"], roles["target_country_gold"])
    for facet in ("country", "sector"):
        setattr(scores, f"participant_{facet}_accuracy",
                _ratio(roles[f"participant_{facet}_right"], roles[f"participant_{facet}_given"]))
    scores.modality_recall = {m: _ratio(confusion[m][m], roles[f"modality_gold_{m}"]) for m in MODALITIES
                              if roles[f"modality_gold_{m}"]}
    scores.future_conditional_recall = _ratio(sum(confusion[m][m] for m in FUTURE_CONDITIONAL),
                                              sum(roles[f"modality_gold_{m}"] for m in FUTURE_CONDITIONAL))
    scores.disaster_event_rate = _ratio(buckets["disaster_with_event"], buckets["disaster"])
    scores.disaster_spurious_rate = _ratio(buckets["disaster_eventless_with_event"], buckets["disaster_eventless"])
    scores.figurative_spurious_rate = _ratio(buckets["figurative_with_event"], buckets["figurative"])
    scores.counts = {"matched_events": matched, "no_event_sentences": empty, **dict(roles), **dict(buckets)}
    return scores


def _score_match(sentence: str, gold: LabelledEvent, event: Event, confusion: dict[str, dict[str, int]],
                 roles: Counter) -> None:
    confusion[gold.modality][event.modality] += 1
    if gold.mode:
        roles["mode_gold"] += 1
        roles["mode_right"] += event.mode == gold.mode
    for role in ("source", "target"):
        refs = getattr(event, role)
        span = getattr(gold, role)
        if span:
            roles[f"{role}_gold"] += 1
            roles[f"{role}_found"] += any(_overlaps(_located(sentence, r), span) for r in refs)
        country = getattr(gold, f"{role}_country")
        if country:
            roles[f"{role}_country_gold"] += 1
            roles[f"{role}_country_right"] += any(r.country == country for r in refs)
        for facet in ("country", "sector"):
            value = getattr(gold, f"{role}_{facet}")
            given = {getattr(r, facet) for r in refs} - {None}
            if value and given:
                roles[f"participant_{facet}_given"] += 1
                roles[f"participant_{facet}_right"] += value in given


def describe_labelled(scores: LabelledScores) -> str:
    """A plain-text report of the scores."""
    lines = [f"{scores.name}: {scores.items} sentences, type macro-F1 {scores.macro_f1:.3f}, micro-F1 "
             f"{scores.micro_f1:.3f}, spurious {scores.spurious_rate:.3f}, modality accuracy "
             f"{scores.modality_accuracy:.3f}, mode accuracy {scores.mode_accuracy:.3f}",
             f"  source words {scores.source_words:.3f}, target words {scores.target_words:.3f} (of matched events); "
             f"{scores.source_recall:.3f}, {scores.target_recall:.3f} (of all gold events); source country "
             f"{scores.source_country:.3f}, target country {scores.target_country:.3f}; of participants given one, "
             f"country accuracy {scores.participant_country_accuracy:.3f}, sector accuracy "
             f"{scores.participant_sector_accuracy:.3f}",
             f"  events on disaster/accident sentences {scores.disaster_event_rate:.3f} (on those the labels give "
             f"none {scores.disaster_spurious_rate:.3f}), on figurative uses {scores.figurative_spurious_rate:.3f}",
             "  found with type and modality, of all gold events: " + ", ".join(
                 f"{m} {r:.3f}" for m, r in scores.modality_recall.items())
             + f"; planned, expected and hypothetical together {scores.future_conditional_recall:.3f}",
             f"  {'type':12} {'P':>6} {'R':>6} {'F1':>6} {'n':>5}"]
    for kind, row in scores.types.items():
        lines.append(f"  {kind:12} {row['precision']:6.3f} {row['recall']:6.3f} {row['f1']:6.3f} {row['support']:5d}")
    lines.append("  modality confusion (gold rows, predicted columns): " + " ".join(m[:4] for m in MODALITIES))
    for gold, row in scores.modality_confusion.items():
        lines.append(f"  {gold:12} " + " ".join(f"{row[m]:4d}" for m in MODALITIES))
    return "\n".join(lines)


def modality_on_gold_triggers(items: list[Item]) -> dict[str, float]:
    """Modality accuracy of the grammar rule and of the learned head, both given the gold trigger."""
    from dyad.events.modality import modality_of
    from dyad.learn.encoder import encoder
    from dyad.learn.features import modality_features, trigger_token
    from dyad.learn.model import event_model
    from dyad.nlp import load_pipeline

    head = event_model().modality
    pairs = [(item, event) for item in items for event in item.events if event.trigger]
    texts = sorted({item.text for item, _ in pairs})
    docs = dict(zip(texts, load_pipeline().pipe(texts), strict=True))
    encoded = dict(zip(texts, encoder().encode(texts), strict=True))
    right = Counter()
    for item, event in pairs:
        token = trigger_token(docs[item.text], *event.trigger)
        rule = modality_of(token) if token is not None else "asserted"
        probs = head.probabilities(modality_features(encoded[item.text], rule, event.trigger))[0]
        right["rule"] += rule == event.modality
        right["learned"] += head.labels[int(probs.argmax())] == event.modality
        if event.modality != "asserted":
            right["n_other"] += 1
            right["rule_other"] += rule == event.modality
            right["learned_other"] += head.labels[int(probs.argmax())] == event.modality
    return {"events": len(pairs), "rule": _ratio(right["rule"], len(pairs)),
            "learned": _ratio(right["learned"], len(pairs)), "non_asserted_events": right["n_other"],
            "rule_non_asserted": _ratio(right["rule_other"], right["n_other"]),
            "learned_non_asserted": _ratio(right["learned_other"], right["n_other"])}
