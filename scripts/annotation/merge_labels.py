"""Merge labelling passes into the corpus: ``corpus/events/events.jsonl`` (and ``relabel.jsonl``).

Each pass wrote ``{"id", "events": [{"type", "mode", "trigger", "source", ...}]}`` with spans as copied
strings (docs/annotation.md). Here they become character offsets into the sentence; a label whose
string is not in its sentence, or whose type, mode, modality, country or sector is not a valid code, is
dropped (the field) or reported (the event), and the counts are printed. ``labelled_by`` names the pass.

    python scripts/annotation/merge_labels.py --passes A1=/tmp/label/out_1.jsonl … B7=/tmp/label2/out_7.jsonl \
        --relabel /tmp/label/out_relabel.jsonl --adjudicated /tmp/label/adjudicated.jsonl

An adjudicated label (after the relabel disagreed) replaces the primary one; its ``labelled_by`` names the
primary pass, the relabel pass (``--relabel-name``, ``R`` by default) and ``adj``.

A later round adds its passes to the corpus already merged, whose original pass files are not kept:

    python scripts/annotation/merge_labels.py --keep --passes E1=/tmp/label5/out_E1.jsonl … \
        --relabel /tmp/label5/out_relabel.jsonl --relabel-name R2

``--keep`` keeps every labelled row of ``events.jsonl`` and ``relabel.jsonl`` that the given files do not label.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

from dyad.evaluation.corpus import CORPUS_DIR, document_text
from dyad.model import MODALITIES
from dyad.score.ontology import plover_types

SECTORS = frozenset(["GOV", "LEG", "JUD", "MIL", "COP", "SPY", "PTY", "OPP", "REB", "CRM", "CVL", "BUS", "LAB", "MED", "EDU", "REL", "REF", "IGO", "NGO", "HLH", "ELI"])
_ISO3 = re.compile(r"^[A-Z]{3}$")


def _find(sentence: str, words: str | None, near: int | None = None) -> list[int] | None:
    if not words:
        return None
    words = words.strip()
    starts = [m.start() for m in re.finditer(re.escape(words), sentence)]
    if not starts:
        starts = [m.start() for m in re.finditer(re.escape(words), sentence, re.I)]
    if not starts:
        return None
    start = min(starts, key=lambda s: abs(s - near)) if near is not None else starts[0]
    return [start, start + len(words)]


def _clean(event: dict, sentence: str, problems: Counter) -> dict | None:
    types = plover_types()
    kind = str(event.get("type") or "").upper()
    if kind not in types:
        problems["unknown type"] += 1
        return None
    modality = event.get("modality") or "asserted"
    if modality not in MODALITIES:
        problems["unknown modality"] += 1
        return None
    mode = event.get("mode")
    if mode not in types[kind].modes:
        mode = None
    trigger = _find(sentence, event.get("trigger"))
    if event.get("trigger") and trigger is None:
        problems["trigger not in sentence"] += 1
    near = trigger[0] if trigger else None
    out = {"type": kind, "mode": mode, "modality": modality, "trigger": trigger}
    for role in ("source", "target"):
        span = _find(sentence, event.get(role), near)
        if event.get(role) and span is None:
            problems[f"{role} not in sentence"] += 1
        country = event.get(f"{role}_country")
        sector = event.get(f"{role}_sector")
        out[role] = span
        out[f"{role}_country"] = country if isinstance(country, str) and _ISO3.match(country) else None
        out[f"{role}_sector"] = sector if sector in SECTORS else None
    return out


def _read_pass(path: Path) -> dict[str, list[dict]]:
    labels: dict[str, list[dict]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            labels[row["id"]] = row.get("events") or []
    return labels


def _read_merged(path: Path) -> dict[str, dict]:
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return {row["id"]: row for row in rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--passes", nargs="+", required=True, help="primary passes as NAME=PATH")
    parser.add_argument("--relabel", type=Path, help="the independent second pass over a random sample (R)")
    parser.add_argument("--adjudicated", type=Path, help="final labels of the items where the relabel disagreed")
    parser.add_argument("--relabel-name", default="R", help="labelled_by of the relabel pass")
    parser.add_argument("--keep", action="store_true", help="keep the rows already merged that no given file labels")
    args = parser.parse_args()
    pool = [json.loads(line) for line in (CORPUS_DIR / "pool.jsonl").read_text(encoding="utf-8").splitlines()]
    kept = _read_merged(CORPUS_DIR / "events.jsonl") if args.keep else {}
    labelled: dict[str, tuple[str, list[dict]]] = {}
    for spec in args.passes:
        name, path = spec.split("=", 1)
        for item_id, events in _read_pass(Path(path)).items():
            labelled.setdefault(item_id, (name, events))
    if args.adjudicated:
        for item_id, events in _read_pass(args.adjudicated).items():
            labelled[item_id] = (f"{labelled[item_id][0]}+{args.relabel_name}+adj", events)
    problems: Counter = Counter()
    written = 0
    with (CORPUS_DIR / "events.jsonl").open("w", encoding="utf-8") as out:
        for row in pool:
            if row["id"] in labelled:
                labeller, events = labelled[row["id"]]
                sentence = row.get("text") or document_text(row["document"])[0][row["start"]:row["end"]]
                merged = {**row, "events": [e for e in (_clean(e, sentence, problems) for e in events) if e],
                          "labelled_by": labeller}
            elif row["id"] in kept:
                merged = kept[row["id"]]
            else:
                continue
            out.write(json.dumps(merged, ensure_ascii=False) + "\n")
            written += 1
    if args.relabel:
        pool_by_id = {row["id"]: row for row in pool}
        relabelled = _read_merged(CORPUS_DIR / "relabel.jsonl") if args.keep else {}
        for item_id, events in _read_pass(args.relabel).items():
            row = pool_by_id[item_id]
            sentence = row.get("text") or document_text(row["document"])[0][row["start"]:row["end"]]
            cleaned = [e for e in (_clean(e, sentence, Counter()) for e in events) if e]
            relabelled[item_id] = {"id": item_id, "events": cleaned, "labelled_by": args.relabel_name}
        with (CORPUS_DIR / "relabel.jsonl").open("w", encoding="utf-8") as out:
            for item_id in sorted(relabelled):
                out.write(json.dumps(relabelled[item_id]) + "\n")
    print(f"{written} of {len(pool)} pool sentences labelled; problems: {dict(problems)}")


if __name__ == "__main__":
    main()
