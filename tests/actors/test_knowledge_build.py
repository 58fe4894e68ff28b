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


def _build_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("build_knowledge", ROOT / "scripts" / "build_knowledge.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PHOENIX_SAMPLE = """# a Phoenix International / MilNonState excerpt
THE_UNITED_NATIONS_ [IGOUNO]

ACCOLTA_NAZINUALE_CORSA_ [FRAREB] #  kkl 21 Mar 13
+RESISTENZA_CORSA_

ARMY_OF_MOHAMMED_ [IMGMUSALQ]

SECRETARY-GENERAL_BAN_KI-MOON
+BAN_KI-MOON
\t[IGOUNO >20070101]
CATHERINE_ASHTON
+LADY_ASHTON
\t[IGOEUREEC]
HARKAT-UL-ANSAR_ [PAKREB]
HARKAT_UL_ANSAR_ [PAKREB]
EXXON_MOBIL_ [MNCUSA]
THE_EXTRADITABLES_ [COLREB]
IGAD_ [IGOEAFIGA]
"""


def test_phoenix_organisations_keep_groups_and_igos_with_provenance_and_one_id_each(tmp_path: Path) -> None:
    module = _build_module()
    path = tmp_path / "Phoenix.sample.actors.txt"
    path.write_text(PHOENIX_SAMPLE, "utf-8")
    taken = {module.org_key("United Nations")}
    rows = module.phoenix_organisations(path, {"FRA", "PAK", "COL", "USA"}, taken,
                                        ({"Catherine", "Ban"}, {"Ashton"}))
    assert rows == [
        ["dyad:group:phoenix-accolta-nazinuale-corsa", "Accolta Nazinuale Corsa", "Resistenza Corsa", "group", "FRA",
         "REB", "", ""],
        ["dyad:group:phoenix-army-of-mohammed", "Army of Mohammed", "", "group", "", "INS", "", ""],
        ["dyad:group:phoenix-harkat-ul-ansar", "Harkat-Ul-Ansar", "", "group", "PAK", "REB", "", ""],
        ["dyad:igo:phoenix-igad", "IGAD", "", "igo", "", "IGO", "", ""]]
