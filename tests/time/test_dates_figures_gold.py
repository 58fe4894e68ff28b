"""Date accuracy and figure precision/recall on 50 hand-labelled sentences from ../shared, against pinned floors.

tests/fixtures/dates_figures_gold.jsonl holds where each sentence is and its labels, not its text (neither
corpus may be redistributed); scripts/sample_dates_figures.py drew them. Floors live in tests/time/baseline.json
and may only be raised.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from functools import cache
from pathlib import Path

import pytest
from shared_data import FIXTURES, shared_path

from dyad.figures import extract_figures
from dyad.time import event_date

GOLD = FIXTURES / "dates_figures_gold.jsonl"
BASELINE = Path(__file__).with_name("baseline.json")
_KNOWN_UNITS = {"percent", "percentage point", "year", "month", "week", "day", "hour"}


@cache
def _guardian_rows(path: Path) -> dict[int, str]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as fh:
        return {int(row[""]): row["text"] for row in csv.DictReader(fh)}


def _text(record: dict) -> str:
    path = shared_path("corpora", *record["file"].split("/"))
    if record["row"] is None:
        return path.read_text("utf-8", errors="replace")
    return _guardian_rows(path)[record["row"]]


def _unit(unit: str | None) -> str:
    """Currencies, percentages and time units compare as they are; what is counted compares as "count"."""
    return unit if unit and (unit.isupper() or unit in _KNOWN_UNITS) else "count"


def measure() -> dict[str, float]:
    """Date accuracy (exact at the labelled precision) and figure precision/recall/F1 over the gold set."""
    records = [json.loads(line) for line in GOLD.read_text("utf-8").splitlines() if line.strip()]
    dates_right = dated = dated_right = 0
    tp = n_pred = n_gold = 0
    for r in records:
        sentence = _text(r)[r["start"]:r["end"]]
        anchor = dt.date.fromisoformat(r["anchor"]) if r["anchor"] else None
        trigger = r["start"] + sentence.index(r["trigger"])
        got = event_date(sentence, r["start"], trigger, anchor, r["modality"])
        right = got == (r["date"], r["precision"])
        dates_right += right
        if r["date"] is not None:
            dated += 1
            dated_right += right
        gold = [(round(f["value"], 6), _unit(f["unit"])) for f in r["figures"]]
        pred = [(round(f.value, 6), _unit(f.unit))
                for f in extract_figures(sentence, [(0, len(sentence))], lambda s, e: [])]
        n_gold, n_pred = n_gold + len(gold), n_pred + len(pred)
        for item in pred:
            if item in gold:
                gold.remove(item)
                tp += 1
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    return {
        "sentences": len(records),
        "date_accuracy": dates_right / len(records),
        "dated_sentences": dated,
        "date_accuracy_on_dated": dated_right / dated if dated else 0.0,
        "gold_figures": n_gold,
        "figure_precision": precision,
        "figure_recall": recall,
        "figure_f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
    }


@pytest.mark.shared
def test_gold_floors() -> None:
    scores = measure()
    floors = json.loads(BASELINE.read_text("utf-8"))["floors"]
    assert scores["sentences"] == 50
    low = {k: (round(scores[k], 3), v) for k, v in floors.items() if scores[k] < v}
    assert not low, f"below the pinned floors (score, floor): {low}; scores: {scores}"


if __name__ == "__main__":
    print(json.dumps({k: round(v, 3) for k, v in measure().items()}, indent=1))
