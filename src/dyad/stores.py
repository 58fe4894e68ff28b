"""The stores of the Python API (``dyad.open(db)``) and the CLI: the classes of ``dyad.store``, which knows only
the schema and its queries, with what the layers above it make of the stored data: dyad timelines
(``dyad.dyads.timeline``), event clusters (``dyad.dyads.clusters``) and event layouts naming countries and
CAMEO codes (``dyad.actors.countries``, ``dyad.score.ontology``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Literal, overload

import pandas as pd

from dyad import store
from dyad.actors.countries import country_names
from dyad.dyads.clusters import cluster_events
from dyad.dyads.timeline import dyad_timeline
from dyad.filters import Direction, check_country
from dyad.model import Modality
from dyad.score.ontology import cameo_labels
from dyad.store.transfer import ExportLabels

__all__ = ["ReadOnlyStore", "Store", "export_labels", "open_store"]


def export_labels() -> ExportLabels:
    """The names of countries and CAMEO codes that event layouts carry."""
    return ExportLabels(country_names=country_names(), cameo_labels=cameo_labels())


class ReadOnlyStore(store.ReadOnlyStore):
    """A store opened for reading (what ``dyad.open(db)`` gives): its queries, dyad timelines, the SQL sandbox
    and exports. It has no write methods, and reading it leaves the file system as it was."""

    def dyad(self, a: str, b: str, *, since: str | None = None, until: str | None = None,
             by: Literal["day", "week", "month", "year"] = "month",
             modality: Modality | Literal["all"] | Sequence[str] = "asserted", direction: Direction = "both",
             top: int = 3) -> pd.DataFrame:
        """The timeline of two countries (names, demonyms or ISO codes), one row per period and modality.

        Asserted events only unless ``modality`` names others (or "all"), each then its own series; events
        ``direction`` "a-to-b", "b-to-a" or "both"; every period of the range has a row (zeros when empty);
        ``top`` evidence sentences per row. See ``dyad.dyads.timeline``.
        """
        return pd.DataFrame(dyad_timeline(self.con, check_country(a), check_country(b), since=since, until=until,
                                          by=by, modalities=modality, direction=direction, top=top))

    def export(self, out: str | os.PathLike[str], fmt: str = "parquet", layout: str = "rows",
               labels: ExportLabels | None = None) -> dict[str, Path]:
        """Write every table (``rows``) or the events in an event layout (``polecat``, ``icews``, ``gdelt``) to
        ``out`` as Parquet, CSV or JSON Lines; returns the files written."""
        return super().export(out, fmt, layout, labels or export_labels())


class Store(store.Store, ReadOnlyStore):
    """A store opened for writing (ingest, the hub with a token), created and migrated on open, which also
    clusters its events; ``read_only=True`` opens it like a ``ReadOnlyStore``."""

    def recluster(self, everything: bool = True) -> int:
        """Recompute the cross-document event clusters from all stored events (only the groups that changed
        since the last clustering with ``everything=False``); returns how many clusters there are."""
        return self.refresh_clusters(cluster_events, everything=everything)

    def load(self, directory: str | os.PathLike[str]) -> dict[str, int]:
        """Store the documents of an export directory in the rows layout (``dyad export`` in any format, Spark
        runs) and cluster their events; the counts include the store's ``clusters``."""
        counts = super().load(directory)
        counts["clusters"] = self.recluster(everything=False)
        return counts


@overload
def open_store(db: str | os.PathLike[str] | None = None, read_only: Literal[True] = True) -> ReadOnlyStore: ...


@overload
def open_store(db: str | os.PathLike[str] | None, read_only: Literal[False]) -> Store: ...


@overload
def open_store(db: str | os.PathLike[str] | None = None, *, read_only: Literal[False]) -> Store: ...


def open_store(db: str | os.PathLike[str] | None = None, read_only: bool = True) -> ReadOnlyStore | Store:
    """Open a store (default ``$DYAD_DB`` or ``dyad.duckdb``); its queries return pandas DataFrames.

    Read-only by default: a ``ReadOnlyStore`` has queries, timelines, the SQL sandbox (``query``) and exports,
    and no write methods. ``read_only=False`` gives the writable ``Store`` (one writer per file at a time).
    """
    path = db or store.default_db()
    return ReadOnlyStore(path) if read_only else Store(path)
