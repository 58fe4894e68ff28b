"""dyad's own labelled event corpus (``corpus/events/``): sentences of real articles and their events.

Sentence text is copied into the repository only where the source's licence allows it (free-news,
CC BY); every other item stores its document key, character offsets and a digest, and its text is
resolved here from ``../shared/corpora/``. A document key is ``<corpus file>#<record id>`` for
record files and a path under ``../shared/corpora/`` for one-article files.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

__all__ = [
    "CORPUS_DIR",
    "Item",
    "LabelledEvent",
    "corpora_root",
    "document_text",
    "in_tune_fold",
    "iter_documents",
    "load_corpus",
    "sentence_digest",
    "split_of",
    "training_items",
]

CORPUS_DIR = Path(__file__).resolve().parents[3] / "corpus" / "events"
# Sources whose licence lets the sentence text live in this repository.
REDISTRIBUTABLE = ("free-news/",)
TEST_SHARE = 5  # one document in five is in the development test split
TUNE_SHARE = 8  # of the other documents, one in eight is held out of fitting to choose thresholds (the tune fold)


def corpora_root() -> Path:
    """``../shared/corpora`` beside the checkout, or ``$DYAD_SHARED/corpora``."""
    shared = os.environ.get("DYAD_SHARED")
    root = Path(shared) if shared else Path(__file__).resolve().parents[4] / "shared"
    return root / "corpora"


def sentence_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def split_of(document: str) -> str:
    """The fixed split of a document: ``test`` for one document in five (by SHA-256 of its key), else ``train``.

    Splitting by document keeps sentences of one article out of both sides.
    """
    return "test" if int(hashlib.sha256(document.encode()).hexdigest(), 16) % TEST_SHARE == 0 else "train"


def in_tune_fold(document: str) -> bool:
    """Whether a training document is in the tune fold: held out of fitting, used to choose thresholds."""
    return int(hashlib.sha256(f"tune:{document}".encode()).hexdigest(), 16) % TUNE_SHARE == 0


def _records(path: Path, key: str, text: str) -> dict[str, tuple[str, str | None]]:
    out: dict[str, tuple[str, str | None]] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                out[str(row[key])] = (row[text], row.get("date"))
    return out


@cache
def _record_file(relative: str) -> dict[str, tuple[str, str | None]]:
    path = corpora_root() / relative
    if relative == "free-news/articles.jsonl":
        return _records(path, "id", "text")
    if relative == "glocon-sample/document/Sabinet_R.json":
        return _records(path, "id", "text")
    if relative == "india-police-events/metadata.jsonl":
        return _records(path, "doc_id", "full_text")
    if relative == "ngec-guardian/Guardian_SDF_sample.csv":
        csv.field_size_limit(sys.maxsize)
        with path.open(encoding="utf-8", newline="") as handle:
            return {row[""]: (row["text"], row["date"]) for row in csv.DictReader(handle)}
    raise KeyError(f"unknown record file {relative!r}")


RECORD_FILES = ("free-news/articles.jsonl", "ngec-guardian/Guardian_SDF_sample.csv",
                "glocon-sample/document/Sabinet_R.json", "india-police-events/metadata.jsonl")


def document_text(key: str) -> tuple[str, str | None]:
    """(text, date or None) of a document key; KeyError/FileNotFoundError when it cannot be resolved."""
    if "#" in key:
        relative, record = key.split("#", 1)
        return _record_file(relative)[record]
    return (corpora_root() / key).read_bytes().decode("utf-8", errors="replace"), None


def iter_documents() -> Iterator[tuple[str, str, str | None]]:
    """Every (key, text, date) of the five corpora the labelled sentences are drawn from."""
    root = corpora_root()
    for path in sorted((root / "bbc-news").glob("*/*.txt")):
        key = str(path.relative_to(root))
        yield key, *document_text(key)
    for relative in RECORD_FILES:
        for record, (text, date) in _record_file(relative).items():
            yield f"{relative}#{record}", text, date


@dataclass(slots=True)
class LabelledEvent:
    """One gold event; spans are character offsets into the item's sentence."""

    type: str
    mode: str | None
    modality: str
    trigger: tuple[int, int] | None
    source: tuple[int, int] | None = None
    target: tuple[int, int] | None = None
    source_country: str | None = None
    target_country: str | None = None
    source_sector: str | None = None
    target_sector: str | None = None


@dataclass(slots=True)
class Item:
    id: str
    document: str
    start: int
    end: int
    text: str
    split: str
    events: list[LabelledEvent] = field(default_factory=list)
    labelled_by: str = ""
    bucket: str = ""  # the selection bucket that chose it (type:ASSAULT, modality:planned, disaster, random …)


def _span(value: Any) -> tuple[int, int] | None:
    return (int(value[0]), int(value[1])) if value else None


def load_corpus(split: str | None = None, redistributable_only: bool = False) -> list[Item]:
    """The labelled items (of one split, or all), texts resolved; raises FileNotFoundError without ../shared
    unless ``redistributable_only`` keeps just the items whose text is in the repository."""
    items = []
    with (CORPUS_DIR / "events.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if (split and row["split"] != split) or (redistributable_only and "text" not in row):
                continue
            text = row.get("text")
            if text is None:
                document, _ = document_text(row["document"])
                text = document[row["start"]:row["end"]]
                if sentence_digest(text) != row["digest"]:
                    raise ValueError(f"{row['id']}: the text at {row['document']} changed (digest mismatch)")
            events = [LabelledEvent(type=e["type"], mode=e.get("mode"), modality=e["modality"],
                                    trigger=_span(e.get("trigger")), source=_span(e.get("source")),
                                    target=_span(e.get("target")), source_country=e.get("source_country"),
                                    target_country=e.get("target_country"), source_sector=e.get("source_sector"),
                                    target_sector=e.get("target_sector"))
                      for e in row["events"]]
            items.append(Item(row["id"], row["document"], row["start"], row["end"], text, row["split"], events,
                              row.get("labelled_by", ""), row.get("bucket", "")))
    return items


def training_items() -> list[Item]:
    """The train split without the sentences whose text is also in the test split.

    Splits go by document, and the corpora repeat some articles under other names (BBC), so a sentence
    can sit in both splits; training on its copy would leak the test split into the model.
    """
    items = load_corpus()
    tested = {sentence_digest(item.text) for item in items if item.split == "test"}
    return [item for item in items if item.split == "train" and sentence_digest(item.text) not in tested]
