"""Draw the sentences of tests/fixtures/dates_figures_gold.jsonl from ../shared (fixed seed) for hand labelling.

Neither corpus may be redistributed, so the gold file stores where each sentence is (corpus, file, row,
character offsets) and the labels, never the text; this script prints the text for the person labelling.
Half of each corpus's draw comes from sentences with a cue of a date or an amount (a digit, a month or
weekday name, a relative word, a scale word), half uniformly, so both kinds of sentence are represented.
Run: ``python scripts/sample_dates_figures.py [--shared DIR] > /tmp/to_label.jsonl``.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = 5
PER_CORPUS = 25
_SENTENCE = re.compile(r"[^\n]+?(?:[.!?](?=\s+[A-Z\"“‘']|\s*$)|$)", re.MULTILINE)
_CUE = re.compile(r"\d|\b(?:January|February|March|April|May|June|July|August|September|October|November|"
                  r"December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|"
                  r"tomorrow|last|next|ago|week|month|year|millions?|thousands?|billions?|hundreds|dozens|"
                  r"per cent|percent)\b")


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (a plain regex splitter: labelling needs only stability)."""
    for m in _SENTENCE.finditer(text):
        start = m.start() + len(m.group()) - len(m.group().lstrip())
        if 40 <= m.end() - start <= 400:
            yield start, m.end()


def bbc(shared: Path) -> Iterator[dict]:
    for path in sorted((shared / "corpora" / "bbc-news" / "politics").glob("*.txt")):
        text = path.read_text("utf-8", errors="replace")
        body = text.index("\n\n") + 2 if "\n\n" in text else 0  # line 1 is the headline
        for s, e in sentences(text):
            if s >= body:
                yield {"corpus": "bbc-news", "file": f"bbc-news/politics/{path.name}", "row": None,
                       "anchor": None, "start": s, "end": e, "_text": text[s:e]}


def guardian(shared: Path) -> Iterator[dict]:
    path = shared / "corpora" / "ngec-guardian" / "Guardian_SDF_sample.csv"
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            text = row["text"]
            for s, e in sentences(text):
                yield {"corpus": "ngec-guardian", "file": "ngec-guardian/Guardian_SDF_sample.csv",
                       "row": int(row[""]), "anchor": row["date"][:10], "start": s, "end": e, "_text": text[s:e]}


def draw(shared: Path) -> list[dict]:
    rng = random.Random(SEED)
    chosen = []
    for corpus in (bbc(shared), guardian(shared)):
        pool = list(corpus)
        cued = [r for r in pool if _CUE.search(r["_text"])]
        half = rng.sample(cued, PER_CORPUS // 2 + 1)
        rest = [r for r in pool if r not in half]
        chosen += half + rng.sample(rest, PER_CORPUS - len(half))
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    for record in draw(args.shared):
        print(json.dumps(record, ensure_ascii=False))


if __name__ == "__main__":
    main()
