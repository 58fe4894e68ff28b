"""Ingest throughput and peak memory of the local executor, writer and workers measured apart.

Ingests the given inputs (default: all of ``../shared/corpora/bbc-news``, 2,225 articles) into a fresh
store with ``dyad.executors.local.ingest`` and reports documents/s (wall time, spaCy loading included),
the writer's peak resident memory and the largest peak of any worker (``getrusage``: the workers are
reaped child processes), which is what "bounded memory per worker" is about.

    .venv/bin/python bench/ingest.py [PATH ...] [--workers 2] [--limit N] [--out bench/out/ingest.json]

``--limit N`` ingests only the first N files (sorted) of the inputs, for a quick run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DYAD_SHARED", ROOT.parent / "shared"))
OUT = ROOT / "bench" / "out"


def _files(paths: list[str], limit: int | None) -> list[str]:
    files: list[str] = []
    for path in paths:
        p = Path(path)
        files.extend(sorted(str(c) for c in p.rglob("*") if c.is_file() and not c.name.startswith(".")) if p.is_dir()
                     else [str(p)])
    return files[:limit] if limit else files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(SHARED / "corpora" / "bbc-news")])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--out", type=Path, default=OUT / "ingest.json")
    args = parser.parse_args()
    for path in args.paths:
        if not Path(path).exists():
            print(f"error: {path}: no such file or directory (is ../shared beside the checkout?)", file=sys.stderr)
            return 2

    from dyad.executors.local import ingest
    from dyad.store import Store

    files = _files(args.paths, args.limit)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        started = time.perf_counter()
        with Store(db) as store:
            summary = ingest(store, files, workers=args.workers, batch_size=args.batch_size)
        seconds = time.perf_counter() - started
        store_mb = db.stat().st_size / 2**20
    kib = 1024  # ru_maxrss is in KiB on Linux
    result = {
        "inputs": args.paths, "files": len(files), "workers": args.workers, "batch_size": args.batch_size,
        "documents": summary.documents, "stored": summary.stored, "skipped": summary.skipped,
        "rejected": summary.rejected, "events": summary.events, "clusters": summary.clusters,
        "seconds": round(seconds, 1), "docs_per_second": round(summary.documents / seconds, 2),
        "peak_rss_writer_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / kib, 1),
        "peak_rss_worker_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / kib, 1),
        "store_mb": round(store_mb, 1), "pipeline": summary.pipeline,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
