"""The evaluation gate on dyad's own labelled corpus: the learned step's figures, and its margin over the rules."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from shared_data import shared_path

from dyad.evaluation.corpus import CORPUS_DIR, load_corpus
from dyad.evaluation.labelled import LabelledScores, evaluate_labelled
from dyad.pipeline import Pipeline, analyse_document

FLOORS = json.loads((Path(__file__).parent / "corpus_floors.json").read_text("utf-8"))


def _scores(pipeline: Pipeline | None) -> LabelledScores:
    shared_path("corpora", "bbc-news")
    return evaluate_labelled(load_corpus("test"), lambda document: analyse_document(document, pipeline))


def test_floors_were_measured_on_this_corpus() -> None:
    digest = hashlib.sha256((CORPUS_DIR / "events.jsonl").read_bytes()).hexdigest()
    assert digest == FLOORS["corpus_sha256"], "corpus/events changed: re-measure and re-pin corpus_floors.json"


@pytest.mark.slow
@pytest.mark.shared
def test_learned_pipeline_floors_and_margin_over_the_rules() -> None:
    learned = _scores(None)
    floors = FLOORS["learned"]
    figures = learned.to_dict()
    for name in ("macro_f1", "micro_f1", "modality_accuracy", "mode_accuracy", "source_recall", "target_recall",
                 "source_words", "target_words", "participant_country_accuracy", "participant_sector_accuracy",
                 "future_conditional_recall"):
        assert figures[name] >= floors[name], (name, figures)
    assert learned.spurious_rate <= floors["spurious_rate_max"], figures
    assert learned.disaster_event_rate <= floors["disaster_event_rate_max"], figures
    assert learned.disaster_spurious_rate <= floors["disaster_spurious_rate_max"], figures
    rules = _scores(Pipeline(without={"event_sentences", "learned_events"}))
    assert rules.macro_f1 >= FLOORS["rules"]["macro_f1"] and rules.micro_f1 >= FLOORS["rules"]["micro_f1"]
    assert learned.macro_f1 > rules.macro_f1 + 0.2 and learned.source_recall > rules.source_recall


def test_modality_recall_counts_events_found_with_their_type_and_modality(monkeypatch: pytest.MonkeyPatch) -> None:
    from dyad.evaluation import labelled
    from dyad.evaluation.corpus import Item, LabelledEvent
    from dyad.model import Analysis, Document, Event, Evidence

    monkeypatch.setattr(labelled, "document_text", lambda key: ("", "2020-01-01"))
    gold = {"a": ("CONSULT", "planned"), "b": ("ASSAULT", "hypothetical"), "c": ("AID", "planned"),
            "d": ("ACCUSE", "asserted")}
    found = {"a": ("CONSULT", "planned"), "b": ("ASSAULT", "asserted"), "d": ("ACCUSE", "asserted")}
    items = [Item(id=key, document="doc", start=0, end=5, text="Words", split="test",
                  events=[LabelledEvent(type=kind, mode=None, modality=modality, trigger=(0, 5))])
             for key, (kind, modality) in gold.items()]

    def analyse(document: Document) -> Analysis:  # a stand-in for the pipeline
        events = [Event(type=found[document.id][0], modality=found[document.id][1],
                        evidence=Evidence(sentence="Words", start=0, end=5))] if document.id in found else []
        return Analysis(document=document, events=events)

    scores = labelled.evaluate_labelled(items, analyse)
    # planned: a found and right, c missed; hypothetical: b found with the wrong modality
    assert scores.modality_recall == {"asserted": 1.0, "planned": 0.5, "hypothetical": 0.0}
    assert scores.future_conditional_recall == round(1 / 3, 4)


def test_disaster_figures_count_the_bucket_and_its_eventless_sentences(monkeypatch: pytest.MonkeyPatch) -> None:
    from dyad.evaluation import labelled
    from dyad.evaluation.corpus import Item, LabelledEvent
    from dyad.model import Analysis, Document, Event, Evidence

    monkeypatch.setattr(labelled, "document_text", lambda key: ("", "2020-01-01"))
    # a: an earthquake, no event, none coded; b: the same, one coded; c: an attack beside the disaster, coded
    gold = {"a": [], "b": [], "c": [LabelledEvent(type="ASSAULT", mode=None, modality="asserted", trigger=(0, 5))]}
    items = [Item(id=key, document="doc", start=0, end=5, text="Words", split="test", events=events,
                  bucket="disaster") for key, events in gold.items()]

    def analyse(document: Document) -> Analysis:
        coded = document.id in ("b", "c")
        return Analysis(document=document, events=[Event(type="ASSAULT", evidence=Evidence("Words", 0, 5))] if coded
                        else [])

    scores = labelled.evaluate_labelled(items, analyse)
    assert (scores.disaster_event_rate, scores.disaster_spurious_rate) == (round(2 / 3, 4), 0.5)
