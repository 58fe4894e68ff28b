"""Event coding: each parsed sentence of the main text becomes zero or more PLOVER events.

Triggers are verbs and event nouns from the lexicon; roles come from the dependency parse
(subjects, passive agents, objects, prepositional objects, possessives, demonym modifiers,
coordination); modality from the governing words. Actors come from the actors stage as
Mentions (character spans), so this stage never guesses who an actor is, only which role it plays.
What it decides per type (visits and their hosts, events that may lack a source, that lend participants,
the confidence weights) is the ontology's event policy (``dyad.score.event_policy``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from dyad.events.lexicon import Trigger, lexicon
from dyad.events.modality import modality_of
from dyad.model import Actor, ActorRef, Event, Evidence, Location, Mention, state_code
from dyad.score import event_policy
from dyad.spans import SpanIndex

__all__ = ["EventCoder", "actor_refs", "caused_by_natural_force", "focus_pair", "parse_participants", "trigger_of",
           "visit_host"]

_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
_INHERIT_DEPS = ("xcomp", "conj", "advcl", "acl", "ccomp", "relcl")
_CORE_DEPS = frozenset({"compound", "amod", "poss", "conj", "cc", "appos", "nmod", "det", "flat", "nummod",
                        "case", "punct", "quantmod", "advmod", "npadvmod", "predet"})
PlaceLookup = Callable[[str], Location | None]


@dataclass(slots=True)
class _Participants:
    source: list[Mention] = field(default_factory=list)
    target: list[Mention] = field(default_factory=list)
    third: list[Mention] = field(default_factory=list)
    borrowed: bool = False  # taken from an earlier event (anaphora) or the document's focus pair


def focus_pair(mentions: Iterable[Mention], actors: dict[str, Actor]) -> list[str]:
    """The two countries the document is most about, by number of mentions: the referent of "the two countries"."""
    counts: Counter[str] = Counter()
    for mention in mentions:
        for actor_id in mention.actors:
            country = actors[actor_id].country if actor_id in actors else None
            if country:
                counts[country] += 1
    return [country for country, _ in counts.most_common(2)]


class EventCoder:
    """Code PLOVER events in parsed sentences, given the document's actor mentions."""

    def code(self, text: str, parsed: list[Doc], mentions: list[Mention], actors: dict[str, Actor],
             place: PlaceLookup = lambda name: None) -> list[Event]:
        """Events of the parsed sentences; ``place`` turns a place name into a Location (None if unknown)."""
        events: list[Event] = []
        focus = focus_pair(mentions, actors)
        by_span = SpanIndex((m.start, m.end, m) for m in mentions)
        for sentence in parsed:
            offset = int(sentence.user_data.get("offset", 0))
            inside = by_span.overlapping(offset, offset + len(sentence.text))
            events.extend(self._code_sentence(text, sentence, inside, actors, focus, events, place))
        return events

    def _code_sentence(self, text: str, sentence: Doc, mentions: list[Mention], actors: dict[str, Actor],
                       focus: list[str], previous: list[Event], place: PlaceLookup) -> list[Event]:
        offset = int(sentence.user_data.get("offset", 0))
        by_token = _mentions_by_token(sentence, offset, mentions)
        lex = lexicon()
        triggers: dict[int, Trigger] = {}
        for token in sentence:
            trigger = trigger_of(token) if token.dep_ != "amod" else None  # "shared heritage" is no event
            if trigger:
                triggers[token.i] = trigger
        # Light verbs ("hold talks", "sign an agreement") give way to their event noun.
        for i in list(triggers):
            token = sentence[i]
            if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in lex.light_verbs and any(
                    c.i in triggers and c.dep_ in ("dobj", "attr") for c in token.children):
                del triggers[i]
        # The complement of "agreed to", "refused to", "urged … to" is part of that event, not another.
        swallowed = {c.i for i, (kind, _) in triggers.items() if kind in event_policy().complement_swallowing
                     and sentence[i].pos_ == "VERB" for c in sentence[i].children if c.dep_ in ("xcomp", "ccomp")}
        # "rejected accusations by X": the accusation is what the statement is about, not a new event.
        swallowed |= {c.i for token in sentence if token.pos_ == "VERB"
                      and lex.is_statement(token.lemma_.lower(), _objects(token))
                      for c in token.children if c.dep_ in ("dobj", "xcomp", "nsubjpass")}
        coded: dict[tuple, Event] = {}
        for i, (kind, mode) in triggers.items():
            if i in swallowed:
                continue
            token = sentence[i]
            if _is_anaphor(token, by_token) or caused_by_natural_force(token):
                continue  # "these meetings" refers to an event already coded; "the earthquake struck" is none
            lemma = token.lemma_.lower()
            parts = _participants(token, sentence, by_token, triggers, text, offset)
            if not parts.source and not parts.target:
                if token.pos_ == "NOUN" and lemma in lex.noun_requires_modifier:
                    continue
                parts = _borrowed(sentence, by_token, triggers, previous + list(coded.values()))
                if parts is None:
                    continue
            hosted = _host_verb_roles(token, kind, event_policy().is_visit(kind, mode), parts, by_token, actors)
            if hosted is None:
                continue
            parts = hosted
            if not parts.source and not _may_lack_source(token, kind):
                continue
            if event_policy().is_visit(kind, mode) and parts.source and not parts.target:
                parts.target = _host(parts.source, sentence, by_token, focus, actors)
            event = _event(kind, mode, token, sentence, text, offset, parts, actors)
            if event is None:
                continue
            if token.pos_ == "VERB" and not lex.is_curated(lemma) and not (event.source and event.target):
                continue  # a bare CAMEO dictionary verb is only trusted with both roles filled
            event.location = _location(token, by_token, place)
            key = (event.type, tuple(sorted(r.country or r.actor for r in event.source)),
                   tuple(sorted(r.country or r.actor for r in event.target)), event.modality)
            if key not in coded or coded[key].confidence < event.confidence:
                coded[key] = event
        return sorted(coded.values(), key=lambda e: e.evidence.trigger_start or 0)


def trigger_of(token: Token) -> Trigger | None:
    """The (type, mode) a verb or event noun expresses by the lexicon, or None."""
    lex = lexicon()
    lemma = token.lemma_.lower()
    if token.pos_ == "VERB":
        return lex.verb(lemma, _objects(token))
    if token.pos_ == "NOUN":
        return lex.nouns.get(lemma) or lex.nouns.get(token.lower_)
    return None


def _objects(verb: Token) -> list[str]:
    """What a verb's CAMEO phrase patterns look at: object, particle and complement lemmas, prepositions."""
    objects = [c.lemma_.lower() for c in verb.children if c.dep_ in ("dobj", "prt", "xcomp", "nsubjpass")]
    return objects + [c.lower_ for c in verb.children if c.dep_ == "prep"]


def _mentions_by_token(sentence: Doc, offset: int, mentions: list[Mention]) -> dict[int, list[Mention]]:
    start, end = offset, offset + len(sentence.text)
    inside = [m for m in mentions if m.start < end and m.end > start]
    table: dict[int, list[Mention]] = {}
    for token in sentence:
        t_start = offset + token.idx
        t_end = t_start + len(token.text)
        for mention in inside:
            if mention.start < t_end and mention.end > t_start:
                table.setdefault(token.i, []).append(mention)
    return table


def _core(token: Token) -> list[Token]:
    """The token and its noun-phrase core: modifiers, conjuncts and "of" phrases, not other prepositions or clauses."""
    out = [token]
    for child in token.children:
        if child.dep_ in _CORE_DEPS or (child.dep_ == "prep" and child.lower_ == "of") or (child.dep_ == "pobj" and token.dep_ == "prep" and token.lower_ == "of"):
            out.extend(_core(child))
    return out


def _mentions_in(tokens: Iterable[Token], by_token: dict[int, list[Mention]]) -> list[Mention]:
    seen: dict[tuple[int, int], Mention] = {}
    for token in tokens:
        for mention in by_token.get(token.i, []):
            seen.setdefault((mention.start, mention.end), mention)
    return list(seen.values())


def caused_by_natural_force(token: Token) -> bool:
    """Whether an event word is a natural force or accident, or has one as its subject or passive agent ("the
    earthquake struck", "floods killed 40", "were killed by a landslide"), or is a participle with no agent that a
    prepositional phrase gives a force as its cause ("Children killed in wall collapse", "injured in a bus crash"):
    no actor acts, so no event."""
    forces = lexicon().natural_forces
    if token.lemma_.lower() in forces:
        return True
    if token.tag_ == "VBN" and not any(c.dep_ == "agent" for c in token.children) and any(
            p.dep_ == "pobj" and p.lemma_.lower() in forces for c in token.children if c.dep_ == "prep"
            for p in c.children):
        return True
    subject, passive = _subject(token)
    if passive:
        subject = next((p for c in token.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"), None)
    return subject is not None and subject.lemma_.lower() in forces


def _subject(token: Token) -> tuple[Token | None, bool]:
    """The subject of a verb, inherited through xcomp/conj/advcl chains; and whether it is a passive subject."""
    current: Token | None = token
    hops = 0
    while current is not None and hops < 6:
        for child in current.children:
            if child.dep_ in _SUBJECT_DEPS:
                return child, child.dep_ == "nsubjpass" and current is token
        if current.dep_ in _INHERIT_DEPS and current.head is not current:
            current = current.head
            hops += 1
        else:
            current = None
    return None, False


def _participants(token: Token, sentence: Doc, by_token: dict[int, list[Mention]], triggers: dict[int, Trigger],
                  text: str, offset: int) -> _Participants:
    lex = lexicon()
    parts = _Participants()
    if token.pos_ == "VERB":
        subject, passive = _subject(token)
        if subject is not None and subject.i not in triggers:  # an event noun as subject is not an actor
            found = _mentions_in(_core(subject), by_token)
            (parts.target if passive else parts.source).extend(found)
        for child in token.children:
            if child.dep_ == "agent":
                parts.source.extend(_mentions_in(_pobjs(child), by_token))
            elif child.dep_ in ("dobj", "dative", "attr", "oprd"):
                parts.target.extend(_mentions_in(_object_core(child), by_token))
            elif child.dep_ == "prep" and child.lower_ in lex.joint_preps:
                parts.source.extend(_mentions_in(_pobjs(child), by_token))
            elif (child.dep_ == "prep" and child.lower_ in lex.target_preps and not parts.target
                  and child.i > token.i):  # "For Pakistan, X offers …" is a topic, not a recipient
                parts.target.extend(_mentions_in(_pobjs(child), by_token))
        if not parts.target and triggers[token.i][0] in event_policy().complement_swallowing:
            parts.target.extend(_complement_targets(token, by_token))
    else:
        for child in token.children:
            if child.dep_ in ("poss", "amod", "compound", "nmod"):
                parts.source.extend(_mentions_in(_core(child), by_token))
            elif child.dep_ == "prep" and (child.lower_ in lex.joint_preps
                                           or (child.lower_ in lex.source_preps and not parts.source)):
                parts.source.extend(_mentions_in(_pobjs(child), by_token))
            elif child.dep_ == "prep" and child.lower_ in lex.target_preps:
                parts.target.extend(_mentions_in(_pobjs(child), by_token))
        if not parts.source:
            parts.source.extend(_inherited_source(token, by_token, triggers))
        if not parts.target:
            parts.target.extend(_carrier_targets(token, by_token))
        if not parts.target:  # "a deal to help develop Pakistan's reserves", "floating a deal to help Pakistan"
            carriers = [token] + ([token.head] if token.dep_ == "dobj" else [])
            for carrier in carriers:
                for child in carrier.children:
                    if child.dep_ in ("acl", "relcl", "advcl") and child.i > token.i:
                        parts.target.extend(_mentions_in(child.subtree, by_token))
    _split_third_parties(parts, text, sentence, offset)
    own = {id(m) for m in parts.source}
    parts.target = [m for m in parts.target if id(m) not in own]
    return parts


def _host_verb_roles(verb: Token, kind: str, visit: bool, parts: _Participants, by_token: dict[int, list[Mention]],
                     actors: dict[str, Actor]) -> _Participants | None:
    """The participants of a trigger from those the parse gives it, read for a verb whose subject receives (a host
    verb: "host", "receive", "welcome") where ``kind`` is a type such verbs report so (``is_received``), or None
    where it reports no event. A visitor received is the source, the host the target; received people ("host
    refugees") make no visit, nor does a thing ("welcomed the Saudi offer"); a thing received as another event
    ("received weapons from Germany", AID) has its giver as source, the receiver as target. Any other trigger keeps
    ``parts``."""
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in lexicon().host_verbs or not event_policy().is_received(kind):
        return parts
    if any(actors[a].kind == "people" for m in parts.target for a in m.actors if a in actors):
        return None
    if any(t.i in by_token for t in _received_ones(verb)):
        return _Participants(source=parts.target, target=parts.source, third=parts.third)
    return None if visit else _received(verb, by_token)


def _received_ones(verb: Token) -> list[Token]:
    """The words naming whom a host verb receives: its object or passive subject ("hosted the president", "was
    hosted by Pakistan"), and the "of" phrase of either ("a delegation of Iranian officials"); not the modifiers
    of a thing ("the Saudi offer")."""
    heads = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    return heads + [pobj for head in heads for prep in head.children if prep.dep_ == "prep" and prep.lower_ == "of"
                    for pobj in prep.children if pobj.dep_ == "pobj"]


def _received(verb: Token, by_token: dict[int, list[Mention]]) -> _Participants:
    """The participants of receiving a thing: its giver ("from …") as source, the receiver (the subject) as target."""
    subject, passive = _subject(verb)
    parts = _Participants()
    if subject is not None and not passive:
        parts.target.extend(_mentions_in(_core(subject), by_token))
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in lexicon().giver_preps:
            parts.source.extend(_mentions_in(_pobjs(child), by_token))
    return parts


def parse_participants(token: Token, sentence: Doc, mentions: list[Mention], text: str, kind: str,
                       actors: dict[str, Actor]) -> tuple[list[Mention], list[Mention]]:
    """The source and target mentions that the dependency rules give ``token`` as a trigger of type ``kind``
    (of any of its modes: a host verb of a type with visits is read as a visit)."""
    offset = int(sentence.user_data.get("offset", 0))
    by_token = _mentions_by_token(sentence, offset, mentions)
    parts = _participants(token, sentence, by_token, {token.i: (kind, None)}, text, offset)
    visit = kind not in event_policy().received_types  # the mode is not known yet: a visit type reads as a visit
    parts = _host_verb_roles(token, kind, visit, parts, by_token, actors) or _Participants()
    return parts.source, parts.target


def _object_core(child: Token) -> list[Token]:
    """An object's noun-phrase core; a dative the parser makes of "to" itself ("deliver systems to Kyiv", "sent aid
    to Gaza") is its object's."""
    return _pobjs(child) if child.dep_ == "dative" and child.pos_ == "ADP" else _core(child)


def _pobjs(prep: Token) -> list[Token]:
    out: list[Token] = []
    for child in prep.children:
        if child.dep_ in ("pobj", "pcomp"):
            out.extend(_core(child))
    return out


def _inherited_source(noun: Token, by_token: dict[int, list[Mention]], triggers: dict[int, Trigger]) -> list[Mention]:
    """A nominal event without its own actor takes the doer from the light verb or noun that carries it."""
    lex = lexicon()
    noun = _quantity_head(noun)
    head = noun.head
    if noun.dep_ in ("dobj", "attr") and head.pos_ in ("VERB", "AUX"):
        if head.lemma_.lower() in lex.light_verbs or head.i not in triggers:
            subject, passive = _subject(head)
            if subject is not None and not passive and subject.i not in triggers:
                return _mentions_in(_core(subject), by_token)
        return []
    # "the Indian military's performance in a skirmish": climb a prepositional attachment to the carrying noun
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("NOUN", "PROPN"):
        carrier = head.head
        found: list[Mention] = []
        for child in carrier.children:
            if child.dep_ in ("poss", "amod", "compound"):
                found.extend(_mentions_in(_core(child), by_token))
        return found
    return []


def _quantity_head(noun: Token) -> Token:
    """ "5,000 tons of aid", "a number of agreements": the measure noun that carries the event noun's role."""
    while (noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.lower_ == "of"
           and noun.head.head.pos_ == "NOUN" and noun.head.head.dep_ in ("dobj", "attr", "nsubj", "nsubjpass")):
        noun = noun.head.head
    return noun


def _carrier_targets(noun: Token, by_token: dict[int, list[Mention]]) -> list[Mention]:
    """A nominal event's recipient named on the light verb that carries it ("send aid to Syria")."""
    lex = lexicon()
    head = _quantity_head(noun).head
    if head.pos_ != "VERB" or head.lemma_.lower() not in lex.light_verbs:
        return []
    found: list[Mention] = []
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in lex.target_preps and child.i > head.i:
            found.extend(_mentions_in(_pobjs(child), by_token))
        elif child.dep_ == "dative":
            found.extend(_mentions_in(_object_core(child), by_token))
    return found


def _complement_targets(verb: Token, by_token: dict[int, list[Mention]]) -> list[Mention]:
    """ "offered to mediate between Israel and Hamas", "demanded that the US lift sanctions": the
    content of an agreement, demand, threat or refusal names who it concerns."""
    found: list[Mention] = []
    for child in verb.children:
        if child.dep_ in ("xcomp", "ccomp"):
            found.extend(_mentions_in(child.subtree, by_token))
    return found


def _split_third_parties(parts: _Participants, text: str, sentence: Doc, offset: int) -> None:
    """"China-brokered", "the UN sponsored talks": a mediator named in a modifier is a third party, not a
    participant. A cue word that is the clause's own verb ("Russia brokered a deal", "the junta backed down") is
    not such a modifier."""
    keep = []
    for mention in parts.source:
        following = re.match(r"\s*([-–]?)\s*([a-z]+)", text[mention.end: mention.end + 30], re.IGNORECASE)
        cue = following is not None and following.group(2).lower() in lexicon().third_party_cues
        if cue and not following.group(1):
            word = sentence.char_span(mention.end + following.start(2) - offset,
                                      mention.end + following.end(2) - offset)
            cue = word is not None and word.root.dep_ in ("amod", "compound")  # not "rebels backed by Iran"
        (parts.third if cue else keep).append(mention)
    parts.source = keep


def _may_lack_source(token: Token, kind: str) -> bool:
    """Events reported by their victim alone ("Kabul was attacked", "sanctions on Iran") keep an empty source."""
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children)
    return passive or (token.pos_ == "NOUN" and kind in event_policy().nominal_without_source)


def _is_anaphor(token: Token, by_token: dict[int, list[Mention]]) -> bool:
    """A definite event noun that is a subject and names no actor ("These meetings are expected …")."""
    if token.pos_ != "NOUN" or token.dep_ not in ("nsubj", "nsubjpass"):
        return False
    has_det = any(c.dep_ == "det" and c.lower_ in lexicon().anaphoric_determiners for c in token.children)
    return has_det and not _mentions_in(token.subtree, by_token)


def _borrowed(sentence: Doc, by_token: dict[int, list[Mention]], triggers: dict[int, Trigger],
              previous: list[Event]) -> _Participants | None:
    """Participants for an actorless event whose clause is about an earlier one ("These meetings … the signing")."""
    anaphors = [t for t in sentence if t.i in triggers and _is_anaphor(t, by_token)]
    if not anaphors or by_token:
        return None
    for event in reversed(previous):
        refs = event.source + event.target
        if refs and event.type in event_policy().lends_participants:
            mentions = [Mention(start=-1, end=-1, text=r.text, actors=[r.actor]) for r in refs]
            return _Participants(source=mentions, borrowed=True)
    return None


def visit_host(source_countries: set[str | None], mentions: Iterable[Mention], actors: dict[str, Actor]
               ) -> Mention | None:
    """The host of a visit that names none: the first place or capital of the sentence in a country other than
    the visitors' ("arrived in Moscow": Russia), never a neutral venue ("arrived in Geneva for peace talks"). A
    place's state counts even where the page registers no actor for it (the pipeline's ``place_participants``
    step does, once an event takes it part)."""
    for mention in mentions:
        if mention.text in lexicon().neutral_venues:
            continue
        countries = {actors[a].country if a in actors else state_code(a) for a in mention.actors} - {None}
        if mention.kind in ("place", "capital") and countries and not countries & source_countries:
            return mention
    return None


def _host(source: list[Mention], sentence: Doc, by_token: dict[int, list[Mention]], focus: list[str],
          actors: dict[str, Actor]) -> list[Mention]:
    """A visit with no named host: a place named in the sentence, else the other country of the focus pair."""
    source_countries = {actors[a].country for m in source for a in m.actors if a in actors}
    named = [m for mentions in by_token.values() for m in mentions]
    place = visit_host(source_countries, named, actors)
    if place is not None:
        return [place]
    if any(m.text in lexicon().neutral_venues for m in named):
        return []  # a visit to Geneva is a meeting on neutral ground: no host, not even the page's other state
    if len(focus) == 2 and source_countries & set(focus):
        other = next(c for c in focus if c not in source_countries) if len(source_countries & set(focus)) == 1 else None
        state = f"dyad:{other}" if other else None
        if state and state in actors:
            return [Mention(start=-1, end=-1, text=actors[state].name, actors=[state], kind="focus")]
    return []


def _location(token: Token, by_token: dict[int, list[Mention]], place: PlaceLookup) -> Location | None:
    """A place attached to the trigger (or to the verb carrying a nominal trigger) by "in", "at", "near" …"""
    carriers = [token] + ([token.head] if token.pos_ == "NOUN" and token.head.pos_ == "VERB" else [])
    for carrier in carriers:
        for child in carrier.children:
            if child.dep_ != "prep" or child.lower_ not in lexicon().location_preps:
                continue
            for mention in _mentions_in(_pobjs(child), by_token):
                if mention.kind in ("place", "capital", "name"):
                    found = place(mention.text)
                    if found is not None:
                        return found
    return None


def actor_refs(mentions: list[Mention], actors: dict[str, Actor], keep_places: bool = False,
               place_states: bool = False) -> list[ActorRef]:
    """The actors that mentions name, as event participants (places only where ``keep_places``; with
    ``place_states``, a visit's host, also the state of a place the page registers no actor for)."""
    refs: dict[str, ActorRef] = {}
    for mention in mentions:
        if mention.kind == "place" and (not keep_places or mention.text in lexicon().neutral_venues):
            continue  # "in Balochistan" says where, not who; but a visit "to Tehran" is hosted by Iran
        for actor_id in mention.actors:
            actor = actors.get(actor_id)
            if actor is None and place_states and mention.kind == "place" and (iso3 := state_code(actor_id)):
                refs.setdefault(actor_id, ActorRef(actor=actor_id, text=mention.text, country=iso3))
            if actor is None or actor.kind == "place":
                continue
            refs.setdefault(actor_id, ActorRef(actor=actor_id, text=mention.text, country=actor.country,
                                               sector=actor.sector))
    return list(refs.values())


def _same_side(ref: ActorRef, source: list[ActorRef]) -> bool:
    """A recipient that is the source itself, or its own country without a distinct sector ("the US … the US")."""
    for own in source:
        if ref.actor == own.actor:
            return True
        if ref.country and ref.country == own.country and (not ref.sector or not own.sector or ref.sector == own.sector):
            return True
    return False


def _event(kind: str, mode: str | None, token: Token, sentence: Doc, text: str, offset: int, parts: _Participants,
           actors: dict[str, Actor]) -> Event | None:
    source = actor_refs(parts.source, actors)
    policy = event_policy()
    visit = policy.is_visit(kind, mode)
    target = [r for r in actor_refs(parts.target, actors, keep_places=visit, place_states=visit)
              if not _same_side(r, source)]
    if not source and not target:
        return None
    start = offset
    end = offset + len(sentence.text)
    trigger_start = offset + token.idx
    evidence = Evidence(sentence=text[start:end], start=start, end=end, trigger=token.text,
                        trigger_start=trigger_start, trigger_end=trigger_start + len(token.text))
    weights = policy.confidence
    confidence = weights.verb if token.pos_ == "VERB" else weights.noun
    if source and target:
        confidence += weights.both_roles
    if token.pos_ == "NOUN" and token.dep_ == "pobj" and not any(
            c.dep_ in ("poss", "amod", "compound") for c in token.children):
        confidence += weights.in_passing  # an event named in passing inside a phrase ("condolences over an attack")
    if parts.borrowed or any(m.kind == "focus" for m in parts.target):
        confidence += weights.borrowed
    event = Event(type=kind, mode=mode, evidence=evidence, source=source, target=target,
                  modality=modality_of(token),
                  confidence=round(min(max(confidence, weights.floor), weights.ceiling), 2),
                  third_parties=actor_refs(parts.third, actors))
    return event
