"""The learned event step: which events a sentence reports, their triggers, modality and roles.

It runs after the rule coder over the same parsed sentences and decides with the rules:
- a rule event that resolves its participants on both sides (or two joint sources) to countries is kept
  whole; any other survives only where the type head gives its type at least ``keep_threshold`` (the rules'
  spurious events, "the noun war", "released a video", are dropped here);
- a type the head codes (probability at or above its threshold) that no surviving rule event has becomes
  a learned event: its trigger is the word the trigger head scores highest for that type; its source and
  target are what the dependency rules give that trigger, and where they give nothing, the candidates the
  role head ranks first (from the model's ``role_threshold``: ``pick_roles``), from the actors stage's mentions
  or, where no mention covers them, the parse's noun phrases ("militants", "a CRPF patrol") and personal
  pronouns ("we"), kept as actors of their own; an event with no known actor (none, or only such phrases) is
  coded only from ``bare_threshold``;
- the modality of every event comes from the modality head, which sees the grammar rule's answer as a
  feature; the mode of a learned event from the mode head (a rule event keeps its lexicon mode, or takes the
  head's where the lexicon names none). Which source wins for each field is measured in docs/events.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

import numpy as np
from spacy.tokens import Doc, Token

from dyad.actors.resolver import phrase_agent
from dyad.events.coder import actor_refs, caused_by_natural_force, parse_participants, visit_host
from dyad.events.modality import modality_of
from dyad.learn.encoder import Encoded, encoder
from dyad.learn.features import (
    Candidate,
    candidates,
    modality_features,
    role_matrix,
    trigger_token,
    type_features,
)
from dyad.learn.model import EventModel, event_model
from dyad.model import Actor, ActorRef, Event, Evidence, Mention
from dyad.score import event_policy
from dyad.spans import SpanIndex

__all__ = ["ROLE_LABELS", "LearnedEventCoder", "LearnedEvents", "pick_roles"]

ROLE_LABELS = ("none", "source", "target")
PHRASE_PREFIX = "dyad:phrase:"
_TRIGGER_MIN = 0.1  # a learned event needs a word the trigger head gives at least this (chosen on the tune fold)
# A proper noun names an actor or a place, never the act: "Iran" or "Trump" is no trigger; nor is a word of an
# actor's or a place's name that spaCy tags with another part of speech (the adjective "Indian", a NORP).
_TRIGGER_POS = frozenset({"VERB", "NOUN", "ADJ"})
_NAME_ENTITIES = frozenset({"NORP", "GPE", "PERSON", "ORG", "LOC", "FAC"})
_RULE_MODALITY_MIN = 0.3  # the rule's modality stands from this head probability (chosen on the tune fold)


@dataclass(slots=True)
class LearnedEvents:
    """The step's output: the document's events, and the phrase actors the learned roles introduced."""

    events: list[Event]
    actors: list[Actor] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


def _phrase_id(text: str) -> str:
    return PHRASE_PREFIX + re.sub(r"[^\w]+", "-", text.lower()).strip("-")


class LearnedEventCoder:
    def __init__(self, model: EventModel | None = None) -> None:
        self.model = model or event_model()

    def sentence_types(self, sentences: list[str]) -> tuple[list[Encoded], np.ndarray]:
        """Encode sentences and give each type's probability per sentence, (sentences, types)."""
        if not sentences:
            return [], np.zeros((0, len(self.model.type.labels)))
        encoded = encoder().encode(sentences)
        return encoded, self.model.type.probabilities(np.stack([type_features(e) for e in encoded]))

    def may_report(self, probabilities: np.ndarray) -> bool:
        """Whether a sentence's type probabilities make it worth a parse."""
        return any(p >= self.model.thresholds[t] for t, p in zip(self.model.type.labels, probabilities.tolist(),
                                                                  strict=True))

    def code(self, text: str, parsed: list[Doc], mentions: list[Mention], actors: dict[str, Actor],
             rule_events: list[Event], encodings: dict[int, Encoded], type_probs: dict[int, np.ndarray]
             ) -> LearnedEvents:
        """The events of the parsed sentences, deciding on the rule coder's ``rule_events``; ``encodings`` and
        ``type_probs`` are those of every sentence, keyed by sentence start."""
        out = LearnedEvents(events=[])
        by_sentence: dict[int, list[Event]] = {}
        for event in rule_events:
            by_sentence.setdefault(event.evidence.start, []).append(event)
        phrase_actors: dict[str, Actor] = {}
        by_span = SpanIndex((m.start, m.end, m) for m in mentions)
        for sentence in parsed:
            offset = int(sentence.user_data.get("offset", 0))
            out.events.extend(self._sentence(text, sentence, offset, encodings[offset], type_probs[offset], by_span,
                                             actors, by_sentence.get(offset, []), phrase_actors, out.mentions))
        out.actors = list(phrase_actors.values())
        return out

    def _sentence(self, text: str, sentence: Doc, offset: int, enc: Encoded, probs: np.ndarray,
                  mentions: SpanIndex[Mention], actors: dict[str, Actor], rules: list[Event],
                  phrase_actors: dict[str, Actor], new_mentions: list[Mention]) -> list[Event]:
        labels = self.model.type.labels
        p = dict(zip(labels, probs.tolist(), strict=True))
        events = []

        @cache
        def sentence_mentions() -> list[Mention]:
            return mentions.inside(offset, offset + len(sentence.text))

        @cache
        def sentence_candidates() -> list[Candidate]:
            return candidates(sentence, [(m.start - offset, m.end - offset) for m in sentence_mentions()])

        for event in rules:
            # A rule event that resolves every participant on both sides to a country is the rules' most precise
            # kind: it is kept whole. Any other rule event survives only where the type head confirms its type,
            # and takes the modality head's answer.
            refs = (*event.source, *event.target)
            if len(refs) >= 2 and all(r.country for r in refs):
                events.append(event)
                continue
            if p.get(event.type, 0.0) >= self.model.keep_threshold:
                start = (event.evidence.trigger_start or offset) - offset
                end = (event.evidence.trigger_end or offset) - offset
                # Where the lexicon names no mode, the mode head's stands (it is the better of the two: docs/events.md);
                # more known actors make more rule events, which must not cost the learned events' modes.
                event.modality, mode = self._modality_and_mode(enc, trigger_token(sentence, start, end), (start, end),
                                                               event.type)
                event.mode = event.mode or mode
                event.confidence = max(event.confidence, self._confidence(event.type, p[event.type]))
                # A side the parse left empty takes the known actor the role head ranks first (joint sources stay).
                if not (event.source and event.target) and len(event.source) < 2:
                    self._fill_side(event, sentence, enc, trigger_token(sentence, start, end),
                                    sentence_candidates(), sentence_mentions(), actors)
                events.append(event)
        covered = {e.type for e in events}
        wanted = [t for t in labels if p[t] >= self.model.thresholds[t] and t not in covered]
        if not wanted:
            return sorted(events, key=lambda e: e.evidence.trigger_start or 0)
        inside = sentence_mentions()
        found = sentence_candidates()
        piece_probs = self.model.trigger.probabilities(enc.vectors) if len(enc.vectors) else None
        for kind in sorted(wanted, key=lambda t: -p[t]):
            token = self._trigger(sentence, enc, piece_probs, kind)
            if token is None or caused_by_natural_force(token):
                continue
            # The parse rules name participants where they can; the role head fills the sides they leave empty.
            rule_source, rule_target = parse_participants(token, sentence, inside, text, kind, actors)
            source, target = self._roles(sentence, enc, token, found, inside, actors)
            source_refs = actor_refs(rule_source, actors, keep_places=True) or \
                self._refs(source, inside, actors, sentence, offset, phrase_actors, new_mentions)
            target_refs = actor_refs(rule_target, actors, keep_places=True) or \
                self._refs(target, inside, actors, sentence, offset, phrase_actors, new_mentions)
            target_refs = [r for r in target_refs if r.actor not in {s.actor for s in source_refs}]
            # An event no known actor takes part in (none found, or only noun phrases) needs a surer type.
            if p[kind] < self.model.bare_threshold and all(
                    r.actor.startswith(PHRASE_PREFIX) for r in (*source_refs, *target_refs)):
                continue
            trigger_start = offset + token.idx
            evidence = Evidence(sentence=text[offset:offset + len(sentence.text)], start=offset,
                                end=offset + len(sentence.text), trigger=token.text, trigger_start=trigger_start,
                                trigger_end=trigger_start + len(token.text))
            span = (token.idx, token.idx + len(token.text))
            modality, mode = self._modality_and_mode(enc, token, span, kind)
            if event_policy().is_visit(kind, mode) and source_refs and not target_refs:
                host = visit_host({r.country for r in source_refs}, inside, actors)
                target_refs = actor_refs([host], actors, keep_places=True, place_states=True) if host else []
            events.append(Event(type=kind, mode=mode, evidence=evidence, source=source_refs, target=target_refs,
                                modality=modality, confidence=self._confidence(kind, p[kind])))
        return sorted(events, key=lambda e: e.evidence.trigger_start or 0)

    def _fill_side(self, event: Event, sentence: Doc, enc: Encoded, token: Token | None, found: list[Candidate],
                   inside: list[Mention], actors: dict[str, Actor]) -> None:
        """A side the parse rules left empty takes the known actor the role head ranks first for it."""
        if token is None:
            return
        source, target = self._roles(sentence, enc, token, found, inside, actors)
        taken = {r.actor for r in (*event.source, *event.target)}
        for side, candidate in (("source", source), ("target", target)):
            if getattr(event, side) or candidate is None or candidate.mention is None:
                continue
            refs = [r for r in actor_refs([inside[candidate.mention]], actors, keep_places=True) if r.actor not in taken]
            setattr(event, side, refs)
            taken |= {r.actor for r in refs}

    def _confidence(self, kind: str, probability: float) -> float:
        """The type probability rescaled so that the type's threshold is 0.5: at or above 0.5 an event is one the
        sentence reports (the operating point chosen on the tune fold), below it one only the rules saw."""
        threshold = self.model.thresholds[kind]
        if probability >= threshold:
            return round(0.5 + 0.5 * (probability - threshold) / (1 - threshold), 2)
        return round(0.5 * probability / threshold, 2)

    def _modality_and_mode(self, enc: Encoded, token: Token | None, span: tuple[int, int], kind: str
                           ) -> tuple[str, str | None]:
        rule = modality_of(token) if token is not None else "asserted"
        features = modality_features(enc, rule, span)
        probs = self.model.modality.probabilities(features)[0]
        labels = self.model.modality.labels
        # The grammar rule's answer stands where the head finds it plausible (measured: docs/events.md).
        modality = rule if probs[labels.index(rule)] >= _RULE_MODALITY_MIN else labels[int(probs.argmax())]
        mode_probs = self.model.mode.probabilities(features)[0]
        own = [i for i, label in enumerate(self.model.mode.labels) if label.split(":", 1)[0] == kind]
        mode = self.model.mode.labels[max(own, key=lambda i: mode_probs[i])].split(":", 1)[1] if own else ""
        return modality, mode or None

    def _trigger(self, sentence: Doc, enc: Encoded, piece_probs: np.ndarray | None, kind: str):
        """The content word whose word pieces the trigger head scores highest for ``kind``."""
        if piece_probs is None:
            return None
        column = self.model.trigger.labels.index(kind)
        best, best_score = None, -1.0
        for token in sentence:
            if token.pos_ not in _TRIGGER_POS or token.ent_type_ in _NAME_ENTITIES:
                continue
            pieces = (enc.offsets[:, 0] < token.idx + len(token)) & (enc.offsets[:, 1] > token.idx)
            if not pieces.any():
                continue
            score = float(piece_probs[pieces, column].max())
            if score > best_score:
                best, best_score = token, score
        return best if best_score >= _TRIGGER_MIN else None

    def _roles(self, sentence: Doc, enc: Encoded, token, found: list[Candidate], inside: list[Mention],
               actors: dict[str, Actor]) -> tuple[Candidate | None, Candidate | None]:
        pool, features = role_matrix(sentence, enc, token, found, lambda c: _has_country(c, inside, actors))
        if features is None:
            return None, None
        source, target = pick_roles(self.model.role.probabilities(features), self.model.role_threshold)
        return (pool[source] if source is not None else None), (pool[target] if target is not None else None)

    def _refs(self, candidate: Candidate | None, inside: list[Mention], actors: dict[str, Actor], sentence: Doc,
              offset: int, phrase_actors: dict[str, Actor], new_mentions: list[Mention]) -> list[ActorRef]:
        if candidate is None:
            return []
        if candidate.mention is not None:
            return actor_refs([inside[candidate.mention]], actors, keep_places=True)
        words = sentence.text[candidate.start:candidate.end]
        if candidate.pronoun:
            # A pronoun the actors stage could not resolve is someone unknown: an actor of this occurrence alone,
            # so that two people's "he" are never one actor.
            actor = Actor(f"{_phrase_id(words)}-{offset + candidate.start}", words, _pronoun_kind(sentence, candidate))
        else:
            # An agent head noun ("the police", "Labour MPs") makes a sector actor; any other phrase an actor of its
            # own.
            actor = phrase_agent(sentence.text, candidate.start, candidate.end, offset, inside, actors) or \
                Actor(_phrase_id(words), words, "group")
        if actor.id not in actors:
            actor = phrase_actors.setdefault(actor.id, actor)
        span = (offset + candidate.start, offset + candidate.end)
        if list(span) not in [list(m) for m in actor.mentions]:
            actor.mentions.append(span)
            new_mentions.append(Mention(span[0], span[1], words, [actor.id], kind="phrase"))
        return [ActorRef(actor=actor.id, text=words, country=actor.country, sector=actor.sector)]


def _pronoun_kind(sentence: Doc, candidate: Candidate) -> str:
    """"they" and "we" a group, "it" an organisation, "he", "she", "I" or "you" a person."""
    token = sentence.char_span(candidate.start, candidate.end)[0]
    if "Plur" in token.morph.get("Number"):
        return "group"
    return "organisation" if "Neut" in token.morph.get("Gender") else "person"


def pick_roles(probabilities: np.ndarray, threshold: float) -> tuple[int | None, int | None]:
    """The rows of (candidates, ROLE_LABELS) role probabilities that are the source and the target: for each role
    the candidate most probable for it, among those whose probability for it reaches ``threshold`` and is at least
    that of the other role; never one candidate for both."""
    chosen: list[int | None] = []
    for label, other in (("source", "target"), ("target", "source")):
        column, rival = ROLE_LABELS.index(label), ROLE_LABELS.index(other)
        ranked = [int(i) for i in np.argsort(-probabilities[:, column], kind="stable")
                  if probabilities[i, column] >= threshold and probabilities[i, column] >= probabilities[i, rival]
                  and i not in chosen]
        chosen.append(ranked[0] if ranked else None)
    return chosen[0], chosen[1]


def _has_country(candidate: Candidate, inside: list[Mention], actors: dict[str, Actor]) -> bool:
    if candidate.mention is None:
        return False
    return any(actors[a].country for a in inside[candidate.mention].actors if a in actors)
