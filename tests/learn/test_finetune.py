"""Fine-tuning's examples from ConfliBERT (no torch needed to build them)."""

from __future__ import annotations

import numpy as np
from shared_data import shared_path

from dyad.evaluation.conflibert import held_out
from dyad.learn.encoder import tokenizer
from dyad.learn.finetune import IGNORED, _conflibert_examples, _span_roles


def test_span_roles_mark_source_target_and_reciprocal_pieces() -> None:
    text = "Russia and Turkey agreed ; Iran criticised Israel"
    encoding = tokenizer().encode(text)
    roles = _span_roles([(0, 6, "R"), (26, 30, "S"), (42, 48, "T")], encoding.offsets)
    by_word = {text[s:e]: int(r) for (s, e), r in zip(encoding.offsets, roles, strict=True) if s != e}
    assert by_word["Russia"] == 1  # reciprocal: a joint source
    assert (by_word["Iran"], by_word["Israel"]) == (1, 2)
    assert by_word["agreed"] == by_word["Turkey"] == 0


def test_conflibert_examples_come_from_the_training_folds_only() -> None:
    shared_path("corpora", "conflibert-cameo", "cameo_class", "train.tsv")
    tok = tokenizer()
    examples = _conflibert_examples(tok)
    assert len(examples) == 1235  # 1,051 class and 916 span sentences, most of them one sentence (some repeated)
    texts = [tok.decode(ids) for ids, *_ in examples[:50]]
    assert not any(held_out(text) for text in texts)
    for ids, types, trigger, role, modality, pentaclass in examples:
        assert types is None  # no PLOVER types: the type loss skips them
        assert (trigger == IGNORED).all() and (modality == IGNORED).all()
        assert len(role) == len(ids)
        assert pentaclass == IGNORED or 0 <= pentaclass < 5
    with_spans = [role for *_, role, _m, _c in examples if (role != IGNORED).any()]
    with_class = [c for *_, c in examples if c != IGNORED]
    assert (len(with_spans), len(with_class)) == (913, 1046)  # a repeated sentence counts once
    assert np.mean([(r == 1).any() for r in with_spans]) > 0.8  # nearly every span sentence names a source
