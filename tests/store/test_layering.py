"""The store knows nothing above it: its modules import only the model, filters, version and time helpers."""

from __future__ import annotations

import ast
from pathlib import Path

import dyad.store

# What dyad.store may import of dyad: the records, the filter model, the version stamp, the date helpers, itself.
ALLOWED = ("dyad.model", "dyad.filters", "dyad.version", "dyad.time", "dyad.store")


def _dyad_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            if node.module == "dyad":  # "from dyad import actors" imports a package above
                found |= {f"dyad.{alias.name}" for alias in node.names}
    return {name for name in found if name == "dyad" or name.startswith("dyad.")}


def test_store_modules_import_nothing_above_the_store() -> None:
    modules = sorted(Path(dyad.store.__file__).parent.glob("*.py"))
    assert len(modules) >= 5
    wrong = {f"{path.name}: {name}" for path in modules for name in _dyad_imports(path)
             if not any(name == allowed or name.startswith(f"{allowed}.") for allowed in ALLOWED)}
    assert not wrong, f"dyad.store imports layers above it: {sorted(wrong)}"


def test_the_check_sees_lazy_imports_inside_functions(tmp_path: Path) -> None:
    module = tmp_path / "lazy.py"
    module.write_text("def f():\n    from dyad.dyads.clusters import cluster_events\n    import dyad.web.app\n"
                      "from dyad import actors\nfrom dyad.store.rows import TABLES\n", "utf-8")
    assert _dyad_imports(module) == {"dyad.dyads.clusters", "dyad.web.app", "dyad", "dyad.actors", "dyad.store.rows"}
