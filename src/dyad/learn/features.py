"""Features of the learned event heads, computed the same way at training and at analysis time.

Every offset here is a character offset into the sentence. A sentence comes as its spaCy parse and its
encoding; candidates for source and target are the actors stage's mentions and the parse's noun chunks
and named entities that no mention covers, and the personal pronouns ("he", "we", "they"), which annotators
mark as participants where the sentence names nobody else (a sixth of the corpus's sources).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from spacy.tokens import Doc, Span, Token

from dyad.learn.encoder import Encoded
from dyad.model import MODALITIES

__all__ = ["ROLE_RELATIONS", "Candidate", "candidates", "modality_features", "role_features", "role_matrix",
           "trigger_token", "type_features"]

# How a candidate's head word relates to the trigger in the parse (one feature each).
ROLE_RELATIONS = ("nsubj", "nsubjpass", "dobj", "dative", "attr", "agent", "prep_by", "prep_to", "prep_with",
                  "prep_against", "prep_on", "prep_other", "poss", "compound", "amod", "subject_inherited",
                  "governs_trigger", "conj", "appos", "other")
_ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})


@dataclass(slots=True)
class Candidate:
    """A span that may be the source or target of an event; ``mention`` indexes the caller's mention list."""

    start: int
    end: int
    mention: int | None = None
    pronoun: bool = False  # a personal pronoun no mention covers


def type_features(encoded: Encoded) -> np.ndarray:
    """Sentence vector and the max over its word pieces."""
    peak = encoded.vectors.max(axis=0) if len(encoded.vectors) else encoded.sentence
    return np.concatenate([encoded.sentence, peak])


def _is_personal_pronoun(token: Token) -> bool:
    """A personal pronoun that can stand for an actor: "he", "them", "we" (not "itself", "his", "who")."""
    return token.pos_ == "PRON" and "Prs" in token.morph.get("PronType") and not token.morph.get("Reflex") \
        and not token.morph.get("Poss")


def candidates(sentence: Doc, mention_spans: list[tuple[int, int]]) -> list[Candidate]:
    """The mentions, then noun chunks, named entities and personal pronouns that overlap no mention."""
    found = [Candidate(s, e, i) for i, (s, e) in enumerate(mention_spans)]
    spans: list[Span] = [e for e in sentence.ents if e.label_ in _ENTITY_LABELS] + list(sentence.noun_chunks)
    for span in spans:
        pronoun = len(span) == 1 and _is_personal_pronoun(span[0])
        if not pronoun and all(t.pos_ == "PRON" for t in span):
            continue  # "who", "itself"
        words = list(span) if pronoun else [t for t in span if t.pos_ not in ("DET", "PRON") or t.i != span.start]
        if not words:
            continue
        start, end = words[0].idx, span.end_char
        if not any(ch.isalnum() for ch in sentence.text[start:end]):
            continue  # a stray "-" the parser made a chunk of is no participant
        if any(c.start < end and c.end > start for c in found):
            continue
        found.append(Candidate(start, end, pronoun=pronoun))
    return found


def _tokens(sentence: Doc, start: int, end: int) -> list[Token]:
    return [t for t in sentence if t.idx < end and t.idx + len(t) > start]


def _head_of(tokens: list[Token]) -> Token:
    inside = {t.i for t in tokens}
    for token in tokens:
        if token.head.i not in inside or token.head is token:
            return token
    return tokens[0]


def trigger_token(sentence: Doc, start: int, end: int) -> Token | None:
    """The syntactic head of the trigger span."""
    tokens = _tokens(sentence, start, end)
    return _head_of(tokens) if tokens else None


def _relation(head: Token, trigger: Token) -> str:
    if head.head == trigger and head is not trigger:
        dep = head.dep_
        if dep in ("nsubj", "nsubjpass", "dobj", "dative", "attr", "agent", "poss", "compound", "amod", "conj",
                   "appos"):
            return dep
        return "other"
    if head.dep_ == "pobj" and head.head.head == trigger:
        preposition = head.head.lower_
        if head.head.dep_ == "agent":
            return "agent"
        return f"prep_{preposition}" if f"prep_{preposition}" in ROLE_RELATIONS else "prep_other"
    current = trigger
    for _ in range(6):
        subject = next((c for c in current.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            return "subject_inherited" if subject == head else "other"
        if current.dep_ not in ("xcomp", "conj", "advcl", "ccomp", "relcl", "acl") or current.head is current:
            break
        current = current.head
    if trigger in head.subtree:
        return "governs_trigger"
    return "other"


def role_features(sentence: Doc, encoded: Encoded, trigger: Token, candidate: Candidate,
                  has_country: bool) -> np.ndarray:
    """Candidate vector, its product with the trigger vector, and where it stands to the trigger."""
    tokens = _tokens(sentence, candidate.start, candidate.end)
    span = encoded.span_vector(candidate.start, candidate.end)
    trig = encoded.span_vector(trigger.idx, trigger.idx + len(trigger))
    relation = np.zeros(len(ROLE_RELATIONS), dtype=np.float32)
    if tokens:
        relation[ROLE_RELATIONS.index(_relation(_head_of(tokens), trigger))] = 1.0
        distance = min(abs(t.i - trigger.i) for t in tokens)
    else:
        distance = len(sentence)
    structure = np.array([float(candidate.start < trigger.idx), 1.0 / (1.0 + distance),
                          float(candidate.mention is not None), float(has_country), float(candidate.pronoun)],
                         dtype=np.float32)
    return np.concatenate([span, span * trig, relation, structure])


def role_matrix(sentence: Doc, encoded: Encoded, trigger: Token, found: list[Candidate],
                has_country: Callable[[Candidate], bool]) -> tuple[list[Candidate], np.ndarray | None]:
    """The candidates that may fill the trigger's roles (all but the trigger's own) and their role features, one row
    each (None when there are none): the same at training and at analysis."""
    pool = [c for c in found if not (c.start <= trigger.idx < c.end)]
    if not pool:
        return [], None
    return pool, np.stack([role_features(sentence, encoded, trigger, c, has_country(c)) for c in pool])


def modality_features(encoded: Encoded, rule_modality: str, trigger_span: tuple[int, int]) -> np.ndarray:
    """Sentence vector, trigger vector and the grammar rule's modality (one-hot) as a feature."""
    rule = np.zeros(len(MODALITIES), dtype=np.float32)
    rule[MODALITIES.index(rule_modality)] = 1.0
    return np.concatenate([encoded.sentence, encoded.span_vector(*trigger_span), rule])
