"""Derive dyad's verb-trigger lexicon from the PETRARCH2 CAMEO verb dictionary and the CAMEO→PLOVER table.

Sources (both MIT / public, see their SOURCE.md):
  ../shared/knowledge/cameo-verbs/CAMEO.2.0.txt          verb synonym blocks with CAMEO codes and patterns
  ../shared/corpora/codebooks/CAMEO2PLOVER-2021.txt       CAMEO code -> PLOVER type, mode
Writes src/dyad/data/lang/en/cameo_verbs.json. Run: python scripts/build_event_lexicon.py [SHARED_DIR]
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "dyad" / "data" / "lang" / "en" / "cameo_verbs.json"
_BLOCK = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")
_CODE = re.compile(r"\[([0-9-]{2,4})(?::[0-9-]+)?\]")
_PATTERN = re.compile(r"^-\s*\*\s+(.*?)\s*\[([0-9]{2,4})(?::[0-9-]+)?\]")


def parse_crosswalk(path: Path) -> dict[str, list[str | None]]:
    """CAMEO code -> [PLOVER type, mode or None] from CAMEO2PLOVER-2021.txt."""
    table: dict[str, list[str | None]] = {}
    for line in path.read_text("utf-8").splitlines():
        match = re.match(r"^(\d{3,4}):\s*([A-Z]+)\s*,([^,#]*)", line)
        if match:
            mode = match.group(3).strip() or None
            table[match.group(1)] = [match.group(2), mode]
    return table


def _verb_forms(line: str) -> tuple[str, str | None] | None:
    """A verb line -> (lemma phrase in lower case with spaces, own code or None)."""
    text = line.split("#", 1)[0]
    code = _CODE.search(text)
    text = re.sub(r"\{[^}]*\}", "", _CODE.sub("", text)).strip()
    if not text or not re.match(r"^[A-Z+]", text):
        return None
    phrase = text.split()[0].replace("+", "").replace("_", " ").lower()
    return phrase, (code.group(1) if code else None)


def _object_words(pattern: str) -> str | None:
    """The head word of a simple '* OBJECT' or '* (PREP WORD)' pattern, lower-cased; None for complex ones."""
    words = re.sub(r"[{}()]", " ", pattern).split()
    if not words or any(w.startswith(("&", "$", "+", "%", "^")) for w in words) or len(words) > 2:
        return None
    return " ".join(w.lower().replace("_", " ") for w in words)


def build(shared: Path) -> dict[str, object]:
    crosswalk = parse_crosswalk(shared / "corpora" / "codebooks" / "CAMEO2PLOVER-2021.txt")
    verbs: dict[str, str] = {}
    patterns: dict[str, str] = {}
    block_code: str | None = None
    block_verbs: list[str] = []
    in_patterns = False
    for raw in (shared / "knowledge" / "cameo-verbs" / "CAMEO.2.0.txt").read_text("utf-8", "replace").splitlines():
        line = raw.strip()
        if "VERB PATTERNS" in line:
            in_patterns = True
            continue
        if not in_patterns or not line or line.startswith("#"):
            continue
        block = _BLOCK.match(line)
        if block:
            block_code = block.group(2) if block.group(2) != "---" else None
            block_verbs = []
            continue
        if line.startswith("-"):
            match = _PATTERN.match(line)
            obj = _object_words(match.group(1)) if match else None
            if match and obj and match.group(2) in crosswalk:
                for verb in block_verbs:
                    patterns.setdefault(f"{verb} {obj}", match.group(2))
            continue
        forms = _verb_forms(line)
        if forms is None:
            continue
        phrase, own = forms
        block_verbs.append(phrase)
        code = own or block_code
        if code and code in crosswalk:
            verbs.setdefault(phrase, code)
    used = set(verbs.values()) | set(patterns.values())
    return {
        "_source": "derived by scripts/build_event_lexicon.py from PETRARCH2 CAMEO.2.0.txt (MIT, "
                   "../shared/knowledge/cameo-verbs) and CAMEO2PLOVER-2021.txt (PLOVER project, "
                   "../shared/corpora/codebooks); do not edit by hand",
        "licence": "MIT (PETRARCH2 dictionaries); PLOVER codebook terms",
        "verbs": dict(sorted(verbs.items())),
        "patterns": dict(sorted(patterns.items())),
        "cameo_to_plover": {code: crosswalk[code] for code in sorted(used)},
    }


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(build(shared), indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
