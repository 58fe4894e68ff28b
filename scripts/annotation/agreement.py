"""Inter-annotator agreement between the primary passes and the independent relabel of a random sample.

    python scripts/annotation/agreement.py [--relabelled-by NAME] [--disagreements FILE]

Reports Cohen's kappa for event type (the sentence's first-listed type or NONE; and pooled over every
(sentence, type) decision), for modality on the events both passes give the same type, and span overlap
for source and target on those events. ``--relabelled-by`` takes only the relabel rows of one study (``R`` for
round one, ``R2`` for rounds five and six); with ``--disagreements`` writes the items to adjudicate.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from dyad.evaluation.corpus import CORPUS_DIR
from dyad.score.ontology import plover_types


def kappa(a: list[str], b: list[str]) -> float:
    n = len(a)
    if not n:
        return 0.0
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    return round((observed - expected) / (1 - expected), 3) if expected < 1 else 1.0


def _overlap(a: list[int] | None, b: list[int] | None) -> bool:
    return bool(a and b and a[0] < b[1] and b[0] < a[1])


def agreement(primary: dict[str, list[dict]], second: dict[str, list[dict]]) -> dict:
    ids = sorted(set(primary) & set(second))
    main_a = [primary[i][0]["type"] if primary[i] else "NONE" for i in ids]
    main_b = [second[i][0]["type"] if second[i] else "NONE" for i in ids]
    pooled_a, pooled_b, modality_a, modality_b = [], [], [], []
    roles = Counter()
    for i in ids:
        types_a = {e["type"]: e for e in reversed(primary[i])}
        types_b = {e["type"]: e for e in reversed(second[i])}
        for kind in plover_types():
            pooled_a.append(str(kind in types_a))
            pooled_b.append(str(kind in types_b))
        for kind in set(types_a) & set(types_b):
            a, b = types_a[kind], types_b[kind]
            modality_a.append(a["modality"])
            modality_b.append(b["modality"])
            for role in ("source", "target"):
                if a[role] or b[role]:
                    roles[f"{role}_either"] += 1
                    roles[f"{role}_overlap"] += _overlap(a[role], b[role])
    any_a = [str(bool(primary[i])) for i in ids]
    any_b = [str(bool(second[i])) for i in ids]
    return {
        "items": len(ids),
        "event_or_none_kappa": kappa(any_a, any_b),
        "main_type_kappa": kappa(main_a, main_b),
        "main_type_agreement": round(sum(x == y for x, y in zip(main_a, main_b, strict=True)) / len(ids), 3),
        "pooled_type_kappa": kappa(pooled_a, pooled_b),
        "matched_events": len(modality_a),
        "modality_kappa": kappa(modality_a, modality_b),
        "modality_agreement": round(sum(x == y for x, y in zip(modality_a, modality_b, strict=True))
                                    / max(len(modality_a), 1), 3),
        "source_span_overlap": round(roles["source_overlap"] / max(roles["source_either"], 1), 3),
        "target_span_overlap": round(roles["target_overlap"] / max(roles["target_either"], 1), 3),
    }


def _read(path: Path, labelled_by: str | None = None) -> dict[str, list[dict]]:
    rows = map(json.loads, path.read_text(encoding="utf-8").splitlines())
    return {row["id"]: row["events"] for row in rows if labelled_by is None or row["labelled_by"] == labelled_by}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--disagreements", type=Path)
    parser.add_argument("--relabelled-by", help="only the relabel rows of this pass")
    args = parser.parse_args()
    primary = _read(CORPUS_DIR / "events.jsonl")
    second = _read(CORPUS_DIR / "relabel.jsonl", args.relabelled_by)
    print(json.dumps(agreement(primary, second), indent=1))
    if args.disagreements:
        with args.disagreements.open("w", encoding="utf-8") as out:
            for i in sorted(set(primary) & set(second)):
                if {e["type"] for e in primary[i]} != {e["type"] for e in second[i]} or \
                        {(e["type"], e["modality"]) for e in primary[i]} != {(e["type"], e["modality"]) for e in second[i]}:
                    out.write(json.dumps({"id": i, "first": primary[i], "second": second[i]}) + "\n")


if __name__ == "__main__":
    main()
