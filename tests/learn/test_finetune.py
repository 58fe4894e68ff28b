"""Fine-tuning: its examples from ConfliBERT (no torch needed to build them), and keeping the first N
transformer layers (a tiny real run: torch, the corpus texts in ../shared)."""

from __future__ import annotations

import numpy as np
import pytest
from shared_data import shared_path
from typer.testing import CliRunner

from dyad.cli import app
from dyad.evaluation.conflibert import held_out
from dyad.learn.encoder import tokenizer
from dyad.learn.finetune import (
    IGNORED,
    LAYERS,
    _conflibert_examples,
    _span_roles,
    finetune,
)


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
    assert not any(held_out(tok.decode(e.ids)) for e in examples[:50])
    for example in examples:
        assert example.types is None  # no corpus types: the type loss skips them
        assert (example.trigger == IGNORED).all() and (example.modality == IGNORED).all()
        assert len(example.role) == len(example.ids)
        assert example.pentaclass == IGNORED or 0 <= example.pentaclass < 5
    with_spans = [e for e in examples if (e.role != IGNORED).any()]
    with_class = [e for e in examples if e.pentaclass != IGNORED]
    assert (len(with_spans), len(with_class)) == (913, 1046)  # a repeated sentence counts once
    assert np.mean([(e.role == 1).any() for e in with_spans]) > 0.8  # nearly every span sentence names a source


@pytest.mark.parametrize("layers", [0, LAYERS + 1])
def test_finetune_refuses_a_layer_count_the_base_model_does_not_have(layers: int) -> None:
    with pytest.raises(ValueError, match="layers must be 1 to 6"):
        finetune(layers=layers)


def test_dyad_train_refuses_layers_out_of_range_or_with_heads_only() -> None:
    runner = CliRunner()
    for args in (["train", "--layers", "7"], ["train", "--layers", "3", "--heads-only"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2 and "--layers takes 1 to 6" in result.output


@pytest.mark.slow
def test_finetune_with_two_layers_exports_a_two_layer_int8_encoder(tmp_path) -> None:
    pytest.importorskip("torch", reason="fine-tuning needs torch (the learn extra)")
    pytest.importorskip("transformers", reason="fine-tuning needs transformers (the learn extra)")
    onnx = pytest.importorskip("onnx", reason="reading the exported graph needs onnx (the learn extra)")
    import onnxruntime

    shared_path("corpora")
    out = tmp_path / "encoder.onnx"
    summary = finetune(out=out, epochs=1, limit=8, layers=2)
    assert summary["layers"] == 2 and summary["examples"] == 16 and summary["epochs"] == 1  # 8 of each source
    nodes = onnx.load(str(out)).graph.node
    names = {node.name for node in nodes}
    assert any("/layer.1/" in name for name in names) and not any("/layer.2/" in name for name in names)
    assert any(node.op_type in ("MatMulInteger", "DynamicQuantizeLinear") for node in nodes)  # int8
    session = onnxruntime.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    ids = np.array([[101, 7632, 102]], dtype=np.int64)
    hidden = session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids),
                                "token_type_ids": np.zeros_like(ids)})[0]
    assert hidden.shape == (1, 3, 384) and np.isfinite(hidden).all()
