"""The PLOVER ontology, the CAMEO crosswalk per type, and the integrity of the derived files."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from importlib import resources
from typing import Any

import pytest
from shared_data import ROOT, shared_path

from dyad.model import Event, Evidence
from dyad.score import crosswalk, event_policy, ontology, plover_types, score_event

# type -> (mode-less CAMEO code, quad class): one expectation per PLOVER type, from the CAMEO labels.
EXPECTED = {
    "AGREE": ("030", 1), "CONSULT": ("040", 1), "SUPPORT": ("050", 1), "CONCEDE": ("080", 2),
    "COOPERATE": ("060", 2), "AID": ("070", 2), "RETREAT": ("084", 2), "REQUEST": ("100", 3),
    "ACCUSE": ("110", 3), "REJECT": ("120", 3), "THREATEN": ("130", 3), "PROTEST": ("140", 4),
    "SANCTION": ("160", 4), "MOBILIZE": ("150", 4), "COERCE": ("170", 4), "ASSAULT": ("180", 4),
}


def test_sixteen_types_in_codebook_order() -> None:
    assert list(plover_types()) == list(EXPECTED)


@pytest.mark.parametrize(("ptype", "expected"), EXPECTED.items())
def test_type_crosswalk(ptype: str, expected: tuple[str, int]) -> None:
    found = crosswalk(ptype, None)
    assert (found.cameo, found.quad_class) == expected
    assert -10.0 <= found.goldstein <= 10.0
    assert (found.goldstein > 0) == (found.quad_class <= 2)


@pytest.mark.parametrize(("ptype", "mode", "cameo", "goldstein"), [
    ("CONSULT", "visit", "042", 1.9),
    ("CONSULT", "phone", "041", 1.0),
    ("CONSULT", "multilateral", "040", 1.0),  # the 2021 table has no code for it: the type's code
    ("ACCUSE", "disapprove", "110", -2.0),
    ("ACCUSE", "allege", "112", -2.0),
    ("ACCUSE", "investigate", "090", -2.0),
    ("RETREAT", "ceasefire", "0871", 9.0),
    ("REJECT", "yield", "124", -4.0),
    ("THREATEN", "violence", "138", -7.0),
    ("COERCE", "restrict", "172", -5.0),
    ("COERCE", "arrest", "173", -5.0),
    ("ASSAULT", "aerial", "195", -10.0),
    ("ASSAULT", "heavy-weapons", "194", -10.0),
    ("PROTEST", "demo", "141", -6.5),
])
def test_mode_crosswalk(ptype: str, mode: str, cameo: str, goldstein: float) -> None:
    found = crosswalk(ptype, mode)
    assert (found.cameo, found.goldstein) == (cameo, goldstein)


def test_every_codebook_mode_has_a_code_in_its_quad_class() -> None:
    quad_of_root = {root: 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4 for root in range(1, 21)}
    for ptype in plover_types().values():
        for mode in ptype.modes:
            found = crosswalk(ptype.name, mode)
            assert found.cameo.isdigit() and len(found.cameo) in (3, 4), (ptype.name, mode)
            assert found.quad_class == quad_of_root[int(found.cameo[:2])], (ptype.name, mode)


def test_rules_from_extraction_notes() -> None:
    types = plover_types()
    visit = types["CONSULT"].rules_for("visit")
    assert (visit.actor_is, visit.recipient_is, visit.reciprocal) == ("visitor", "host", False)
    assert types["AGREE"].rules.reciprocal
    assert types["CONSULT"].rules_for("multilateral").reciprocal_meetings
    assert types["RETREAT"].rules_for("ceasefire").realised_only
    assert types["REQUEST"].rules_for("meet").excludes == ("PROTEST",)
    assert types["REJECT"].rules_for("assist").actor_is == "the entity making the rejection"
    assert "visit" in types["CONSULT"].modes and types["AGREE"].modes == {}
    assert types["AGREE"].subtypes[0] == "Indicate willingness to cooperate in the future"


def test_score_event_fills_in_place() -> None:
    event = Event(type="CONSULT", mode="visit", evidence=Evidence("x", 0, 1))
    score_event(event)
    assert (event.cameo, event.quad_class, event.goldstein) == ("042", 1, 1.9)


def test_unknown_type_and_mode_say_what_is_expected() -> None:
    with pytest.raises(ValueError, match="unknown PLOVER type 'VISIT'"):
        crosswalk("VISIT", None)
    with pytest.raises(ValueError, match="unknown mode 'tea' for PLOVER CONSULT; expected one of visit"):
        crosswalk("CONSULT", "tea")


def test_build_script_reproduces_shipped_files() -> None:
    books = shared_path("corpora", "codebooks")
    spec = importlib.util.spec_from_file_location("build_ontology", ROOT / "scripts" / "build_ontology.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, text in module.render(books.parents[1]).items():
        shipped = (ROOT / "src" / "dyad" / "data" / "ontology" / name).read_text("utf-8")
        assert shipped == text, f"{name} differs from scripts/build_ontology.py output: re-run it"


def test_event_policy_visits_come_from_the_codebook_rules() -> None:
    policy = event_policy()
    assert policy.visits == {("CONSULT", "visit")}
    assert policy.is_visit("CONSULT", "visit") and not policy.is_visit("CONSULT", "phone")
    assert not policy.is_visit("CONSULT", None)


def test_event_policy_reads_policy_json() -> None:
    policy = event_policy()
    assert policy.nominal_without_source == {"ASSAULT", "COERCE", "SANCTION"}
    assert policy.lends_participants == {"CONSULT", "AGREE"}
    assert policy.casualty_types == {"ASSAULT", "COERCE"}
    assert policy.complement_swallowing == {"AGREE", "REJECT", "REQUEST", "THREATEN"}
    assert policy.pentaclass["ASSAULT"] == 4 and policy.pentaclass["CONSULT"] == 1
    assert policy.pentaclass_names[0] == "statement"
    assert policy.quad_classes == {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
                                   4: "material conflict"}
    weights = policy.confidence
    assert weights.floor < weights.noun < weights.verb < weights.ceiling


def test_every_policy_explains_itself() -> None:
    raw = json.loads(resources.files("dyad.data").joinpath("ontology", "policy.json").read_text("utf-8"))
    for key, entry in raw.items():
        if not key.startswith("_"):
            assert entry["why"], key


def _policy_error(monkeypatch: pytest.MonkeyPatch, edit: Callable[[dict[str, Any]], None], match: str) -> None:
    """``event_policy()`` over a policy.json changed by ``edit`` raises ValueError matching ``match``."""
    real = ontology._read

    def read(name: str) -> dict[str, Any]:
        found = real(name)
        if name == "policy.json":
            edit(found)
        return found

    monkeypatch.setattr(ontology, "_read", read)
    event_policy.cache_clear()
    try:
        with pytest.raises(ValueError, match=match):
            event_policy()
    finally:
        event_policy.cache_clear()


def test_the_pentaclass_table_covers_every_type_once(monkeypatch: pytest.MonkeyPatch) -> None:
    assert set(event_policy().pentaclass) == set(plover_types())
    _policy_error(monkeypatch, lambda policy: policy["pentaclass"]["types"].pop("AID"), "AID")


def test_the_pentaclass_of_every_cameo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    roots = event_policy().pentaclass_roots
    assert [roots[f"{r:02d}"] for r in range(1, 21)] == [0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 3, 4, 4, 4, 4]
    _policy_error(monkeypatch, lambda policy: policy["pentaclass"]["roots"].pop("16"), "roots: \\['16'\\]")


def test_every_quad_class_of_the_codes_has_a_name() -> None:
    names = event_policy().quad_classes
    assert {entry["quad_class"] for entry in ontology._codes().values()} == set(names)


def test_a_policy_naming_an_unknown_type_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    _policy_error(monkeypatch, lambda policy: policy["casualty_types"].update(types=["ASSAULT", "BOMBARD"]),
                  "casualty_types: unknown PLOVER types \\['BOMBARD'\\]")
