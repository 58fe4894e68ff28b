"""The store: DuckDB schema and migrations, idempotent batch writes, queries and exports."""

from dyad.store.rows import TABLES, analysis_to_rows, arrow_schema, columns

__all__ = ["TABLES", "analysis_to_rows", "arrow_schema", "columns"]
