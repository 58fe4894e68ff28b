"""References back to actors named earlier: definite descriptions ("the ministry", "the group", from
``anaphors.tsv``) and the subject pronoun "they".

Both take the nearest earlier antecedent and nothing farther: a reader resolves "the group" to the group just
named, and when the nearest candidate is no actor of the right sort the reference stays unresolved rather than
reaching back past it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from spacy.tokens import Doc

from dyad.model import Actor
from dyad.nlp.language import language_data
from dyad.spans import enclosing

__all__ = ["Anaphor", "MentionLike", "definite_references", "paragraph_floor", "plural_pronouns", "subject_pronouns"]



@cache
def _collectives() -> tuple[frozenset[str], frozenset[str]]:
    """The kinds and sectors of actors a group pronoun may refer back to (``actors.json``)."""
    words = language_data("actors")
    return frozenset(words["collective_kinds"]), frozenset(words["collective_sectors"])


@cache
def _group_pronouns() -> frozenset[str]:
    """Subject pronouns that refer back to a group ("they"), from ``data/lang/<language>/actors.json``."""
    return frozenset(language_data("actors")["group_pronouns"])


@dataclass(frozen=True, slots=True)
class Anaphor:
    """A head word of a definite description and the actors it may refer to (empty sets: any)."""

    word: str
    kinds: frozenset[str]
    sectors: frozenset[str]

    def accepts(self, actor: Actor) -> bool:
        return actor.kind != "person" and (not self.kinds or actor.kind in self.kinds) and (
            not self.sectors or actor.sector in self.sectors)


class MentionLike(Protocol):
    start: int
    end: int
    kind: str
    actors: list[str]


def definite_references(text: str, mentions: Iterable[MentionLike], actors: Mapping[str, Actor],
                        anaphors: Mapping[str, Anaphor], paragraphs: list[tuple[int, int]]
                        ) -> list[tuple[int, int, str]]:
    """(start, end, actor id) of each "the <word>" whose nearest earlier candidate (same or previous paragraph)
    is an actor with a country that the word's row accepts. The span is the head word, as for offices."""
    if not anaphors:
        return []
    ordered = sorted((m for m in mentions if m.kind != "place" and m.actors), key=lambda m: m.end)
    ends = [m.end for m in ordered]
    pattern = re.compile(r"\b[Tt]he\s+(" + "|".join(map(re.escape, anaphors)) + r")\b(?!\s+of\b)")
    out = []
    for m in pattern.finditer(text):
        anaphor = anaphors[m.group(1)]
        floor = paragraph_floor(paragraphs, m.start())
        for candidate in reversed(ordered[:bisect_right(ends, m.start())]):
            if candidate.start < floor:
                break
            accepted = [a for a in candidate.actors if a in actors and _word_or_kind(text, candidate, a, anaphor, actors)]
            if accepted:
                if actors[accepted[0]].country:
                    out.append((m.start(1), m.end(1), accepted[0]))
                break
    return out


def plural_pronouns(text: str, parsed: list[Doc], mentions: Iterable[MentionLike], actors: Mapping[str, Actor],
                    paragraphs: list[tuple[int, int]], sentences: list[tuple[int, int]]
                    ) -> list[tuple[int, int, list[str]]]:
    """(start, end, actor ids) of each "they" that is a clause subject and whose last mention before its sentence,
    in its paragraph or the one before (as for "he"/"she"), names a collective: a pair, a party, a group, a
    people or a plural agent ("MPs", "officials").

    A "they" after an actor of its own sentence ("The Conservatives and Liberal Democrats say they …", "Senior
    Tories believe they …") is left to the parse's roles: the earlier sentence's collective is seldom meant."""
    ordered = sorted((m for m in mentions if m.kind != "place" and m.actors), key=lambda m: m.end)
    ends = [m.end for m in ordered]
    out = []
    for start, end, _paragraph_start, sentence_start in subject_pronouns(parsed, _group_pronouns(), paragraphs,
                                                                         sentences):
        before = ordered[:bisect_right(ends, start)]
        if before and before[-1].start >= sentence_start:
            continue
        if before and before[-1].start >= paragraph_floor(paragraphs, start) and _collective(text, before[-1], actors):
            out.append((start, end, list(before[-1].actors)))
    return out


def subject_pronouns(parsed: list[Doc], words: frozenset[str], paragraphs: list[tuple[int, int]],
                     sentences: list[tuple[int, int]]) -> Iterator[tuple[int, int, int, int]]:
    """(start, end, paragraph start, sentence start) of each pronoun of ``words`` that the parse makes the subject
    of a clause: an antecedent lies in the paragraph, before the sentence."""
    for doc in parsed:
        offset = int(doc.user_data.get("offset", 0))
        for token in doc:
            if token.lower_ in words and token.dep_ in ("nsubj", "nsubjpass"):
                start = offset + token.idx
                paragraph = enclosing(paragraphs, start) or (0, start)
                sentence = enclosing(sentences, start) or (start, start)
                yield start, start + len(token.text), paragraph[0], sentence[0]


def _collective(text: str, mention: MentionLike, actors: Mapping[str, Actor]) -> bool:
    known = [actors[a] for a in mention.actors if a in actors]
    if not known or not all(a.country for a in known):
        return False
    if mention.kind in ("pair", "compound"):
        return True
    actor, (kinds, sectors) = known[0], _collectives()
    plural_agent = mention.kind in ("agent", "generic") and text[mention.start:mention.end].endswith("s")
    return actor.kind != "person" and len(known) == 1 and (
        actor.kind in kinds or actor.sector in sectors or plural_agent)


def _word_or_kind(text: str, mention: MentionLike, actor_id: str, anaphor: Anaphor,
                  actors: Mapping[str, Actor]) -> bool:
    """Whether the mention names the word itself ("Iran's foreign ministry") or an actor the row accepts."""
    named = re.search(rf"\b{re.escape(anaphor.word)}\b", text[mention.start:mention.end], re.IGNORECASE)
    return bool(named) or anaphor.accepts(actors[actor_id])


def paragraph_floor(paragraphs: list[tuple[int, int]], at: int) -> int:
    """The start of the paragraph before the one holding ``at`` (or of that one when it is the first)."""
    index = next((i for i, (s, e) in enumerate(paragraphs) if s <= at < e), None)
    if index is None:
        return 0
    return paragraphs[max(0, index - 1)][0]
