"""Temporal expressions per kind, false positives, attachment to events, and the seed's dates."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from dyad.time import date_bounds, document_dates, event_date, find_dates, prefer_for, resolve

ANCHOR = dt.date(2025, 8, 2)


def _one(sentence: str, prefer: str = "past") -> tuple[str, str, str | None, str]:
    (expr,) = find_dates(sentence)
    return (expr.text, expr.kind, *resolve(expr, ANCHOR, prefer))


@pytest.mark.parametrize(("sentence", "expected"), [
    ("He arrived on August 2, 2025, for talks.", ("August 2, 2025", "absolute", "2025-08-02", "day")),
    ("It was signed on 2 August 2025.", ("2 August 2025", "absolute", "2025-08-02", "day")),
    ("It was signed on Aug. 12th 2024.", ("Aug. 12th 2024", "absolute", "2024-08-12", "day")),
    ("The file is dated 2024-11-05.", ("2024-11-05", "absolute", "2024-11-05", "day")),
    ("His landmark visit in April 2024 helped.", ("April 2024", "absolute", "2024-04", "month")),
    ("Elections were held in 2019.", ("2019", "absolute", "2019", "year")),
    ("Growth slowed in mid-2023.", ("2023", "absolute", "2023", "year")),
])
def test_absolute(sentence: str, expected: tuple) -> None:
    assert _one(sentence) == expected


@pytest.mark.parametrize(("sentence", "prefer", "expected"), [
    ("On August 3rd, he is scheduled to hold talks.", "future", ("August 3rd", "partial", "2025-08-03", "day")),
    ("He visited Tehran in May.", "past", ("May", "partial", "2025-05", "month")),
    ("Talks will resume in May.", "future", ("May", "partial", "2026-05", "month")),
    ("They met on 14 July in Geneva.", "past", ("14 July", "partial", "2025-07-14", "day")),
    ("Since last December, prices rose.", "future", ("last December", "partial", "2024-12", "month")),
    # a yearless day just after the anchor stays in the anchor's year even for a reported event
    ("They met on August 4.", "past", ("August 4", "partial", "2025-08-04", "day")),
])
def test_partial(sentence: str, prefer: str, expected: tuple) -> None:
    assert _one(sentence, prefer) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The minister resigned yesterday.", ("yesterday", "2025-08-01", "day")),
    ("They met on Thursday.", ("Thursday", "2025-07-31", "day")),
    ("The bomb struck on Saturday.", ("Saturday", "2025-08-02", "day")),  # the anchor's own weekday
    ("They met last week.", ("last week", "2025-07", "month")),
    ("Prices rose earlier this year.", ("earlier this year", "2025", "year")),
    ("The war ended two years ago.", ("two years ago", "2023", "year")),
    ("The ceasefire began 3 days ago.", ("3 days ago", "2025-07-30", "day")),
    ("The visit came just months after the war.", ("just months after", "2025", "year")),
])
def test_relative(sentence: str, expected: tuple) -> None:
    text, kind, iso, precision = _one(sentence)
    assert kind == "relative" and (text, iso, precision) == expected


def test_offset_counts_from_its_reference() -> None:
    sentence = "Coming just sixteen months after the late President's landmark visit in April 2024, the trip"
    offset, ref = find_dates(sentence, offset=100)
    assert offset.text == "just sixteen months after" and offset.reference.text == ref.text == "April 2024"
    assert offset.reference.start == ref.start == 100 + sentence.index("April")
    assert resolve(offset, ANCHOR) == ("2025-08", "month")


@pytest.mark.parametrize("sentence", [
    "Rivalries may ease in the coming months.",
    "Thousands will march on parliament; March on, they said.",
    "SAT Editorial Desk",
    "It costs $10 and 2000 troops were sent by 2000 volunteers.",
    "Trade is now worth more than 2025 tonnes.",
    "He spoke year after year about the day before.",
    "The 200-year-old tradition was kept in 25% of cases.",
])
def test_false_positives(sentence: str) -> None:
    assert [e.text for e in find_dates(sentence)] == []


def test_modality_sets_preference() -> None:
    assert [prefer_for(m) for m in ("asserted", "negated", "planned", "expected", "hypothetical")] == \
        ["past", "past", "future", "future", "current"]


def test_clause_first_then_sentence_then_paragraph() -> None:
    sentence = "After talks in March, both leaders agreed in May to meet."
    start = 50
    assert event_date(sentence, start, start + sentence.index("talks"), ANCHOR) == ("2025-03", "month")
    assert event_date(sentence, start, start + sentence.index("agreed"), ANCHOR) == ("2025-05", "month")
    bare = "Both leaders agreed to meet."
    context = [(0, "They met on 14 July."), (30, "Nothing."), (start, bare)]
    assert event_date(bare, start, start + 5, ANCHOR, "asserted", context) == ("2025-07-14", "day")
    assert event_date(bare, start, start + 5, None) == (None, "none")
    assert event_date("They met in May and in 2003.", 0, 5, None) == ("2003", "year")
    assert event_date(bare, start, start + 5, ANCHOR, "asserted", []) == (None, "none")


def _sentence_of(text: str, needle: str) -> tuple[int, str, int, list[tuple[int, str]]]:
    pos = text.index(needle)
    para_start = text.rfind("\n", 0, pos) + 1
    para_end = text.find("\n", pos)
    spans = [(para_start + m.start(), m.group()) for m in re.finditer(r"[^.]+(?:\.|$)", text[para_start:para_end])]
    start, sentence = next((s, t) for s, t in spans if s <= pos < s + len(t))
    return start, sentence, pos, spans


@pytest.mark.parametrize(("needle", "modality", "expected"), [
    ("arrival of Iranian", "asserted", ("2025-08-02", "day")),
    ("talks with Prime", "planned", ("2025-08-03", "day")),
    ("culminate", "expected", ("2025-08-03", "day")),
    ("visit in April 2024", "asserted", ("2024-04", "month")),
    ("visit to Tehran in May", "asserted", ("2025-05", "month")),
    ("agreed to find", "asserted", ("2025-05", "month")),
    ("skirmish", "asserted", ("2025-05", "month")),
    ("confrontation between Iran", "asserted", ("2025", "year")),
])
def test_seed_event_dates(seed_text: str, needle: str, modality: str, expected: tuple) -> None:
    start, sentence, trigger, paragraph = _sentence_of(seed_text, needle)
    # the seed page carries no trusted date: it is dated 2025-08-02 as a user would give it (--published)
    assert event_date(sentence, start, trigger, ANCHOR, modality, paragraph) == expected


APRIL_2019 = dt.date(2019, 4, 12)  # a Friday


@pytest.mark.parametrize(("sentence", "trigger", "modality", "expected"), [
    # past tense: the December before an April article, whatever the modality leans to
    ("In December Trump announced the withdrawal of US troops from Syria.", "withdrawal", "asserted",
     ("2018-12", "month")),
    ("In December, Trump announced the withdrawal.", "announced", "asserted", ("2018-12", "month")),
    # future tense: the December after, even when the modality alone would lean to the past
    ("In December Trump will visit Syria.", "visit", "asserted", ("2019-12", "month")),
    ("Talks are expected to resume in December.", "resume", "asserted", ("2019-12", "month")),
    # the tense nearest the date decides: the announcement was in December, the withdrawal is to come
    ("Trump announced in December that the troops will leave.", "announced", "asserted", ("2018-12", "month")),
    # a passive infinitive is not a past tense
    ("He expected Isis to be defeated by October.", "defeated", "asserted", ("2019-10", "month")),
])
def test_tense_decides_direction(sentence: str, trigger: str, modality: str, expected: tuple) -> None:
    assert event_date(sentence, 0, sentence.index(trigger), APRIL_2019, modality) == expected


def test_tomorrow_in_a_quotation_without_speech_date_dates_nothing() -> None:
    sentence = "\"We will leave tomorrow,\" the commander said."
    assert event_date(sentence, 0, sentence.index("leave"), APRIL_2019, "planned") == (None, "none")
    # the same words outside a quotation are the writer's, relative to publication
    plain = "The troops will leave tomorrow, the commander said."
    assert event_date(plain, 0, plain.index("leave"), APRIL_2019, "planned") == ("2019-04-13", "day")


def test_quotation_resolves_against_the_speech_date() -> None:
    sentence = "He said on Tuesday: \"We will leave tomorrow.\""
    assert event_date(sentence, 0, sentence.index("leave"), APRIL_2019, "planned") == ("2019-04-10", "day")
    curly = "“We will leave tomorrow,” he said on Tuesday."
    assert event_date(curly, 0, curly.index("leave"), APRIL_2019, "planned") == ("2019-04-10", "day")


def test_reported_speech_resolves_against_the_speech_date() -> None:
    sentence = "The minister said on Monday that the troops would leave on Wednesday."
    # the Wednesday after Monday 8 April, not the one after publication (17 April)
    assert event_date(sentence, 0, sentence.index("leave"), APRIL_2019, "planned") == ("2019-04-10", "day")
    # without a speech date the writer's deictics count from publication
    undated = "The minister said that the troops would leave tomorrow."
    assert event_date(undated, 0, undated.index("leave"), APRIL_2019, "planned") == ("2019-04-13", "day")


@pytest.mark.parametrize(("date", "precision", "bounds"), [
    ("2019-12-05", "day", ("2019-12-05", "2019-12-05")),
    ("2019-12", "month", ("2019-12-01", "2019-12-31")),
    ("2024-02", "month", ("2024-02-01", "2024-02-29")),
    ("2019", "year", ("2019-01-01", "2019-12-31")),
    (None, "none", (None, None)),
])
def test_date_bounds(date: str | None, precision: str, bounds: tuple) -> None:
    assert date_bounds(date, precision) == bounds


def test_dateparser_reads_a_registered_language_only() -> None:
    expr = find_dates("They met on Friday.")[0]
    assert resolve(expr, ANCHOR, "past", "en") == resolve(expr, ANCHOR, "past") == ("2025-08-01", "day")
    with pytest.raises(ValueError, match="language 'fr' is not analysed"):
        resolve(expr, ANCHOR, "past", "fr")


def test_document_dates_are_each_sentences_own_in_text_order() -> None:
    # Read alone, "May" in the second sentence has no "in" before it: the sentence edge stops the look-behind.
    text = "They met in March 2024.\nMay talks followed in 2025. Nothing else."
    sentences = [(0, 23), (24, 51), (52, 65)]
    found = document_dates(text, sentences)
    assert found == [e for s, end in sentences for e in find_dates(text[s:end], s)]
    assert [(e.text, text[e.start:e.end]) for e in found] == [("March 2024", "March 2024"), ("2025", "2025")]
