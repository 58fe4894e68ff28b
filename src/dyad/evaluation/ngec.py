"""NGEC's synthetic stories (``../shared/corpora/ngec-synthetic``): LLM-written, each labelled with a PLOVER type.

``dyad eval events`` scores the first stories of one fixed random sample of 600 (300 in the suite, 600 by default);
fine-tuning learns from the ledes of the other 3,900 as an auxiliary task (one type per story), so the evaluated
stories stay unseen.
"""

from __future__ import annotations

import csv
import io
import random
import zipfile
from pathlib import Path

from dyad.nlp import split_sentences

__all__ = ["EVALUATED", "SAMPLE_SEED", "evaluation_sample", "stories", "training_ledes"]

SAMPLE_SEED = 13
EVALUATED = 600  # the size of the fixed sample evaluation draws from: never trained on


def stories(path: Path) -> list[dict[str, str]]:
    """The stories of the zipped CSV (text, title, label, mode …), in file order."""
    with zipfile.ZipFile(path) as archive:
        name = archive.namelist()[0]
        return list(csv.DictReader(io.TextIOWrapper(archive.open(name), "utf-8")))


def evaluation_sample(rows: list[dict[str, str]], limit: int | None = EVALUATED) -> list[dict[str, str]]:
    """The first ``limit`` stories (at most 600) of the fixed random sample."""
    sample = random.Random(SAMPLE_SEED).sample(rows, min(EVALUATED, len(rows)))
    return sample[:limit] if limit else sample


def training_ledes(path: Path) -> list[tuple[str, str]]:
    """(first sentence, PLOVER type) of every story outside the evaluated samples."""
    rows = stories(path)
    evaluated = {id(row) for row in evaluation_sample(rows)}
    ledes = []
    for row in rows:
        if id(row) in evaluated:
            continue
        text = row["text"].strip()
        sentences = split_sentences(text)
        if sentences:
            start, end = sentences[0]
            ledes.append((text[start:end], row["label"]))
    return ledes
