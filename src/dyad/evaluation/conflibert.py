"""ConfliBERT's CAMEO train sentences (``../shared/corpora/conflibert-cameo``) split into five fixed folds.

Fine-tuning learns from four of them (the PentaClass sentences shape the encoder's coarse event classes, the
actor-span sentences its source and target pieces); ``dyad eval events`` scores only the fifth, so its
ConfliBERT figures stay held out. A sentence's fold is a SHA-256 of its text, so the class and the actor-span
copies of one sentence (934 of the 1,153 span sentences are also class sentences) fall in the same fold.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from dyad.evaluation.actors import GoldSentence, read_conll

__all__ = ["FOLDS", "class_sentences", "held_out", "sentence_key", "span_sentences"]

FOLDS = 5
_HELD_OUT_FOLD = 0


def sentence_key(text: str) -> str:
    """One key for the class and the span copy of a sentence: letters and digits only, lower case (the span
    file's detokenised text spaces punctuation differently: "Iran 's")."""
    return re.sub(r"\W+", "", text.lower())


def held_out(text: str) -> bool:
    """Whether a ConfliBERT sentence is in the fold that evaluation scores and fine-tuning never sees."""
    return int(hashlib.sha256(sentence_key(text).encode("utf-8")).hexdigest(), 16) % FOLDS == _HELD_OUT_FOLD


def class_sentences(path: Path, fold: str = "held_out") -> list[tuple[str, int]]:
    """The ``sentence<TAB>class`` rows of a PentaClass file: the held-out fold, the training folds, or all."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [line.rstrip("\r\n").rsplit("\t", 1) for line in fh if "\t" in line]
    return [(text.strip(), int(label)) for text, label in rows if _wanted(text, fold)]


def span_sentences(path: Path, fold: str = "held_out") -> list[GoldSentence]:
    """The sentences of a CoNLL actor-span file (S, T, R) in the fold asked for."""
    return [sentence for sentence in read_conll(path) if _wanted(sentence.text, fold)]


def _wanted(text: str, fold: str) -> bool:
    if fold not in ("held_out", "train", "all"):
        raise ValueError(f"fold must be held_out, train or all, not {fold!r}")
    return fold == "all" or held_out(text) == (fold == "held_out")
