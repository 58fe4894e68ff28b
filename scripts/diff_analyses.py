"""Diff two `dyad analyze` JSON Lines files, document by document, and count what changed.

Used to show that a refactor leaves the output alone (or to list what it changed):

    dyad analyze ../shared/corpora/bbc-news/politics > before.jsonl
    ... change the code ...
    dyad analyze ../shared/corpora/bbc-news/politics > after.jsonl
    python scripts/diff_analyses.py before.jsonl after.jsonl [--show 5]

Documents are matched by ``id``. Events, actors, figures and mentions are compared as multisets of
their JSON form (order is not part of the contract); the ``pipeline`` stamp is ignored because any
code or knowledge change moves it. Exit status 0 when nothing differs, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

LISTED = ("events", "actors", "figures", "mentions")
IGNORED = {"pipeline"}


def _records(path: Path) -> dict[str, dict]:
    with path.open(encoding="utf-8") as handle:
        return {record["id"]: record for record in map(json.loads, handle) if record.get("id")}


def _items(record: dict, field: str) -> Counter[str]:
    return Counter(json.dumps(item, sort_keys=True) for item in record.get(field) or [])


def diff(before: dict[str, dict], after: dict[str, dict]) -> tuple[Counter[str], list[str]]:
    """Counts of changes by kind, and one line per changed item for display."""
    counts: Counter[str] = Counter()
    lines: list[str] = []
    counts["documents only before"] = len(before.keys() - after.keys())
    counts["documents only after"] = len(after.keys() - before.keys())
    for doc_id in sorted(before.keys() & after.keys()):
        old, new = before[doc_id], after[doc_id]
        changed = False
        for field in sorted((old.keys() | new.keys()) - IGNORED - set(LISTED)):
            if old.get(field) != new.get(field):
                counts[f"{field} changed"] += 1
                lines.append(f"{doc_id} {field}: {old.get(field)!r} -> {new.get(field)!r}"[:400])
                changed = True
        for field in LISTED:
            was, now = _items(old, field), _items(new, field)
            removed, added = was - now, now - was
            counts[f"{field} removed"] += sum(removed.values())
            counts[f"{field} added"] += sum(added.values())
            counts[f"{field} total before"] += sum(was.values())
            counts[f"{field} total after"] += sum(now.values())
            lines += [f"{doc_id} {field} - {item}"[:400] for item in removed]
            lines += [f"{doc_id} {field} + {item}"[:400] for item in added]
            changed |= bool(removed or added)
        counts["documents changed"] += changed
        counts["documents compared"] += 1
    return counts, lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--show", type=int, default=0, help="print this many changed items")
    args = parser.parse_args(argv)
    counts, lines = diff(_records(args.before), _records(args.after))
    for key in sorted(counts):
        print(f"{key:32} {counts[key]}")
    for line in lines[: args.show]:
        print(line)
    different = counts["documents changed"] or counts["documents only before"] or counts["documents only after"]
    return 1 if different else 0


if __name__ == "__main__":
    sys.exit(main())
