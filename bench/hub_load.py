"""Hub latency per page on a 2,000-article store: 20 concurrent clients on loopback, p50/p95 per page.

    .venv/bin/python bench/hub_load.py [--db build/hub-2000.duckdb] [--requests 40] [--concurrency 20]

The store is built once with `dyad ingest` from ../shared/corpora (BBC politics, business and tech, the
free-news JSON Lines and the NGEC Guardian CSV: 2,078 inputs, 1,980 articles stored) and kept at ``--db``; later runs reuse it.
Then `dyad serve` (read-only, no token) serves it on 127.0.0.1 and every page and API endpoint (home,
/dyads, a dyad page, /network, /map, an article, an actor, search, the events list, downloads in the table's
and an export layout) gets ``--requests`` requests from ``--concurrency`` clients at once; each page's
requests are sent together, so every page is measured at full concurrency. Per page: the first request's
latency (the hub's cache is cold for that page) and p50/p95 over all of them. Writes
``bench/out/hub_load.json``; exits 1 if any request failed. Tests never assert speed; this is a benchmark.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DYAD_SHARED", ROOT.parent / "shared"))
CORPORA = ["bbc-news/politics", "bbc-news/business", "bbc-news/tech", "free-news/articles.jsonl",
           "ngec-guardian/Guardian_SDF_sample.csv"]
P95_TARGET = 1.0  # seconds, from the issue: every page under it at 20 concurrent


def _dyad() -> list[str]:
    return [sys.executable, "-m", "dyad"]


def build_store(db: Path, workers: int) -> None:
    """Ingest the corpora into ``db`` unless it is already there (an ingest run resumes where it stopped)."""
    if db.exists() and not db.with_name(db.name + ".building").exists():
        return
    db.parent.mkdir(parents=True, exist_ok=True)
    marker = db.with_name(db.name + ".building")
    marker.touch()
    paths = [str(SHARED / "corpora" / c) for c in CORPORA]
    started = time.monotonic()
    subprocess.run([*_dyad(), "ingest", *paths, "--db", str(db), "--workers", str(workers), "--quiet"], check=True)
    marker.unlink()
    print(f"built {db} in {time.monotonic() - started:.0f} s", file=sys.stderr)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_up(base: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"dyad serve exited with {process.returncode}")
        try:
            if httpx.get(base + "/api/documents?limit=1", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError("dyad serve did not answer within 60 s")


def pages(base: str) -> dict[str, str]:
    """Page name -> path, with a real article, actor and the busiest pair of the store."""
    pair = httpx.get(base + "/api/dyads?limit=1", timeout=60).json()["items"][0]
    doc = httpx.get(base + "/api/documents?limit=1", timeout=60).json()["items"][0]["doc"]
    actor = httpx.get(base + "/api/actors?limit=1", timeout=60).json()["items"][0]["actor"]
    a, b = pair["a"], pair["b"]
    return {
        "home": "/", "dyads": "/dyads", "dyad": f"/dyad/{a}/{b}", "dyad compared": f"/dyad/{a}/{b}?compare={b}/{a}",
        "network": "/network", "map": "/map", "article": f"/article/{doc}", "actor": f"/actor/{actor}",
        "search": "/search?q=minister+talks", "api documents": "/api/documents", "api events": "/api/events",
        "api events filtered": f"/api/events?country={a}&type=CONSULT", "api dyad": f"/api/dyads/{a}/{b}",
        "api dyads": "/api/dyads", "api changes": "/api/dyads/changes", "api map": "/api/map",
        "api search": "/api/search?q=election", "api actor": f"/api/actors/{actor}",
        "download events csv": "/api/events?download=csv",
        "download events polecat": "/api/events?layout=polecat&download=csv",
        "download dyad events gdelt json": f"/api/dyads/{a}/{b}?layout=gdelt&download=json",
        "download timeline csv": f"/api/dyads/{a}/{b}?part=timeline&download=csv",
        "download pairs csv": "/api/dyads?download=csv",
    }


async def _measure(base: str, path: str, requests: int, concurrency: int) -> tuple[list[float], list[str]]:
    """``requests`` GETs of ``path``, ``concurrency`` at a time: their seconds, and what failed."""
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:
        gate = asyncio.Semaphore(concurrency)

        async def one() -> tuple[float, int | str]:
            async with gate:
                start = time.perf_counter()
                try:
                    outcome: int | str = (await client.get(path)).status_code
                except httpx.HTTPError as exc:
                    outcome = type(exc).__name__
                return time.perf_counter() - start, outcome

        answers = await asyncio.gather(*(one() for _ in range(requests)))
    return [seconds for seconds, _ in answers], [f"{path}: {outcome}" for _, outcome in answers if outcome != 200]


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "build" / "hub-2000.duckdb")
    parser.add_argument("--requests", type=int, default=40, help="requests per page")
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--workers", type=int, default=1, help="ingest workers when the store is built")
    parser.add_argument("--build-only", action="store_true", help="build the store and stop")
    args = parser.parse_args()
    build_store(args.db, args.workers)
    if args.build_only:
        return 0
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([*_dyad(), "serve", "--db", str(args.db), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_up(base, server)
        documents = httpx.get(base + "/api/documents?limit=1", timeout=60).json()["total"]
        results: dict[str, dict[str, float]] = {}
        failures: list[str] = []
        for name, path in pages(base).items():
            latencies, errors = asyncio.run(_measure(base, path, args.requests, args.concurrency))
            failures += errors
            cuts = statistics.quantiles(latencies, n=100, method="inclusive")  # within the measured range
            results[name] = {"path": path, "requests": len(latencies), "p50_ms": _ms(cuts[49]),
                             "p95_ms": _ms(cuts[94]), "max_ms": _ms(max(latencies))}
            print(f"{name:34} p50 {results[name]['p50_ms']:8.1f} ms  p95 {results[name]['p95_ms']:8.1f} ms  "
                  f"max {results[name]['max_ms']:8.1f} ms  {path}")
    finally:
        server.terminate()
        server.wait(30)
    load = os.getloadavg()
    report = {"documents": documents, "concurrency": args.concurrency, "requests_per_page": args.requests,
              "load_average": [round(x, 1) for x in load], "cpus": os.cpu_count(), "errors": failures,
              "over_target": [n for n, r in results.items() if r["p95_ms"] >= P95_TARGET * 1000], "pages": results}
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "hub_load.json").write_text(json.dumps(report, indent=1))
    print(f"{documents} documents, load average {load[0]:.1f} on {os.cpu_count()} cores; "
          f"{len(failures)} errors; p95 >= {P95_TARGET:g} s: {', '.join(report['over_target']) or 'none'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
