"""dyad: news and policy analysis into structured knowledge of international relations.

``dyad.analyse(text_or_html)`` returns the typed Analysis of one page; ``dyad.open(db)`` opens a store
read-only, with typed queries returning pandas DataFrames. The record types (``Analysis``, ``Event`` …),
the ``EventType`` and ``Modality`` literals and the filter model are importable from here too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dyad.model import (
    EVENT_TYPES,
    MODALITIES,
    Actor,
    ActorRef,
    Analysis,
    Document,
    Event,
    EventType,
    Evidence,
    Figure,
    Heading,
    Location,
    Mention,
    Modality,
    Rejected,
    Teaser,
)
from dyad.version import __version__

if TYPE_CHECKING:
    from dyad.api import analyse, analyse_document, read
    from dyad.filters import EventFilter, FilterError
    from dyad.store.db import StoreError
    from dyad.stores import ReadOnlyStore, Store
    from dyad.stores import open_store as open

__all__ = [
    "EVENT_TYPES",
    "MODALITIES",
    "Actor",
    "ActorRef",
    "Analysis",
    "Document",
    "Event",
    "EventFilter",
    "EventType",
    "Evidence",
    "Figure",
    "FilterError",
    "Heading",
    "Location",
    "Mention",
    "Modality",
    "ReadOnlyStore",
    "Rejected",
    "Store",
    "StoreError",
    "Teaser",
    "__version__",
    "analyse",
    "analyse_document",
    "open",
    "read",
]

# Imported on first use so that `import dyad` stays cheap (spaCy and DuckDB load only when needed).
_LAZY = {"analyse": ("dyad.api", "analyse"), "analyse_document": ("dyad.api", "analyse_document"),
         "read": ("dyad.api", "read"), "open": ("dyad.stores", "open_store"),
         "EventFilter": ("dyad.filters", "EventFilter"), "FilterError": ("dyad.filters", "FilterError"),
         "ReadOnlyStore": ("dyad.stores", "ReadOnlyStore"), "Store": ("dyad.stores", "Store"),
         "StoreError": ("dyad.store.db", "StoreError")}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'dyad' has no attribute {name!r}")
    import importlib

    module, attribute = _LAZY[name]
    return getattr(importlib.import_module(module), attribute)


def __dir__() -> list[str]:
    return sorted(__all__)
