"""Temporal expressions per kind, false positives, attachment to events, and the seed's dates."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from dyad.time import event_date, find_dates, infer_document_date, prefer_for, resolve

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
    anchor = dt.date.fromisoformat(infer_document_date(seed_text))
    assert event_date(sentence, start, trigger, anchor, modality, paragraph) == expected


def test_document_date_is_latest_full_date(seed_text: str) -> None:
    assert infer_document_date(seed_text) == "2025-08-02"
    assert infer_document_date("On 3 May 2021 and on June 1, 2022 they met in 2023.") == "2022-06-01"
    assert infer_document_date("No date here, only May.") is None
