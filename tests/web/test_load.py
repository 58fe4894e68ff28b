"""A bounded load test on loopback: 2,000 requests, 20 at a time, against `dyad serve`; zero errors allowed.

Most requests repeat ten pages (the hub caches query results); every fifth asks for a page no one asked for
before, so it runs its queries against the store. Latencies are reported for both kinds.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from itertools import cycle

import httpx
import pytest
from hubdata import ARTIFACTS

pytestmark = pytest.mark.load

REQUESTS = 2_000
CONCURRENCY = 20
BUDGET_SECONDS = 240  # the whole run stops by itself after this, whatever happens


def _plan(paths: list[str]) -> list[tuple[str, str]]:
    """(kind, path) for every request: repeated pages, and every fifth one a fresh page of events."""
    repeated = cycle(paths)
    return [("fresh", f"/api/events?limit=5&offset={i}") if i % 5 == 4 else ("repeated", next(repeated))
            for i in range(REQUESTS)]


async def _run(base: str, plan: list[tuple[str, str]]) -> tuple[list[tuple[str, float]], list[str], float]:
    latencies: list[tuple[str, float]] = []
    errors: list[str] = []
    queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
    for item in plan:
        queue.put_nowait(item)
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:

        async def worker() -> None:
            while not queue.empty():
                kind, path = queue.get_nowait()
                start = time.perf_counter()
                try:
                    response = await client.get(path)
                    if response.status_code != 200:
                        errors.append(f"{path}: HTTP {response.status_code}")
                except httpx.HTTPError as exc:
                    errors.append(f"{path}: {type(exc).__name__}")
                latencies.append((kind, time.perf_counter() - start))

        began = time.perf_counter()
        await asyncio.wait_for(asyncio.gather(*(worker() for _ in range(CONCURRENCY))), BUDGET_SECONDS)
        return latencies, errors, time.perf_counter() - began


def _percentiles(prefix: str, seconds: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(seconds, n=100)
    return {f"{prefix}p50_ms": round(cuts[49] * 1000, 1), f"{prefix}p95_ms": round(cuts[94] * 1000, 1),
            f"{prefix}p99_ms": round(cuts[98] * 1000, 1),
            f"{prefix}max_ms": round(max(seconds) * 1000, 1)}


def test_hub_serves_2000_requests_at_20_concurrent_without_errors(server: str) -> None:
    docs = httpx.get(server + "/api/documents").json()["items"]
    paths = ["/", "/api/documents", "/api/events?country=IRN", "/dyad/IRN/PAK", "/api/dyads/IRN/PAK",
             "/search?q=border", "/api/actors/dyad:IRN:GOV", "/static/hub.css",
             "/dyads", "/network", "/map", "/api/dyads", "/api/dyads/changes", "/api/map",
             "/api/dyads/IRN/PAK?download=csv", "/api/events?layout=polecat&download=csv",
             "/api/dyads/IRN/PAK?layout=gdelt&download=json", *[f"/article/{d['doc']}" for d in docs[:2]]]
    # Its own thread and event loop: Playwright's sync API may hold this thread's loop.
    with ThreadPoolExecutor(1) as pool:
        latencies, errors, elapsed = pool.submit(asyncio.run, _run(server, _plan(paths))).result()
    report: dict[str, object] = {"requests": len(latencies), "concurrency": CONCURRENCY, "errors": len(errors),
                                 "seconds": round(elapsed, 2), "requests_per_second": round(len(latencies) / elapsed, 1),
                                 **_percentiles("", [t for _, t in latencies])}
    for kind in ("repeated", "fresh"):
        report.update(_percentiles(f"{kind}_", [t for k, t in latencies if k == kind]))
    report["paths"] = paths
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "load.json").write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nload: {report['requests']} requests at {CONCURRENCY} concurrent in {report['seconds']} s "
          f"({report['requests_per_second']}/s), p50 {report['p50_ms']} ms, p99 {report['p99_ms']} ms "
          f"(repeated pages p50 {report['repeated_p50_ms']}/p99 {report['repeated_p99_ms']} ms, "
          f"fresh queries p50 {report['fresh_p50_ms']}/p99 {report['fresh_p99_ms']} ms), errors {report['errors']}")
    assert errors == []
    assert len(latencies) == REQUESTS
