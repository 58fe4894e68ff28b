"""The store: DuckDB schema and migrations, idempotent batch writes, queries and exports."""

from dyad.store.api import open_store
from dyad.store.db import ReadOnlyStore, Store, StoreError, default_db
from dyad.store.rows import TABLES, analysis_to_rows, arrow_schema, columns
from dyad.store.transfer import read_export

__all__ = ["TABLES", "ReadOnlyStore", "Store", "StoreError", "analysis_to_rows", "arrow_schema", "columns",
           "default_db", "open_store", "read_export"]
