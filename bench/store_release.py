"""What releasing the store between batches costs an ingest: commit alone against commit + release + reopen.

    .venv/bin/python bench/store_release.py [--db build/hub-2000.duckdb] [--batches 20] [--batch-size 32]

Copies ``--db`` (the hub benchmark's 2,000-article store) to a temporary file, analyses ``--batch-size``
short pages once, then commits ``--batches`` batches of them (each under new digests) twice: keeping the
connection open, and releasing the file after each commit (``Store.release``, as `dyad ingest` does) and
reopening it for the next. Prints the median seconds per batch of each and their ratio; the figures are
ratios within one run, so they hold on a busy machine too.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from dyad.api import analyse
from dyad.store import Store, analysis_to_rows

ROOT = Path(__file__).resolve().parents[1]


def _batches(count: int, size: int) -> list[list[dict]]:
    """``count`` batches of ``size`` analysed pages, each page's text (so its digest) unique."""
    pages = [analysis_to_rows(analyse(f"Iran consulted Pakistan on trade in round {i}. Pakistan accused Iran "
                                      f"of harbouring militants near post {i}.", origin=f"bench:{i}"))
             for i in range(count * size)]
    return [pages[i * size:(i + 1) * size] for i in range(count)]


def _commit_all(path: Path, batches: list[list[dict]], release: bool) -> list[float]:
    seconds = []
    with Store(path) as store:
        run = store.begin_run("bench", [])
        for batch in batches:
            started = time.perf_counter()
            store.write_batch(run, batch)
            if release:
                store.release()
                store.con  # noqa: B018  (reopens the file, as the next batch does)
            seconds.append(time.perf_counter() - started)
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "build" / "hub-2000.duckdb")
    parser.add_argument("--batches", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()
    batches = _batches(args.batches, args.batch_size)
    medians = {}
    with tempfile.TemporaryDirectory() as folder:
        for release in (False, True):
            copy = Path(folder) / f"release-{release}.duckdb"
            shutil.copy(args.db, copy)
            medians[release] = statistics.median(_commit_all(copy, batches, release))
    print(f"store {args.db.name}, {args.batches} batches of {args.batch_size} pages: commit {medians[False]:.3f} s, "
          f"commit + release + reopen {medians[True]:.3f} s per batch (x{medians[True] / medians[False]:.2f}; "
          f"+{medians[True] - medians[False]:.3f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
