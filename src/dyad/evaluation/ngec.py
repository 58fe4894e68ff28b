"""NGEC's synthetic stories (``../shared/corpora/ngec-synthetic``): LLM-written, each labelled with a PLOVER type.

``dyad eval events`` scores the first stories of one fixed random sample of 600 (300 in the suite, 600 by default).
Nothing is trained on these stories.
"""

from __future__ import annotations

import csv
import io
import random
import zipfile
from pathlib import Path

__all__ = ["EVALUATED", "SAMPLE_SEED", "evaluation_sample", "stories"]

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
