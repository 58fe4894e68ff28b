"""Figures: money, percentages, counts, ranges, ages, casualties; the seed's two trade figures."""

from __future__ import annotations

import re

import pytest

from dyad.figures import casualties, extract_figures


def _figs(sentence: str, countries: list[str] | None = None) -> list[tuple]:
    found = extract_figures(sentence, [(0, len(sentence))], lambda s, e: countries or [])
    return [(f.text, f.value, f.value_max, f.unit) for f in found]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Trade stands at $3 billion.", [("$3 billion", 3e9, None, "USD")]),
    ("The fund holds £15.8m and €2bn.", [("£15.8m", 15.8e6, None, "GBP"), ("€2bn", 2e9, None, "EUR")]),
    ("It cost 5 million dollars.", [("5 million dollars", 5e6, None, "USD")]),
    ("A stamp costs 50p.", [("50p", 0.5, None, "GBP")]),
    ("Fees of $7-10 billion were paid.", [("$7-10 billion", 7e9, 10e9, "USD")]),
])
def test_money(sentence: str, expected: list[tuple]) -> None:
    assert _figs(sentence) == expected


def test_rupee_follows_the_country() -> None:
    assert _figs("The project costs Rs 5 crore.", ["PAK"]) == [("Rs 5 crore", 5e7, None, "PKR")]
    assert _figs("The project costs Rs 5 crore.") == [("Rs 5 crore", 5e7, None, "INR")]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Turnout was 61%.", [("61%", 61.0, None, "percent")]),
    ("Growth was 2.5 per cent.", [("2.5 per cent", 2.5, None, "percent")]),
    ("Support fell 3 percentage points.", [("3 percentage points", 3.0, None, "percentage point")]),
])
def test_percent(sentence: str, expected: list[tuple]) -> None:
    assert _figs(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Both host millions of Afghan refugees.", [("millions of Afghan refugees", 1e6, None, "people")]),
    ("Some 5,000 troops were sent.", [("5,000 troops", 5000.0, None, "people")]),
    ("It built 300 schools.", [("300 schools", 300.0, None, "schools")]),
    ("Terms of 7–10 years apply.", [("7–10 years", 7.0, 10.0, "year")]),
    ("A 200-year-old tradition.", [("200-year-old", 200.0, None, "year")]),
    ("He was jailed for six months.", [("six months", 6.0, None, "month")]),
    ("Some seven million numbers are listed.", [("seven million numbers", 7e6, None, "numbers")]),
    ("A few hundred jihadists remained.", [("A few hundred jihadists", 100.0, None, "jihadists")]),
    ("It lost 1,500 men and about 440 Britons.", [("1,500 men", 1500.0, None, "people"),
                                                 ("440 Britons", 440.0, None, "britons")]),
])
def test_counts_ranges_ages(sentence: str, expected: list[tuple]) -> None:
    assert _figs(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "The arrival on August 2, 2025, was in 2019 and two leaders met.",
    "The 2019 elections were held; 3 ministers resigned.",
    "He spoke for 10 minutes at Article 5 of the treaty.",
])
def test_not_figures(sentence: str) -> None:
    assert _figs(sentence) == []


@pytest.mark.parametrize(("sentence", "role"), [
    ("Exports are expected to reach $5bn.", "forecast"),
    ("Trade was $2bn, up from $1bn.", "past"),
    ("The aim is $5bn in trade.", "target"),
    ("Trade is currently worth $4bn.", "current"),
    ("They plan on boosting trade to an ambitious $8bn.", "target"),
])
def test_roles(sentence: str, role: str) -> None:
    (fig, *_) = extract_figures(sentence, [(0, len(sentence))], lambda s, e: [])
    assert fig.role == role


@pytest.mark.parametrize(("sentence", "expected"), [
    ("At least 30 people were killed and 12 injured.", [(30.0, "killed"), (12.0, "injured")]),
    ("The strike killed two soldiers.", [(2, "killed")]),
    ("The death toll rose to 45.", [(45.0, "killed")]),
    ("Bombs killed 12 in 2019.", [(12.0, "killed")]),
    ("The 2019 talks killed the deal.", []),
])
def test_casualties(sentence: str, expected: list[tuple]) -> None:
    found = casualties(sentence, start=10)
    assert [(f.value, f.measure) for f in found] == expected
    assert all(f.role == "current" and f.unit == "people" and f.evidence.start == 10 for f in found)


def test_seed_trade_figures(seed_text: str) -> None:
    sentences = [(m.start(), m.end()) for m in re.finditer(r"[^.\n]+\.?", seed_text)]
    names = {"Iran": "IRN", "Pakistan": "PAK", "Tehran": "IRN", "Islamabad": "PAK", "Washington": "USA"}

    def countries_in(start: int, end: int) -> list[str]:
        return [iso for name, iso in names.items() if name in seed_text[start:end]]

    figures = {f.text: f for f in extract_figures(seed_text, sentences, countries_in)}
    current, target = figures["$3 billion"], figures["$10 billion"]
    assert (current.value, current.unit, current.measure, current.role) == (3e9, "USD", "bilateral trade", "current")
    assert (target.value, target.unit, target.measure, target.role) == (1e10, "USD", "bilateral trade", "target")
    assert sorted(current.countries) == sorted(target.countries) == ["IRN", "PAK"]
    assert seed_text[current.evidence.start:current.evidence.end] == current.evidence.sentence
    refugees = figures["millions of Afghan refugees"]
    assert (refugees.value, refugees.unit, sorted(refugees.countries)) == (1e6, "people", ["IRN", "PAK"])


def test_a_hedge_added_to_the_data_is_read_without_code_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    # The worked example of docs/architecture.md, "Adding a cue word or a language".
    from dyad.figures import extract
    from dyad.nlp.language import language_data

    sentence = "A car bomb killed up to 40 people in Kabul."
    assert casualties(sentence, 0) == []
    cues = {**language_data("figures")}
    cues["casualty_hedges"] = [*cues["casualty_hedges"], "up to"]
    monkeypatch.setattr(extract, "language_data", lambda name, code=None: cues if name == "figures"
                        else language_data(name, code))
    extract._grammar.cache_clear()  # built from the data once per process
    try:
        assert [(f.text, f.value) for f in casualties(sentence, 0)] == [("killed up to 40", 40.0)]
    finally:
        monkeypatch.undo()
        extract._grammar.cache_clear()
