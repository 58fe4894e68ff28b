"""ConfliBERT's fixed folds: what fine-tuning learns from and what `dyad eval events` scores never meet."""

from __future__ import annotations

import pytest
from shared_data import shared_path

from dyad.evaluation.conflibert import class_sentences, held_out, sentence_key, span_sentences


def test_the_class_and_span_copies_of_a_sentence_share_a_key_and_a_fold() -> None:
    spaced = "Iran 's foreign minister , Javad Zarif , met Lavrov ."
    plain = "Iran's foreign minister, Javad Zarif, met Lavrov."
    assert sentence_key(spaced) == sentence_key(plain)
    assert held_out(spaced) == held_out(plain)


def test_an_unknown_fold_is_an_error() -> None:
    with pytest.raises(ValueError, match="held_out, train or all"):
        class_sentences(shared_path("corpora", "conflibert-cameo", "cameo_class", "train.tsv"), "test")


def test_the_folds_split_both_files_the_same_way_and_fixedly() -> None:
    classes = shared_path("corpora", "conflibert-cameo", "cameo_class", "train.tsv")
    spans = shared_path("corpora", "conflibert-cameo", "cameo_ner", "train.txt")
    scored = class_sentences(classes)
    learned = class_sentences(classes, "train")
    assert (len(scored), len(learned)) == (298, 1051)
    assert len(scored) + len(learned) == len(class_sentences(classes, "all")) == 1349
    scored_spans, learned_spans = span_sentences(spans), span_sentences(spans, "train")
    assert (len(scored_spans), len(learned_spans)) == (237, 916)
    learned_keys = {sentence_key(t) for t, _ in learned} | {sentence_key(s.text) for s in learned_spans}
    scored_keys = {sentence_key(t) for t, _ in scored} | {sentence_key(s.text) for s in scored_spans}
    assert not learned_keys & scored_keys
    # most span sentences are also class sentences: the merge by key finds them
    assert len({sentence_key(s.text) for s in learned_spans} & {sentence_key(t) for t, _ in learned}) > 700
