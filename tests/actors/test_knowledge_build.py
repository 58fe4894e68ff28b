"""The shipped knowledge files are what scripts/build_knowledge.py makes from ../shared, and stay compact."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from shared_data import ROOT, shared_path

KNOWLEDGE = ROOT / "src" / "dyad" / "data" / "knowledge"


def test_rebuild_reproduces_shipped_files(tmp_path: Path) -> None:
    shared = shared_path("knowledge").parent
    spec = importlib.util.spec_from_file_location("build_knowledge", ROOT / "scripts" / "build_knowledge.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build(shared, tmp_path)
    for name in module.FILES:
        assert (tmp_path / name).read_text("utf-8") == (KNOWLEDGE / name).read_text("utf-8"), name


def test_files_carry_provenance_and_stay_small() -> None:
    files = sorted(KNOWLEDGE.glob("*.tsv"))
    assert files
    for path in files:
        header = [ln for ln in path.read_text("utf-8").splitlines()[:8] if ln.startswith("# ")]
        assert "Source" in " ".join(header), path.name
    assert sum(p.stat().st_size for p in files) < 4_000_000  # people.tsv holds ~26,000 dated spells (Phoenix)
