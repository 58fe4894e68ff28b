"""Scaling: wall time of ``dyad ingest`` against corpus size, to show that the cost per document is flat.

The corpus of each size is the first N of the 2,225 BBC articles shuffled with a fixed seed, so every size
mixes the five categories alike and each smaller corpus is part of the larger ones. Each size is ingested
into a fresh store by one command; a least-squares line through (documents, seconds) gives the cost per
document (slope), the fixed start-up cost (intercept) and R².

    .venv/bin/python bench/scaling.py [--sizes 250,500,1000,2000] [--workers 2] [--executor local|spark]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from throughput import BBC, OUT, ROOT, bbc_files, local_ingest, machine, prepare, spark_ingest


def fit(points: list[tuple[int, float]]) -> dict[str, float]:
    """Least-squares line ``seconds = intercept + slope * documents`` and its R²."""
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / sxx if sxx else 0.0
    intercept = mean_y - slope * mean_x
    total = sum((y - mean_y) ** 2 for _, y in points)
    residual = sum((y - intercept - slope * x) ** 2 for x, y in points)
    return {"seconds_per_document": round(slope, 4), "startup_seconds": round(intercept, 2),
            "r2": round(1 - residual / total, 4) if total else 1.0}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="250,500,1000,2000", help="comma-separated corpus sizes")
    parser.add_argument("--workers", type=int, default=2, help="local executor processes (Spark: local[N])")
    parser.add_argument("--executor", choices=["local", "spark"], default="local")
    parser.add_argument("--out", type=Path, default=OUT / "scaling.json")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    if not BBC.is_dir():
        print(f"error: needs {BBC} (set DYAD_SHARED)", file=sys.stderr)
        return 2
    runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="dyad-scaling-") as tmp:
        work = Path(tmp)
        for size in sizes:
            inputs = prepare(work / "corpus", bbc_files(size, shuffled=True), [])
            if args.executor == "spark":
                run = spark_ingest(inputs, f"local[{args.workers}]", args.workers, work)
            else:
                run = local_ingest(inputs, args.workers, work)
            run["seconds_per_document"] = round(run["seconds"] / run["documents"], 4)
            runs.append(run)
            print(f"{run['documents']:>5} docs {run['seconds']:>8.1f} s {run['seconds_per_document']:.4f} s/doc "
                  f"peak {run['peak_rss_mb']} MB", flush=True)
    line = fit([(r["documents"], r["seconds"]) for r in runs]) if len(runs) > 1 else {}
    result = {"machine": machine(), "executor": args.executor, "workers": args.workers, "runs": runs, "fit": line}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n", "utf-8")
    if line:
        print(f"fit: seconds = {line['startup_seconds']} + {line['seconds_per_document']} x documents "
              f"(R² {line['r2']})")
    print(f"written: {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
