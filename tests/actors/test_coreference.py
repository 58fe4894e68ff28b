"""References back to earlier actors: definite descriptions and "they" (dyad.actors.coreference)."""

from __future__ import annotations

import pytest

from dyad.actors import ActorResolver
from dyad.model import Document, Mention
from dyad.nlp import parse_spans, split_sentences


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver()


def references(resolver: ActorResolver, text: str, on: str = "2024-06-01") -> list[tuple[str, list[str]]]:
    _, mentions = resolver.resolve(Document(id="t", origin="t", text=text, published=on),
                                   parse_spans(text, split_sentences(text)), generic_agents=True)
    return [(m.text, m.actors) for m in mentions if m.kind == "pronoun"]


def test_the_ministry_and_the_group_are_the_actors_just_named(resolver: ActorResolver) -> None:
    text = ("Iran's foreign ministry condemned the strike. The ministry said it would respond. "
            "Hamas fired rockets at Israel. The group said it would continue.")
    assert references(resolver, text) == [("ministry", ["dyad:IRN:GOV"]), ("group", ["dyad:group:HAMAS"])]


def test_the_party_is_the_party_named_before(resolver: ActorResolver) -> None:
    text = "The Tories unveiled their tax plans in London.\n\nThe party said Britain needed lower taxes."
    assert references(resolver, text, on="2005-06-01") == [("party", ["dyad:party:GBR-CON"])]


def test_no_reference_when_the_nearest_candidate_does_not_fit_or_is_far(resolver: ActorResolver) -> None:
    text = ("Hamas fired rockets.\n\nTony Blair spoke.\n\nIran's foreign ministry condemned the strike. "
            "The group of experts met.\n\nThe group said it would continue.")
    assert references(resolver, text) == []  # "the group of …" is no reference; Hamas is two paragraphs back


def test_they_is_the_collective_named_last_in_the_paragraph(resolver: ActorResolver) -> None:
    text = ("Pakistan and India signed a deal in Delhi. They agreed to meet again.\n\n"
            "Tony Blair met Jacques Chirac. They agreed on nothing.")
    assert references(resolver, text, on="2005-06-01") == [("They", ["dyad:PAK", "dyad:IND"])]


def test_they_opening_a_paragraph_is_the_collective_the_paragraph_before_named_last(resolver: ActorResolver) -> None:
    text = ("The Liberal Democrats attacked the plan.\n\nThey said it was unfair.\n\nThe talks ended.\n\n"
            "They left.")
    # the second "They" is two paragraphs from any collective: no reference
    assert references(resolver, text, on="2005-06-01") == [("They", ["dyad:party:GBR-LD"])]


def test_they_after_a_party_or_a_plural_agent(resolver: ActorResolver) -> None:
    text = "The Liberal Democrats attacked the plan. They said it was unfair. Pakistani officials met. They left."
    assert references(resolver, text, on="2005-06-01") == [
        ("They", ["dyad:party:GBR-LD"]), ("They", ["dyad:PAK:GOV"])]


def test_a_reference_is_a_pronoun_mention_of_the_antecedent(resolver: ActorResolver) -> None:
    text = "Hamas fired rockets at Israel. The group said it would continue."
    actors, mentions = resolver.resolve(Document(id="t", origin="t", text=text, published="2024-06-01"), [])
    group = next(m for m in mentions if m.text == "group")
    assert group == Mention(text.index("group"), text.index("group") + 5, "group", ["dyad:group:HAMAS"], "pronoun")
    assert [a.mentions for a in actors if a.id == "dyad:group:HAMAS"] == [[(0, 5), (group.start, group.end)]]


def test_they_after_an_actor_of_its_own_sentence_is_left_to_the_parse(resolver: ActorResolver) -> None:
    text = ("Labour attacked the plan. The Conservatives and the Liberal Democrats say they still want the report. "
            "Senior Tories believe they are winning.")
    assert references(resolver, text, on="2005-06-01") == []
