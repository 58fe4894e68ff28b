"""Derive the PLOVER ontology and the PLOVER -> CAMEO crosswalk shipped in src/dyad/data/ontology/.

Inputs (../shared/corpora/codebooks/): PLOVER_structured_codebook_updated.csv (types, modes, actor rules),
CAMEO2PLOVER-2021.txt (read in reverse), CAMEO.goldsteinscale.txt, CAMEO_codefile.txt (labels of every CAMEO
code, for cameo.json), plus the hand-curated src/dyad/data/ontology/crosswalk_overrides.csv.
Run: ``python scripts/build_ontology.py [--shared DIR]``.

Crosswalk rule: for (type, mode) the candidates are the CAMEO codes the table maps to exactly that type and
mode; the chosen code is the first candidate under this order: codes in one of the type's own CAMEO roots
(the "NN: TYPE" headers), then shorter (more general) codes, then table order. A mode the table never names
falls back to the type's mode-less code; overrides win over both.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "dyad" / "data" / "ontology"
SHARED = ROOT.parent / "shared"

# CAMEO root -> quad class, as GDELT 1.0 defines QuadClass (01-05, 06-08, 09-13, 14-20).
QUAD_BY_ROOT = {root: 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4 for root in range(1, 21)}

_LABEL = re.compile(r"^LABEL:\s*(\d{3,4})=\s*(.+?)\s*$")  # LABELi lines are ICEWS variants, some mislabelled
_LINE = re.compile(r"^(\d{2,4}):\s*([A-Z]+)\s*(?:,([^,#]*))?(?:,([^#]*))?(?:#\s*(.*))?$")
_RECIPROCAL = re.compile(r"code both as ACTOR \(with no RECIPIENT\)")
_ROLE_A = re.compile(r"The (\w+) is the ACTOR; (\w+) is RECIPIENT")
_ROLE_B = re.compile(r"The ACTOR is (.+?)\. The RECIPIENT is (.+?)\.?$")
_REALISED = re.compile(r"Promises of future \w+ do not apply")
_EXCLUDES = re.compile(r"coded under a separate ([A-Z]+) category")


def _rules(notes: list[str]) -> dict:
    """Structured actor/recipient rules parsed from the codebook's extraction notes."""
    rules: dict = {"reciprocal": False, "reciprocal_meetings": False, "actor_is": None, "recipient_is": None,
                   "realised_only": False, "excludes": [], "notes": []}
    for note in notes:
        if note in rules["notes"]:
            continue
        rules["notes"].append(note)
        if _RECIPROCAL.search(note):
            rules["reciprocal"] = True
            rules["reciprocal_meetings"] = rules["reciprocal_meetings"] or "have a meeting" in note
        if m := _ROLE_A.search(note) or _ROLE_B.search(note):
            rules["actor_is"], rules["recipient_is"] = m.group(1), m.group(2)
        if _REALISED.search(note):
            rules["realised_only"] = True
        if (m := _EXCLUDES.search(note)) and m.group(1) not in rules["excludes"]:
            rules["excludes"].append(m.group(1))
    return rules


def build_types(codebook: Path) -> dict:
    """The 16 PLOVER types with definitions, unnamed subtypes, modes and rules, in codebook order."""
    types: dict[str, dict] = {}
    notes: dict[tuple[str, str], list[str]] = {}
    with codebook.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            name, mode = row["event"].strip(), row["mode"].strip()
            entry = types.setdefault(name, {"definition": row["event_def"].strip(), "subtypes": [], "modes": {}})
            if mode:
                entry["modes"].setdefault(mode, {"definitions": []})["definitions"].append(row["mode_def"].strip())
            else:
                entry["subtypes"].append(row["mode_def"].strip())
            if row["extraction_notes"].strip():
                notes.setdefault((name, mode), []).append(row["extraction_notes"].strip())
    for name, entry in types.items():
        entry["rules"] = _rules(notes.get((name, ""), []))
        for mode, mentry in entry["modes"].items():
            mentry["rules"] = _rules(notes.get((name, mode), []))
    return types


def read_table(path: Path) -> tuple[list[tuple[str, str, str, str]], dict[str, list[int]]]:
    """(code, type, mode, label) rows of CAMEO2PLOVER in file order, and each type's own CAMEO roots."""
    rows, roots = [], {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _LINE.match(line.strip())
        if not m:
            continue
        code, ptype = m.group(1), m.group(2)
        if len(code) == 2:
            roots.setdefault(ptype, []).append(int(code))
            continue
        rows.append((code, ptype, (m.group(3) or "").strip(), (m.group(5) or "").strip()))
    return rows, roots


def read_goldstein(path: Path) -> dict[str, float]:
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    return {code: float(score) for code, score in (ln.split() for ln in lines if ln.strip())}


def _goldstein(code: str, scale: dict[str, float]) -> tuple[float, str]:
    """The code's Goldstein weight, or its nearest parent's when the scale lacks the code."""
    for n in range(len(code), 1, -1):
        if code[:n] in scale:
            return scale[code[:n]], code[:n]
    raise SystemExit(f"no Goldstein weight for CAMEO {code} or its parents")


def build_codes(codefile: Path, scale: dict[str, float]) -> dict[str, dict]:
    """Every CAMEO event code of the code file with its label, quad class and Goldstein weight, in code order."""
    codes: dict[str, dict] = {}
    for line in codefile.read_text(encoding="utf-8").splitlines():
        if (m := _LABEL.match(line.strip())) and m.group(1) not in codes:
            goldstein, weight_of = _goldstein(m.group(1), scale)
            codes[m.group(1)] = {"label": m.group(2), "quad_class": QUAD_BY_ROOT[int(m.group(1)[:2])],
                                 "goldstein": goldstein, "goldstein_code": weight_of}
    return dict(sorted(codes.items()))


def build_crosswalk(types: dict, table: Path, scale_path: Path, overrides_path: Path) -> list[dict]:
    rows, roots = read_table(table)
    scale = read_goldstein(scale_path)
    labels = {code: label for code, _, _, label in rows}
    overrides = {}
    with overrides_path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(line for line in fh if not line.startswith("#")):
            overrides[(row["type"], row["mode"] or None)] = (row["cameo"], row["reason"])

    def pick(ptype: str, mode: str) -> str | None:
        found = [(i, code) for i, (code, t, m, _) in enumerate(rows) if t == ptype and m == mode]
        found.sort(key=lambda ic: (int(ic[1][:2]) not in roots.get(ptype, []), len(ic[1]), ic[0]))
        return found[0][1] if found else None

    entries = []
    for ptype, entry in types.items():
        default = None
        for mode in [None, *entry["modes"]]:
            if (ptype, mode) in overrides:
                code, basis = overrides[(ptype, mode)][0], "override"
            elif code := pick(ptype, mode or ""):
                basis = "mode" if mode else "type"
            elif default is not None:
                code, basis = default, "type default"
            else:
                raise SystemExit(f"no CAMEO code for PLOVER {ptype} {mode}: add it to {overrides_path.name}")
            if mode is None:
                default = code
            goldstein, weight_of = _goldstein(code, scale)
            entries.append({"type": ptype, "mode": mode, "cameo": code, "label": labels.get(code, ""),
                            "quad_class": QUAD_BY_ROOT[int(code[:2])], "goldstein": goldstein,
                            "goldstein_code": weight_of, "basis": basis})
    return entries


def _dump(data: dict) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def render(shared: Path) -> dict[str, str]:
    """File name -> exact text of each shipped ontology file."""
    books = shared / "corpora" / "codebooks"
    types = build_types(books / "PLOVER_structured_codebook_updated.csv")
    crosswalk = build_crosswalk(types, books / "CAMEO2PLOVER-2021.txt", books / "CAMEO.goldsteinscale.txt",
                                OUT / "crosswalk_overrides.csv")
    plover = {
        "_source": "derived by scripts/build_ontology.py from ahalterman/NGEC-2025 "
                   "NGEC/assets/PLOVER_structured_codebook_updated.csv (MIT) as copied to "
                   "../shared/corpora/codebooks/",
        "_licence": "MIT",
        "types": types,
    }
    cross = {
        "_source": "derived by scripts/build_ontology.py from openeventdata/PLOVER CAMEO2PLOVER-2021.txt "
                   "(PLOVER manual draft 0.8, CC BY-SA 4.0) read in reverse, the GDELT 1.0 "
                   "CAMEO.goldsteinscale.txt (Goldstein 1992 weights) and crosswalk_overrides.csv",
        "_licence": "CC BY-SA 4.0",
        "_quad_classes": "CAMEO roots 01-05 verbal cooperation (1), 06-08 material cooperation (2), "
                         "09-13 verbal conflict (3), 14-20 material conflict (4), as GDELT's QuadClass",
        "_rule": "first code the table maps to (type, mode): own roots first, then shorter, then table order; "
                 "a mode the table never names takes the type's code; basis says which applied",
        "entries": crosswalk,
    }
    codes = {
        "_source": "derived by scripts/build_ontology.py from openeventdata/text_to_CAMEO CAMEO_codefile.txt "
                   "(MIT, (c) 2014 Philip Schrodt; LABEL lines, not the ICEWS LABELi variants) and the GDELT 1.0 "
                   "CAMEO.goldsteinscale.txt (Goldstein 1992 weights; a code it lacks takes its nearest parent's)",
        "_licence": "MIT",
        "_quad_classes": cross["_quad_classes"],
        "codes": build_codes(books / "CAMEO_codefile.txt", read_goldstein(books / "CAMEO.goldsteinscale.txt")),
    }
    return {"plover.json": _dump(plover), "crosswalk.json": _dump(cross), "cameo.json": _dump(codes)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED, help="the ../shared folder")
    args = parser.parse_args()
    for name, text in render(args.shared).items():
        (OUT / name).write_text(text, encoding="utf-8")
        print(f"wrote {OUT / name}")


if __name__ == "__main__":
    main()
