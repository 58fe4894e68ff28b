"""The local executor: analyse in a process pool, store through one writer, one transaction per batch.

Readers stream documents; at most ``window`` documents are in flight between the reader and the
writer, so memory stays bounded whatever the input size. Results come back in input order, which
makes a run (and its resumption after a crash) store exactly the rows a clean run stores.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from dyad.dyads.clusters import cluster_events
from dyad.ingest import Columns, read_paths, reader_for_name
from dyad.ingest.published import BODY_GUESS, PublishedFrom
from dyad.ingest.readers import DEFAULT_COLUMNS
from dyad.model import Document, Rejected
from dyad.store.db import Rows, Store
from dyad.store.rows import analysis_to_rows, rows_to_document
from dyad.version import pipeline_stamp

__all__ = ["DOCUMENT_TIME_LIMIT", "IngestSummary", "LocalExecutor", "analyse_rows", "default_workers", "estimate_total", "ingest", "reanalyze"]

Progress = Callable[["IngestSummary"], None]


def analyse_rows(document: Document) -> Rows | Rejected:
    """Analyse one document and flatten it into store rows (what a worker sends back to the writer)."""
    # Imported here: the writer process never analyses, and importing spaCy alone costs it ~300 MB.
    from dyad.pipeline import analyse_or_reject

    analysis = analyse_or_reject(document)
    return analysis if isinstance(analysis, Rejected) else analysis_to_rows(analysis)


def _warm_up() -> None:
    # Analysing a tiny document loads spaCy and every knowledge file once per worker, before real work.
    analyse_rows(Document(id="", origin="<warm-up>", text="Iran and Pakistan agreed to hold talks."))


def _start_worker() -> None:
    # Ctrl-C reaches the whole process group; the parent stops the pool, so workers need not print tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _warm_up()


@dataclass(slots=True)
class IngestSummary:
    """Counts of one ingest run; ``committed`` is what is durably stored so far."""

    run: int = 0
    total: int | None = None
    documents: int = 0
    stored: int = 0
    skipped: int = 0
    replaced: int = 0
    events: int = 0
    rejected: int = 0
    committed: int = 0
    clusters: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    pipeline: str = ""

    @property
    def docs_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        """The JSON summary printed by ``--json``."""
        data = asdict(self)
        data["docs_per_second"] = round(self.docs_per_second, 2)
        data["seconds"] = round(self.seconds, 2)
        return data


DOCUMENT_TIME_LIMIT = 120.0  # seconds; the analysis budget keeps a document near 20 s on one free core


class LocalExecutor:
    """Maps documents through ``analyse`` in ``workers`` processes (0: in this process), in order.

    In worker processes each document has ``time_limit`` seconds: one over it becomes a Rejected row and its
    worker is stopped and replaced, so one pathological input never holds up the run.
    """

    def __init__(self, workers: int = 0, window: int | None = None,
                 analyse: Callable[[Document], Rows] = analyse_rows, recycle: int = 2000,
                 time_limit: float | None = DOCUMENT_TIME_LIMIT) -> None:
        self.workers = workers
        self.window = window or max(4, 4 * workers)
        self.analyse = analyse
        self.recycle = recycle
        self.time_limit = time_limit

    def map(self, items: Iterable[Document | Rejected], idle: Callable[[], None] | None = None,
            heartbeat: float = 1.0) -> Iterator[Rows | Rejected]:
        """Analyse Documents (Rejected pass through) and yield results in input order; ``idle`` is called every
        ``heartbeat`` seconds spent waiting for a result (the writer commits on time there)."""
        if self.workers <= 0:
            _warm_up()
            for item in items:
                yield item if isinstance(item, Rejected) else self.analyse(item)
            return
        from pebble import ProcessPool

        # spawn, not fork: the parent holds a DuckDB connection and threads that a fork would copy mid-state.
        # Workers are replaced after `recycle` documents: spaCy's string store only grows, so this bounds memory.
        pool = ProcessPool(self.workers, max_tasks=self.recycle, initializer=_start_worker,
                           context=multiprocessing.get_context("spawn"))
        try:
            pending: deque[tuple[Future[Rows], str] | Rejected] = deque()
            for item in items:
                pending.append(item if isinstance(item, Rejected) else
                               (pool.schedule(self.analyse, (item,), timeout=self.time_limit), item.origin))
                while len(pending) >= self.window:
                    yield self._resolve(pending.popleft(), idle, heartbeat)
            while pending:
                yield self._resolve(pending.popleft(), idle, heartbeat)
            pool.close()
        finally:
            pool.stop()
            pool.join()

    def _resolve(self, item: tuple[Future[Rows], str] | Rejected, idle: Callable[[], None] | None,
                 heartbeat: float) -> Rows | Rejected:
        if isinstance(item, Rejected):
            return item
        future, origin = item
        while not wait([future], timeout=heartbeat).done:
            if idle:
                idle()
        try:
            return future.result()
        except TimeoutError:
            return Rejected(origin, f"analysis timed out after {self.time_limit:g} s")
        except Exception as exc:  # the worker died (killed, out of memory) or could not send its result
            return Rejected(origin, f"analysis failed: {type(exc).__name__}: {' '.join(str(exc).split())[:160]}")


def estimate_total(paths: Sequence[str]) -> int | None:
    """Roughly how many documents the inputs hold (as each file's reader counts them); None if unknowable."""
    total = 0
    for path in paths:
        p = Path(path)
        files = [p] if p.is_file() else sorted(c for c in p.rglob("*") if c.is_file()) if p.is_dir() else None
        if files is None:
            return None
        for file in files:
            reader = reader_for_name(file.name)
            # compressed records cannot be counted without reading them; a file no suffix explains is one page
            count = None if file.suffix.lower() == ".gz" else reader.count(file) if reader else 1
            if count is None:
                return None
            total += count
    return total


class _Writer:
    """Collects results into batches and commits each in one transaction."""

    def __init__(self, store: Store, summary: IngestSummary, batch_size: int, replace: bool,
                 progress: Progress | None, max_seconds: float = 5.0) -> None:
        self.store, self.summary, self.batch_size, self.replace = store, summary, batch_size, replace
        self.progress, self.max_seconds = progress, max_seconds
        self.batch: list[Rows | Rejected] = []
        self.started = self.last_commit = time.monotonic()
        self.reasons: Counter[str] = Counter()

    def add(self, item: Rows | Rejected) -> None:
        self.batch.append(item)
        self.summary.documents += 1
        if len(self.batch) >= self.batch_size or time.monotonic() - self.last_commit > self.max_seconds:
            self.commit()
        self.tick()

    def commit_if_due(self) -> None:
        """Commit what waits if the last commit is ``max_seconds`` old: a slow document never holds others back."""
        if self.batch and time.monotonic() - self.last_commit > self.max_seconds:
            self.commit()
            self.tick()

    def skip(self, count: int) -> None:
        self.summary.documents += count
        self.summary.skipped += count
        self.tick()

    def commit(self) -> None:
        if not self.batch:
            return
        result = self.store.write_batch(self.summary.run, self.batch, replace=self.replace)
        self.store.release()  # the file is free until the next batch: a hub serving it shows this one now
        self.batch = []
        self.last_commit = time.monotonic()
        s = self.summary
        s.stored += result.stored
        s.replaced += result.replaced
        s.skipped += result.skipped
        s.events += result.events
        s.rejected += len(result.rejected)
        s.committed += result.stored + result.replaced
        self.reasons.update(r.reason for r in result.rejected)
        s.reasons = dict(self.reasons.most_common())

    def tick(self) -> None:
        self.summary.seconds = time.monotonic() - self.started
        if self.progress:
            self.progress(self.summary)


def _unstored(store: Store, items: Iterable[Document | Rejected], writer: _Writer,
              chunk: int) -> Iterator[Document | Rejected]:
    """Drop documents the store already holds (a resumed or repeated run), checking ``chunk`` at a time."""
    buffer: list[Document | Rejected] = []

    def flush() -> Iterator[Document | Rejected]:
        known = store.stored_digests(d.digest for d in buffer if isinstance(d, Document))
        store.release()  # not held while these documents are analysed
        fresh = [d for d in buffer if isinstance(d, Rejected) or d.digest not in known]
        if len(fresh) < len(buffer):
            writer.skip(len(buffer) - len(fresh))
        buffer.clear()
        yield from fresh

    for item in items:
        buffer.append(item)
        if len(buffer) >= chunk:
            yield from flush()
    yield from flush()


def ingest(store: Store, paths: Sequence[str], *, workers: int = 0, batch_size: int = 32,
           input_format: str = "auto", progress: Progress | None = None,
           analyse: Callable[[Document], Rows] = analyse_rows, published: str | None = None,
           published_from: PublishedFrom | None = None, time_limit: float | None = DOCUMENT_TIME_LIMIT,
           commit_every: float = 5.0, columns: Columns = DEFAULT_COLUMNS) -> IngestSummary:
    """Read, analyse and store every document under ``paths``; documents already stored are skipped.

    ``published``, ``published_from`` and ``columns`` read the documents as in ``dyad.ingest.read_paths``. What has been
    analysed is committed at least every ``commit_every`` seconds, and every ``batch_size`` documents; a
    document over ``time_limit`` seconds (in worker processes) is stored as a Rejected row. Between its
    short writes the store's file is released (``Store.release``), so other processes can read each batch as
    soon as it is committed.
    """
    summary = IngestSummary(run=store.begin_run("ingest", [str(p) for p in paths]), total=estimate_total(paths),
                            pipeline=pipeline_stamp())
    store.release()
    writer = _Writer(store, summary, batch_size, replace=False, progress=progress, max_seconds=commit_every)
    executor = LocalExecutor(workers, analyse=analyse, time_limit=time_limit)
    documents = read_paths(paths, input_format, published=published, published_from=published_from,
                           columns=columns)
    return _drive(store, writer, executor.map(_unstored(store, documents, writer, batch_size),
                                              idle=writer.commit_if_due))


def reanalyze(store: Store, *, workers: int = 0, batch_size: int = 32, everything: bool = False,
              progress: Progress | None = None, analyse: Callable[[Document], Rows] = analyse_rows,
              time_limit: float | None = DOCUMENT_TIME_LIMIT) -> IngestSummary:
    """Re-analyse stored documents whose pipeline stamp is not the current one (all with ``everything``)."""
    stamp = pipeline_stamp()
    digests = [r[0] for r in store.con.execute(
        "SELECT doc FROM documents WHERE ? OR pipeline IS DISTINCT FROM ? ORDER BY run, ingested_at, doc",
        [everything, stamp]).fetchall()]
    summary = IngestSummary(run=store.begin_run("reanalyze", []), total=len(digests), pipeline=stamp)
    writer = _Writer(store, summary, batch_size, replace=True, progress=progress)
    executor = LocalExecutor(workers, analyse=analyse, time_limit=time_limit)
    return _drive(store, writer, executor.map(_stored_documents(store, digests, batch_size),
                                              idle=writer.commit_if_due))


def _drive(store: Store, writer: _Writer, results: Iterator[Rows | Rejected]) -> IngestSummary:
    try:
        for result in results:
            writer.add(result)
        writer.commit()
        writer.summary.clusters = store.refresh_clusters(cluster_events)
        writer.tick()
    except BaseException:
        store.finish_run(writer.summary.run, "interrupted", _counts(writer.summary))
        raise
    writer.summary.seconds = time.monotonic() - writer.started
    store.finish_run(writer.summary.run, "done", _counts(writer.summary))
    return writer.summary


def _counts(summary: IngestSummary) -> dict[str, int]:
    return {"documents": summary.documents, "stored": summary.stored + summary.replaced,
            "skipped": summary.skipped, "events": summary.events, "rejected": summary.rejected}


def _stored_documents(store: Store, digests: list[str], chunk: int) -> Iterator[Document]:
    for start in range(0, len(digests), chunk):
        for rows in store.document_rows(digests[start:start + chunk]):
            document = rows_to_document(rows)
            if document.published_source == BODY_GUESS:  # a date an older dyad took from the body: not evidence
                document.published = document.published_source = None
            yield document


def default_workers() -> int:
    """Worker processes when ``--workers`` is not given: one per core."""
    return os.cpu_count() or 1
