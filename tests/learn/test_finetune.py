"""Fine-tuning keeps the first N transformer layers: a tiny real run (torch, the corpus texts in ../shared)."""

from __future__ import annotations

import numpy as np
import pytest
from shared_data import shared_path
from typer.testing import CliRunner

from dyad.cli import app
from dyad.learn.finetune import LAYERS, finetune


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
    assert summary["layers"] == 2 and summary["examples"] == 8 and summary["epochs"] == 1
    nodes = onnx.load(str(out)).graph.node
    names = {node.name for node in nodes}
    assert any("/layer.1/" in name for name in names) and not any("/layer.2/" in name for name in names)
    assert any(node.op_type in ("MatMulInteger", "DynamicQuantizeLinear") for node in nodes)  # int8
    session = onnxruntime.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    ids = np.array([[101, 7632, 102]], dtype=np.int64)
    hidden = session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids),
                                "token_type_ids": np.zeros_like(ids)})[0]
    assert hidden.shape == (1, 3, 384) and np.isfinite(hidden).all()
