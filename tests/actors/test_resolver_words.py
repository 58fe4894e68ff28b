"""The resolver's English function words come from data/lang/en/actors.json, not from regexes in code."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from dyad.actors import ActorResolver, resolver
from dyad.model import Document
from dyad.nlp.language import language_data


@pytest.fixture
def fresh_patterns() -> Iterator[None]:
    resolver._words.cache_clear()
    yield
    resolver._words.cache_clear()


def _kinds(text: str) -> list[tuple[str, str, list[str]]]:
    _, mentions = ActorResolver().resolve(Document(id="t", origin="t", text=text, published="2025-08-02"), [])
    return [(m.text, m.kind, m.actors) for m in mentions]


def test_a_locative_added_to_the_data_makes_a_capital_a_place(monkeypatch: pytest.MonkeyPatch,
                                                              fresh_patterns: None) -> None:
    text = "Sharif travelled beyond Tehran."
    assert ("Tehran", "capital", ["dyad:IRN:GOV"]) in _kinds(text)
    words: dict[str, Any] = {**language_data("actors")}
    words["locative_prepositions"] = [*words["locative_prepositions"], "beyond"]
    monkeypatch.setattr(resolver, "language_data", lambda name, code=None: words if name == "actors"
                        else language_data(name, code))
    resolver._words.cache_clear()  # the regexes are built from the data once per process
    assert ("Tehran", "place", ["dyad:IRN"]) in _kinds(text)


def test_pair_openers_take_a_capital_first_letter_only(fresh_patterns: None) -> None:
    assert resolver._words().pair_opener == r"[Tt]he\s+two|[Bb]oth"
