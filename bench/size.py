"""Size: seconds per MB of ``dyad analyze`` on one document of 0.25, 0.5, 1 and 2 MB, with and without the budget.

Each document is BBC politics articles joined by blank lines up to the size, so every size reads like news
and each smaller one is the start of the larger ones. Every size is analysed in one process after a warm-up,
twice: with the default analysis budget (``MAX_ANALYSED_CHARS``: the cost a user sees, which stays flat
beyond the budget) and with no budget (``--whole``; the cost of the analysis itself, which should grow
linearly: equal seconds per MB at every size). Writes bench/out/size.json.

    .venv/bin/python bench/size.py [--sizes 0.25,0.5,1,2] [--whole-sizes 0.25,0.5,1]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from throughput import BBC, OUT, machine

from dyad.model import MAX_ANALYSED_CHARS, Document
from dyad.pipeline import Pipeline


def document_of(megabytes: float, articles: list[str]) -> Document:
    size, parts = 0, []
    while size < megabytes * 1_000_000:
        text = articles[len(parts) % len(articles)]
        parts.append(text)
        size += len(text.encode()) + 2
    text = "\n\n".join(parts)
    return Document(id=f"{megabytes}MB", origin=f"<{megabytes} MB>", text=text)


def measure(pipeline: Pipeline, document: Document) -> dict[str, Any]:
    started = time.perf_counter()
    analysis = pipeline.analyse(Document(id=document.id, origin=document.origin, text=document.text))
    seconds = time.perf_counter() - started
    megabytes = len(document.text.encode()) / 1_000_000
    return {"megabytes": round(megabytes, 3), "seconds": round(seconds, 2),
            "seconds_per_mb": round(seconds / megabytes, 1), "events": len(analysis.events),
            "analysed_chars": len(analysis.document.text), "truncated": analysis.document.truncated_from is not None}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0.25,0.5,1,2")
    parser.add_argument("--whole-sizes", default="0.25,0.5,1")
    args = parser.parse_args(argv)
    files = sorted((BBC / "politics").glob("*.txt"))
    if not files:
        print(f"no BBC politics articles under {BBC}", file=sys.stderr)
        return 2
    articles = [f.read_text("utf-8", errors="replace").strip() for f in files]
    budgeted, whole = Pipeline(), Pipeline(max_chars=10**9)
    budgeted.analyse(Document(id="warm", origin="warm", text="Iran and Pakistan agreed to hold talks."))
    rows: dict[str, list[dict[str, Any]]] = {"budget": [], "whole": []}
    for name, pipeline, sizes in (("budget", budgeted, args.sizes), ("whole", whole, args.whole_sizes)):
        for size in (float(s) for s in sizes.split(",") if s):
            row = measure(pipeline, document_of(size, articles))
            rows[name].append(row)
            print(f"{name:6} {row['megabytes']:6.2f} MB  {row['seconds']:7.1f} s  {row['seconds_per_mb']:6.1f} s/MB"
                  f"  events {row['events']}", flush=True)
    spread = [r["seconds_per_mb"] for r in rows["whole"]]
    result = {"budget_chars": MAX_ANALYSED_CHARS, "runs": rows, "machine": machine(),
              "whole_s_per_mb_max_over_min": round(max(spread) / min(spread), 2) if spread else None}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "size.json").write_text(json.dumps(result, indent=2), "utf-8")
    print(f"whole-text seconds per MB, largest over smallest: {result['whole_s_per_mb_max_over_min']}")
    print(f"written: {OUT / 'size.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
