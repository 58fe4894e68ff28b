"""dyad's labelled event corpus: its file, its splits, its coverage and its licence rule."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from shared_data import shared_path

from dyad.evaluation.corpus import (
    CORPUS_DIR,
    REDISTRIBUTABLE,
    load_corpus,
    sentence_digest,
    split_of,
    training_items,
)
from dyad.model import MODALITIES
from dyad.score.ontology import plover_types

ROWS = [json.loads(line) for line in (CORPUS_DIR / "events.jsonl").read_text(encoding="utf-8").splitlines()]
EVENTS = [event for row in ROWS for event in row["events"]]


def test_size_ids_and_fixed_document_split() -> None:
    assert len(ROWS) >= 4000
    assert len({row["id"] for row in ROWS}) == len(ROWS)
    for row in ROWS:
        assert row["split"] == split_of(row["document"])
    test_share = sum(row["split"] == "test" for row in ROWS) / len(ROWS)
    assert 0.17 < test_share < 0.25
    test_documents = {row["document"] for row in ROWS if row["split"] == "test"}
    assert not test_documents & {row["document"] for row in ROWS if row["split"] == "train"}


def test_every_label_is_a_valid_code_with_a_known_pass() -> None:
    types = plover_types()
    for row in ROWS:
        assert row["labelled_by"]
        for event in row["events"]:
            assert event["type"] in types and event["modality"] in MODALITIES
            assert event["mode"] is None or event["mode"] in types[event["type"]].modes
            for span in (event["trigger"], event["source"], event["target"]):
                assert span is None or 0 <= span[0] < span[1] <= row["end"] - row["start"]


def test_coverage_of_types_modalities_and_no_event_sentences() -> None:
    types = Counter(event["type"] for event in EVENTS)
    assert set(types) == set(plover_types()) and min(types.values()) >= 80, types
    modalities = Counter(event["modality"] for event in EVENTS)
    assert min(modalities[modality] for modality in MODALITIES if modality != "asserted") >= 150, modalities
    assert sum(not row["events"] for row in ROWS) / len(ROWS) >= 0.30


def test_text_is_stored_only_where_the_licence_allows() -> None:
    for row in ROWS:
        if row["document"].startswith(REDISTRIBUTABLE):
            assert sentence_digest(row["text"]) == row["digest"]
        else:
            assert "text" not in row


def test_redistributable_items_load_without_shared() -> None:
    items = load_corpus(redistributable_only=True)
    assert len(items) > 500 and all(item.document.startswith("free-news/") for item in items)


@pytest.mark.shared
def test_every_text_resolves_from_shared_with_its_digest() -> None:
    shared_path("corpora", "bbc-news")
    items = load_corpus()
    assert len(items) == len(ROWS)
    assert all(item.text for item in items)


def test_training_never_sees_a_sentence_of_the_test_split() -> None:
    shared_path("corpora", "bbc-news")
    tested = {row["digest"] for row in ROWS if row["split"] == "test"}
    training = training_items()
    assert training and all(item.split == "train" for item in training)
    assert not {sentence_digest(item.text) for item in training} & tested
    copies = sum(row["split"] == "train" and row["digest"] in tested for row in ROWS)
    assert len(training) == sum(row["split"] == "train" for row in ROWS) - copies
