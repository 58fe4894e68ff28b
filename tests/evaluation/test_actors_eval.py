"""The actor evaluation: CoNLL reading, detokenisation, and the gate on pinned floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shared_data import ROOT, shared_path

from dyad.evaluation.actors import detokenise, evaluate_actors, read_conll

FLOORS = json.loads((ROOT / "tests" / "evaluation" / "actors_floors.json").read_text("utf-8"))
RATCHET = 0.03


def test_detokenise_glues_punctuation_and_possessives() -> None:
    text, offsets = detokenise(["The", "EU", "’", "s", "chief", "(", "Mogherini", ")", "said", "."])
    assert text == "The EU’s chief (Mogherini) said."
    assert [text[s:e] for s, e in offsets][1] == "EU"


def test_read_conll_spans(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text("Iraqi B-S\ntroops I-S\nhit O\nISIS B-T\n.\tO\n\nHungarian B-R\nofficials I-R\nmet O\n", "utf-8")
    sentences = list(read_conll(path))
    assert [(s.text, [(s.text[a:b], t) for a, b, t in s.spans]) for s in sentences] == [
        ("Iraqi troops hit ISIS.", [("Iraqi troops", "S"), ("ISIS", "T")]),
        ("Hungarian officials met", [("Hungarian officials", "R")])]


def _gate(figures: dict[str, float], floors: dict[str, float]) -> None:
    for name, floor in floors.items():
        assert figures[name] >= floor, f"{name} fell to {figures[name]} below its floor {floor}"
        assert figures[name] <= floor + RATCHET, f"{name} rose to {figures[name]}: raise its floor in actors_floors.json"


def test_gazetteer_figures_hold_their_floors() -> None:
    path = shared_path("corpora", "conflibert-cameo", "cameo_ner", "train.txt")
    _gate(evaluate_actors(path, path.parents[3], parse=False).figures(), FLOORS["gazetteer"])


@pytest.mark.slow
def test_parsed_figures_hold_their_floors() -> None:
    path = shared_path("corpora", "conflibert-cameo", "cameo_ner", "train.txt")
    _gate(evaluate_actors(path, path.parents[3], parse=True).figures(), FLOORS["parsed"])
