"""The store: DuckDB schema and migrations, idempotent batch writes, queries and exports.

It knows nothing of the layers above it (``tests/store/test_layering.py``): clustering, timelines and the labels
of event layouts are given to it or built on its queries (``dyad.stores``, ``dyad.dyads``).
"""

from dyad.store.db import ReadOnlyStore, Store, StoreError, default_db
from dyad.store.rows import TABLES, analysis_to_rows, arrow_schema, columns, rows_to_document
from dyad.store.transfer import read_export

__all__ = ["TABLES", "ReadOnlyStore", "Store", "StoreError", "analysis_to_rows", "arrow_schema", "columns",
           "default_db", "read_export", "rows_to_document"]
