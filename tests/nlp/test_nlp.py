"""The nlp stage: rule sentence spans, span parsing with offsets, the configurable model name."""

from __future__ import annotations

import pytest

from dyad import nlp


def test_sentences_split_on_stops_and_keep_abbreviations() -> None:
    text = "Mr. Smith met Gen. Ali in Washington on Monday. U.S. officials said so. He left."
    spans = nlp.split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "Mr. Smith met Gen. Ali in Washington on Monday.", "U.S. officials said so.", "He left."]


def test_paragraphs_always_split() -> None:
    text = "Navigating the Path\n\nStill, this closeness is not without complications."
    assert [text[s:e] for s, e in nlp.split_sentences(text)] == [
        "Navigating the Path", "Still, this closeness is not without complications."]


def test_model_name_can_be_overridden(monkeypatch: pytest.MonkeyPatch) -> None:
    assert nlp.model_name() == nlp.MODEL_NAME
    monkeypatch.setenv("DYAD_SPACY_MODEL", "en_core_web_md")
    assert nlp.model_name() == "en_core_web_md"


def test_parse_spans_keeps_offsets_and_full_pipeline() -> None:
    text = "Intro line.\n\nIranian President Masoud Pezeshkian arrived in Lahore. Talks followed."
    spans = nlp.split_sentences(text)[1:]
    docs = nlp.parse_spans(text, spans)
    assert [d.user_data["offset"] for d in docs] == [s for s, _ in spans]
    assert nlp.load_pipeline() is nlp.load_pipeline()
    assert {"parser", "ner", "lemmatizer"} <= set(nlp.load_pipeline().pipe_names)
    first = docs[0]
    ent = next(e for e in first.ents if e.label_ == "PERSON")
    offset = first.user_data["offset"]
    assert text[offset + ent.start_char:offset + ent.end_char] == ent.text


def test_paragraphs_are_the_runs_between_blank_lines() -> None:
    text = "One line.\nSame paragraph.\n\nSecond.\n \nThird."
    paragraphs = [text[s:e] for s, e in nlp.split_paragraphs(text)]
    assert [p.strip() for p in paragraphs] == ["One line.\nSame paragraph.", "Second.", "Third."]
    assert not any("\n\n" in p or "\n \n" in p for p in paragraphs)
