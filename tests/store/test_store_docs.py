"""docs/store.md documents every column of every table the store creates."""

from __future__ import annotations

import re
from pathlib import Path

from shared_data import ROOT

from dyad.store import Store


def test_every_column_is_documented_under_its_table(tmp_path: Path) -> None:
    doc = (ROOT / "docs" / "store.md").read_text("utf-8")
    sections = {m.group(1): m.group(2) for m in re.finditer(r"^### (\w+)\n(.*?)(?=^### |^## |\Z)", doc, re.S | re.M)}
    with Store(tmp_path / "dyad.duckdb") as store:
        tables = store.trusted_query("SELECT table_name, list(column_name) AS columns FROM duckdb_columns() "
                             "WHERE NOT internal AND table_name != 'schema_version' GROUP BY table_name")
    for table, columns in zip(tables["table_name"], tables["columns"], strict=True):
        assert table in sections, f"docs/store.md has no section for {table}"
        missing = [c for c in columns if f"`{c}`" not in sections[table]]
        assert not missing, f"{table}: undocumented columns {missing}"
