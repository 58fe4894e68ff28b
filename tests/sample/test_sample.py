"""The bundled sample: rebuilt exactly by its script, openly licensed, and attributed in its README."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from shared_data import ROOT, shared_path

SAMPLE = ROOT / "src" / "dyad" / "sample"


def _script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("build_sample", ROOT / "scripts" / "build_sample.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_script_reproduces_the_shipped_sample(tmp_path: Path) -> None:
    shared = shared_path("corpora", "free-news").parents[1]
    rebuilt = _script().build(shared, tmp_path / "free-news.jsonl")
    assert rebuilt.read_bytes() == (SAMPLE / "free-news.jsonl").read_bytes()


def test_every_article_is_openly_licensed_and_attributed() -> None:
    records = [json.loads(line) for line in (SAMPLE / "free-news.jsonl").read_text("utf-8").splitlines()]
    readme = (SAMPLE / "README.md").read_text("utf-8")
    assert len(records) >= 20
    for record in records:
        assert record["licence"] in {"CC-BY-2.5", "CC-BY-4.0"} and record["url"].startswith("http")
        assert record["licence"].replace("CC-BY-", "CC BY ") in readme
    assert "bbc" not in " ".join(r["url"] for r in records).lower()
