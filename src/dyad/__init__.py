"""dyad: news and policy analysis into structured knowledge of international relations.

``dyad.analyse(text_or_html)`` returns the typed Analysis of one page; ``dyad.open(db)`` opens a
store (read-only by default) with the CLI's queries as DataFrames.
"""

from __future__ import annotations

from typing import Any

from dyad.version import __version__

__all__ = ["__version__", "analyse", "analyse_document", "open", "read"]

_LAZY = {"analyse": "dyad.api", "analyse_document": "dyad.api", "read": "dyad.api", "open": "dyad.store.api"}


def __getattr__(name: str) -> Any:
    # Imported on first use so that `import dyad` stays cheap (spaCy and DuckDB load only when needed).
    if name not in _LAZY:
        raise AttributeError(name)
    import importlib

    module = importlib.import_module(_LAZY[name])
    return getattr(module, "open_store" if name == "open" else name)
