"""Executors run the per-document pipeline over many inputs: ``local`` (process pool) and ``spark``."""

from dyad.executors.local import IngestSummary, LocalExecutor, analyse_rows, ingest, reanalyze

__all__ = ["IngestSummary", "LocalExecutor", "analyse_rows", "ingest", "reanalyze"]
